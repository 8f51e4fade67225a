import { sql } from 'kysely';
import type { Config } from '../../config.ts';
import type { DB } from '../../db/database.ts';
import { localToday, shiftDay } from '../../http/dates.ts';
import type { SessionUser } from '../../http/guard.ts';
import { withinScope } from '../../http/scope.ts';
import type { Executor } from '../audit/audit.repository.ts';
import { type CaseListQuery, IDLE_CASE_DAYS } from './cases.schema.ts';
import { caseAccess, mentorAccess } from './mentoring.access.ts';

/** A case with its business, if the user may see it (`caseAccess`). */
export async function findVisibleCase(db: Executor, config: Config, user: SessionUser, id: number) {
  return db
    .selectFrom('mentoring_case as c')
    .innerJoin('business as b', 'b.id', 'c.business_id')
    .innerJoin('owner as o', 'o.id', 'b.owner_id')
    .innerJoin('app_user as mu', 'mu.id', 'c.mentor_id')
    .selectAll('c')
    .select([
      'b.name as business_name',
      'b.sector',
      'b.address',
      'b.kelurahan_code',
      'b.kecamatan_code',
      'o.name as owner_name',
      'mu.name as mentor_name',
    ])
    .where('c.id', '=', id)
    .where(caseAccess(user, config))
    .executeTakeFirst();
}
export type VisibleCase = NonNullable<Awaited<ReturnType<typeof findVisibleCase>>>;

/**
 * The cases `user` may see, filtered. `today` (the deployment's date) dates the `needs` filters: a case
 * needs a session when it is open, was opened before the window of IDLE_CASE_DAYS days that ends today and
 * had no session in it; it needs a follow-up when a mentor's action item of its sessions is past due and not done.
 */
export async function listCases(
  db: DB,
  config: Config,
  user: SessionUser,
  q: CaseListQuery,
  today = localToday(config.timezone),
) {
  let base = db
    .selectFrom('mentoring_case as c')
    .innerJoin('business as b', 'b.id', 'c.business_id')
    .innerJoin('app_user as mu', 'mu.id', 'c.mentor_id')
    .where(caseAccess(user, config));
  if (q.needs === 'session') {
    const windowStart = shiftDay(today, -(IDLE_CASE_DAYS - 1));
    base = base
      .where('c.closed_on', 'is', null)
      .where('c.opened_on', '<', windowStart)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('session_business as sb')
              .innerJoin('mentoring_session as s', 's.id', 'sb.session_id')
              .select(sql`1`.as('one'))
              .whereRef('sb.case_id', '=', 'c.id')
              .where('s.held_on', '>=', windowStart),
          ),
        ),
      );
  }
  if (q.needs === 'follow_up') {
    base = base.where('c.closed_on', 'is', null).where(({ exists, selectFrom }) =>
      exists(
        selectFrom('action_item as ai')
          .innerJoin('session_business as sb', (join) =>
            join.onRef('sb.session_id', '=', 'ai.session_id').onRef('sb.business_id', '=', 'ai.business_id'),
          )
          .select(sql`1`.as('one'))
          .whereRef('sb.case_id', '=', 'c.id')
          .where('ai.owner_side', '=', 'mentor')
          .where('ai.done_at', 'is', null)
          .where('ai.due_on', '<', today),
      ),
    );
  }
  if (q.state === 'open') base = base.where('c.closed_on', 'is', null);
  if (q.state === 'closed') base = base.where('c.closed_on', 'is not', null);
  if (q.mentorId) base = base.where('c.mentor_id', '=', q.mentorId);
  if (q.kelurahan) base = base.where('b.kelurahan_code', '=', q.kelurahan);
  else if (q.kecamatan) base = base.where((eb) => withinScope(eb, 'b.kelurahan_code', q.kecamatan!));
  if (q.q) base = base.where('b.name', 'ilike', `%${q.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);

  const [rows, count] = await Promise.all([
    base
      .select([
        'c.id',
        'c.business_id',
        'c.mentor_id',
        'c.opened_on',
        'c.closed_on',
        'c.outcome',
        'b.name as business_name',
        'b.sector',
        'b.kelurahan_code',
        'b.kecamatan_code',
        'mu.name as mentor_name',
        (eb) =>
          eb
            .selectFrom('session_business as sb')
            .innerJoin('mentoring_session as s', 's.id', 'sb.session_id')
            .whereRef('sb.case_id', '=', 'c.id')
            .select(sql<number>`count(*)::int`.as('n'))
            .as('sessions'),
        (eb) =>
          eb
            .selectFrom('session_business as sb')
            .innerJoin('mentoring_session as s', 's.id', 'sb.session_id')
            .whereRef('sb.case_id', '=', 'c.id')
            .select(sql<string | null>`max(s.held_on)::text`.as('d'))
            .as('last_session_on'),
        (eb) =>
          eb
            .selectFrom('session_credit as sc')
            .whereRef('sc.business_id', '=', 'c.business_id')
            .select(sql<string>`coalesce(sum(sc.credited_minutes), 0)::text`.as('m'))
            .as('credited'),
      ])
      .orderBy(sql`c.closed_on is null`, 'desc')
      .orderBy('c.opened_on', 'desc')
      .orderBy('c.id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.n };
}

/** A mentor account (active, role mentor) and whether the user may assign cases to it. */
export async function findMentor(db: Executor, user: SessionUser, mentorId: number) {
  const row = await db
    .selectFrom('app_user as mu')
    .select(['mu.id', 'mu.name', 'mu.institution_id'])
    .select((eb) => mentorAccess(user)(eb).as('visible'))
    .where('mu.id', '=', mentorId)
    .where('mu.role', '=', 'mentor')
    .where('mu.disabled_at', 'is', null)
    .executeTakeFirst();
  return row ? { ...row, visible: Boolean(row.visible) } : undefined;
}

/** Mentors the user may assign, with what the ranking of suggestions needs. */
export async function mentorCandidates(db: DB, user: SessionUser, kelurahan: string, today: string) {
  return db
    .selectFrom('app_user as mu')
    .innerJoin('mentor_profile as p', 'p.user_id', 'mu.id')
    .leftJoin('institution as i', 'i.id', 'mu.institution_id')
    .select([
      'mu.id',
      'mu.name',
      'i.name as institution_name',
      'p.expertise',
      'p.caseload_cap',
      (eb) =>
        eb
          .exists(
            eb
              .selectFrom('mentor_area as ma')
              .select('ma.user_id')
              .whereRef('ma.user_id', '=', 'mu.id')
              .where('ma.kelurahan_code', '=', kelurahan),
          )
          .as('same_kelurahan'),
      (eb) =>
        eb
          .selectFrom('mentoring_case as oc')
          .whereRef('oc.mentor_id', '=', 'mu.id')
          .where('oc.closed_on', 'is', null)
          .select(sql<number>`count(*)::int`.as('n'))
          .as('open'),
      (eb) =>
        eb
          .exists(
            eb
              .selectFrom('mentor_certificate as mc')
              .select('mc.id')
              .whereRef('mc.user_id', '=', 'mu.id')
              .where('mc.issued_on', '<=', today)
              .where('mc.expires_on', '>=', today),
          )
          .as('certificate_valid'),
    ])
    .where('mu.role', '=', 'mentor')
    .where('mu.disabled_at', 'is', null)
    .where(mentorAccess(user))
    .execute();
}

/** Is this a unique violation of `constraint` (a race another request won)? */
export function isUniqueViolation(err: unknown, constraint: string) {
  const e = err as { code?: string; constraint?: string };
  return e?.code === '23505' && e.constraint === constraint;
}
