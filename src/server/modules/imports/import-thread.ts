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

/** What the worker thread needs to run one job: all of it plain data. */
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

export type WorkerRequest = { type: 'job'; id: number; job: WorkerJob } | { type: 'close' };

export type WorkerOutcome =
  | { ok: true; summary: ImportSummary }
  | {
      ok: false;
      appError: { code: string; status: number; message: string; details?: Record<string, unknown> };
    }
  | { ok: false; error: string };

export type WorkerReply = WorkerOutcome & { id: number };

/** The worker's heap limit: a job streams its file, so it needs far less. */
const WORKER_HEAP_MB = 1024;
/** A worker left without work this long exits, giving its memory back; the next job starts a new one. */
const IDLE_MS = 60_000;

/**
 * The server's import thread: one worker, started with the first job and kept while jobs come (starting
 * one costs a few hundred milliseconds, more from source), that reads, validates, stages and merges each
 * file on its own connections, so the server's event loop only waits for the answer.
 */
export class ImportWorker {
  #worker: Worker | undefined;
  #pending = new Map<number, { resolve: (s: ImportSummary) => void; reject: (e: Error) => void }>();
  #seq = 0;
  #idle: NodeJS.Timeout | undefined;

  run(job: WorkerJob): Promise<ImportSummary> {
    clearTimeout(this.#idle);
    const worker = this.#ensure();
    const id = ++this.#seq;
    return new Promise<ImportSummary>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ type: 'job', id, job } satisfies WorkerRequest);
    }).finally(() => {
      if (this.#pending.size === 0) {
        this.#idle = setTimeout(() => void this.close(), IDLE_MS);
        this.#idle.unref();
      }
    });
  }

  /** Lets the worker close its connections and exit. */
  async close() {
    clearTimeout(this.#idle);
    const worker = this.#worker;
    if (!worker) return;
    this.#worker = undefined;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.postMessage({ type: 'close' } satisfies WorkerRequest);
    const timer = setTimeout(() => void worker.terminate(), 10_000);
    await exited;
    clearTimeout(timer);
  }

  #ensure(): Worker {
    if (this.#worker) return this.#worker;
    const worker = spawnWorker();
    worker.on('message', (reply: WorkerReply) => {
      const waiting = this.#pending.get(reply.id);
      if (!waiting) return;
      this.#pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply.summary);
      else if ('appError' in reply) {
        const { code, status, message, details } = reply.appError;
        waiting.reject(new AppError(code, status, message, details));
      } else waiting.reject(new Error(`import worker: ${reply.error}`));
    });
    const lost = (reason: string) => {
      if (this.#worker === worker) this.#worker = undefined;
      for (const waiting of this.#pending.values()) waiting.reject(new Error(reason));
      this.#pending.clear();
    };
    worker.on('error', (err) => lost(`import worker failed: ${err.stack ?? err.message}`));
    worker.on('exit', (code) => lost(`import worker exited with code ${code}`));
    this.#worker = worker;
    return worker;
  }
}

/** Builds the plain-data job for the worker from the server's dependencies. */
export function workerJob(
  deps: { database: DatabaseHandle; config: Config },
  job: Omit<WorkerJob, 'connection' | 'kind' | 'config'>,
): WorkerJob {
  return {
    connection: deps.database.connection,
    kind: deps.database.kind,
    config: { ...deps.config },
    ...job,
  };
}

/** The built `import-worker.js` beside the server bundle, or, from source, `import-worker.ts` through tsx. */
function spawnWorker(): Worker {
  const options = { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } };
  if (!import.meta.url.endsWith('.ts'))
    return new Worker(new URL('./import-worker.js', import.meta.url), options);
  const entry = new URL('./import-worker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsxEsmApi())}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}

/** tsx's ESM register API (its CommonJS twin resolves its hooks wrongly when loaded in a worker). */
function tsxEsmApi(): string {
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const { exports } = JSON.parse(fs.readFileSync(manifest, 'utf8'));
  return pathToFileURL(path.join(path.dirname(manifest), exports['./esm/api'].import.default)).href;
}
