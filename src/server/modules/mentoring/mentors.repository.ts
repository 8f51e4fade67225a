import { type Insertable, sql } from 'kysely';
import type { Expertise } from '../../../shared/mentoring.ts';
import type { DB } from '../../db/database.ts';
import type { SessionUser } from '../../http/guard.ts';
import { withinScope } from '../../http/scope.ts';
import type { Executor } from '../audit/audit.repository.ts';
import { mentorAccess } from './mentoring.access.ts';
import type { MentorProfileTable } from './mentoring.table.ts';

/**
 * The best state of a mentor's certificates on `today`: one valid past the warning window is `valid`; one
 * valid but ending before `soon` is `expiring`; else one not yet begun, else an expired one, else none.
 */
export function certificateStateSql(today: string, soon: string) {
  const any = (cond: ReturnType<typeof sql>) =>
    sql`exists (select 1 from mentor_certificate mc where mc.user_id = mu.id and ${cond})`;
  return sql<'valid' | 'expiring' | 'expired' | 'not_yet_valid' | 'none'>`case
    when ${any(sql`mc.issued_on <= ${today} and mc.expires_on >= ${soon}`)} then 'valid'
    when ${any(sql`mc.issued_on <= ${today} and mc.expires_on >= ${today}`)} then 'expiring'
    when ${any(sql`mc.issued_on > ${today}`)} then 'not_yet_valid'
    when ${any(sql`true`)} then 'expired'
    else 'none' end`;
}

export interface MentorFilter {
  q?: string;
  institutionId?: number;
  /** A kecamatan or kelurahan code: mentors covering a kelurahan inside it. */
  area?: string;
  expertise?: Expertise;
  certificate?: 'valid' | 'expiring' | 'expired' | 'not_yet_valid' | 'none';
}

function mentorRows(db: Executor, user: SessionUser | null, today: string, soon: string) {
  return db
    .selectFrom('app_user as mu')
    .leftJoin('mentor_profile as mp', 'mp.user_id', 'mu.id')
    .leftJoin('institution as i', 'i.id', 'mu.institution_id')
    .where('mu.role', '=', 'mentor')
    .where((eb) => (user ? mentorAccess(user)(eb) : eb.val(true)))
    .select([
      'mu.id',
      'mu.name',
      'mu.email',
      'mu.disabled_at',
      'mu.institution_id',
      'i.name as institution_name',
      'mp.phone',
      'mp.expertise',
      'mp.caseload_cap',
      sql<number>`(select count(*)::int from mentoring_case c where c.mentor_id = mu.id and c.closed_on is null)`.as(
        'open_cases',
      ),
      sql<{ code: string; name: string; kecamatanName: string }[]>`coalesce((
        select json_agg(json_build_object('code', a.code, 'name', a.name, 'kecamatanName', k.name)
                        order by k.name, a.name)
        from mentor_area ma join area a on a.code = ma.kelurahan_code left join area k on k.code = a.parent_code
        where ma.user_id = mu.id), '[]'::json)`.as('kelurahan'),
      certificateStateSql(today, soon).as('certificate_state'),
      sql<string | null>`(select to_char(max(mc.expires_on), 'YYYY-MM-DD') from mentor_certificate mc
        where mc.user_id = mu.id and mc.issued_on <= ${today} and mc.expires_on >= ${today})`.as(
        'certified_until',
      ),
    ]);
}

export type MentorRow = Awaited<ReturnType<typeof findMentorRow>> & {};

export async function findMentorRow(
  db: Executor,
  user: SessionUser | null,
  id: number,
  today: string,
  soon: string,
) {
  return mentorRows(db, user, today, soon).where('mu.id', '=', id).executeTakeFirst();
}

export async function searchMentors(
  db: DB,
  user: SessionUser,
  filter: MentorFilter,
  page: { limit: number; offset: number },
  today: string,
  soon: string,
) {
  let query = mentorRows(db, user, today, soon);
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, '\\$&')}%`;
    query = query.where((eb) => eb.or([eb('mu.name', 'ilike', like), eb('mu.email', 'ilike', like)]));
  }
  if (filter.institutionId) query = query.where('mu.institution_id', '=', filter.institutionId);
  if (filter.expertise) query = query.where(sql<boolean>`${filter.expertise} = any(mp.expertise)`);
  if (filter.area) {
    const area = filter.area;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('mentor_area as ma')
          .select(sql`1`.as('one'))
          .whereRef('ma.user_id', '=', 'mu.id')
          .where((eb) => withinScope(eb, 'ma.kelurahan_code', area)),
      ),
    );
  }
  if (filter.certificate) query = query.where(certificateStateSql(today, soon), '=', filter.certificate);
  const [items, total] = await Promise.all([
    query.orderBy('mu.name').orderBy('mu.id').limit(page.limit).offset(page.offset).execute(),
    db.selectFrom(query.as('m')).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: total.n };
}

export async function findProfile(db: Executor, userId: number) {
  return db.selectFrom('mentor_profile').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export async function upsertProfile(db: Executor, values: Insertable<MentorProfileTable>) {
  await db
    .insertInto('mentor_profile')
    .values(values)
    .onConflict((oc) =>
      oc.column('user_id').doUpdateSet({
        phone: values.phone ?? null,
        expertise: values.expertise ?? [],
        caseload_cap: values.caseload_cap ?? 25,
        updated_at: new Date(),
      }),
    )
    .execute();
}

export async function listAreaCodes(db: Executor, userId: number) {
  const rows = await db
    .selectFrom('mentor_area')
    .select('kelurahan_code')
    .where('user_id', '=', userId)
    .orderBy('kelurahan_code')
    .execute();
  return rows.map((r) => r.kelurahan_code);
}

export async function replaceAreas(db: Executor, userId: number, codes: string[]) {
  await db.deleteFrom('mentor_area').where('user_id', '=', userId).execute();
  if (codes.length > 0) {
    await db
      .insertInto('mentor_area')
      .values(codes.map((code) => ({ user_id: userId, kelurahan_code: code })))
      .execute();
  }
}
