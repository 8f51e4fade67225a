import { type ExpressionBuilder, type Insertable, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { SessionUser } from '../../http/guard.ts';
import type { Executor } from '../audit/audit.repository.ts';
import type { CertificateListQuery } from './certificates.schema.ts';
import type { CertificateTable } from './certificates.table.ts';

type CertificateEb = ExpressionBuilder<Database, 'certificate'>;

/**
 * Which certificates `user` sees: the office all; an institution admin those its institution issued and
 * those of its mentors; a mentor their own. Nobody else reaches the list (the routes' guard).
 */
export function certificateAccess(user: SessionUser) {
  return (eb: CertificateEb) => {
    if (user.role === 'admin') return eb.val(true);
    if (user.role === 'institution_admin' && user.institutionId !== null) {
      return eb.or([
        eb('certificate.issuer_institution_id', '=', user.institutionId),
        eb(
          'certificate.mentor_id',
          'in',
          eb
            .selectFrom('app_user')
            .select('app_user.id')
            .where('app_user.institution_id', '=', user.institutionId),
        ),
      ]);
    }
    if (user.role === 'mentor') return eb('certificate.mentor_id', '=', user.id);
    return eb.val(false);
  };
}

export async function findCertificate(db: Executor, id: number) {
  return db.selectFrom('certificate').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findByCode(db: Executor, code: string) {
  return db.selectFrom('certificate').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function searchCertificates(
  db: Executor,
  user: SessionUser,
  q: CertificateListQuery,
  today: string,
) {
  let query = db.selectFrom('certificate').where(certificateAccess(user));
  if (q.kind) query = query.where('kind', '=', q.kind);
  if (q.event) query = query.where('event_id', '=', q.event);
  if (q.mentor) query = query.where('mentor_id', '=', q.mentor);
  if (q.status === 'revoked') query = query.where('revoked_at', 'is not', null);
  if (q.status === 'expired') query = query.where('revoked_at', 'is', null).where('valid_until', '<', today);
  if (q.status === 'valid') {
    query = query
      .where('revoked_at', 'is', null)
      .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>=', today)]));
  }
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([eb('holder_name', 'ilike', like), eb('title', 'ilike', like), eb('number', 'ilike', like)]),
    );
  }
  const [rows, count] = await Promise.all([
    query
      .selectAll()
      .orderBy('id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    query.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.n };
}

/** The event's certificates in number order, a page at a time after `afterId` (for the streamed ZIP). */
export async function eventCertificatesAfter(db: Executor, eventId: number, afterId: number, limit: number) {
  return db
    .selectFrom('certificate')
    .selectAll()
    .where('event_id', '=', eventId)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** The next number's running part (one sequence for every issuer). */
export async function nextNumbers(db: Executor, count: number): Promise<number[]> {
  if (count === 0) return [];
  const { rows } = await sql<{ n: number }>`
    select nextval('certificate_number_seq')::int as n from generate_series(1, ${count})`.execute(db);
  return rows.map((r) => r.n);
}

/** Inserts; a row whose attendance already has a certificate is skipped (a second run adds nothing). */
export async function insertCertificates(db: Executor, rows: Insertable<CertificateTable>[]) {
  if (rows.length === 0) return [];
  return db
    .insertInto('certificate')
    .values(rows)
    .onConflict((oc) => oc.column('event_registration_id').doNothing())
    .returningAll()
    .execute();
}

export async function markRevoked(
  db: Executor,
  id: number,
  values: { revoked_by: number | null; revoked_reason: string },
) {
  return db
    .updateTable('certificate')
    .set({ ...values, revoked_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}
