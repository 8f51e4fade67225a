import { sql } from 'kysely';
import type { TabularRow } from '../../files/tabular.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { finishJob, insertRejections } from '../imports/imports.repository.ts';
import type { Importer } from '../imports/imports.service.ts';
import { RejectionLog, type StoredRejections } from '../imports/rejections.ts';
import { type StageColumns, type StageValue, stageRows } from '../imports/stage.ts';
import { lockProgram, proposalStatesOf } from './aid.repository.ts';
import { programOfParams } from './aid.service.ts';
import type { ProposalState } from './aid.table.ts';

/**
 * The ministry's answer to the submitted proposals, read back by NIK: each `sent` proposal becomes
 * `disbursed` or `rejected_by_ministry` (with the ministry's reason). NIKs that are not among the
 * program's proposals are reported and change nothing; the rest applies in one transaction.
 */

export const ANSWER_REJECTION_REASONS = {
  required_missing: 'Kolom wajib kosong.',
  nik_numeric:
    'Sel NIK bertipe angka di Excel; Excel mungkin telah membulatkannya. Format kolom NIK sebagai Teks.',
  nik_unknown: 'NIK ini tidak ada di antara usulan program ini.',
  status_invalid: 'Status harus "disalurkan" atau "ditolak".',
  not_sent: 'Usulan ini belum dikirim ke kementerian.',
  already_answered: 'Usulan ini sudah mendapat jawaban lain dari kementerian.',
  duplicate_in_file: 'NIK ini sudah ada di baris sebelumnya dalam berkas ini.',
} as const;
type Reason = keyof typeof ANSWER_REJECTION_REASONS;

const DISBURSED = new Set(['disalurkan', 'tersalurkan', 'salur', 'cair', 'dicairkan', 'disbursed', 'paid']);
const REJECTED = new Set(['ditolak', 'tolak', 'gagal', 'rejected', 'reject']);

/** The answer in a status cell: disbursed, rejected, or null when it says neither. */
export function parseAnswerStatus(input: string): 'disbursed' | 'rejected_by_ministry' | null {
  const v = input.trim().toLowerCase();
  if (DISBURSED.has(v)) return 'disbursed';
  if (REJECTED.has(v)) return 'rejected_by_ministry';
  return null;
}

const STAGE: StageColumns = [
  ['row_number', 'integer'],
  ['proposal_id', 'bigint'],
  ['to_state', 'text'],
  ['note', 'text'],
];

export type AnswerSummary = StoredRejections & {
  total: number;
  disbursed: number;
  rejectedByMinistry: number;
  unchanged: number;
  unknown: number;
  invalid: number;
  reasons: Record<string, number>;
};

export const aidAnswerImporter: Importer = {
  kind: 'aid_answer',
  spec: { required: ['nik', 'status'], optional: ['alasan'] },
  roles: ['admin'],
  async checkParams(database, params) {
    await programOfParams(database.db, params);
  },
  async run(ctx, batches, progress) {
    const { database } = ctx;
    const program = await programOfParams(database.db, ctx.job.params);
    const proposals = new Map<string, { id: number; state: ProposalState }>(
      (await proposalStatesOf(database.db, program.id)).map((p) => [p.nik, { id: p.id, state: p.state }]),
    );
    const rejections = new RejectionLog(ctx.config.importRejectionsKept);
    const seen = new Set<string>();
    let unchanged = 0;

    const reject = (row: TabularRow, reason: Reason, detail?: string): null => {
      rejections.add(reason, () => ({
        rowNumber: row.rowNumber,
        message: detail ? `${ANSWER_REJECTION_REASONS[reason]} ${detail}` : ANSWER_REJECTION_REASONS[reason],
        data: Object.fromEntries(Object.entries(row.cells).map(([k, v]) => [k, v.text])),
      }));
      return null;
    };

    function resolve(row: TabularRow): StageValue[] | null {
      const { nik: nikCell, status, alasan } = row.cells;
      const missing = ['nik', 'status'].filter((k) => !row.cells[k]?.text.trim());
      if (missing.length) return reject(row, 'required_missing', `(${missing.join(', ')})`);
      if (nikCell!.numeric) return reject(row, 'nik_numeric');
      const nik = nikCell!.text.trim();
      const proposal = proposals.get(nik);
      if (!proposal) return reject(row, 'nik_unknown');
      const to = parseAnswerStatus(status!.text);
      if (!to) return reject(row, 'status_invalid');
      if (seen.has(nik)) return reject(row, 'duplicate_in_file');
      seen.add(nik);
      if (proposal.state === to) {
        unchanged += 1;
        return null;
      }
      if (proposal.state === 'disbursed' || proposal.state === 'rejected_by_ministry')
        return reject(row, 'already_answered');
      if (proposal.state !== 'sent') return reject(row, 'not_sent');
      return [row.rowNumber, proposal.id, to, alasan?.text.trim() || null];
    }

    const total = await stageRows(database, ctx.stageTable, STAGE, batches, progress, resolve);

    const stage = sql.table(ctx.stageTable);
    return database.db.transaction().execute(async (trx) => {
      await lockProgram(trx, program.id);
      const moved = await sql<{ to_state: ProposalState; n: number }>`
        with moved as (
          update aid_proposal p set state = s.to_state, last_note = s.note, updated_at = now()
          from ${stage} s
          where p.id = s.proposal_id and p.state = 'sent'
          returning p.id, s.to_state, s.note
        ), logged as (
          insert into aid_transition (proposal_id, from_state, to_state, actor_id, actor_label, note, job_id)
          select id, 'sent', to_state, ${ctx.actor.id}, ${ctx.actor.label}, note, ${ctx.job.id} from moved
        )
        select to_state, count(*)::int as n from moved group by to_state`.execute(trx);
      const count = (state: ProposalState) => moved.rows.find((r) => r.to_state === state)?.n ?? 0;
      const reasons = rejections.reasons;
      const applied = count('disbursed') + count('rejected_by_ministry');
      ctx.changed('aid_proposal', applied);
      ctx.changed('aid_transition', applied);
      const summary: AnswerSummary = {
        total,
        disbursed: count('disbursed'),
        rejectedByMinistry: count('rejected_by_ministry'),
        // A proposal moved by someone else between reading and merging is left as it is.
        unchanged: unchanged + (total - rejections.count - unchanged - applied),
        unknown: reasons.nik_unknown ?? 0,
        invalid: rejections.count - (reasons.nik_unknown ?? 0),
        reasons,
        ...rejections.stored(),
      };
      await insertRejections(trx, ctx.job.id, rejections.kept);
      await recordAudit(trx, ctx.actor, {
        action: 'import',
        entity: 'import_job',
        entityId: ctx.job.id,
        areaCode: program.area_code,
        newValues: { kind: 'aid_answer', program: program.code, file: ctx.job.file_name, ...summary },
      });
      await finishJob(trx, ctx.job.id, summary);
      return summary;
    });
  },
};
