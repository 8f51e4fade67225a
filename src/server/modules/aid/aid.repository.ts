import { type ExpressionBuilder, type Insertable, sql, type Updateable } from 'kysely';
import type { DB } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { keysetPages } from '../../db/stream.ts';
import { withinScope } from '../../http/scope.ts';
import type { Executor } from '../audit/audit.repository.ts';
import type { BusinessTable, OwnerTable } from '../businesses/businesses.table.ts';
import type {
  AidAttachmentTable,
  AidIntakeRowTable,
  AidProgramTable,
  AidProposalTable,
  AidTransitionTable,
  IntakeState,
  ProposalState,
} from './aid.table.ts';

type Tables = Database & { p: AidProposalTable; b: BusinessTable; o: OwnerTable };
export type ProposalEB = ExpressionBuilder<Tables, 'p' | 'b' | 'o'>;
/** Who may see which proposals, as one SQL condition (built by the service from the user). */
export type ProposalAccess = (eb: ProposalEB) => ReturnType<ProposalEB['and']>;

// ---------------------------------------------------------------------------------------------
// Programs

export async function insertProgram(db: Executor, values: Insertable<AidProgramTable>) {
  return db.insertInto('aid_program').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateProgramRow(db: Executor, id: number, values: Updateable<AidProgramTable>) {
  return db
    .updateTable('aid_program')
    .set(values)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findProgramByCode(db: Executor, code: string) {
  return db.selectFrom('aid_program').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function findProgramById(db: Executor, id: number) {
  return db.selectFrom('aid_program').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Serialises the writers of one program's proposals (imports, entries, batches). */
export async function lockProgram(db: Executor, id: number) {
  await sql`select id from aid_program where id = ${id} for update`.execute(db);
}

export async function listProgramViews(db: DB, code?: string) {
  let q = db
    .selectFrom('aid_program as g')
    .innerJoin('area as a', 'a.code', 'g.area_code')
    .selectAll('g')
    .select([
      'a.name as area_name',
      (eb) =>
        eb
          .selectFrom('aid_proposal as p')
          .whereRef('p.program_id', '=', 'g.id')
          .select((eb2) => eb2.fn.countAll<number>().as('n'))
          .as('proposals'),
    ])
    .orderBy('g.id', 'desc');
  if (code) q = q.where('g.code', '=', code);
  return q.execute();
}
export type ProgramView = Awaited<ReturnType<typeof listProgramViews>>[number];

// ---------------------------------------------------------------------------------------------
// Proposals

function proposalBase(db: Executor) {
  return db
    .selectFrom('aid_proposal as p')
    .innerJoin('aid_program as g', 'g.id', 'p.program_id')
    .leftJoin('owner as o', 'o.id', 'p.owner_id')
    .leftJoin('business as b', 'b.id', 'p.business_id')
    .innerJoin('area as kel', 'kel.code', 'p.kelurahan_code')
    .leftJoin('area as kec', 'kec.code', 'p.kecamatan_code');
}

function withViewColumns(q: ReturnType<typeof proposalBase>) {
  return q
    .selectAll('p')
    .select([
      'g.code as program_code',
      'o.user_id as owner_user_id',
      'kel.name as kelurahan_name',
      'kec.name as kecamatan_name',
    ]);
}

export async function findProposalView(db: Executor, id: number) {
  return withViewColumns(proposalBase(db)).where('p.id', '=', id).executeTakeFirst();
}
export type ProposalView = NonNullable<Awaited<ReturnType<typeof findProposalView>>>;

/**
 * Proposals waiting for one person's next step up the ladder: in one of `states`, and — in the
 * `separatedStates` — not verified at an earlier level by that person, unless the program allows it
 * (separation of duties; the service derives both lists from the ladder).
 */
export interface AwaitingFilter {
  states: readonly ProposalState[];
  separatedStates: readonly ProposalState[];
  verificationLevels: readonly ProposalState[];
  actorId: number;
}

export interface ProposalFilter {
  awaiting?: AwaitingFilter;
  state?: ProposalState;
  kecamatan?: string;
  kelurahan?: string;
  reason?: string;
  q?: string;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, '\\$&');

/** The list's filters as conditions of `proposalBase` (the list and the work queue's counts share them). */
function filtered(q: ReturnType<typeof proposalBase>, f: ProposalFilter, nikSearch: boolean) {
  if (f.awaiting) {
    const a = f.awaiting;
    q = q.where((eb) => {
      if (a.states.length === 0) return eb.val(false);
      const waiting = eb('p.state', 'in', a.states);
      if (a.separatedStates.length === 0) return waiting;
      const didEarlierLevel = eb.exists(
        eb
          .selectFrom('aid_transition as t')
          .select(sql`1`.as('one'))
          .whereRef('t.proposal_id', '=', 'p.id')
          .where('t.to_state', 'in', a.verificationLevels)
          .where('t.actor_id', '=', a.actorId),
      );
      return eb.and([
        waiting,
        eb.or([
          eb('p.state', 'not in', a.separatedStates),
          eb('g.same_verifier_allowed', '=', true),
          eb.not(didEarlierLevel),
        ]),
      ]);
    });
  }
  if (f.state) q = q.where('p.state', '=', f.state);
  if (f.kecamatan) q = q.where('p.kecamatan_code', '=', f.kecamatan);
  if (f.kelurahan) q = q.where((eb) => withinScope(eb, 'p.kelurahan_code', f.kelurahan!));
  if (f.reason) q = q.where(sql<boolean>`(${f.reason} = any(p.reasons) or ${f.reason} = any(p.warnings))`);
  if (f.q) {
    const term = f.q.trim();
    const digits = term.replace(/[\s\-+]/g, '');
    q = q.where((eb) => {
      const ors = [eb('p.name', 'ilike', `%${escapeLike(term)}%`)];
      if (/^\d{6,}$/.test(digits)) {
        const phone = digits.startsWith('62') ? `0${digits.slice(2)}` : digits;
        ors.push(eb('p.phone', 'like', `${escapeLike(phone)}%`));
        if (nikSearch && digits.length === 16) ors.push(eb('p.nik', '=', digits));
      }
      return eb.or(ors);
    });
  }
  return q;
}

export async function listProposals(
  db: DB,
  programId: number,
  f: ProposalFilter,
  access: ProposalAccess,
  nikSearch: boolean,
  limit: number,
  offset: number,
) {
  const q = filtered(
    proposalBase(db)
      .where('p.program_id', '=', programId)
      .where((eb) => access(eb as unknown as ProposalEB)),
    f,
    nikSearch,
  );
  const [items, count] = await Promise.all([
    withViewColumns(q).orderBy('p.id').limit(limit).offset(offset).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: count.n };
}

/** How many proposals match `f` per program, of those `access` lets the user see (programs with none left out). */
export async function countProposalsByProgram(db: DB, f: ProposalFilter, access: ProposalAccess) {
  return filtered(
    proposalBase(db).where((eb) => access(eb as unknown as ProposalEB)),
    f,
    false,
  )
    .groupBy(['g.id', 'g.code', 'g.name'])
    .select(['g.code', 'g.name', (eb) => eb.fn.countAll<number>().as('n')])
    .orderBy('g.id', 'desc')
    .execute();
}

export async function findProposalByNik(db: Executor, programId: number, nik: string) {
  return db
    .selectFrom('aid_proposal')
    .select(['id', 'state'])
    .where('program_id', '=', programId)
    .where('nik', '=', nik)
    .executeTakeFirst();
}

export async function proposalStatesOf(db: DB, programId: number) {
  return db
    .selectFrom('aid_proposal')
    .select(['id', 'nik', 'state'])
    .where('program_id', '=', programId)
    .execute();
}

export async function lockProposal(db: Executor, id: number) {
  return db.selectFrom('aid_proposal').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function insertProposal(db: Executor, values: Insertable<AidProposalTable>) {
  return db.insertInto('aid_proposal').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function setProposalState(db: Executor, id: number, state: ProposalState, note: string | null) {
  return db
    .updateTable('aid_proposal')
    .set({ state, last_note: note, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The registry business an applicant is linked to: the owner's oldest active business, else one of this name. */
export async function findBusinessForOwner(db: Executor, ownerId: number, nameKey: string) {
  const row = await db
    .selectFrom('business')
    .select('id')
    .where('owner_id', '=', ownerId)
    .where((eb) => eb.or([eb('archived_at', 'is', null), eb('name_key', '=', nameKey)]))
    .orderBy(sql`archived_at is null`, 'desc')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

// ---------------------------------------------------------------------------------------------
// Intake rows, transitions, attachments

export async function insertIntakeRow(db: Executor, values: Insertable<AidIntakeRowTable>) {
  return db.insertInto('aid_intake_row').values(values).returningAll().executeTakeFirstOrThrow();
}

function intakeBase(db: DB) {
  return db
    .selectFrom('aid_intake_row as r')
    .leftJoin('aid_intake_row as f', 'f.id', 'r.first_row_id')
    .selectAll('r')
    .select(['f.row_number as first_row_number', 'f.job_id as first_job_id']);
}

export async function intakeRowsOfProposal(db: DB, proposalId: number) {
  return intakeBase(db).where('r.proposal_id', '=', proposalId).orderBy('r.id').execute();
}
export type IntakeView = Awaited<ReturnType<typeof intakeRowsOfProposal>>[number];

export async function listIntakeRows(
  db: DB,
  programId: number,
  f: { jobId?: number; state?: IntakeState },
  limit: number,
  offset: number,
) {
  let q = db.selectFrom('aid_intake_row as r').where('r.program_id', '=', programId);
  if (f.jobId) q = q.where('r.job_id', '=', f.jobId);
  if (f.state) q = q.where('r.state', '=', f.state);
  const ids = q.select('r.id');
  const [items, count] = await Promise.all([
    intakeBase(db)
      .where('r.id', 'in', ids)
      .orderBy('r.job_id')
      .orderBy('r.row_number')
      .orderBy('r.id')
      .limit(limit)
      .offset(offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: count.n };
}

export async function insertTransition(db: Executor, values: Insertable<AidTransitionTable>) {
  return db.insertInto('aid_transition').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function transitionsOf(db: DB, proposalId: number) {
  return db
    .selectFrom('aid_transition')
    .selectAll()
    .where('proposal_id', '=', proposalId)
    .orderBy('id')
    .execute();
}

export async function insertAttachment(db: Executor, values: Insertable<AidAttachmentTable>) {
  return db.insertInto('aid_attachment').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function findAttachment(db: Executor, id: number) {
  return db.selectFrom('aid_attachment').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function attachmentsOf(db: DB, proposalId: number) {
  return db
    .selectFrom('aid_attachment')
    .selectAll()
    .where('proposal_id', '=', proposalId)
    .orderBy('id')
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Batches

/**
 * Puts every approved proposal of the program (of one kecamatan, if given) into a new batch and
 * marks them sent, each with its transition. Returns the batch, or undefined when none was approved.
 */
export async function createBatchWithApproved(
  trx: Executor,
  programId: number,
  kecamatan: string | null,
  actor: { id: number | null; label: string },
) {
  const next = await sql<{ n: number }>`
    select coalesce(max(number), 0) + 1 as n from aid_batch where program_id = ${programId}`.execute(trx);
  const batch = await trx
    .insertInto('aid_batch')
    .values({
      program_id: programId,
      number: next.rows[0]!.n,
      kecamatan_code: kecamatan,
      proposals: 0,
      total_amount: 0,
      created_by: actor.id,
      created_by_label: actor.label,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const kecamatanFilter = kecamatan ? sql`and kecamatan_code = ${kecamatan}` : sql``;
  const moved = await sql<{ n: number; amount: number }>`
    with moved as (
      update aid_proposal set state = 'sent', batch_id = ${batch.id}, last_note = null, updated_at = now()
      where program_id = ${programId} and state = 'approved' ${kecamatanFilter}
      returning id, amount
    ), logged as (
      insert into aid_transition (proposal_id, from_state, to_state, actor_id, actor_label, batch_id)
      select id, 'approved', 'sent', ${actor.id}, ${actor.label}, ${batch.id} from moved
    )
    select count(*)::int as n, coalesce(sum(amount), 0)::bigint as amount from moved`.execute(trx);
  const { n, amount } = moved.rows[0]!;
  if (n === 0) return undefined;
  return trx
    .updateTable('aid_batch')
    .set({ proposals: n, total_amount: amount })
    .where('id', '=', batch.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

function batchBase(db: DB) {
  return db
    .selectFrom('aid_batch as t')
    .innerJoin('aid_program as g', 'g.id', 't.program_id')
    .leftJoin('area as kec', 'kec.code', 't.kecamatan_code')
    .selectAll('t')
    .select(['g.code as program_code', 'kec.name as kecamatan_name']);
}

export async function listBatchViews(db: DB, programId: number) {
  return batchBase(db).where('t.program_id', '=', programId).orderBy('t.number', 'desc').execute();
}

export async function findBatchView(db: DB, id: number) {
  return batchBase(db).where('t.id', '=', id).executeTakeFirst();
}
export type BatchView = NonNullable<Awaited<ReturnType<typeof findBatchView>>>;

/** A batch's proposals in the ministry's order (kecamatan, kelurahan, id), page by page (db/stream.ts). */
export function streamBatchProposals(db: DB, batchId: number) {
  return keysetPages(
    (after: readonly [string, string, number] | undefined, limit) =>
      db
        .selectFrom('aid_proposal')
        .select(['kecamatan_code', 'kelurahan_code', 'id'])
        .select(['nik', 'kk', 'name', 'address', 'business_field', 'phone', 'amount'])
        .where('batch_id', '=', batchId)
        .$if(after !== undefined, (q) =>
          q.where(
            (eb) => eb.refTuple('kecamatan_code', 'kelurahan_code', 'id'),
            '>',
            (eb) => eb.tuple(...after!),
          ),
        )
        .orderBy('kecamatan_code')
        .orderBy('kelurahan_code')
        .orderBy('id')
        .limit(limit)
        .execute(),
    (row) => [row.kecamatan_code, row.kelurahan_code, row.id] as const,
  );
}

export async function countBatchProposals(db: DB, batchId: number) {
  const { n } = await db
    .selectFrom('aid_proposal')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('batch_id', '=', batchId)
    .executeTakeFirstOrThrow();
  return Number(n);
}

// ---------------------------------------------------------------------------------------------
// Figures

/** Proposals per kecamatan and state inside `scope`. */
export async function countsByKecamatan(db: DB, programId: number, scope: string | null) {
  let q = db
    .selectFrom('aid_proposal as p')
    .leftJoin('area as kec', 'kec.code', 'p.kecamatan_code')
    .select(['p.kecamatan_code as code', 'kec.name as name', 'p.state'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('p.program_id', '=', programId)
    .groupBy(['p.kecamatan_code', 'kec.name', 'p.state'])
    .orderBy('p.kecamatan_code');
  if (scope) q = q.where((eb) => withinScope(eb, 'p.kelurahan_code', scope));
  return q.execute();
}

/**
 * Verification progress of the areas of one level (3 kecamatan, 4 kelurahan) inside `within`, as far as
 * `scope` reaches: every area, with or without proposals.
 */
export async function progressCounts(db: DB, programId: number, level: 3 | 4, within: string, scope: string) {
  const column = level === 3 ? sql.ref('p.kecamatan_code') : sql.ref('p.kelurahan_code');
  return sql<{
    code: string;
    name: string;
    proposals: number;
    to_verify: number;
    verified: number;
    rejected: number;
  }>`
    select a.code, a.name,
      count(p.id) filter (where p.state <> 'ineligible')::int as proposals,
      count(p.id) filter (where p.state = 'submitted')::int as to_verify,
      count(p.id) filter (where p.state in ('verified_kelurahan','verified_kecamatan','approved','sent','disbursed','rejected_by_ministry'))::int as verified,
      count(p.id) filter (where p.state = 'rejected')::int as rejected
    from area a
    left join aid_proposal p on p.program_id = ${programId} and ${column} = a.code
      and (p.kelurahan_code = ${scope} or p.kelurahan_code like ${`${scope}.%`})
    where a.level = ${level}
      and (a.code = ${within} or a.code like ${`${within}.%`})
      and (a.code = ${scope} or a.code like ${`${scope}.%`} or ${scope} like a.code || '.%')
    group by a.code, a.name
    order by a.code`.execute(db);
}
