import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Kysely, type LogConfig, PostgresDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { Config } from '../config.ts';
import { type EmbeddedCluster, startEmbeddedCluster } from './embedded-cluster.ts';
import { migrations } from './migrations/index.ts';
import type { Database } from './schema.ts';

export type DB = Kysely<Database>;
/** `embedded`: the PostgreSQL cluster Bangkit runs under its data directory; `postgres`: one at DATABASE_URL. */
export type DatabaseKind = 'embedded' | 'postgres';

export interface DatabaseHandle {
  readonly db: DB;
  readonly kind: DatabaseKind;
  /** How to reach the same database from another thread or process (the import worker). */
  readonly connection: string | pg.ClientConfig;
  close(): Promise<void>;
  /**
   * Bulk load: streams CSV text (no header) into `table (columns)` with COPY. Runs on a connection of its
   * own, outside any transaction: load into a staging table, then merge in one.
   */
  copyIn(table: string, columns: readonly string[], csv: AsyncIterable<string>): Promise<void>;
  /**
   * Runs `task` on one connection of its own, given as a session: Kysely over that connection and COPY
   * on it. A transaction the task opens with `session.db` holds the COPYs made meanwhile, so a bulk load
   * into the final tables commits or rolls back with the rest of the transaction.
   */
  session<T>(task: (session: Session) => Promise<T>): Promise<T>;
}

/** One connection: queries through `db` and COPY through `copyIn` run on it in the order they are awaited. */
export interface Session {
  readonly db: DB;
  /**
   * Streams lines of COPY's text format (tab-separated, `\N` for null, one row per line) into
   * `table (columns)`; resolves with the number of rows loaded.
   */
  copyIn(
    table: string,
    columns: readonly string[],
    lines: AsyncIterable<string> | Iterable<string>,
  ): Promise<number>;
  /** Streams `table (columns)` out in COPY's text format (one row per line), as of the session's snapshot. */
  copyOut(table: string, columns: readonly string[]): AsyncIterable<Buffer>;
}

const copyTarget = (table: string, columns: readonly string[]) =>
  `${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')})`;

function quoteIdent(name: string) {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Unsafe identifier: ${name}`);
  return `"${name}"`;
}

/**
 * One type decision: bigint and numeric come back as JS numbers (counts and rupiah amounts stay far below
 * 2^53), `date` columns as 'YYYY-MM-DD' strings, timestamps as Date objects.
 */
const OID = { INT8: 20, NUMERIC: 1700, DATE: 1082 } as const;
const parsers: Record<number, (value: string) => unknown> = {
  [OID.INT8]: Number,
  [OID.NUMERIC]: Number,
  [OID.DATE]: (v) => v,
};

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

export interface OpenOptions {
  /**
   * Who opens the embedded database: the `server` starts its cluster and owns it (a second server on the
   * same data directory is refused); the command line (`client`) joins a running one or starts its own.
   */
  role?: 'server' | 'client';
  log?: (message: string) => void;
}

/** Opens the database named by the config: PostgreSQL at DATABASE_URL, else the embedded cluster under dataDir. */
export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  { role = 'client', log }: OpenOptions = {},
): Promise<DatabaseHandle> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl);
  const cluster = await startEmbeddedCluster(path.join(config.dataDir, 'postgres'), { mode: role, log });
  return openPostgres(cluster.connection(), { kind: 'embedded', cluster });
}

export function openPostgres(
  connection: string | pg.ClientConfig,
  { kind = 'postgres', cluster }: { kind?: DatabaseKind; cluster?: EmbeddedCluster } = {},
): DatabaseHandle {
  const pool = new pg.Pool({
    ...(typeof connection === 'string' ? { connectionString: connection } : connection),
    max: 10,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        parsers[oid] ?? pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection closed by the server (restart, a forced drop of a test database) must not crash
  // the process; the pool replaces it on the next query. While closing, it is expected and not said:
  // the pool's end does not wait for its connections' goodbyes, and stopping an owned cluster right
  // after may cut one ("terminating connection due to administrator command" under a command's output).
  let closing = false;
  pool.on('error', (err) => {
    if (!closing) console.error(`[bangkit] PostgreSQL connection lost: ${err.message}`);
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: slowQueryLog });
  return {
    db,
    kind,
    connection,
    close: async () => {
      closing = true;
      await db.destroy();
      if (cluster?.owned) await cluster.stop();
    },
    session: async (task) => {
      const client = await pool.connect();
      // Kysely over this one client: every query and transaction of the session runs on it.
      const single = {
        connect: async () => ({
          query: client.query.bind(client) as pg.PoolClient['query'],
          release: () => {},
        }),
        end: async () => {},
      };
      const sessionDb = new Kysely<Database>({
        dialect: new PostgresDialect({ pool: single as unknown as pg.Pool }),
        log: slowQueryLog,
      });
      let failed = false;
      try {
        return await task({
          db: sessionDb,
          copyIn: async (table, columns, lines) => {
            const sink = client.query(copyFrom(`COPY ${copyTarget(table, columns)} FROM STDIN`));
            await pipeline(Readable.from(lines), sink);
            return sink.rowCount;
          },
          copyOut: (table, columns) => client.query(copyTo(`COPY ${copyTarget(table, columns)} TO STDOUT`)),
        });
      } catch (err) {
        failed = true;
        throw err;
      } finally {
        await sessionDb.destroy();
        // A connection left mid-transaction or mid-COPY by a failure is closed rather than reused.
        client.release(failed);
      }
    },
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

export async function migrateToLatest(db: DB): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
