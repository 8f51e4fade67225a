import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { applyShop, approvedShop, decide, makeSeller } from './marketplace.fixtures.ts';

/** The registry's business page reads where a business sells online as the marketplace records it. */

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = (await t.signedIn({ role: 'admin' })).cookie;
});
afterAll(() => t.close());

const business = async (id: number) => {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/businesses/${id}`,
    headers: { cookie: admin },
  });
  expect(res.statusCode).toBe(200);
  return res.json() as {
    online: { marketplaces?: string[] };
    onlineChannels: { channel: string; since: string | null }[];
  };
};

describe('a business’s online channels on its page', () => {
  it('names this marketplace for a business with an approved shop, though its own record lists none', async () => {
    const seller = await approvedShop(t, admin);
    const b = await business(seller.business.id);
    expect(b.online.marketplaces ?? []).toEqual([]);
    expect(b.onlineChannels).toEqual([
      { channel: 'pasar_umkm', since: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) },
    ]);
  });

  it('leaves out a shop still waiting, or suspended, and keeps the marketplaces of the registry', async () => {
    const waiting = await makeSeller(t, admin);
    await applyShop(t, waiting.cookie, waiting.business.id);
    expect((await business(waiting.business.id)).onlineChannels).toEqual([]);

    const suspended = await approvedShop(t, admin);
    expect((await decide(t, admin, suspended.shop.id, 'suspend', 'Foto produk menyesatkan')).statusCode).toBe(
      200,
    );
    await t.db
      .updateTable('business')
      .set({ online: JSON.stringify({ marketplaces: ['Tokopedia'] }) })
      .where('id', '=', suspended.business.id)
      .execute();
    expect((await business(suspended.business.id)).onlineChannels).toEqual([
      { channel: 'tokopedia', since: null },
    ]);
  });
});
