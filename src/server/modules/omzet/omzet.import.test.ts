import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { importFile } from '../../../../test/support/builders.ts';
import { demoOptions } from '../../demo/demo.ts';
import { demoBusinessesCsv, demoOmzetCsv } from '../../demo/demo-data.ts';
import { rebuildStats } from './omzet.stats.repository.ts';

/**
 * A first turnover load writes the dashboard aggregate it counted while reading by COPY into the empty
 * histogram; later loads add their counts to it as a delta. Both ways must give the same aggregate: one
 * database takes the file at once (COPY), the other in two halves (COPY, then a delta), and their
 * histograms and figures are compared.
 */
const BUSINESSES = 2_200; // × 24 months = 52,800 reports

let whole: TestApp;
let halves: TestApp;
beforeAll(async () => {
  [whole, halves] = await Promise.all([createTestApp(), createTestApp()]);
});
afterAll(async () => {
  await Promise.all([whole?.close(), halves?.close()]);
});

const histogram = async (t: TestApp) =>
  (
    await sql<{ k: string }>`
      select period || '|' || dim || '|' || code || '|' || category || '|' || bin || '=' || n as k
      from omzet_stat where n <> 0 order by 1`.execute(t.db)
  ).rows.map((r) => r.k);

describe('a large turnover load', () => {
  it("writes a first load's aggregate exactly as the deltas of smaller loads add up", async () => {
    const options = { ...(await demoOptions(whole.database, whole.config, BUSINESSES)), allMonths: true };
    const businesses = [...demoBusinessesCsv(options)].join('');
    const lines = [...demoOmzetCsv(options)].join('').trimEnd().split('\n');
    const [header, ...reports] = lines;
    expect(reports.length).toBe(BUSINESSES * 24);
    // A few rows again with another amount: repeats inside one file (the later wins).
    const repeats = reports.slice(0, 30).map((line) => line.replace(/,\d+$/, ',1234567'));
    const file = (rows: string[]) => `${header}\n${rows.join('\n')}\n`;

    const stats = async (t: TestApp) => {
      const admin = (await t.signedIn({ role: 'admin' })).cookie;
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/v1/omzet/stats?period=2020-08&by=kecamatan',
        headers: { cookie: admin },
      });
      return res.json().rows;
    };

    const summaries = [];
    for (const t of [whole, halves]) {
      const admin = (await t.signedIn({ role: 'admin' })).cookie;
      const loaded = await importFile(t, admin, 'businesses', businesses);
      expect(loaded.job.summary).toMatchObject({ created: BUSINESSES, rejected: 0 });
      if (t === whole) {
        summaries.push((await importFile(t, admin, 'omzet', file([...reports, ...repeats]))).job.summary);
      } else {
        const middle = reports.length / 2;
        summaries.push((await importFile(t, admin, 'omzet', file(reports.slice(0, middle)))).job.summary);
        // Figures computed and cached from the first half: the delta of the second must replace them.
        expect((await stats(t)).length).toBeGreaterThan(0);
        summaries.push(
          (await importFile(t, admin, 'omzet', file([...reports.slice(middle), ...repeats]))).job.summary,
        );
      }
    }
    expect(summaries[0]).toEqual({
      total: reports.length + repeats.length,
      created: reports.length,
      updated: repeats.length,
      rejected: 0,
      reasons: {},
      rejectedStored: 0,
      rejectedLimit: 10_000,
      rejectedCapped: false,
    });
    expect(summaries[1].created + summaries[2].created).toBe(reports.length);

    const rebuilt = await histogram(whole);
    expect(rebuilt.length).toBeGreaterThan(1000);
    expect(await histogram(halves)).toEqual(rebuilt);

    expect(await stats(halves)).toEqual(await stats(whole));
  });
});

describe('a turnover file that replaces reports', () => {
  let t: TestApp;
  let admin: string;
  let adminId: number;
  let header: string;
  let reports: string[];
  beforeAll(async () => {
    t = await createTestApp();
    const signed = await t.signedIn({ role: 'admin' });
    admin = signed.cookie;
    adminId = signed.user.id;
    const options = { ...(await demoOptions(t.database, t.config, 40)), allMonths: true };
    await importFile(t, admin, 'businesses', [...demoBusinessesCsv(options)].join(''));
    [header, ...reports] = [...demoOmzetCsv(options)].join('').trimEnd().split('\n');
  });
  afterAll(() => t?.close());

  const file = (rows: string[]) => `${header}\n${rows.join('\n')}\n`;
  /** The aggregate as maintained, and as a rebuild from the reports gives it. */
  const maintainedAndRebuilt = async () => {
    const maintained = await histogram(t);
    await t.db.transaction().execute((trx) => rebuildStats(trx));
    return [maintained, await histogram(t)];
  };
  const auditOf = async (jobId: number) =>
    (
      await sql<{ entity_id: string; old_values: unknown; new_values: unknown; actor_id: number }>`
        select entity_id, old_values, new_values, actor_id from audit_log
        where entity = 'omzet_report' and request_id = ${`import:${jobId}`} order by id`.execute(t.db)
    ).rows;
  const count = async (table: 'omzet_report' | 'audit_log') =>
    Number(
      (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.db)).rows[0]!.n,
    );

  it('loads a first file whole, recording who imported each report, the aggregate equal to a rebuild', async () => {
    const { job } = await importFile(t, admin, 'omzet', file(reports));
    expect(job.summary).toMatchObject({ created: reports.length, updated: 0, rejected: 0 });
    const by = await sql<{ reported_by: number; n: number }>`
      select reported_by, count(*)::int as n from omzet_report group by 1`.execute(t.db);
    expect(by.rows).toEqual([{ reported_by: adminId, n: reports.length }]);
    const [maintained, rebuilt] = await maintainedAndRebuilt();
    expect(maintained!.length).toBeGreaterThan(100);
    expect(maintained).toEqual(rebuilt);
  });

  it('takes the same file again without a change or an audit entry', async () => {
    const audits = await count('audit_log');
    const { job } = await importFile(t, admin, 'omzet', file(reports));
    expect(job.summary).toMatchObject({ total: reports.length, created: 0, updated: reports.length });
    expect(await auditOf(job.id)).toEqual([]);
    expect(await count('audit_log')).toBe(audits + 1); // the import itself
  });

  it('audits only the reports whose amount it replaces, applies repeats in order, and keeps the aggregate exact', async () => {
    const [nik, name] = reports[0]!.split(',');
    const businessId = Number(
      (
        await sql<{
          id: number;
        }>`select b.id from business b join owner o on o.id = b.owner_id where o.nik = ${nik}`.execute(t.db)
      ).rows[0]!.id,
    );
    const kept = await sql<{ period: string; amount: number }>`
      select period, amount from omzet_report where business_id = ${businessId} order by period limit 2`.execute(
      t.db,
    );
    const [first, second] = kept.rows;
    const rows = [
      `${nik},${name},${first!.period},${first!.amount + 1000}`, // replaces a kept amount
      `${nik},${name},${second!.period},${second!.amount}`, // the same amount: no change
      `${nik},${name},2022-01,5000000`, // new
      `${nik},${name},2022-01,6000000`, // the same new report again: the later wins
      `${nik},${name},${second!.period},${second!.amount + 7000}`, // a kept report, changed by its repeat
    ];
    const before = await count('omzet_report');
    const { job } = await importFile(t, admin, 'omzet', file(rows));
    expect(job.summary).toMatchObject({ total: 5, created: 1, updated: 4, rejected: 0, reasons: {} });
    expect(await count('omzet_report')).toBe(before + 1);
    const now = await sql<{ period: string; amount: number; source: string; reported_by: number }>`
      select period, amount, source, reported_by from omzet_report
      where business_id = ${businessId} and period in (${first!.period}, ${second!.period}, '2022-01') order by period`.execute(
      t.db,
    );
    expect(now.rows).toEqual([
      { period: first!.period, amount: first!.amount + 1000, source: 'import', reported_by: adminId },
      { period: second!.period, amount: second!.amount + 7000, source: 'import', reported_by: adminId },
      { period: '2022-01', amount: 6_000_000, source: 'import', reported_by: adminId },
    ]);
    expect(await auditOf(job.id)).toEqual([
      {
        entity_id: String(businessId),
        actor_id: adminId,
        old_values: { period: first!.period, amount: first!.amount, source: 'import' },
        new_values: { period: first!.period, amount: first!.amount + 1000, source: 'import' },
      },
      {
        entity_id: String(businessId),
        actor_id: adminId,
        old_values: { period: second!.period, amount: second!.amount, source: 'import' },
        new_values: { period: second!.period, amount: second!.amount + 7000, source: 'import' },
      },
    ]);
    const [maintained, rebuilt] = await maintainedAndRebuilt();
    expect(maintained).toEqual(rebuilt);
  });

  it('replaces only the months a file names, whichever way the kept reports are looked up', async () => {
    const [nik, name] = reports[24 * 5]!.split(',');
    const business = (
      await sql<{ id: number }>`
        select b.id from business b join owner o on o.id = b.owner_id where o.nik = ${nik}`.execute(t.db)
    ).rows[0]!.id;
    const keptOf = async () =>
      (
        await sql<{ period: string; amount: number }>`
          select period, amount from omzet_report where business_id = ${business} order by period`.execute(
          t.db,
        )
      ).rows;
    const before = await keptOf();
    expect(before.length).toBeGreaterThanOrEqual(6);
    // Months 1 and 3: asked for as the business over months 1–3 (month 2 comes back and stays as it was).
    // Months 1 and 6 of another file: too sparse for that, asked for one by one.
    const [m1, , m3, , , m6] = before;
    for (const months of [
      [m1!, m3!],
      [m1!, m6!],
    ]) {
      const { job } = await importFile(
        t,
        admin,
        'omzet',
        file(months.map((m) => `${nik},${name},${m.period},${m.amount + 500}`)),
      );
      expect(job.summary).toMatchObject({ total: 2, created: 0, updated: 2, rejected: 0 });
      for (const m of months) m.amount += 500;
      expect(await keptOf()).toEqual(before);
      expect((await auditOf(job.id)).length).toBe(2);
    }
    const [maintained, rebuilt] = await maintainedAndRebuilt();
    expect(maintained).toEqual(rebuilt);
  });

  it('leaves nothing of a file that turns out broken after rows were already written', async () => {
    const reportsBefore = await count('omzet_report');
    const auditsBefore = await count('audit_log');
    const statsBefore = await histogram(t);
    // 5,760 new reports (more than the first batch of 5,000, which is COPYed before the rest is read),
    // then a quote that is never closed.
    const years = ['2010', '2011', '2012', '2013', '2014', '2015'];
    const fresh = years.flatMap((year) => reports.map((line) => line.replace(/,20(20|21)-/, `,${year}-`)));
    const broken = `${file(fresh)}${reports[0]},"unclosed\n`;
    const { job } = await importFile(t, admin, 'omzet', broken);
    expect(job.status).toBe('failed');
    expect(job.error.code).toBe('FileCorrupt');
    expect(await count('omzet_report')).toBe(reportsBefore);
    expect(await count('audit_log')).toBe(auditsBefore);
    expect(await histogram(t)).toEqual(statsBefore);
  });
});
