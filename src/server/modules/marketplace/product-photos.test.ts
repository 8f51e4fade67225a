import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { addProduct, approvedShop, makeImage } from './marketplace.fixtures.ts';

/** The seller reorders a product's photos: one transaction, only their own product's photos, the cover first. */

let t: TestApp;
let admin: string;
let seller: Awaited<ReturnType<typeof approvedShop>>;
let other: Awaited<ReturnType<typeof approvedShop>>;

beforeAll(async () => {
  t = await createTestApp();
  admin = (await t.signedIn({ role: 'admin' })).cookie;
  seller = await approvedShop(t, admin);
  other = await approvedShop(t, admin);
});
afterAll(() => t.close());

interface Photo {
  id: number;
  url: string;
}

async function withPhotos(cookie: string, shopId: number, name: string, count: number) {
  const product = await addProduct(t, cookie, shopId, { name });
  let photos: Photo[] = [];
  for (let i = 0; i < count; i += 1) {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/market/products/${product.id}/photos`,
      headers: { cookie, 'content-type': 'image/png' },
      payload: await makeImage(200 + i, 150),
    });
    expect(res.statusCode).toBe(201);
    photos = res.json().photos;
  }
  return { id: product.id, photos };
}

const reorder = (productId: number, photoIds: number[], cookie = seller.cookie) =>
  t.app.inject({
    method: 'PUT',
    url: `/api/v1/market/products/${productId}/photos/order`,
    headers: { cookie },
    payload: { photoIds },
  });

const photoIdsOf = async (productId: number) =>
  (
    await t.db
      .selectFrom('product_photo')
      .select('id')
      .where('product_id', '=', productId)
      .orderBy('position')
      .orderBy('id')
      .execute()
  ).map((r) => r.id);

describe('reordering a product’s photos', () => {
  it('puts the photos in the order given, and the first becomes the cover on the storefront’s cards', async () => {
    const product = await withPhotos(seller.cookie, seller.shop.id, 'Dodol Betawi Urutan', 3);
    const [a, b, c] = product.photos.map((p) => p.id) as [number, number, number];
    const res = await reorder(product.id, [c, a, b]);
    expect(res.statusCode).toBe(200);
    expect(res.json().photos.map((p: Photo) => p.id)).toEqual([c, a, b]);
    expect(await photoIdsOf(product.id)).toEqual([c, a, b]);

    const coverKey = (res.json().photos[0] as Photo).url.split('/').pop()!.split('-')[0]!;
    const page = await t.app.inject({ method: 'GET', url: '/belanja/cari?q=dodol+betawi+urutan' });
    expect(page.statusCode).toBe(200);
    const card = page.body.slice(
      page.body.indexOf('Dodol Betawi Urutan') - 2000,
      page.body.indexOf('Dodol Betawi Urutan'),
    );
    expect(card).toContain(coverKey);

    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'new_values'])
      .where('entity', '=', 'product')
      .where('entity_id', '=', String(product.id))
      .where('action', '=', 'reorder_photos')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('refuses a photo of another product, a missing or repeated photo, and changes nothing', async () => {
    const product = await withPhotos(seller.cookie, seller.shop.id, 'Kue Kering Urutan', 2);
    const elsewhere = await withPhotos(seller.cookie, seller.shop.id, 'Kue Lain Urutan', 1);
    const [a, b] = product.photos.map((p) => p.id) as [number, number];
    const foreign = await reorder(product.id, [b, elsewhere.photos[0]!.id]);
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().errors[0].path).toBe('body.photoIds');
    expect((await reorder(product.id, [b])).statusCode).toBe(409);
    expect((await reorder(product.id, [b, b])).statusCode).toBe(409);
    expect((await reorder(product.id, [b, a, a])).statusCode).toBe(409);
    expect((await reorder(product.id, [])).statusCode).toBe(400);
    expect(await photoIdsOf(product.id)).toEqual([a, b]);
  });

  it('lets only the seller who owns the product reorder it', async () => {
    const product = await withPhotos(seller.cookie, seller.shop.id, 'Bolu Pandan Urutan', 2);
    const [a, b] = product.photos.map((p) => p.id) as [number, number];
    expect((await reorder(product.id, [b, a], other.cookie)).statusCode).toBe(404);
    expect((await reorder(product.id, [b, a], admin)).statusCode).toBe(403);
    expect(await photoIdsOf(product.id)).toEqual([a, b]);
  });
});
