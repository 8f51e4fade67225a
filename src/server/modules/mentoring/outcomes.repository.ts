import { type RawBuilder, sql } from 'kysely';
import { LONG_TERM_MINUTES } from '../../../shared/mentoring.ts';
import { withinScopeSql } from '../../http/scope.ts';
import type { Executor } from '../audit/audit.repository.ts';

/**
 * The SQL of the outcomes report (issue 9, decision 0013): every figure counts sessions dated up to the end
 * of the period, over the credit rows of the view `session_credit` the caller may see.
 *
 * Whose work is visible (`OutcomeScope`): the office the businesses of the deployment; an area officer the
 * businesses of their area; an institution admin the sessions of their institution's mentors; a mentor
 * their own sessions.
 */
export type OutcomeScope =
  | { kind: 'city'; area: string }
  | { kind: 'area'; area: string }
  | { kind: 'institution'; area: string; institutionId: number }
  | { kind: 'mentor'; area: string; mentorId: number };

/** The key of a scope in the cache: two callers with the same key see the same figures. */
export const scopeKey = (s: OutcomeScope) =>
  s.kind === 'institution'
    ? `institution:${s.institutionId}`
    : s.kind === 'mentor'
      ? `mentor:${s.mentorId}`
      : `area:${s.area}`;

/** The rows of a credit or session query the scope allows: `b` the business, `mu` the mentor account. */
function creditFilter(scope: OutcomeScope): RawBuilder<boolean> {
  const inArea = withinScopeSql('b.kelurahan_code', scope.area);
  switch (scope.kind) {
    case 'city':
    case 'area':
      return inArea;
    case 'institution':
      return sql<boolean>`${inArea} and mu.institution_id = ${scope.institutionId}`;
    case 'mentor':
      return sql<boolean>`${inArea} and mu.id = ${scope.mentorId}`;
  }
}

/** A level of the figures: one mentor, one institution (null id: mentors of none) or everything visible. */
export interface GroupRow {
  level: 'mentor' | 'institution' | 'city';
  mentor_id: number | null;
  institution_id: number | null;
  sessions: number;
  prep: number;
  contact: number;
  businesses: number;
  credited: number;
  credited_contact: number;
  long_term: number;
  mentors: number;
}

/**
 * The rows of both group statements from `session_figures s` (sessions, minutes, mentors per level `g`) and
 * `client_figures c` (businesses, long-term clients); `credit` names which of the two holds the credit.
 */
const groupRowSelect = (credit: 'c' | 's') => sql`
    select case s.g when 0 then 'mentor' when 2 then 'institution' else 'city' end as level,
           s.mentor_id::int as mentor_id, s.institution_id::int as institution_id,
           s.sessions, s.prep::float8 as prep, s.contact::float8 as contact, s.mentors,
           coalesce(c.businesses, 0) as businesses, coalesce(${sql.ref(`${credit}.credited`)}, 0) as credited,
           coalesce(${sql.ref(`${credit}.credited_contact`)}, 0)::float8 as credited_contact,
           coalesce(c.long_term, 0) as long_term
    from session_figures s`;

/** Sessions of the scope's mentors (`s` = mentoring_session): all for the office and an area officer. */
function sessionMentorFilter(scope: OutcomeScope) {
  switch (scope.kind) {
    case 'institution':
      return sql`and s.mentor_id in (select id from app_user where institution_id = ${scope.institutionId})`;
    case 'mentor':
      return sql`and s.mentor_id = ${scope.mentorId}`;
    default:
      return sql``;
  }
}

/**
 * Sessions, mentor time, businesses served, credited time and long-term clients per mentor, per
 * institution and for everything visible, in one statement. Mentor time counts each session once; a
 * business is credited contact + prep ÷ n per session; a long-term client is credited at least
 * LONG_TERM_MINUTES by the group (the mentor, the institution's mentors, everyone visible). Credit is summed
 * in float8 (exact to far below a minute) and compared with a margin of 1e-6 so that thirds add up to 300.
 *
 * Every business of the registry lies in the deployment (the registry refuses others), so only an area
 * officer's figures filter by business: their sessions are those with a business of their area, and the
 * credit theirs. The sums run per mentor (and per mentor and business) first, the levels above over those
 * few rows: at 200,000 sessions nothing large is sorted.
 */
export async function groupFigures(db: Executor, scope: OutcomeScope, periodEnd: string) {
  const query =
    scope.kind === 'area' ? groupFiguresQuery(scope, periodEnd) : groupFiguresMaintained(scope, periodEnd);
  return (await query.execute(db)).rows;
}

/** The same figures computed from the sessions themselves (tests, and an area officer's scope). */
export async function groupFiguresReference(db: Executor, scope: OutcomeScope, periodEnd: string) {
  return (await groupFiguresQuery(scope, periodEnd).execute(db)).rows;
}

/**
 * The figures of the office, an institution admin and a mentor from the maintained aggregates (decision
 * 0017): `agg_mentor_month` (sessions, minutes and credit per mentor and month, summed up to the period) and
 * `agg_client` (per business and mentor, institution or city: the month of its first session and the month
 * its credit reached LONG_TERM_MINUTES). An area officer's figures count only their area's businesses, which
 * the aggregates do not split: `groupFiguresQuery`.
 */
export function groupFiguresMaintained(scope: Exclude<OutcomeScope, { kind: 'area' }>, periodEnd: string) {
  const period = periodEnd.slice(0, 7);
  const mentorFilter =
    scope.kind === 'institution'
      ? sql`and a.mentor_id in (select id from app_user where institution_id = ${scope.institutionId})`
      : scope.kind === 'mentor'
        ? sql`and a.mentor_id = ${scope.mentorId}`
        : sql``;
  // Whose clients the institution and city levels count: the scope's own group (for a mentor, their own).
  const institutionLevel = scope.kind === 'mentor' ? sql`'m'` : sql`'i'`;
  const institutionGroup =
    scope.kind === 'mentor' ? sql`${scope.mentorId}::bigint` : sql`coalesce(s.institution_id, 0)`;
  const [cityLevel, cityGroup] =
    scope.kind === 'city'
      ? [sql`'c'`, sql`0::bigint`]
      : scope.kind === 'institution'
        ? [sql`'i'`, sql`${scope.institutionId}::bigint`]
        : [sql`'m'`, sql`${scope.mentorId}::bigint`];
  const clientFilter =
    scope.kind === 'mentor'
      ? sql`and c.level = 'm' and c.grp = ${scope.mentorId}`
      : scope.kind === 'institution'
        ? sql`and (c.level = 'i' and c.grp = ${scope.institutionId}
                   or c.level = 'm' and c.grp in (select id from app_user where institution_id = ${scope.institutionId}))`
        : sql``;
  return sql<GroupRow>`
    with per_mentor as (
      select a.mentor_id, sum(a.sessions) as sessions, sum(a.prep) as prep, sum(a.contact) as contact,
             sum(a.credited_contact) as credited_contact, sum(a.credited_prep) as credited_prep
      from agg_mentor_month a
      where a.month <= ${period} ${mentorFilter}
      group by a.mentor_id
    ),
    session_figures as (
      select grouping(m.mentor_id, mu.institution_id) as g, m.mentor_id, mu.institution_id,
             sum(m.sessions)::int as sessions, sum(m.prep)::bigint as prep, sum(m.contact)::bigint as contact,
             count(*)::int as mentors, sum(m.credited_contact)::float8 as credited_contact,
             sum(m.credited_contact + m.credited_prep)::float8 as credited
      from per_mentor m join app_user mu on mu.id = m.mentor_id
      group by grouping sets ((m.mentor_id, mu.institution_id), (mu.institution_id), ())
    ),
    client_figures as (
      select c.level, c.grp, count(*)::int as businesses,
             (count(*) filter (where c.long_term_month <= ${period}))::int as long_term
      from agg_client c
      where c.first_month <= ${period} ${clientFilter}
      group by c.level, c.grp
    )
    ${groupRowSelect('s')}
    left join client_figures c
      on (s.g = 0 and c.level = 'm' and c.grp = s.mentor_id)
      or (s.g = 2 and c.level = ${institutionLevel} and c.grp = ${institutionGroup})
      or (s.g = 3 and c.level = ${cityLevel} and c.grp = ${cityGroup})
    where s.sessions > 0 or s.g = 3`;
}

export function groupFiguresQuery(scope: OutcomeScope, periodEnd: string) {
  const inArea = scope.kind === 'area';
  const mentorFilter = sessionMentorFilter(scope);
  const creditArea = inArea
    ? sql`join business b on b.id = sb.business_id and ${withinScopeSql('b.kelurahan_code', scope.area)}`
    : sql``;
  const sessionArea = inArea
    ? sql`and exists (select 1 from session_business sb join business b on b.id = sb.business_id
                      where sb.session_id = s.id and ${withinScopeSql('b.kelurahan_code', scope.area)})`
    : sql``;
  return sql<GroupRow>`
    with pairs as (
      select s.mentor_id, sb.business_id,
             sum(s.contact_minutes)::bigint as contact, sum(s.prep_minutes::float8 / s.businesses) as prep
      from session_business sb
      join mentoring_session s on s.id = sb.session_id
      ${creditArea}
      where s.held_on <= ${periodEnd} ${mentorFilter}
      group by s.mentor_id, sb.business_id
    ),
    clients as (
      select grouping(p.mentor_id, mu.institution_id) as g, p.mentor_id, mu.institution_id, p.business_id,
             sum(p.contact + p.prep) as credited, sum(p.contact)::bigint as credited_contact
      from pairs p join app_user mu on mu.id = p.mentor_id
      group by grouping sets ((p.mentor_id, mu.institution_id, p.business_id), (mu.institution_id, p.business_id), (p.business_id))
    ),
    client_figures as (
      select g, mentor_id, institution_id, count(*)::int as businesses,
             sum(credited)::float8 as credited, sum(credited_contact)::bigint as credited_contact,
             (count(*) filter (where credited + 1e-6 >= ${LONG_TERM_MINUTES}))::int as long_term
      from clients group by g, mentor_id, institution_id
    ),
    per_mentor as (
      select s.mentor_id, count(*) as sessions, sum(s.prep_minutes) as prep, sum(s.contact_minutes) as contact
      from mentoring_session s
      where s.held_on <= ${periodEnd} ${mentorFilter} ${sessionArea}
      group by s.mentor_id
    ),
    session_figures as (
      select grouping(m.mentor_id, mu.institution_id) as g, m.mentor_id, mu.institution_id,
             sum(m.sessions)::int as sessions, sum(m.prep)::bigint as prep, sum(m.contact)::bigint as contact,
             count(*)::int as mentors
      from per_mentor m join app_user mu on mu.id = m.mentor_id
      group by grouping sets ((m.mentor_id, mu.institution_id), (mu.institution_id), ())
    )
    ${groupRowSelect('c')}
    left join client_figures c
      on c.g = s.g and c.mentor_id is not distinct from s.mentor_id
     and c.institution_id is not distinct from s.institution_id
    where s.sessions > 0 or s.g = 3`;
}

export interface MilestoneRow {
  level: 'mentor' | 'institution' | 'city';
  mentor_id: number | null;
  institution_id: number | null;
  kind: string;
  total: number;
  confirmed: number;
}

/**
 * Milestones reached up to the end of the period by kind, owner-confirmed apart. A milestone belongs to the
 * mentor who held its case on the day it was reached (the case's assignment history), else to the case's
 * mentor; milestones recorded without a case are not the program's and are not counted.
 */
export async function milestoneFigures(db: Executor, scope: OutcomeScope, periodEnd: string) {
  if (scope.kind === 'area') return milestoneFiguresReference(db, scope, periodEnd);
  // From `agg_milestone` (decision 0022): the attribution is kept with each milestone. Every business of the
  // registry lies in the deployment, so the office, an institution and a mentor filter by mentor only.
  const filter =
    scope.kind === 'institution'
      ? sql`and mu.institution_id = ${scope.institutionId}`
      : scope.kind === 'mentor'
        ? sql`and mu.id = ${scope.mentorId}`
        : sql``;
  const result = await sql<MilestoneRow>`
    with attributed as (
      select a.kind, a.confirmed, mu.id as mentor_id, mu.institution_id
      from agg_milestone a join app_user mu on mu.id = a.mentor_id
      where a.achieved_on <= ${periodEnd} ${filter}
    )
    select case grouping(mentor_id, institution_id) when 0 then 'mentor' when 2 then 'institution' else 'city' end as level,
           mentor_id::int as mentor_id, institution_id::int as institution_id, kind,
           count(*)::int as total, (count(*) filter (where confirmed))::int as confirmed
    from attributed
    group by grouping sets ((mentor_id, institution_id, kind), (institution_id, kind), (kind))`.execute(db);
  return result.rows;
}

/** The same figures from the milestones, cases and assignment history (tests, and an area officer's scope). */
export async function milestoneFiguresReference(db: Executor, scope: OutcomeScope, periodEnd: string) {
  const result = await sql<MilestoneRow>`
    with attributed as (
      select m.kind, m.owner_confirmed_at, mu.id as mentor_id, mu.institution_id
      from milestone m
      join business b on b.id = m.business_id
      join mentoring_case c on c.id = m.case_id
      left join lateral (
        select ca.mentor_id from case_assignment ca
        where ca.case_id = c.id and ca.from_on <= m.achieved_on
        order by ca.from_on desc, ca.id desc limit 1
      ) held on true
      join app_user mu on mu.id = coalesce(held.mentor_id, c.mentor_id)
      where m.achieved_on <= ${periodEnd} and ${creditFilter(scope)}
    )
    select case grouping(mentor_id, institution_id) when 0 then 'mentor' when 2 then 'institution' else 'city' end as level,
           mentor_id::int as mentor_id, institution_id::int as institution_id, kind,
           count(*)::int as total, (count(*) filter (where owner_confirmed_at is not null))::int as confirmed
    from attributed
    group by grouping sets ((mentor_id, institution_id, kind), (institution_id, kind), (kind))`.execute(db);
  return result.rows;
}

export interface MentorRow {
  id: number;
  email: string;
  name: string;
  institution_id: number | null;
  institution_name: string | null;
}

/** Mentor accounts by id, and (unless an area officer asks) every active mentor the scope covers. */
export async function mentorsOf(db: Executor, scope: OutcomeScope, ids: readonly number[]) {
  const all =
    scope.kind === 'city'
      ? sql<boolean>`(u.role = 'mentor' and u.disabled_at is null)`
      : scope.kind === 'institution'
        ? sql<boolean>`(u.role = 'mentor' and u.disabled_at is null and u.institution_id = ${scope.institutionId})`
        : scope.kind === 'mentor'
          ? sql<boolean>`u.id = ${scope.mentorId}`
          : sql<boolean>`false`;
  const byId = ids.length ? sql<boolean>`u.id in (${sql.join(ids)})` : sql<boolean>`false`;
  const result = await sql<MentorRow>`
    select u.id::int as id, u.email, u.name, u.institution_id::int as institution_id, i.name as institution_name
    from app_user u left join institution i on i.id = u.institution_id
    where ${all} or ${byId}
    order by u.name, u.id`.execute(db);
  return result.rows;
}

export async function institutionNames(db: Executor, ids: readonly number[]) {
  if (!ids.length) return new Map<number, string>();
  const rows = await db.selectFrom('institution').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [Number(r.id), r.name]));
}

export interface StratumRow {
  sector: string;
  kecamatan_code: string;
  mentored: number;
  mentored_recovered: number;
  mentored_no_baseline: number;
  not_mentored: number;
  not_mentored_recovered: number;
}

/**
 * The turnover reports of the period by stratum (sector × kecamatan) of the businesses the caller may see,
 * split into mentored (a session of the scope's mentors on or before the period's end) and not mentored
 * (no session of anyone by then). A business mentored only by mentors outside the scope is on neither side.
 * Recovered = decline ≤ 10 % against the baseline (omzet categories 1 and 2); reports without a baseline
 * are counted apart for the mentored and left out of the figures. Only strata with a mentored reporter.
 */
export async function comparisonStrata(db: Executor, scope: OutcomeScope, period: string) {
  const query =
    scope.kind === 'city' || scope.kind === 'area'
      ? comparisonStrataMaintained(scope, period)
      : comparisonStrataOfClients(scope, period);
  return (await query.execute(db)).rows;
}

/** The same strata computed from the registry, the reports and the sessions (tests and repairs). */
export async function comparisonStrataReference(
  db: Executor,
  scope: OutcomeScope,
  period: string,
  periodEnd: string,
) {
  return (await comparisonStrataQuery(scope, period, periodEnd).execute(db)).rows;
}

/**
 * The office's and an area officer's strata from the maintained aggregate `agg_stratum` (decision 0022):
 * the month's reports of businesses not archived, counted per kelurahan, sector and mentored (a session of
 * anyone on or before the month's end), summed per kecamatan. A few hundred rows, whatever the registry.
 * Institution admins and mentors compare their own mentors' businesses: `comparisonStrataOfClients`.
 */
export function comparisonStrataMaintained(scope: OutcomeScope, period: string) {
  return sql<StratumRow>`
    select sector, kecamatan_code,
      (coalesce(sum(measured) filter (where mentored), 0))::int as mentored,
      (coalesce(sum(recovered) filter (where mentored), 0))::int as mentored_recovered,
      (coalesce(sum(no_baseline) filter (where mentored), 0))::int as mentored_no_baseline,
      (coalesce(sum(measured) filter (where not mentored), 0))::int as not_mentored,
      (coalesce(sum(recovered) filter (where not mentored), 0))::int as not_mentored_recovered
    from agg_stratum
    where period = ${period} and ${withinScopeSql('kelurahan_code', scope.area)}
    group by sector, kecamatan_code
    having coalesce(sum(reports) filter (where mentored), 0) > 0
    order by kecamatan_code, sector`;
}

/**
 * An institution admin's and a mentor's strata from the maintained aggregates: the mentored side is the
 * businesses whose first session with the scope's mentors (`agg_client`, level 'i' or 'm') came by the
 * period, with their report of the month (a few thousand probes by key); the side not mentored (no session
 * of anyone by then) is the office's, summed from `agg_stratum`. Each stratum with a mentored reporter.
 */
export function comparisonStrataOfClients(
  scope: Extract<OutcomeScope, { kind: 'institution' } | { kind: 'mentor' }>,
  period: string,
) {
  const [level, grp] = scope.kind === 'institution' ? ['i', scope.institutionId] : ['m', scope.mentorId];
  return sql<StratumRow>`
    with mentored as (
      select b.sector, b.kecamatan_code,
        count(*) filter (where r.category > 0) as measured,
        count(*) filter (where r.category in (1, 2)) as recovered,
        count(*) filter (where r.category = 0) as no_baseline
      from agg_client a
      join business b on b.id = a.business_id
      join omzet_report r on r.business_id = a.business_id and r.period = ${period}
      where a.level = ${level} and a.grp = ${grp} and a.first_month <= ${period}
        and b.archived_at is null and ${withinScopeSql('b.kelurahan_code', scope.area)}
      group by b.sector, b.kecamatan_code
    ),
    others as (
      select sector, kecamatan_code, sum(measured) as measured, sum(recovered) as recovered
      from agg_stratum
      where period = ${period} and not mentored and ${withinScopeSql('kelurahan_code', scope.area)}
      group by sector, kecamatan_code
    )
    select m.sector, m.kecamatan_code, m.measured::int as mentored, m.recovered::int as mentored_recovered,
      m.no_baseline::int as mentored_no_baseline, coalesce(o.measured, 0)::int as not_mentored,
      coalesce(o.recovered, 0)::int as not_mentored_recovered
    from mentored m left join others o on o.sector = m.sector and o.kecamatan_code = m.kecamatan_code
    order by m.kecamatan_code, m.sector`;
}

export function comparisonStrataQuery(scope: OutcomeScope, period: string, periodEnd: string) {
  // A session of anyone by the end of the period; of the scope's mentors (the same for the office and an
  // officer). Probed per reporting business through session_business_business_idx, and its report through
  // the primary key (business, period): no scan of every month's reports or of every session.
  const anySession = sql`exists (select 1 from session_business sb join mentoring_session s on s.id = sb.session_id
                                 where sb.business_id = b.id and s.held_on <= ${periodEnd})`;
  const everyone = scope.kind === 'city' || scope.kind === 'area';
  const scopeSession = everyone
    ? anySession
    : sql`exists (select 1 from session_business sb join mentoring_session s on s.id = sb.session_id
                  where sb.business_id = b.id and s.held_on <= ${periodEnd} ${sessionMentorFilter(scope)})`;
  // Materialized below, so each probe runs once per business (inlined, each filtered count repeats it).
  const notMentored = everyone ? sql`null::boolean` : sql`not ${anySession}`;
  return sql<StratumRow>`
    with reporters as materialized (
      select b.sector, b.kecamatan_code, r.category,
             ${scopeSession} as mentored, ${notMentored} as not_mentored
      from business b
      join lateral (
        select r.category from omzet_report r where r.business_id = b.id and r.period = ${period} limit 1
      ) r on true
      where b.archived_at is null and ${withinScopeSql('b.kelurahan_code', scope.area)}
    )
    select sector, kecamatan_code,
      (count(*) filter (where mentored and category > 0))::int as mentored,
      (count(*) filter (where mentored and category in (1, 2)))::int as mentored_recovered,
      (count(*) filter (where mentored and category = 0))::int as mentored_no_baseline,
      (count(*) filter (where coalesce(not_mentored, not mentored) and category > 0))::int as not_mentored,
      (count(*) filter (where coalesce(not_mentored, not mentored) and category in (1, 2)))::int as not_mentored_recovered
    from reporters
    group by sector, kecamatan_code
    having count(*) filter (where mentored) > 0
    order by kecamatan_code, sector`;
}
