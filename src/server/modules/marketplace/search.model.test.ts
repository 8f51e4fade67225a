import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { makeBusiness } from '../../../../test/support/builders.ts';

/*
 * The data model the storefront searches (decision 0017): Indonesian full-text search on the generated
 * `search` column, trigram typo tolerance on the name, and the public views' rule.
 */
let t: TestApp;
let shopId: number;

beforeAll(async () => {
  t = await createTestApp();
  const { cookie } = await t.signedIn({ role: 'admin' });
  const business = await makeBusiness(t, cookie, { legality: { halal: { number: 'ID123' } } });
  shopId = (
    await t.db
      .insertInto('shop')
      .values({
        business_id: business.id,
        slug: 'dapur-sri',
        name: 'Dapur Sri',
        pickup_kecamatan_code: '36.71.05',
        whatsapp: '+6281234567890',
        state: 'approved',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await t.db
    .insertInto('product')
    .values([
      {
        shop_id: shopId,
        slug: 'keripik-singkong-pedas',
        name: 'Keripik Singkong Pedas',
        description: 'Renyah, pedas level 3',
        category: 'camilan',
        price: 15000,
        stock: 4,
      },
      {
        shop_id: shopId,
        slug: 'batik-tulis',
        name: 'Batik Tulis Tangerang',
        description: 'Kain batik motif pedas-manis? bukan: motif kota',
        category: 'fesyen',
        price: 350000,
        stock: null,
      },
    ])
    .execute();
});
afterAll(() => t.close());

const fullText = (q: string) =>
  sql<{ name: string }>`select name from public_product
    where search @@ websearch_to_tsquery('indonesian', ${q})
    order by ts_rank(search, websearch_to_tsquery('indonesian', ${q})) desc`.execute(t.db);

describe('product search', () => {
  it('finds "keripik pedas" in "Keripik Singkong Pedas" by full-text search', async () => {
    const { rows } = await fullText('keripik pedas');
    expect(rows.map((r) => r.name)).toEqual(['Keripik Singkong Pedas']);
  });

  it('finds the misspelt "kripik" by trigram similarity of the name', async () => {
    const { rows } = await sql<{ name: string }>`select name from public_product
      where lower(name) % 'kripik' or word_similarity('kripik', lower(name)) > 0.4
      order by word_similarity('kripik', lower(name)) desc`.execute(t.db);
    expect(rows[0]?.name).toBe('Keripik Singkong Pedas');
  });

  it('keeps the products of a shop that is not approved out of the public view', async () => {
    expect((await t.db.selectFrom('public_product').select('name').execute()).length).toBe(2);
    await t.db
      .updateTable('shop')
      .set({ state: 'suspended', reason: 'Uji' })
      .where('id', '=', shopId)
      .execute();
    expect(await t.db.selectFrom('public_product').select('name').execute()).toEqual([]);
    expect(await t.db.selectFrom('public_shop').select('id').execute()).toEqual([]);
    await t.db
      .updateTable('shop')
      .set({ state: 'approved', reason: null })
      .where('id', '=', shopId)
      .execute();
    const shop = await t.db.selectFrom('public_shop').select(['badges']).executeTakeFirstOrThrow();
    expect(shop.badges).toEqual(['halal']);
  });

  it('refuses a negative price and a negative stock in the database itself', async () => {
    const insert = (price: number, stock: number | null) =>
      t.db
        .insertInto('product')
        .values({
          shop_id: shopId,
          slug: `x-${price}-${stock}`,
          name: 'Produk X',
          category: 'lainnya',
          price,
          stock,
        })
        .execute();
    await expect(insert(-1, 1)).rejects.toThrow(/check/);
    await expect(insert(1, -1)).rejects.toThrow(/check/);
  });
});
