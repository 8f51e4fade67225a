import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/support/app.ts';
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

const SHOTS = path.join(ROOT, 'test-results/events');
const shot = shotsIn(SHOTS);
const ADMIN = { email: 'admin@tangerangkota.go.id', password: 'admin-password-1', name: 'Admin Dinas' };
/** The phone of the brief: 390 px wide. */
const PHONE_390 = { width: 390, height: 844 };

/**
 * A camera that shows one QR code: a Y4M video (one frame, repeated by Chromium) for Chromium's fake capture
 * device, so the scanner decodes a real picture of the code rather than being handed the text.
 */
function qrVideo(code: string): string {
  const qr = QRCode.create(code, { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  const W = 640;
  const H = 480;
  const scale = Math.floor(360 / (size + 8));
  const offX = Math.floor((W - size * scale) / 2);
  const offY = Math.floor((H - size * scale) / 2);
  const y = Buffer.alloc(W * H, 255);
  for (let r = 0; r < size; r += 1)
    for (let c = 0; c < size; c += 1)
      if (qr.modules.get(r, c))
        for (let dy = 0; dy < scale; dy += 1)
          y.fill(
            0,
            (offY + r * scale + dy) * W + offX + c * scale,
            (offY + r * scale + dy) * W + offX + (c + 1) * scale,
          );
  const chroma = Buffer.alloc((W / 2) * (H / 2), 128);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bangkit-qr-')), 'qr.y4m');
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, chroma, chroma]);
  fs.writeFileSync(
    file,
    Buffer.concat([Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`), frame, frame, frame]),
  );
  return file;
}

describe.skipIf(!HAS_CHROMIUM)('events in the browser', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let slug = '';
  let eventUrl = '';
  let code = '';

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

  async function adminPage(b: Browser = browser, permissions: string[] = []): Promise<Page> {
    const context = await b.newContext({ viewport: DESKTOP, locale: 'id-ID', permissions });
    context.setDefaultTimeout(120_000);
    const page = await context.newPage();
    await page.goto(`${baseUrl}/login`);
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    return page;
  }

  it('the office creates an event and publishes it', async () => {
    const page = await adminPage();
    const errors = collectErrors(page);
    await page
      .getByRole('link', { name: /^Acara/ })
      .first()
      .click();
    await page.getByRole('heading', { name: 'Acara', level: 2 }).waitFor();
    await page.getByRole('link', { name: 'Buat acara' }).first().click();
    await field(page, 'Judul').fill('Pelatihan Foto Produk');
    const date = field(page, 'Tanggal');
    const day = new Date(Date.now() + 7 * 24 * 3600 * 1000);
    await date.fill(
      `${String(day.getUTCDate()).padStart(2, '0')}/${String(day.getUTCMonth() + 1).padStart(2, '0')}/${day.getUTCFullYear()}`,
    );
    await date.press('Tab');
    await field(page, 'Tempat').fill('Aula Dinas Koperasi');
    await field(page, 'Kapasitas').fill('2');
    await field(page, 'Deskripsi').fill('Memotret produk dengan ponsel.');
    await shot(page, 'event-form-desktop');
    await page.getByRole('button', { name: 'Simpan' }).click();
    await page.getByRole('heading', { name: 'Pelatihan Foto Produk', level: 2 }).waitFor();
    await page.getByRole('button', { name: 'Terbitkan' }).click();
    await page.getByText('Terbit', { exact: true }).first().waitFor();
    eventUrl = page.url();
    const event = await t.db.selectFrom('event').select(['slug', 'state']).executeTakeFirstOrThrow();
    expect(event.state).toBe('published');
    slug = event.slug;
    await shot(page, 'event-published-desktop');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('the public page carries the event in its head, for link previews', async () => {
    const html = await (await fetch(`${baseUrl}/acara/${slug}`)).text();
    expect(html).toContain('<title>Pelatihan Foto Produk — Pelatihan · Bangkit</title>');
    expect(html).toContain(
      '<meta property="og:title" content="Pelatihan Foto Produk — Pelatihan · Bangkit" />',
    );
    expect(html).toContain('"@type":"Event"');
    expect((await fetch(`${baseUrl}/acara/tidak-ada`)).status).toBe(404);
  });

  it('a person registers on a 390 px phone and gets the QR code', async () => {
    const context = await browser.newContext({ viewport: PHONE_390, locale: 'id-ID', hasTouch: true });
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${baseUrl}/acara`);
    await page.getByTestId('public-event-card').first().waitFor();
    await shot(page, 'public-events-phone');
    await page.getByTestId('public-event-card').first().click();
    await page.getByRole('heading', { name: 'Pelatihan Foto Produk', level: 1 }).waitFor();
    await field(page, 'Nama lengkap').fill('Siti Aminah');
    await page.getByLabel(/^Nomor HP/).fill('0812 3456 7001');
    await shot(page, 'public-event-phone');
    await page.getByRole('button', { name: 'Daftar', exact: true }).click();
    await page.getByText('Siti Aminah, Anda terdaftar.').waitFor();
    const qr = page.getByRole('img', { name: 'Kode QR check-in' });
    await expect
      .poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
      .toBe(true);
    await shot(page, 'registration-qr-phone');
    code = (await page.getByTestId('my-qr').locator('.mantine-Text-root').last().textContent())!.trim();
    expect(code.length).toBeGreaterThanOrEqual(16);
    expect(page.url()).toContain('/acara/daftar/');
    // A second registration by the same phone is refused plainly.
    await page.goto(`${baseUrl}/acara/${slug}`);
    await field(page, 'Nama lengkap').fill('Siti Lagi');
    await page.getByLabel(/^Nomor HP/).fill('081234567001');
    await page.getByRole('button', { name: 'Daftar', exact: true }).click();
    await page.getByText('Nomor HP ini sudah terdaftar di acara ini.').waitFor();
    expect(errors.filter((e) => !e.includes('409'))).toEqual([]);
    await context.close();
  });

  it('an event only for businesses says so and offers no form, but a way to sign in (390 px)', async () => {
    const cookie = await t.login(ADMIN.email, ADMIN.password);
    const start = new Date(Date.now() + 9 * 24 * 3600 * 1000);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: { cookie },
      payload: {
        title: 'Klinik Ekspor',
        type: 'training',
        startsAt: start.toISOString(),
        endsAt: new Date(start.getTime() + 3 * 3600 * 1000).toISOString(),
        venue: 'Aula Dinas Koperasi',
        audience: ['business'],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const published = await t.app.inject({
      method: 'POST',
      url: `/api/v1/events/${created.json().id}/publish`,
      headers: { cookie },
    });
    const only = published.json().slug as string;

    const context = await browser.newContext({ viewport: PHONE_390, locale: 'id-ID', hasTouch: true });
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${baseUrl}/acara/${only}`);
    await page.getByRole('heading', { name: 'Klinik Ekspor', level: 1 }).waitFor();
    await page.getByText('Untuk: Pelaku usaha').waitFor();
    await page
      .getByTestId('audience-only')
      .getByText('Pendaftaran acara ini khusus untuk pelaku usaha. Masuk dengan akun Anda untuk mendaftar.')
      .waitFor();
    expect(await field(page, 'Nama lengkap').count()).toBe(0);
    await shot(page, 'business-only-event-phone');
    await page.getByRole('link', { name: 'Masuk untuk mendaftar' }).click();
    await page.waitForURL((url) => url.pathname === '/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe(`/acara/${only}`);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('staff tick a name on the list, scan a QR code with the camera, and a repeat says already', async () => {
    // A second attendee, through the API as a phone would.
    const second = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/events/${slug}/registrations`,
      payload: { name: 'Budi Santoso', phone: '081234567002' },
    });
    expect(second.statusCode).toBe(201);

    const page = await adminPage();
    await page.goto(eventUrl);
    await page.getByTestId('registration-row').first().waitFor();
    await shot(page, 'checkin-list-desktop');
    // The box follows the server: it shows ticked once the check-in is recorded.
    await page.getByLabel('Tandai Budi Santoso hadir').click();
    await page.getByTestId('checkin-result').getByText('Check-in berhasil. Budi Santoso').waitFor();
    await expect.poll(() => page.getByTestId('attended-count').textContent()).toContain('1');
    await page.context().close();

    // The phone's camera sees Siti's QR code.
    const camera = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-video-capture=${qrVideo(code)}`,
      ],
    });
    try {
      const scanner = await adminPage(camera, ['camera']);
      await scanner.goto(eventUrl);
      await scanner.getByRole('button', { name: 'Nyalakan kamera' }).click();
      await scanner.getByTestId('checkin-result').getByText('Check-in berhasil. Siti Aminah').waitFor();
      await scanner.getByRole('button', { name: 'Matikan kamera' }).click();
      await shot(scanner, 'checkin-scanned-desktop');
      // The same code again (typed from under the QR): counted once.
      await field(scanner, 'Kode check-in').fill(code);
      await scanner.getByRole('button', { name: 'Check-in', exact: true }).click();
      await scanner.getByTestId('checkin-result').getByText('Sudah check-in. Siti Aminah').waitFor();
      await expect.poll(() => scanner.getByTestId('attended-count').textContent()).toContain('2');
      await scanner.setViewportSize(PHONE_390);
      await shot(scanner, 'checkin-phone');
      await scanner.context().close();
    } finally {
      await camera.close();
    }
    const attended = await t.db
      .selectFrom('event_registration')
      .select(['name', 'attendance_source'])
      .where('checked_in_at', 'is not', null)
      .orderBy('name')
      .execute();
    expect(attended).toEqual([
      { name: 'Budi Santoso', attendance_source: 'list' },
      { name: 'Siti Aminah', attendance_source: 'scan' },
    ]);
  });
});
