import { type Insertable, sql, type Updateable } from 'kysely';
import type { DB } from '../../db/database.ts';
import type { SessionUser } from '../../http/guard.ts';
import type { Executor } from '../audit/audit.repository.ts';
import { mentorAccess } from './mentoring.access.ts';
import type { MentorCertificateTable } from './mentoring.table.ts';

export async function listCertificatesOf(db: Executor, mentorId: number) {
  return db
    .selectFrom('mentor_certificate')
    .selectAll()
    .where('user_id', '=', mentorId)
    .orderBy('expires_on', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export async function findCertificate(db: Executor, mentorId: number, id: number) {
  return db
    .selectFrom('mentor_certificate')
    .selectAll()
    .where('user_id', '=', mentorId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findCertificateByNumber(db: Executor, mentorId: number, number: string) {
  return db
    .selectFrom('mentor_certificate')
    .selectAll()
    .where('user_id', '=', mentorId)
    .where((eb) => eb(eb.fn('lower', ['number']), '=', number.toLowerCase()))
    .executeTakeFirst();
}

export async function insertCertificate(db: Executor, values: Insertable<MentorCertificateTable>) {
  return db.insertInto('mentor_certificate').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateCertificate(
  db: Executor,
  id: number,
  values: Updateable<MentorCertificateTable>,
) {
  return db
    .updateTable('mentor_certificate')
    .set(values)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteCertificate(db: Executor, id: number) {
  await db.deleteFrom('mentor_certificate').where('id', '=', id).execute();
}

/**
 * Certificates valid on `today` whose last day is before `soon` (today + the warning days), of the mentors
 * `user` sees, soonest first.
 */
export async function listExpiring(
  db: DB,
  user: SessionUser,
  today: string,
  soon: string,
  institutionId?: number,
) {
  let query = db
    .selectFrom('mentor_certificate as mc')
    .innerJoin('app_user as mu', 'mu.id', 'mc.user_id')
    .leftJoin('institution as i', 'i.id', 'mu.institution_id')
    .where('mu.role', '=', 'mentor')
    .where('mu.disabled_at', 'is', null)
    .where(mentorAccess(user))
    .where('mc.issued_on', '<=', today)
    .where('mc.expires_on', '>=', today)
    .where('mc.expires_on', '<', soon)
    // A mentor who already holds a later certificate valid beyond the warning is not at risk.
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('mentor_certificate as later')
            .select(sql`1`.as('one'))
            .whereRef('later.user_id', '=', 'mc.user_id')
            .where('later.issued_on', '<=', soon)
            .where('later.expires_on', '>=', soon),
        ),
      ),
    );
  if (institutionId) query = query.where('mu.institution_id', '=', institutionId);
  return query
    .select([
      'mc.id',
      'mc.user_id',
      'mc.number',
      'mc.scheme',
      'mc.expires_on',
      'mu.name as mentor_name',
      'mu.institution_id',
      'i.name as institution_name',
    ])
    .orderBy('mc.expires_on')
    .orderBy('mu.name')
    .limit(500)
    .execute();
}
