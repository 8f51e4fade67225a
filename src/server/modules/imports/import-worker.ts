import { parentPort } from 'node:worker_threads';
import { type DatabaseHandle, openPostgres } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';
import type { WorkerJob, WorkerOutcome, WorkerReply, WorkerRequest } from './import-thread.ts';
import { IMPORTERS } from './importers.ts';
import { runJob } from './imports.service.ts';

/*
 * The import thread (see import-thread.ts): runs each job it is sent, from reading the file to the merge,
 * on a connection pool of its own, and answers with the summary or the error.
 */

const port = parentPort!;
const pools = new Map<string, DatabaseHandle>();

function databaseFor(job: WorkerJob): DatabaseHandle {
  const key = JSON.stringify(job.connection);
  let database = pools.get(key);
  if (!database) {
    database = openPostgres(job.connection, { kind: job.kind });
    pools.set(key, database);
  }
  return database;
}

async function run(job: WorkerJob): Promise<WorkerOutcome> {
  try {
    const importer = IMPORTERS.get(job.importer);
    if (!importer) throw new Error(`unknown importer ${job.importer}`);
    const database = databaseFor(job);
    const summary = await runJob(
      { database, config: job.config },
      importer,
      job.job,
      job.filePath,
      job.actor,
      job.by,
    );
    return { ok: true, summary };
  } catch (err) {
    if (err instanceof AppError) {
      return {
        ok: false,
        appError: { code: err.code, status: err.status, message: err.message, details: err.details },
      };
    }
    return { ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
}

port.on('message', async (request: WorkerRequest) => {
  if (request.type === 'close') {
    for (const database of pools.values()) await database.close();
    port.close();
    return;
  }
  port.postMessage({ id: request.id, ...(await run(request.job)) } satisfies WorkerReply);
});
