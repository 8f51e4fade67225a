/**
 * What every part of `npm run bench` shares: settings, the databases a run works on, timing, medians
 * and the figure type. Only exports; bench/run.ts is the one entry.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { type Config, loadConfig } from '../src/server/config.ts';
import {
  type DatabaseHandle,
  migrateToLatest,
  openDatabase,
  openPostgres,
} from '../src/server/db/database.ts';
import { type Actor, SYSTEM_ACTOR } from '../src/server/http/guard.ts';
import { loadAreasIfEmpty } from '../src/server/modules/areas/areas.service.ts';
import { createJob, type Importer, runJob } from '../src/server/modules/imports/imports.service.ts';
import { createUser } from '../src/server/modules/users/users.service.ts';

export const BUSINESSES = Number(process.env.BENCH_BUSINESSES ?? 76_000);
export const REPEAT = Number(process.env.BENCH_REPEAT ?? 30);
export const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** BENCH_XLSX=0 leaves out the XLSX variant of each import (it doubles a run's time). */
export const WITH_XLSX = process.env.BENCH_XLSX !== '0';

export const config: Config = loadConfig({ BANGKIT_DEMO: '0', LOG_LEVEL: 'silent' }, 'bench');

/** `embedded`: the embedded PostgreSQL cluster, started for the run; `postgres`: the server in DATABASE_URL. */
export type Kind = 'embedded' | 'postgres';

/** The data files, written once before the runs from the deterministic demo generator. */
export interface BenchFiles {
  businesses: string;
  omzet: string;
  aid: string;
  /**
   * The same rows as XLSX; turnover in two workbooks, since a worksheet holds at most 1,048,576 rows,
   * and `omzetCsv` the same two halves as CSV: the XLSX import is compared with the same import from CSV.
   */
  xlsx?: { businesses: string; omzet: string[]; omzetCsv: string[]; aid: string };
}

/**
 * One measure of one run. `values` holds what was measured (seconds, milliseconds); across runs each
 * value becomes its median, with the fastest and slowest run beside it.
 */
export interface Figure {
  name: string;
  rows?: number;
  values: Record<string, number>;
}
export interface MedianFigure extends Figure {
  runs: number;
  ranges: Record<string, [min: number, max: number]>;
}

/** What a section of the bench gets in each run. */
export interface RunContext {
  kind: Kind;
  /** A folder of the run's own, removed after it. */
  dir: string;
  files: BenchFiles;
  /** The run's database: fresh, migrated, with the area data. */
  database: DatabaseHandle;
  /** The office's admin account in that database, who runs the imports as from the web app. */
  actor: Actor;
  /**
   * Another fresh database on the same server (migrated, area data loaded), made on first ask and
   * kept for the rest of the run under that name, e.g. to load the floor or the XLSX variant.
   */
  freshDatabase(name: string): Promise<DatabaseHandle>;
  log(...parts: unknown[]): void;
}

/**
 * A part of `npm run bench`: bench/run.ts runs the sections in order on each run's database (each
 * section sees what the ones before it left there), takes medians over the runs and prints each
 * section's table.
 */
export interface BenchSection {
  title: string;
  run(ctx: RunContext): Promise<Figure[]>;
  /** The section's Markdown table, from the medians. */
  table(figures: MedianFigure[]): string[];
}

export const time = async (f: () => Promise<unknown>) => {
  const t0 = performance.now();
  await f();
  return (performance.now() - t0) / 1000;
};

export function percentile(values: number[], p: number) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

/** p50 and p95 in milliseconds of REPEAT calls after one warm-up. */
export async function repeat(f: () => Promise<unknown>) {
  await f();
  const ms: number[] = [];
  for (let i = 0; i < REPEAT; i++) ms.push((await time(f)) * 1000);
  return { p50: percentile(ms, 50), p95: percentile(ms, 95) };
}

/** Each figure's values as the median over the runs, with the range beside it. */
export function medians(runs: Figure[][]): MedianFigure[] {
  return runs[0]!.map((first, i) => {
    const all = runs.map((figures) => figures[i]!);
    const values: Record<string, number> = {};
    const ranges: Record<string, [number, number]> = {};
    for (const key of Object.keys(first.values)) {
      const measured = all.map((f) => f.values[key]!);
      values[key] = percentile(measured, 50);
      ranges[key] = [Math.min(...measured), Math.max(...measured)];
    }
    return { ...first, values, ranges, runs: runs.length };
  });
}

export const seconds = (x: number | undefined, digits = 1) =>
  x === undefined ? '' : `${x.toFixed(digits)} s`;

/** A real admin account: imports record who ran them, which costs what it costs in production. */
export async function benchAdmin(database: DatabaseHandle): Promise<Actor> {
  const { user } = await createUser(database.db, config, null, SYSTEM_ACTOR, {
    email: 'admin@bench.local',
    name: 'Admin Bench',
    role: 'admin',
    password: 'bench-password-not-used',
  });
  return { id: user.id, label: user.email };
}

/** One import through the real importer, as the server's worker runs it; the wall time of the job. */
export async function importTimed(
  database: DatabaseHandle,
  actor: Actor,
  importer: Importer,
  file: string,
  params: Record<string, unknown> = {},
) {
  const job = await createJob(
    database,
    importer,
    { path: file, name: path.basename(file) },
    actor,
    null,
    params,
  );
  let summary: unknown;
  const seconds = await time(async () => {
    summary = await runJob({ database, config }, importer, job, file, actor, null);
  });
  return { seconds, summary, jobId: job.id };
}

/** The same server's database `name`, for a connection string or settings object. */
function connectionTo(connection: DatabaseHandle['connection'], name: string): DatabaseHandle['connection'] {
  if (typeof connection !== 'string') return { ...connection, database: name };
  const url = new URL(connection);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A plain pg client on the handle's database (for COPY … TO STDOUT and one-transaction loads). */
export async function clientOf(database: DatabaseHandle): Promise<pg.Client> {
  const { connection } = database;
  const client = new pg.Client(
    typeof connection === 'string' ? { connectionString: connection } : connection,
  );
  await client.connect();
  return client;
}

async function prepare(database: DatabaseHandle) {
  await migrateToLatest(database.db);
  await loadAreasIfEmpty(database.db);
}

/**
 * The databases of one run: on `embedded`, a cluster of its own under `dir` (as root, run by the
 * `postgres` system user, so `dir` must be enterable: see run.ts); on `postgres`, databases made on the
 * server of DATABASE_URL. Extra databases live on the same server and go with the run.
 */
export async function openRun(kind: Kind, dir: string) {
  let main: DatabaseHandle;
  let dropMain = async () => {};
  let admin: DatabaseHandle;
  if (kind === 'postgres') {
    admin = openPostgres(process.env.DATABASE_URL!);
    await sql`drop database if exists bangkit_bench with (force)`.execute(admin.db);
    await sql`create database bangkit_bench`.execute(admin.db);
    main = openPostgres(connectionTo(process.env.DATABASE_URL!, 'bangkit_bench'));
    dropMain = async () => {
      await sql`drop database if exists bangkit_bench with (force)`.execute(admin.db);
    };
  } else {
    main = await openDatabase({ databaseUrl: undefined, dataDir: dir }, { role: 'server' });
    admin = main;
  }
  await prepare(main);
  const extra = new Map<string, DatabaseHandle>();
  const dbName = (name: string) => `bangkit_bench_${name}`;
  return {
    database: main,
    async freshDatabase(name: string) {
      const known = extra.get(name);
      if (known) return known;
      if (!/^[a-z_]+$/.test(name)) throw new Error(`bad database name ${name}`);
      await sql`drop database if exists ${sql.id(dbName(name))} with (force)`.execute(admin.db);
      await sql`create database ${sql.id(dbName(name))}`.execute(admin.db);
      const handle = openPostgres(connectionTo(main.connection, dbName(name)), { kind: main.kind });
      await prepare(handle);
      extra.set(name, handle);
      return handle;
    },
    async close() {
      for (const [name, handle] of extra) {
        await handle.close();
        await sql`drop database if exists ${sql.id(dbName(name))} with (force)`.execute(admin.db);
      }
      if (kind === 'postgres') {
        await main.close();
        await dropMain();
        await admin.close();
      } else await main.close();
    },
  };
}

export function removeDir(dir: string) {
  fs.rmSync(dir, { recursive: true, force: true });
}
