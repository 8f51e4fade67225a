import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { TEMPLATE_COLUMNS, type TemplateKind } from '../../../shared/import-columns.ts';
import type { Config } from '../../config.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import type { TableColumn } from '../../files/table-writer.ts';
import { openTabular, TabularFileError, type TabularRow, type TabularSpec } from '../../files/tabular.ts';
import { AppError, forbidden, notFound } from '../../http/errors.ts';
import type { Actor, SessionUser } from '../../http/guard.ts';
import type { Executor } from '../audit/audit.repository.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { recordExport } from '../audit/identity-reads.ts';
import { ImportWorker, workerJob } from './import-thread.ts';
import {
  dropStageTable,
  failJob,
  failUnfinishedJob,
  findJob,
  finishJob,
  insertJob,
  insertRejections,
  interruptedJobs,
  rejectionColumns,
  setJobProgress,
  setJobStatus,
  streamRejections,
} from './imports.repository.ts';
import type { ImportJobRow, ImportSummary } from './imports.table.ts';
import type { RejectionLog, StoredRejections } from './rejections.ts';

export interface ImportContext {
  database: DatabaseHandle;
  config: Config;
  job: ImportJobRow;
  actor: Actor;
  /** The signed-in user who imports, or null for the operator at the command line (full rights). */
  by: SessionUser | null;
  /** A table name reserved for this job's staging data; dropped when the job ends. */
  stageTable: string;
  /**
   * Tells how many rows of a final table the import wrote: after the commit, the tables it changed by
   * ANALYZE_AFTER_ROWS rows or more get fresh planner statistics, the others are left alone.
   */
  changed(table: string, rows: number): void;
}

/** One kind of import: the columns it reads and how it validates, stages and merges rows. */
export interface Importer {
  kind: string;
  spec: TabularSpec;
  /** Roles that may run it (the CLI operator always may). */
  roles: readonly SessionUser['role'][];
  /** Refuses a job whose parameters (e.g. an aid program's code) name nothing, before anything is written. */
  checkParams?(database: DatabaseHandle, params: Record<string, unknown>): Promise<void>;
  /**
   * Reads every row and writes in ONE transaction that also calls `finishJob` (the large imports open
   * it before reading and COPY as they read: docs/decisions/0003), so that a crash at any point leaves
   * either the whole import or none of it.
   */
  run(
    ctx: ImportContext,
    rows: AsyncIterable<TabularRow[]>,
    progress: (rowsRead: number) => Promise<void>,
  ): Promise<ImportSummary>;
}

const PROGRESS_EVERY_MS = 2000;

export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

const IMPORT_FAILED = {
  code: 'ImportFailed',
  message: 'Impor gagal karena kesalahan pada server; tidak ada data yang disimpan.',
};

/**
 * Autovacuum analyzes a changed table within a minute or so; until then the planner would judge a table
 * that just grew by a large load by its old size (nested loops over the histogram). A table an import
 * wrote this many rows of is analyzed before the import reports its end.
 */
const ANALYZE_AFTER_ROWS = 1000;

/**
 * The columns that the readers of each table filter, join and sort on: the import analyzes those at once
 * (half the time of all columns, measured); an ANALYZE of some columns leaves the table's change count
 * for autovacuum, which analyzes it whole shortly after.
 */
const PLANNER_COLUMNS: Record<string, readonly string[]> = {
  omzet_report: ['business_id', 'period', 'category'],
  omzet_stat: ['period', 'dim', 'code'],
  owner: ['nik', 'name', 'phone', 'merged_into_id', 'user_id'],
  business: [
    'owner_id',
    'name_key',
    'kelurahan_code',
    'kecamatan_code',
    'sector',
    'mentor_id',
    'archived_at',
  ],
  aid_proposal: ['program_id', 'nik', 'state', 'kelurahan_code', 'kecamatan_code', 'owner_id', 'batch_id'],
  aid_intake_row: ['program_id', 'job_id', 'state', 'proposal_id'],
  aid_transition: ['proposal_id'],
};

export function stageTableOf(jobId: number) {
  return `import_stage_${jobId}`;
}

/** Where uploaded files wait for their import (deleted when it ends). */
export function uploadsDir(config: Pick<Config, 'dataDir'>) {
  return path.join(config.dataDir, 'uploads');
}

/** An upload's file name: the time, the receiving process's pid (so a later start knows whose it is), a random part. */
export const UPLOAD_NAME = /^\d+-(?<pid>\d+)-[a-z0-9]+$/;

export function newUploadPath(config: Pick<Config, 'dataDir'>) {
  return path.join(
    uploadsDir(config),
    `${Date.now()}-${process.pid}-${Math.random().toString(36).slice(2) || '0'}`,
  );
}

export async function createJob(
  database: DatabaseHandle,
  importer: Importer,
  file: { path: string; name: string },
  actor: Actor,
  by: SessionUser | null,
  params: Record<string, unknown> = {},
) {
  if (by && !importer.roles.includes(by.role)) throw forbidden();
  await importer.checkParams?.(database, params);
  const totalBytes = fs.statSync(file.path).size;
  return insertJob(database.db, {
    kind: importer.kind,
    fileName: path.basename(file.name),
    // Who runs it: at start, a server fails only the jobs of processes that died on this host.
    params: { ...params, runner: { host: os.hostname(), pid: process.pid } },
    createdBy: actor.id,
    createdByLabel: actor.label,
    totalBytes,
  });
}

/** Runs one job to its end. File problems fail the job with a clear code and message, nothing written. */
export async function runJob(
  deps: { database: DatabaseHandle; config: Config },
  importer: Importer,
  job: ImportJobRow,
  filePath: string,
  actor: Actor,
  by: SessionUser | null,
): Promise<ImportSummary> {
  const { db } = deps.database;
  const stageTable = stageTableOf(job.id);
  await setJobStatus(db, job.id, 'running');
  try {
    const file = await openTabular(filePath, importer.spec, { maxBytes: MAX_UPLOAD_BYTES });
    let lastReport = 0;
    const progress = async (rowsRead: number) => {
      // Every 2 s: each report is a write, and a write makes the server's cached reads miss once (0010).
      if (Date.now() - lastReport < PROGRESS_EVERY_MS) return;
      lastReport = Date.now();
      await setJobProgress(db, job.id, file.bytesRead(), rowsRead);
    };
    const written = new Map<string, number>();
    const changed = (table: string, rows: number) => written.set(table, (written.get(table) ?? 0) + rows);
    const summary = await importer.run(
      { ...deps, job, actor, by, stageTable, changed },
      file.rows(5000),
      progress,
    );
    await analyzeTables(
      db,
      [...written].filter(([, rows]) => rows >= ANALYZE_AFTER_ROWS).map(([table]) => table),
    );
    return summary;
  } catch (err) {
    const problem =
      err instanceof TabularFileError
        ? { code: err.code, message: err.message, details: err.details }
        : err instanceof AppError
          ? { code: err.code, message: err.message, details: err.details }
          : IMPORT_FAILED;
    await failJob(db, job.id, problem);
    if (err instanceof TabularFileError) throw new AppError(err.code, 400, err.message, err.details);
    throw err;
  } finally {
    await dropStageTable(db, stageTable);
  }
}

/** True while a process with this pid runs (EPERM: it runs as another user). */
export function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function analyzeTables(db: DatabaseHandle['db'], tables: readonly string[]) {
  if (!tables.length) return;
  const targets = tables.map((t) => {
    const columns = PLANNER_COLUMNS[t];
    return columns ? sql`${sql.table(t)} (${sql.join(columns.map((c) => sql.id(c)))})` : sql.table(t);
  });
  await sql`analyze ${sql.join(targets)}`.execute(db);
}

/**
 * The end of every merge, inside its transaction: the rejected rows, the import in the audit log,
 * and the job marked done with its summary.
 */
export async function completeImport<S extends ImportSummary>(
  trx: Executor,
  ctx: ImportContext,
  summary: S,
  rejections: RejectionLog,
): Promise<S & StoredRejections> {
  await insertRejections(trx, ctx.job.id, rejections.kept);
  const full = { ...summary, ...rejections.stored() };
  await recordAudit(trx, ctx.actor, {
    action: 'import',
    entity: 'import_job',
    entityId: ctx.job.id,
    newValues: { kind: ctx.job.kind, file: ctx.job.file_name, ...full },
  });
  await finishJob(trx, ctx.job.id, full);
  return full;
}

/** At start: jobs a dead process left behind are failed and their staging tables dropped; returns how many. */
export async function recoverInterruptedJobs(database: DatabaseHandle): Promise<number> {
  let recovered = 0;
  for (const { id, params } of await interruptedJobs(database.db)) {
    const runner = params.runner as { host?: string; pid?: number } | undefined;
    if (runner?.host && runner.host !== os.hostname()) continue; // another machine's job
    if (runner?.pid && runner.pid !== process.pid && isAlive(runner.pid)) continue; // still running (the CLI)
    await dropStageTable(database.db, stageTableOf(id));
    await failJob(database.db, id, {
      code: 'ImportInterrupted',
      message: 'Impor terhenti sebelum selesai; tidak ada data yang disimpan. Silakan unggah ulang.',
    });
    recovered += 1;
  }
  return recovered;
}

/** Jobs run one at a time, in the server's import thread. */
export class ImportQueue {
  #tail: Promise<unknown> = Promise.resolve();
  readonly #worker = new ImportWorker();
  constructor(
    private readonly deps: { database: DatabaseHandle; config: Config },
    private readonly log: (err: unknown) => void,
  ) {}

  enqueue(importer: Importer, job: ImportJobRow, filePath: string, actor: Actor, by: SessionUser | null) {
    const task = workerJob(this.deps, { importer: importer.kind, job, filePath, actor, by });
    this.#tail = this.#tail
      .then(() => this.#worker.run(task))
      .catch(async (err) => {
        if (err instanceof AppError) return;
        this.log(err);
        // The import thread died (out of memory, say) before it could fail the job itself.
        await failUnfinishedJob(this.deps.database.db, job.id, IMPORT_FAILED).catch(this.log);
      })
      .finally(() => fs.rmSync(filePath, { force: true }));
    return this.#tail;
  }

  /** Waits for the queued jobs, then lets the import thread go. */
  async close() {
    await this.idle();
    await this.#worker.close();
  }

  /** Resolves when every queued job has ended (tests and shutdown wait on it). */
  idle() {
    return this.#tail.then(() => undefined);
  }
}

export function jobView(job: ImportJobRow) {
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    fileName: job.file_name,
    createdBy: job.created_by_label,
    createdAt: job.created_at.toISOString(),
    finishedAt: job.finished_at?.toISOString() ?? null,
    totalBytes: job.total_bytes,
    bytesRead: job.bytes_read,
    rowsRead: job.rows_read,
    summary: job.summary,
    rejectedRows: rejectedRowsOf(job.summary),
    error: job.error,
  };
}

/** What the summary of a finished job says of its stored rejected rows; null for jobs before the limit. */
function rejectedRowsOf(summary: ImportSummary | null) {
  if (!summary) return null;
  const { rejectedStored, rejectedLimit, rejectedCapped } = summary;
  if (typeof rejectedStored !== 'number' || typeof rejectedLimit !== 'number') return null;
  return { stored: rejectedStored, limit: rejectedLimit, capped: rejectedCapped === true };
}

export async function getJob(database: DatabaseHandle, by: SessionUser, id: number) {
  const job = await findJob(database.db, id);
  if (!job || (by.role !== 'admin' && job.created_by !== by.id)) throw notFound('Impor');
  return job;
}

/**
 * The rows a job rejected as a table: baris (row number), status (where the import has states, as the
 * aid intake's invalid / duplicate / ineligible, in Indonesian), alasan (reasons in Indonesian),
 * kode_alasan (reason codes), then the file's own cells. The web download and the CLI's --rejected
 * file are this table; its rows stream from the database batch by batch, however many there are.
 */
export async function rejectionsTable(db: DatabaseHandle['db'], jobId: number) {
  const [{ hasState, cells: found }, job] = await Promise.all([
    rejectionColumns(db, jobId),
    findJob(db, jobId),
  ]);
  const cells = inTemplateOrder(job?.kind, found);
  const columns: TableColumn[] = [
    { key: 'baris', header: 'baris' },
    ...(hasState ? [{ key: 'status', header: 'status', width: 22 }] : []),
    { key: 'alasan', header: 'alasan', width: 60 },
    { key: 'kode_alasan', header: 'kode_alasan', width: 18 },
    ...cells.map((c) => ({ key: `data:${c}`, header: c, text: true, width: 18 })),
  ];
  async function* batches() {
    for await (const rows of streamRejections(db, jobId)) {
      yield rows.map((r) => ({
        baris: r.row_number,
        ...(hasState ? { status: r.state ?? '' } : {}),
        alasan: r.message,
        kode_alasan: r.reason,
        ...Object.fromEntries(cells.map((c) => [`data:${c}`, r.data[c] ?? ''])),
      }));
    }
  }
  return { columns, batches: batches() };
}

/**
 * A file's cells in its template's column order (so a corrected file reads like the template), any
 * others after them as found.
 */
function inTemplateOrder(kind: string | undefined, cells: readonly string[]) {
  const template: readonly string[] =
    kind && kind in TEMPLATE_COLUMNS ? TEMPLATE_COLUMNS[kind as TemplateKind] : [];
  const rank = (c: string) => {
    const i = template.indexOf(c);
    return i === -1 ? template.length : i;
  };
  return cells
    .map((c, i) => ({ c, i }))
    .sort((a, b) => rank(a.c) - rank(b.c) || a.i - b.i)
    .map(({ c }) => c);
}

/** Cells of a file that carry identity numbers in full (the registry's and the aid forms' names). */
const IDENTITY_CELLS = new Set(['nik', 'no_kk', 'kk']);

/**
 * A job's rejected rows for download. They are the file's own cells, identity numbers included, so the
 * download is audit-logged as an export (`export_full_nik` when the file had NIK or KK columns).
 */
export async function jobRejections(
  database: DatabaseHandle,
  by: SessionUser,
  actor: Actor,
  id: number,
  format: string,
) {
  const job = await getJob(database, by, id);
  const table = await rejectionsTable(database.db, id);
  const cells = table.columns.map((c) => c.key.replace(/^data:/, ''));
  await recordExport(database.db, actor, {
    full: cells.some((c) => IDENTITY_CELLS.has(c.toLowerCase())),
    entity: 'import_job',
    entityId: id,
    areaCode: null,
    values: { kind: job.kind, format, rows: job.summary?.rejected ?? null },
  });
  return { job, ...table };
}
