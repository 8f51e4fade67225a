import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/support/app.ts';
import { makeEventWithAttendees } from '../test/support/certificates.ts';
import {
  collectErrors,
  DESKTOP,
  field,
  HAS_CHROMIUM,
  launchBrowser,
  prepareJourney,
  ROOT,
  serve,
  shotsIn,
  signIn,
} from './support.ts';

const SHOTS = path.join(ROOT, 'test-results/certificates');
const shot = shotsIn(SHOTS);
const PHONE_390 = { width: 390, height: 844 };
const ADMIN = { email: 'admin@tangerangkota.go.id', password: 'admin-password-1', name: 'Admin Dinas' };

describe.skipIf(!HAS_CHROMIUM)('certificates in the browser', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let eventId: number;

  beforeAll(async () => {
    prepareJourney(SHOTS);
    t = await createTestApp();
    await t.makeUser({ role: 'admin', ...ADMIN });
    const { event } = await makeEventWithAttendees(t, {
      title: 'Pelatihan Foto Produk',
      attended: ['Siti Aminah', 'Joko Santoso'],
      absent: ['Rina Tidak Datang'],
    });
    eventId = event.id;
    baseUrl = await serve(t);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('the office issues to those who attended, downloads them, a phone verifies one, and sees it revoked', async () => {
    const desk = await browser.newContext({ viewport: DESKTOP, locale: 'id-ID', acceptDownloads: true });
    const page = await desk.newPage();
    const pageErrors = collectErrors(page);
    await page.goto(`${baseUrl}/login`);
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.getByRole('heading', { name: `Selamat datang, ${ADMIN.name}` }).waitFor();

    // Issue from the event's page: only the two who checked in get one.
    await page.goto(`${baseUrl}/events/${eventId}`);
    await page.getByRole('tab', { name: 'Sertifikat' }).click();
    await page.getByText('Belum ada sertifikat untuk acara ini.').waitFor();
    await page.getByRole('button', { name: 'Terbitkan sertifikat' }).click();
    const dialog = page.getByRole('dialog');
    await field(dialog, 'Nama penanda tangan').fill('Drs. Budi Santoso');
    await field(dialog, 'Jabatan penanda tangan').fill('Kepala Dinas Koperasi dan UMKM');
    await dialog.getByRole('button', { name: 'Terbitkan sertifikat' }).click();
    await page.getByText('2 sertifikat baru diterbitkan; 0 peserta sudah punya.').waitFor();
    const cards = page.getByTestId('event-certificates').getByTestId('certificate-card');
    await cards.filter({ hasText: 'Siti Aminah' }).waitFor();
    expect(await cards.count()).toBe(2);
    expect(await page.getByTestId('event-certificates').textContent()).not.toContain('Rina Tidak Datang');
    await shot(page, 'event-certificates-desktop');

    // One PDF, then all of them as a ZIP.
    const [pdf] = await Promise.all([
      page.waitForEvent('download'),
      cards.filter({ hasText: 'Siti Aminah' }).getByRole('button', { name: /PDF/ }).click(),
    ]);
    expect(pdf.suggestedFilename()).toMatch(/^sertifikat-BKT-\d{4}-\d{6}\.pdf$/);
    expect(
      fs
        .readFileSync((await pdf.path())!)
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    const [zip] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Unduh semua (ZIP)' }).click(),
    ]);
    expect(zip.suggestedFilename()).toBe(
      `sertifikat-${(await t.db.selectFrom('event').select('slug').where('id', '=', eventId).executeTakeFirstOrThrow()).slug}.zip`,
    );
    expect(
      fs
        .readFileSync((await zip.path())!)
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');

    const { code, number } = await t.db
      .selectFrom('certificate')
      .select(['code', 'number'])
      .where('holder_name', '=', 'Siti Aminah')
      .executeTakeFirstOrThrow();

    // Anyone with the QR code: a phone, no sign-in.
    const phone = await browser.newContext({ viewport: PHONE_390, locale: 'id-ID', hasTouch: true });
    const verify = await phone.newPage();
    const verifyErrors = collectErrors(verify);
    await verify.goto(`${baseUrl}/verify/${code}`);
    await verify.getByText('SAH', { exact: true }).waitFor();
    await verify.getByText('Siti Aminah').waitFor();
    await verify.getByText(number).waitFor();
    expect(await verify.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(verify, 'verify-valid-phone');

    // The office revokes it from the list, with a reason.
    await page.goto(`${baseUrl}/events`);
    await page.getByRole('link', { name: 'Sertifikat' }).click();
    await page.getByRole('heading', { name: 'Sertifikat', level: 2, exact: true }).waitFor();
    const row = page.getByTestId('certificate-row').filter({ hasText: 'Siti Aminah' });
    await row.getByRole('button', { name: 'Cabut' }).click();
    const revoke = page.getByRole('dialog');
    await field(revoke, 'Alasan pencabutan').fill('Nama peserta salah ketik');
    await revoke.getByRole('button', { name: 'Cabut sertifikat' }).click();
    await page.getByText(`Sertifikat ${number} dicabut.`).waitFor();
    await row.getByTestId('certificate-status').filter({ hasText: 'Dicabut' }).waitFor();
    await shot(page, 'certificates-list-desktop');

    // The phone now reads it as revoked, with the date and the reason.
    await verify.reload();
    await verify.getByText('DICABUT', { exact: true }).waitFor();
    await verify.getByText('Alasan: Nama peserta salah ketik').waitFor();
    await verify.getByText(/Dicabut pada \d{1,2} \w+ \d{4}\./).waitFor();
    expect(await verify.getByRole('link', { name: 'Unduh sertifikat (PDF)' }).count()).toBe(0);
    await shot(verify, 'verify-revoked-phone');

    expect(pageErrors).toEqual([]);
    expect(verifyErrors).toEqual([]);
    await desk.close();
    await phone.close();
  }, 300_000);
});
