import { type RawBuilder, sql } from 'kysely';
import type { DB, Session } from '../../db/database.ts';
import type { Executor } from '../audit/audit.repository.ts';
import { copyLine } from '../imports/stage.ts';
import type { OmzetFigureTable } from './omzet.table.ts';

/**
 * The maintained aggregate behind the dashboard (table omzet_stat): for each period a histogram of
 * the reports' declines (tenths of a percent) by category, for the city ('*'), each kecamatan and
 * each sector. Every change to reports or to the businesses they belong to is applied as a delta:
 * subtract the affected reports' contributions before the change, add them back after it.
 */
export async function adjustStats(
  db: Executor,
  sign: 1 | -1,
  businessIds: RawBuilder<unknown>,
  periods?: readonly string[],
) {
  const periodFilter = periods?.length ? sql`and r.period in (${sql.join(periods)})` : sql``;
  await sql`
    insert into omzet_stat (period, dim, code, category, bin, n)
    select r.period, d.dim, d.code, r.category, coalesce(r.decline_x10, 0), (${sql.lit(sign)} * count(*))::int
    from omzet_report r
    join business b on b.id = r.business_id
    cross join lateral (values ('city', '*'), ('kecamatan', b.kecamatan_code), ('sector', b.sector)) as d(dim, code)
    where b.archived_at is null and r.business_id in (${businessIds}) ${periodFilter}
    group by 1, 2, 3, 4, 5
    on conflict (period, dim, code, category, bin) do update set n = omzet_stat.n + excluded.n`.execute(db);
}

export interface HistogramKey {
  period: string;
  dim: 'city' | 'kecamatan' | 'sector';
  code: string;
  category: number;
  bin: number;
  n: number;
}

/** Adds counts computed elsewhere (an import, while reading its file) to the aggregate, set-based. */
export async function writeHistogramDelta(db: Executor, rows: readonly HistogramKey[]) {
  for (let i = 0; i < rows.length; i += 20_000) {
    const chunk = rows.slice(i, i + 20_000);
    const col = <K extends keyof HistogramKey>(k: K) => chunk.map((r) => r[k]);
    await sql`
      insert into omzet_stat (period, dim, code, category, bin, n)
      select * from unnest(${col('period')}::text[], ${col('dim')}::text[], ${col('code')}::text[],
                           ${col('category')}::int2[], ${col('bin')}::int[], ${col('n')}::int[])
      on conflict (period, dim, code, category, bin) do update set n = omzet_stat.n + excluded.n`.execute(db);
  }
}

/**
 * For a bulk load of reports in the caller's transaction: every writer of reports and of the aggregate
 * waits until it commits (a report entered, a business moved or archived, another import), readers do
 * not. Both tables at once, in the order every writer takes them, so that no writer holds one while
 * waiting for the other.
 */
export async function lockForBulkLoad(db: Executor) {
  await sql`lock table omzet_stat, omzet_report in share row exclusive mode`.execute(db);
}

export async function statsAreEmpty(db: Executor) {
  return !(await sql`select 1 from omzet_stat limit 1`.execute(db)).rows.length;
}

/**
 * Writes counts into an EMPTY aggregate by COPY (in the session's open transaction, after
 * lockForBulkLoad): a first load's histogram, several times faster than inserting it row by row.
 */
export async function copyHistogram(session: Session, rows: readonly HistogramKey[]) {
  let lines = '';
  let last: HistogramKey | undefined;
  let prefix = '';
  for (const r of rows) {
    // Rows come grouped by period, dim and code: their escaped start is made once per group.
    if (r.period !== last?.period || r.dim !== last.dim || r.code !== last.code)
      prefix = copyLine([r.period, r.dim, r.code]).slice(0, -1);
    last = r;
    lines += `${prefix}\t${r.category}\t${r.bin}\t${r.n}\n`;
  }
  if (lines) await session.copyIn('omzet_stat', ['period', 'dim', 'code', 'category', 'bin', 'n'], [lines]);
}

/** Recomputes the whole aggregate from the reports (after bulk loads that bypass the deltas). */
export async function rebuildStats(db: Executor) {
  // Inside the caller's transaction: concurrent imports and edits wait rather than interleave.
  await sql`lock table omzet_stat in exclusive mode`.execute(db);
  await sql`delete from omzet_stat`.execute(db);
  // One pass with grouping sets rather than tripling every report row.
  await sql`
    insert into omzet_stat (period, dim, code, category, bin, n)
    select r.period,
           case when grouping(b.kecamatan_code) = 0 then 'kecamatan' when grouping(b.sector) = 0 then 'sector' else 'city' end,
           coalesce(b.kecamatan_code, b.sector, '*'), r.category, coalesce(r.decline_x10, 0), count(*)::int
    from omzet_report r
    join business b on b.id = r.business_id
    where b.archived_at is null
    group by grouping sets ((r.period, r.category, coalesce(r.decline_x10, 0)),
                            (r.period, b.kecamatan_code, r.category, coalesce(r.decline_x10, 0)),
                            (r.period, b.sector, r.category, coalesce(r.decline_x10, 0)))`.execute(db);
}

/** Recomputes the denormalised category and decline of the reports of some businesses (after a baseline change). */
export async function reclassifyReports(db: Executor, businessIds: RawBuilder<unknown>): Promise<number> {
  const result = await sql`
    update omzet_report r
    set category = omzet_category(b.baseline_omzet, r.amount), decline_x10 = omzet_decline_x10(b.baseline_omzet, r.amount)
    from business b
    where b.id = r.business_id and r.business_id in (${businessIds})
      and (r.category, r.decline_x10) is distinct from
          (omzet_category(b.baseline_omzet, r.amount), omzet_decline_x10(b.baseline_omzet, r.amount))`.execute(
    db,
  );
  return Number(result.numAffectedRows ?? 0);
}

/** One group's figures: counts by bucket and the median decline in percent (null when no report has a baseline). */
export type StatRow = Omit<OmzetFigureTable, 'period' | 'dim'>;

const COUNTS = sql`
  sum(n)::int as reporting,
  coalesce(sum(n) filter (where category = 0), 0)::int as no_baseline,
  coalesce(sum(n) filter (where category = 1), 0)::int as grew,
  coalesce(sum(n) filter (where category in (2, 3)), 0)::int as lt20,
  coalesce(sum(n) filter (where category = 4), 0)::int as d20_50,
  coalesce(sum(n) filter (where category = 5), 0)::int as d50_80,
  coalesce(sum(n) filter (where category = 6), 0)::int as gte80,
  coalesce(sum(n) filter (where category in (1, 2)), 0)::int as recovered`;

/**
 * Figures from the maintained histogram: per code of one dimension, for one period or (with
 * `byPeriod`) every period. The median comes from cumulative counts over the decline bins.
 */
export async function statsFromHistogram(
  db: Executor,
  dim: 'city' | 'kecamatan' | 'sector',
  options: { period?: string; codes?: readonly string[] },
) {
  const where = [sql`dim = ${dim}`, sql`n <> 0`];
  if (options.period) where.push(sql`period = ${options.period}`);
  if (options.codes)
    where.push(options.codes.length ? sql`code in (${sql.join(options.codes)})` : sql`false`);
  const result = await sql<StatRow & { period: string }>`
    with h as (select period, code, category, bin, n from omzet_stat where ${sql.join(where, sql` and `)}),
    counts as (select period, code, ${COUNTS} from h group by period, code),
    bins as (select period, code, bin, sum(n) as n from h where category > 0 group by period, code, bin),
    cum as (
      select period, code, bin,
             (sum(n) over (partition by period, code order by bin))::bigint as c,
             (sum(n) over (partition by period, code))::bigint as t
      from bins),
    med as (
      select period, code,
             (min(bin) filter (where c >= (t + 1) / 2) + min(bin) filter (where c >= t / 2 + 1)) / 20.0 as median
      from cum group by period, code)
    select counts.*, med.median::float8 as median
    from counts left join med using (period, code)
    order by period, code`.execute(db);
  return result.rows;
}

/**
 * The same figures computed from the reports themselves, for groupings the aggregate does not
 * keep (kelurahan, or any grouping inside an officer's area, which holds few businesses).
 */
export async function statsFromReports(
  db: Executor,
  groupBy: 'city' | 'kecamatan' | 'kelurahan' | 'sector',
  options: { period?: string; within: string; sector?: string },
) {
  const key =
    groupBy === 'city'
      ? sql`${options.within}::text`
      : groupBy === 'kecamatan'
        ? sql`b.kecamatan_code`
        : groupBy === 'kelurahan'
          ? sql`b.kelurahan_code`
          : sql`b.sector`;
  const where = [
    sql`b.archived_at is null`,
    sql`(b.kelurahan_code = ${options.within} or b.kelurahan_code like ${`${options.within}.%`})`,
  ];
  if (options.period) where.push(sql`r.period = ${options.period}`);
  if (options.sector) where.push(sql`b.sector = ${options.sector}`);
  const result = await sql<StatRow & { period: string }>`
    select r.period, ${key} as code,
      count(*)::int as reporting,
      count(*) filter (where r.category = 0)::int as no_baseline,
      count(*) filter (where r.category = 1)::int as grew,
      count(*) filter (where r.category in (2, 3))::int as lt20,
      count(*) filter (where r.category = 4)::int as d20_50,
      count(*) filter (where r.category = 5)::int as d50_80,
      count(*) filter (where r.category = 6)::int as gte80,
      count(*) filter (where r.category in (1, 2))::int as recovered,
      (percentile_cont(0.5) within group (order by r.decline_x10) / 10)::float8 as median
    from omzet_report r join business b on b.id = r.business_id
    where ${sql.join(where, sql` and `)}
    group by 1, 2 order by 1, 2`.execute(db);
  return result.rows;
}

/** Registered (not archived) businesses per group inside an area. */
export async function registeredCounts(
  db: Executor,
  groupBy: 'city' | 'kecamatan' | 'kelurahan' | 'sector',
  within: string,
  sector?: string,
) {
  const key =
    groupBy === 'city'
      ? sql`${within}::text`
      : groupBy === 'kecamatan'
        ? sql`kecamatan_code`
        : groupBy === 'kelurahan'
          ? sql`kelurahan_code`
          : sql`sector`;
  const sectorFilter = sector ? sql`and sector = ${sector}` : sql``;
  const result = await sql<{ code: string; n: number }>`
    select ${key} as code, count(*)::int as n from business
    where archived_at is null and (kelurahan_code = ${within} or kelurahan_code like ${`${within}.%`}) ${sectorFilter}
    group by 1`.execute(db);
  return new Map(result.rows.map((r) => [r.code, r.n]));
}

const DIMS = ['city', 'kecamatan', 'sector'] as const;

/**
 * The figures of one period and dimension, from the cache when it was computed from the current
 * version of the histogram, else computed (all three dimensions of the period at once) and cached.
 * Computing runs in one repeatable-read snapshot, so figures never mix two versions.
 */
export async function cachedFigures(db: DB, period: string, dim: (typeof DIMS)[number]): Promise<StatRow[]> {
  const state = await db
    .selectFrom('omzet_period')
    .selectAll()
    .where('period', '=', period)
    .executeTakeFirst();
  if (!state) return [];
  if (state.computed === state.version) {
    const rows = await db
      .selectFrom('omzet_figure')
      .selectAll()
      .where('period', '=', period)
      .where('dim', '=', dim)
      .execute();
    return rows;
  }
  let computed: { dim: string; rows: StatRow[] }[] = [];
  try {
    await db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        const current = await trx
          .selectFrom('omzet_period')
          .select('version')
          .where('period', '=', period)
          .executeTakeFirstOrThrow();
        computed = [];
        for (const d of DIMS) computed.push({ dim: d, rows: await statsFromHistogram(trx, d, { period }) });
        await trx.deleteFrom('omzet_figure').where('period', '=', period).execute();
        const values = computed.flatMap(({ dim: d, rows }) =>
          rows.map((r) => ({
            period,
            dim: d as (typeof DIMS)[number],
            code: r.code,
            reporting: r.reporting,
            no_baseline: r.no_baseline,
            grew: r.grew,
            lt20: r.lt20,
            d20_50: r.d20_50,
            d50_80: r.d50_80,
            gte80: r.gte80,
            recovered: r.recovered,
            median: r.median,
          })),
        );
        if (values.length) await trx.insertInto('omzet_figure').values(values).execute();
        await trx
          .updateTable('omzet_period')
          .set({ computed: current.version })
          .where('period', '=', period)
          .execute();
      });
  } catch (err) {
    // A concurrent change of the same period (serialization failure): serve what was computed, cache nothing.
    if ((err as { code?: string }).code !== '40001' || computed.length < DIMS.length) throw err;
  }
  return computed.find((c) => c.dim === dim)!.rows;
}
