import fs from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { localToday, shiftDay } from '../../http/dates.ts';
import { addProduct, approvedShop } from './marketplace.fixtures.ts';
import { photoPath } from './photos.ts';

/** A campaign's banner: the photo pipeline's checks and sizes, shown on the landing page and home, replaced, removed. */

let t: TestApp;
let admin: string;
let officer: string;
let campaign: { id: number; slug: string };

interface Banner {
  width: number;
  height: number;
  url: string;
  srcset: string;
  jpegUrl: string;
}

/** A real JPEG 1600 × 600 carrying EXIF (camera, GPS-like data) that the pipeline must drop. */
const bannerJpeg = () =>
  sharp({ create: { width: 1600, height: 600, channels: 3, background: { r: 20, g: 120, b: 70 } } })
    .jpeg()
    .withExif({ IFD0: { Make: 'KameraRahasia', Artist: 'Pemilik Rahasia' } })
    .toBuffer();

const upload = (body: Buffer, type = 'image/jpeg', cookie = admin, id = campaign.id) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/market/campaigns/${id}/banner`,
    headers: { cookie, 'content-type': type },
    payload: body,
  });

const keyOf = (b: Banner) => /photos\/([a-f0-9]{32})-/.exec(b.url)![1]!;
const landing = () => t.app.inject({ method: 'GET', url: `/belanja/kampanye/${campaign.slug}` });
const auditActions = async () =>
  (
    await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'campaign')
      .where('entity_id', '=', String(campaign.id))
      .orderBy('id')
      .execute()
  ).map((r) => r.action);

beforeAll(async () => {
  t = await createTestApp();
  admin = (await t.signedIn({ role: 'admin' })).cookie;
  officer = (await t.signedIn({ role: 'area_officer', areaCode: '36.71.05' })).cookie;
  const today = localToday(t.config.timezone);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/market/campaigns',
    headers: { cookie: admin },
    payload: {
      name: 'Ramadan Berkah',
      theme: 'ramadan',
      startsOn: shiftDay(today, -1),
      endsOn: shiftDay(today, 10),
      description: 'Takjil dan kue kering UMKM.',
    },
  });
  expect(res.statusCode).toBe(201);
  campaign = res.json();
  const seller = await approvedShop(t, admin);
  const product = await addProduct(t, seller.cookie, seller.shop.id, { name: 'Kue Nastar Ramadan' });
  await t.app.inject({
    method: 'PUT',
    url: `/api/v1/market/campaigns/${campaign.id}/products`,
    headers: { cookie: admin },
    payload: { productIds: [product.id] },
  });
});
afterAll(() => t.close());

describe('a campaign’s banner', () => {
  it('refuses a file that is not an image, whatever it claims, and keeps the campaign without one', async () => {
    const fake = Buffer.from('<html><script>alert(1)</script></html>'.repeat(20));
    const res = await upload(fake, 'image/jpeg');
    expect(res.statusCode).toBe(415);
    expect(res.json().detail).toContain('banner');
    const text = await upload(Buffer.from('bukan gambar'), 'image/png');
    expect(text.statusCode).toBe(415);
    const got = await t.app.inject({
      method: 'GET',
      url: `/api/v1/market/campaigns/${campaign.id}`,
      headers: { cookie: admin },
    });
    expect(got.json().banner).toBeNull();
    expect(await auditActions()).not.toContain('add_banner');
  });

  it('stores a real JPEG re-encoded to the web sizes, without its metadata, and serves every size', async () => {
    const res = await upload(await bannerJpeg());
    expect(res.statusCode).toBe(200);
    const banner = res.json().banner as Banner;
    expect(banner).toMatchObject({ width: 1600, height: 600 });
    const key = keyOf(banner);
    for (const width of [320, 640, 1200]) {
      expect(banner.srcset).toContain(`${key}-${width}.webp ${width}w`);
      for (const format of ['webp', 'jpg'] as const) {
        const served = await t.app.inject({
          method: 'GET',
          url: `/api/v1/market/photos/${key}-${width}.${format}`,
        });
        expect(served.statusCode).toBe(200);
        expect(served.headers['content-type']).toBe(format === 'webp' ? 'image/webp' : 'image/jpeg');
        const meta = await sharp(served.rawPayload).metadata();
        expect(meta.width).toBe(width);
        expect(meta.height).toBe(Math.round((600 / 1600) * width));
        expect(meta.exif).toBeUndefined();
      }
    }
    expect(await auditActions()).toContain('add_banner');
  });

  it('shows on the landing page as a <picture> with its size, and as the link preview’s image', async () => {
    const page = await landing();
    expect(page.statusCode).toBe(200);
    const stored = await t.db
      .selectFrom('campaign')
      .select('banner_key')
      .where('id', '=', campaign.id)
      .executeTakeFirstOrThrow();
    const key = stored.banner_key!;
    expect(page.body).toMatch(
      new RegExp(
        `<figure class="banner"><picture><source type="image/webp" srcset="[^"]*${key}-1200\\.webp 1200w`,
      ),
    );
    expect(page.body).toContain(`width="1200" height="450" alt="Ramadan Berkah"`);
    expect(page.body).toMatch(
      new RegExp(`<meta property="og:image" content="http[^"]*/api/v1/market/photos/${key}-1200\\.jpg">`),
    );
    expect(page.body).toContain('<meta property="og:image:height" content="450">');
  });

  it('shows on the storefront home’s campaign block while the campaign runs', async () => {
    const home = await t.app.inject({ method: 'GET', url: '/belanja' });
    expect(home.statusCode).toBe(200);
    const block = home.body.slice(home.body.indexOf('class="campaign-block"'));
    expect(block).toContain(`href="/belanja/kampanye/${campaign.slug}"`);
    expect(block).toMatch(/<figure class="banner"><picture>/);
  });

  it('is replaced by a new upload (the old files removed) and removed on request', async () => {
    const before = await t.db
      .selectFrom('campaign')
      .select('banner_key')
      .where('id', '=', campaign.id)
      .executeTakeFirstOrThrow();
    const png = await sharp({ create: { width: 900, height: 300, channels: 3, background: '#336699' } })
      .png()
      .toBuffer();
    const replaced = await upload(png, 'image/png');
    expect(replaced.statusCode).toBe(200);
    const banner = replaced.json().banner as Banner;
    expect(banner).toMatchObject({ width: 900, height: 300 });
    expect(banner.srcset).not.toContain('1200w');
    expect(keyOf(banner)).not.toBe(before.banner_key);
    expect(fs.existsSync(photoPath(t.config, before.banner_key!, 640, 'webp'))).toBe(false);

    const removed = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/market/campaigns/${campaign.id}/banner`,
      headers: { cookie: admin },
    });
    expect(removed.statusCode).toBe(200);
    expect(removed.json().banner).toBeNull();
    expect(fs.existsSync(photoPath(t.config, keyOf(banner), 640, 'webp'))).toBe(false);
    const page = await landing();
    expect(page.body).not.toContain('class="banner"');
    expect(await auditActions()).toEqual(
      expect.arrayContaining(['add_banner', 'replace_banner', 'remove_banner']),
    );
  });

  it('is the office’s to change', async () => {
    expect((await upload(await bannerJpeg(), 'image/jpeg', officer)).statusCode).toBe(403);
    const res = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/market/campaigns/${campaign.id}/banner`,
      headers: { cookie: officer },
    });
    expect(res.statusCode).toBe(403);
    expect((await upload(await bannerJpeg(), 'image/jpeg', admin, 999_999)).statusCode).toBe(404);
  });
});
