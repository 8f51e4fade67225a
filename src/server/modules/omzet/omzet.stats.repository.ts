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

/**
 * Adds counts computed elsewhere (an import, while reading its file) to a kept aggregate, in the
 * session's open transaction `trx`: COPYed into a temporary table, then one MERGE adds each count to its row
 * or inserts the rows the aggregate lacks; the table leaves room on its pages for the new versions of
 * the rows (migration 2026_12_06_001). Inserted with ON CONFLICT, the 329,000 rows of a second
 * 912,000-report load cost 5.7 s (measured); merged into pages without room, 3.9–4.3 s.
 */
export async function writeHistogramDelta(session: Session, trx: Executor, rows: readonly HistogramKey[]) {
  if (!rows.length) return;
  await sql`
    create temp table omzet_stat_delta (period text, dim text, code text, category smallint, bin integer,
      n integer) on commit drop`.execute(trx);
  await session.copyIn('omzet_stat_delta', HISTOGRAM_COLUMNS, [histogramLines(rows)]);
  // Not analyzed: judged by its size on disk, a large delta is joined by hashing (1.1–1.3 s for 329,000
  // rows, measured), where the row count of an ANALYZE made the planner look each one up (1.7–1.9 s).
  await sql`
    merge into omzet_stat s using omzet_stat_delta d
    on s.period = d.period and s.dim = d.dim and s.code = d.code and s.category = d.category and s.bin = d.bin
    when matched then update set n = s.n + d.n
    when not matched then insert (period, dim, code, category, bin, n)
      values (d.period, d.dim, d.code, d.category, d.bin, d.n)`.execute(trx);
  await sql`drop table omzet_stat_delta`.execute(trx);
}

const HISTOGRAM_COLUMNS = ['period', 'dim', 'code', 'category', 'bin', 'n'] as const;

/** Histogram rows in COPY's text format. */
function histogramLines(rows: readonly HistogramKey[]) {
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
  return lines;
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
  if (rows.length) await session.copyIn('omzet_stat', HISTOGRAM_COLUMNS, [histogramLines(rows)]);
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
 * Figures from the maintained histogram: per code of one dimension, for one period, some periods or
 * every period. The median comes from cumulative counts over the decline bins.
 */
export async function statsFromHistogram(
  db: Executor,
  dim: 'city' | 'kecamatan' | 'sector',
  options: { period?: string; periods?: readonly string[]; codes?: readonly string[] },
) {
  const where = [sql`dim = ${dim}`, sql`n <> 0`];
  if (options.period) where.push(sql`period = ${options.period}`);
  if (options.periods)
    where.push(options.periods.length ? sql`period in (${sql.join(options.periods)})` : sql`false`);
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
type Dim = (typeof DIMS)[number];
type Figure = StatRow & { period: string };
/** serialization_failure, unique_violation, deadlock_detected */
const CONCURRENT_WRITE = new Set(['40001', '23505', '40P01']);

/**
 * The figures of one period and dimension, from the cache when it was computed from the current
 * version of the histogram, else computed (all three dimensions of the period at once) and cached.
 */
export async function cachedFigures(db: DB, period: string, dim: Dim): Promise<StatRow[]> {
  return figuresOf(db, dim, { period });
}

/**
 * The figures of one dimension (of one code, or of every code) in one period or in every period, oldest
 * first, read from the cache in one query. Periods whose cached figures were computed from an older
 * version of the histogram are computed again first, all at once (see refreshFigures).
 */
export async function figuresOf(
  db: DB,
  dim: Dim,
  options: { period?: string; code?: string },
): Promise<Figure[]> {
  const { rows } = await sql<Figure & { current: boolean }>`
    select p.period, p.computed = p.version as current, f.code, f.reporting, f.no_baseline, f.grew, f.lt20,
           f.d20_50, f.d50_80, f.gte80, f.recovered, f.median
    from omzet_period p
    left join omzet_figure f on p.computed = p.version and f.period = p.period and f.dim = ${dim}
      ${options.code === undefined ? sql`` : sql`and f.code = ${options.code}`}
    ${options.period === undefined ? sql`` : sql`where p.period = ${options.period}`}
    order by p.period, f.code`.execute(db);
  const stale = [...new Set(rows.filter((r) => !r.current).map((r) => r.period))];
  const cached = rows.filter((r) => r.current && r.code !== null).map(({ current: _, ...r }) => r);
  if (stale.length === 0) return cached;
  const computed = (await refreshFigures(db, stale)).filter(
    (f) => f.dim === dim && (options.code === undefined || f.code === options.code),
  );
  const figures: Figure[] = [...cached, ...computed.map(({ dim: _, ...f }) => f)];
  return figures.sort((a, b) => a.period.localeCompare(b.period) || a.code.localeCompare(b.code));
}

/**
 * Computes the figures of `periods` (every dimension) from the histogram and caches them with the
 * version they were computed from. Computing runs in one repeatable-read snapshot, so figures never
 * mix two versions; when a concurrent change of the same periods makes that fail, what was computed
 * is served and nothing is cached.
 */
async function refreshFigures(db: DB, periods: readonly string[]): Promise<(Figure & { dim: Dim })[]> {
  let computed: (Figure & { dim: Dim })[] = [];
  let complete = false;
  try {
    await db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        const versions = await trx
          .selectFrom('omzet_period')
          .select(['period', 'version'])
          .where('period', 'in', periods)
          .execute();
        computed = [];
        for (const d of DIMS) {
          const rows = await statsFromHistogram(trx, d, { periods });
          for (const r of rows) computed.push({ ...r, dim: d });
        }
        complete = true;
        await trx.deleteFrom('omzet_figure').where('period', 'in', periods).execute();
        for (let i = 0; i < computed.length; i += 1000) {
          await trx
            .insertInto('omzet_figure')
            .values(
              computed.slice(i, i + 1000).map((r) => ({
                period: r.period,
                dim: r.dim,
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
            )
            .execute();
        }
        await sql`
          update omzet_period p set computed = v.version
          from unnest(${versions.map((v) => v.period)}::text[], ${versions.map((v) => v.version)}::int[])
            as v(period, version)
          where p.period = v.period`.execute(trx);
      });
  } catch (err) {
    // A concurrent change or computation of the same periods (serialization failure, the other request's
    // rows already cached, a deadlock between the two): serve what was computed, cache nothing.
    const code = (err as { code?: string }).code ?? '';
    if (!CONCURRENT_WRITE.has(code) || !complete) throw err;
  }
  return computed;
}
