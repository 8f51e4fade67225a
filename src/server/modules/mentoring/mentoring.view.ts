import { sql } from 'kysely';
import { LONG_TERM_MINUTES } from '../../../shared/mentoring.ts';
import type { Config } from '../../config.ts';
import type { DB } from '../../db/database.ts';
import type { SessionUser } from '../../http/guard.ts';
import type { ActionItemDto, MilestoneDto, SessionDto } from './cases.schema.ts';
import { caseAccess } from './mentoring.access.ts';

/**
 * What the case page, the registry's business page and the owner's view show of one business's mentoring:
 * its sessions (with the SBDC time), action items, milestones, credited minutes and recovered turnover.
 * The reader's access to the business or case is checked by the caller; the other businesses of a group
 * session are named only when the reader may see their cases.
 */
export interface Subject {
  businessId: number;
  /** Only what belongs to this case (the case page); the whole business otherwise. */
  caseId?: number;
}

export const photoUrl = (id: number) => `/api/v1/mentoring/photos/${id}`;

export async function sessionsOf(
  db: DB,
  config: Config,
  user: SessionUser,
  subject: Subject,
  sessionIds?: number[],
): Promise<SessionDto[]> {
  let query = db
    .selectFrom('session_business as sb')
    .innerJoin('mentoring_session as s', 's.id', 'sb.session_id')
    .innerJoin('app_user as mu', 'mu.id', 's.mentor_id')
    .selectAll('s')
    .select('mu.name as mentor_name')
    .orderBy('s.held_on', 'desc')
    .orderBy('s.id', 'desc');
  if (sessionIds) query = query.where('s.id', 'in', sessionIds.length ? sessionIds : [-1]);
  else {
    query = query.where('sb.business_id', '=', subject.businessId);
    if (subject.caseId !== undefined) query = query.where('sb.case_id', '=', subject.caseId);
  }
  const sessions = await query.execute();
  if (sessions.length === 0) return [];
  const ids = [...new Set(sessions.map((s) => s.id))];
  const [members, photos] = await Promise.all([
    db
      .selectFrom('session_credit as sc')
      .innerJoin('mentoring_case as c', 'c.id', 'sc.case_id')
      .innerJoin('business as b', 'b.id', 'sc.business_id')
      .select(['sc.session_id', 'sc.business_id', 'sc.case_id', 'b.name', 'sc.credited_minutes'])
      .where('sc.session_id', 'in', ids)
      .where(caseAccess(user, config))
      .orderBy('b.name')
      .execute(),
    db
      .selectFrom('session_photo')
      .select(['id', 'session_id'])
      .where('session_id', 'in', ids)
      .orderBy('id')
      .execute(),
  ]);
  const seen = new Set<number>();
  return sessions
    .filter((s) => !seen.has(s.id) && seen.add(s.id))
    .map((s) => ({
      id: s.id,
      heldOn: s.held_on,
      mode: s.mode,
      mentorId: s.mentor_id,
      mentorName: s.mentor_name,
      prepMinutes: s.prep_minutes,
      contactMinutes: s.contact_minutes,
      mentorMinutes: s.prep_minutes + s.contact_minutes,
      topics: s.topics,
      problems: s.problems,
      notes: s.notes,
      businesses: members
        .filter((m) => m.session_id === s.id)
        .map((m) => ({
          id: m.business_id,
          name: m.name,
          caseId: m.case_id,
          creditedMinutes: Number(m.credited_minutes),
        })),
      businessCount: s.businesses,
      photos: photos.filter((p) => p.session_id === s.id).map((p) => ({ id: p.id, url: photoUrl(p.id) })),
    }));
}

export async function actionItemsOf(
  db: DB,
  subject: Subject,
  today: string,
  itemIds?: number[],
): Promise<ActionItemDto[]> {
  let query = db
    .selectFrom('action_item as a')
    .innerJoin('mentoring_session as s', 's.id', 'a.session_id')
    .selectAll('a')
    .select('s.held_on')
    .orderBy(sql`a.done_at is not null`)
    .orderBy(sql`a.due_on nulls last`)
    .orderBy('a.id');
  if (itemIds) query = query.where('a.id', 'in', itemIds.length ? itemIds : [-1]);
  else {
    query = query.where('a.business_id', '=', subject.businessId);
    if (subject.caseId !== undefined) {
      const caseId = subject.caseId;
      query = query.where((eb) =>
        eb.exists(
          eb
            .selectFrom('session_business as sb')
            .select('sb.session_id')
            .whereRef('sb.session_id', '=', 'a.session_id')
            .whereRef('sb.business_id', '=', 'a.business_id')
            .where('sb.case_id', '=', caseId),
        ),
      );
    }
  }
  const rows = await query.execute();
  return rows.map((a) => ({
    id: a.id,
    sessionId: a.session_id,
    sessionOn: a.held_on,
    businessId: a.business_id,
    what: a.what,
    side: a.owner_side,
    dueOn: a.due_on,
    done: a.done_at != null,
    doneAt: a.done_at ? a.done_at.toISOString() : null,
    overdue: a.done_at == null && a.due_on != null && a.due_on < today,
  }));
}

export async function milestonesOf(db: DB, businessId: number, ids?: number[]): Promise<MilestoneDto[]> {
  let query = db
    .selectFrom('milestone as m')
    .leftJoin('app_user as v', 'v.id', 'm.verified_by')
    .selectAll('m')
    .select('v.name as verifier')
    .orderBy('m.achieved_on', 'desc')
    .orderBy('m.id', 'desc');
  query = ids
    ? query.where('m.id', 'in', ids.length ? ids : [-1])
    : query.where('m.business_id', '=', businessId);
  const rows = await query.execute();
  return rows.map((m) => ({
    id: m.id,
    businessId: m.business_id,
    caseId: m.case_id,
    kind: m.kind,
    achievedOn: m.achieved_on,
    evidenceNumber: m.evidence_number,
    hasEvidenceFile: m.evidence_file != null,
    details: m.details ?? {},
    verifiedBy: m.verifier ?? null,
    ownerConfirmedAt: m.owner_confirmed_at ? m.owner_confirmed_at.toISOString() : null,
  }));
}

/** Credited minutes over all the business's sessions (the `session_credit` view) and the long-term badge. */
export async function creditOf(db: DB, businessId: number) {
  const row = await db
    .selectFrom('session_credit')
    .select(sql<string | null>`sum(credited_minutes)`.as('minutes'))
    .where('business_id', '=', businessId)
    .executeTakeFirst();
  const minutes = Math.round(Number(row?.minutes ?? 0) * 100) / 100;
  return { creditedMinutes: minutes, longTermClient: minutes >= LONG_TERM_MINUTES };
}

/** "Turnover recovered", derived from the latest report: decline against the baseline ≤ 10 %. */
export async function turnoverOf(db: DB, businessId: number) {
  const latest = await db
    .selectFrom('omzet_report')
    .select(['period', 'amount', 'decline_x10'])
    .where('business_id', '=', businessId)
    .orderBy('period', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!latest) return null;
  return {
    period: latest.period,
    amount: Number(latest.amount),
    declinePct: latest.decline_x10 == null ? null : latest.decline_x10 / 10,
    recovered: latest.decline_x10 != null && latest.decline_x10 <= 100,
  };
}
