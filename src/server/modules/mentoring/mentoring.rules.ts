import { sql } from 'kysely';
import type { Executor } from '../audit/audit.repository.ts';

/**
 * The rules every part of mentoring checks the same way (decision 0013). The imports apply the same rules
 * set-based in SQL; a test of each import compares its verdicts with these.
 */

/** A mentor may lead a case on `day` only when one of their certificates is valid that day. */
export async function hasValidCertificate(db: Executor, mentorId: number, day: string): Promise<boolean> {
  const row = await db
    .selectFrom('mentor_certificate')
    .select('id')
    .where('user_id', '=', mentorId)
    .where('issued_on', '<=', day)
    .where('expires_on', '>=', day)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The mentor's open cases and cap, read under a lock on the mentor's profile row: two assignments at once
 * to the same mentor wait for each other, so the cap holds. Call inside the transaction that opens the case.
 */
export async function lockCaseload(
  trx: Executor,
  mentorId: number,
): Promise<{ open: number; cap: number } | null> {
  const profile = await trx
    .selectFrom('mentor_profile')
    .select('caseload_cap')
    .where('user_id', '=', mentorId)
    .forUpdate()
    .executeTakeFirst();
  if (!profile) return null;
  const { open } = await trx
    .selectFrom('mentoring_case')
    .select(sql<number>`count(*)::int`.as('open'))
    .where('mentor_id', '=', mentorId)
    .where('closed_on', 'is', null)
    .executeTakeFirstOrThrow();
  return { open, cap: profile.caseload_cap };
}
