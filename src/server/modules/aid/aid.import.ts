import { sql } from 'kysely';
import { isWithinArea } from '../../../shared/area-code.ts';
import { IMPORT_COLUMNS } from '../../../shared/import-columns.ts';
import type { DB, Session } from '../../db/database.ts';
import type { TabularRow } from '../../files/tabular.ts';
import type { Executor } from '../audit/audit.repository.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { updateOwnersAudited } from '../businesses/businesses.repository.ts';
import { finishJob, reserveIds } from '../imports/imports.repository.ts';
import type { ImportContext, Importer } from '../imports/imports.service.ts';
import { BatchCopies, copyLine, nameKey, type StageValue } from '../imports/stage.ts';
import { lockProgram } from './aid.repository.ts';
import {
  type Applicant,
  DUPLICATE_REASONS,
  describeReasons,
  filledCells,
  INTAKE_STATE_LABELS,
  REASON_ORDER,
} from './aid.rules.ts';
import type { IntakeSummary } from './aid.schema.ts';
import { applicantAssessor, businessNameOf, programOfParams } from './aid.service.ts';
import type { AidProgramRow, IntakeState } from './aid.table.ts';

/**
 * Bulk intake of applicants into one program (job parameter `program`). Rows are judged in JS as they
 * stream in (invalid, duplicate within the file or of an earlier proposal, ineligible with every reason,
 * eligible with warnings), and written in ONE transaction that is open while the file is read, like the
 * registry imports (docs/decisions/0003): batch by batch, the new owners and businesses, the proposals,
 * every row kept and the rows reported back are COPYed straight into their tables, with ids reserved
 * from their sequences so that rows can point at each other. A failure at any point leaves nothing.
 */

const arrayLiteral = (codes: readonly string[]) => `{${codes.join(',')}}`;

const OWNER_COLUMNS = ['id', 'nik', 'name', 'phone', 'kk', 'gender', 'birth_date'] as const;
const BUSINESS_COLUMNS = [
  'id',
  'owner_id',
  'name',
  'name_key',
  'sector',
  'address',
  'kelurahan_code',
  'kecamatan_code',
  'capital',
  'annual_sales',
  'legality',
] as const;
const PROPOSAL_COLUMNS = [
  'id',
  'program_id',
  'nik',
  'owner_id',
  'business_id',
  'state',
  'eligible',
  'reasons',
  'warnings',
  'name',
  'kk',
  'phone',
  'address',
  'business_field',
  'occupation',
  'receives_kur',
  'nib',
  'capital',
  'annual_sales',
  'kelurahan_code',
  'kecamatan_code',
  'ktp_kelurahan_code',
  'amount',
  'job_id',
] as const;
const INTAKE_COLUMNS = [
  'id',
  'program_id',
  'job_id',
  'row_number',
  'state',
  'reasons',
  'warnings',
  'message',
  'data',
  'nik',
  'proposal_id',
  'first_row_id',
] as const;
const REJECTION_COLUMNS = ['job_id', 'row_number', 'state', 'reason', 'message', 'data'] as const;

/** An owner as this import knows it (one per surviving owner, whichever of its NIKs a row gives). */
interface KnownOwner {
  id: number;
  /** Held by the registry before this import. */
  kept: boolean;
  /** The business a proposal of this owner is linked to: the oldest active one, else the oldest. */
  linked: number | null;
  /** Whether the owner has an active business (else the import registers one, in the area). */
  active: boolean;
  /** Name keys of the owner's businesses: a new one is not registered under a name already taken. */
  names: Set<string>;
}

/** A NIK this program has a proposal for: the proposal and the row that made it. */
interface Proposed {
  proposalId: number;
  firstRowId: number | null;
}

export const aidImporter: Importer = {
  kind: 'aid',
  spec: IMPORT_COLUMNS.aid,
  roles: ['admin'],
  async checkParams(database, params) {
    await programOfParams(database.db, params);
  },
  async run(ctx, batches, progress) {
    const program = await programOfParams(ctx.database.db, ctx.job.params);
    return ctx.database.session((session) =>
      session.db.transaction().execute(async (trx) => {
        // The program's proposals, and the owners and businesses they link to, stay as read below until
        // the commit: other writers of them wait (readers do not).
        await lockProgram(trx, program.id);
        await sql`lock table owner, business in share row exclusive mode`.execute(trx);
        return mergeFile(ctx, session, trx, program, batches, progress);
      }),
    );
  },
};

async function mergeFile(
  ctx: ImportContext,
  session: Session,
  trx: Executor,
  program: AidProgramRow,
  batches: AsyncIterable<TabularRow[]>,
  progress: (rowsRead: number) => Promise<void>,
): Promise<IntakeSummary> {
  const { database, config } = ctx;
  const pool = database.db;
  const job = ctx.job.id;
  const assessor = await applicantAssessor(pool, config, program);
  /** NIK → the intake row id of its first non-invalid row in this file, and that row's number. */
  const firstRowOf = new Map<string, { id: number; rowNumber: number; proposalId: number | null }>();
  /** NIK → its owner; the owners by id (a merged owner's NIKs share the survivor). */
  const owners = new Map<string, KnownOwner>();
  const ownersById = new Map<number, KnownOwner>();
  /** NIKs whose owner record lacks a phone or KK, and what the proposal fills in: NIK → phone, KK. */
  const lacking = new Set<string>();
  const fillIn = new Map<string, [string, string]>();
  const states: Record<IntakeState, number> = { eligible: 0, ineligible: 0, duplicate: 0, invalid: 0 };
  const reasonCounts = new Map<string, number>();
  const warningCounts = new Map<string, number>();
  const count = (counts: Map<string, number>, codes: readonly string[]) => {
    for (const code of codes) counts.set(code, (counts.get(code) ?? 0) + 1);
  };
  const written = { owner: 0, business: 0, aid_proposal: 0, aid_intake_row: 0 };
  /** Non-eligible rows stored for the download: the first `config.importRejectionsKept` (the summary counts all). */
  let rejectedStored = 0;
  let total = 0;

  const copies = new BatchCopies();

  for await (const batch of batches) {
    await assessor.learn(batch.map((r) => r.cells));
    const verdicts = batch.map((row) => assessor.assess(row.cells));

    // What this batch's NIKs (first seen here) meet: a proposal of this program, an owner and their
    // businesses. Asked on connections of the pool: this one may be busy with a COPY, and the locks
    // keep the answers true.
    const niks = new Set<string>();
    for (const v of verdicts)
      if (v.valid && !firstRowOf.has(v.applicant.nik) && !owners.has(v.applicant.nik))
        niks.add(v.applicant.nik);
    const [proposed] = await Promise.all([
      proposedIn(pool, program.id, [...niks]),
      knownOwners(pool, [...niks], owners, ownersById, lacking),
    ]);

    const toPropose: Applicant[] = [];
    // Only an eligible applicant enters the registry (a new owner, a business): an ineligible one is
    // linked to the owner the registry already has, if any. A NIK's first valid row in the batch decides.
    const eligibleNiks = new Set<string>();
    const decided = new Set<string>();
    for (const v of verdicts)
      if (v.valid && !firstRowOf.has(v.applicant.nik) && !proposed.has(v.applicant.nik)) {
        toPropose.push(v.applicant);
        if (!decided.has(v.applicant.nik) && !v.reasons.length) eligibleNiks.add(v.applicant.nik);
        decided.add(v.applicant.nik);
      }
    const newOwners = new Set(
      toPropose.filter((a) => eligibleNiks.has(a.nik) && !owners.has(a.nik)).map((a) => a.nik),
    );
    const registering = toPropose.filter(
      (a) =>
        eligibleNiks.has(a.nik) &&
        isWithinArea(a.kelurahanCode, config.deploymentArea) &&
        (newOwners.has(a.nik) || !owners.get(a.nik)!.active),
    ).length;
    const ids = await reserveIds(pool, {
      aid_intake_row: batch.length,
      aid_proposal: toPropose.length,
      owner: newOwners.size,
      business: registering,
    });
    const rowIds = ids.aid_intake_row;
    const proposalIds = ids.aid_proposal.values();
    const businessIds = ids.business.values();
    const ownerIds = ids.owner.values();
    for (const nik of newOwners)
      owners.set(nik, {
        id: ownerIds.next().value!,
        kept: false,
        linked: null,
        active: false,
        names: new Set(),
      });

    const lines = { owner: '', business: '', proposal: '', intake: '', rejection: '' };
    for (let i = 0; i < batch.length; i++) {
      const row = batch[i]!;
      const verdict = verdicts[i]!;
      const rowId = rowIds[i]!;
      const data = JSON.stringify(filledCells(row.cells));
      let state: IntakeState;
      let reasons: string[];
      let warnings: string[] = [];
      let message: string | null;
      let nik: string | null = null;
      let proposalId: number | null = null;
      let firstRowId: number | null = null;
      if (!verdict.valid) {
        state = 'invalid';
        reasons = [...new Set(verdict.problems.map((p) => p.code))];
        message = verdict.problems.map((p) => p.message).join(' ');
      } else {
        const a = verdict.applicant;
        nik = a.nik;
        const first = firstRowOf.get(nik);
        const earlier = proposed.get(nik);
        if (first) {
          state = 'duplicate';
          reasons = ['duplicate_in_file'];
          message = `NIK sudah ada di baris ${first.rowNumber} berkas ini.`;
          proposalId = first.proposalId;
          firstRowId = first.id;
        } else if (earlier) {
          // Rule 2 across imports: a NIK this program already has a proposal for.
          state = 'duplicate';
          reasons = ['duplicate_in_program'];
          message = DUPLICATE_REASONS.duplicate_in_program;
          proposalId = earlier.proposalId;
          firstRowId = earlier.firstRowId;
          firstRowOf.set(nik, { id: rowId, rowNumber: row.rowNumber, proposalId });
        } else {
          state = verdict.reasons.length ? 'ineligible' : 'eligible';
          reasons = verdict.reasons;
          warnings = verdict.warnings;
          const notes = [...verdict.reasons, ...verdict.warnings];
          message = notes.length ? describeReasons(notes) : null;
          proposalId = proposalIds.next().value!;
          firstRowOf.set(nik, { id: rowId, rowNumber: row.rowNumber, proposalId });
          const eligible = state === 'eligible';
          // An ineligible applicant the registry does not know stays out of it (no owner, no business).
          const owner = owners.get(nik) ?? null;
          if (eligible && owner && !owner.kept) {
            lines.owner += copyLine([owner.id, nik, a.name, a.phone, a.kk, a.gender, a.birthDate]);
            written.owner += 1;
            owner.kept = true;
          } else if (eligible && lacking.has(nik)) fillIn.set(nik, [a.phone, a.kk]);
          const inArea = isWithinArea(a.kelurahanCode, config.deploymentArea);
          if (eligible && owner && inArea && !owner.active) {
            // A business for an owner without an active one, unless an archived one has its name.
            const name = businessNameOf(a);
            const key = nameKey(name);
            if (!owner.names.has(key)) {
              const id = businessIds.next().value!;
              lines.business += copyLine([
                id,
                owner.id,
                name,
                key,
                a.sector,
                a.address,
                a.kelurahanCode,
                a.kecamatanCode,
                a.capital,
                a.annualSales,
                a.nib === null ? '{}' : JSON.stringify({ nib: { number: a.nib } }),
              ]);
              written.business += 1;
              owner.names.add(key);
              // The proposal links to the owner's oldest active business: now this one.
              owner.linked = id;
              owner.active = true;
            }
          }
          lines.proposal += copyLine([
            proposalId,
            program.id,
            nik,
            owner?.id ?? null,
            inArea ? (owner?.linked ?? null) : null,
            state === 'eligible' ? 'submitted' : 'ineligible',
            state === 'eligible',
            arrayLiteral(reasons),
            arrayLiteral(warnings),
            a.name,
            a.kk,
            a.phone,
            a.address,
            a.businessField,
            a.occupation,
            a.receivesKur,
            a.nib,
            a.capital,
            a.annualSales,
            a.kelurahanCode,
            a.kecamatanCode,
            a.ktpKelurahanCode,
            program.amount,
            job,
          ]);
          written.aid_proposal += 1;
        }
      }
      states[state] += 1;
      count(reasonCounts, reasons);
      count(warningCounts, warnings);
      const values: StageValue[] = [
        rowId,
        program.id,
        job,
        row.rowNumber,
        state,
        arrayLiteral(reasons),
        arrayLiteral(warnings),
        message,
        data,
        nik,
        proposalId,
        firstRowId,
      ];
      lines.intake += copyLine(values);
      // The downloadable report of the rows that are not eligible: row number, state and reasons in Indonesian.
      if (state !== 'eligible' && rejectedStored < config.importRejectionsKept) {
        rejectedStored += 1;
        lines.rejection += copyLine([
          job,
          row.rowNumber,
          INTAKE_STATE_LABELS[state],
          reasons.join(',') || state,
          message ?? '',
          data,
        ]);
      }
    }
    written.aid_intake_row += batch.length;
    await copies.add(async () => {
      if (lines.owner) await session.copyIn('owner', OWNER_COLUMNS, [lines.owner]);
      if (lines.business) await session.copyIn('business', BUSINESS_COLUMNS, [lines.business]);
      if (lines.proposal) await session.copyIn('aid_proposal', PROPOSAL_COLUMNS, [lines.proposal]);
      if (lines.intake) await session.copyIn('aid_intake_row', INTAKE_COLUMNS, [lines.intake]);
      if (lines.rejection) await session.copyIn('import_rejection', REJECTION_COLUMNS, [lines.rejection]);
    });
    total += batch.length;
    await progress(total);
  }
  await copies.end();

  if (fillIn.size) {
    let fill = '';
    for (const [nik, [phone, kk]] of fillIn) fill += copyLine([nik, phone, kk]);
    await sql`create temp table import_owner_fill (nik text, phone text, kk text) on commit drop`.execute(
      trx,
    );
    await session.copyIn('import_owner_fill', ['nik', 'phone', 'kk'], [fill]);
    // Each owner filled in is audited, old beside new.
    written.owner += await updateOwnersAudited(
      trx,
      ctx.actor,
      `import:${ctx.job.id}`,
      sql`update owner o set phone = coalesce(o.phone, f.phone), kk = coalesce(o.kk, f.kk), updated_at = now()
        from import_owner_fill f where o.nik = f.nik and (o.phone is null or o.kk is null)
          and (o.phone, o.kk) is distinct from (coalesce(o.phone, f.phone), coalesce(o.kk, f.kk))`,
    );
  }
  for (const [table, rows] of Object.entries(written)) ctx.changed(table, rows);

  const ordered = (counts: Map<string, number>) =>
    Object.fromEntries([...counts].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b)));
  const summary: IntakeSummary = {
    total,
    eligible: states.eligible,
    ineligible: states.ineligible,
    duplicate: states.duplicate,
    invalid: states.invalid,
    reasons: ordered(reasonCounts),
    warnings: ordered(warningCounts),
    rejectedStored,
    rejectedLimit: config.importRejectionsKept,
    rejectedCapped: states.ineligible + states.duplicate + states.invalid > rejectedStored,
  };
  await recordAudit(trx, ctx.actor, {
    action: 'import',
    entity: 'import_job',
    entityId: job,
    areaCode: program.area_code,
    newValues: { kind: 'aid', program: program.code, file: ctx.job.file_name, ...summary },
  });
  await finishJob(trx, job, summary);
  return summary;
}

/** NIKs this program has a proposal for, with the row that made each. */
async function proposedIn(db: DB, programId: number, niks: string[]) {
  const proposed = new Map<string, Proposed>();
  if (!niks.length) return proposed;
  const result = await sql<{ nik: string; id: number; first_row_id: number | null }>`
    select p.nik, p.id,
           (select min(f.id) from aid_intake_row f where f.proposal_id = p.id and f.state in ('eligible', 'ineligible')) as first_row_id
    from aid_proposal p where p.program_id = ${programId} and p.nik = any(${niks}::text[])`.execute(db);
  for (const r of result.rows)
    proposed.set(r.nik, {
      proposalId: Number(r.id),
      firstRowId: r.first_row_id === null ? null : Number(r.first_row_id),
    });
  return proposed;
}

/**
 * Adds the registry's owners of these NIKs (a merged owner's NIK leads to the survivor) with what their
 * businesses say, and notes the NIKs whose own record lacks a phone or KK.
 */
async function knownOwners(
  db: DB,
  niks: string[],
  owners: Map<string, KnownOwner>,
  ownersById: Map<number, KnownOwner>,
  lacking: Set<string>,
) {
  if (!niks.length) return;
  const found = await sql<{ nik: string; id: number; lacks: boolean }>`
    select nik, coalesce(merged_into_id, id) as id, (phone is null or kk is null) as lacks
    from owner where nik = any(${niks}::text[])`.execute(db);
  const unknown = [...new Set(found.rows.map((r) => Number(r.id)))].filter((id) => !ownersById.has(id));
  for (const id of unknown)
    ownersById.set(id, { id, kept: true, linked: null, active: false, names: new Set() });
  if (unknown.length) {
    const businesses = await sql<{ owner_id: number; id: number; active: boolean; name_key: string }>`
      select owner_id, id, archived_at is null as active, name_key from business
      where owner_id = any(${unknown}::bigint[])
      order by owner_id, archived_at is null desc, id`.execute(db);
    for (const b of businesses.rows) {
      const owner = ownersById.get(Number(b.owner_id))!;
      owner.linked ??= Number(b.id);
      owner.active ||= b.active;
      owner.names.add(b.name_key);
    }
  }
  for (const r of found.rows) {
    owners.set(r.nik, ownersById.get(Number(r.id))!);
    if (r.lacks) lacking.add(r.nik);
  }
}

function rank(code: string) {
  const i = REASON_ORDER.indexOf(code);
  return i < 0 ? REASON_ORDER.length : i;
}
