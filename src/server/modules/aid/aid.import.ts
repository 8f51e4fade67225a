import { type RawBuilder, sql } from 'kysely';
import { isWithinArea } from '../../../shared/area-code.ts';
import { AID_OPTIONAL_COLUMNS, AID_REQUIRED_COLUMNS } from '../../../shared/import-columns.ts';
import type { TabularRow } from '../../files/tabular.ts';
import type { Executor } from '../audit/audit.repository.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { finishJob } from '../imports/imports.repository.ts';
import type { ImportContext, Importer } from '../imports/imports.service.ts';
import { nameKey, type StageColumns, type StageValue, stageRows } from '../imports/stage.ts';
import { lockProgram } from './aid.repository.ts';
import {
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
 * stream in (invalid, duplicate within the file, ineligible with every reason, eligible with warnings)
 * and staged with COPY; one transaction then marks NIKs proposed by earlier imports as duplicates,
 * links owners and businesses, makes the proposals and keeps every row — all set-based. A crash before
 * that transaction commits leaves nothing of the import.
 */

const STAGE: StageColumns = [
  ['row_number', 'integer'],
  ['state', 'text'],
  ['reasons', 'text[]'],
  ['warnings', 'text[]'],
  ['message', 'text'],
  ['data', 'jsonb'],
  ['nik', 'text'],
  ['first_row_number', 'integer'],
  ['gender', 'text'],
  ['birth_date', 'date'],
  ['kk', 'text'],
  ['name', 'text'],
  ['phone', 'text'],
  ['address', 'text'],
  ['business_field', 'text'],
  ['sector', 'text'],
  ['occupation', 'text'],
  ['receives_kur', 'boolean'],
  ['nib', 'text'],
  ['capital', 'bigint'],
  ['annual_sales', 'bigint'],
  ['kelurahan_code', 'text'],
  ['kecamatan_code', 'text'],
  ['ktp_kelurahan_code', 'text'],
  ['in_registry', 'boolean'],
  ['business_name', 'text'],
  ['name_key', 'text'],
];
const EMPTY_APPLICANT: StageValue[] = Array(STAGE.length - 8).fill(null);

const arrayLiteral = (codes: readonly string[]) => `{${codes.join(',')}}`;

export const aidImporter: Importer = {
  kind: 'aid',
  spec: { required: AID_REQUIRED_COLUMNS, optional: AID_OPTIONAL_COLUMNS },
  roles: ['admin'],
  async checkParams(database, params) {
    await programOfParams(database.db, params);
  },
  async run(ctx, batches, progress) {
    const { database, config } = ctx;
    const program = await programOfParams(database.db, ctx.job.params);
    const assessor = await applicantAssessor(database.db, config, program);
    /** NIK → row number of its first non-invalid row in this file. */
    const firstRowOf = new Map<string, number>();

    function stageValues(row: TabularRow): StageValue[] {
      const verdict = assessor.assess(row.cells);
      const head = (state: IntakeState, reasons: string[], warnings: string[], message: string | null) =>
        [
          row.rowNumber,
          state,
          arrayLiteral(reasons),
          arrayLiteral(warnings),
          message,
          JSON.stringify(filledCells(row.cells)),
        ] as StageValue[];
      if (!verdict.valid) {
        const codes = [...new Set(verdict.problems.map((p) => p.code))];
        const message = verdict.problems.map((p) => p.message).join(' ');
        return [...head('invalid', codes, [], message), null, null, ...EMPTY_APPLICANT];
      }
      const a = verdict.applicant;
      const first = firstRowOf.get(a.nik);
      if (first !== undefined) {
        return [
          ...head('duplicate', ['duplicate_in_file'], [], `NIK sudah ada di baris ${first} berkas ini.`),
          a.nik,
          first,
          ...EMPTY_APPLICANT,
        ];
      }
      firstRowOf.set(a.nik, row.rowNumber);
      const state = verdict.reasons.length ? 'ineligible' : 'eligible';
      const notes = [...verdict.reasons, ...verdict.warnings];
      const businessName = businessNameOf(a);
      return [
        ...head(state, verdict.reasons, verdict.warnings, notes.length ? describeReasons(notes) : null),
        a.nik,
        null,
        a.gender,
        a.birthDate,
        a.kk,
        a.name,
        a.phone,
        a.address,
        a.businessField,
        a.sector,
        a.occupation,
        a.receivesKur,
        a.nib,
        a.capital,
        a.annualSales,
        a.kelurahanCode,
        a.kecamatanCode,
        a.ktpKelurahanCode,
        isWithinArea(a.kelurahanCode, config.deploymentArea),
        businessName,
        nameKey(businessName),
      ];
    }

    const total = await stageRows(database, ctx.stageTable, STAGE, batches, progress, stageValues, (batch) =>
      assessor.learn(batch.map((r) => r.cells)),
    );
    return mergeIntake(ctx, program, total);
  },
};

async function mergeIntake(
  ctx: ImportContext,
  program: AidProgramRow,
  total: number,
): Promise<IntakeSummary> {
  const stage = sql.table(ctx.stageTable);
  const job = ctx.job.id;
  // Statistics for the columns the merge joins and filters on (all columns would cost seconds).
  await sql`analyze ${stage} (row_number, state, nik, in_registry, first_row_number)`.execute(
    ctx.database.db,
  );
  return ctx.database.db.transaction().execute(async (trx) => {
    await lockProgram(trx, program.id);
    // A handful of statements over tens of thousands of rows: compiling them to machine code (PostgreSQL's
    // JIT) costs more than it saves here.
    await sql`set local jit = off`.execute(trx);

    // Rule 2 across imports: a NIK that this program already has a proposal for is a duplicate.
    await sql`
      update ${stage} s set state = 'duplicate', reasons = '{duplicate_in_program}', warnings = '{}',
        message = ${DUPLICATE_REASONS.duplicate_in_program}
      from aid_proposal p
      where p.program_id = ${program.id} and p.nik = s.nik and s.state in ('eligible', 'ineligible')`.execute(
      trx,
    );

    // The registry: the owner found by NIK or created (missing phone and KK filled in) ...
    const owners = await sql`
      insert into owner (nik, name, phone, kk, gender, birth_date)
      select nik, name, phone, kk, gender, birth_date from ${stage} where state in ('eligible', 'ineligible')
      on conflict (nik) do update set phone = coalesce(owner.phone, excluded.phone),
        kk = coalesce(owner.kk, excluded.kk), updated_at = now()
      where owner.phone is null or owner.kk is null`.execute(trx);
    // Each row that becomes a proposal, with its owner (a merged owner's NIK leads to the surviving record).
    const applicants = sql`${stage} s join owner o on o.nik = s.nik
      cross join lateral (select coalesce(o.merged_into_id, o.id) as owner_id) x`;
    const proposed = sql`s.state in ('eligible', 'ineligible')`;
    // ... and a business for an owner who has none yet, when it lies in the deployment's area.
    const businesses = await sql`
      insert into business (owner_id, name, name_key, sector, address, kelurahan_code, kecamatan_code, capital,
                            annual_sales, legality)
      select x.owner_id, s.business_name, s.name_key, s.sector, s.address, s.kelurahan_code, s.kecamatan_code,
             s.capital, s.annual_sales,
             case when s.nib is null then '{}'::jsonb else jsonb_build_object('nib', jsonb_build_object('number', s.nib)) end
      from ${applicants}
      where ${proposed} and s.in_registry
        and not exists (select 1 from business b where b.owner_id = x.owner_id and b.archived_at is null)
      on conflict (owner_id, name_key) do nothing`.execute(trx);

    // The proposals, linked to the owner's oldest active business: the unique (program_id, nik) index makes a
    // second proposal for a NIK impossible.
    const proposals = await sql`
      insert into aid_proposal (program_id, nik, owner_id, business_id, state, eligible, reasons, warnings, name, kk,
        phone, address, business_field, occupation, receives_kur, nib, capital, annual_sales, kelurahan_code,
        kecamatan_code, ktp_kelurahan_code, amount, job_id)
      select ${program.id}, s.nik, x.owner_id, case when s.in_registry then linked.id end,
             case when s.state = 'eligible' then 'submitted' else 'ineligible' end, s.state = 'eligible',
             s.reasons, s.warnings, s.name, s.kk, s.phone, s.address, s.business_field, s.occupation, s.receives_kur,
             s.nib, s.capital, s.annual_sales, s.kelurahan_code, s.kecamatan_code, s.ktp_kelurahan_code,
             ${program.amount}, ${job}
      from ${applicants}
      left join (
        select distinct on (b.owner_id) b.owner_id, b.id from business b
        where b.owner_id in (select x.owner_id from ${applicants} where ${proposed})
        order by b.owner_id, b.archived_at is null desc, b.id
      ) linked on linked.owner_id = x.owner_id
      where ${proposed}`.execute(trx);

    ctx.changed('owner', Number(owners.numAffectedRows ?? 0));
    ctx.changed('business', Number(businesses.numAffectedRows ?? 0));
    ctx.changed('aid_proposal', Number(proposals.numAffectedRows ?? 0));
    ctx.changed('aid_intake_row', total);

    // Every row is kept: first those that are not duplicates, then duplicates of earlier imports (pointing at
    // the row that made the proposal), then duplicates within the file (pointing at their first row).
    const intakeColumns = sql`program_id, job_id, row_number, state, reasons, warnings, message, data, nik, proposal_id`;
    const intakeValues = sql`${program.id}, ${job}, s.row_number, s.state, s.reasons, s.warnings, s.message, s.data, s.nik, p.id`;
    const proposalOf = sql`left join aid_proposal p on p.program_id = ${program.id} and p.nik = s.nik`;
    await sql`
      insert into aid_intake_row (${intakeColumns})
      select ${intakeValues} from ${stage} s ${proposalOf} where s.state <> 'duplicate'`.execute(trx);
    await sql`
      insert into aid_intake_row (${intakeColumns}, first_row_id)
      select ${intakeValues}, f.id from ${stage} s ${proposalOf}
      left join aid_intake_row f on f.proposal_id = p.id and f.state in ('eligible', 'ineligible')
      where s.state = 'duplicate' and s.first_row_number is null`.execute(trx);
    await sql`
      insert into aid_intake_row (${intakeColumns}, first_row_id)
      select ${intakeValues}, f.id from ${stage} s ${proposalOf}
      left join aid_intake_row f on f.job_id = ${job} and f.row_number = s.first_row_number
      where s.state = 'duplicate' and s.first_row_number is not null`.execute(trx);

    // The downloadable report of every row that is not eligible: row number, state and reasons in Indonesian.
    const labels = sql.join(
      Object.entries(INTAKE_STATE_LABELS).map(([state, label]) => sql`when ${state} then ${label}`),
      sql` `,
    );
    await sql`
      insert into import_rejection (job_id, row_number, state, reason, message, data)
      select ${job}, row_number, (case state ${labels} end), coalesce(nullif(array_to_string(reasons, ','), ''), state),
             coalesce(message, ''), data
      from ${stage} where state <> 'eligible'`.execute(trx);

    const summary = await summarize(trx, stage, total);
    await recordAudit(trx, ctx.actor, {
      action: 'import',
      entity: 'import_job',
      entityId: job,
      areaCode: program.area_code,
      newValues: { kind: 'aid', program: program.code, file: ctx.job.file_name, ...summary },
    });
    await finishJob(trx, job, summary);
    return summary;
  });
}

/** The import's figures from the staged rows: states add up to the total; each reason of a row counts once. */
async function summarize(trx: Executor, stage: RawBuilder<unknown>, total: number): Promise<IntakeSummary> {
  const states = await sql<{ state: IntakeState; n: number }>`
    select state, count(*)::int as n from ${stage} group by state`.execute(trx);
  const codes = (column: 'reasons' | 'warnings') =>
    sql<{ code: string; n: number }>`
      select code, count(*)::int as n from ${stage}, unnest(${sql.ref(column)}) as code group by code`.execute(
      trx,
    );
  const reasons = await codes('reasons');
  const warnings = await codes('warnings');
  const byState = Object.fromEntries(states.rows.map((r) => [r.state, r.n]));
  const ordered = (rows: { code: string; n: number }[]) =>
    Object.fromEntries(
      [...rows]
        .sort((a, b) => rank(a.code) - rank(b.code) || a.code.localeCompare(b.code))
        .map((r) => [r.code, r.n]),
    );
  return {
    total,
    eligible: byState.eligible ?? 0,
    ineligible: byState.ineligible ?? 0,
    duplicate: byState.duplicate ?? 0,
    invalid: byState.invalid ?? 0,
    reasons: ordered(reasons.rows),
    warnings: ordered(warnings.rows),
  };
}

function rank(code: string) {
  const i = REASON_ORDER.indexOf(code);
  return i < 0 ? REASON_ORDER.length : i;
}
