import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { addProduct, applyShop, approvedShop, makeSeller } from './marketplace.fixtures.ts';
import { createOrderRequest } from './orders.create.ts';

/** The marketplace on Home: shop applications for officers, order requests for sellers; counts equal lists. */

let t: TestApp;
let admin: string;
let cipondohOfficer: string;
let laranganOfficer: string;
let seller: Awaited<ReturnType<typeof approvedShop>>;
let quietSeller: Awaited<ReturnType<typeof approvedShop>>;
let phoneSeq = 0;

interface Item {
  key: string;
  count: number;
  link: string;
  severity: string;
}

const queue = async (cookie: string) => {
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/me/work-queue', headers: { cookie } });
  expect(res.statusCode).toBe(200);
  return (res.json().items as Item[]).filter((i) => i.key.startsWith('market.'));
};

/** The list the item's link opens, asked of the API with the link's filters: its total. */
async function listTotal(item: Item, cookie: string) {
  const link = new URL(item.link, 'http://app.local');
  const api = { '/market': '/api/v1/market/shops', '/shop/orders': '/api/v1/market/orders' }[link.pathname];
  expect(api).toBeDefined();
  const res = await t.app.inject({ method: 'GET', url: `${api}?${link.searchParams}`, headers: { cookie } });
  expect(res.statusCode).toBe(200);
  return res.json().total as number;
}

const order = (productId: number) =>
  createOrderRequest(t.db, {
    shopId: seller.shop.id,
    buyerName: 'Budi Pembeli',
    buyerPhone: `0815${String(10_000_000 + ++phoneSeq).slice(-8)}`,
    fulfilment: 'pickup',
    items: [{ productId, quantity: 1 }],
  });

beforeAll(async () => {
  t = await createTestApp();
  admin = (await t.signedIn({ role: 'admin' })).cookie;
  cipondohOfficer = (await t.signedIn({ role: 'area_officer', areaCode: '36.71.05' })).cookie;
  laranganOfficer = (await t.signedIn({ role: 'area_officer', areaCode: '36.71.13' })).cookie;
  // Two applications in Cipondoh, one in Karawaci; one approved shop that waits for nothing.
  for (const kelurahan of ['36.71.05.1001', '36.71.05.1002', '36.71.07.1001']) {
    const applicant = await makeSeller(t, admin, kelurahan);
    await applyShop(t, applicant.cookie, applicant.business.id);
  }
  seller = await approvedShop(t, admin, '36.71.05.1001');
  quietSeller = await approvedShop(t, admin, '36.71.05.1001');
  const product = await addProduct(t, seller.cookie, seller.shop.id, { stock: 50 });
  const waiting = [await order(product.id), await order(product.id)];
  const answered = await order(product.id);
  const confirm = await t.app.inject({
    method: 'POST',
    url: `/api/v1/market/orders/${answered.id}/transition`,
    headers: { cookie: seller.cookie },
    payload: { to: 'confirmed' },
  });
  expect(confirm.statusCode).toBe(200);
  expect(waiting).toHaveLength(2);
});
afterAll(() => t.close());

describe('shops awaiting approval', () => {
  it('counts every application for the office, and the list its link opens shows exactly those', async () => {
    const [item] = await queue(admin);
    expect(item).toMatchObject({ key: 'market.shopsAwaiting', count: 3, link: '/market?state=pending' });
    expect(await listTotal(item!, admin)).toBe(3);
  });

  it('counts an area officer’s own area only', async () => {
    const [item] = await queue(cipondohOfficer);
    expect(item).toMatchObject({ key: 'market.shopsAwaiting', count: 2 });
    expect(await listTotal(item!, cipondohOfficer)).toBe(2);
    expect(await queue(laranganOfficer)).toEqual([]);
  });

  it('drops the item once an application is decided', async () => {
    const applicant = await makeSeller(t, admin, '36.71.13.1001');
    const shop = await applyShop(t, applicant.cookie, applicant.business.id);
    expect((await queue(laranganOfficer))[0]).toMatchObject({ count: 1 });
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/market/shops/${shop.id}/decision`,
      headers: { cookie: laranganOfficer },
      payload: { action: 'approve' },
    });
    expect(res.statusCode).toBe(200);
    expect(await queue(laranganOfficer)).toEqual([]);
  });
});

describe('order requests waiting for the seller', () => {
  it('counts the seller’s requests still waiting for an answer, equal to the list its link opens', async () => {
    const items = await queue(seller.cookie);
    expect(items).toEqual([
      {
        key: 'market.ordersRequested',
        count: 2,
        params: {},
        link: '/shop/orders?state=requested',
        severity: 'urgent',
      },
    ]);
    expect(await listTotal(items[0]!, seller.cookie)).toBe(2);
  });

  it('shows nothing to a seller with no request waiting, nor to officers', async () => {
    expect(await queue(quietSeller.cookie)).toEqual([]);
    expect((await queue(admin)).map((i) => i.key)).not.toContain('market.ordersRequested');
  });
});
