import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { makeDataDir } from '../../../test/support/data-dir.ts';
import { databaseUrlFor } from '../../../test/support/database-url.ts';
import { loadConfig } from '../../server/config.ts';
import { type DatabaseHandle, openDatabase, openPostgres } from '../../server/db/database.ts';
import { applicantsCsv, makeApplicant } from '../../server/modules/aid/aid.fixtures.ts';
import { createProgram } from '../../server/modules/aid/aid.service.ts';

/*
 * Runs the real `bangkit aid …` commands (node bin/bangkit.js), each database of its own: an empty
 * embedded data directory, or a fresh database on the server in DATABASE_URL. Among them the promise
 * of an import: killed with SIGKILL while reading or while saving, it leaves nothing, and running it
 * again gives what an uninterrupted run gives.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = path.join(ROOT, 'bin/bangkit.js');
const SPAWN_TIMEOUT = 90_000;
const budget = (spawns: number) => spawns * SPAWN_TIMEOUT + 30_000;
const serverUrl = process.env.DATABASE_URL;
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

interface Target {
  env: NodeJS.ProcessEnv;
  open(): Promise<DatabaseHandle>;
}

/** A database of its own for spawned commands, removed after the file's tests. */
async function newTarget(): Promise<Target> {
  const dataDir = makeDataDir('bangkit-aid-cli-');
  const env: NodeJS.ProcessEnv = { ...process.env, BANGKIT_DATA_DIR: dataDir };
  let databaseUrl: string | undefined;
  if (serverUrl) {
    const name = `bangkit_cli_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    databaseUrl = databaseUrlFor(serverUrl, name);
    env.DATABASE_URL = databaseUrl;
    await onServer(sql`create database ${sql.id(name)}`);
    cleanups.push(() => onServer(sql`drop database if exists ${sql.id(name)} with (force)`));
  } else delete env.DATABASE_URL;
  cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
  return { env, open: () => openDatabase({ databaseUrl, dataDir }) };
}

async function onServer(statement: ReturnType<typeof sql>) {
  const admin = openPostgres(serverUrl!);
  try {
    await statement.execute(admin.db);
  } finally {
    await admin.close();
  }
}

interface Run {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  /** Resolves when stderr has printed a line matching `pattern`. */
  stderrLine(pattern: RegExp): Promise<void>;
}

function start(target: Target, ...args: string[]): Run {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: target.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: SPAWN_TIMEOUT,
    killSignal: 'SIGKILL',
  });
  let stdout = '';
  let stderr = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  child.stdout!.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
    for (const w of [...waiters]) {
      if (w.pattern.test(stderr)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  });
  const done = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return {
    child,
    done,
    stderrLine: (pattern) =>
      new Promise<void>((resolve, reject) => {
        if (pattern.test(stderr)) return resolve();
        waiters.push({ pattern, resolve });
        void done.then(() => reject(new Error(`the command ended before printing ${pattern}:\n${stderr}`)));
      }),
  };
}

const bangkit = (target: Target, ...args: string[]) => start(target, ...args).done;

async function withTarget<T>(target: Target, task: (handle: DatabaseHandle) => Promise<T>) {
  const handle = await target.open();
  try {
    return await task(handle);
  } finally {
    await handle.close();
  }
}

function writeFile(name: string, content: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bangkit-aid-file-'));
  cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

const counts = (handle: DatabaseHandle) =>
  Promise.all(
    (['aid_proposal', 'aid_intake_row', 'owner', 'business'] as const).map(
      async (table) =>
        (
          await handle.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
    ),
  );

describe('bangkit aid', () => {
  it(
    'creates a program, imports applicants with a summary, and sums the proposals up',
    async () => {
      const target = await newTarget();
      const created = await bangkit(
        target,
        'aid',
        'program',
        'create',
        '--code',
        'bpum2020',
        '--name',
        'Banpres Produktif Usaha Mikro',
        '--amount',
        '2.400.000',
        '--json',
      );
      expect(created.code).toBe(0);
      expect(JSON.parse(created.stdout)).toMatchObject({
        code: 'BPUM2020',
        amount: 2_400_000,
        areaCode: '36.71',
      });

      const file = writeFile(
        'usulan.csv',
        applicantsCsv([
          makeApplicant(1),
          makeApplicant(2, { kode_kelurahan: '36.71.07.1001', pekerjaan: 'PNS' }),
          makeApplicant(1),
          makeApplicant(3, { no_hp: '0' }),
          makeApplicant(4, { kode_kelurahan_ktp: '3671071001' }),
        ]),
      );
      const officerId = await withTarget(target, async ({ db }) => {
        const officer = await db
          .insertInto('app_user')
          .values({
            email: 'bantuan@dinas.example',
            name: 'Bidang Bantuan',
            role: 'admin',
            password_hash: 'x',
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        return officer.id;
      });
      const imported = await bangkit(
        target,
        'aid',
        'import',
        file,
        '--program',
        'BPUM2020',
        '--as',
        'bantuan@dinas.example',
        '--json',
      );
      expect(imported.code).toBe(0);
      expect(JSON.parse(imported.stdout)).toEqual({
        total: 5,
        eligible: 2,
        ineligible: 1,
        duplicate: 1,
        invalid: 1,
        reasons: { phone_invalid: 1, duplicate_in_file: 1, occupation_excluded: 1 },
        warnings: { needs_sku: 1 },
        rejectedStored: 3,
        rejectedLimit: 10_000,
        rejectedCapped: false,
      });

      const summary = await bangkit(target, 'aid', 'summary', '--program', 'BPUM2020', '--json');
      expect(summary.code).toBe(0);
      const s = JSON.parse(summary.stdout);
      expect(Object.keys(s)).toEqual(['program', 'total', 'byState', 'byKecamatan']);
      expect(s).toMatchObject({
        program: 'BPUM2020',
        total: 3,
        byState: { submitted: 2, ineligible: 1, approved: 0 },
        byKecamatan: [
          { code: '36.71.05', name: 'Cipondoh', total: 2, byState: { submitted: 2 } },
          { code: '36.71.07', name: 'Karawaci', total: 1, byState: { ineligible: 1 } },
        ],
      });

      const unknown = await bangkit(target, 'aid', 'import', file, '--program', 'NOPE');
      expect(unknown.code).toBe(1);
      expect(unknown.stdout).toBe('');
      expect(unknown.stderr).toMatch(/^error: Program bantuan "NOPE" tidak ditemukan\.$/m);
      const headers = await bangkit(
        target,
        'aid',
        'import',
        writeFile('x.csv', 'nik,nama\n1,2\n'),
        '--program',
        'BPUM2020',
      );
      expect(headers.code).toBe(1);
      expect(headers.stderr).toMatch(/^error: Kolom wajib tidak ada: no_kk/m);
      await withTarget(target, async (handle) => {
        // The ineligible applicant (Karawaci) enters neither owner nor business into the registry.
        expect(await counts(handle)).toEqual([3, 5, 2, 2]);
        // Recorded for the account --as named: the job and the import's audit entry.
        const job = await handle.db
          .selectFrom('import_job')
          .select(['created_by', 'created_by_label'])
          .where('kind', '=', 'aid')
          .where('status', '=', 'done')
          .executeTakeFirstOrThrow();
        expect(job).toEqual({ created_by: officerId, created_by_label: 'bantuan@dinas.example' });
        const audit = await handle.db
          .selectFrom('audit_log')
          .select('actor_id')
          .where('action', '=', 'import')
          .execute();
        expect(audit).toEqual([{ actor_id: officerId }]);
      });
    },
    budget(6),
  );

  it(
    'leaves nothing of an import killed while reading or while saving; the re-run equals an uninterrupted run',
    async () => {
      const rows = Array.from({ length: 12_000 }, (_, i) => {
        if (i % 33 === 5) return makeApplicant(i, { menerima_kur: 'kadang' }); // ~3 % invalid
        if (i % 50 === 7) return makeApplicant(i - 6); // ~2 % duplicates of an earlier row
        if (i % 20 === 3) return makeApplicant(i, { pekerjaan: 'Polri' });
        return makeApplicant(i, { kode_kelurahan: i % 2 ? '36.71.05.1001' : '36.71.07.1001' });
      });
      const file = writeFile('usulan-besar.csv', applicantsCsv(rows));
      const config = loadConfig({ BANGKIT_DEMO: '0' }, 'test');
      const withProgram = async (target: Target) => {
        // The first command migrates the database; the program is then made in this process.
        expect((await bangkit(target, 'aid', 'program', 'list')).code).toBe(0);
        await withTarget(target, (handle) =>
          createProgram(
            handle.db,
            config,
            null,
            { id: null, label: 'test' },
            { code: 'BPUM2020', name: 'Banpres', amount: 2_400_000 },
          ),
        );
      };

      const fresh = await newTarget();
      await withProgram(fresh);
      const uninterrupted = await bangkit(fresh, 'aid', 'import', file, '--program', 'BPUM2020', '--json');
      expect(uninterrupted.code).toBe(0);
      const expected = JSON.parse(uninterrupted.stdout);
      expect(expected).toMatchObject({
        total: 12_000,
        invalid: expect.any(Number),
        duplicate: expect.any(Number),
      });
      expect(expected.invalid).toBeGreaterThan(300);
      expect(expected.duplicate).toBeGreaterThan(200);

      const target = await newTarget();
      await withProgram(target);
      for (const moment of [/rows read/, /saving/]) {
        const run = start(target, 'aid', 'import', file, '--program', 'BPUM2020', '--json');
        await run.stderrLine(moment);
        run.child.kill('SIGKILL');
        const killed = await run.done;
        expect(killed.signal).toBe('SIGKILL');
        expect(killed.stdout).toBe('');
        await withTarget(target, async (handle) => {
          expect(await counts(handle)).toEqual([0, 0, 0, 0]);
          const jobs = await handle.db.selectFrom('import_job').select('status').execute();
          expect(jobs.every((j) => j.status !== 'done')).toBe(true);
        });
      }

      const again = await bangkit(target, 'aid', 'import', file, '--program', 'BPUM2020', '--json');
      expect(again.code).toBe(0);
      expect(JSON.parse(again.stdout)).toEqual(expected);
      await withTarget(target, async (handle) => {
        const [proposals, intake] = await counts(handle);
        expect(proposals).toBe(expected.eligible + expected.ineligible);
        expect(intake).toBe(12_000);
        // The killed runs' jobs were failed and their staging tables dropped by the next command.
        const jobs = await handle.db
          .selectFrom('import_job')
          .select(['status', 'error'])
          .orderBy('id')
          .execute();
        expect(jobs.map((j) => j.status)).toEqual(['failed', 'failed', 'done']);
        expect(jobs[0]!.error).toMatchObject({ code: 'ImportInterrupted' });
        const stages = await sql<{ n: number }>`
          select count(*)::int as n from pg_tables where tablename like 'import_stage_%'`.execute(handle.db);
        expect(stages.rows[0]!.n).toBe(0);
      });
    },
    budget(9),
  );
});
