import path from 'node:path';
import { canonicalAreaCode, isWithinArea } from '../../../shared/area-code.ts';
import { maskNik } from '../../../shared/identity.ts';
import {
  AID_OPTIONAL_COLUMNS,
  AID_REQUIRED_COLUMNS,
  type AidColumn,
} from '../../../shared/import-columns.ts';
import type { Config } from '../../config.ts';
import type { DB } from '../../db/database.ts';
import type { Cell } from '../../files/tabular.ts';
import { discardUpload, MAX_UPLOAD_BYTES, storeUpload } from '../../files/uploads.ts';
import { localToday } from '../../http/dates.ts';
import { AppError, forbidden, notFound } from '../../http/errors.ts';
import type { Actor, SessionUser } from '../../http/guard.ts';
import { areaScopeOf, assertInScope, withinScope } from '../../http/scope.ts';
import { findAreas } from '../areas/areas.repository.ts';
import { loadAreaLookups, parseAreaCode, requireAreaWithin } from '../areas/areas.service.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { type Disclosure, disclose, type IdentitySubject, listDisclosure } from '../audit/identity-reads.ts';
import type { BusinessEB } from '../businesses/businesses.repository.ts';
import {
  findOwner,
  findOwnerByNik,
  insertBusiness,
  insertOwner,
  updateOwner,
} from '../businesses/businesses.repository.ts';
import { accessFor, canSeeFullNik } from '../businesses/businesses.service.ts';
import { nameKey } from '../imports/stage.ts';
import {
  type AwaitingFilter,
  attachmentsOf,
  type BatchView,
  countsByKecamatan,
  createBatchWithApproved,
  findAttachment,
  findBatchView,
  findBusinessForOwner,
  findProgramByCode,
  findProgramById,
  findProposalByNik,
  findProposalView,
  type IntakeView,
  insertAttachment,
  insertIntakeRow,
  insertProgram,
  insertProposal,
  insertTransition,
  intakeRowsOfProposal,
  listBatchViews,
  listIntakeRows,
  listProgramViews,
  listProposals,
  lockProgram,
  lockProposal,
  type ProgramView,
  type ProposalAccess,
  type ProposalView,
  progressCounts,
  setProposalState,
  transitionsOf,
  updateProgramRow,
} from './aid.repository.ts';
import {
  type Applicant,
  type Assessment,
  assessApplicant,
  describeReasons,
  filledCells,
  REASON_MESSAGES,
  WARNINGS,
} from './aid.rules.ts';
import type {
  ApplicantInput,
  AttachmentDto,
  BatchDto,
  CreateProgramInput,
  IntakeListQuery,
  IntakeRowDto,
  ProgramDto,
  ProgressDto,
  ProgressQuery,
  ProposalDetailDto,
  ProposalDto,
  ProposalListQuery,
  SummaryDto,
  TransitionInput,
  TransitionTarget,
  UpdateProgramInput,
} from './aid.schema.ts';
import { type AidCriteria, type AidProgramRow, PROPOSAL_STATES, type ProposalState } from './aid.table.ts';

export const DEFAULT_CRITERIA: AidCriteria = { occupation: true, kur: true, micro: true, area: true };

export const programUnknown = (code: string) =>
  new AppError('AidProgramUnknown', 404, `Program bantuan "${code}" tidak ditemukan.`);

const fieldError = (code: string, path: string, message: string, status = 400) =>
  new AppError(code, status, message, { errors: [{ path, message }] });

// ---------------------------------------------------------------------------------------------
// Programs

function programDto(v: ProgramView): ProgramDto {
  return {
    id: v.id,
    code: v.code,
    name: v.name,
    amount: v.amount,
    areaCode: v.area_code,
    areaName: v.area_name,
    windows: {
      intakeStart: v.intake_start,
      intakeEnd: v.intake_end,
      reviewEnd: v.review_end,
      verificationEnd: v.verification_end,
      submissionEnd: v.submission_end,
    },
    criteria: { ...DEFAULT_CRITERIA, ...v.criteria },
    sameVerifierAllowed: v.same_verifier_allowed,
    proposals: v.proposals ?? 0,
    createdAt: v.created_at.toISOString(),
  };
}

export async function requireProgram(db: DB, input: string): Promise<AidProgramRow> {
  const code = input.trim().toUpperCase();
  const program = code ? await findProgramByCode(db, code) : undefined;
  if (!program) throw programUnknown(input.trim());
  return program;
}

/** The program named in an import job's parameters (`program`: its code). */
export async function programOfParams(db: DB, params: Record<string, unknown>) {
  const code = typeof params.program === 'string' ? params.program.trim() : '';
  if (!code) {
    throw new AppError(
      'AidProgramRequired',
      400,
      'Sebutkan kode program bantuan (parameter "program", misalnya BPUM2020).',
    );
  }
  return requireProgram(db, code);
}

const WINDOW_ORDER = [
  ['intakeStart', 'intake_start'],
  ['intakeEnd', 'intake_end'],
  ['reviewEnd', 'review_end'],
  ['verificationEnd', 'verification_end'],
  ['submissionEnd', 'submission_end'],
] as const;
type WindowRow = Pick<AidProgramRow, (typeof WINDOW_ORDER)[number][1]>;

/** Windows follow each other: intake, document review, field verification, submission. */
function checkWindows(w: WindowRow) {
  let previous: { key: string; value: string } | null = null;
  for (const [key, column] of WINDOW_ORDER) {
    const value = w[column];
    if (!value) continue;
    if (previous && value < previous.value) {
      throw fieldError(
        'AidWindowsInvalid',
        `body.${key}`,
        `Tanggal ini tidak boleh sebelum ${previous.key} (${previous.value}).`,
      );
    }
    previous = { key, value };
  }
}

const windowsOf = (input: Partial<CreateProgramInput>, current?: WindowRow): WindowRow => {
  const pick = (value: string | null | undefined, fallback: string | null | undefined) =>
    value === undefined ? (fallback ?? null) : value;
  return {
    intake_start: pick(input.intakeStart, current?.intake_start),
    intake_end: pick(input.intakeEnd, current?.intake_end),
    review_end: pick(input.reviewEnd, current?.review_end),
    verification_end: pick(input.verificationEnd, current?.verification_end),
    submission_end: pick(input.submissionEnd, current?.submission_end),
  };
};

const programAudit = (p: AidProgramRow) => ({
  code: p.code,
  name: p.name,
  amount: p.amount,
  area_code: p.area_code,
  intake_start: p.intake_start,
  intake_end: p.intake_end,
  review_end: p.review_end,
  verification_end: p.verification_end,
  submission_end: p.submission_end,
  criteria: p.criteria,
  same_verifier_allowed: p.same_verifier_allowed,
});

export async function createProgram(
  db: DB,
  config: Config,
  user: SessionUser | null,
  actor: Actor,
  input: CreateProgramInput,
): Promise<ProgramDto> {
  if (user && user.role !== 'admin') throw forbidden();
  let area: string;
  try {
    area = (await requireAreaWithin(db, input.areaCode ?? config.deploymentArea, config.deploymentArea)).code;
  } catch (err) {
    if (err instanceof AppError && (err.code === 'AreaUnknown' || err.code === 'AreaCodeInvalid'))
      throw fieldError(err.code, 'body.areaCode', err.message);
    throw err;
  }
  const windows = windowsOf(input);
  checkWindows(windows);
  await db.transaction().execute(async (trx) => {
    if (await findProgramByCode(trx, input.code)) {
      throw fieldError('AidProgramExists', 'body.code', `Program dengan kode ${input.code} sudah ada.`, 409);
    }
    const row = await insertProgram(trx, {
      code: input.code,
      name: input.name,
      amount: input.amount,
      area_code: area,
      ...windows,
      criteria: JSON.stringify({ ...DEFAULT_CRITERIA, ...input.criteria }),
      same_verifier_allowed: input.sameVerifierAllowed ?? false,
    });
    await recordAudit(trx, actor, {
      action: 'create',
      entity: 'aid_program',
      entityId: row.id,
      areaCode: area,
      newValues: programAudit(row),
    });
  });
  return getProgram(db, input.code);
}

export async function updateProgram(
  db: DB,
  user: SessionUser,
  actor: Actor,
  code: string,
  input: UpdateProgramInput,
): Promise<ProgramDto> {
  if (user.role !== 'admin') throw forbidden();
  const program = await requireProgram(db, code);
  const windows = windowsOf(input, program);
  checkWindows(windows);
  await db.transaction().execute(async (trx) => {
    await lockProgram(trx, program.id);
    const row = await updateProgramRow(trx, program.id, {
      name: input.name ?? program.name,
      amount: input.amount ?? program.amount,
      ...windows,
      criteria: JSON.stringify({ ...DEFAULT_CRITERIA, ...program.criteria, ...input.criteria }),
      same_verifier_allowed: input.sameVerifierAllowed ?? program.same_verifier_allowed,
      updated_at: new Date(),
    });
    await recordAudit(trx, actor, {
      action: 'update',
      entity: 'aid_program',
      entityId: row.id,
      areaCode: row.area_code,
      oldValues: programAudit(program),
      newValues: programAudit(row),
    });
  });
  return getProgram(db, program.code);
}

export async function getProgram(db: DB, code: string): Promise<ProgramDto> {
  const [view] = await listProgramViews(db, code.trim().toUpperCase());
  if (!view) throw programUnknown(code);
  return programDto(view);
}

export async function listPrograms(db: DB): Promise<ProgramDto[]> {
  return (await listProgramViews(db)).map(programDto);
}

// ---------------------------------------------------------------------------------------------
// Assessing applicants

/**
 * The intake rules bound to one program, with area lookups for many rows: the deployment's kelurahan are
 * known from the start, a code from elsewhere is looked up once per batch (`learn`), so a row from
 * another city is `outside_area` (it exists) or invalid (it does not), never a query per row.
 */
export async function applicantAssessor(db: DB, config: Config, program: AidProgramRow) {
  const lookups = await loadAreaLookups(db, config.deploymentArea);
  const kecamatanOf = new Map<string, string | null>(lookups.kecamatanOf);
  const context = {
    regencyExists: lookups.regencyExists,
    kecamatanOf: (code: string) => kecamatanOf.get(code) ?? undefined,
    program: { areaCode: program.area_code, criteria: { ...DEFAULT_CRITERIA, ...program.criteria } },
    today: new Date(),
  };
  return {
    /** Looks up the kelurahan codes of these rows that are not known yet. */
    async learn(rows: Iterable<Partial<Record<string, Cell>>>) {
      const unknown = new Set<string>();
      for (const cells of rows) {
        for (const column of ['kode_kelurahan', 'kode_kelurahan_ktp']) {
          const text = cells[column]?.text;
          const code = text ? canonicalAreaCode(text) : null;
          if (code && !kecamatanOf.has(code)) unknown.add(code);
        }
      }
      if (unknown.size === 0) return;
      const found = await findAreas(db, [...unknown]);
      for (const code of unknown) kecamatanOf.set(code, null);
      for (const area of found) if (area.level === 4) kecamatanOf.set(area.code, area.parent_code);
    },
    assess: (cells: Partial<Record<string, Cell>>): Assessment => assessApplicant(cells, context),
  };
}

/** A form's JSON as the cells of a file row, so that both go through the same rules. */
function cellsOfInput(input: ApplicantInput): Record<string, Cell> {
  const cells: Record<string, Cell> = {};
  for (const column of [...AID_REQUIRED_COLUMNS, ...AID_OPTIONAL_COLUMNS]) {
    const value = input[column];
    if (value === null || value === undefined) cells[column] = { text: '', numeric: false };
    else if (typeof value === 'boolean') cells[column] = { text: value ? 'ya' : 'tidak', numeric: false };
    else cells[column] = { text: String(value).trim(), numeric: typeof value === 'number' };
  }
  return cells;
}

/** The business created for an applicant who has none in the registry. */
export const businessNameOf = (applicant: Pick<Applicant, 'name'>) => `Usaha ${applicant.name}`;

// ---------------------------------------------------------------------------------------------
// Proposals: access, DTOs, single entry

const OFFICE_ROLES: readonly SessionUser['role'][] = ['admin', 'area_officer'];

/** The office sees every proposal of a program, an officer those in their area, others those of businesses they may see. */
export function proposalAccess(user: SessionUser, config: Config): ProposalAccess {
  if (user.role === 'admin') return (eb) => eb.and([]);
  if (user.role === 'area_officer')
    return (eb) => eb.and([withinScope(eb, 'p.kelurahan_code', user.areaCode ?? '-')]);
  const businesses = accessFor(user, config);
  return (eb) => businesses(eb as unknown as BusinessEB);
}

const reasonsOf = (codes: readonly string[]) =>
  codes.map((code) => ({ code, message: REASON_MESSAGES[code] ?? code }));
const warningsOf = (codes: readonly string[]) =>
  codes.map((code) => ({ code, message: WARNINGS[code as keyof typeof WARNINGS] ?? code }));

const subjectOf = (v: ProposalView): IdentitySubject => ({
  ownerId: v.owner_id,
  ownerUserId: v.owner_user_id,
  areaCode: v.kelurahan_code,
});

function proposalDto(identity: Disclosure, v: ProposalView): ProposalDto {
  const subject = subjectOf(v);
  return {
    id: v.id,
    programCode: v.program_code,
    ...identity.nik(subject, v.nik),
    kk: identity.kk(subject, v.kk) ?? maskNik(v.kk),
    name: v.name,
    phone: v.phone,
    address: v.address,
    businessField: v.business_field,
    occupation: v.occupation,
    receivesKur: v.receives_kur,
    nib: v.nib,
    capital: v.capital,
    annualSales: v.annual_sales,
    kelurahanCode: v.kelurahan_code,
    kelurahanName: v.kelurahan_name,
    kecamatanCode: v.kecamatan_code,
    kecamatanName: v.kecamatan_name ?? v.kecamatan_code,
    ktpKelurahanCode: v.ktp_kelurahan_code,
    state: v.state,
    eligible: v.eligible,
    reasons: reasonsOf(v.reasons),
    warnings: warningsOf(v.warnings),
    amount: v.amount,
    ownerId: v.owner_id,
    businessId: v.business_id,
    batchId: v.batch_id,
    lastNote: v.last_note,
    createdAt: v.created_at.toISOString(),
    updatedAt: v.updated_at.toISOString(),
  };
}

/** An intake row: its NIK is the proposal's owner's (`subject`), or no owner's when the row made none. */
function intakeDto(identity: Disclosure, subject: IdentitySubject, r: IntakeView): IntakeRowDto {
  const full = identity.full(subject);
  const data = full ? r.data : { ...r.data, nik: r.data.nik ? maskNik(r.data.nik) : '', no_kk: '' };
  return {
    id: r.id,
    jobId: r.job_id,
    rowNumber: r.row_number,
    state: r.state,
    reasons: reasonsOf(r.reasons),
    warnings: warningsOf(r.warnings),
    message: r.message,
    nik: r.nik && !full ? maskNik(r.nik) : r.nik,
    name: r.data.nama || null,
    data,
    firstRowId: r.first_row_id,
    firstRowNumber: r.first_row_number,
    firstJobId: r.first_job_id,
    proposalId: r.proposal_id,
    createdAt: r.created_at.toISOString(),
  };
}

/** The entry form's labels of the file's columns, to name an empty field. */
const ENTRY_FIELD_LABELS: Record<AidColumn, string> = {
  nik: 'NIK',
  no_kk: 'No. KK',
  nama: 'Nama lengkap',
  no_hp: 'No. HP',
  alamat: 'Alamat usaha',
  kode_kelurahan: 'Kelurahan',
  bidang_usaha: 'Bidang usaha',
  pekerjaan: 'Pekerjaan',
  menerima_kur: 'Sedang menerima KUR/kredit bank',
  nib: 'NIB',
  modal_usaha: 'Modal usaha',
  omzet_tahunan: 'Omzet tahunan',
  kode_kelurahan_ktp: 'Kode kelurahan KTP',
};

/**
 * One applicant typed in by an officer (or, later, by the owner): the same rules as a file row. An invalid
 * entry (400) or one whose NIK is already proposed (409) writes nothing; otherwise the proposal is made,
 * linked to the registry (owner by NIK, business found or created), with its intake row and audit entry.
 */
export async function enterProposal(
  db: DB,
  config: Config,
  user: SessionUser,
  actor: Actor,
  code: string,
  input: ApplicantInput,
) {
  if (!OFFICE_ROLES.includes(user.role)) throw forbidden();
  const program = await requireProgram(db, code);
  const cells = cellsOfInput(input);
  const assessor = await applicantAssessor(db, config, program);
  await assessor.learn([cells]);
  const verdict = assessor.assess(cells);
  if (!verdict.valid) {
    // An empty field is named in its own message: "Nama lengkap wajib diisi.", not the file's "Kolom wajib kosong."
    const errors = verdict.problems.flatMap((p) =>
      p.columns.map((c) => ({
        path: `body.${c}`,
        message: p.code === 'required_missing' ? `${ENTRY_FIELD_LABELS[c]} wajib diisi.` : p.message,
      })),
    );
    throw new AppError('AidEntryInvalid', 400, 'Data pengusul tidak sah; periksa kolom yang ditandai.', {
      reasons: [...new Set(verdict.problems.map((p) => p.code))],
      errors,
    });
  }
  const { applicant, reasons, warnings } = verdict;
  if (user.role === 'area_officer') assertInScope(user.areaCode ?? '-', applicant.kelurahanCode);
  const state = reasons.length ? 'ineligible' : 'eligible';

  const { proposalId, intakeRowId } = await db.transaction().execute(async (trx) => {
    await lockProgram(trx, program.id);
    const existing = await findProposalByNik(trx, program.id, applicant.nik);
    if (existing) {
      throw new AppError('AidDuplicate', 409, 'NIK ini sudah diusulkan dalam program ini.', {
        proposalId: existing.id,
        errors: [{ path: 'body.nik', message: 'NIK sudah diusulkan dalam program ini.' }],
      });
    }
    let owner = await findOwnerByNik(trx, applicant.nik);
    if (owner?.merged_into_id) owner = await findOwner(trx, owner.merged_into_id);
    // An ineligible applicant is kept with the proposal only: the registry gains no owner and no business
    // (a registered owner is still linked, with the business they already have).
    const eligible = state === 'eligible';
    if (!owner && eligible) {
      owner = await insertOwner(trx, {
        nik: applicant.nik,
        name: applicant.name,
        phone: applicant.phone,
        kk: applicant.kk,
        gender: applicant.gender,
        birth_date: applicant.birthDate,
      });
      await recordAudit(trx, actor, {
        action: 'create',
        entity: 'owner',
        entityId: owner.id,
        newValues: { name: owner.name, phone: owner.phone, nik: maskNik(owner.nik) },
      });
    } else if (owner && eligible && (!owner.phone || !owner.kk)) {
      owner = await updateOwner(trx, owner.id, {
        phone: owner.phone ?? applicant.phone,
        kk: owner.kk ?? applicant.kk,
        updated_at: new Date(),
      });
    }
    let businessId: number | null = null;
    if (owner && isWithinArea(applicant.kelurahanCode, config.deploymentArea)) {
      const name = businessNameOf(applicant);
      businessId = await findBusinessForOwner(trx, owner.id, nameKey(name));
      if (!businessId && eligible) {
        const business = await insertBusiness(trx, {
          owner_id: owner.id,
          name,
          name_key: nameKey(name),
          sector: applicant.sector,
          address: applicant.address,
          kelurahan_code: applicant.kelurahanCode,
          kecamatan_code: applicant.kecamatanCode,
          capital: applicant.capital,
          annual_sales: applicant.annualSales,
          legality: JSON.stringify(applicant.nib ? { nib: { number: applicant.nib } } : {}),
          online: '{}',
        });
        businessId = business.id;
        await recordAudit(trx, actor, {
          action: 'create',
          entity: 'business',
          entityId: business.id,
          areaCode: business.kelurahan_code,
          newValues: { name: business.name, sector: business.sector, source: `aid:${program.code}` },
        });
      }
    }
    const proposal = await insertProposal(trx, {
      program_id: program.id,
      nik: applicant.nik,
      owner_id: owner?.id ?? null,
      business_id: businessId,
      state: state === 'eligible' ? 'submitted' : 'ineligible',
      eligible: state === 'eligible',
      reasons,
      warnings,
      name: applicant.name,
      kk: applicant.kk,
      phone: applicant.phone,
      address: applicant.address,
      business_field: applicant.businessField,
      occupation: applicant.occupation,
      receives_kur: applicant.receivesKur,
      nib: applicant.nib,
      capital: applicant.capital,
      annual_sales: applicant.annualSales,
      kelurahan_code: applicant.kelurahanCode,
      kecamatan_code: applicant.kecamatanCode,
      ktp_kelurahan_code: applicant.ktpKelurahanCode,
      amount: program.amount,
    });
    const intake = await insertIntakeRow(trx, {
      program_id: program.id,
      state,
      reasons,
      warnings,
      message: describeReasons([...reasons, ...warnings].map(String)) || null,
      data: JSON.stringify(filledCells(cells)),
      nik: applicant.nik,
      proposal_id: proposal.id,
    });
    await recordAudit(trx, actor, {
      action: 'create',
      entity: 'aid_proposal',
      entityId: proposal.id,
      areaCode: proposal.kelurahan_code,
      newValues: {
        program: program.code,
        nik: maskNik(proposal.nik),
        state: proposal.state,
        reasons,
        warnings,
      },
    });
    return { proposalId: proposal.id, intakeRowId: intake.id };
  });
  const view = (await findProposalView(db, proposalId))!;
  return {
    state,
    reasons: reasonsOf(reasons),
    warnings: warningsOf(warnings),
    intakeRowId,
    proposal: await disclose(db, actor, user, { entity: 'aid_proposal', id: view.id }, (identity) =>
      proposalDto(identity, view),
    ),
  } as const;
}

export async function searchProposals(
  db: DB,
  config: Config,
  user: SessionUser,
  code: string,
  q: ProposalListQuery,
) {
  const program = await requireProgram(db, code);
  const kecamatan = q.kecamatan ? parseAreaCode(q.kecamatan) : undefined;
  const kelurahan = q.kelurahan ? parseAreaCode(q.kelurahan) : undefined;
  const awaiting = q.awaiting === 'me' ? awaitingFilterOf(user) : undefined;
  const { items, total } = await listProposals(
    db,
    program.id,
    { ...q, kecamatan, kelurahan, awaiting },
    proposalAccess(user, config),
    canSeeFullNik(user),
    q.pageSize,
    (q.page - 1) * q.pageSize,
  );
  const identity = listDisclosure(user);
  return { items: items.map((v) => proposalDto(identity, v)), total, page: q.page, pageSize: q.pageSize };
}

/** A proposal the user may see; an officer asking about one outside their area is told so (403). */
async function visibleProposal(db: DB, config: Config, user: SessionUser, id: number) {
  const view = await findProposalView(db, id);
  if (!view) throw notFound('Usulan');
  if (user.role === 'area_officer') {
    assertInScope(user.areaCode ?? '-', view.kelurahan_code);
    return view;
  }
  if (user.role === 'admin') return view;
  const { items } = await listProposals(
    db,
    view.program_id,
    { q: undefined },
    (eb) => eb.and([eb('p.id', '=', id), proposalAccess(user, config)(eb)]),
    false,
    1,
    0,
  );
  if (!items.length) throw notFound('Usulan');
  return view;
}

function attachmentDto(a: Awaited<ReturnType<typeof attachmentsOf>>[number]): AttachmentDto {
  return {
    id: a.id,
    fileName: a.file_name,
    contentType: a.content_type,
    sizeBytes: a.size_bytes,
    uploadedBy: a.uploaded_by_label,
    createdAt: a.created_at.toISOString(),
  };
}

/** One proposal with its history; a full NIK in it is audit-logged as read. */
export async function getProposal(
  db: DB,
  config: Config,
  user: SessionUser,
  actor: Actor,
  id: number,
): Promise<ProposalDetailDto> {
  const view = await visibleProposal(db, config, user, id);
  const [transitions, attachments, intake] = await Promise.all([
    transitionsOf(db, id),
    attachmentsOf(db, id),
    intakeRowsOfProposal(db, id),
  ]);
  const office = OFFICE_ROLES.includes(user.role);
  const separated = await separationApplies(db, view.program_id, transitions, actor.id);
  return disclose(db, actor, user, { entity: 'aid_proposal', id }, (identity) => ({
    ...proposalDto(identity, view),
    transitions: transitions.map((t) => ({
      id: t.id,
      from: t.from_state,
      to: t.to_state,
      actor: t.actor_label,
      at: t.at.toISOString(),
      note: t.note,
      attachmentId: t.attachment_id,
      batchId: t.batch_id,
      jobId: t.job_id,
    })),
    attachments: office ? attachments.map(attachmentDto) : [],
    intakeRows: office ? intake.map((r) => intakeDto(identity, subjectOf(view), r)) : [],
    earlierLevelByYou: separated,
  }));
}

// ---------------------------------------------------------------------------------------------
// The verification ladder

/** Who acts: the kelurahan's officer, the kecamatan's officer, or the office (admin). */
export type ActorLevel = 'kelurahan' | 'kecamatan' | 'office';

/**
 * The allowed moves by officers and the office. `sent` comes only with a submission batch, `disbursed`
 * and `rejected_by_ministry` only with the ministry's answer; no level can be skipped.
 */
export const TRANSITIONS: Record<
  TransitionTarget,
  { from: Partial<Record<ProposalState, readonly ActorLevel[]>>; noteRequired: boolean }
> = {
  verified_kelurahan: { from: { submitted: ['kelurahan', 'kecamatan'] }, noteRequired: true },
  verified_kecamatan: { from: { verified_kelurahan: ['kecamatan'] }, noteRequired: false },
  approved: { from: { verified_kecamatan: ['office'] }, noteRequired: false },
  rejected: {
    from: {
      submitted: ['kelurahan', 'kecamatan', 'office'],
      verified_kelurahan: ['kecamatan', 'office'],
      verified_kecamatan: ['office'],
      approved: ['office'],
    },
    noteRequired: true,
  },
};

export function actorLevelOf(user: Pick<SessionUser, 'role' | 'areaCode'>): ActorLevel | null {
  if (user.role === 'admin') return 'office';
  if (user.role === 'area_officer' && user.areaCode)
    return user.areaCode.split('.').length >= 4 ? 'kelurahan' : 'kecamatan';
  return null;
}

/** Whether `level` may move a proposal from `from` to `to`. */
export function checkTransition(
  from: ProposalState,
  to: TransitionTarget,
  level: ActorLevel,
): 'ok' | 'out_of_order' | 'wrong_level' {
  const levels = TRANSITIONS[to].from[from];
  if (!levels) return 'out_of_order';
  return levels.includes(level) ? 'ok' : 'wrong_level';
}

const STATE_LABELS: Record<ProposalState, string> = {
  ineligible: 'tidak memenuhi syarat',
  submitted: 'diajukan',
  verified_kelurahan: 'diverifikasi kelurahan',
  verified_kecamatan: 'diverifikasi kecamatan',
  approved: 'disetujui dinas',
  sent: 'dikirim ke kementerian',
  disbursed: 'disalurkan',
  rejected: 'ditolak',
  rejected_by_ministry: 'ditolak kementerian',
};

const LEVEL_MESSAGES: Record<TransitionTarget, string> = {
  verified_kelurahan: 'Verifikasi lapangan dilakukan oleh petugas kelurahan atau kecamatan wilayah ini.',
  verified_kecamatan: 'Verifikasi tingkat kecamatan dilakukan oleh petugas kecamatan.',
  approved: 'Persetujuan diberikan oleh dinas (admin).',
  rejected: 'Penolakan pada tahap ini dilakukan oleh petugas tingkat berikutnya atau dinas.',
};

function invalidTransition(from: ProposalState, to: ProposalState) {
  return new AppError(
    'InvalidTransition',
    409,
    `Usulan berstatus "${STATE_LABELS[from]}" tidak dapat diubah menjadi "${STATE_LABELS[to]}".`,
    { from, to },
  );
}

/** The steps that confirm an earlier level's check: its author may not take them (separation of duties). */
const SEPARATED_STEPS: readonly TransitionTarget[] = ['verified_kecamatan', 'approved'];
const VERIFICATION_LEVELS: readonly ProposalState[] = ['verified_kelurahan', 'verified_kecamatan'];

/**
 * Whether this person did a verification level of the proposal already and so may not do the next one:
 * one person, one level, whatever their scope covers — unless the program allows it (an office setting
 * for a kecamatan with a single officer). Rejecting stays open to them.
 */
async function separationApplies(
  db: DB,
  programId: number,
  transitions: readonly { to_state: ProposalState; actor_id: number | null }[],
  actorId: number | null,
) {
  if (actorId === null) return false;
  if (!transitions.some((t) => VERIFICATION_LEVELS.includes(t.to_state) && t.actor_id === actorId))
    return false;
  const program = await findProgramById(db, programId);
  return !program?.same_verifier_allowed;
}

/** The steps up the ladder (a rejection is no step anyone waits for). */
const LADDER_STEPS: readonly TransitionTarget[] = ['verified_kelurahan', 'verified_kecamatan', 'approved'];

/**
 * What waits for this person's next step: the states from which their level may take a step up, and of
 * those the states whose step they may not take after verifying an earlier level (separation of duties).
 * A person with no level (not office, not an officer with an area) has nothing waiting.
 */
export function awaitingFilterOf(user: Pick<SessionUser, 'id' | 'role' | 'areaCode'>): AwaitingFilter {
  const level = actorLevelOf(user);
  const states: ProposalState[] = [];
  const separatedStates: ProposalState[] = [];
  for (const to of LADDER_STEPS) {
    for (const [from, levels] of Object.entries(TRANSITIONS[to].from)) {
      if (!level || !levels.includes(level)) continue;
      states.push(from as ProposalState);
      if (SEPARATED_STEPS.includes(to)) separatedStates.push(from as ProposalState);
    }
  }
  return { states, separatedStates, verificationLevels: VERIFICATION_LEVELS, actorId: user.id };
}

/** One step on the ladder: checked (area 403, order 409, level 403), applied with its transition and audit entry. */
export async function transitionProposal(
  db: DB,
  config: Config,
  user: SessionUser,
  actor: Actor,
  id: number,
  input: TransitionInput,
) {
  const level = actorLevelOf(user);
  if (!level) throw forbidden();
  const view = await visibleProposal(db, config, user, id);
  const verdict = checkTransition(view.state, input.to, level);
  if (verdict === 'out_of_order') throw invalidTransition(view.state, input.to);
  if (verdict === 'wrong_level') throw forbidden(LEVEL_MESSAGES[input.to]);
  if (
    SEPARATED_STEPS.includes(input.to) &&
    (await separationApplies(db, view.program_id, await transitionsOf(db, id), actor.id))
  ) {
    throw new AppError(
      'SameVerifier',
      403,
      'Anda sudah memverifikasi usulan ini pada tingkat sebelumnya; tingkat berikutnya dilakukan oleh petugas lain.',
    );
  }
  const note = input.note?.trim() || null;
  if (TRANSITIONS[input.to].noteRequired && !note) {
    throw fieldError(
      'NoteRequired',
      'body.note',
      input.to === 'rejected' ? 'Tuliskan alasan penolakan.' : 'Tuliskan catatan hasil verifikasi lapangan.',
    );
  }
  if (input.attachmentId) {
    const attachment = await findAttachment(db, input.attachmentId);
    if (attachment?.proposal_id !== id) {
      throw fieldError(
        'AttachmentUnknown',
        'body.attachmentId',
        'Lampiran tidak ditemukan untuk usulan ini.',
      );
    }
  }
  await db.transaction().execute(async (trx) => {
    const current = await lockProposal(trx, id);
    // Someone else moved it since it was read: the request is out of order now.
    if (!current || current.state !== view.state)
      throw invalidTransition(current?.state ?? view.state, input.to);
    await setProposalState(trx, id, input.to, note);
    await insertTransition(trx, {
      proposal_id: id,
      from_state: current.state,
      to_state: input.to,
      actor_id: actor.id,
      actor_label: actor.label,
      note,
      attachment_id: input.attachmentId ?? null,
    });
    await recordAudit(trx, actor, {
      action: 'transition',
      entity: 'aid_proposal',
      entityId: id,
      areaCode: current.kelurahan_code,
      oldValues: { state: current.state },
      newValues: { state: input.to, note, attachment_id: input.attachmentId ?? null },
    });
  });
  return getProposal(db, config, user, actor, id);
}

// ---------------------------------------------------------------------------------------------
// Attachments of the field check

export const MAX_ATTACHMENT_BYTES = MAX_UPLOAD_BYTES;

/** A photo or document of the field check: JPEG, PNG or PDF by its content, at most 5 MB. */
export async function addAttachment(
  db: DB,
  config: Config,
  user: SessionUser,
  actor: Actor,
  id: number,
  file: { content: Buffer; fileName: string },
): Promise<AttachmentDto> {
  if (!actorLevelOf(user)) throw forbidden();
  const view = await visibleProposal(db, config, user, id);
  const stored = storeUpload(config, ['aid', String(view.id)], file.content, { field: 'Lampiran' });
  try {
    const row = await db.transaction().execute(async (trx) => {
      const attachment = await insertAttachment(trx, {
        proposal_id: view.id,
        file_name: path.basename(file.fileName).slice(0, 200) || `lampiran${path.extname(stored.path)}`,
        content_type: stored.type,
        size_bytes: stored.bytes,
        storage_path: stored.path,
        uploaded_by: actor.id,
        uploaded_by_label: actor.label,
      });
      await recordAudit(trx, actor, {
        action: 'attach',
        entity: 'aid_proposal',
        entityId: view.id,
        areaCode: view.kelurahan_code,
        newValues: { attachment_id: attachment.id, file_name: attachment.file_name, type: stored.type },
      });
      return attachment;
    });
    return attachmentDto(row);
  } catch (err) {
    discardUpload(stored);
    throw err;
  }
}

export async function readAttachment(db: DB, config: Config, user: SessionUser, attachmentId: number) {
  if (!actorLevelOf(user)) throw forbidden();
  const attachment = await findAttachment(db, attachmentId);
  if (!attachment) throw notFound('Lampiran');
  await visibleProposal(db, config, user, attachment.proposal_id);
  return attachment;
}

// ---------------------------------------------------------------------------------------------
// Submission batches

function batchDto(b: BatchView): BatchDto {
  return {
    id: b.id,
    programCode: b.program_code,
    number: b.number,
    kecamatanCode: b.kecamatan_code,
    kecamatanName: b.kecamatan_name,
    proposals: b.proposals,
    totalAmount: b.total_amount,
    createdBy: b.created_by_label,
    createdAt: b.created_at.toISOString(),
  };
}

/** The office puts the approved proposals (of one kecamatan, or all) into a batch for the ministry; they become `sent`. */
export async function createBatch(
  db: DB,
  user: SessionUser | null,
  actor: Actor,
  code: string,
  input: { kecamatan?: string },
): Promise<BatchDto> {
  if (user && user.role !== 'admin') throw forbidden();
  const program = await requireProgram(db, code);
  const kecamatan = input.kecamatan ? parseAreaCode(input.kecamatan) : null;
  if (kecamatan && kecamatan.split('.').length !== 3) {
    throw fieldError('AreaCodeInvalid', 'body.kecamatan', `Kode ${kecamatan} bukan kode kecamatan.`);
  }
  const batch = await db.transaction().execute(async (trx) => {
    await lockProgram(trx, program.id);
    const created = await createBatchWithApproved(trx, program.id, kecamatan, actor);
    if (!created) {
      throw new AppError(
        'BatchEmpty',
        409,
        kecamatan
          ? `Tidak ada usulan yang disetujui di kecamatan ${kecamatan} untuk dikirim.`
          : 'Tidak ada usulan yang disetujui untuk dikirim.',
      );
    }
    await recordAudit(trx, actor, {
      action: 'create',
      entity: 'aid_batch',
      entityId: created.id,
      areaCode: kecamatan ?? program.area_code,
      newValues: {
        program: program.code,
        number: created.number,
        kecamatan,
        proposals: created.proposals,
        total_amount: created.total_amount,
      },
    });
    return created;
  });
  return batchDto((await findBatchView(db, batch.id))!);
}

export async function listBatches(db: DB, code: string): Promise<BatchDto[]> {
  const program = await requireProgram(db, code);
  return (await listBatchViews(db, program.id)).map(batchDto);
}

// ---------------------------------------------------------------------------------------------
// Figures: summary and progress

const zeroStates = () =>
  Object.fromEntries(PROPOSAL_STATES.map((s) => [s, 0])) as Record<ProposalState, number>;

/**
 * The program's proposals by state and kecamatan (the contract of `bangkit aid summary --json`).
 * `scope` limits it to an officer's area; null is everything.
 */
export async function programSummary(db: DB, code: string, scope: string | null): Promise<SummaryDto> {
  const program = await requireProgram(db, code);
  const rows = await countsByKecamatan(db, program.id, scope);
  const byState = zeroStates();
  const kecamatan = new Map<string, SummaryDto['byKecamatan'][number]>();
  for (const r of rows) {
    byState[r.state] += r.n;
    let entry = kecamatan.get(r.code);
    if (!entry) {
      entry = { code: r.code, name: r.name ?? r.code, total: 0, byState: zeroStates() };
      kecamatan.set(r.code, entry);
    }
    entry.total += r.n;
    entry.byState[r.state] += r.n;
  }
  return {
    program: program.code,
    total: Object.values(byState).reduce((a, b) => a + b, 0),
    byState,
    byKecamatan: [...kecamatan.values()],
  };
}

export function summaryScope(user: SessionUser, config: Config) {
  if (!OFFICE_ROLES.includes(user.role)) throw forbidden();
  return user.role === 'admin' ? null : areaScopeOf(user, config.deploymentArea);
}

const dayNumber = (iso: string) =>
  Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86_400_000;

/**
 * Verification progress per kecamatan or kelurahan against the program's windows. The field check runs
 * from the end of the document review (else of intake) to the end of verification; by today that share of
 * the proposals should be checked, and an area with fewer, and some still waiting, is behind.
 */
export async function programProgress(
  db: DB,
  config: Config,
  user: SessionUser,
  code: string,
  q: ProgressQuery,
  today = localToday(config.timezone),
): Promise<ProgressDto> {
  if (!OFFICE_ROLES.includes(user.role)) throw forbidden();
  const program = await requireProgram(db, code);
  const scope = areaScopeOf(user, config.deploymentArea);
  let within = program.area_code;
  if (q.kecamatan) {
    const kecamatan = parseAreaCode(q.kecamatan);
    if (!isWithinArea(kecamatan, program.area_code)) throw notFound(`Kecamatan ${kecamatan}`);
    within = kecamatan;
  }
  const rows = await progressCounts(db, program.id, q.by === 'kecamatan' ? 3 : 4, within, scope);
  const left = (date: string | null) => (date ? dayNumber(date) - dayNumber(today) : null);
  const start = program.review_end ?? program.intake_end;
  const end = program.verification_end;
  let expectedShare: number | null = null;
  if (end && start && dayNumber(end) > dayNumber(start)) {
    const share = (dayNumber(today) - dayNumber(start)) / (dayNumber(end) - dayNumber(start));
    expectedShare = Math.round(Math.min(1, Math.max(0, share)) * 1000) / 1000;
  } else if (end) expectedShare = today > end ? 1 : 0;
  return {
    program: program.code,
    today,
    windows: {
      intakeStart: program.intake_start,
      intakeEnd: program.intake_end,
      reviewEnd: program.review_end,
      verificationEnd: program.verification_end,
      submissionEnd: program.submission_end,
    },
    daysLeft: {
      intake: left(program.intake_end),
      review: left(program.review_end),
      verification: left(program.verification_end),
      submission: left(program.submission_end),
    },
    expectedShare,
    rows: rows.rows.map((r) => {
      const doneShare =
        r.proposals > 0 ? Math.round(((r.verified + r.rejected) / r.proposals) * 1000) / 1000 : null;
      return {
        code: r.code,
        name: r.name,
        proposals: r.proposals,
        toVerify: r.to_verify,
        verified: r.verified,
        rejected: r.rejected,
        doneShare,
        behind: expectedShare !== null && r.to_verify > 0 && (doneShare ?? 0) < expectedShare,
      };
    }),
  };
}

/** Every row that came in for a program (the office reviews duplicates and invalid rows here). */
export async function listIntake(db: DB, user: SessionUser, code: string, q: IntakeListQuery) {
  if (user.role !== 'admin') throw forbidden();
  const program = await requireProgram(db, code);
  const { items, total } = await listIntakeRows(db, program.id, q, q.pageSize, (q.page - 1) * q.pageSize);
  const identity = listDisclosure(user);
  // The rows of a file: their NIKs may belong to no owner (invalid, ineligible), and a list shows them masked.
  const noOwner = { ownerId: null, ownerUserId: null };
  return {
    items: items.map((r) => intakeDto(identity, noOwner, r)),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}
