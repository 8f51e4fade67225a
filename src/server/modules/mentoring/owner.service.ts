import { CONSENT_VERSION, LONG_TERM_MINUTES } from '../../../shared/mentoring.ts';
import type { Config } from '../../config.ts';
import type { DB } from '../../db/database.ts';
import { AppError, notFound } from '../../http/errors.ts';
import type { Actor, SessionUser } from '../../http/guard.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { confirmOwnMilestone } from './milestones.service.ts';
import {
  findCurrentCase,
  findMilestone,
  findOwnActionItem,
  findOwnBusiness,
  insertConsent,
  listActionItemsOf,
  listConsents,
  listMilestonesOf,
  listOwnBusinesses,
  listSessionsOf,
} from './owner.repository.ts';
import type {
  ActionItemDto,
  ConsentDto,
  MilestoneDto,
  MyBusinessDto,
  MyMentoringDto,
} from './owner.schema.ts';
import { changeActionItem } from './sessions.service.ts';

/**
 * The business owner's own view: their businesses, mentor, sessions, action items and milestones, and
 * the personal-data consent (UU 27/2022). An owner reaches only the businesses linked to their account;
 * anything else answers 404, as if it did not exist.
 */

const iso = (d: Date | null) => (d ? d.toISOString() : null);
/** Minutes to one decimal: a group session's share of the preparation need not be whole. */
const minutes = (m: number) => Math.round(m * 10) / 10;

function mentorOf(row: {
  mentor_id: number | null;
  mentor_name: string | null;
  institution_name: string | null;
  mentor_phone: string | null;
}) {
  if (row.mentor_id == null || row.mentor_name == null) return null;
  return {
    id: row.mentor_id,
    name: row.mentor_name,
    institutionName: row.institution_name,
    phone: row.mentor_phone,
  };
}

// ── consent ─────────────────────────────────────────────────────────────────

export async function getConsent(db: DB, user: SessionUser): Promise<ConsentDto> {
  const rows = await listConsents(db, user.id);
  const current = rows.find((r) => r.text_version === CONSENT_VERSION);
  return {
    version: CONSENT_VERSION,
    required: current === undefined,
    agreedAt: iso(current?.agreed_at ?? null),
    history: rows.map((r) => ({ version: r.text_version, agreedAt: r.agreed_at.toISOString() })),
  };
}

/**
 * The owner agrees to the text of `version`, which must be the one in force (a page opened before the text
 * changed must show the new text first). Agreeing again changes nothing.
 */
export async function agreeToConsent(db: DB, user: SessionUser, actor: Actor, version: string) {
  if (version !== CONSENT_VERSION) {
    const message = 'Teks persetujuan sudah diperbarui; baca teks yang baru lalu setujui kembali.';
    throw new AppError('ConsentVersionOutdated', 409, message, {
      errors: [{ path: 'body.version', message }],
      version: CONSENT_VERSION,
    });
  }
  await db.transaction().execute(async (trx) => {
    const recorded = await insertConsent(trx, user.id, version, actor.ip ?? null);
    if (recorded) {
      await recordAudit(trx, actor, {
        action: 'consent',
        entity: 'user',
        entityId: user.id,
        newValues: { consent_version: version, ip: actor.ip ?? null },
      });
    }
  });
  return getConsent(db, user);
}

// ── the owner's businesses ──────────────────────────────────────────────────

export async function myBusinesses(db: DB, user: SessionUser): Promise<MyBusinessDto[]> {
  const rows = await listOwnBusinesses(db, user.id);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    sector: r.sector,
    kelurahanName: r.kelurahan_name,
    kecamatanName: r.kecamatan_name,
    archived: r.archived_at != null,
    mentor: mentorOf(r),
    sessions: r.sessions ?? 0,
    creditedMinutes: minutes(r.credited_minutes ?? 0),
    openOwnerItems: r.open_owner_items ?? 0,
    unconfirmedMilestones: r.unconfirmed_milestones ?? 0,
    latestPeriod: r.latest_period ?? null,
  }));
}

export async function myMentoring(db: DB, user: SessionUser, businessId: number): Promise<MyMentoringDto> {
  const business = await findOwnBusiness(db, user.id, businessId);
  if (!business) throw notFound('Usaha');
  const [current, sessions, items, milestones] = await Promise.all([
    findCurrentCase(db, businessId),
    listSessionsOf(db, businessId),
    listActionItemsOf(db, businessId),
    listMilestonesOf(db, businessId),
  ]);
  // Exact as minutes × n per session (decision 0013); divided only to show.
  const credited = sessions.reduce((sum, s) => sum + s.credited_x_n / s.n, 0);
  return {
    business: { id: business.id, name: business.name, archived: business.archived_at != null },
    mentor: mentorOf(business),
    case: current
      ? { openedOn: current.opened_on, closedOn: current.closed_on, outcome: current.outcome }
      : null,
    sessions: sessions.map((s) => ({
      id: s.id,
      heldOn: s.held_on,
      mode: s.mode,
      topics: s.topics,
      businesses: s.n,
      creditedMinutes: minutes(s.credited_x_n / s.n),
      mentorName: s.mentor_name,
    })),
    creditedMinutes: minutes(credited),
    longTermClient: credited >= LONG_TERM_MINUTES,
    actionItems: items.map(toActionItem),
    milestones: milestones.map(toMilestone),
  };
}

function toActionItem(r: {
  id: number;
  what: string;
  owner_side: 'mentor' | 'owner';
  due_on: string | null;
  done_at: Date | null;
  session_on: string;
}): ActionItemDto {
  return {
    id: r.id,
    what: r.what,
    side: r.owner_side,
    dueOn: r.due_on,
    doneAt: iso(r.done_at),
    sessionOn: r.session_on,
  };
}

function toMilestone(r: Awaited<ReturnType<typeof findMilestone>>): MilestoneDto {
  return {
    id: r.id,
    kind: r.kind,
    achievedOn: r.achieved_on,
    evidenceNumber: r.evidence_number,
    details: { ...r.details },
    verifiedBy: r.verified_by,
    ownerConfirmedAt: iso(r.owner_confirmed_at),
  };
}

/**
 * `PATCH /me/action-items/:id`: the owner ticks an action item of their own side as done (or not done after
 * all), by the same rule as the mentoring route (`changeActionItem`: another owner's item 404, a mentor's 403),
 * answered as the owner's view shows it.
 */
export async function tickActionItem(
  db: DB,
  config: Config,
  user: SessionUser,
  actor: Actor,
  itemId: number,
  done: boolean,
): Promise<ActionItemDto> {
  return db.transaction().execute(async (trx) => {
    await changeActionItem(trx, config, user, actor, itemId, done);
    const item = await findOwnActionItem(trx, user.id, itemId);
    if (!item) throw notFound('Tindak lanjut');
    return toActionItem(item);
  });
}

/**
 * `POST /me/milestones/:id/confirm`: the owner confirms that the program helped them reach a milestone, by
 * the same rule as the mentoring route (`confirmOwnMilestone`), answered as the owner's view shows it.
 */
export async function confirmMyMilestone(
  db: DB,
  user: SessionUser,
  actor: Actor,
  milestoneId: number,
): Promise<MilestoneDto> {
  return db.transaction().execute(async (trx) => {
    await confirmOwnMilestone(trx, user, actor, milestoneId);
    return toMilestone(await findMilestone(trx, milestoneId));
  });
}
