import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localToday, shiftDay } from '../src/server/http/dates.ts';
import { applicantJson, makeApplicant, makeProgram } from '../src/server/modules/aid/aid.fixtures.ts';
import { createTestApp, type TestApp } from '../test/support/app.ts';
import { makeBusiness, makeNik } from '../test/support/builders.ts';
import { makeCase, makeMentor } from '../test/support/mentoring.ts';
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

/*
 * The work queue on Home ("Menunggu Anda") and the rest of defect 11 of issue 10, as a person sees them:
 * the queue's cards and the lists they open, one "outside your area" message, a NIK's unknown region named
 * when leaving the field, metric definitions by tap, the turnover change said plainly and never green when
 * it fell, and the business list sorted by turnover and by change.
 */

const SHOTS = path.join(ROOT, 'test-results/queue-and-polish');
const shot = shotsIn(SHOTS);
const PASSWORD = 'kata-sandi-layar-1';
const PEOPLE = {
  office: { email: 'dinas@queue.test', name: 'Dinas Antrian' },
  officer: { email: 'camat@queue.test', name: 'Camat Cipondoh' },
  lurah: { email: 'lurah@queue.test', name: 'Lurah Cipondoh' },
  karawaci: { email: 'karawaci@queue.test', name: 'Petugas Karawaci' },
};
const SIZES = [
  ['phone', { width: 390, height: 844 }],
  ['desktop', { width: 1280, height: 800 }],
] as const;
/** makeMentor signs the mentor in with the test app's default password. */
const MENTOR = { email: 'pendamping@queue.test', name: 'Pendamping Antrian', password: 'kata-sandi-rahasia' };
const UNKNOWN_REGION_NIK = '9971055203850001';
const NO_REPORT = ['tanpa laporan', 'tanpa laporan', 'tanpa laporan'];
const REGION_MESSAGE = 'Kode provinsi/kabupaten-kota pada NIK tidak dikenal.';

describe.skipIf(!HAS_CHROMIUM)('the work queue on Home and the smaller defects', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let program: string;
  let cipondohBusiness: number;
  let cipondohProposal: number;
  let quietCase: number;

  beforeAll(async () => {
    prepareJourney(SHOTS);
    t = await createTestApp();
    await t.makeUser({ role: 'admin', password: PASSWORD, ...PEOPLE.office });
    await t.makeUser({ role: 'area_officer', areaCode: '36.71.05', password: PASSWORD, ...PEOPLE.officer });
    await t.makeUser({
      role: 'area_officer',
      areaCode: '36.71.05.1001',
      password: PASSWORD,
      ...PEOPLE.lurah,
    });
    await t.makeUser({ role: 'area_officer', areaCode: '36.71.07', password: PASSWORD, ...PEOPLE.karawaci });
    const admin = await t.login(PEOPLE.office.email, PASSWORD);
    const lurah = await t.login(PEOPLE.lurah.email, PASSWORD);
    const camat = await t.login(PEOPLE.officer.email, PASSWORD);

    // Turnover of September 2026 against a baseline of 10 million: −80 %, −10 %, +20 % (median change −10 %).
    const reported: Record<string, number> = {
      'Keripik Jatuh': 2_000_000,
      'Kopi Turun': 9_000_000,
      'Batik Naik': 12_000_000,
    };
    let serial = 700;
    for (const [name, amount] of Object.entries(reported)) {
      serial += 1;
      const b = await makeBusiness(t, admin, {
        name,
        baselineOmzet: 10_000_000,
        owner: { nik: makeNik(serial) },
      });
      cipondohBusiness = b.id;
      const res = await t.app.inject({
        method: 'PUT',
        url: `/api/v1/businesses/${b.id}/omzet/2026-09`,
        headers: { cookie: admin },
        payload: { amount },
      });
      if (res.statusCode !== 200) throw new Error(res.body);
    }

    // Aid: three proposals in Cipondoh; one checked in the field and by the kecamatan, waiting for the office.
    program = await makeProgram(t, admin, { name: 'Bantuan Usaha Mikro Layar' });
    const ids: number[] = [];
    for (const s of [801, 802, 803]) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/aid/programs/${program}/proposals`,
        headers: { cookie: admin },
        payload: applicantJson(makeApplicant(s)),
      });
      if (res.statusCode !== 201) throw new Error(res.body);
      ids.push(res.json().proposal.id);
    }
    cipondohProposal = ids[0]!;
    const move = async (cookie: string, id: number, to: string) => {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/aid/proposals/${id}/transitions`,
        headers: { cookie },
        payload: { to, note: 'Dicek di lapangan' },
      });
      if (res.statusCode !== 200) throw new Error(res.body);
    };
    await move(lurah, ids[0]!, 'verified_kelurahan');
    await move(camat, ids[0]!, 'verified_kecamatan');

    // A mentor with a case opened 60 days ago and never visited since: it waits for a session.
    const mentor = await makeMentor(t, { email: MENTOR.email, name: MENTOR.name });
    quietCase = (
      await makeCase(t, cipondohBusiness, mentor.user.id, shiftDay(localToday(t.config.timezone), -60))
    ).id;

    baseUrl = await serve(t);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signedIn(
    who: keyof typeof PEOPLE,
    viewport: { width: number; height: number },
    touch = false,
  ): Promise<Page> {
    const context = await browser.newContext({ viewport, hasTouch: touch, isMobile: touch });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/login`);
    await signIn(page, PEOPLE[who].email, PASSWORD);
    await page.getByRole('heading', { name: `Selamat datang, ${PEOPLE[who].name}` }).waitFor();
    return page;
  }

  const card = (page: Page, key: string) => page.locator(`[data-testid="work-item"][data-key="${key}"]`);

  it.each(SIZES)(
    'Home shows the office what waits, and a card opens exactly those records (%s)',
    async (size, viewport) => {
      const page = await signedIn('office', viewport);
      const errors = collectErrors(page);
      const approval = card(page, 'aid.awaitingApproval');
      await approval.waitFor();
      expect(await approval.getByTestId('work-item-count').textContent()).toBe('1');
      expect(await approval.textContent()).toContain('Usulan menunggu persetujuan dinas');
      expect(await approval.textContent()).toContain('Bantuan Usaha Mikro Layar');
      // A large target on a phone: the whole card is the link.
      expect((await approval.boundingBox())!.height).toBeGreaterThanOrEqual(72);
      await shot(page, `home-office-${size}`);
      await approval.click();
      await page.waitForURL(/\/proposals\?awaiting=me/);
      await expect.poll(() => page.getByText('1–1 dari 1').count()).toBe(1);
      await page.getByText(makeApplicant(801).nama).first().waitFor();
      await shot(page, `queue-link-office-${size}`, false);
      expect(errors).toEqual([]);
      await page.context().close();
    },
  );

  it.each(SIZES)(
    'Home shows an officer their verification step, and nothing waiting elsewhere (%s)',
    async (size, viewport) => {
      const page = await signedIn('officer', viewport);
      const verify = card(page, 'aid.awaitingVerification');
      await verify.waitFor();
      // Two still need the field check; the third went up the ladder already.
      expect(await verify.getByTestId('work-item-count').textContent()).toBe('2');
      await shot(page, `home-officer-${size}`);
      await page.context().close();

      const karawaci = await signedIn('karawaci', viewport);
      await karawaci.getByTestId('work-queue-empty').waitFor();
      expect(await karawaci.getByTestId('work-queue-empty').textContent()).toContain(
        'Tidak ada yang menunggu',
      );
      await shot(karawaci, `home-nothing-waiting-${size}`, false);
      await karawaci.context().close();
    },
  );

  it.each(SIZES)(
    'Home shows a mentor their quiet case, and the card opens it (%s)',
    async (size, viewport) => {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      await page.goto(`${baseUrl}/login`);
      await signIn(page, MENTOR.email, MENTOR.password);
      await page.getByRole('heading', { name: `Selamat datang, ${MENTOR.name}` }).waitFor();
      const quiet = card(page, 'mentoring.noRecentSession');
      await quiet.waitFor();
      expect(await quiet.getByTestId('work-item-count').textContent()).toBe('1');
      expect(await quiet.textContent()).toContain('Kasus tanpa sesi dalam 30 hari');
      await shot(page, `home-mentor-${size}`);
      await quiet.click();
      await page.waitForURL(/needs=session/);
      await page.locator(`a[href="/mentoring/cases/${quietCase}"]`).first().waitFor();
      await expect.poll(() => page.getByText('1–1 dari 1').count()).toBe(1);
      await shot(page, `queue-link-mentor-${size}`, false);
      await context.close();
    },
  );

  it.each(SIZES)(
    'a record outside the area says so once, without a useless retry (%s)',
    async (size, viewport) => {
      const page = await signedIn('karawaci', viewport);
      for (const [name, url] of [
        ['business', `/businesses/${cipondohBusiness}`],
        ['proposal', `/aid/${program}/proposals/${cipondohProposal}`],
      ] as const) {
        await page.goto(`${baseUrl}${url}`);
        const message = page.getByTestId('out-of-scope');
        await message.waitFor();
        expect(await message.textContent()).toContain('Di luar wilayah Anda');
        expect(await page.getByRole('button', { name: 'Coba lagi' }).count()).toBe(0);
        expect(await page.getByText('Halaman tidak ditemukan').count()).toBe(0);
        await shot(page, `out-of-area-${name}-${size}`, false);
      }
      await page.context().close();
    },
  );

  it.each(SIZES)(
    'a NIK with an unknown region is named when leaving the field, before submitting (%s)',
    async (size, viewport) => {
      const page = await signedIn('office', viewport);
      for (const [name, url, label] of [
        ['business', '/businesses/new', 'NIK'],
        ['aid', `/aid/${program}/entry`, 'NIK'],
      ] as const) {
        await page.goto(`${baseUrl}${url}`);
        const nik = field(page, label);
        await nik.fill(UNKNOWN_REGION_NIK);
        await nik.press('Tab');
        await page.getByText(REGION_MESSAGE).first().waitFor();
        expect(await nik.getAttribute('aria-invalid')).toBe('true');
        await shot(page, `nik-region-${name}-${size}`, false);
      }
      await page.context().close();
    },
  );

  it.each(SIZES)(
    'the turnover change reads plainly, a fall is not green, and its definition opens by tap (%s)',
    async (size, viewport) => {
      const page = await signedIn('office', viewport, size === 'phone');
      const headline = page.getByTestId('recovery-headline');
      await headline.waitFor();
      await expect.poll(() => headline.textContent()).toContain('Median perubahan omzet');
      expect(await headline.textContent()).not.toContain('Median penurunan');
      const median = headline.getByText('−10,0 %', { exact: true });
      await median.waitFor();
      const [r, g] = await redGreen(median);
      expect(r, 'a fall is orange or red').toBeGreaterThan(g);
      const badge = headline.getByTestId('decline-badge');
      const [br, bg] = await redGreen(badge);
      expect(br, 'the fall badge is not green').toBeGreaterThan(bg);

      const help = headline.getByRole('button', { name: 'Penjelasan: Median perubahan omzet' });
      if (size === 'phone') await help.tap();
      else await help.click();
      await page.getByRole('note').filter({ hasText: 'Minus berarti omzet turun' }).waitFor();
      await shot(page, `metric-definition-${size}`, false);

      await page.goto(`${baseUrl}/recovery`);
      const kpi = page.getByTestId('kpi-median');
      await kpi.getByText('−10,0 %').waitFor();
      await kpi.getByRole('button', { name: 'Penjelasan: Median perubahan omzet' }).click();
      await page.getByRole('note').filter({ hasText: 'Minus berarti omzet turun' }).waitFor();
      await shot(page, `recovery-median-${size}`, false);
      await page.context().close();
    },
  );

  it.each(SIZES)('the business list sorts by turnover and by change (%s)', async (size, viewport) => {
    const page = await signedIn('office', viewport);
    await page.goto(`${baseUrl}/businesses?period=2026-09&sort=change`);
    const names = async () =>
      (await page.getByTestId('business-row').allTextContents()).map(
        (text) =>
          // The applicants' businesses made by the aid entries have no report: they come after these three.
          ['Keripik Jatuh', 'Kopi Turun', 'Batik Naik'].find((n) => text.includes(n)) ?? 'tanpa laporan',
      );
    await expect.poll(names).toEqual(['Keripik Jatuh', 'Kopi Turun', 'Batik Naik', ...NO_REPORT]);
    await shot(page, `sort-change-${size}`, false);
    await page.goto(`${baseUrl}/businesses?period=2026-09&sort=-turnover`);
    await expect.poll(names).toEqual(['Batik Naik', 'Kopi Turun', 'Keripik Jatuh', ...NO_REPORT]);
    if (size === 'desktop') {
      // The column header sorts too: the deepest fall first, then (a second click) the best growth first.
      const header = page.getByRole('columnheader', { name: /Perubahan/ });
      await header.getByRole('button').click();
      await expect.poll(() => new URL(page.url()).searchParams.get('sort')).toBe('change');
      await expect.poll(() => header.getAttribute('aria-sort')).toBe('ascending');
      await expect.poll(names).toEqual(['Keripik Jatuh', 'Kopi Turun', 'Batik Naik', ...NO_REPORT]);
      await header.getByRole('button').click();
      await expect.poll(() => new URL(page.url()).searchParams.get('sort')).toBe('-change');
      await expect.poll(names).toEqual(['Batik Naik', 'Kopi Turun', 'Keripik Jatuh', ...NO_REPORT]);
    }
    await page.context().close();
  });
});

/** The red and green of an element's text colour (a Mantine badge or figure). */
async function redGreen(locator: Locator): Promise<[number, number]> {
  const color = await locator.evaluate((el) => getComputedStyle(el).color);
  const [r, g] = (color.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  return [r!, g!];
}
