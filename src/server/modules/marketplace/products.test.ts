import fs from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { addProduct, approvedShop, makeImage, productBody } from './marketplace.fixtures.ts';
import { photoDir } from './photos.ts';

let t: TestApp;
let admin: string;
let seller: Awaited<ReturnType<typeof approvedShop>>;

beforeAll(async () => {
  t = await createTestApp();
  admin = (await t.signedIn({ role: 'admin' })).cookie;
  seller = await approvedShop(t, admin, '36.71.05.1001', { halal: { number: 'ID36110000123' } });
});
afterAll(() => t.close());

const productCount = async () =>
  Number(
    (
      await t.db
        .selectFrom('product')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('shop_id', '=', seller.shop.id)
        .executeTakeFirstOrThrow()
    ).n,
  );

const upload = (productId: number, body: Buffer, type = 'image/png', cookie = seller.cookie) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/market/products/${productId}/photos`,
    headers: { cookie, 'content-type': type },
    payload: body,
  });

describe('products', () => {
  it('adds a product with variants; badges come from the registry’s legality', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/market/shops/${seller.shop.id}/products`,
      headers: { cookie: seller.cookie },
      payload: productBody({
        name: 'Sambal Roa',
        stock: null,
        variants: [
          { name: 'Botol 150 g', price: 35000, stock: 3 },
          { name: 'Botol 250 g', price: 50000, stock: 0 },
        ],
      }),
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      slug: 'sambal-roa',
      stock: null,
      badges: ['halal'],
      variants: [
        { name: 'Botol 150 g', price: 35000, stock: 3 },
        { name: 'Botol 250 g', price: 50000, stock: 0 },
      ],
    });
  });

  it('refuses a negative or fractional price, a negative stock and an unknown category, saving nothing', async () => {
    const before = await productCount();
    for (const [payload, path] of [
      [productBody({ price: -500 }), 'body.price'],
      [productBody({ price: 1500.5 }), 'body.price'],
      [productBody({ stock: -1 }), 'body.stock'],
      [productBody({ category: 'senjata' }), 'body.category'],
      [productBody({ variants: [{ name: 'Kecil', price: -1, stock: 1 }] }), 'body.variants.0.price'],
    ] as const) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/market/shops/${seller.shop.id}/products`,
        headers: { cookie: seller.cookie },
        payload,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
      expect(res.json().detail).toMatch(/[a-z]/);
    }
    const fractional = await t.app.inject({
      method: 'POST',
      url: `/api/v1/market/shops/${seller.shop.id}/products`,
      headers: { cookie: seller.cookie },
      payload: productBody({ price: 1500.5 }),
    });
    expect(fractional.json().errors[0].message).toContain('bilangan bulat');
    expect(await productCount()).toBe(before);
  });

  it('lets only the seller change their products; an officer elsewhere does not see them', async () => {
    const product = await addProduct(t, seller.cookie, seller.shop.id, { name: 'Kopi Robusta' });
    const other = await approvedShop(t, admin);
    const foreign = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/market/products/${product.id}`,
      headers: { cookie: other.cookie },
      payload: productBody({ name: 'Diambil alih' }),
    });
    expect(foreign.statusCode).toBe(404);
    const elsewhere = (await t.signedIn({ role: 'area_officer', areaCode: '36.71.07' })).cookie;
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/market/products',
      headers: { cookie: elsewhere },
    });
    expect(list.json().items).toEqual([]);
    const edited = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/market/products/${product.id}`,
      headers: { cookie: seller.cookie },
      payload: productBody({ name: 'Kopi Robusta Sangrai', price: 45000 }),
    });
    expect(edited.json()).toMatchObject({ name: 'Kopi Robusta Sangrai', price: 45000 });
  });
});

describe('photos', () => {
  it('re-encodes an upload to WebP and JPEG at web sizes with the metadata stripped, served with long caching', async () => {
    const product = await addProduct(t, seller.cookie, seller.shop.id, { name: 'Batik Tulis' });
    const withGps = await sharp(await makeImage(1600, 1200, 'jpeg'))
      .withExif({ IFD0: { Artist: 'Rahasia Penjual', Copyright: 'Lokasi rumah' } })
      .jpeg()
      .toBuffer();
    expect((await sharp(withGps).metadata()).exif).toBeDefined();
    const res = await upload(product.id, withGps, 'image/jpeg');
    expect(res.statusCode).toBe(201);
    const [photo] = res.json().photos;
    expect(photo).toMatchObject({ width: 1600, height: 1200 });
    expect(photo.srcset).toContain('320w');
    expect(photo.srcset).toContain('1200w');
    const served = await t.app.inject({ method: 'GET', url: photo.url });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/webp');
    expect(served.headers['cache-control']).toContain('max-age=31536000');
    const meta = await sharp(served.rawPayload).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 640 });
    expect(meta.exif).toBeUndefined();
    const jpeg = await t.app.inject({ method: 'GET', url: photo.jpegUrl });
    expect((await sharp(jpeg.rawPayload).metadata()).exif).toBeUndefined();
    expect(jpeg.rawPayload.includes(Buffer.from('Rahasia Penjual'))).toBe(false);
  });

  it('refuses a non-image, an oversized file and a decompression bomb with a clear error, storing nothing', async () => {
    const product = await addProduct(t, seller.cookie, seller.shop.id, { name: 'Tas Anyaman' });
    const filesBefore = fs.existsSync(photoDir(t.config)) ? fs.readdirSync(photoDir(t.config)).length : 0;

    const text = await upload(
      product.id,
      Buffer.from('bukan gambar sama sekali'),
      'application/octet-stream',
    );
    expect(text.statusCode).toBe(415);
    expect(text.json().detail).toContain('foto');

    const pdf = await upload(product.id, Buffer.from('%PDF-1.4 palsu'), 'application/octet-stream');
    expect(pdf.statusCode).toBe(415);

    const huge = Buffer.concat([await makeImage(100, 100), Buffer.alloc(6 * 1024 * 1024)]);
    const big = await upload(product.id, huge);
    expect(big.statusCode).toBe(413);

    // 12,000 × 12,000 of one colour compresses to a few hundred KB but decodes to 432 MB.
    const bomb = await sharp({ create: { width: 12_000, height: 12_000, channels: 3, background: '#fff' } })
      .png({ compressionLevel: 9 })
      .toBuffer();
    expect(bomb.length).toBeLessThan(5 * 1024 * 1024);
    const bombed = await upload(product.id, bomb);
    expect(bombed.statusCode).toBe(413);
    expect(bombed.json().detail).toContain('megapiksel');

    const truncated = (await makeImage(800, 600, 'jpeg')).subarray(0, 200);
    expect((await upload(product.id, truncated, 'image/jpeg')).statusCode).toBe(415);

    const filesAfter = fs.existsSync(photoDir(t.config)) ? fs.readdirSync(photoDir(t.config)).length : 0;
    expect(filesAfter).toBe(filesBefore);
    expect(
      await t.db.selectFrom('product_photo').select('id').where('product_id', '=', product.id).execute(),
    ).toEqual([]);
  });
});

describe('moderation', () => {
  it('an officer hides a product with a reason the seller sees; it leaves the public view; logged', async () => {
    const product = await addProduct(t, seller.cookie, seller.shop.id, { name: 'Madu Hutan' });
    const officer = (await t.signedIn({ role: 'area_officer', areaCode: '36.71.05' })).cookie;
    const noReason = await t.app.inject({
      method: 'POST',
      url: `/api/v1/market/products/${product.id}/moderation`,
      headers: { cookie: officer },
      payload: { action: 'hide' },
    });
    expect(noReason.statusCode).toBe(400);
    const hidden = await t.app.inject({
      method: 'POST',
      url: `/api/v1/market/products/${product.id}/moderation`,
      headers: { cookie: officer },
      payload: { action: 'hide', reason: 'Klaim khasiat obat tanpa izin BPOM' },
    });
    expect(hidden.statusCode).toBe(200);
    const seen = await t.app.inject({
      method: 'GET',
      url: `/api/v1/market/products/${product.id}`,
      headers: { cookie: seller.cookie },
    });
    expect(seen.json()).toMatchObject({
      hiddenReason: 'Klaim khasiat obat tanpa izin BPOM',
      hiddenAt: expect.any(String),
    });
    expect(
      await t.db.selectFrom('public_product').select('id').where('id', '=', product.id).execute(),
    ).toEqual([]);
    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'product')
      .where('entity_id', '=', String(product.id))
      .execute();
    expect(audit.map((a) => a.action)).toContain('hide');
    const feature = await t.app.inject({
      method: 'POST',
      url: `/api/v1/market/products/${product.id}/moderation`,
      headers: { cookie: officer },
      payload: { action: 'feature' },
    });
    expect(feature.statusCode).toBe(409);
  });

  it('officers feature products; a seller cannot moderate', async () => {
    const product = await addProduct(t, seller.cookie, seller.shop.id, { name: 'Dodol Betawi' });
    const self = await t.app.inject({
      method: 'POST',
      url: `/api/v1/market/products/${product.id}/moderation`,
      headers: { cookie: seller.cookie },
      payload: { action: 'feature' },
    });
    expect(self.statusCode).toBe(403);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/market/products/${product.id}/moderation`,
      headers: { cookie: admin },
      payload: { action: 'feature' },
    });
    expect(res.json().featured).toBe(true);
    const featured = await t.db
      .selectFrom('public_product')
      .select('id')
      .where('featured', '=', true)
      .execute();
    expect(featured.map((f) => f.id)).toContain(product.id);
  });
});
