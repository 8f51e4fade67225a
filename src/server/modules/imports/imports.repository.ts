import { sql } from 'kysely';
import type { DB } from '../../db/database.ts';
import { keysetPages } from '../../db/stream.ts';
import type { Executor } from '../audit/audit.repository.ts';
import type { ImportStatus, ImportSummary } from './imports.table.ts';

export async function insertJob(
  db: DB,
  job: {
    kind: string;
    fileName: string;
    params: Record<string, unknown>;
    createdBy: number | null;
    createdByLabel: string;
    totalBytes: number;
  },
) {
  return db
    .insertInto('import_job')
    .values({
      kind: job.kind,
      status: 'queued',
      file_name: job.fileName,
      params: JSON.stringify(job.params),
      created_by: job.createdBy,
      created_by_label: job.createdByLabel,
      total_bytes: job.totalBytes,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findJob(db: DB, id: number) {
  return db.selectFrom('import_job').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface JobFilter {
  kind?: string;
  program?: string;
  createdBy?: number;
  status?: ImportStatus;
  /** Started on or after this day (`YYYY-MM-DD`) in time zone `timezone`. */
  since?: { day: string; timezone: string };
}

function jobsMatching(db: DB, f: JobFilter) {
  let q = db.selectFrom('import_job');
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.program) q = q.where(sql<string>`params->>'program'`, '=', f.program);
  if (f.createdBy) q = q.where('created_by', '=', f.createdBy);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.since) {
    const { day, timezone } = f.since;
    q = q.where('created_at', '>=', sql<Date>`(${day}::date)::timestamp at time zone ${timezone}`);
  }
  return q;
}

export async function listJobs(db: DB, f: JobFilter & { limit: number }) {
  return jobsMatching(db, f).selectAll().orderBy('id', 'desc').limit(f.limit).execute();
}

export async function countJobs(db: DB, f: JobFilter) {
  const row = await jobsMatching(db, f).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return row.n;
}

export async function setJobStatus(db: DB, id: number, status: ImportStatus) {
  await db.updateTable('import_job').set({ status }).where('id', '=', id).execute();
}

export async function setJobProgress(db: DB, id: number, bytesRead: number, rowsRead: number) {
  await db
    .updateTable('import_job')
    .set({ bytes_read: bytesRead, rows_read: rowsRead })
    .where('id', '=', id)
    .execute();
}

/** A finished job's progress is final: every byte and every row read, whatever the last report said. */
export async function finishJob(db: Executor, id: number, summary: ImportSummary) {
  await db
    .updateTable('import_job')
    .set({
      status: 'done',
      summary: JSON.stringify(summary),
      finished_at: new Date(),
      bytes_read: sql`total_bytes`,
      rows_read: summary.total,
    })
    .where('id', '=', id)
    .execute();
}

export async function failJob(
  db: DB,
  id: number,
  error: { code: string; message: string; details?: unknown },
) {
  await db
    .updateTable('import_job')
    .set({ status: 'failed', error: JSON.stringify(error), finished_at: new Date() })
    .where('id', '=', id)
    .execute();
}

/** Fails a job unless it has ended: for a job whose import thread died before it could say so. */
export async function failUnfinishedJob(db: DB, id: number, error: { code: string; message: string }) {
  await db
    .updateTable('import_job')
    .set({ status: 'failed', error: JSON.stringify(error), finished_at: new Date() })
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'running'])
    .execute();
}

/** Jobs left queued or running by a process that died: their staging tables are dropped, the jobs failed. */
export async function interruptedJobs(db: DB) {
  return db
    .selectFrom('import_job')
    .select(['id', 'params'])
    .where('status', 'in', ['queued', 'running'])
    .execute();
}

export async function dropStageTable(db: DB, table: string) {
  await sql`drop table if exists ${sql.table(table)}`.execute(db);
}

/** The staging tables in the database, with the id of the job each belongs to. */
export async function stageTables(db: DB): Promise<{ table: string; jobId: number }[]> {
  const { rows } = await sql<{ table: string }>`
    select tablename as "table" from pg_tables
    where schemaname = current_schema() and tablename ~ '^import_stage_[0-9]+$'`.execute(db);
  return rows.map((r) => ({ table: r.table, jobId: Number(r.table.slice('import_stage_'.length)) }));
}

/** Deletes the rejected rows of jobs that ended before `endedBefore`; returns how many were deleted. */
export async function purgeRejections(db: DB, endedBefore: Date): Promise<number> {
  const result = await db
    .deleteFrom('import_rejection')
    .where('job_id', 'in', (q) =>
      q.selectFrom('import_job').select('id').where('finished_at', '<', endedBefore),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** A job's rejected rows in file order, page by page (db/stream.ts). */
export function streamRejections(db: DB, jobId: number, pageRows?: number) {
  return keysetPages(
    (after: number | undefined, limit) =>
      db
        .selectFrom('import_rejection')
        .select(['row_number', 'state', 'reason', 'message', 'data'])
        .where('job_id', '=', jobId)
        .$if(after !== undefined, (q) => q.where('row_number', '>', after!))
        .orderBy('row_number')
        .limit(limit)
        .execute(),
    (row) => row.row_number,
    pageRows,
  );
}

/**
 * The columns of a job's rejected rows, without reading them into memory: whether any row has a state,
 * and the cells' names in the order they first appear (the file's row order, then jsonb's key order:
 * shorter names first, then bytewise).
 */
export async function rejectionColumns(db: DB, jobId: number) {
  const state = await db
    .selectFrom('import_rejection')
    .select('row_number')
    .where('job_id', '=', jobId)
    .where('state', 'is not', null)
    .limit(1)
    .executeTakeFirst();
  const cells = await sql<{ key: string }>`
    select k.key from import_rejection r cross join lateral jsonb_object_keys(r.data) as k(key)
    where r.job_id = ${jobId}
    group by k.key
    order by min(r.row_number), octet_length(k.key), k.key collate "C"`.execute(db);
  return { hasState: state !== undefined, cells: cells.rows.map((r) => r.key) };
}

export async function insertRejections(
  db: Executor,
  jobId: number,
  rows: readonly { rowNumber: number; reason: string; message: string; data: Record<string, string> }[],
) {
  for (let i = 0; i < rows.length; i += 2000) {
    const chunk = rows.slice(i, i + 2000);
    await db
      .insertInto('import_rejection')
      .values(
        chunk.map((r) => ({
          job_id: jobId,
          row_number: r.rowNumber,
          reason: r.reason,
          message: r.message,
          data: JSON.stringify(r.data),
        })),
      )
      .execute();
  }
}

export type { ImportSummary };

/**
 * Ids reserved from the `id` sequences of some tables, for rows an import COPYs with their ids (so that
 * rows can point at each other before they are written): `counts[table]` ids for each table, ascending,
 * in one round trip. Each sequence is looked up once (a lookup per id, `nextval(pg_get_serial_sequence(…))`,
 * cost 70 ms per 5,000 ids, measured); `nextval` keeps them unique whatever else writes meanwhile.
 */
export async function reserveIds<T extends string>(
  db: DB,
  counts: Record<T, number>,
): Promise<Record<T, number[]>> {
  const tables = (Object.keys(counts) as T[]).filter((t) => counts[t] > 0);
  const ids = Object.fromEntries(Object.keys(counts).map((t) => [t, [] as number[]])) as Record<T, number[]>;
  if (!tables.length) return ids;
  const result = await sql<{ t: number; id: string }>`
    with s as materialized (
      select t, pg_get_serial_sequence(name, 'id')::regclass as seq, n
      from unnest(${tables}::text[], ${tables.map((t) => counts[t])}::int[]) with ordinality as u(name, n, t))
    select s.t, nextval(s.seq) as id from s cross join lateral generate_series(1, s.n) order by s.t, id`.execute(
    db,
  );
  for (const r of result.rows) ids[tables[Number(r.t) - 1]!].push(Number(r.id));
  return ids;
}
