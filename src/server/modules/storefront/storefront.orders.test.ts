import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { makeProduct, makeShop } from '../../../../test/support/storefront.ts';
import { RATE_LIMITS } from '../auth/rate-limits.ts';

/*
 * The buyer's order request through the storefront's pages (a form that works without JavaScript) and its
 * JSON API: bad input refused with a clear Indonesian message and nothing saved, the status page by a
 * private token, the buyer's cancel, limits per phone and per address, and the seller seeing the order.
 */
let t: TestApp;
let shop: { id: number; slug: string; business: { id: number } };
let otherShop: { id: number };
let keripik: { id: number; slug: string };
let lastOne: { id: number };
let nastar: { id: number; variants: { id: number }[] };
let sellerCookie: string;

beforeAll(async () => {
  t = await createTestApp();
  const { cookie } = await t.signedIn({ role: 'admin' });
  shop = await makeShop(t, cookie, { name: 'Dapur Sri' });
  otherShop = await makeShop(t, cookie, { name: 'Toko Lain' });
  keripik = await makeProduct(t, shop.id, { name: 'Keripik Singkong Pedas', price: 15000, stock: 20 });
  lastOne = await makeProduct(t, shop.id, { name: 'Rendang Kering', price: 60000, stock: 1 });
  nastar = await makeProduct(t, shop.id, {
    name: 'Nastar',
    variants: [
      { name: 'Kecil', price: 40000, stock: 5 },
      { name: 'Besar', price: 75000, stock: 5 },
    ],
  });
  const seller = await t.signedIn({ role: 'business_owner' });
  await sql`update owner set user_id = ${seller.user.id}
    where id = (select owner_id from business where id = ${shop.business.id})`.execute(t.db);
  sellerCookie = seller.cookie;
});
afterAll(() => t.close());

const orderCount = async () =>
  Number((await sql<{ n: string }>`select count(*) as n from order_request`.execute(t.db)).rows[0]!.n);

let ipSeq = 0;
/** Each test from its own address, so that the per-address limit counts only its own requests. */
const nextIp = () => `10.1.0.${++ipSeq}`;

function submitForm(fields: [string, string][], remoteAddress = nextIp()) {
  return t.app.inject({
    method: 'POST',
    url: '/belanja/pesan',
    remoteAddress,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  });
}

const buyer = (phone = '0812 3456 7890'): [string, string][] => [
  ['name', 'Budi Santoso'],
  ['phone', phone],
  ['fulfilment', 'pickup'],
  ['note', 'Tolong dibungkus rapi'],
];

describe('the order form', () => {
  it('shows the lines with the shop’s current prices, from the cart’s address or a product page', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/belanja/pesan?item=${keripik.id}:0:2&item=${nastar.id}:${nastar.variants[1]!.id}:1`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toContain('Keripik Singkong Pedas');
    expect(res.body).toContain('Nastar (Besar)');
    expect(res.body).toContain('Rp 105.000'); // 2 × 15.000 + 75.000
    // The product page's form without a script: item, variant and quantity as separate fields.
    const direct = await t.app.inject({
      method: 'GET',
      url: `/belanja/pesan?item=${nastar.id}:0&variant=${nastar.variants[0]!.id}&quantity=3`,
    });
    expect(direct.body).toContain('Nastar (Kecil)');
    expect(direct.body).toContain('Rp 120.000');
  });

  it('refuses lines of two shops in one request', async () => {
    const other = await makeProduct(t, otherShop.id, { name: 'Kopi Bubuk' });
    const res = await t.app.inject({
      method: 'GET',
      url: `/belanja/pesan?item=${keripik.id}:0:1&item=${other.id}:0:1`,
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Satu permintaan pesanan hanya untuk satu toko');
  });

  it('sends a valid request, then shows the status page with a WhatsApp link to the shop', async () => {
    const before = await orderCount();
    const res = await submitForm([
      ['item', `${keripik.id}:0:2`],
      ['key', 'kunci-form-satu-abcdef'],
      ...buyer(),
    ]);
    expect(res.statusCode, res.body).toBe(303);
    const location = res.headers.location as string;
    expect(location).toMatch(/^\/belanja\/pesanan\/[A-Za-z0-9_-]{43}\?baru=1$/);
    expect(await orderCount()).toBe(before + 1);
    // Sent twice (a double tap, a reload): the same order.
    const again = await submitForm([
      ['item', `${keripik.id}:0:2`],
      ['key', 'kunci-form-satu-abcdef'],
      ...buyer(),
    ]);
    expect(again.headers.location).toBe(location);
    expect(await orderCount()).toBe(before + 1);

    const status = await t.app.inject({ method: 'GET', url: location });
    expect(status.statusCode).toBe(200);
    expect(status.headers['cache-control']).toBe('no-store');
    expect(status.headers['x-robots-tag']).toBe('noindex, nofollow');
    expect(status.body).toContain('Permintaan pesanan terkirim');
    expect(status.body).toContain('Menunggu konfirmasi penjual');
    expect(status.body).toContain('Rp 30.000');
    expect(status.body).toMatch(/data-order-placed="[^"]+"/);
    const wa = /href="(https:\/\/wa\.me\/6285711112222\?text=[^"]+)"/.exec(status.body)?.[1];
    expect(wa).toBeDefined();
    const text = decodeURIComponent(new URL(wa!.replaceAll('&amp;', '&')).searchParams.get('text') ?? '');
    expect(text).toContain('2 × Keripik Singkong Pedas @ Rp 15.000');
    expect(text).toContain('Total: Rp 30.000');

    // The seller has it in the app.
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/market/orders',
      headers: { cookie: sellerCookie },
    });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items.map((o: { buyerName: string }) => o.buyerName)).toContain('Budi Santoso');
  });

  it('refuses an invalid phone with a message naming the field, and saves nothing', async () => {
    const before = await orderCount();
    const res = await submitForm([['item', `${keripik.id}:0:1`], ...buyer('12345')]);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Nomor HP pembeli harus nomor ponsel Indonesia');
    expect(res.body).toContain('aria-invalid="true" aria-describedby="phone-error"');
    // What the buyer typed stays in the form.
    expect(res.body).toContain('value="Budi Santoso"');
    expect(await orderCount()).toBe(before);
  });

  it('refuses more than the stock, a delivery without address and an unknown product; nothing saved', async () => {
    const before = await orderCount();
    const tooMany = await submitForm([['item', `${lastOne.id}:0:2`], ...buyer()]);
    expect(tooMany.statusCode).toBe(409);
    expect(tooMany.body).toContain('Stok &quot;Rendang Kering&quot; tinggal 1; pesan paling banyak 1.');
    const noAddress = await submitForm([
      ['item', `${keripik.id}:0:1`],
      ['name', 'Budi'],
      ['phone', '081234567890'],
      ['fulfilment', 'delivery'],
    ]);
    expect(noAddress.statusCode).toBe(400);
    expect(noAddress.body).toContain('Alamat pengantaran wajib diisi.');
    const unknown = await submitForm([['item', '99999999:0:1'], ...buyer()]);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('tidak ditemukan atau tidak dijual lagi');
    const api = await t.app.inject({
      method: 'POST',
      url: '/api/v1/store/orders',
      remoteAddress: nextIp(),
      payload: {
        shopId: shop.id,
        buyerName: 'Budi',
        buyerPhone: '0812345',
        fulfilment: 'pickup',
        items: [{ productId: keripik.id, quantity: 1 }],
      },
    });
    expect(api.statusCode).toBe(400);
    expect(api.headers['content-type']).toContain('application/problem+json');
    expect(api.json().errors[0]).toMatchObject({ path: 'body.buyerPhone' });
    expect(api.json().errors[0].message).toContain('Nomor HP pembeli harus nomor ponsel Indonesia');
    expect(await orderCount()).toBe(before);
  });

  it('lets the buyer cancel before confirmation, and not after', async () => {
    const placed = await submitForm([['item', `${keripik.id}:0:1`], ...buyer('0812 0000 1111')]);
    const location = placed.headers.location as string;
    const token = location.split('/')[3]!.split('?')[0]!;
    const page = await t.app.inject({ method: 'GET', url: `/belanja/pesanan/${token}` });
    expect(page.body).toContain(`action="/belanja/pesanan/${token}/batal"`);
    const cancel = await t.app.inject({ method: 'POST', url: `/belanja/pesanan/${token}/batal` });
    expect(cancel.statusCode).toBe(303);
    const after = await t.app.inject({ method: 'GET', url: `/belanja/pesanan/${token}` });
    expect(after.body).toContain('Dibatalkan');
    expect(after.body).not.toContain('/batal"');

    const second = await t.app.inject({
      method: 'POST',
      url: '/api/v1/store/orders',
      remoteAddress: nextIp(),
      payload: {
        shopId: shop.id,
        buyerName: 'Sari',
        buyerPhone: '081200002222',
        fulfilment: 'pickup',
        items: [{ productId: keripik.id, quantity: 1 }],
      },
    });
    expect(second.statusCode, second.body).toBe(201);
    const { token: token2, code } = second.json();
    const orders = await t.app.inject({
      method: 'GET',
      url: '/api/v1/market/orders',
      headers: { cookie: sellerCookie },
    });
    const id = orders.json().items.find((o: { code: string }) => o.code === code).id;
    const confirm = await t.app.inject({
      method: 'POST',
      url: `/api/v1/market/orders/${id}/transition`,
      headers: { cookie: sellerCookie },
      payload: { to: 'confirmed' },
    });
    expect(confirm.statusCode, confirm.body).toBe(200);
    const late = await t.app.inject({ method: 'POST', url: `/belanja/pesanan/${token2}/batal` });
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain('Dikonfirmasi penjual');
    const json = await t.app.inject({ method: 'POST', url: `/api/v1/store/orders/${token2}/cancel` });
    expect(json.statusCode).toBe(409);
  });

  it('a status link shows its own order only; a guessed token finds nothing', async () => {
    const a = await t.app.inject({
      method: 'POST',
      url: '/api/v1/store/orders',
      remoteAddress: nextIp(),
      payload: {
        shopId: shop.id,
        buyerName: 'Pembeli Satu',
        buyerPhone: '081200003333',
        fulfilment: 'pickup',
        items: [{ productId: keripik.id, quantity: 1 }],
      },
    });
    const { token } = a.json();
    const own = await t.app.inject({ method: 'GET', url: `/api/v1/store/orders/${token}` });
    expect(own.json().buyerName).toBe('Pembeli Satu');
    expect(own.body).not.toContain('Budi Santoso');
    expect(own.body).not.toContain('0812');
    for (const guess of ['x'.repeat(43), token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'), '1']) {
      expect((await t.app.inject({ method: 'GET', url: `/api/v1/store/orders/${guess}` })).statusCode).toBe(
        404,
      );
      expect((await t.app.inject({ method: 'GET', url: `/belanja/pesanan/${guess}` })).statusCode).toBe(404);
    }
  });
});

describe('limits on order requests', () => {
  it('refuses a phone’s sixth request within the hour (from any address)', async () => {
    const phone = '081277770000';
    for (let i = 0; i < 5; i++) {
      const res = await submitForm([['item', `${keripik.id}:0:1`], ...buyer(phone)]);
      expect(res.statusCode, res.body).toBe(303);
    }
    const before = await orderCount();
    const sixth = await submitForm([['item', `${keripik.id}:0:1`], ...buyer(phone)]);
    expect(sixth.statusCode).toBe(429);
    expect(sixth.body).toContain('Terlalu banyak permintaan dari nomor ini');
    expect(await orderCount()).toBe(before);
  });

  it('refuses an address’s requests past its limit, whatever the phone, and says when to retry', async () => {
    const ip = '10.77.0.1';
    // Thirty pass; the thirty-first waits.
    const allowed = RATE_LIMITS.orderRequest.policy.free + 1;
    expect(allowed).toBe(30);
    for (let i = 0; i < allowed; i++) {
      const res = await submitForm(
        [['item', `${keripik.id}:0:1`], ...buyer(`08129900${String(i).padStart(4, '0')}`)],
        ip,
      );
      expect(res.statusCode, res.body).toBe(303);
    }
    const before = await orderCount();
    const over = await t.app.inject({
      method: 'POST',
      url: '/api/v1/store/orders',
      remoteAddress: ip,
      payload: {
        shopId: shop.id,
        buyerName: 'Budi',
        buyerPhone: '081288880000',
        fulfilment: 'pickup',
        items: [{ productId: keripik.id, quantity: 1 }],
      },
    });
    expect(over.statusCode).toBe(429);
    expect(over.json().detail).toMatch(
      /Terlalu banyak permintaan pesanan dari jaringan ini\. Coba lagi dalam 10 menit\./,
    );
    expect(await orderCount()).toBe(before);
    // Another address is not affected.
    const elsewhere = await submitForm(
      [['item', `${keripik.id}:0:1`], ...buyer('081288880001')],
      '10.77.0.2',
    );
    expect(elsewhere.statusCode).toBe(303);
  });
});
