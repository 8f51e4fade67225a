import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../src/server/demo/demo.ts';
import { nextPeriod } from '../src/web/components/periods.ts';
import { createTestApp, type TestApp } from '../test/support/app.ts';
import { makeBusiness } from '../test/support/builders.ts';
import {
  choose,
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

const SHOTS = path.join(ROOT, 'test-results/recovery');
const shot = shotsIn(SHOTS);
/** The width of the phones the officers carry. */
const PHONE = { width: 390, height: 844 };

const ADMIN = { email: 'admin.pulih@tangerangkota.go.id', password: 'admin-password-1', name: 'Admin Pulih' };
const OFFICER = {
  email: 'rina.cipondoh@tangerangkota.go.id',
  password: 'cipondoh-pulih-2026',
  name: 'Rina Cipondoh',
  areaCode: '36.71.05',
};

/** A month as the Indonesian pages print it: "Desember 2021" (long) or "Des 2021" (short). */
const month = (period: string, style: 'long' | 'short' = 'long') => {
  const [year, m] = period.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat('id-ID', { month: style, year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, m - 1, 1)),
  );
};

/** The right edge of an element, to tell whether a phone shows it without scrolling sideways. */
async function rightEdge(page: Page, testId: string, header: string) {
  const cell = page.getByTestId(testId).getByRole('columnheader', { name: header, exact: true });
  const box = (await cell.boundingBox())!;
  return box.x + box.width;
}

describe.skipIf(!HAS_CHROMIUM)('the recovery figures in the browser', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let adminCookie: string;

  async function api<T>(method: 'GET' | 'PUT', url: string, payload?: object): Promise<T> {
    const res = await t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { cookie: adminCookie },
      payload,
    });
    expect(res.statusCode).toBe(200);
    return res.json() as T;
  }

  beforeAll(async () => {
    prepareJourney(SHOTS);
    t = await createTestApp();
    await t.makeUser({ role: 'admin', ...ADMIN });
    await t.makeUser({ role: 'area_officer', ...OFFICER });
    await seedDemo(t.database, t.config, { id: null, label: 'test' }, 120);
    adminCookie = await t.login(ADMIN.email, ADMIN.password);
    baseUrl = await serve(t);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('opens on the month with representative reporting everywhere; a later sparse month stays selectable', async () => {
    // One business reports the two months after everyone else's latest: the headline must not jump there.
    const { periods, defaultPeriod } = await api<{ periods: string[]; defaultPeriod: string }>(
      'GET',
      '/omzet/periods',
    );
    const sparse1 = nextPeriod(periods.at(-1)!);
    const sparse2 = nextPeriod(sparse1);
    const early = await makeBusiness(t, adminCookie, { name: 'Warung Lapor Duluan' });
    for (const p of [sparse1, sparse2])
      await api('PUT', `/businesses/${early.id}/omzet/${p}`, { amount: 900_000 });

    const context = await browser.newContext({ viewport: DESKTOP, locale: 'id-ID' });
    const page = await context.newPage();
    const pageErrors = collectErrors(page);
    await page.goto(`${baseUrl}/login`);
    await signIn(page, ADMIN.email, ADMIN.password);
    const headline = page.getByTestId('recovery-headline');
    await expect.poll(() => headline.textContent()).toContain(`Kota Tangerang · ${month(defaultPeriod)}`);
    expect(await headline.textContent()).not.toContain(month(sparse2));
    await expect.poll(() => page.getByTestId('recovery-period-rule').textContent()).toContain('separuh');
    await shot(page, 'home-default-period-desktop');

    await page.getByRole('navigation').getByRole('link', { name: 'Pemulihan' }).click();
    await expect.poll(() => field(page, 'Periode').inputValue()).toBe(month(defaultPeriod));
    await expect.poll(() => page.getByTestId('recovery-filters').textContent()).toContain('separuh');
    // Beside the recovery: the businesses selling online in the area shown, with their share and its definition.
    const city = (
      await api<{ rows: { sellingOnline: number; businesses: number }[] }>(
        'GET',
        `/omzet/stats?period=${defaultPeriod}&by=city`,
      )
    ).rows[0]!;
    const online = page.getByTestId('kpi-online');
    await expect.poll(() => online.locator('p').nth(1).textContent()).toBe(String(city.sellingOnline));
    expect(await online.textContent()).toContain('dari usaha terdaftar');
    await online.getByRole('button', { name: 'Penjelasan: Berjualan online' }).click();
    await expect.poll(() => page.getByRole('note').textContent()).toContain('marketplace lain');
    await page.keyboard.press('Escape');
    await choose(page, 'Periode', month(sparse2));
    await expect.poll(() => page.getByTestId('kpi-reporting').locator('p').nth(1).textContent()).toBe('1');
    await shot(page, 'recovery-sparse-month-desktop');

    await page.getByRole('navigation').getByRole('link', { name: 'Usaha' }).click();
    await expect
      .poll(() => field(page, 'Periode omzet').getAttribute('placeholder'))
      .toBe(`Terbaru (${month(defaultPeriod, 'short')})`);

    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('draws a month without a report as a gap on a regular monthly axis', async () => {
    const gappy = await makeBusiness(t, adminCookie, { name: 'Toko Bolong', baselineOmzet: 5_000_000 });
    // January, February, then nothing until May: two empty months between the second and third bar.
    for (const p of ['2021-01', '2021-02', '2021-05'])
      await api('PUT', `/businesses/${gappy.id}/omzet/${p}`, { amount: 4_000_000 });
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'id-ID' });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/login`);
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.getByRole('heading', { name: `Selamat datang, ${ADMIN.name}` }).waitFor();
    await page.goto(`${baseUrl}/businesses/${gappy.id}`);
    const bars = page.getByTestId('turnover-chart').locator('.recharts-bar-rectangle path');
    await expect.poll(() => bars.count()).toBe(3);
    const x = await Promise.all([0, 1, 2].map(async (i) => (await bars.nth(i).boundingBox())!.x));
    const step = x[1]! - x[0]!;
    expect(x[2]! - x[1]!).toBeCloseTo(3 * step, 0);
    await shot(page, 'turnover-gap-desktop');
    await context.close();
  });

  it('gives an officer on a phone the kelurahan of their kecamatan and "Pulih" in view', async () => {
    const context = await browser.newContext({
      viewport: PHONE,
      locale: 'id-ID',
      hasTouch: true,
      isMobile: true,
    });
    const page = await context.newPage();
    const pageErrors = collectErrors(page);
    await page.goto(`${baseUrl}/login`);
    await signIn(page, OFFICER.email, OFFICER.password);
    await page.getByTestId('recovery-headline').waitFor();
    await page.goto(`${baseUrl}/recovery`);
    await page.getByTestId('groups-table').waitFor();
    await page.getByTestId('trend-chart').waitFor();

    // The key figure sits beside the name in both tables, inside the phone's width.
    expect(await rightEdge(page, 'groups-table', 'Pulih')).toBeLessThan(PHONE.width - 40);
    expect(await rightEdge(page, 'trend-table', 'Pulih')).toBeLessThan(PHONE.width - 40);
    await shot(page, 'recovery-officer-phone');

    // The trend's kelurahan picker works at once: the officer's kecamatan is the only one they see.
    const trend = page.getByTestId('trend');
    const kelurahan = await api<{ code: string; name: string }[]>(
      'GET',
      '/areas/kecamatan/36.71.05/kelurahan',
    );
    const chosen = kelurahan.at(-1)!;
    expect(await field(trend, 'Kelurahan').isEnabled()).toBe(true);
    await choose(page, 'Kelurahan', chosen.name, { within: trend });
    await expect
      .poll(() => page.getByTestId('trend-title').textContent())
      .toBe(`Tren pemulihan — ${chosen.name}`);
    expect(new URL(page.url()).searchParams.get('area')).toBe(chosen.code);
    await shot(page, 'recovery-officer-kelurahan-phone');

    expect(pageErrors).toEqual([]);
    await context.close();
  });
  it('shows the institutions whole: a table that fits on a desktop, cards on a phone', async () => {
    for (const viewport of [DESKTOP, PHONE]) {
      const context = await browser.newContext({ viewport, locale: 'id-ID' });
      const page = await context.newPage();
      await page.goto(`${baseUrl}/login`);
      await signIn(page, ADMIN.email, ADMIN.password);
      await page.getByRole('heading', { name: `Selamat datang, ${ADMIN.name}` }).waitFor();
      await page.goto(`${baseUrl}/institutions`);
      await page.getByTestId('institution-row').first().waitFor();
      if (viewport === DESKTOP) {
        // Nothing cut off on the right: the table is no wider than the box that holds it.
        const fits = await page
          .getByTestId('institutions-table')
          .evaluate(
            (table) =>
              table.getBoundingClientRect().right <= table.parentElement!.getBoundingClientRect().right + 1,
          );
        expect(fits).toBe(true);
      } else {
        expect(await page.getByTestId('institutions-table').count()).toBe(0);
        const card = (await page.getByTestId('institution-row').first().boundingBox())!;
        expect(card.x + card.width).toBeLessThanOrEqual(PHONE.width);
      }
      await shot(page, `institutions-${viewport === DESKTOP ? 'desktop' : 'phone'}`);
      await context.close();
    }
  });
});
