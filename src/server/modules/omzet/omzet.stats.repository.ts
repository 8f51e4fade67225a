import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../audit/audit.repository.ts';

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

/** Recomputes the whole aggregate from the reports (after bulk loads that bypass the deltas). */
export async function rebuildStats(db: Executor) {
  await sql`delete from omzet_stat`.execute(db);
  await sql`
    insert into omzet_stat (period, dim, code, category, bin, n)
    select r.period, d.dim, d.code, r.category, coalesce(r.decline_x10, 0), count(*)::int
    from omzet_report r
    join business b on b.id = r.business_id
    cross join lateral (values ('city', '*'), ('kecamatan', b.kecamatan_code), ('sector', b.sector)) as d(dim, code)
    where b.archived_at is null
    group by 1, 2, 3, 4, 5`.execute(db);
}

/** Recomputes the denormalised category and decline of the reports of some businesses (after a baseline change). */
export async function reclassifyReports(db: Executor, businessIds: RawBuilder<unknown>) {
  await sql`
    update omzet_report r
    set category = omzet_category(b.baseline_omzet, r.amount), decline_x10 = omzet_decline_x10(b.baseline_omzet, r.amount)
    from business b
    where b.id = r.business_id and r.business_id in (${businessIds})
      and (r.category, r.decline_x10) is distinct from
          (omzet_category(b.baseline_omzet, r.amount), omzet_decline_x10(b.baseline_omzet, r.amount))`.execute(db);
}
