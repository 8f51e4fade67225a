import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { applyShop, decide, makeSeller, shopBody } from './marketplace.fixtures.ts';

let t: TestApp;
let admin: string;
let officer: string;
let otherOfficer: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = (await t.signedIn({ role: 'admin' })).cookie;
  officer = (await t.signedIn({ role: 'area_officer', areaCode: '36.71.05' })).cookie;
  otherOfficer = (await t.signedIn({ role: 'area_officer', areaCode: '36.71.07' })).cookie;
});
afterAll(() => t.close());

const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });
const auditOf = (entity: string, id: number) =>
  t.db
    .selectFrom('audit_log')
    .select(['action', 'new_values'])
    .where('entity', '=', entity)
    .where('entity_id', '=', String(id))
    .orderBy('id')
    .execute();

describe('shop application', () => {
  it('lets an owner apply for their own business; it waits as pending with the WhatsApp number in E.164', async () => {
    const seller = await makeSeller(t, admin);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/market/shops',
      headers: { cookie: seller.cookie },
      payload: shopBody(seller.business.id, { name: 'Dapur Bu Sri' }),
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      state: 'pending',
      slug: 'dapur-bu-sri',
      whatsapp: '+6281234567890',
      pickupKecamatanName: expect.any(String),
    });
    expect((await auditOf('shop', res.json().id)).map((a) => a.action)).toEqual(['apply']);
    // Not public until approved.
    expect(
      await t.db.selectFrom('public_shop').select('id').where('id', '=', res.json().id).execute(),
    ).toEqual([]);
  });

  it('refuses another owner’s business (404), a second shop (409) and a bad phone (400), saving nothing', async () => {
    const a = await makeSeller(t, admin);
    const b = await makeSeller(t, admin);
    const foreign = await t.app.inject({
      method: 'POST',
      url: '/api/v1/market/shops',
      headers: { cookie: a.cookie },
      payload: shopBody(b.business.id),
    });
    expect(foreign.statusCode).toBe(404);
    await applyShop(t, a.cookie, a.business.id);
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/market/shops',
      headers: { cookie: a.cookie },
      payload: shopBody(a.business.id),
    });
    expect(again.statusCode).toBe(409);
    const badPhone = await t.app.inject({
      method: 'POST',
      url: '/api/v1/market/shops',
      headers: { cookie: b.cookie },
      payload: shopBody(b.business.id, { whatsapp: '021-555-1234' }),
    });
    expect(badPhone.statusCode).toBe(400);
    expect(badPhone.json().errors[0]).toMatchObject({
      path: 'body.whatsapp',
      message: expect.stringContaining('WhatsApp'),
    });
    const shops = await t.db
      .selectFrom('shop')
      .select('id')
      .where('business_id', '=', b.business.id)
      .execute();
    expect(shops).toEqual([]);
  });
});

describe('decisions by officers', () => {
  it('an officer approves a shop in their area; the shop becomes public and the approval is logged', async () => {
    const seller = await makeSeller(t, admin);
    const shop = await applyShop(t, seller.cookie, seller.business.id);
    expect(
      (await get('/api/v1/market/shops?state=pending', officer))
        .json()
        .items.map((s: { id: number }) => s.id),
    ).toContain(shop.id);
    expect((await decide(t, otherOfficer, shop.id, 'approve')).statusCode).toBe(404);
    const res = await decide(t, officer, shop.id, 'approve');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ state: 'approved', approvedAt: expect.any(String) });
    expect(
      await t.db.selectFrom('public_shop').select('id').where('id', '=', shop.id).execute(),
    ).toHaveLength(1);
    expect((await auditOf('shop', shop.id)).map((a) => a.action)).toEqual(['apply', 'approve']);
  });

  it('a rejection needs a reason that the seller then reads; editing sends the shop back for approval', async () => {
    const seller = await makeSeller(t, admin);
    const shop = await applyShop(t, seller.cookie, seller.business.id);
    const bare = await decide(t, officer, shop.id, 'reject');
    expect(bare.statusCode).toBe(400);
    expect(bare.json().errors[0].path).toBe('body.reason');
    expect((await decide(t, officer, shop.id, 'reject', 'Foto logo bukan milik usaha')).statusCode).toBe(200);
    const seen = await get(`/api/v1/market/shops/${shop.id}`, seller.cookie);
    expect(seen.json()).toMatchObject({ state: 'rejected', reason: 'Foto logo bukan milik usaha' });
    const { businessId: _b, ...fields } = shopBody(seller.business.id, { name: 'Toko Perbaikan' });
    const edited = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/market/shops/${shop.id}`,
      headers: { cookie: seller.cookie },
      payload: fields,
    });
    expect(edited.json()).toMatchObject({ state: 'pending', reason: null, name: 'Toko Perbaikan' });
  });

  it('suspending an approved shop takes it off the public views with a reason; no skipping states', async () => {
    const seller = await makeSeller(t, admin);
    const shop = await applyShop(t, seller.cookie, seller.business.id);
    const early = await decide(t, admin, shop.id, 'suspend', 'Uji');
    expect(early.statusCode).toBe(409);
    expect(early.json().detail).toContain('menunggu persetujuan');
    await decide(t, admin, shop.id, 'approve');
    expect((await decide(t, admin, shop.id, 'suspend', 'Produk tidak sesuai foto')).json()).toMatchObject({
      state: 'suspended',
      reason: 'Produk tidak sesuai foto',
    });
    expect(await t.db.selectFrom('public_shop').select('id').where('id', '=', shop.id).execute()).toEqual([]);
    expect((await decide(t, admin, shop.id, 'reinstate')).json().state).toBe('approved');
  });

  it('a seller cannot decide on their own shop, and a mentor sees no shops', async () => {
    const seller = await makeSeller(t, admin);
    const shop = await applyShop(t, seller.cookie, seller.business.id);
    expect((await decide(t, seller.cookie, shop.id, 'approve')).statusCode).toBe(403);
    const institution = await t.db
      .insertInto('institution')
      .values({ name: 'Lembaga Uji' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const mentor = (await t.signedIn({ role: 'mentor', institutionId: institution.id })).cookie;
    expect((await get('/api/v1/market/shops', mentor)).statusCode).toBe(403);
  });
});
