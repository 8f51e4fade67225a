import { sql } from 'kysely';
import { CONSENT_VERSION } from '../../../shared/mentoring.ts';
import type { DB } from '../../db/database.ts';
import type { Executor } from '../audit/audit.repository.ts';

export async function insertSession(
  db: Executor,
  s: { id: string; userId: number; expiresAt: Date; ip: string | null; userAgent: string | null },
) {
  await db
    .insertInto('session')
    .values({ id: s.id, user_id: s.userId, expires_at: s.expiresAt, ip: s.ip, user_agent: s.userAgent })
    .execute();
}

/** The session's user while the session lasts (its end is returned too: a kept answer is checked against it). */
export async function findSessionUser(db: DB, sessionId: string) {
  return db
    .selectFrom('session as s')
    .innerJoin('app_user as u', 'u.id', 's.user_id')
    .leftJoin('area as a', 'a.code', 'u.area_code')
    .leftJoin('institution as i', 'i.id', 'u.institution_id')
    .select([
      'a.name as area_name',
      'i.name as institution_name',
      'u.id',
      'u.email',
      'u.name',
      'u.role',
      'u.area_code',
      'u.institution_id',
      'u.must_change_password',
      's.expires_at',
      // An owner agrees to the current consent text before first use (UU 27/2022; see http/guard.ts).
      sql<boolean>`u.role = 'business_owner' and not exists (
        select 1 from owner_consent oc where oc.user_id = u.id and oc.text_version = ${CONSENT_VERSION})`.as(
        'consent_required',
      ),
    ])
    .where('s.id', '=', sessionId)
    .where('s.expires_at', '>', sql<Date>`now()`)
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
}

export async function deleteSession(db: Executor, sessionId: string) {
  await db.deleteFrom('session').where('id', '=', sessionId).execute();
}

export async function deleteSessionsOfUser(db: Executor, userId: number, exceptSessionId?: string) {
  let q = db.deleteFrom('session').where('user_id', '=', userId);
  if (exceptSessionId) q = q.where('id', '<>', exceptSessionId);
  await q.execute();
}

export async function deleteExpiredSessions(db: DB) {
  await db.deleteFrom('session').where('expires_at', '<=', sql<Date>`now()`).execute();
}
