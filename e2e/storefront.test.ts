import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storePhoto } from '../src/server/modules/marketplace/photos.ts';
import { createTestApp, type TestApp } from '../test/support/app.ts';
import { makeProduct, makeShop } from '../test/support/storefront.ts';
import {
  collectErrors,
  HAS_CHROMIUM,
  launchBrowser,
  prepareJourney,
  ROOT,
  serve,
  shotsIn,
} from './support.ts';

const SHOTS = path.join(ROOT, 'test-results/storefront');
const shot = shotsIn(SHOTS);
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

/*
 * A buyer on a 390 px phone finds a product by a misspelt search, puts it in the cart, sends an order
 * request and lands on its status page; the seller then has it. No login on the buyer's side.
 */
describe.skipIf(!HAS_CHROMIUM)('storefront: a buyer orders from a phone', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let sellerCookie: string;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bangkit-store-e2e-'));

  beforeAll(async () => {
    prepareJourney(SHOTS);
    t = await createTestApp({ BANGKIT_DATA_DIR: dataDir });
    const { cookie } = await t.signedIn({ role: 'admin' });
    const shop = await makeShop(t, cookie, { name: 'Dapur Sri', halal: true });
    const colors = ['#e4572e', '#17bebb', '#76b041'];
    for (const [i, name] of ['Keripik Singkong Pedas', 'Sambal Roa', 'Kopi Bubuk Robusta'].entries()) {
      const product = await makeProduct(t, shop.id, {
        name,
        description: `${name} buatan rumah, dikemas rapi.`,
        price: 15000 + i * 10000,
        stock: 10,
        featured: true,
      });
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="800"><rect width="800" height="800" fill="${colors[i]}"/></svg>`;
      const photo = await storePhoto(t.config, await sharp(Buffer.from(svg)).png().toBuffer());
      await t.db
        .insertInto('product_photo')
        .values({
          product_id: product.id,
          key: photo.key,
          width: photo.width,
          height: photo.height,
          widths: photo.widths,
        })
        .execute();
    }
    const seller = await t.signedIn({ role: 'business_owner' });
    await sql`update owner set user_id = ${seller.user.id}
      where id = (select owner_id from business where id = ${shop.business.id})`.execute(t.db);
    sellerCookie = seller.cookie;
    baseUrl = await serve(t);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('searches "kripik", adds the product to the cart, sends an order request and sees its status', async () => {
    const context = await browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${baseUrl}/belanja`);
    await expect.poll(() => page.title()).toBe('Bangga Produk UMKM Kota Tangerang — Pasar UMKM');
    await shot(page, 'phone-home');

    // Search as you type, then the whole answer.
    const box = page.getByRole('searchbox', { name: 'Cari produk' });
    await box.fill('kripik');
    const suggestion = page.getByRole('option').filter({ hasText: 'Keripik Singkong Pedas' });
    await suggestion.waitFor();
    await shot(page, 'phone-suggest', false);
    await box.press('Enter');
    await page.getByRole('heading', { name: 'Hasil untuk “kripik”' }).waitFor();
    await shot(page, 'phone-search');

    await page.getByRole('link', { name: /Keripik Singkong Pedas/ }).click();
    await page.getByRole('heading', { name: 'Keripik Singkong Pedas' }).waitFor();
    await expect
      .poll(() =>
        page
          .locator('img[alt="Keripik Singkong Pedas"]')
          .evaluate((img: HTMLImageElement) => img.naturalWidth),
      )
      .toBeGreaterThan(0);
    await page.getByLabel('Jumlah').fill('2');
    await page.getByRole('button', { name: 'Tambah ke keranjang' }).click();
    await page.getByText('Ditambahkan ke keranjang.').waitFor();
    await expect.poll(() => page.locator('.top [data-cart-count]').textContent()).toBe('2');
    await shot(page, 'phone-product');

    await page
      .locator('.top')
      .getByRole('link', { name: /^Keranjang/ })
      .click();
    await page.getByRole('heading', { name: 'Dapur Sri' }).waitFor();
    await expect.poll(() => page.getByLabel('Jumlah Keripik Singkong Pedas').inputValue()).toBe('2');
    await shot(page, 'phone-cart');
    await page.getByRole('link', { name: 'Kirim permintaan pesanan' }).click();

    await page.getByRole('heading', { name: 'Permintaan pesanan' }).waitFor();
    await expect.poll(() => page.locator('tfoot').textContent()).toContain('Rp 30.000');
    await page.getByLabel('Nama *').fill('Budi Santoso');
    await page.getByLabel('Nomor HP (WhatsApp) *').fill('12345');
    await page.getByRole('button', { name: 'Kirim permintaan pesanan' }).click();
    await page.getByText('Nomor HP pembeli harus nomor ponsel Indonesia').waitFor();
    await shot(page, 'phone-order-error');
    await page.getByLabel('Nomor HP (WhatsApp) *').fill('0812 3456 7890');
    await page.getByLabel('Diantar ke alamat saya').check();
    await page.getByLabel('Alamat pengantaran (wajib bila diantar)').fill('Jl. Pembeli No. 1, Cipondoh');
    await page.getByRole('button', { name: 'Kirim permintaan pesanan' }).click();

    await page.getByText('Permintaan pesanan terkirim.').waitFor();
    expect(page.url()).toMatch(/\/belanja\/pesanan\/[A-Za-z0-9_-]{43}\?baru=1$/);
    await page.getByText('Menunggu konfirmasi penjual').first().waitFor();
    const whatsapp = await page
      .getByRole('link', { name: /Kirim pesanan lewat WhatsApp/ })
      .getAttribute('href');
    expect(whatsapp).toMatch(/^https:\/\/wa\.me\/6285711112222\?text=/);
    expect(decodeURIComponent(whatsapp!.split('text=')[1]!)).toContain('2 × Keripik Singkong Pedas');
    // Sent: the shop's lines left the cart.
    await expect.poll(() => page.locator('.top [data-cart-count]').isHidden()).toBe(true);
    await shot(page, 'phone-status');
    const code = (await page.getByRole('heading', { level: 1 }).textContent())!.replace('Pesanan ', '');

    // The seller has it, with the buyer's name and phone (which no public page shows).
    const orders = await t.app.inject({
      method: 'GET',
      url: '/api/v1/market/orders',
      headers: { cookie: sellerCookie },
    });
    const order = orders.json().items.find((o: { code: string }) => o.code === code);
    expect(order).toMatchObject({
      buyerName: 'Budi Santoso',
      state: 'requested',
      fulfilment: 'delivery',
      total: 30000,
    });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('renders the same pages on a desktop', async () => {
    const context = await browser.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${baseUrl}/belanja`);
    await page.getByRole('heading', { name: 'Produk pilihan' }).waitFor();
    await shot(page, 'desktop-home');
    await page.goto(`${baseUrl}/belanja/cari?q=keripik+pedas`);
    await page.getByRole('link', { name: /Keripik Singkong Pedas/ }).click();
    await page.getByRole('heading', { name: 'Keripik Singkong Pedas' }).waitFor();
    await shot(page, 'desktop-product');
    expect(errors).toEqual([]);
    await context.close();
  });
});
