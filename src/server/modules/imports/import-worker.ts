import { parentPort, workerData } from 'node:worker_threads';
import { openPostgres } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';
import type { WorkerJob, WorkerOutcome } from './import-thread.ts';
import { IMPORTERS } from './importers.ts';

/*
 * A worker thread's whole life: one import job, from reading the file to the merge, on a connection pool
 * of its own, so that parsing and validating a 76,000-row file never holds up the server's requests.
 */

const input = workerData as WorkerJob;
const database = openPostgres(input.connection, { kind: input.kind });
let outcome: WorkerOutcome;
try {
  const { runJob } = await import('./imports.service.ts');
  const importer = IMPORTERS[input.importer];
  if (!importer) throw new Error(`unknown importer ${input.importer}`);
  const summary = await runJob(
    { database, config: input.config },
    importer,
    input.job,
    input.filePath,
    input.actor,
    input.by,
  );
  outcome = { ok: true, summary };
} catch (err) {
  outcome =
    err instanceof AppError
      ? {
          ok: false,
          appError: { code: err.code, status: err.status, message: err.message, details: err.details },
        }
      : { ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
} finally {
  await database.close();
}
parentPort!.postMessage(outcome!);
