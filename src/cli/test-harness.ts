import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll } from 'vitest';
import { makeDataDir } from '../../test/support/data-dir.ts';
import { databaseUrlFor } from '../../test/support/database-url.ts';
import { type DatabaseHandle, openDatabase, openPostgres } from '../server/db/database.ts';

/*
 * For the CLI tests: runs the real `bangkit` command (node bin/bangkit.js) against a database of its
 * own. Each spawn costs a few seconds (tsx, then opening the database), so a test file shares its
 * database between its tests, which build on each other in order.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin/bangkit.js');
/** A spawned command gets this long before it is killed; a busy 2-core CI machine needs up to ~30 s. */
const SPAWN_TIMEOUT = 60_000;

/** A test's timeout: its spawns, plus opening the database in this process. */
export const budget = (spawns: number) => spawns * SPAWN_TIMEOUT + 30_000;

export const lines = (text: string) => text.trimEnd().split('\n');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliTarget {
  /** True when the database is on the PostgreSQL server in DATABASE_URL, false when embedded. */
  readonly onPostgres: boolean;
  /** Runs `bangkit …args` against this database. */
  bangkit(...args: string[]): Promise<CliResult>;
  /** The same database the command uses, opened in this process. */
  withTarget<T>(task: (handle: DatabaseHandle) => Promise<T>): Promise<T>;
}

/**
 * A database for spawned commands, made before the file's tests and removed after them: an empty
 * embedded data directory, or a fresh database on the server in DATABASE_URL.
 */
export function cliDatabase(): CliTarget {
  const serverUrl = process.env.DATABASE_URL;
  const databaseName = `bangkit_cli_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const databaseUrl = serverUrl ? databaseUrlFor(serverUrl, databaseName) : undefined;
  let dataDir = '';

  beforeAll(async () => {
    dataDir = makeDataDir('bangkit-cli-');
    if (serverUrl) await onServer(serverUrl, sql`create database ${sql.id(databaseName)}`);
  });

  afterAll(async () => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (serverUrl)
      await onServer(serverUrl, sql`drop database if exists ${sql.id(databaseName)} with (force)`);
  });

  return {
    onPostgres: Boolean(serverUrl),
    bangkit(...args) {
      const env: NodeJS.ProcessEnv = { ...process.env, BANGKIT_DATA_DIR: dataDir };
      if (databaseUrl) env.DATABASE_URL = databaseUrl;
      else delete env.DATABASE_URL;
      return run(args, env);
    },
    async withTarget(task) {
      const handle = await openDatabase({ databaseUrl, dataDir });
      try {
        return await task(handle);
      } finally {
        await handle.close();
      }
    },
  };
}

async function onServer(serverUrl: string, statement: ReturnType<typeof sql>) {
  const admin = openPostgres(serverUrl);
  try {
    await statement.execute(admin.db);
  } finally {
    await admin.close();
  }
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: SPAWN_TIMEOUT,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
