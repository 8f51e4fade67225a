import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicantJson, makeApplicant, makeProgram } from '../src/server/modules/aid/aid.fixtures.ts';
import { createTestApp, type TestApp } from '../test/support/app.ts';
import { makeBusiness } from '../test/support/builders.ts';
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

const SHOTS = path.join(ROOT, 'test-results/offline');
const shot = shotsIn(SHOTS);
const PHONE_390 = { width: 390, height: 844 };

const ADMIN = { email: 'admin@tangerangkota.go.id', password: 'admin-password-1', name: 'Admin Dinas' };
/** Two field officers of kelurahan 36.71.05.1001 (Cipondoh). */
const OFFICER = {
  email: 'rina.kel-cipondoh@tangerangkota.go.id',
  password: 'kelurahan-bangkit-2026',
  name: 'Rina Kelurahan',
  areaCode: '36.71.05.1001',
};
const COLLEAGUE = {
  email: 'dedi.kel-cipondoh@tangerangkota.go.id',
  password: 'kelurahan-bangkit-2027',
  name: 'Dedi Kelurahan',
  areaCode: '36.71.05.1001',
};
/** The smallest PNG there is: a field-check "photo". */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const BANNER = 'Anda sedang offline — perubahan disimpan di perangkat ini';

describe.skipIf(!HAS_CHROMIUM)('working without a connection', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let adminCookie: string;
  let program: string;
  let serial = 8100;

  async function newProposal() {
    serial += 1;
    const applicant = makeApplicant(serial);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/aid/programs/${program}/proposals`,
      headers: { cookie: adminCookie },
      payload: applicantJson(applicant),
    });
    expect(res.statusCode).toBe(201);
    return { id: res.json().proposal.id as number, name: applicant.nama };
  }

  async function signedInPage(viewport: { width: number; height: number }, account: typeof OFFICER) {
    const context = await browser.newContext({ viewport, locale: 'id-ID' });
    const page = await context.newPage();
    const pageErrors = collectErrors(page, { console: false });
    await page.goto(`${baseUrl}/login`);
    await signIn(page, account.email, account.password);
    await page.getByRole('heading', { name: /^Selamat datang/ }).waitFor();
    // The service worker installs (precaching the app) and takes control of the page.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 120_000 });
    return { context, page, pageErrors };
  }

  /** Opens a proposal page and does the field check with a photo (the dialog closes at once offline). */
  async function fieldCheck(page: Page, note: string) {
    const actions = page.getByTestId('proposal-actions');
    await actions.getByRole('button', { name: 'Verifikasi lapangan' }).click();
    const dialog = page.getByRole('dialog');
    await field(dialog, 'Catatan').fill(note);
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      dialog.getByTestId('attachment-input').click(),
    ]);
    await chooser.setFiles({ name: 'foto-warung.png', mimeType: 'image/png', buffer: PNG });
    await dialog.getByText('foto-warung.png').waitFor();
    await dialog.getByRole('button', { name: 'Simpan verifikasi' }).click();
    await dialog.waitFor({ state: 'hidden' });
  }

  const rows = async (table: 'aid_transition' | 'aid_attachment', proposalId: number) =>
    t.db.selectFrom(table).selectAll().where('proposal_id', '=', proposalId).execute();

  async function offline(context: BrowserContext, page: Page, on: boolean) {
    await context.setOffline(on);
    if (on) await page.getByText(BANNER).waitFor();
    else await page.getByText(BANNER).waitFor({ state: 'hidden' });
  }

  beforeAll(async () => {
    prepareJourney(SHOTS);
    t = await createTestApp();
    await t.makeUser({ role: 'admin', ...ADMIN });
    await t.makeUser({ role: 'area_officer', ...OFFICER });
    await t.makeUser({ role: 'area_officer', ...COLLEAGUE });
    adminCookie = await t.login(ADMIN.email, ADMIN.password);
    program = await makeProgram(t, adminCookie);
    baseUrl = await serve(t);
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('is installable: a manifest named after the city, icons, and a service worker asked again each time', async () => {
    const manifest = await fetch(`${baseUrl}/manifest.webmanifest`);
    expect(manifest.status).toBe(200);
    expect(manifest.headers.get('content-type')).toContain('application/manifest+json');
    const body = await manifest.json();
    expect(body).toMatchObject({
      name: 'Bangkit Kota Tangerang',
      short_name: 'Bangkit',
      lang: 'id',
      start_url: '/',
      display: 'standalone',
    });
    expect(body.description).toContain('Pemulihan UMKM Kota Tangerang');
    expect(body.icons.map((i: { sizes: string; purpose: string }) => `${i.sizes} ${i.purpose}`)).toEqual([
      '192x192 any',
      '512x512 any',
      '512x512 maskable',
    ]);
    for (const icon of body.icons) {
      const res = await fetch(`${baseUrl}${icon.src}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
    }
    const sw = await fetch(`${baseUrl}/sw.js`);
    expect(sw.status).toBe(200);
    expect(sw.headers.get('content-type')).toContain('javascript');
    expect(sw.headers.get('cache-control')).toBe('no-cache');
    // Deep links still load the app; the page names the manifest.
    const deep = await fetch(`${baseUrl}/aid/${program}/proposals/1`);
    expect(deep.headers.get('content-type')).toContain('text/html');
    expect(await deep.text()).toContain('<link rel="manifest" href="/manifest.webmanifest"');
  });

  it('keeps a turnover report and a field check with its photo made offline, and sends each once', async () => {
    const business = await makeBusiness(t, adminCookie, { name: 'Warung Bu Sari' });
    const proposal = await newProposal();
    const { context, page, pageErrors } = await signedInPage(PHONE_390, OFFICER);

    // Opened once while connected: the pages and their data are kept by the service worker.
    await page.goto(`${baseUrl}/businesses/${business.id}`);
    const turnover = page.getByTestId('turnover');
    await turnover.getByTestId('report-form').waitFor();
    await page.goto(`${baseUrl}/aid/${program}/proposals/${proposal.id}`);
    await page.getByRole('heading', { name: proposal.name }).waitFor();

    await offline(context, page, true);
    await fieldCheck(page, 'Usaha buka, foto diambil di lokasi.');
    await page.getByTestId('waiting-writes').getByRole('button', { name: 'Menunggu dikirim (1)' }).waitFor();

    // Reloaded without a connection: the app and the business page open from the device, the waiting write
    // is still there.
    await page.goto(`${baseUrl}/businesses/${business.id}`);
    await page.getByRole('heading', { name: 'Warung Bu Sari' }).waitFor();
    await page.getByText(BANNER).waitFor();
    await page.getByTestId('waiting-writes').getByRole('button', { name: 'Menunggu dikirim (1)' }).waitFor();
    const period = await field(turnover, 'Bulan').inputValue();
    await field(turnover, 'Omzet bulan itu').fill('3500000');
    await turnover.getByRole('button', { name: /Simpan laporan|Ganti laporan/ }).click();
    const waiting = page.getByTestId('waiting-writes').getByRole('button', { name: 'Menunggu dikirim (2)' });
    await waiting.waitFor();
    expect(await page.getByTestId('offline-badge').textContent()).toBe('2');
    await waiting.click();
    await page.getByText('Disimpan di perangkat ini;').first().waitFor({ state: 'hidden' });
    const list = page.getByTestId('waiting-writes').locator('li');
    expect(await list.count()).toBe(2);
    expect(await list.nth(0).textContent()).toContain(
      `Verifikasi lapangan · ${proposal.name} · dengan lampiran`,
    );
    expect(await list.nth(1).textContent()).toContain(`Omzet ${period} · Warung Bu Sari`);
    await shot(page, 'offline-waiting-phone', false);
    await page.setViewportSize(DESKTOP);
    await shot(page, 'offline-waiting-desktop', false);

    // A search never run on this device says so instead of showing other results under it.
    await page.goto(`${baseUrl}/businesses?q=Bakso`);
    await page.getByText('Pencarian tidak dapat dijalankan saat offline').waitFor();
    // A page never opened: "not available offline", not a generic error.
    await page.goto(`${baseUrl}/areas`);
    await page.getByText('Tidak tersedia offline').waitFor();
    await shot(page, 'offline-not-available-desktop', false);

    // Nothing has reached the server yet.
    expect(await rows('aid_transition', proposal.id)).toHaveLength(0);

    await offline(context, page, false);
    await page.getByTestId('waiting-writes').waitFor({ state: 'hidden', timeout: 120_000 });
    await expect
      .poll(async () => (await rows('aid_transition', proposal.id)).length, { timeout: 60_000 })
      .toBe(1);
    const [step] = await rows('aid_transition', proposal.id);
    expect(step).toMatchObject({ to_state: 'verified_kelurahan' });
    expect(await rows('aid_attachment', proposal.id)).toHaveLength(1);
    const reports = await t.db
      .selectFrom('omzet_report')
      .select(['period', 'amount'])
      .where('business_id', '=', business.id)
      .execute();
    expect(reports.map((r) => [r.period, Number(r.amount)])).toEqual([[periodCode(period), 3_500_000]]);

    // A reload sends nothing again.
    await page.reload();
    await page.waitForLoadState('networkidle');
    expect(await rows('aid_transition', proposal.id)).toHaveLength(1);
    expect(await rows('aid_attachment', proposal.id)).toHaveLength(1);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('shows a write the server refuses on arrival with its reason, until dismissed', async () => {
    const proposal = await newProposal();
    const { context, page } = await signedInPage(PHONE_390, OFFICER);
    await page.goto(`${baseUrl}/aid/${program}/proposals/${proposal.id}`);
    await page.getByRole('heading', { name: proposal.name }).waitFor();

    await offline(context, page, true);
    await fieldCheck(page, 'Sudah dikunjungi.');
    await page.getByTestId('waiting-writes').getByRole('button', { name: 'Menunggu dikirim (1)' }).waitFor();
    await page.getByText('Disimpan di perangkat ini;').waitFor({ state: 'hidden' });
    await shot(page, 'offline-banner-phone', false);
    // Meanwhile a colleague did the field check.
    const first = await t.app.inject({
      method: 'POST',
      url: `/api/v1/aid/proposals/${proposal.id}/transitions`,
      headers: { cookie: await t.login(COLLEAGUE.email, COLLEAGUE.password) },
      payload: { to: 'verified_kelurahan', note: 'Dicek pagi tadi.' },
    });
    expect(first.statusCode).toBe(200);

    await offline(context, page, false);
    const refused = page.getByTestId('refused-writes');
    await refused.getByText('Ditolak server (1)').waitFor({ timeout: 120_000 });
    expect(await refused.getByTestId('refused-write').textContent()).toContain(proposal.name);
    expect(await refused.getByTestId('refused-write').textContent()).toMatch(/sudah|tidak dapat/i);
    await shot(page, 'offline-refused-phone', false);
    await page.setViewportSize(DESKTOP);
    await shot(page, 'offline-refused-desktop', false);
    // Only the colleague's step is there.
    expect(await rows('aid_transition', proposal.id)).toHaveLength(1);

    await refused.getByRole('button', { name: `Tutup pemberitahuan ${proposal.name}` }).click();
    await refused.waitFor({ state: 'hidden' });
    await page.reload();
    await page.getByRole('heading', { name: proposal.name }).waitFor();
    expect(await page.getByTestId('refused-writes').count()).toBe(0);
    await context.close();
  });
});

/** "Desember 2026" → "2026-12". */
function periodCode(label: string): string {
  const months = [
    'Januari',
    'Februari',
    'Maret',
    'April',
    'Mei',
    'Juni',
    'Juli',
    'Agustus',
    'September',
    'Oktober',
    'November',
    'Desember',
  ];
  const [month, year] = label.split(' ');
  return `${year}-${String(months.indexOf(month!) + 1).padStart(2, '0')}`;
}
