import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, type LogConfig, PGliteDialect, PostgresDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Config } from '../config.ts';
import { migrations } from './migrations/index.ts';
import type { Database } from './schema.ts';

export type DB = Kysely<Database>;
export type DatabaseKind = 'embedded' | 'postgres';

export interface DatabaseHandle {
  readonly db: DB;
  readonly kind: DatabaseKind;
  close(): Promise<void>;
  /** Embedded only: the whole data directory as a tarball (tests clone a migrated template from it). */
  dump?(): Promise<Blob>;
  /**
   * Bulk load: streams CSV text (no header) into `table (columns)` with COPY, the fastest path on
   * both drivers. Runs outside any transaction: load into a staging table, then merge in one.
   */
  copyIn(table: string, columns: readonly string[], csv: AsyncIterable<string>): Promise<void>;
}

const copyTarget = (table: string, columns: readonly string[]) =>
  `${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')})`;

function quoteIdent(name: string) {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Unsafe identifier: ${name}`);
  return `"${name}"`;
}

/**
 * One decision for both drivers (pg and PGlite): bigint and numeric come back as JS numbers
 * (counts and rupiah amounts stay far below 2^53), `date` columns as 'YYYY-MM-DD' strings,
 * timestamps as Date objects.
 */
const OID = { INT8: 20, NUMERIC: 1700, DATE: 1082 } as const;
const parsers: Record<number, (value: string) => unknown> = {
  [OID.INT8]: Number,
  [OID.NUMERIC]: Number,
  [OID.DATE]: (v) => v,
};

/** Extensions the migrations create; PGlite needs them at start, PostgreSQL has them in contrib. */
const extensions = { pg_trgm };

/** BANGKIT_LOG_SQL=<ms>: print every query slower than that to stderr (diagnostics and benchmarks). */
const slowQueryLog: LogConfig | undefined = process.env.BANGKIT_LOG_SQL
  ? (event) => {
      if (event.queryDurationMillis >= Number(process.env.BANGKIT_LOG_SQL)) {
        const text = event.query.sql.replace(/\s+/g, ' ').slice(0, 160);
        console.error(
          `[sql ${event.queryDurationMillis.toFixed(0)} ms${event.level === 'error' ? ' ERROR' : ''}] ${text}`,
        );
      }
    }
  : undefined;

export class DatabaseLockedError extends Error {}

/** Opens the database named by the config: PostgreSQL when DATABASE_URL is set, else embedded under dataDir. */
export async function openDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<DatabaseHandle> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl);
  fs.mkdirSync(config.dataDir, { recursive: true });
  const release = acquireProcessLock(config.dataDir);
  try {
    const pglite = await PGlite.create(path.join(config.dataDir, 'pg'), { parsers, extensions });
    return embeddedHandle(pglite, release);
  } catch (err) {
    release();
    throw err;
  }
}

export function openPostgres(url: string): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        parsers[oid] ?? pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection closed by the server (restart, a forced drop of a test database) must not crash
  // the process; the pool replaces it on the next query.
  pool.on('error', (err) => console.error(`[bangkit] PostgreSQL connection lost: ${err.message}`));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: slowQueryLog });
  return {
    db,
    kind: 'postgres',
    close: () => db.destroy(),
    copyIn: async (table, columns, csv) => {
      const client = await pool.connect();
      try {
        const sink = client.query(
          copyFrom(`COPY ${copyTarget(table, columns)} FROM STDIN WITH (FORMAT csv)`),
        );
        await pipeline(Readable.from(csv), sink);
      } finally {
        client.release();
      }
    },
  };
}

/** An embedded database in memory, optionally restored from a dump (tests clone a migrated template this way). */
export async function openEmbeddedInMemory(dump?: Blob): Promise<DatabaseHandle> {
  const pglite = await PGlite.create({ parsers, extensions, ...(dump ? { loadDataDir: dump } : {}) });
  return embeddedHandle(pglite, () => {});
}

function embeddedHandle(pglite: PGlite, release: () => void): DatabaseHandle {
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }), log: slowQueryLog });
  return {
    db,
    kind: 'embedded',
    close: async () => {
      await db.destroy();
      release();
    },
    dump: () => pglite.dumpDataDir('none'),
    copyIn: async (table, columns, csv) => {
      // PGlite reads COPY input from a Blob; the staging data is held in memory once.
      const chunks: string[] = [];
      for await (const chunk of csv) chunks.push(chunk);
      const blob = new Blob(chunks);
      await pglite.query(`COPY ${copyTarget(table, columns)} FROM '/dev/blob' WITH (FORMAT csv)`, [], {
        blob,
      });
    },
  };
}

/**
 * PGlite is a single-process database: two processes writing one data directory corrupt it.
 * A pid file guards it; a pid file left by a crashed process (no such process) is taken over.
 */
function acquireProcessLock(dataDir: string): () => void {
  const lockFile = path.join(dataDir, 'bangkit.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        fs.rmSync(lockFile, { force: true });
        process.off('exit', release);
      };
      process.on('exit', release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(fs.readFileSync(lockFile, 'utf8'));
      if (owner && owner !== process.pid && isAlive(owner)) {
        throw new DatabaseLockedError(
          `The embedded database in ${dataDir} is in use by another Bangkit process (pid ${owner}); stop it first, or set DATABASE_URL to use PostgreSQL.`,
        );
      }
      fs.rmSync(lockFile, { force: true });
    }
  }
  throw new DatabaseLockedError(`Could not lock the embedded database in ${dataDir}.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function migrateToLatest(db: DB): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
