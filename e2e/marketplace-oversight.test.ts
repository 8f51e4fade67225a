import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localToday, shiftDay } from '../src/server/http/dates.ts';
import {
  addProduct,
  applyShop,
  approvedShop,
  makeSeller,
} from '../src/server/modules/marketplace/marketplace.fixtures.ts';
import { createOrderRequest } from '../src/server/modules/marketplace/orders.create.ts';
import { createTestApp, type TestApp } from '../test/support/app.ts';
import {
  collectErrors,
  DESKTOP,
  HAS_CHROMIUM,
  launchBrowser,
  PHONE,
  prepareJourney,
  ROOT,
  serve,
  shotsIn,
  signIn,
} from './support.ts';

const SHOTS = path.join(ROOT, 'test-results/marketplace-oversight');
const shot = shotsIn(SHOTS);
const ADMIN = { email: 'admin.pasar@tangerangkota.go.id', password: 'admin-password-1', name: 'Admin Pasar' };
const OFFICER = {
  email: 'petugas.pasar@tangerangkota.go.id',
  password: 'petugas-password-1',
  name: 'Petugas Cipondoh',
};
const BUYER_PHONE = '0813 4444 9876';

/*
 * What the marketplace's overseers and a seller see of its last parts: an area officer reads the order requests
 * of their area (no buyer contact) and finds a shop waiting on Home, the office gives a campaign a banner that
 * the storefront shows, and the seller puts another photo first on a phone. Screenshots in
 * test-results/marketplace-oversight.
 */
describe.skipIf(!HAS_CHROMIUM)('the marketplace overseen, in the browser', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let seller: Awaited<ReturnType<typeof approvedShop>>;
  let productId: number;
  let order: { id: number; code: string };
  let campaign: { id: number; slug: string };

  beforeAll(async () => {
    prepareJourney(SHOTS);
    t = await createTestApp();
    await t.makeUser({ role: 'admin', ...ADMIN });
    await t.makeUser({ role: 'area_officer', areaCode: '36.71.05', ...OFFICER });
    const admin = await t.login(ADMIN.email, ADMIN.password);
    seller = await approvedShop(t, admin, '36.71.05.1001');
    const product = await addProduct(t, seller.cookie, seller.shop.id, {
      name: 'Kue Semprit Urutan',
      stock: 30,
    });
    productId = product.id;
    for (const colour of ['#b91c1c', '#1d4ed8', '#15803d']) {
      const photo = await sharp({ create: { width: 800, height: 800, channels: 3, background: colour } })
        .jpeg()
        .toBuffer();
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/market/products/${productId}/photos`,
        headers: { cookie: seller.cookie, 'content-type': 'image/jpeg' },
        payload: photo,
      });
      expect(res.statusCode).toBe(201);
    }
    order = await createOrderRequest(t.db, {
      shopId: seller.shop.id,
      buyerName: 'Rina Pembeli',
      buyerPhone: BUYER_PHONE,
      fulfilment: 'delivery',
      address: 'Jl. Kenanga Rahasia 12',
      items: [{ productId, quantity: 3 }],
    });
    // A shop of the officer's area waits for approval.
    const applicant = await makeSeller(t, admin, '36.71.05.1002');
    await applyShop(t, applicant.cookie, applicant.business.id, { name: 'Toko Menunggu' });
    const today = localToday(t.config.timezone);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/market/campaigns',
      headers: { cookie: admin },
      payload: {
        name: 'Bangga Produk Lokal',
        theme: 'umum',
        startsOn: shiftDay(today, -2),
        endsOn: shiftDay(today, 20),
      },
    });
    campaign = res.json();
    await t.app.inject({
      method: 'PUT',
      url: `/api/v1/market/campaigns/${campaign.id}/products`,
      headers: { cookie: admin },
      payload: { productIds: [productId] },
    });
    baseUrl = await serve(t);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signedIn(viewport: typeof DESKTOP, who: { email: string; password: string }) {
    const context = await browser.newContext({ viewport, locale: 'id-ID', hasTouch: viewport === PHONE });
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${baseUrl}/login`);
    await signIn(page, who.email, who.password);
    await page
      .getByTestId('work-queue')
      .or(page.getByRole('heading', { level: 1 }))
      .first()
      .waitFor();
    return { page, errors, close: () => context.close() };
  }

  const noBuyerContact = async (page: Page) => {
    const text = await page.locator('body').textContent();
    expect(text).not.toContain('4444');
    expect(text).not.toContain('Kenanga');
  };

  it('an area officer finds a shop waiting on Home and reads the area’s orders without the buyer’s contact', async () => {
    const { page, errors, close } = await signedIn(DESKTOP, OFFICER);
    const waiting = page.getByTestId('work-item').filter({ hasText: 'Toko menunggu persetujuan' });
    await expect.poll(() => waiting.getByTestId('work-item-count').textContent()).toBe('1');
    await shot(page, 'officer-home-desktop');
    await waiting.click();
    await page.getByTestId('shop-row').filter({ hasText: 'Toko Menunggu' }).waitFor();

    await page.getByTestId('market-tabs').getByText('Pesanan').click();
    const row = page.getByTestId('officer-order-row').filter({ hasText: order.code });
    await row.waitFor();
    await noBuyerContact(page);
    await shot(page, 'officer-orders-desktop');
    await row.click();
    await page.getByTestId('order-items').getByText('3 × Kue Semprit Urutan').waitFor();
    await page.getByTestId('order-history').getByText('Diminta').waitFor();
    await expect.poll(() => page.getByTestId('buyer-name').textContent()).toBe('Rina Pembeli');
    await noBuyerContact(page);
    await shot(page, 'officer-order-desktop');
    expect(errors).toEqual([]);
    await close();

    const phone = await signedIn(PHONE, OFFICER);
    await phone.page.goto(`${baseUrl}/market/orders`);
    await phone.page.getByTestId('officer-order-card').filter({ hasText: order.code }).waitFor();
    await shot(phone.page, 'officer-orders-phone');
    expect(phone.errors).toEqual([]);
    await phone.close();
  });

  it('the office gives a campaign a banner, and the storefront shows it without a jump', async () => {
    const { page, errors, close } = await signedIn(DESKTOP, ADMIN);
    await page.goto(`${baseUrl}/market/campaigns/${campaign.id}`);
    await page.getByTestId('campaign-banner').getByText('Belum ada banner', { exact: false }).waitFor();
    const banner = await sharp({ create: { width: 1600, height: 500, channels: 3, background: '#0b7a4b' } })
      .composite([
        {
          input: Buffer.from(
            '<svg width="1600" height="500"><text x="80" y="300" font-size="150" fill="#fff" font-family="sans-serif">Bangga Produk Lokal</text></svg>',
          ),
        },
      ])
      .jpeg()
      .toBuffer();
    await page
      .getByTestId('campaign-banner')
      .locator('input[type="file"]')
      .setInputFiles({ name: 'banner.jpg', mimeType: 'image/jpeg', buffer: banner });
    const image = page.getByTestId('banner-image');
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await shot(page, 'campaign-banner-desktop');
    expect(errors).toEqual([]);
    await close();

    for (const [viewport, name] of [
      [DESKTOP, 'desktop'],
      [PHONE, 'phone'],
    ] as const) {
      const context = await browser.newContext({ viewport, locale: 'id-ID' });
      const store = await context.newPage();
      await store.goto(`${baseUrl}/belanja/kampanye/${campaign.slug}`);
      const img = store.locator('figure.banner img');
      // The box is reserved from width and height before the picture arrives: the same height after it loads.
      const reserved = await img.evaluate((el: HTMLImageElement) => el.getBoundingClientRect().height);
      await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBeGreaterThan(0);
      const loaded = await img.evaluate((el: HTMLImageElement) => el.getBoundingClientRect().height);
      expect(Math.abs(loaded - reserved)).toBeLessThan(1);
      expect(await store.locator('meta[property="og:image"]').getAttribute('content')).toMatch(/-1200\.jpg$/);
      await shot(store, `campaign-landing-${name}`);
      await store.goto(`${baseUrl}/belanja`);
      await store.locator('.campaign-block figure.banner img').waitFor();
      await shot(store, `store-home-${name}`, false);
      await context.close();
    }
  });

  it('the seller sees the request waiting on Home and moves another photo first on a phone', async () => {
    const { page, errors, close } = await signedIn(PHONE, seller.user);
    const waiting = page
      .getByTestId('work-item')
      .filter({ hasText: 'Permintaan pesanan menunggu jawaban Anda' });
    await expect.poll(() => waiting.getByTestId('work-item-count').textContent()).toBe('1');
    await shot(page, 'seller-home-phone');

    await page.goto(`${baseUrl}/shop/products/${productId}`);
    const tiles = page.getByTestId('photo-tile');
    await expect.poll(() => tiles.count()).toBe(3);
    const srcOf = (i: number) => tiles.nth(i).getByTestId('product-photo').getAttribute('src');
    const [first, second] = [await srcOf(0), await srcOf(1)];
    expect(await tiles.nth(0).getByTestId('photo-earlier').isDisabled()).toBe(true);
    await tiles.nth(1).getByTestId('photo-earlier').tap();
    await expect.poll(() => srcOf(0)).toBe(second);
    expect(await srcOf(1)).toBe(first);
    await tiles.nth(0).getByTestId('cover-badge').waitFor();
    const box = await tiles.nth(0).getByTestId('photo-later').boundingBox();
    expect(box!.width).toBeGreaterThanOrEqual(44);
    expect(box!.height).toBeGreaterThanOrEqual(44);
    await shot(page, 'photos-reordered-phone');
    expect(errors).toEqual([]);
    await close();
  });

  it('the business page says the business sells online through its shop', async () => {
    const { page, errors, close } = await signedIn(DESKTOP, ADMIN);
    await page.goto(`${baseUrl}/businesses/${seller.business.id}`);
    const presence = page.getByTestId('online-presence');
    await presence.getByText('Pasar UMKM').waitFor();
    expect(await presence.textContent()).not.toContain('Belum berjualan daring');
    await shot(page, 'business-online-desktop');
    expect(errors).toEqual([]);
    await close();
  });
});
