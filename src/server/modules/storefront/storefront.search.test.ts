import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { makeProduct, makeShop } from '../../../../test/support/storefront.ts';

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
