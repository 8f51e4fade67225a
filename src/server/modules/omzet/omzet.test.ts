import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { importFile, makeBusiness, makeNik } from '../../../../test/support/builders.ts';
import { declineX10, omzetCategory } from './omzet.decline.ts';
import { rebuildStats, statsFromHistogram } from './omzet.stats.repository.ts';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await createTestApp();
  admin = (await t.signedIn({ role: 'admin' })).cookie;
});
afterAll(() => t.close());

const call = (method: 'GET' | 'PUT' | 'PATCH' | 'POST', url: string, cookie: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie }, payload });

/** The expected figures, computed naively from (baseline, amount) pairs. */
function expected(pairs: [number | null, number][]) {
  const declines = pairs.filter(([b]) => b).map(([b, a]) => ((b! - a) / b!) * 100);
  const sorted = declines.map((d) => Math.round(d * 10)).sort((x, y) => x - y);
  const mid = sorted.length / 2;
  const median =
    sorted.length === 0
      ? null
      : sorted.length % 2
        ? sorted[Math.floor(mid)]! / 10
        : (sorted[mid - 1]! + sorted[mid]!) / 20;
  return {
    reporting: pairs.length,
    noBaseline: pairs.filter(([b]) => !b).length,
    medianDeclinePct: median == null ? null : Math.round(median * 10) / 10,
    buckets: {
      grew: declines.filter((d) => d <= 0).length,
      lt20: declines.filter((d) => d > 0 && d < 20).length,
      d20_50: declines.filter((d) => d >= 20 && d < 50).length,
      d50_80: declines.filter((d) => d >= 50 && d < 80).length,
      gte80: declines.filter((d) => d >= 80).length,
    },
    recovered: declines.filter((d) => d <= 10).length,
  };
}

describe('turnover reports and recovery figures', () => {
  const cases: { kel: string; sector: string; baseline: number | null; amount: number }[] = [
    { kel: '36.71.05.1001', sector: 'kuliner', baseline: 10_000_000, amount: 8_000_000 }, // exactly 20 %
    { kel: '36.71.05.1001', sector: 'kuliner', baseline: 10_000_000, amount: 9_000_000 }, // exactly 10 %: recovered
    { kel: '36.71.05.1002', sector: 'fesyen', baseline: 3_000_000, amount: 2_400_100 }, // 19.997 %
    { kel: '36.71.05.1002', sector: 'fesyen', baseline: 5_000_000, amount: 6_000_000 }, // grew
    { kel: '36.71.07.1001', sector: 'kuliner', baseline: 4_000_000, amount: 800_000 }, // exactly 80 %
    { kel: '36.71.07.1001', sector: 'jasa', baseline: 7_000_000, amount: 3_500_000 }, // exactly 50 %
    { kel: '36.71.07.1002', sector: 'jasa', baseline: null, amount: 1_000_000 }, // no baseline
    { kel: '36.71.07.1002', sector: 'kuliner', baseline: 2_000_000, amount: 0 }, // 100 %
  ];
  const ids: number[] = [];

  it('takes one report per business per month, the new replacing the old', async () => {
    for (const [i, c] of cases.entries()) {
      const b = await makeBusiness(t, admin, {
        owner: { nik: makeNik(2000 + i), name: `Pemilik ${i}` },
        name: `Usaha Omzet ${i}`,
        kelurahanCode: c.kel,
        sector: c.sector,
        baselineOmzet: c.baseline,
      });
      ids.push(b.id);
      const first = await call('PUT', `/api/v1/businesses/${b.id}/omzet/2020-08`, admin, {
        amount: c.amount + 1,
      });
      expect(first.statusCode).toBe(200);
      const res = await call('PUT', `/api/v1/businesses/${b.id}/omzet/2020-08`, admin, { amount: c.amount });
      expect(res.json()).toMatchObject({ period: '2020-08', amount: c.amount, source: 'officer' });
    }
    const reports = (await call('GET', `/api/v1/businesses/${ids[0]}/omzet`, admin)).json();
    expect(reports).toEqual([
      expect.objectContaining({ period: '2020-08', amount: 8_000_000, declinePct: 20 }),
    ]);
    const audit = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity', '=', 'omzet_report')
      .where('entity_id', '=', String(ids[0]))
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
    expect(audit[1]).toMatchObject({ old_values: { amount: 8_000_001 }, new_values: { amount: 8_000_000 } });
    const timeline = (await call('GET', `/api/v1/businesses/${ids[0]}/timeline`, admin)).json();
    expect(timeline.map((e: { kind: string }) => e.kind)).toEqual(['create', 'omzet_create', 'omzet_update']);
    expect(timeline[2]).toMatchObject({
      summary: { period: '2020-08', amount: 8_000_000 },
      previous: { period: '2020-08' },
    });
  });

  it('refuses a future or malformed period and negative or fractional amounts', async () => {
    for (const period of ['2999-01', '2020-13', '2020-8', 'bulan-ini']) {
      const res = await call('PUT', `/api/v1/businesses/${ids[0]}/omzet/${period}`, admin, { amount: 1 });
      expect(res.statusCode, period).toBe(400);
    }
    for (const amount of [-1, 1.5, '100']) {
      const res = await call('PUT', `/api/v1/businesses/${ids[0]}/omzet/2020-09`, admin, { amount });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0].path).toBe('body.amount');
    }
  });

  it('computes the figures of the city, each kecamatan, kelurahan and sector exactly', async () => {
    const get = async (by: string, extra = '') =>
      (await call('GET', `/api/v1/omzet/stats?period=2020-08&by=${by}${extra}`, admin)).json().rows;
    const pick = (rows: { code: string }[], code: string) => rows.find((r) => r.code === code);
    const pairs = (f: (c: (typeof cases)[number]) => boolean) =>
      cases.filter(f).map((c) => [c.baseline, c.amount] as [number | null, number]);

    expect(pick(await get('city'), '36.71')).toMatchObject({ businesses: 8, ...expected(pairs(() => true)) });
    const kec = await get('kecamatan');
    expect(kec).toHaveLength(13);
    expect(pick(kec, '36.71.05')).toMatchObject({
      name: 'Cipondoh',
      ...expected(pairs((c) => c.kel.startsWith('36.71.05'))),
    });
    expect(pick(kec, '36.71.07')).toMatchObject(expected(pairs((c) => c.kel.startsWith('36.71.07'))));
    expect(pick(kec, '36.71.01')).toMatchObject({ businesses: 0, reporting: 0, medianDeclinePct: null });
    const kel = await get('kelurahan', '&kecamatan=36.71.07');
    expect(kel.map((r: { code: string }) => r.code).every((c: string) => c.startsWith('36.71.07.'))).toBe(
      true,
    );
    expect(pick(kel, '36.71.07.1002')).toMatchObject(expected(pairs((c) => c.kel === '36.71.07.1002')));
    const sectors = await get('sector');
    expect(pick(sectors, 'kuliner')).toMatchObject({
      name: 'Kuliner',
      ...expected(pairs((c) => c.sector === 'kuliner')),
    });
  });

  it('keeps the aggregate right through edits, moves and archiving (deltas equal a rebuild)', async () => {
    await call('PATCH', `/api/v1/businesses/${ids[0]}`, admin, {
      baselineOmzet: 16_000_000,
      kelurahanCode: '36.71.07.1001',
    });
    await call('PATCH', `/api/v1/businesses/${ids[6]}`, admin, { baselineOmzet: 1_000_000, sector: 'kriya' });
    await call('POST', `/api/v1/businesses/${ids[3]}/archive`, admin);
    const snapshot = async () =>
      (
        await sql<{
          k: string;
        }>`select period || dim || code || category || ':' || bin || '=' || n as k from omzet_stat where n <> 0 order by 1`.execute(
          t.db,
        )
      ).rows.map((r) => r.k);
    const maintained = await snapshot();
    await t.db.transaction().execute((trx) => rebuildStats(trx));
    expect(await snapshot()).toEqual(maintained);
    const city = (await call('GET', '/api/v1/omzet/stats?period=2020-08&by=city', admin)).json().rows[0];
    expect(city.reporting).toBe(7);
    expect(city.noBaseline).toBe(0);
  });

  it('answers many dashboards at once while their figures are computed and cached', async () => {
    for (let round = 0; round < 5; round++) {
      // The period's cached figures become stale (as after any change); many requests race to compute them.
      await sql`update omzet_period set version = version + 1 where period = '2020-08'`.execute(t.db);
      const answers = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          call(
            'GET',
            `/api/v1/omzet/stats?period=2020-08&by=${['city', 'kecamatan', 'sector'][i % 3]}`,
            admin,
          ),
        ),
      );
      expect(answers.map((a) => a.statusCode)).toEqual(answers.map(() => 200));
      const cities = answers.filter((_, i) => i % 3 === 0).map((a) => JSON.stringify(a.json().rows));
      expect(new Set(cities).size).toBe(1);
    }
  });

  it('gives an officer only their area and refuses other roles', async () => {
    const { cookie } = await t.signedIn({ role: 'area_officer', areaCode: '36.71.05' });
    const kec = (await call('GET', '/api/v1/omzet/stats?period=2020-08&by=kecamatan', cookie)).json().rows;
    expect(kec.map((r: { code: string }) => r.code)).toEqual(['36.71.05']);
    const other = await call(
      'GET',
      '/api/v1/omzet/stats?period=2020-08&by=kelurahan&kecamatan=36.71.07',
      cookie,
    );
    expect(other.statusCode).toBe(403);
    const trend = (await call('GET', '/api/v1/omzet/trend', cookie)).json();
    expect(trend.code).toBe('36.71.05');
    const { cookie: owner } = await t.signedIn({ role: 'business_owner' });
    expect((await call('GET', '/api/v1/omzet/stats?period=2020-08', owner)).statusCode).toBe(403);
  });

  it('imports reports from a file with the same row accounting', async () => {
    const csv = [
      'nik;nama_usaha;periode;omzet',
      `${makeNik(2000)};Usaha Omzet 0;2020-09;7.000.000`,
      `${makeNik(2001)};;2020-09;9000000`, // one business: name not needed
      `${makeNik(2001)};;2020-08;9000000`, // same as before: updated, unchanged
      `${makeNik(2002)};Tidak Ada;2020-09;1`,
      `${makeNik(9999)};;2020-09;1`, // unknown NIK
      `${makeNik(2004)};;2099-01;1`,
      `${makeNik(2004)};;2020-09;-3`,
      `${makeNik(2004)};;2020-09;100`,
      `${makeNik(2004)};;2020-09;200`, // same business and month again: the later wins
    ].join('\n');
    const { job } = await importFile(t, admin, 'omzet', csv);
    expect(job.summary).toEqual({
      total: 9,
      created: 3,
      updated: 2,
      rejected: 4,
      reasons: { business_unknown: 1, nik_unknown: 1, period_invalid: 1, money_invalid: 1 },
      rejectedStored: 4,
      rejectedLimit: 10_000,
      rejectedCapped: false,
    });
    const r = await t.db
      .selectFrom('omzet_report')
      .select(['amount', 'source'])
      .where('business_id', '=', ids[4]!)
      .where('period', '=', '2020-09')
      .executeTakeFirstOrThrow();
    expect(r).toEqual({ amount: 200, source: 'import' });
    const snapshot = async () =>
      (
        await sql<{
          k: string;
        }>`select period || dim || code || category || ':' || bin || '=' || n as k from omzet_stat where n <> 0 order by 1`.execute(
          t.db,
        )
      ).rows.map((x) => x.k);
    const maintained = await snapshot();
    await t.db.transaction().execute((trx) => rebuildStats(trx));
    expect(await snapshot()).toEqual(maintained);
  });

  it('serves the periods and the trend of the city, a kecamatan and a sector in step with every change', async () => {
    const trend = async (query = '') => (await call('GET', `/api/v1/omzet/trend${query}`, admin)).json();
    // What the histogram itself gives, computed afresh on every call.
    const fresh = async (dim: 'city' | 'kecamatan' | 'sector', code: string) =>
      (await statsFromHistogram(t.db, dim, { codes: [code] })).map((r) => ({
        period: r.period,
        reporting: r.reporting,
        recovered: r.recovered,
        medianDeclinePct: r.median == null ? null : Math.round(r.median * 10) / 10,
      }));
    const shown = (
      points: { period: string; reporting: number; recovered: number; medianDeclinePct: number }[],
    ) =>
      points.map(({ period, reporting, recovered, medianDeclinePct }) => ({
        period,
        reporting,
        recovered,
        medianDeclinePct,
      }));
    const check = async () => {
      const city = await trend();
      expect(city).toMatchObject({ code: '36.71', name: 'KOTA TANGERANG' });
      expect(shown(city.points)).toEqual(await fresh('city', '*'));
      expect(shown((await trend('?area=36.71.07')).points)).toEqual(await fresh('kecamatan', '36.71.07'));
      expect(shown((await trend('?sector=kuliner')).points)).toEqual(await fresh('sector', 'kuliner'));
      return city.points as { period: string; reporting: number }[];
    };
    const periods = async () => (await call('GET', '/api/v1/omzet/periods', admin)).json();
    const before = await check();
    expect(before.map((p) => p.period)).toEqual(['2020-08', '2020-09']);
    // September had fewer than half of August's reports: the dashboard opens on August.
    expect(await periods()).toEqual({ periods: ['2020-08', '2020-09'], defaultPeriod: '2020-08' });
    // A new month and a changed report show at once.
    await call('PUT', `/api/v1/businesses/${ids[4]}/omzet/2020-10`, admin, { amount: 4_000_000 });
    await call('PUT', `/api/v1/businesses/${ids[1]}/omzet/2020-09`, admin, { amount: 1_000 });
    const after = await check();
    expect(after.map((p) => p.period)).toEqual(['2020-08', '2020-09', '2020-10']);
    expect(await periods()).toEqual({ periods: ['2020-08', '2020-09', '2020-10'], defaultPeriod: '2020-08' });
    expect(after[2]).toMatchObject({ reporting: 1 });
  });

  it('counts a business registered, moved or archived on the dashboard at once', async () => {
    const registered = async (by: string, code: string) =>
      (await call('GET', `/api/v1/omzet/stats?period=2020-08&by=${by}`, admin))
        .json()
        .rows.find((r: { code: string }) => r.code === code).businesses;
    const counts = async () => [
      await registered('city', '36.71'),
      await registered('kecamatan', '36.71.01'),
      await registered('kecamatan', '36.71.02'),
      await registered('sector', 'kriya'),
    ];
    const [city, kec01, kec02, kriya] = await counts();
    expect(await counts()).toEqual([city, kec01, kec02, kriya]);
    const b = await makeBusiness(t, admin, { kelurahanCode: '36.71.01.1001', sector: 'kriya' });
    expect(await counts()).toEqual([city + 1, kec01 + 1, kec02, kriya + 1]);
    await call('PATCH', `/api/v1/businesses/${b.id}`, admin, { kelurahanCode: '36.71.02.1001' });
    expect(await counts()).toEqual([city + 1, kec01, kec02 + 1, kriya + 1]);
    await call('POST', `/api/v1/businesses/${b.id}/archive`, admin);
    expect(await counts()).toEqual([city, kec01, kec02, kriya]);
  });

  it('computes the decline with plain numbers exactly as with BigInt, for random rupiah amounts', () => {
    const exact = (baseline: number, amount: number) => {
      const b = BigInt(baseline);
      const num = 1000n * (b - BigInt(amount));
      const abs = num < 0n ? -num : num;
      const rounded = (2n * abs + b) / (2n * b);
      return Math.max(-10000, Number(num < 0n ? -rounded : rounded));
    };
    let seed = 7;
    const random = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    for (let i = 0; i < 50_000; i++) {
      const scale = 10 ** Math.floor(random() * 13);
      const baseline = 1 + Math.floor(random() * scale);
      // Amounts near the baseline and its halves, where rounding ties live, and anywhere else.
      const amount =
        i % 3 === 0
          ? Math.max(
              0,
              Math.round(baseline * (0.5 + Math.floor(random() * 3) / 4)) + Math.floor(random() * 3) - 1,
            )
          : Math.floor(random() * scale * 2);
      expect(declineX10(baseline, amount), `${baseline} ${amount}`).toBe(exact(baseline, amount));
    }
  });

  it('classifies in JS exactly as the SQL functions do, at every boundary', async () => {
    const cases: [number | null, number][] = [
      [null, 5],
      [0, 5],
      [1000, 1000],
      [1000, 1001],
      [1000, 999],
      [1000, 900],
      [1000, 899],
      [1000, 800],
      [1000, 801],
      [1000, 500],
      [1000, 501],
      [1000, 200],
      [1000, 201],
      [1000, 0],
      [3_000_000, 2_400_100],
      [8, 7],
      [16, 15],
      [7, 3],
      [2000, 1999],
      [2000, 2001],
      [1, 20],
      [1, 1_000_000],
      [999_999_999_999, 1],
      [3, 2],
      [6, 5],
      [6, 7],
      // Beyond the fast path's safe range: the exact (BigInt) path.
      [9_000_000_000_000_000, 1],
      [1_000_000, 9_000_000_000_000_000],
      [1_500_000_000_001, 1_500_000_000_000],
      [1_499_999_999_999, 749_999_999_999],
      [3, 1],
      [7, 5],
      [999_999, 999_998],
    ];
    const { rows } = await sql<{ c: number; d: number | null }>`
      select omzet_category(b, a) as c, omzet_decline_x10(b, a) as d
      from unnest(${cases.map((c) => c[0])}::bigint[], ${cases.map((c) => c[1])}::bigint[]) with ordinality as t(b, a, i)
      order by i`.execute(t.db);
    expect(cases.map(([b, a]) => ({ c: omzetCategory(b, a), d: declineX10(b, a) }))).toEqual(rows);
  });
});
