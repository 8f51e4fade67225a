import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { makeDataDir } from '../../../../test/support/data-dir.ts';
import { loadConfig } from '../../config.ts';
import {
  cleanUpImports,
  purgeAgedRejections,
  removeStaleUploads,
  scheduleRejectionPurge,
} from './cleanup.service.ts';
import {
  findJob,
  finishJob,
  insertJob,
  insertRejections,
  setJobProgress,
  setJobStatus,
  stageTables,
} from './imports.repository.ts';
import { stageTableOf, uploadsDir } from './imports.service.ts';

/* What a killed process leaves behind is cleaned at start; rejected rows age out. */

let t: TestApp;
let dataDir: string;
/** The pid of a process that has exited: its jobs and uploads are leftovers. */
const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
/** A live process other than this one (the test runner's parent): its jobs and uploads are in use. */
const livePid = process.ppid;
const DAY = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  dataDir = makeDataDir('bangkit-cleanup-');
  t = await createTestApp({ BANGKIT_DATA_DIR: dataDir });
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});
afterEach(() => {
  vi.useRealTimers();
});

async function job(runnerPid: number, status: 'queued' | 'running' | 'done' | 'failed' = 'running') {
  const row = await insertJob(t.db, {
    kind: 'businesses',
    fileName: 'usaha.csv',
    params: { runner: { host: os.hostname(), pid: runnerPid } },
    createdBy: null,
    createdByLabel: 'test',
    totalBytes: 1000,
  });
  if (status === 'done') await finishJob(t.db, row.id, { total: 0 });
  else await setJobStatus(t.db, row.id, status);
  return row.id;
}

const stageTable = (name: string) => sql`create unlogged table ${sql.table(name)} (x int)`.execute(t.db);

async function rejected(jobId: number, endedDaysAgo: number, rows = 3) {
  await insertRejections(
    t.db,
    jobId,
    Array.from({ length: rows }, (_, i) => ({
      rowNumber: i + 2,
      reason: 'NikInvalid',
      message: 'NIK tidak valid',
      data: { nik: '123' },
    })),
  );
  await t.db
    .updateTable('import_job')
    .set({ finished_at: new Date(Date.now() - endedDaysAgo * DAY) })
    .where('id', '=', jobId)
    .execute();
}

const rejectionCount = async (jobId: number) =>
  Number(
    (
      await t.db
        .selectFrom('import_rejection')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('job_id', '=', jobId)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('cleaning up after a killed process, at start', () => {
  it('fails the dead process’s running job and drops every leftover staging table and upload file; what is live stays', async () => {
    const dead = await job(deadPid);
    const live = await job(livePid);
    const finished = await job(deadPid, 'done');
    for (const id of [dead, live, finished]) await stageTable(stageTableOf(id));
    await stageTable(stageTableOf(999_999)); // its job is gone

    const uploads = uploadsDir(t.config);
    fs.mkdirSync(path.join(uploads, 'aid', '7'), { recursive: true });
    const started = Date.now();
    const upload = (pid: number) => path.join(uploads, `${started}-${pid}-k3x9q`);
    fs.writeFileSync(upload(deadPid), 'nik,nama\n');
    fs.writeFileSync(upload(livePid), 'nik,nama\n');
    fs.writeFileSync(path.join(uploads, 'aid', '7', 'surat.pdf'), '%PDF');
    fs.writeFileSync(path.join(uploads, 'catatan.txt'), 'not an upload');

    const report = await cleanUpImports(t.database, t.config);

    // The failed job's table goes with it; the finished job's and the one without a job are orphans.
    expect(report).toMatchObject({ interruptedJobs: 1, stageTables: 2, uploads: 1 });
    expect(await findJob(t.db, dead)).toMatchObject({
      status: 'failed',
      error: { code: 'ImportInterrupted' },
      finished_at: expect.any(Date),
    });
    expect((await findJob(t.db, live))?.status).toBe('running');
    expect((await stageTables(t.db)).map((s) => s.jobId)).toEqual([live]);
    expect(fs.existsSync(upload(deadPid))).toBe(false);
    expect(fs.existsSync(upload(livePid))).toBe(true);
    expect(fs.existsSync(path.join(uploads, 'aid', '7', 'surat.pdf'))).toBe(true);
    expect(fs.existsSync(path.join(uploads, 'catatan.txt'))).toBe(true);

    // A second start finds nothing more to do.
    expect(await cleanUpImports(t.database, t.config)).toMatchObject({
      interruptedJobs: 0,
      stageTables: 0,
      uploads: 0,
    });
  });

  it('treats an upload named with its own pid as a leftover (the pid of a process that died, reused)', async () => {
    const mine = path.join(uploadsDir(t.config), `${Date.now()}-${process.pid}-abc`);
    fs.writeFileSync(mine, 'x');
    expect(removeStaleUploads(t.config)).toBe(1);
    expect(fs.existsSync(mine)).toBe(false);
  });
});

describe('a finished job’s progress', () => {
  it('is final: every byte and every row, whatever the last progress report said', async () => {
    const id = await job(process.pid, 'running');
    await setJobProgress(t.db, id, 10, 3);
    await finishJob(t.db, id, { total: 7 });
    expect(await findJob(t.db, id)).toMatchObject({ status: 'done', bytes_read: 1000, rows_read: 7 });
  });
});

describe('rejected rows past the retention period', () => {
  it('are purged (default 90 days); younger ones stay', async () => {
    const old = await job(deadPid, 'done');
    const recent = await job(deadPid, 'done');
    await rejected(old, 91);
    await rejected(recent, 10);

    expect(t.config.rejectedRetentionDays).toBe(90);
    const report = await cleanUpImports(t.database, t.config);
    expect(report.rejectedRows).toBe(3);
    expect(await rejectionCount(old)).toBe(0);
    expect(await rejectionCount(recent)).toBe(3);

    // BANGKIT_REJECTED_RETENTION_DAYS shortens it.
    const week = loadConfig({ BANGKIT_REJECTED_RETENTION_DAYS: '7' });
    expect(await purgeAgedRejections(t.database, week)).toBe(3);
    expect(await rejectionCount(recent)).toBe(0);
  });

  it('are purged daily while the server runs, until it closes', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const stop = scheduleRejectionPurge(t.database, t.config, (err) => {
      throw err;
    });
    const old = await job(deadPid, 'done');
    await rejected(old, 100);
    expect(vi.getTimerCount()).toBe(1);

    vi.advanceTimersByTime(DAY);
    await vi.waitFor(async () => expect(await rejectionCount(old)).toBe(0), {
      timeout: 120_000,
      interval: 50,
    });

    stop();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects a retention period that is not a whole number of days of at least one', () => {
    expect(() => loadConfig({ BANGKIT_REJECTED_RETENTION_DAYS: '0' })).toThrow(/REJECTED_RETENTION_DAYS/);
    expect(() => loadConfig({ BANGKIT_REJECTED_RETENTION_DAYS: 'lama' })).toThrow(/REJECTED_RETENTION_DAYS/);
  });
});
