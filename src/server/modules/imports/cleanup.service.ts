import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config.ts';
import type { DatabaseHandle } from '../../db/database.ts';
import { dropStageTable, interruptedJobs, purgeRejections, stageTables } from './imports.repository.ts';
import { isAlive, recoverInterruptedJobs, UPLOAD_NAME, uploadsDir } from './imports.service.ts';

/*
 * What a process killed mid-import leaves behind, and what ages out: the server tidies both at start,
 * and purges aged rejected rows once a day while it runs.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

export interface CleanupReport {
  /** Jobs left queued or running by a dead process, now failed. */
  interruptedJobs: number;
  /** Staging tables whose job is no longer running, now dropped. */
  stageTables: number;
  /** Upload files of a process that is gone, now deleted. */
  uploads: number;
  /** Rejected rows of jobs that ended more than the retention period ago, now deleted. */
  rejectedRows: number;
}

/** At start: fails the interrupted jobs, drops leftover staging tables and upload files, purges aged rejected rows. */
export async function cleanUpImports(database: DatabaseHandle, config: Config): Promise<CleanupReport> {
  const interrupted = await recoverInterruptedJobs(database);
  return {
    interruptedJobs: interrupted,
    stageTables: await dropOrphanStageTables(database),
    uploads: removeStaleUploads(config),
    rejectedRows: await purgeAgedRejections(database, config),
  };
}

/**
 * Staging tables whose job is not queued or running (a process killed between the merge's commit and
 * the drop, or one whose job row was removed): a live job's table, the command line's included, stays.
 */
export async function dropOrphanStageTables(database: DatabaseHandle): Promise<number> {
  const live = new Set((await interruptedJobs(database.db)).map((j) => j.id));
  let dropped = 0;
  for (const { table, jobId } of await stageTables(database.db)) {
    if (live.has(jobId)) continue;
    await dropStageTable(database.db, table);
    dropped += 1;
  }
  return dropped;
}

/**
 * Upload files (`<time>-<pid>-<random>` directly in the uploads folder) of processes that are gone, and
 * of this process's pid before it took any upload (a pid reused after a restart). Folders (the aid
 * module's attachments) and files of another live process (a second server on the same DATABASE_URL)
 * are left alone.
 */
export function removeStaleUploads(config: Config): number {
  const dir = uploadsDir(config);
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  let removed = 0;
  for (const entry of entries) {
    const pid = entry.isFile() ? UPLOAD_NAME.exec(entry.name)?.groups?.pid : undefined;
    if (pid === undefined) continue;
    if (Number(pid) !== process.pid && isAlive(Number(pid))) continue;
    fs.rmSync(path.join(dir, entry.name), { force: true });
    removed += 1;
  }
  return removed;
}

/** Deletes the rejected rows of jobs that ended more than `rejectedRetentionDays` ago. */
export async function purgeAgedRejections(
  database: DatabaseHandle,
  config: Pick<Config, 'rejectedRetentionDays'>,
  now = new Date(),
): Promise<number> {
  return purgeRejections(database.db, new Date(now.getTime() - config.rejectedRetentionDays * DAY_MS));
}

/** Purges aged rejected rows once a day; the returned function stops it (the server calls it on close). */
export function scheduleRejectionPurge(
  database: DatabaseHandle,
  config: Config,
  onError: (err: unknown) => void,
): () => void {
  const timer = setInterval(() => {
    purgeAgedRejections(database, config).catch(onError);
  }, DAY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
