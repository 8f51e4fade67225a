import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSeller } from '../src/server/modules/marketplace/marketplace.fixtures.ts';
import { createOrderRequest } from '../src/server/modules/marketplace/orders.create.ts';
import { createTestApp, type TestApp } from '../test/support/app.ts';
import {
  choose,
  collectErrors,
  DESKTOP,
  field,
  HAS_CHROMIUM,
  launchBrowser,
  PHONE,
  prepareJourney,
  ROOT,
  serve,
  shotsIn,
  signIn,
} from './support.ts';

const SHOTS = path.join(ROOT, 'test-results/marketplace');
const shot = shotsIn(SHOTS);
const ADMIN = { email: 'admin@tangerangkota.go.id', password: 'admin-password-1', name: 'Admin Dinas' };
const OFFICER = {
  email: 'petugas.cipondoh@tangerangkota.go.id',
  password: 'petugas-password-1',
  name: 'Petugas Cipondoh',
};

/*
 * The seller's journey: an owner applies for a shop on a phone, an officer approves it on a desktop, the
 * owner adds a product with a photo on the phone, a buyer's order request arrives and the owner confirms it
 * (the stock is taken). Screenshots at phone and desktop width land in test-results/marketplace.
 */
describe.skipIf(!HAS_CHROMIUM)('the marketplace seller in the browser', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let seller: Awaited<ReturnType<typeof makeSeller>>;

  beforeAll(async () => {
    prepareJourney(SHOTS);
    t = await createTestApp();
    await t.makeUser({ role: 'admin', ...ADMIN });
    await t.makeUser({ role: 'area_officer', areaCode: '36.71.05', ...OFFICER });
    const admin = await t.login(ADMIN.email, ADMIN.password);
    seller = await makeSeller(t, admin, '36.71.05.1001', { halal: { number: 'ID36110000777' } });
    baseUrl = await serve(t);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function phonePage(): Promise<[Page, string[]]> {
    const context = await browser.newContext({ viewport: PHONE, locale: 'id-ID', hasTouch: true });
    const page = await context.newPage();
    const errors = collectErrors(page, { console: false });
    await page.goto(`${baseUrl}/login`);
    await signIn(page, seller.user.email, seller.user.password);
    return [page, errors];
  }

  it('owner applies, officer approves, owner adds a product with a photo and confirms an order', async () => {
    // 1. The owner applies for a shop on a phone.
    const [phone, phoneErrors] = await phonePage();
    await phone.getByRole('button', { name: 'Buka menu' }).click();
    await phone.getByRole('navigation').getByRole('link', { name: 'Toko saya' }).click();
    await phone.getByTestId('apply-card').waitFor();
    await field(phone, 'Nama toko').fill('Dapur Bu Sri');
    await field(phone, 'Nomor WhatsApp').fill('0812 3456 7890');
    await choose(phone, 'Kecamatan pengambilan', 'Cipondoh', { search: 'Cipon' });
    await field(phone, 'Jam buka').fill('Senin–Sabtu 08.00–16.00');
    await field(phone, 'Deskripsi').fill('Keripik dan sambal rumahan dari Cipondoh.');
    await shot(phone, 'apply-phone');
    await phone.getByTestId('shop-submit').click();
    await phone.getByTestId('shop-state').filter({ hasText: 'Menunggu persetujuan' }).waitFor();
    await shot(phone, 'applied-phone');

    // 2. The area officer approves it on a desktop.
    const desk = await browser.newContext({ viewport: DESKTOP, locale: 'id-ID' });
    const office = await desk.newPage();
    const officeErrors = collectErrors(office, { console: false });
    await office.goto(`${baseUrl}/login`);
    await signIn(office, OFFICER.email, OFFICER.password);
    await office.getByRole('heading', { name: `Selamat datang, ${OFFICER.name}` }).waitFor();
    await office.getByRole('navigation').getByRole('link', { name: 'Pasar UMKM' }).click();
    await office.getByTestId('shop-row').filter({ hasText: 'Dapur Bu Sri' }).waitFor();
    await shot(office, 'shops-desktop');
    await office.getByTestId('shop-row').filter({ hasText: 'Dapur Bu Sri' }).click();
    await office.getByTestId('decide-approve').waitFor();
    await shot(office, 'shop-review-desktop');
    await office.getByTestId('decide-approve').click();
    await office.getByTestId('shop-state').filter({ hasText: 'Disetujui' }).waitFor();

    // 3. The owner adds a product with a photo on the phone.
    await phone.goto(`${baseUrl}/shop`);
    await phone.getByTestId('shop-state').filter({ hasText: 'Disetujui' }).waitFor();
    await phone.getByTestId('seller-tabs').getByText('Produk').click();
    await phone.getByTestId('add-product').click();
    await field(phone, 'Nama produk').fill('Keripik Singkong Pedas');
    await choose(phone, 'Kategori', 'Camilan & keripik');
    await field(phone, 'Harga').fill('15000');
    await field(phone, 'Stok').fill('1');
    await shot(phone, 'product-form-phone');
    await phone.getByTestId('product-submit').click();
    await phone.getByTestId('add-photo').waitFor();
    const photo = await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#c2410c' } })
      .jpeg()
      .toBuffer();
    await phone
      .locator('input[type="file"]')
      .setInputFiles({ name: 'keripik.jpg', mimeType: 'image/jpeg', buffer: photo });
    await phone.getByTestId('product-photo').first().waitFor();
    await expect
      .poll(() =>
        phone
          .getByTestId('product-photo')
          .first()
          .evaluate((img: HTMLImageElement) => img.naturalWidth),
      )
      .toBeGreaterThan(0);
    await shot(phone, 'product-with-photo-phone');
    const product = await t.db
      .selectFrom('product')
      .select(['id', 'price', 'stock'])
      .where('name', '=', 'Keripik Singkong Pedas')
      .executeTakeFirstOrThrow();
    expect(product).toMatchObject({ price: 15000, stock: 1 });

    // 4. A buyer's order request (the storefront's service) reaches the owner, who confirms it.
    const shop = await t.db
      .selectFrom('shop')
      .select('id')
      .where('name', '=', 'Dapur Bu Sri')
      .executeTakeFirstOrThrow();
    const order = await createOrderRequest(t.db, {
      shopId: shop.id,
      buyerName: 'Rina Pembeli',
      buyerPhone: '0813 1111 2222',
      fulfilment: 'pickup',
      items: [{ productId: product.id, quantity: 1 }],
    });
    await phone.getByTestId('seller-tabs').getByText('Pesanan').click();
    await phone.getByTestId('order-card').filter({ hasText: 'Rina Pembeli' }).click();
    await phone.getByText(order.code).first().waitFor();
    expect(await phone.getByTestId('whatsapp-buyer').getAttribute('href')).toMatch(
      /^https:\/\/wa\.me\/6281311112222\?text=/,
    );
    await shot(phone, 'order-phone');
    await phone.getByTestId('move-confirmed').click();
    await phone.getByTestId('order-state').filter({ hasText: 'Dikonfirmasi' }).waitFor();
    await phone.getByTestId('move-ready').waitFor();
    await shot(phone, 'order-confirmed-phone');
    const after = await t.db
      .selectFrom('product')
      .select('stock')
      .where('id', '=', product.id)
      .executeTakeFirstOrThrow();
    expect(after.stock).toBe(0);

    // 5. The officer sees the product and its photo among the area's products.
    await office.goto(`${baseUrl}/market/products`);
    await office.getByTestId('product-row').filter({ hasText: 'Keripik Singkong Pedas' }).waitFor();
    await shot(office, 'products-desktop');
    const officePhone = await browser.newContext({ viewport: PHONE, locale: 'id-ID', hasTouch: true });
    const officeOnPhone = await officePhone.newPage();
    await officeOnPhone.goto(`${baseUrl}/login`);
    await signIn(officeOnPhone, OFFICER.email, OFFICER.password);
    await officeOnPhone.getByRole('heading', { name: `Selamat datang, ${OFFICER.name}` }).waitFor();
    await officeOnPhone.goto(`${baseUrl}/market`);
    await officeOnPhone.getByTestId('shop-card').filter({ hasText: 'Dapur Bu Sri' }).waitFor();
    await shot(officeOnPhone, 'shops-phone');

    expect(phoneErrors).toEqual([]);
    expect(officeErrors).toEqual([]);
    await desk.close();
    await officePhone.close();
  });
});
