import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../src/server/demo/demo.ts';
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

const SHOTS = path.join(ROOT, 'test-results/registry');
const shot = shotsIn(SHOTS);

const ADMIN = { email: 'admin@tangerangkota.go.id', password: 'admin-password-1', name: 'Admin Dinas' };
const OFFICER = {
  email: 'siti.cipondoh@tangerangkota.go.id',
  password: 'cipondoh-bangkit-2026',
  name: 'Siti Rahmawati',
  areaCode: '36.71.05',
};

/** Rupiah as the Indonesian pages print it. */
const rupiah = (n: number) => `Rp ${new Intl.NumberFormat('id-ID').format(n)}`;

describe.skipIf(!HAS_CHROMIUM)('registry and recovery in the browser', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let adminCookie: string;

  /** What the API answers the admin, to compare with what the page shows. */
  async function apiGet<T>(url: string): Promise<T> {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { cookie: adminCookie } });
    expect(res.statusCode).toBe(200);
    return res.json() as T;
  }

  beforeAll(async () => {
    prepareJourney(SHOTS);
    t = await createTestApp();
    await t.makeUser({ role: 'admin', ...ADMIN });
    await t.makeUser({ role: 'area_officer', ...OFFICER });
    // 300 businesses with two years of monthly turnover, loaded through the real importers.
    await seedDemo(t.database, t.config, { id: null, label: 'test' }, 300);
    adminCookie = await t.login(ADMIN.email, ADMIN.password);
    baseUrl = await serve(t);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('an officer filters the registry, reports a month of turnover, registers a business for a known owner and imports a file', async () => {
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'id-ID', acceptDownloads: true });
    const page = await context.newPage();
    const pageErrors = collectErrors(page);

    await page.goto(`${baseUrl}/login`);
    await signIn(page, OFFICER.email, OFFICER.password);
    await page.getByRole('heading', { name: `Selamat datang, ${OFFICER.name}` }).waitFor();
    // The officer's home leads with the recovery of their kecamatan in the latest month.
    await expect.poll(() => page.getByTestId('recovery-headline').textContent()).toContain('Cipondoh');
    await shot(page, 'home-officer-desktop');

    const nav = page.getByRole('navigation');
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
    await nav.getByRole('link', { name: 'Usaha' }).click();
    await page.getByRole('heading', { name: 'Usaha', exact: true }).waitFor();
    await page.getByTestId('business-row').first().waitFor();

    // Only Cipondoh is in scope: every row is in Cipondoh, and the total is the API's.
    const inScope = await apiGet<{ total: number }>('/businesses?kecamatan=36.71.05&pageSize=1');
    await expect
      .poll(() => page.getByText(/^1–\d+ dari \d+$/).textContent())
      .toContain(`dari ${inScope.total}`);
    for (const row of await page.getByTestId('business-row').allTextContents())
      expect(row).toContain('Cipondoh');

    // Filter by one kelurahan: the list, its count and the URL follow.
    const kelurahan = await apiGet<{ code: string; name: string }[]>('/areas/kecamatan/36.71.05/kelurahan');
    const counts = await Promise.all(
      kelurahan.map(async (k) => ({
        ...k,
        total: (await apiGet<{ total: number }>(`/businesses?kelurahan=${k.code}&pageSize=1`)).total,
      })),
    );
    // A kelurahan named unlike its kecamatan, so that its name on every row says the filter worked.
    const busiest = counts.filter((k) => k.name !== 'Cipondoh').sort((a, b) => b.total - a.total)[0]!;
    await choose(page, 'Kecamatan', 'Cipondoh');
    await choose(page, 'Kelurahan', busiest.name);
    await expect.poll(() => new URL(page.url()).searchParams.get('kelurahan')).toBe(busiest.code);
    await expect
      .poll(() => page.getByText(/^\d+–\d+ dari \d+$/).textContent())
      .toBe(`1–${Math.min(25, busiest.total)} dari ${busiest.total}`);
    const rows = await page.getByTestId('business-row').allTextContents();
    expect(rows).toHaveLength(Math.min(25, busiest.total));
    for (const row of rows) expect(row).toContain(busiest.name);
    await shot(page, 'businesses-filtered-desktop');

    // The CSV export carries the same filter: one line per business after the header.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Ekspor CSV' }).click(),
    ]);
    const csv = fs.readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
    const csvLines = csv.trim().split(/\r?\n/);
    expect(csvLines[0]).toMatch(/^nik,nama_pemilik,no_hp,no_kk,nama_usaha,sektor,/);
    expect(csvLines).toHaveLength(busiest.total + 1);

    // Open a business that reported December 2021 and has a pre-pandemic baseline.
    const candidates = await apiGet<{
      items: { id: number; name: string; baselineOmzet: number | null; latest: unknown }[];
    }>(`/businesses?kelurahan=${busiest.code}&pageSize=100&period=2021-12`);
    const chosen = candidates.items.find((b) => b.baselineOmzet && b.latest)!;
    expect(chosen).toBeTruthy();
    await page.getByTestId('business-row').filter({ hasText: chosen.name }).getByRole('link').click();
    await page.getByRole('heading', { name: chosen.name }).waitFor();
    const turnover = page.getByTestId('turnover');
    await turnover.getByTestId('turnover-table').waitFor();
    // The chart follows the table: the chart library loads after the page.
    await turnover.locator('.recharts-bar-rectangle').first().waitFor();
    const reportsBefore = await turnover.getByTestId('turnover-table').locator('tbody tr').count();
    const barsBefore = await turnover.locator('.recharts-bar-rectangle').count();
    expect(barsBefore).toBe(reportsBefore);
    // The officer sees the NIK in full (UU 27/2022 allows it for this role).
    expect(await page.getByTestId('owner-nik').textContent()).toMatch(/^\d{16}$/);
    const ownerNik = (await page.getByTestId('owner-nik').textContent())!;
    const ownerName = (await page.getByTestId('owner-name').textContent())!;

    // Report January 2022: the form shows the decline the amount implies before saving.
    const amount = Math.round((chosen.baselineOmzet! * 0.6) / 1000) * 1000;
    const decline = Math.round((1000 * (chosen.baselineOmzet! - amount)) / chosen.baselineOmzet!) / 10;
    const pct = new Intl.NumberFormat('id-ID', { minimumFractionDigits: 1 }).format(decline);
    expect(await field(turnover, 'Bulan').inputValue()).toBe('Januari 2022');
    await field(turnover, 'Omzet bulan itu').fill(String(amount));
    expect(await field(turnover, 'Omzet bulan itu').inputValue()).toBe(
      new Intl.NumberFormat('id-ID').format(amount),
    );
    await expect
      .poll(() => turnover.getByTestId('implied-decline').textContent())
      .toContain(`Turun ${pct} %`);
    await shot(page, 'business-report-desktop');
    await turnover.getByRole('button', { name: 'Simpan laporan' }).click();

    // The table and the chart gain the month; the timeline records who reported it.
    const january = turnover.getByTestId('turnover-table').locator('tr[data-period="2022-01"]');
    await january.waitFor();
    expect(await january.textContent()).toContain(rupiah(amount));
    expect(await january.textContent()).toContain(`−${pct} %`);
    expect(await turnover.getByTestId('turnover-table').locator('tbody tr').count()).toBe(reportsBefore + 1);
    await expect.poll(() => turnover.locator('.recharts-bar-rectangle').count()).toBe(barsBefore + 1);
    await expect
      .poll(() => page.getByTestId('timeline-entry').first().textContent())
      .toContain('Omzet Januari 2022 dilaporkan');
    expect(await page.getByTestId('timeline-entry').first().textContent()).toContain(OFFICER.email);
    await shot(page, 'business-desktop');

    // Register a second business for the same owner: the NIK lookup offers the existing owner.
    await page.goto(`${baseUrl}/businesses`);
    await page.getByRole('link', { name: 'Tambah usaha' }).click();
    await page.getByRole('heading', { name: 'Tambah usaha' }).waitFor();
    await field(page, 'NIK').fill(ownerNik);
    const offer = page.getByTestId('owner-exists');
    await offer.waitFor();
    expect(await offer.textContent()).toContain(`Pemilik sudah terdaftar: ${ownerName} (1 usaha)`);
    await shot(page, 'create-owner-exists-desktop', false);
    await offer.getByRole('button', { name: 'Gunakan pemilik ini' }).click();
    await page.getByTestId('owner-in-use').waitFor();
    expect(await field(page, 'Nama pemilik').inputValue()).toBe(ownerName);
    expect(await field(page, 'Nama pemilik').getAttribute('readonly')).not.toBeNull();
    await field(page, 'Nama usaha').fill('Keripik Singkong Bangkit');
    await choose(page, 'Sektor', 'Kuliner');
    await choose(page, 'Kecamatan', 'Cipondoh');
    await choose(page, 'Kelurahan', busiest.name);
    await field(page, 'Modal usaha').fill('25000000');
    await field(page, 'Omzet sebelum pandemi').fill('6500000');
    await expect.poll(() => page.getByTestId('size-preview').textContent()).toContain('Mikro');
    await shot(page, 'create-business-desktop');
    await page.getByRole('button', { name: 'Daftarkan usaha' }).click();
    await page.getByRole('heading', { name: 'Keripik Singkong Bangkit' }).waitFor();
    expect(await page.getByTestId('owner-name').textContent()).toBe(ownerName);
    expect(await page.getByTestId('owner-card').textContent()).toContain('2 usaha');

    // Import a small business file: two good rows and one with an impossible NIK.
    await page.getByRole('navigation').getByRole('link', { name: 'Impor' }).click();
    await page.getByRole('heading', { name: 'Impor', exact: true }).waitFor();
    await page.getByText('Keripik Singkong Bangkit telah didaftarkan.').waitFor({ state: 'hidden' });
    const [template] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Unduh template CSV' }).click(),
    ]);
    const templateLines = fs
      .readFileSync((await template.path())!, 'utf8')
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split(/\r?\n/);
    expect(templateLines[0]).toBe(
      'nik,nama_pemilik,no_hp,no_kk,nama_usaha,sektor,kbli,alamat,kode_kelurahan,modal_usaha,omzet_tahunan,omzet_bulanan_sebelum_pandemi,tenaga_kerja,nib',
    );
    // An example row shows how each cell is written; the same template comes as XLSX.
    expect(templateLines).toHaveLength(2);
    expect(templateLines[1]).toContain(',kuliner,');
    const [xlsxTemplate] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Unduh template XLSX' }).click(),
    ]);
    expect(xlsxTemplate.suggestedFilename()).toBe('template-usaha.xlsx');
    // The coded cells explained on the page: every sector value and the kelurahan code's form.
    const values = page.getByTestId('template-values');
    for (const sector of ['kuliner', 'fesyen', 'pertanian_perikanan', 'lainnya'])
      expect(await values.textContent()).toContain(sector);
    expect(await values.textContent()).toContain('36.71.05.1001 atau 3671051001');
    await shot(page, 'import-help-desktop');
    const file = [
      'nik,nama_pemilik,no_hp,nama_usaha,sektor,kode_kelurahan,modal_usaha,omzet_bulanan_sebelum_pandemi',
      `3671054506909871,Rina Marlina,081234567801,Batik Rina Cipondoh,fesyen,${busiest.code},15000000,4000000`,
      `3671051203889872,Joko Susilo,081234567802,Bengkel Joko Cipondoh,jasa,${busiest.code},40000000,9000000`,
      `3671053213889873,Nama Salah,081234567803,Warung Tanggal Salah,kuliner,${busiest.code},5000000,2000000`,
    ].join('\n');
    await page.getByTestId('file-input').setInputFiles({
      name: 'usaha-cipondoh.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(file),
    });
    await page.getByTestId('chosen-file').waitFor();
    await page.getByRole('button', { name: 'Unggah dan impor' }).click();
    const summary = page.getByTestId('import-summary');
    await summary.waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('summary-total').textContent()).toContain('3');
    expect(await page.getByTestId('summary-created').textContent()).toContain('2');
    expect(await page.getByTestId('summary-updated').textContent()).toContain('0');
    expect(await page.getByTestId('summary-rejected').textContent()).toContain('1');
    expect(await page.getByTestId('rejection-reasons').textContent()).toContain('NIK tidak sah');
    expect(await page.getByTestId('recent-imports').textContent()).toContain('usaha-cipondoh.csv');
    await shot(page, 'import-done-desktop');

    // The same pages on a phone: cards instead of tables, charts that scroll instead of squeezing.
    await page.setViewportSize(PHONE);
    await shot(page, 'import-done-phone');
    await page.getByRole('button', { name: 'Impor berkas lain' }).click();
    await page.getByTestId('template-values').scrollIntoViewIfNeeded();
    await shot(page, 'import-help-phone');
    await page.goto(`${baseUrl}/businesses?kecamatan=36.71.05&kelurahan=${busiest.code}`);
    await page.getByTestId('businesses-cards').waitFor();
    await shot(page, 'businesses-filtered-phone');
    await page.getByTestId('business-row').filter({ hasText: chosen.name }).click();
    await page.getByRole('heading', { name: chosen.name }).waitFor();
    await page.getByTestId('turnover-table').waitFor();
    await shot(page, 'business-phone');
    await page.goto(`${baseUrl}/businesses/new`);
    await field(page, 'NIK').fill(ownerNik);
    await page.getByTestId('owner-exists').waitFor();
    await shot(page, 'create-owner-exists-phone');

    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('an admin reads the recovery dashboard by kecamatan, sector and kelurahan', async () => {
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'id-ID' });
    const page = await context.newPage();
    const pageErrors = collectErrors(page);

    await page.goto(`${baseUrl}/login`);
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.getByRole('heading', { name: `Selamat datang, ${ADMIN.name}` }).waitFor();
    await page.getByTestId('recovery-headline').waitFor();
    await shot(page, 'home-admin-desktop');
    await page.getByRole('navigation').getByRole('link', { name: 'Pemulihan' }).click();
    await page.getByRole('heading', { name: 'Pemulihan', exact: true }).waitFor();

    // The newest month with representative reporting is chosen: December 2021, not January 2022, for which
    // only the officer's one report above exists (it stays in the picker). The KPIs are the city's figures.
    const { periods, defaultPeriod } = await apiGet<{ periods: string[]; defaultPeriod: string }>(
      '/omzet/periods',
    );
    const latest = defaultPeriod;
    expect(await field(page, 'Periode').inputValue()).toBe('Desember 2021');
    expect([latest, periods.at(-1)]).toEqual(['2021-12', '2022-01']);
    const city = (
      await apiGet<{ rows: { businesses: number; reporting: number; recovered: number }[] }>(
        `/omzet/stats?period=${latest}&by=city`,
      )
    ).rows[0]!;
    const n = (v: number) => new Intl.NumberFormat('id-ID').format(v);
    await expect.poll(() => page.getByTestId('kpi-registered').textContent()).toContain(n(city.businesses));
    expect(await page.getByTestId('kpi-reporting').textContent()).toContain(n(city.reporting));
    expect(await page.getByTestId('kpi-recovered').textContent()).toContain(n(city.recovered));

    // December 2021, by kecamatan: one bar and one table row per kecamatan, the names the same.
    await choose(page, 'Periode', 'Januari 2022');
    await expect.poll(() => new URL(page.url()).searchParams.get('period')).toBe('2022-01');
    // The picker shows the month once the page has drawn it (the address changes first).
    await expect.poll(() => field(page, 'Periode').inputValue()).toBe('Januari 2022');
    await choose(page, 'Periode', 'Desember 2021');
    await expect.poll(() => new URL(page.url()).searchParams.get('period')).toBe(null);
    const table = page.getByTestId('groups-table');
    const chartNames = () =>
      page
        .getByTestId('buckets-chart')
        .locator('.recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value')
        .allTextContents();
    const tableNames = async () =>
      (await table.locator('tbody tr td:first-child').allTextContents()).map((name) =>
        name.length > 22 ? `${name.slice(0, 21)}…` : name,
      );
    const byKecamatan = await apiGet<{ rows: { name: string; reporting: number }[] }>(
      '/omzet/stats?period=2021-12&by=kecamatan',
    );
    await expect.poll(() => table.locator('tbody tr').count()).toBe(byKecamatan.rows.length);
    expect(await chartNames()).toEqual(await tableNames());
    await shot(page, 'recovery-desktop');

    // By sector: the sectors replace the kecamatan in both.
    await page.getByTestId('grouping').getByText('Sektor').click();
    const bySector = await apiGet<{ rows: { code: string }[] }>('/omzet/stats?period=2021-12&by=sector');
    await expect.poll(() => tableNames()).toContain('Kuliner');
    expect(await table.locator('tbody tr').count()).toBe(bySector.rows.length);
    expect(await chartNames()).toEqual(await tableNames());
    await shot(page, 'recovery-sector-desktop');

    // By kelurahan within Cipondoh; a row opens that kelurahan's trend.
    // Two filters chosen quickly on a slow phone (CPU slowed down) both stay: the second used to start from
    // the parameters last rendered and undo the first.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 6 });
    await page.getByTestId('grouping').getByText('Kelurahan').click();
    await choose(page, 'Kecamatan', 'Cipondoh', { within: page.getByTestId('recovery-filters') });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await cdp.detach();
    const chosen = new URL(page.url()).searchParams;
    expect([chosen.get('by'), chosen.get('kecamatan')]).toEqual(['kelurahan', '36.71.05']);
    const byKelurahan = await apiGet<{ rows: { name: string; reporting: number }[] }>(
      '/omzet/stats?period=2021-12&by=kelurahan&kecamatan=36.71.05',
    );
    await expect.poll(() => tableNames()).toEqual(byKelurahan.rows.map((r) => r.name));
    expect(await chartNames()).toEqual(await tableNames());
    const mostReporting = [...byKelurahan.rows].sort((a, b) => b.reporting - a.reporting)[0]!;
    await table
      .locator('tbody tr')
      .filter({ has: page.getByRole('cell', { name: mostReporting.name, exact: true }) })
      .click();
    await expect
      .poll(() => page.getByTestId('trend-title').textContent())
      .toBe(`Tren pemulihan — ${mostReporting.name}`);
    await expect.poll(() => page.getByTestId('trend-table').locator('tbody tr').count()).toBeGreaterThan(20);
    expect(await page.getByTestId('trend-chart').locator('.recharts-line').count()).toBe(2);
    await shot(page, 'recovery-kelurahan-desktop');

    // The README's picture: the city by kecamatan in the autumn of 2020, halfway back.
    await page.goto(`${baseUrl}/recovery?period=2020-10`);
    await page.getByTestId('groups-table').waitFor();
    await shot(page, 'recovery-kecamatan-desktop', false);

    await page.setViewportSize(PHONE);
    await page.goto(`${baseUrl}/recovery?period=2021-12`);
    await page.getByTestId('groups-table').waitFor();
    await page.getByTestId('trend-chart').waitFor();
    await shot(page, 'recovery-phone');

    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
