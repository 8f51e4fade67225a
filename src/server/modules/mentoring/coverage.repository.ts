import { type RawBuilder, sql } from 'kysely';
import { isWithinArea } from '../../../shared/area-code.ts';
import { withinScopeSql } from '../../http/scope.ts';
import type { Executor } from '../audit/audit.repository.ts';
import type { CoverageLevel } from './coverage.schema.ts';

export interface CoverageFilter {
  level: CoverageLevel;
  /** The caller's area: only kelurahan inside it are rows. */
  scope: string;
  /** Only the kelurahan of this kecamatan. */
  kecamatan?: string;
  /** Today (YYYY-MM-DD) in the deployment's time zone: the 30-day window ends here. */
  today: string;
  /** Count only mentors (cases, sessions, covered kelurahan) of this institution. */
  institutionId?: number;
}

export interface CoverageRecord {
  code: string;
  name: string;
  kecamatan_code: string;
  kecamatan_name: string;
  kelurahan: number;
  businesses: number;
  /** Businesses (not archived) selling online: at least one channel in `business_online_channel`. */
  selling_online: number;
  active_cases: number;
  reached: number;
  mentors: number;
  mentors_with_cases: number;
  mentors_covering: number;
  active_mentors: number;
  sessions_30d: number;
  priority_kelurahan: number;
  kelurahan_with_target: number;
  target_businesses: number | null;
  target_reached: number | null;
  expected_now: number | null;
  behind_kelurahan: number;
  start_month: string | null;
  target_month: string | null;
}

/** `YYYY-MM` as a month number, for the rollout's month arithmetic. */
const monthIndex = (column: RawBuilder<unknown>) =>
  sql`(substr(${column}, 1, 4)::int * 12 + substr(${column}, 6, 2)::int)`;

/**
 * The coverage board in one set-based statement (no query per area): every kelurahan inside the scope
 * (also those with nothing), its facts counted once per kelurahan, then summed per row (a kelurahan, or
 * the kecamatan that holds it). Distinct mentors and sessions are counted per row, not summed: a mentor or a
 * group session in two kelurahan of a kecamatan counts once for the kecamatan.
 *
 * The facts are read from the maintained aggregates (decision 0022: the businesses per kelurahan, the
 * business × mentor pairs of cases, the sessions per kelurahan by date; decision 0025: the businesses selling
 * online per kelurahan), so the registry and the session
 * history are not read at all; `coverageReference` computes the same rows from the source tables.
 *
 * The rollout rule (decision 0016), per kelurahan with a target: total = months from the start month to the
 * target month, both included; elapsed = whole months since the start month, at most total; expected now =
 * ⌈target × elapsed ÷ total⌉; behind when reached < expected (after the target month, expected = target).
 */
export async function coverageRecords(db: Executor, f: CoverageFilter): Promise<CoverageRecord[]> {
  const { rows } = await coverageStatement(f).execute(db);
  return rows;
}

/** The same rows computed from the source tables (the registry, cases and sessions): tests and repairs. */
export async function coverageReference(db: Executor, f: CoverageFilter): Promise<CoverageRecord[]> {
  const { rows } = await coverageStatement(f, 'reference').execute(db);
  return rows;
}

/** The statement itself (bench/ explains it). */
export function coverageStatement(f: CoverageFilter, source: 'aggregates' | 'reference' = 'aggregates') {
  const byMentor = (column: string) =>
    f.institutionId === undefined
      ? sql``
      : sql`and ${sql.ref(column)} in (select iu.id from app_user iu where iu.institution_id = ${f.institutionId})`;
  const unit = f.level === 'kecamatan' ? sql`a.parent_code` : sql`a.code`;
  const unitName = f.level === 'kecamatan' ? sql`k.name` : sql`a.name`;
  const onlyKecamatan = f.kecamatan ? sql`and a.parent_code = ${f.kecamatan}` : sql``;
  // Facts are read by area code (the planner estimates that well), the narrower of the scope and the kecamatan;
  // the join with the kelurahan list drops whatever lies outside it.
  const area = f.kecamatan && isWithinArea(f.kecamatan, f.scope) ? f.kecamatan : f.scope;
  const inArea = (column: string) => withinScopeSql(column, area);
  const currentMonth = f.today.slice(0, 7);
  const start = monthIndex(sql.ref('t.start_month'));
  const total = sql`(${monthIndex(sql.ref('t.target_month'))} - ${start} + 1)`;
  const elapsed = sql`greatest(0, least(${monthIndex(sql.val(currentMonth))} - ${start}, ${total}))`;
  const inWindow = (column: string) =>
    sql`${sql.ref(column)} > ${f.today}::date - 30 and ${sql.ref(column)} <= ${f.today}::date`;
  // Per kelurahan: businesses, selling online, open cases, reached (biz_counts); mentors with an open case
  // (open_mentors); the window's sessions with their mentor (sess).
  const facts =
    source === 'aggregates'
      ? sql`
    pairs as (
      select p.kelurahan_code as code, p.business_id, p.mentor_id, p.open_cases
      from agg_case_pair p
      where ${inArea('p.kelurahan_code')} ${byMentor('p.mentor_id')}
    ),
    biz_counts as (
      select k.kelurahan_code as code, k.businesses, coalesce(ko.businesses, 0) as selling_online,
             coalesce(pc.active_cases, 0) as active_cases, coalesce(pc.reached, 0) as reached
      from agg_kelurahan k
      left join agg_kelurahan_online ko on ko.kelurahan_code = k.kelurahan_code
      left join (
        select code, (count(*) filter (where open))::int as active_cases, count(*)::int as reached
        from (select code, business_id, bool_or(open_cases > 0) as open from pairs group by code, business_id) b
        group by code
      ) pc on pc.code = k.kelurahan_code
      where ${inArea('k.kelurahan_code')}
    ),
    open_mentors as (select distinct code, mentor_id from pairs where open_cases > 0),
    sess as (
      select a.kelurahan_code as code, a.session_id, a.mentor_id
      from agg_session_area a
      where ${inArea('a.kelurahan_code')} and ${inWindow('a.held_on')} ${byMentor('a.mentor_id')}
    ),`
      : sql`
    -- Each business's cases folded to one row (its open case's mentor), so the registry is read once.
    case_by_business as (
      select c.business_id, max(c.mentor_id) filter (where c.closed_on is null) as open_mentor
      from mentoring_case c
      where true ${byMentor('c.mentor_id')}
      group by c.business_id
    ),
    biz as (
      select b.kelurahan_code as code, cb.open_mentor, count(*)::int as businesses,
             count(*) filter (where exists (
               select 1 from business_online_channel oc where oc.business_id = b.id))::int as selling_online,
             count(cb.business_id)::int as reached
      from business b
      left join case_by_business cb on cb.business_id = b.id
      where b.archived_at is null and ${inArea('b.kelurahan_code')}
      group by 1, 2
    ),
    biz_counts as (
      select code, sum(businesses)::int as businesses, sum(selling_online)::int as selling_online,
             coalesce(sum(businesses) filter (where open_mentor is not null), 0)::int as active_cases,
             sum(reached)::int as reached
      from biz group by code
    ),
    open_mentors as (select code, open_mentor as mentor_id from biz where open_mentor is not null),
    sess as (
      select b.kelurahan_code as code, s.id as session_id, s.mentor_id
      from mentoring_session s
      cross join lateral (
        select sb.business_id from session_business sb where sb.session_id = s.id offset 0
      ) sb
      join business b on b.id = sb.business_id
      where ${inArea('b.kelurahan_code')} and ${inWindow('s.held_on')} ${byMentor('s.mentor_id')}
    ),`;
  return sql<CoverageRecord>`
    with kel as (
      select a.code, a.parent_code as kecamatan_code, k.name as kecamatan_name,
             ${unit} as unit, ${unitName} as unit_name
      from area a join area k on k.code = a.parent_code
      where a.level = 4 and ${withinScopeSql('a.code', f.scope)} ${onlyKecamatan}
    ),
    ${facts}
    presence as (
      select code, mentor_id, 'case' as via from open_mentors
      union all
      select ma.kelurahan_code, ma.user_id, 'area'
      from mentor_area ma
      join kel on kel.code = ma.kelurahan_code
      join app_user mu on mu.id = ma.user_id
      where mu.role = 'mentor' and mu.disabled_at is null ${byMentor('mu.id')}
      union all
      select code, mentor_id, 'session' from sess group by code, mentor_id
    ),
    kel_activity as (
      select code, bool_or(via <> 'area') as has_active_mentor, bool_or(via = 'session') as has_session
      from presence group by code
    ),
    per_kel as (
      select kel.code, kel.unit, kel.unit_name, kel.kecamatan_code, kel.kecamatan_name,
             coalesce(bc.businesses, 0) as businesses,
             coalesce(bc.selling_online, 0) as selling_online,
             coalesce(bc.active_cases, 0) as active_cases,
             coalesce(bc.reached, 0) as reached,
             not coalesce(ka.has_active_mentor, false) or not coalesce(ka.has_session, false) as priority,
             t.target_businesses, t.target_month, t.start_month,
             (t.target_businesses * ${elapsed} + ${total} - 1) / ${total} as expected_now
      from kel
      left join biz_counts bc on bc.code = kel.code
      left join kel_activity ka on ka.code = kel.code
      left join rollout_target t on t.kelurahan_code = kel.code
    ),
    units as (
      select unit, min(unit_name) as name, min(kecamatan_code) as kecamatan_code,
             min(kecamatan_name) as kecamatan_name, count(*)::int as kelurahan,
             sum(businesses)::int as businesses, sum(selling_online)::int as selling_online,
             sum(active_cases)::int as active_cases,
             sum(reached)::int as reached,
             count(*) filter (where priority)::int as priority_kelurahan,
             count(target_businesses)::int as kelurahan_with_target,
             sum(target_businesses)::int as target_businesses,
             sum(reached) filter (where target_businesses is not null)::int as target_reached,
             sum(expected_now)::int as expected_now,
             count(*) filter (where reached < expected_now)::int as behind_kelurahan,
             min(start_month) as start_month, max(target_month) as target_month
      from per_kel group by unit
    ),
    -- Distinct counts per row as two hash aggregates (a mentor's ways of being there, then the row's):
    -- count(distinct …) would sort every presence by its text codes.
    unit_mentor as (
      select kel.unit, p.mentor_id, bool_or(p.via = 'case') as via_case, bool_or(p.via = 'area') as via_area,
             bool_or(p.via = 'session') as via_session
      from presence p join kel on kel.code = p.code
      group by kel.unit, p.mentor_id
    ),
    unit_mentors as (
      select unit,
             (count(*) filter (where via_case or via_area))::int as mentors,
             (count(*) filter (where via_case))::int as mentors_with_cases,
             (count(*) filter (where via_area))::int as mentors_covering,
             (count(*) filter (where via_case or via_session))::int as active_mentors
      from unit_mentor group by unit
    ),
    unit_sessions as (
      select unit, count(*)::int as sessions
      from (select kel.unit, s.session_id from sess s join kel on kel.code = s.code group by kel.unit, s.session_id) x
      group by unit
    )
    select u.unit as code, u.name, u.kecamatan_code, u.kecamatan_name, u.kelurahan, u.businesses,
           u.selling_online, u.active_cases, u.reached,
           coalesce(um.mentors, 0) as mentors, coalesce(um.mentors_with_cases, 0) as mentors_with_cases,
           coalesce(um.mentors_covering, 0) as mentors_covering,
           coalesce(um.active_mentors, 0) as active_mentors, coalesce(us.sessions, 0) as sessions_30d,
           u.priority_kelurahan, u.kelurahan_with_target, u.target_businesses, u.target_reached,
           u.expected_now, u.behind_kelurahan, u.start_month, u.target_month
    from units u
    left join unit_mentors um on um.unit = u.unit
    left join unit_sessions us on us.unit = u.unit
    order by u.unit`;
}
