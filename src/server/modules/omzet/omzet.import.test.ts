import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { importFile } from '../../../../test/support/builders.ts';
import { demoOptions } from '../../db/seed/demo.ts';
import { demoBusinessesCsv, demoOmzetCsv } from '../../db/seed/demo-data.ts';

/**
 * A turnover load larger than 50,000 reports (and than a quarter of those already kept) rebuilds the
 * dashboard aggregate in one pass instead of writing the delta counted while reading. Both ways must
 * give the same aggregate: one database takes the file at once (rebuild), the other in two halves
 * (deltas), and their histograms and figures are compared.
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
  it('rebuilds the aggregate to exactly what the deltas of smaller loads give', async () => {
    const options = { ...(await demoOptions(whole.database, whole.config, BUSINESSES)), allMonths: true };
    const businesses = [...demoBusinessesCsv(options)].join('');
    const lines = [...demoOmzetCsv(options)].join('').trimEnd().split('\n');
    const [header, ...reports] = lines;
    expect(reports.length).toBe(BUSINESSES * 24);
    // A few rows again with another amount: repeats inside one file (the later wins).
    const repeats = reports.slice(0, 30).map((line) => line.replace(/,\d+$/, ',1234567'));
    const file = (rows: string[]) => `${header}\n${rows.join('\n')}\n`;

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
    });
    expect(summaries[1].created + summaries[2].created).toBe(reports.length);

    const rebuilt = await histogram(whole);
    expect(rebuilt.length).toBeGreaterThan(1000);
    expect(await histogram(halves)).toEqual(rebuilt);

    const stats = async (t: TestApp) => {
      const admin = (await t.signedIn({ role: 'admin' })).cookie;
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/v1/omzet/stats?period=2020-08&by=kecamatan',
        headers: { cookie: admin },
      });
      return res.json().rows;
    };
    expect(await stats(halves)).toEqual(await stats(whole));
  });
});
