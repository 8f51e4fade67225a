import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/support/app.ts';
import {
  collectErrors,
  field,
  HAS_CHROMIUM,
  launchBrowser,
  prepareJourney,
  ROOT,
  serve,
  shotsIn,
  signIn,
} from './support.ts';

const SHOTS = path.join(ROOT, 'test-results/polish');
const shot = shotsIn(SHOTS);
const ADMIN = { email: 'admin@tangerangkota.go.id', password: 'admin-password-1', name: 'Admin Dinas' };
const SIZES = [
  ['phone', { width: 390, height: 844 }],
  ['desktop', { width: 1280, height: 800 }],
] as const;

async function box(locator: Locator) {
  const b = await locator.boundingBox();
  if (!b) throw new Error('not visible');
  return b;
}
const overlaps = (
  a: { x: number; y: number; width: number; height: number },
  b: { x: number; y: number; width: number; height: number },
) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe.skipIf(!HAS_CHROMIUM)('polish: what a new user trips over', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    prepareJourney(SHOTS);
    t = await createTestApp();
    await t.makeUser({ role: 'admin', ...ADMIN });
    baseUrl = await serve(t);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signedInPage(viewport: { width: number; height: number }): Promise<Page> {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/login`);
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.getByRole('heading', { name: `Selamat datang, ${ADMIN.name}` }).waitFor();
    return page;
  }

  it.each(SIZES)(
    'the login page names the city and the password toggle in Indonesian (%s)',
    async (size, viewport) => {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      const errors = collectErrors(page);
      await page.goto(`${baseUrl}/login`);
      await page.getByRole('heading', { name: 'Masuk' }).waitFor();
      await expect.poll(() => page.getByTestId('deployment-area').textContent()).toBe('Kota Tangerang');
      await page.getByText('Dinas Koperasi dan UMKM Kota Tangerang.').waitFor();
      const toggle = page.getByRole('button', { name: 'Tampilkan kata sandi' });
      await field(page, 'Kata sandi').fill('rahasia');
      await toggle.click();
      expect(await field(page, 'Kata sandi').getAttribute('type')).toBe('text');
      await shot(page, `login-${size}`);
      expect(errors).toEqual([]);
      await context.close();
    },
  );

  it.each(SIZES)('a shared deep link with a dotted area code opens the app (%s)', async (size, viewport) => {
    const page = await signedInPage(viewport);
    const response = await page.goto(`${baseUrl}/areas/36.71.05`);
    expect(response!.headers()['content-type']).toContain('text/html');
    await page.getByRole('heading', { level: 2 }).first().waitFor();
    expect(await page.locator('body').textContent()).not.toContain('RouteNotFound');
    await page.getByRole('heading', { name: 'Kecamatan Cipondoh' }).waitFor();
    expect(await page.getByText('Data gagal dimuat').count()).toBe(0);
    await shot(page, `deep-link-kelurahan-${size}`);
    await page.context().close();
  });

  // On a phone the audit filters sit behind the Filter button; the field is the same component there.
  it.each(SIZES.filter(([size]) => size === 'desktop'))(
    'dates are typed and shown as dd/mm/yyyy, named in the language (%s)',
    async (size, viewport) => {
      const page = await signedInPage(viewport);
      await page.goto(`${baseUrl}/audit`);
      const from = field(page, 'Dari tanggal');
      await expect.poll(() => from.getAttribute('placeholder')).toBe('hh/bb/tttt');
      await from.fill('05/03/2021');
      await from.press('Tab');
      await expect.poll(() => from.inputValue()).toBe('05/03/2021');
      await expect.poll(() => new URL(page.url()).searchParams.get('from')).toBe('2021-03-05');
      await from.click();
      await page.getByText('Maret 2021').first().waitFor();
      await shot(page, `date-indonesian-${size}`, false);
      await page.keyboard.press('Escape');

      await page.getByText('EN', { exact: true }).click();
      const fromEn = field(page, 'From date');
      await expect.poll(() => fromEn.inputValue()).toBe('05/03/2021');
      await fromEn.click();
      await page.getByText('March 2021').first().waitFor();
      await shot(page, `date-english-${size}`, false);
      await page.keyboard.press('Escape');
      await page.getByText('ID', { exact: true }).click();
      await page.context().close();
    },
  );

  it.each(SIZES)(
    'a dialog closes by an Indonesian name and its message leaves the header free (%s)',
    async (size, viewport) => {
      const page = await signedInPage(viewport);
      await page.goto(`${baseUrl}/institutions`);
      await page.getByRole('button', { name: 'Tambah lembaga' }).first().click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('button', { name: 'Tutup' }).waitFor();
      await field(dialog, 'Nama lembaga').fill(`Lembaga Uji ${size}`);
      await dialog.getByRole('button', { name: 'Simpan' }).click();
      const toast = page.getByText(`Lembaga Lembaga Uji ${size} telah didaftarkan.`);
      await toast.waitFor();
      const notification = page.locator('.mantine-Notification-root').first();
      const language = await box(page.getByLabel('Bahasa').first());
      const userMenu = await box(page.getByTestId('user-menu'));
      // Once it has slid in, the message sits below both (it slides down from above the page).
      const below = Math.max(language.y + language.height, userMenu.y + userMenu.height);
      await expect.poll(async () => (await box(notification)).y).toBeGreaterThanOrEqual(below);
      const message = await box(notification);
      expect(overlaps(message, language)).toBe(false);
      expect(overlaps(message, userMenu)).toBe(false);
      await page.getByRole('button', { name: 'Tutup pesan' }).first().waitFor();
      await shot(page, `toast-${size}`, false);
      await page.context().close();
    },
  );
});
