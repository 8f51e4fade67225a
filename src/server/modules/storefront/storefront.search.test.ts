import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { makeProduct, makeShop } from '../../../../test/support/storefront.ts';
import { PRODUCT_CATEGORIES } from '../../../shared/marketplace.ts';
import { matchSet, pageOfMatches } from './storefront.matches.ts';
import { type SearchParams, type SearchSort, searchProducts } from './storefront.repository.ts';

/*
 * Search as a buyer uses it, through the public JSON API the storefront's script calls and the search page:
 * Indonesian full text with typo tolerance, filters, sorting and pagination.
 */
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  const { cookie } = await t.signedIn({ role: 'admin' });
  const cipondoh = await makeShop(t, cookie, { name: 'Dapur Sri', kecamatan: '36.71.05', halal: true });
  const karawaci = await makeShop(t, cookie, { name: 'Kriya Bu Ani', kecamatan: '36.71.07' });
  const hiddenShop = await makeShop(t, cookie, { name: 'Toko Belum Disetujui', state: 'pending' });
  await makeProduct(t, cipondoh.id, {
    name: 'Keripik Singkong Pedas',
    description: 'Renyah, dibuat dari singkong pilihan',
    price: 15000,
  });
  await makeProduct(t, cipondoh.id, { name: 'Keripik Pisang Manis', price: 12000 });
  await makeProduct(t, cipondoh.id, { name: 'Sambal Roa', category: 'makanan', price: 35000 });
  await makeProduct(t, karawaci.id, { name: 'Tas Anyaman Pandan', category: 'kriya', price: 85000 });
  await makeProduct(t, karawaci.id, { name: 'Keripik Tempe Pedas', price: 18000 });
  await makeProduct(t, cipondoh.id, { name: 'Keripik Kentang Pedas Disembunyikan', hidden: true });
  await makeProduct(t, hiddenShop.id, { name: 'Keripik Singkong Toko Tertunda' });
});
afterAll(() => t.close());

async function search(query: Record<string, string>) {
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/store/search', query });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: { name: string; price: number; kecamatan: string }[]; total: number };
}
const names = (r: { items: { name: string }[] }) => r.items.map((i) => i.name);

describe('storefront search', () => {
  it('finds "Keripik Singkong Pedas" for "keripik pedas", best match first', async () => {
    const r = await search({ q: 'keripik pedas' });
    expect(names(r)).toContain('Keripik Singkong Pedas');
    expect(names(r)).toContain('Keripik Tempe Pedas');
    expect(names(r)).not.toContain('Keripik Pisang Manis');
    expect(names(r)).not.toContain('Tas Anyaman Pandan');
  });

  it('tolerates the common misspelling "kripik"', async () => {
    const r = await search({ q: 'kripik' });
    expect(names(r)).toEqual(expect.arrayContaining(['Keripik Singkong Pedas', 'Keripik Pisang Manis']));
    expect(names(r)).not.toContain('Sambal Roa');
    expect(names(await search({ q: 'kripik pedas' }))).toContain('Keripik Singkong Pedas');
  });

  it('finds words of the description, stemmed', async () => {
    expect(names(await search({ q: 'singkong pilihan' }))).toEqual(['Keripik Singkong Pedas']);
  });

  it('never shows a hidden product or a product of a shop not approved', async () => {
    const all = names(await search({ q: 'keripik', pageSize: '60' }));
    expect(all).not.toContain('Keripik Kentang Pedas Disembunyikan');
    expect(all).not.toContain('Keripik Singkong Toko Tertunda');
    expect(names(await search({ q: 'tertunda' }))).toEqual([]);
  });

  it('filters by category, kecamatan, halal and price range', async () => {
    expect(names(await search({ category: 'kriya' }))).toEqual(['Tas Anyaman Pandan']);
    const karawaci = await search({ q: 'keripik', kecamatan: '36.71.07' });
    expect(names(karawaci)).toEqual(['Keripik Tempe Pedas']);
    expect(karawaci.items[0]!.kecamatan).toBe('Karawaci');
    const halal = names(await search({ halal: '1', pageSize: '60' }));
    expect(halal).toContain('Sambal Roa');
    expect(halal).not.toContain('Tas Anyaman Pandan');
    const cheap = await search({ minPrice: '12000', maxPrice: '16000' });
    expect(names(cheap).sort()).toEqual(['Keripik Pisang Manis', 'Keripik Singkong Pedas']);
  });

  it('sorts by price both ways and by newest, and pages with a total', async () => {
    const up = await search({ sort: 'price_asc' });
    expect(up.items.map((i) => i.price)).toEqual([...up.items.map((i) => i.price)].sort((a, b) => a - b));
    const down = await search({ sort: 'price_desc' });
    expect(down.items[0]!.name).toBe('Tas Anyaman Pandan');
    expect(names(await search({ sort: 'newest', pageSize: '1' }))).toEqual(['Keripik Tempe Pedas']);
    const page2 = await search({ sort: 'price_asc', pageSize: '2', page: '2' });
    expect(page2.total).toBe(5);
    expect(page2.items.map((i) => i.price)).toEqual([18000, 35000]);
    const past = await search({ pageSize: '2', page: '9' });
    expect(past).toMatchObject({ items: [], total: 5 });
  });

  it('answers bad filters with a clear Indonesian field error', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/store/search', query: { minPrice: '-5' } });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Harga minimum tidak boleh negatif');
  });

  it('renders the same search as a page that works without JavaScript', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/belanja/cari',
      query: { q: 'kripik', urut: 'price_asc' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    const html = res.body;
    expect(html).toContain('Keripik Singkong Pedas');
    expect(html.indexOf('Keripik Pisang Manis')).toBeLessThan(html.indexOf('Keripik Singkong Pedas'));
    expect(html).toContain('<meta name="robots" content="noindex, nofollow">');
  });
});

describe('a search answered from its kept matches', () => {
  it('sees a change as soon as it is committed: a new price, a hidden product', async () => {
    const before = await search({ q: 'kripik', maxPrice: '13000' });
    expect(before.items.find((i) => i.name === 'Keripik Pisang Manis')?.price).toBe(12000);
    await t.db
      .updateTable('product')
      .set({ price: 12500 })
      .where('name', '=', 'Keripik Pisang Manis')
      .execute();
    // Another filter of the same words (its matches kept) and the same search (its answer kept).
    for (const query of [
      { q: 'kripik', maxPrice: '13001' },
      { q: 'kripik', maxPrice: '13000' },
    ]) {
      const r = await search(query);
      expect(r.items.find((i) => i.name === 'Keripik Pisang Manis')?.price).toBe(12500);
    }
    await t.db
      .updateTable('product')
      .set({ hidden_at: new Date(), hidden_reason: 'Uji' })
      .where('name', '=', 'Keripik Pisang Manis')
      .execute();
    const after = await search({ q: 'kripik', maxPrice: '13002' });
    expect(names(after)).not.toContain('Keripik Pisang Manis');
    expect(after.total).toBe(before.total - 1);
    await t.db
      .updateTable('product')
      .set({ hidden_at: null, hidden_reason: null, price: 12000 })
      .where('name', '=', 'Keripik Pisang Manis')
      .execute();
  });

  it('answers exactly what the search statement answers, for any filters, sort and page', async () => {
    // More products, with ties the orders must break the same way: equal prices, equal creation times,
    // names that rank alike; one of them in a campaign, some featured.
    const { cookie } = await t.signedIn({ role: 'admin' });
    const extra = await makeShop(t, cookie, { name: 'Warung Pak Budi', kecamatan: '36.71.07', halal: true });
    await sql`insert into product (shop_id, slug, name, description, category, price, unit, stock, featured,
        featured_at, created_at)
      select ${extra.id}, 'uji-' || i, (array['Keripik Ubi Pedas','Kripik Bayam','Kopi Keripik','Keripik Pedas Manis'])[1 + i % 4]
          || ' ' || i, 'camilan pedas buatan rumah', (array['camilan','makanan','minuman'])[1 + i % 3],
        (5 + i % 4) * 1000, 'bungkus', 3, i % 5 = 0, case when i % 5 = 0 then now() end,
        timestamptz '2026-01-01' + (i / 3) * interval '1 hour'
      from generate_series(1, 40) i`.execute(t.db);
    const campaign = await t.db
      .insertInto('campaign')
      .values({ slug: 'uji', name: 'Uji', theme: 'umum', starts_on: '2026-01-01', ends_on: '2026-12-31' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await sql`insert into campaign_product (campaign_id, product_id)
      select ${campaign.id}, id from product where slug like 'uji-%' and id % 3 = 0`.execute(t.db);

    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
    const sorts: SearchSort[] = ['relevance', 'newest', 'price_asc', 'price_desc'];
    for (const q of ['keripik', 'kripik pedas', 'pedas', 'kopi', 'ubi', 'manis pedas', 'xyz tidak ada']) {
      const matches = await matchSet(t.db, q);
      for (let i = 0; i < 25; i++) {
        const params: SearchParams = {
          q,
          sort: pick(sorts),
          limit: pick([1, 3, 10, 60]),
          offset: pick([0, 0, 1, 3, 12]),
          ...(random() < 0.3 ? { category: pick(PRODUCT_CATEGORIES) } : {}),
          ...(random() < 0.3 ? { minPrice: pick([5000, 6000, 15000]) } : {}),
          ...(random() < 0.3 ? { maxPrice: pick([6000, 7000, 20000]) } : {}),
          ...(random() < 0.2 ? { kecamatan: pick(['36.71.05', '36.71.07']) } : {}),
          ...(random() < 0.2 ? { halal: true } : {}),
          ...(random() < 0.2 ? { featured: true } : {}),
          ...(random() < 0.2 ? { shopId: extra.id } : {}),
          ...(random() < 0.2 ? { campaignId: campaign.id } : {}),
        };
        const expected = await searchProducts(t.db, params);
        const kept = pageOfMatches(matches, params);
        expect({ ids: kept.ids, total: kept.total }, JSON.stringify(params)).toEqual({
          ids: expected.items.map((item) => item.id),
          total: expected.total,
        });
      }
    }
  });
});
