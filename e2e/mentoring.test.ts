import path from 'node:path';
import { sql } from 'kysely';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../src/server/demo/demo.ts';
import { createTestApp, type TestApp } from '../test/support/app.ts';
import { makeCase, makeMentor } from '../test/support/mentoring.ts';
import {
  collectErrors,
  DESKTOP,
  HAS_CHROMIUM,
  launchBrowser,
  PHONE,
  prepareJourney,
  ROOT,
  serve,
  shotsIn,
  signIn,
} from './support.ts';

const SHOTS = path.join(ROOT, 'test-results/mentoring');
const shot = shotsIn(SHOTS);

const ADMIN = { email: 'admin@tangerangkota.go.id', password: 'admin-password-1', name: 'Admin Dinas' };
// makeMentor signs mentors up with the test password.
const MENTOR = { email: 'dewi.pendamping@lp3w.or.id', name: 'Dewi Lestari' };

describe.skipIf(!HAS_CHROMIUM)('mentoring in the browser', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let business: { id: number; name: string };

  beforeAll(async () => {
    prepareJourney(SHOTS);
    t = await createTestApp();
    await t.makeUser({ role: 'admin', ...ADMIN });
    // The demo: 300 businesses with turnover, institutions, mentors, cases and sessions (through the importers).
    await seedDemo(t.database, t.config, { id: null, label: 'test' }, 300);
    const mentor = await makeMentor(t, { ...MENTOR, expertise: ['pemasaran', 'keuangan'] });
    business = await t.db
      .selectFrom('business as b')
      .select(['b.id', 'b.name'])
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('mentoring_case as c').select('c.id').whereRef('c.business_id', '=', 'b.id'))),
      )
      .orderBy('b.id')
      .limit(1)
      .executeTakeFirstOrThrow();
    await makeCase(t, business.id, mentor.user.id, '2024-01-10');
    baseUrl = await serve(t);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('a mentor records a session on a phone in a few taps, and it lands once with its credit', async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'id-ID', hasTouch: true });
    const page = await context.newPage();
    const pageErrors = collectErrors(page);
    await page.goto(`${baseUrl}/login`);
    await signIn(page, MENTOR.email, 'kata-sandi-rahasia');
    await page.getByRole('heading', { name: `Selamat datang, ${MENTOR.name}` }).waitFor();
    await page.getByRole('button', { name: 'Buka menu' }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'Pendampingan' }).click();
    await page.getByTestId('case-row').filter({ hasText: business.name }).waitFor();
    await shot(page, 'cases-mentor-phone');

    // One tap from the mentor's case card to the form, with the case already chosen and today's date.
    await page.getByRole('link', { name: `Catat sesi: ${business.name}` }).click();
    await page
      .getByTestId('case-picker')
      .getByRole('button', { name: new RegExp(business.name) })
      .waitFor();
    expect(
      await page
        .getByTestId('case-picker')
        .getByRole('button', { name: new RegExp(business.name) })
        .getAttribute('aria-pressed'),
    ).toBe('true');
    await shot(page, 'session-form-phone');
    await page.getByTestId('save-session').click();
    await page.getByText('Sesi tersimpan', { exact: true }).waitFor();
    await page.getByRole('heading', { name: business.name }).waitFor();
    await shot(page, 'case-after-session-phone');

    const sessions = await t.db
      .selectFrom('session_business as sb')
      .innerJoin('mentoring_session as s', 's.id', 'sb.session_id')
      .select(['s.id', 's.idempotency_key', 's.prep_minutes', 's.contact_minutes'])
      .where('sb.business_id', '=', business.id)
      .execute();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.idempotency_key).toBeTruthy();
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('the office reads coverage and outcomes on a phone and a desktop', async () => {
    // Businesses selling online, counted from the view the whole app reads (decision 0025): the board's figure.
    const { rows: online } = await sql<{ n: number }>`
      select count(*)::int as n from business b
      where b.archived_at is null and exists (select 1 from business_online_channel c where c.business_id = b.id)`.execute(
      t.db,
    );
    const sellingOnline = online[0]!.n;
    expect(sellingOnline).toBeGreaterThan(0);
    for (const [viewport, suffix] of [
      [PHONE, 'phone'],
      [DESKTOP, 'desktop'],
    ] as const) {
      const context = await browser.newContext({ viewport, locale: 'id-ID' });
      const page = await context.newPage();
      const pageErrors = collectErrors(page);
      await page.goto(`${baseUrl}/login`);
      await signIn(page, ADMIN.email, ADMIN.password);
      await page.getByRole('heading', { name: `Selamat datang, ${ADMIN.name}` }).waitFor();
      await page.goto(`${baseUrl}/mentoring/coverage`);
      await page.getByRole('heading', { name: 'Cakupan pendampingan' }).waitFor();
      await page.getByText('Cipondoh').first().waitFor();
      const onlineFigure = page.getByTestId('coverage-online-figure');
      await expect.poll(() => onlineFigure.getByTestId('figure').textContent()).toBe(String(sellingOnline));
      expect(await onlineFigure.textContent()).toContain('dari usaha terdaftar');
      if (suffix === 'desktop') {
        // The table's column: one cell per kelurahan, summing to the figure.
        const cells = await page.getByTestId('coverage-online').locator('p').allTextContents();
        expect(cells.length).toBe(104 * 2);
        const counts = cells.filter((_, i) => i % 2 === 0).map((c) => Number(c.replace(/\./g, '')));
        expect(counts.reduce((a, b) => a + b, 0)).toBe(sellingOnline);
      } else {
        await expect
          .poll(() => page.getByTestId('coverage-card').first().textContent())
          .toContain('Berjualan online');
      }
      // The grid coloured by the share selling online instead of the share mentored.
      await page.getByTestId('coverage-colour').getByText('Berjualan online').click();
      await page.getByText('persentase usaha terdaftar yang berjualan online').waitFor();
      await shot(page, `coverage-${suffix}`);
      await page.goto(`${baseUrl}/mentoring/outcomes`);
      await page.getByRole('heading', { name: 'Hasil pendampingan' }).waitFor();
      await shot(page, `outcomes-${suffix}`);
      await page.goto(`${baseUrl}/mentors`);
      await page.getByRole('heading', { name: 'Pendamping' }).first().waitFor();
      await page.getByText(MENTOR.name).first().waitFor();
      await shot(page, `mentors-${suffix}`);
      expect(pageErrors).toEqual([]);
      await context.close();
    }
  });
});
