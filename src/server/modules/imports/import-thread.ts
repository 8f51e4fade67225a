import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Config } from '../../config.ts';
import type { DatabaseHandle, DatabaseKind } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';
import type { Actor, SessionUser } from '../../http/guard.ts';
import type { ImportJobRow, ImportSummary } from './imports.table.ts';

/** What a worker thread needs to run one job: all of it plain data. */
export interface WorkerJob {
  connection: DatabaseHandle['connection'];
  kind: DatabaseKind;
  config: Config;
  importer: string;
  job: ImportJobRow;
  filePath: string;
  actor: Actor;
  by: SessionUser | null;
}

export type WorkerOutcome =
  | { ok: true; summary: ImportSummary }
  | {
      ok: false;
      appError: { code: string; status: number; message: string; details?: Record<string, unknown> };
    }
  | { ok: false; error: string };

/** A worker may use this much heap: a job streams its file, so it needs far less. */
const WORKER_HEAP_MB = 1024;

/**
 * Runs one import job in a worker thread and resolves with its summary; rejects with the job's AppError
 * (a refused file) or an Error. The worker is the built `import-worker.js` beside the server bundle, or,
 * from source, `import-worker.ts` loaded through tsx.
 */
export function runJobInWorker(
  deps: { database: DatabaseHandle; config: Config },
  importer: string,
  job: ImportJobRow,
  filePath: string,
  actor: Actor,
  by: SessionUser | null,
): Promise<ImportSummary> {
  const data: WorkerJob = {
    connection: deps.database.connection,
    kind: deps.database.kind,
    config: { ...deps.config },
    importer,
    job,
    filePath,
    actor,
    by,
  };
  const worker = spawnWorker(data);
  return new Promise((resolve, reject) => {
    let outcome: WorkerOutcome | undefined;
    worker.once('message', (message: WorkerOutcome) => {
      outcome = message;
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!outcome) return reject(new Error(`import worker exited with code ${code} before finishing`));
      if (outcome.ok) return resolve(outcome.summary);
      if ('appError' in outcome) {
        const { code: errorCode, status, message, details } = outcome.appError;
        return reject(new AppError(errorCode, status, message, details));
      }
      reject(new Error(`import worker failed: ${outcome.error}`));
    });
  });
}

function spawnWorker(workerData: WorkerJob): Worker {
  const options = { workerData, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } };
  if (!import.meta.url.endsWith('.ts'))
    return new Worker(new URL('./import-worker.js', import.meta.url), options);
  // From source (development, tests): the worker registers tsx before it loads the TypeScript entry.
  const tsx = tsxEsmApi();
  const entry = new URL('./import-worker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}

/** tsx's ESM register API (its CommonJS twin resolves its hooks wrongly when loaded in a worker). */
function tsxEsmApi(): string {
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const { exports } = JSON.parse(fs.readFileSync(manifest, 'utf8'));
  return pathToFileURL(path.join(path.dirname(manifest), exports['./esm/api'].import.default)).href;
}
