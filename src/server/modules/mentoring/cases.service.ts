import { EXPERTISE, type Expertise, parseCodeList } from '../../../shared/mentoring.ts';
import type { Config } from '../../config.ts';
import type { DB } from '../../db/database.ts';
import { localToday } from '../../http/dates.ts';
import { AppError, forbidden, notFound } from '../../http/errors.ts';
import type { Actor, SessionUser } from '../../http/guard.ts';
import { areaScopeOf, isInScope } from '../../http/scope.ts';
import { areaNames } from '../areas/areas.service.ts';
import type { Executor } from '../audit/audit.repository.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { visibleBusiness } from '../businesses/businesses.service.ts';
import {
  findMentor,
  findVisibleCase,
  isUniqueViolation,
  listCases,
  mentorCandidates,
  type VisibleCase,
} from './cases.repository.ts';
import type {
  CaseDetailDto,
  CaseListItem,
  CaseListQuery,
  CloseInput,
  OpenCaseInput,
  TransferInput,
} from './cases.schema.ts';
import { hasValidCertificate, lockCaseload } from './mentoring.rules.ts';
import { actionItemsOf, creditOf, milestonesOf, sessionsOf, turnoverOf } from './mentoring.view.ts';

/** Who opens, transfers and closes cases (a mentor closes their own; see mayManage). */
export const CASE_MANAGERS = ['admin', 'area_officer', 'institution_admin'] as const;

export const fieldError = (code: string, status: number, path: string, message: string) =>
  new AppError(code, status, message, { errors: [{ path, message }] });

export const todayOf = (config: Config) => localToday(config.timezone);

/** A case the user may see, or 404 (a case beyond their scope is not told apart from none). */
export async function loadCase(db: Executor, config: Config, user: SessionUser, id: number) {
  const row = await findVisibleCase(db, config, user, id);
  if (!row) throw notFound('Kasus pendampingan');
  return row;
}

/** The office, officers and institution admins manage the cases they see; a mentor only closes their own. */
function mayManage(user: SessionUser, _c: VisibleCase) {
  return (CASE_MANAGERS as readonly string[]).includes(user.role);
}

/** Sessions, milestones and items: the case's mentor, or the office, officers and institution admins for them. */
export function mayRecord(user: SessionUser, c: { mentor_id: number }) {
  if (user.role === 'mentor') return c.mentor_id === user.id;
  return (CASE_MANAGERS as readonly string[]).includes(user.role);
}

/**
 * The mentor to assign: an active mentor account (400 otherwise) that the user may assign (an institution
 * admin only their institution's: 403).
 */
async function requireAssignableMentor(db: Executor, user: SessionUser, mentorId: number) {
  const mentor = await findMentor(db, user, mentorId);
  if (!mentor) throw fieldError('MentorUnknown', 400, 'body.mentorId', 'Pendamping tidak ditemukan.');
  if (!mentor.visible) {
    throw fieldError('MentorOutOfScope', 403, 'body.mentorId', 'Pendamping ini bukan dari lembaga Anda.');
  }
  return mentor;
}

/**
 * The rules of giving a mentor one more case on `day`, under the lock on their profile row (two assignments
 * to the same mentor at once wait for each other): a profile, room under the cap, a valid certificate.
 */
async function checkAssignable(trx: Executor, mentorId: number, day: string) {
  const load = await lockCaseload(trx, mentorId);
  if (!load) {
    throw fieldError(
      'MentorNoProfile',
      400,
      'body.mentorId',
      'Pendamping belum memiliki profil (keahlian dan batas kasus).',
    );
  }
  if (load.open >= load.cap) {
    throw fieldError(
      'CaseloadFull',
      409,
      'body.mentorId',
      `Batas kasus pendamping sudah penuh: ${load.open} dari ${load.cap} kasus terbuka.`,
    );
  }
  if (!(await hasValidCertificate(trx, mentorId, day))) {
    throw fieldError(
      'CertificateInvalid',
      409,
      'body.mentorId',
      `Sertifikat kompetensi pendamping tidak berlaku pada ${day}.`,
    );
  }
}

function notFuture(config: Config, day: string, path: string, label: string) {
  if (day > todayOf(config))
    throw fieldError('DateInFuture', 400, path, `${label} tidak boleh di masa depan.`);
}

const caseOpenConflict = (caseId?: number) =>
  new AppError('CaseAlreadyOpen', 409, 'Usaha ini sudah memiliki kasus pendampingan yang terbuka.', {
    ...(caseId ? { caseId } : {}),
    errors: [
      { path: 'body.businessId', message: 'Usaha ini sudah memiliki kasus pendampingan yang terbuka.' },
    ],
  });

export async function openCase(
  db: DB,
  config: Config,
  user: SessionUser,
  actor: Actor,
  input: OpenCaseInput,
) {
  const openedOn = input.openedOn ?? todayOf(config);
  notFuture(config, openedOn, 'body.openedOn', 'Tanggal mulai');
  const business = await db
    .selectFrom('business')
    .select(['id', 'kelurahan_code', 'mentor_id', 'archived_at'])
    .where('id', '=', input.businessId)
    .executeTakeFirst();
  if (!business || !isInScope(areaScopeOf(user, config.deploymentArea), business.kelurahan_code)) {
    throw notFound('Usaha');
  }
  if (business.archived_at) {
    throw fieldError('BusinessArchived', 409, 'body.businessId', 'Usaha ini diarsipkan.');
  }
  await requireAssignableMentor(db, user, input.mentorId);
  const open = await db
    .selectFrom('mentoring_case')
    .select('id')
    .where('business_id', '=', business.id)
    .where('closed_on', 'is', null)
    .executeTakeFirst();
  if (open) throw caseOpenConflict(open.id);

  try {
    const id = await db.transaction().execute(async (trx) => {
      await checkAssignable(trx, input.mentorId, openedOn);
      const row = await trx
        .insertInto('mentoring_case')
        .values({
          business_id: business.id,
          mentor_id: input.mentorId,
          opened_on: openedOn,
          opened_by: user.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('case_assignment')
        .values({
          case_id: row.id,
          mentor_id: input.mentorId,
          from_on: openedOn,
          reason: input.reason || null,
          assigned_by: user.id,
        })
        .execute();
      await syncBusinessMentor(trx, actor, business, input.mentorId);
      await recordAudit(trx, actor, {
        action: 'open',
        entity: 'mentoring_case',
        entityId: row.id,
        areaCode: business.kelurahan_code,
        newValues: { business_id: business.id, mentor_id: input.mentorId, opened_on: openedOn },
      });
      return row.id;
    });
    return getCase(db, config, user, id);
  } catch (err) {
    // Two officers assigning the same business at once: the database lets one win.
    if (isUniqueViolation(err, 'mentoring_case_one_open_idx')) throw caseOpenConflict();
    throw err;
  }
}

/** business.mentor_id is the mentor of the open (or last) case: the registry's scoping follows it. */
async function syncBusinessMentor(
  trx: Executor,
  actor: Actor,
  business: { id: number; kelurahan_code: string; mentor_id: number | null },
  mentorId: number,
) {
  if (business.mentor_id === mentorId) return;
  await trx
    .updateTable('business')
    .set({ mentor_id: mentorId, updated_at: new Date() })
    .where('id', '=', business.id)
    .execute();
  await recordAudit(trx, actor, {
    action: 'assign_mentor',
    entity: 'business',
    entityId: business.id,
    areaCode: business.kelurahan_code,
    oldValues: { mentor_id: business.mentor_id },
    newValues: { mentor_id: mentorId },
  });
}

export async function transferCase(
  db: DB,
  config: Config,
  user: SessionUser,
  actor: Actor,
  id: number,
  input: TransferInput,
) {
  const current = await loadCase(db, config, user, id);
  if (!mayManage(user, current)) throw forbidden();
  if (current.closed_on) throw new AppError('CaseClosed', 409, 'Kasus ini sudah ditutup.');
  if (current.mentor_id === input.mentorId) {
    throw fieldError('SameMentor', 400, 'body.mentorId', 'Pilih pendamping lain dari pendamping sekarang.');
  }
  const on = input.on ?? todayOf(config);
  notFuture(config, on, 'body.on', 'Tanggal pengalihan');
  if (on < current.opened_on) {
    throw fieldError(
      'DateBeforeOpened',
      400,
      'body.on',
      'Tanggal pengalihan tidak boleh sebelum kasus dibuka.',
    );
  }
  await requireAssignableMentor(db, user, input.mentorId);
  await db.transaction().execute(async (trx) => {
    await checkAssignable(trx, input.mentorId, on);
    const moved = await trx
      .updateTable('mentoring_case')
      .set({ mentor_id: input.mentorId, updated_at: new Date() })
      .where('id', '=', id)
      .where('closed_on', 'is', null)
      .where('mentor_id', '=', current.mentor_id)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) {
      throw new AppError('CaseChanged', 409, 'Kasus ini baru saja diubah orang lain; muat ulang halaman.');
    }
    await trx
      .updateTable('case_assignment')
      .set({ to_on: on })
      .where('case_id', '=', id)
      .where('to_on', 'is', null)
      .execute();
    await trx
      .insertInto('case_assignment')
      .values({
        case_id: id,
        mentor_id: input.mentorId,
        from_on: on,
        reason: input.reason || null,
        assigned_by: user.id,
      })
      .execute();
    const business = await trx
      .selectFrom('business')
      .select(['id', 'kelurahan_code', 'mentor_id'])
      .where('id', '=', current.business_id)
      .executeTakeFirstOrThrow();
    await syncBusinessMentor(trx, actor, business, input.mentorId);
    await recordAudit(trx, actor, {
      action: 'transfer',
      entity: 'mentoring_case',
      entityId: id,
      areaCode: current.kelurahan_code,
      oldValues: { mentor_id: current.mentor_id },
      newValues: { mentor_id: input.mentorId, from_on: on, reason: input.reason ?? null },
    });
  });
  return getCase(db, config, user, id);
}

export async function closeCase(
  db: DB,
  config: Config,
  user: SessionUser,
  actor: Actor,
  id: number,
  input: CloseInput,
) {
  const current = await loadCase(db, config, user, id);
  if (!mayManage(user, current) && !(user.role === 'mentor' && current.mentor_id === user.id))
    throw forbidden();
  if (current.closed_on) throw new AppError('CaseClosed', 409, 'Kasus ini sudah ditutup.');
  const closedOn = input.closedOn ?? todayOf(config);
  notFuture(config, closedOn, 'body.closedOn', 'Tanggal penutupan');
  if (closedOn < current.opened_on) {
    throw fieldError(
      'DateBeforeOpened',
      400,
      'body.closedOn',
      'Tanggal penutupan tidak boleh sebelum kasus dibuka.',
    );
  }
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('mentoring_case')
      .set({ closed_on: closedOn, outcome: input.outcome, outcome_note: input.note, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await trx
      .updateTable('case_assignment')
      .set({ to_on: closedOn })
      .where('case_id', '=', id)
      .where('to_on', 'is', null)
      .execute();
    await recordAudit(trx, actor, {
      action: 'close',
      entity: 'mentoring_case',
      entityId: id,
      areaCode: current.kelurahan_code,
      newValues: { closed_on: closedOn, outcome: input.outcome, note: input.note },
    });
  });
  return getCase(db, config, user, id);
}

export async function searchCases(db: DB, config: Config, user: SessionUser, q: CaseListQuery) {
  const { rows, total } = await listCases(db, config, user, q);
  const names = await areaNames(
    db,
    rows.flatMap((r) => [r.kelurahan_code, r.kecamatan_code]),
  );
  const items: CaseListItem[] = rows.map((r) => {
    const credited = Math.round(Number(r.credited ?? 0) * 100) / 100;
    return {
      id: r.id,
      businessId: r.business_id,
      businessName: r.business_name,
      sector: r.sector,
      kelurahanCode: r.kelurahan_code,
      kelurahanName: names.get(r.kelurahan_code) ?? r.kelurahan_code,
      kecamatanCode: r.kecamatan_code,
      kecamatanName: names.get(r.kecamatan_code) ?? r.kecamatan_code,
      mentorId: r.mentor_id,
      mentorName: r.mentor_name,
      openedOn: r.opened_on,
      closedOn: r.closed_on,
      outcome: r.outcome,
      sessions: r.sessions ?? 0,
      lastSessionOn: r.last_session_on ?? null,
      creditedMinutes: credited,
      longTermClient: credited >= 300,
    };
  });
  return { items, total, page: q.page, pageSize: q.pageSize };
}

export async function getCase(db: DB, config: Config, user: SessionUser, id: number): Promise<CaseDetailDto> {
  const c = await loadCase(db, config, user, id);
  const today = todayOf(config);
  const subject = { businessId: c.business_id, caseId: c.id };
  const [assignments, sessions, actionItems, milestones, credit, turnover, names] = await Promise.all([
    db
      .selectFrom('case_assignment as a')
      .innerJoin('app_user as mu', 'mu.id', 'a.mentor_id')
      .select(['a.mentor_id', 'mu.name', 'a.from_on', 'a.to_on', 'a.reason'])
      .where('a.case_id', '=', id)
      .orderBy('a.from_on')
      .orderBy('a.id')
      .execute(),
    sessionsOf(db, config, user, subject),
    actionItemsOf(db, subject, today),
    milestonesOf(db, c.business_id),
    creditOf(db, c.business_id),
    turnoverOf(db, c.business_id),
    areaNames(db, [c.kelurahan_code, c.kecamatan_code]),
  ]);
  return {
    id: c.id,
    openedOn: c.opened_on,
    closedOn: c.closed_on,
    outcome: c.outcome,
    outcomeNote: c.outcome_note,
    mentorId: c.mentor_id,
    mentorName: c.mentor_name,
    business: {
      id: c.business_id,
      name: c.business_name,
      sector: c.sector,
      ownerName: c.owner_name,
      kelurahanCode: c.kelurahan_code,
      kelurahanName: names.get(c.kelurahan_code) ?? c.kelurahan_code,
      kecamatanName: names.get(c.kecamatan_code) ?? c.kecamatan_code,
      address: c.address,
    },
    assignments: assignments.map((a) => ({
      mentorId: a.mentor_id,
      mentorName: a.name,
      fromOn: a.from_on,
      toOn: a.to_on,
      reason: a.reason,
    })),
    sessions,
    actionItems,
    milestones,
    ...credit,
    turnover,
    canRecord: c.closed_on == null && mayRecord(user, c),
    canManage:
      c.closed_on == null && (mayManage(user, c) || (user.role === 'mentor' && c.mentor_id === user.id)),
  };
}

/**
 * Mentors ranked for a business: same kelurahan first, then matching expertise (overlap with the topics the
 * business needs when given, else breadth of expertise), then spare caseload; each with the reason in words.
 * Mentors who cannot take the case today (cap reached, no valid certificate) come last, marked.
 */
export async function suggestMentors(
  db: DB,
  config: Config,
  user: SessionUser,
  businessId: number,
  topicsParam: string | undefined,
) {
  const business = await db
    .selectFrom('business')
    .select(['id', 'kelurahan_code'])
    .where('id', '=', businessId)
    .executeTakeFirst();
  if (!business || !isInScope(areaScopeOf(user, config.deploymentArea), business.kelurahan_code)) {
    throw notFound('Usaha');
  }
  const parsed = parseCodeList((topicsParam ?? '').replaceAll(',', '|'), EXPERTISE);
  if (parsed.unknown.length) {
    throw fieldError(
      'TopicUnknown',
      400,
      'query.topics',
      `Topik tidak dikenal: ${parsed.unknown.join(', ')}.`,
    );
  }
  const topics = parsed.values;
  const today = todayOf(config);
  const kelurahanName = (await areaNames(db, [business.kelurahan_code])).get(business.kelurahan_code) ?? '';
  const rows = await mentorCandidates(db, user, business.kelurahan_code, today);
  const items = rows.map((m) => {
    const expertise = m.expertise as Expertise[];
    const matching = topics.length ? expertise.filter((e) => topics.includes(e)) : expertise;
    const open = m.open ?? 0;
    const spare = Math.max(0, m.caseload_cap - open);
    const sameKelurahan = Boolean(m.same_kelurahan);
    const certificateValid = Boolean(m.certificate_valid);
    const parts = [
      sameKelurahan ? `Meliput kelurahan ${kelurahanName}` : `Tidak meliput kelurahan ${kelurahanName}`,
      topics.length
        ? matching.length
          ? `keahlian ${matching.join(', ')} cocok`
          : 'tidak ada keahlian yang cocok'
        : expertise.length
          ? `keahlian ${expertise.join(', ')}`
          : 'keahlian belum diisi',
      `sisa kuota ${spare} dari ${m.caseload_cap}`,
    ];
    if (!certificateValid) parts.push('sertifikat tidak berlaku hari ini');
    return {
      mentorId: m.id,
      name: m.name,
      institutionName: m.institution_name ?? null,
      expertise,
      sameKelurahan,
      matching,
      open,
      cap: m.caseload_cap,
      spare,
      certificateValid,
      eligible: certificateValid && spare > 0,
      explanation: parts.join(' · '),
    };
  });
  items.sort(
    (a, b) =>
      Number(b.eligible) - Number(a.eligible) ||
      Number(b.sameKelurahan) - Number(a.sameKelurahan) ||
      b.matching.length - a.matching.length ||
      b.spare - a.spare ||
      a.name.localeCompare(b.name),
  );
  return { businessId: business.id, kelurahanName, topics, items: items.slice(0, 20) };
}

/** Everything about one business's mentoring, for the registry's business page and the owner's view. */
export async function businessMentoring(db: DB, config: Config, user: SessionUser, businessId: number) {
  await visibleBusiness(db, config, user, businessId);
  const today = todayOf(config);
  const subject = { businessId };
  const [cases, sessions, actionItems, milestones, credit, turnover] = await Promise.all([
    db
      .selectFrom('mentoring_case as c')
      .innerJoin('app_user as mu', 'mu.id', 'c.mentor_id')
      .select(['c.id', 'c.mentor_id', 'mu.name as mentor_name', 'c.opened_on', 'c.closed_on', 'c.outcome'])
      .where('c.business_id', '=', businessId)
      .orderBy('c.opened_on', 'desc')
      .orderBy('c.id', 'desc')
      .execute(),
    sessionsOf(db, config, user, subject),
    actionItemsOf(db, subject, today),
    milestonesOf(db, businessId),
    creditOf(db, businessId),
    turnoverOf(db, businessId),
  ]);
  const open = cases.find((c) => c.closed_on == null);
  return {
    businessId,
    openCase: open
      ? { id: open.id, mentorId: open.mentor_id, mentorName: open.mentor_name, openedOn: open.opened_on }
      : null,
    cases: cases.map((c) => ({
      id: c.id,
      mentorName: c.mentor_name,
      openedOn: c.opened_on,
      closedOn: c.closed_on,
      outcome: c.outcome,
    })),
    sessions,
    actionItems,
    milestones,
    ...credit,
    turnover,
  };
}
