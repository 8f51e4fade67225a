import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { makeInstitution } from '../../../../test/support/mentoring.ts';
import { addProduct, approvedShop } from './marketplace.fixtures.ts';
import { createOrderRequest } from './orders.create.ts';

/** The officers' read-only order list: scope by the shop's business, no buyer contact, filters, history. */

let t: TestApp;
let admin: string;
let cipondohOfficer: string;
let larangan: string;
let cipondoh: Awaited<ReturnType<typeof approvedShop>>;
let karawaci: Awaited<ReturnType<typeof approvedShop>>;
const orders: Record<string, { id: number; code: string }> = {};

const BUYER_PHONE = '0813-7777-1234';
const BUYER_ADDRESS = 'Jl. Melati Rahasia No. 9';

async function order(shop: typeof cipondoh, productId: number, phone: string, quantity = 1) {
  return createOrderRequest(t.db, {
    shopId: shop.shop.id,
    buyerName: 'Rina Pembeli',
    buyerPhone: phone,
    fulfilment: 'delivery',
    address: BUYER_ADDRESS,
    note: 'Titip di pos satpam',
    items: [{ productId, quantity }],
  });
}

/** Moves an order's request time to noon (city time) of `day`. */
async function requestedOn(id: number, day: string) {
  await sql`update order_request set requested_at = (${day}::date + time '12:00') at time zone ${t.config.timezone}
            where id = ${id}`.execute(t.db);
}

beforeAll(async () => {
  t = await createTestApp();
  admin = (await t.signedIn({ role: 'admin' })).cookie;
  cipondohOfficer = (await t.signedIn({ role: 'area_officer', areaCode: '36.71.05' })).cookie;
  larangan = (await t.signedIn({ role: 'area_officer', areaCode: '36.71.13' })).cookie;
  cipondoh = await approvedShop(t, admin, '36.71.05.1001');
  karawaci = await approvedShop(t, admin, '36.71.07.1001');
  const keripik = await addProduct(t, cipondoh.cookie, cipondoh.shop.id, { price: 15000, stock: 20 });
  const batik = await addProduct(t, karawaci.cookie, karawaci.shop.id, {
    name: 'Batik Tulis',
    price: 250000,
  });
  orders.old = await order(cipondoh, keripik.id, BUYER_PHONE, 2);
  orders.newer = await order(cipondoh, keripik.id, '0813-7777-2222');
  orders.karawaci = await order(karawaci, batik.id, '0813-7777-3333');
  await requestedOn(orders.old.id, '2026-11-02');
  await requestedOn(orders.newer.id, '2026-11-20');
  await requestedOn(orders.karawaci.id, '2026-11-10');
  const confirm = await t.app.inject({
    method: 'POST',
    url: `/api/v1/market/orders/${orders.old.id}/transition`,
    headers: { cookie: cipondoh.cookie },
    payload: { to: 'confirmed' },
  });
  expect(confirm.statusCode).toBe(200);
});
afterAll(() => t.close());

const list = (cookie: string, query = '') =>
  t.app.inject({ method: 'GET', url: `/api/v1/market/officer-orders${query}`, headers: { cookie } });
const codes = async (cookie: string, query = '') => {
  const res = await list(cookie, query);
  expect(res.statusCode).toBe(200);
  const body = res.json() as { items: { code: string }[]; total: number };
  expect(body.total).toBe(body.items.length);
  return body.items.map((i) => i.code);
};

describe('the officers’ order list', () => {
  it('shows the office every order, newest first', async () => {
    expect(await codes(admin)).toEqual([orders.newer.code, orders.karawaci.code, orders.old.code]);
  });

  it('shows an area officer the orders of shops in their area only', async () => {
    expect(await codes(cipondohOfficer)).toEqual([orders.newer.code, orders.old.code]);
    const other = await t.app.inject({
      method: 'GET',
      url: `/api/v1/market/officer-orders/${orders.karawaci.id}`,
      headers: { cookie: cipondohOfficer },
    });
    expect(other.statusCode).toBe(404);
  });

  it('shows an area officer of another area nothing', async () => {
    expect(await codes(larangan)).toEqual([]);
    for (const o of Object.values(orders)) {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/market/officer-orders/${o.id}`,
        headers: { cookie: larangan },
      });
      expect(res.statusCode).toBe(404);
    }
  });

  it('refuses owners (the seller included) and mentors', async () => {
    const institution = await makeInstitution(t);
    const mentor = (await t.signedIn({ role: 'mentor', institutionId: institution.id })).cookie;
    for (const cookie of [cipondoh.cookie, mentor]) {
      expect((await list(cookie)).statusCode).toBe(403);
      const one = await t.app.inject({
        method: 'GET',
        url: `/api/v1/market/officer-orders/${orders.old.id}`,
        headers: { cookie },
      });
      expect(one.statusCode).toBe(403);
    }
  });

  it('filters by state, kecamatan, shop and request dates', async () => {
    expect(await codes(admin, '?state=confirmed')).toEqual([orders.old.code]);
    expect(await codes(admin, '?kecamatan=36.71.07')).toEqual([orders.karawaci.code]);
    expect(await codes(admin, '?kecamatan=367105')).toEqual([orders.newer.code, orders.old.code]);
    expect(await codes(admin, `?shopId=${karawaci.shop.id}`)).toEqual([orders.karawaci.code]);
    expect(await codes(admin, '?from=2026-11-10&to=2026-11-19')).toEqual([orders.karawaci.code]);
    expect(await codes(admin, '?from=2026-11-20')).toEqual([orders.newer.code]);
    expect(await codes(admin, '?to=2026-11-02')).toEqual([orders.old.code]);
    // Another area's kecamatan through an officer's filter stays outside their scope.
    expect(await codes(cipondohOfficer, '?kecamatan=36.71.07')).toEqual([]);
  });

  it('refuses a bad filter with a field error', async () => {
    const backwards = await list(admin, '?from=2026-11-20&to=2026-11-01');
    expect(backwards.statusCode).toBe(400);
    expect(JSON.stringify(backwards.json())).toContain('Tanggal akhir');
    expect((await list(admin, '?kecamatan=Cipondoh')).statusCode).toBe(400);
    expect((await list(admin, '?state=paid')).statusCode).toBe(400);
  });

  it('never carries the buyer’s phone, address or note', async () => {
    const all = await list(admin);
    const one = await t.app.inject({
      method: 'GET',
      url: `/api/v1/market/officer-orders/${orders.old.id}`,
      headers: { cookie: admin },
    });
    for (const body of [all.body, one.body]) {
      expect(body).toContain('Rina Pembeli');
      for (const secret of ['7777', BUYER_ADDRESS, 'satpam', 'buyerPhone', 'address', 'whatsapp']) {
        expect(body).not.toContain(secret);
      }
    }
  });

  it('opens one order with its lines, total and state history', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/market/officer-orders/${orders.old.id}`,
      headers: { cookie: cipondohOfficer },
    });
    expect(res.statusCode).toBe(200);
    const o = res.json();
    expect(o).toMatchObject({
      code: orders.old.code,
      shopName: `Toko ${cipondoh.business.id}`,
      kecamatanCode: '36.71.05',
      kecamatanName: 'Cipondoh',
      total: 30000,
      state: 'confirmed',
      items: [{ name: 'Keripik Singkong Pedas', unitPrice: 15000, quantity: 2, lineTotal: 30000 }],
    });
    expect(o.events.map((e: { from: string | null; to: string }) => [e.from, e.to])).toEqual([
      [null, 'requested'],
      ['requested', 'confirmed'],
    ]);
    expect(o.confirmedAt).not.toBeNull();
  });
});
