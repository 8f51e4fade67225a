import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../src/server/http/guard.ts';
import { createInstitution } from '../src/server/modules/institutions/institutions.service.ts';
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

const SHOTS = path.join(ROOT, 'test-results/foundation');
const shot = shotsIn(SHOTS, { scrollToTop: false });

const ADMIN = { email: 'admin@tangerangkota.go.id', password: 'admin-password-1', name: 'Admin Dinas' };
const OFFICER = { email: 'siti.cipondoh@tangerangkota.go.id', name: 'Siti Rahmawati' };

describe.skipIf(!HAS_CHROMIUM)(
  'foundation: accounts, one-time passwords and area scope in the browser',
  () => {
    let t: TestApp;
    let browser: Browser;
    let baseUrl: string;

    beforeAll(async () => {
      prepareJourney(SHOTS);
      t = await createTestApp();
      await t.makeUser({ role: 'admin', ...ADMIN });
      // A few accounts already there, as in a running office, so the lists show what they will look like.
      const lp3w = await createInstitution(t.db, t.config, SYSTEM_ACTOR, {
        name: 'LP3W Kota Tangerang',
      });
      await t.makeUser({
        role: 'institution_admin',
        name: 'Budi Santoso',
        email: 'budi@lp3w.or.id',
        institutionId: lp3w.id,
      });
      await t.makeUser({
        role: 'mentor',
        name: 'Dewi Lestari',
        email: 'dewi@lp3w.or.id',
        institutionId: lp3w.id,
      });
      await t.makeUser({
        role: 'mentor',
        name: 'Agus Pratama',
        email: 'agus@lp3w.or.id',
        institutionId: lp3w.id,
      });
      await t.makeUser({
        role: 'area_officer',
        name: 'Rudi Hartono',
        email: 'rudi.karawaci@tangerangkota.go.id',
        areaCode: '36.71.07',
      });
      baseUrl = await serve(t);
      browser = await launchBrowser();
    });

    afterAll(async () => {
      await browser?.close();
      await t?.close();
    });

    it('an admin creates an area officer for Cipondoh, who must replace the one-time password and sees only Cipondoh', async () => {
      const context = await browser.newContext({ viewport: DESKTOP, locale: 'id-ID' });
      const page = await context.newPage();
      const pageErrors = collectErrors(page, { console: false });

      // Not signed in: the app sends the visitor to the login page.
      await page.goto(`${baseUrl}/users`);
      await expect.poll(() => new URL(page.url()).pathname).toBe('/login');
      await shot(page, 'login-desktop');

      // A wrong password gets the generic message, never a hint which of the two was wrong.
      await signIn(page, ADMIN.email, 'not-the-password');
      await expect
        .poll(() => page.getByTestId('login-error').textContent())
        .toBe('Email atau kata sandi salah.');

      // The right one opens the page asked for before signing in.
      await signIn(page, ADMIN.email, ADMIN.password);
      await page.getByRole('heading', { name: 'Pengguna', exact: true }).waitFor();
      await page.getByTestId('user-row').first().waitFor();
      expect(await page.getByTestId('user-row').count()).toBe(5);
      await expect.poll(() => page.getByTestId('deployment-area').textContent()).toBe('Kota Tangerang');
      await shot(page, 'users-desktop');

      // Create the officer through the form: role, then the kecamatan loaded from the areas API.
      await page.getByRole('button', { name: 'Tambah pengguna' }).click();
      const dialog = page.getByRole('dialog');
      await field(dialog, 'Nama lengkap').fill(OFFICER.name);
      await field(dialog, 'Email').fill(OFFICER.email);
      await choose(page, 'Peran', 'Petugas wilayah', { within: dialog });
      await choose(page, 'Kecamatan', 'Cipondoh', { within: dialog, search: 'Cipon' });
      await shot(page, 'create-user-desktop');
      await dialog.getByRole('button', { name: 'Buat akun' }).click();
      const otpField = page.getByTestId('one-time-password');
      await otpField.waitFor();
      const oneTimePassword = (await otpField.textContent())!.trim();
      expect(oneTimePassword).toMatch(/^[A-Za-z0-9]{12}$/);
      await shot(page, 'user-created-desktop');
      await dialog.getByRole('button', { name: 'Selesai' }).click();

      const officerRow = page.getByTestId('user-row').filter({ hasText: OFFICER.email });
      await officerRow.waitFor();
      expect(await officerRow.textContent()).toContain('Cipondoh');
      expect(await officerRow.textContent()).toContain('Belum ganti sandi');
      await shot(page, 'users-after-create-desktop', false);

      // The audit log shows the creation with its new values.
      await page.getByRole('link', { name: 'Log audit' }).click();
      await page.getByRole('heading', { name: 'Log audit' }).waitFor();
      await page.getByRole('button', { name: 'Tampilkan rincian' }).first().click();
      await page.getByTestId('audit-details').waitFor();
      expect(await page.getByTestId('audit-details').textContent()).toContain(OFFICER.email);
      await shot(page, 'audit-desktop');

      // Sign out, then sign in as the officer on a phone.
      await page.getByTestId('user-menu').click();
      await page.getByRole('menuitem', { name: 'Keluar' }).click();
      await page.getByRole('heading', { name: 'Masuk' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/login');

      await page.setViewportSize(PHONE);
      await shot(page, 'login-phone');
      await signIn(page, OFFICER.email, oneTimePassword);

      // Nothing but the password change until the one-time password is replaced.
      await page.getByRole('heading', { name: 'Buat kata sandi baru' }).waitFor();
      expect(await page.getByRole('navigation').count()).toBe(0);
      await shot(page, 'forced-password-change-phone');
      await field(page, 'Kata sandi sementara').fill(oneTimePassword);
      // A common password is refused, and the form says why.
      await field(page, 'Kata sandi baru').fill('password123');
      await field(page, 'Ulangi kata sandi baru').fill('password123');
      await page.getByRole('button', { name: 'Simpan kata sandi' }).click();
      await page
        .getByText('Kata sandi terlalu mudah ditebak. Ini adalah kata sandi yang umum digunakan.')
        .waitFor();
      await shot(page, 'weak-password-phone');
      await field(page, 'Kata sandi baru').fill('cipondoh-bangkit-2026');
      await field(page, 'Ulangi kata sandi baru').fill('cipondoh-bangkit-2026');
      await page.getByRole('button', { name: 'Simpan kata sandi' }).click();

      await page.getByRole('heading', { name: `Selamat datang, ${OFFICER.name}` }).waitFor();
      await expect.poll(() => page.getByTestId('home-scope').textContent()).toBe('Kecamatan Cipondoh');
      await shot(page, 'home-officer-phone');

      // The navigation sits behind the burger on a phone; an officer has no accounts, institutions or audit log.
      await page.getByRole('button', { name: 'Buka menu' }).click();
      const nav = page.getByRole('navigation');
      await nav.getByRole('link', { name: 'Wilayah' }).waitFor();
      expect(await nav.getByRole('link').allTextContents()).toEqual([
        'Beranda',
        'Usaha',
        'Pendampingan',
        'Pendamping',
        'Cakupan',
        'Hasil',
        'Pemulihan',
        'Pasar UMKM',
        'Bantuan',
        'Impor',
        'Wilayah',
      ]);
      await shot(page, 'navigation-officer-phone');
      await nav.getByRole('link', { name: 'Wilayah' }).click();

      await page.getByTestId('kecamatan-card').first().waitFor();
      const cards = await page.getByTestId('kecamatan-card').allTextContents();
      expect(cards).toHaveLength(1);
      expect(cards[0]).toContain('Cipondoh');
      expect(await page.getByText('Karawaci').count()).toBe(0);
      await shot(page, 'areas-officer-phone');

      await page.getByTestId('kecamatan-card').click();
      await page.getByRole('heading', { name: 'Kecamatan Cipondoh' }).waitFor();
      await page.getByTestId('kelurahan-table').waitFor();
      expect(await page.getByTestId('kelurahan-table').locator('tbody tr').count()).toBe(10);
      await shot(page, 'kelurahan-officer-phone');

      await page.setViewportSize(DESKTOP);
      await page.goto(`${baseUrl}/areas`);
      await page.getByTestId('kecamatan-card').first().waitFor();
      await shot(page, 'areas-officer-desktop');

      expect(pageErrors).toEqual([]);
      await context.close();
    });

    it('switches to English and remembers the choice', async () => {
      const context = await browser.newContext({ viewport: PHONE });
      const page = await context.newPage();
      await page.goto(`${baseUrl}/login`);
      await page.getByRole('heading', { name: 'Masuk' }).waitFor();
      await page.getByText('EN', { exact: true }).click();
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await page.reload();
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('en');

      await field(page, 'Email').fill(ADMIN.email);
      await field(page, 'Password').fill(ADMIN.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: `Welcome, ${ADMIN.name}` }).waitFor();
      await shot(page, 'home-admin-english-phone');

      await page.goto(`${baseUrl}/users`);
      await page.getByTestId('user-row').first().waitFor();
      await shot(page, 'users-english-phone');
      await context.close();
    });

    it('says when a locked-out login may try again, lets an admin lift the lock, and offers a retry when a list fails to load', async () => {
      // No service worker: page.route cannot answer for the requests a service worker makes itself.
      const context = await browser.newContext({ viewport: DESKTOP, serviceWorkers: 'block' });
      const page = await context.newPage();
      const pageErrors = collectErrors(page, { console: false });
      await page.goto(`${baseUrl}/login`);
      // Five wrong passwords lock the account for a while; the message says for how long.
      const attempt = async (password: string) => {
        const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'));
        await signIn(page, 'rudi.karawaci@tangerangkota.go.id', password);
        return (await answer).status();
      };
      for (let i = 1; i <= 5; i++) expect(await attempt(`wrong-${i}`)).toBe(401);
      expect(await page.getByTestId('login-error').textContent()).toBe('Email atau kata sandi salah.');
      expect(await attempt('kata-sandi-rahasia')).toBe(429);
      await expect
        .poll(() => page.getByTestId('login-error').textContent())
        .toMatch(/^Terlalu banyak percobaan masuk\. Coba lagi dalam \d+ menit\.$/);
      await shot(page, 'login-rate-limited-desktop');

      // The admin (from the same office address: the lock is the account's from there, not the address's)
      // sees the lock under Users, on a desktop and on a phone, and lifts it.
      await signIn(page, ADMIN.email, ADMIN.password);
      await page.getByRole('heading', { name: `Selamat datang, ${ADMIN.name}` }).waitFor();
      await page.goto(`${baseUrl}/users`);
      const lock = page.getByTestId('sign-in-lock').filter({ hasText: 'rudi.karawaci@tangerangkota.go.id' });
      await lock.waitFor();
      expect(await lock.textContent()).toContain('127.0.0.1');
      await lock.scrollIntoViewIfNeeded();
      await shot(page, 'sign-in-locks-desktop', false);
      await page.setViewportSize(PHONE);
      // The list redraws for the phone (cards for the table): wait for the redrawn lock, then scroll to it.
      await expect
        .poll(
          async () => {
            try {
              await lock.scrollIntoViewIfNeeded({ timeout: 5_000 });
              return true;
            } catch {
              return false;
            }
          },
          { timeout: 60_000 },
        )
        .toBe(true);
      await shot(page, 'sign-in-locks-phone', false);
      await lock.getByRole('button', { name: 'Buka kunci' }).click();
      await page.getByTestId('sign-in-locks-none').waitFor();
      await page.setViewportSize(DESKTOP);
      const audit = await t.db
        .selectFrom('audit_log')
        .select('old_values')
        .where('action', '=', 'clear_lock')
        .executeTakeFirstOrThrow();
      expect(audit.old_values).toMatchObject({ account: 'rudi.karawaci@tangerangkota.go.id' });

      // The kecamatan list fails (after the automatic retries): the page says so, and "try again" loads it.
      await page.goto(`${baseUrl}/`);
      await page.getByRole('heading', { name: `Selamat datang, ${ADMIN.name}` }).waitFor();
      let failing = true;
      await page.route('**/api/v1/areas/kecamatan', async (route) => {
        if (!failing) return route.continue();
        await route.fulfill({
          status: 500,
          contentType: 'application/problem+json',
          body: JSON.stringify({ title: 'Error', status: 500, code: 'InternalError', detail: '' }),
        });
      });
      await page.getByRole('link', { name: 'Wilayah' }).first().click();
      await page.getByRole('alert').filter({ hasText: 'Data gagal dimuat' }).waitFor();
      await shot(page, 'areas-load-failed-desktop');
      failing = false;
      await page.getByRole('button', { name: 'Coba lagi' }).click();
      await page.getByTestId('kecamatan-card').first().waitFor();
      expect(await page.getByTestId('kecamatan-card').count()).toBe(13);
      expect(pageErrors).toEqual([]);
      await context.close();
    });

    it('shows the API docs under the Content-Security-Policy', async () => {
      const context = await browser.newContext({ viewport: DESKTOP });
      const page = await context.newPage();
      const pageErrors = collectErrors(page);
      const answer = await page.goto(`${baseUrl}/api/docs`);
      expect(answer?.headers()['content-security-policy']).toContain("script-src 'self'");
      await page.locator('.swagger-ui .info .title').filter({ hasText: 'Bangkit API' }).waitFor();
      await page.locator('.opblock').first().waitFor();
      await shot(page, 'api-docs-desktop', false);
      expect(pageErrors).toEqual([]);
      await context.close();
    });
  },
);
