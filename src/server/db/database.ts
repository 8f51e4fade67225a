import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
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

export class DatabaseLockedError extends Error {}

/** Opens the database named by the config: PostgreSQL when DATABASE_URL is set, else embedded under dataDir. */
export async function openDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<DatabaseHandle> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl);
  fs.mkdirSync(config.dataDir, { recursive: true });
  const release = acquireProcessLock(config.dataDir);
  try {
    const pglite = await PGlite.create(path.join(config.dataDir, 'pg'), { parsers });
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
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, kind: 'postgres', close: () => db.destroy() };
}

/** An embedded database in memory, optionally restored from a dump (tests clone a migrated template this way). */
export async function openEmbeddedInMemory(dump?: Blob): Promise<DatabaseHandle> {
  const pglite = await PGlite.create({ parsers, ...(dump ? { loadDataDir: dump } : {}) });
  return embeddedHandle(pglite, () => {});
}

function embeddedHandle(pglite: PGlite, release: () => void): DatabaseHandle {
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return {
    db,
    kind: 'embedded',
    close: async () => {
      await db.destroy();
      release();
    },
    dump: () => pglite.dumpDataDir('none'),
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
