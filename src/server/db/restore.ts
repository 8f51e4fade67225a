import { createHash } from 'node:crypto';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import {
  BACKUP_MAGIC,
  BackupError,
  type BackupHeader,
  type BackupTrailer,
  END_OF_ROWS,
  type TableEnd,
} from './backup.ts';
import type { DatabaseHandle, DB } from './database.ts';
import { migrations } from './migrations/index.ts';

/*
 * Restores a backup (backup.ts) in ONE transaction: the schema is rebuilt by replaying the backup's
 * migrations, the rows are loaded by COPY and checked against the file's checksums, the sequences set,
 * then the migrations the backup predates are applied. Any failure leaves the database as it was.
 * A database that holds data is replaced only when forced.
 */

/** Tables whose rows a fresh installation makes by itself (reference data, bookkeeping): they do not make a database "not empty". */
const REFERENCE_TABLES = new Set(['area', 'kysely_migration', 'kysely_migration_lock', 'health_check']);

export interface RestoreResult {
  tables: number;
  rows: number;
  backupCreatedAt: string;
  backupVersion: string;
  /** The rows the database held before, per table (only when it held some and the restore was forced). */
  replaced: Record<string, number>;
}

/** Reads and checks the header of a backup file without touching any database. */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  const lines = openLines(file);
  try {
    return await readHeader(lines);
  } finally {
    lines.close();
  }
}

export async function restoreBackup(
  database: DatabaseHandle,
  file: string,
  { force = false }: { force?: boolean } = {},
): Promise<RestoreResult> {
  const header = await readBackupHeader(file);
  const held = await rowsHeld(database.db);
  const replaced = Object.fromEntries(
    Object.entries(held).filter(([t, n]) => n > 0 && !REFERENCE_TABLES.has(t)),
  );
  if (Object.keys(replaced).length && !force) {
    const what = Object.entries(replaced)
      .sort((a, b) => b[1] - a[1])
      .map(([t, n]) => `${t} ${n.toLocaleString('en')}`)
      .join(', ');
    throw new BackupError(
      `The database is not empty (rows: ${what}). Restoring would delete ALL of it and put in its place the ` +
        `backup of ${header.createdAt} (${header.tables.length} tables). Nothing was changed; run again with --force to do that.`,
    );
  }

  const lines = openLines(file);
  try {
    await readHeader(lines);
    return await database.session((session) =>
      session.db.transaction().execute(async (trx) => {
        // A server that is running waits (its requests queue behind the locks) rather than sees a half restore.
        await sql`set local lock_timeout = '60s'`.execute(trx);
        if (Object.keys(held).length) {
          const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(trx);
          const schema = sql.id(rows[0]!.schema);
          await sql`drop schema ${schema} cascade`.execute(trx);
          await sql`create schema ${schema}`.execute(trx);
        }
        const migrator = new Migrator({ db: trx, provider: { getMigrations: async () => migrations } });
        await migrated(migrator.migrateTo(header.migrations.at(-1)!));

        let rowsTotal = 0;
        for (const table of header.tables) {
          const hash = createHash('sha256');
          let count = 0;
          async function* rows() {
            for await (const block of lines.until(END_OF_ROWS)) {
              hash.update(block);
              yield block;
            }
          }
          // Loaded as they were: the triggers that maintain figures from these rows are not run again.
          await sql`alter table ${sql.table(table.name)} disable trigger user`.execute(trx);
          count = await session.copyIn(table.name, table.columns, rows());
          await sql`alter table ${sql.table(table.name)} enable trigger user`.execute(trx);
          const end = parseJson<TableEnd>(await lines.next(), file);
          if (end.rows !== count || end.sha256 !== hash.digest('hex')) {
            throw new BackupError(
              `The backup ${file} is damaged: table ${table.name} does not match its checksum. Nothing was changed.`,
            );
          }
          rowsTotal += count;
        }
        const trailer = parseJson<BackupTrailer>(await lines.next(), file);
        for (const s of trailer.sequences) {
          await sql`select setval(${s.name}::regclass, ${s.value})`.execute(trx);
        }
        await migrated(migrator.migrateToLatest());
        return {
          tables: header.tables.length,
          rows: rowsTotal,
          backupCreatedAt: header.createdAt,
          backupVersion: header.version,
          replaced,
        };
      }),
    );
  } finally {
    lines.close();
  }
}

async function migrated(result: Promise<{ error?: unknown }>) {
  const { error } = await result;
  if (error) throw error;
}

/** Rows per table of the current schema (an empty object: no tables at all). */
async function rowsHeld(db: DB): Promise<Record<string, number>> {
  const { rows: tables } = await sql<{ name: string }>`
    select relname as name from pg_class
    where relnamespace = current_schema()::regnamespace and relkind in ('r', 'p')`.execute(db);
  const held: Record<string, number> = {};
  for (const { name } of tables) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(name)}`.execute(db);
    held[name] = rows[0]!.n;
  }
  return held;
}

async function readHeader(lines: LineReader): Promise<BackupHeader> {
  const magic = await lines.next();
  if (magic !== BACKUP_MAGIC) {
    throw new BackupError(`${lines.file} is not a Bangkit backup (made by "bangkit backup FILE").`);
  }
  const header = parseJson<BackupHeader>(await lines.next(), lines.file);
  const known = Object.keys(migrations);
  const unknown = header.migrations.find((m, i) => known[i] !== m);
  if (unknown || !header.migrations.length) {
    throw new BackupError(
      `The backup ${lines.file} was made by Bangkit ${header.version}, whose database schema this version ` +
        `(${unknown ? `migration ${unknown}` : 'no migrations'}) does not know: restore it with that version or a newer one.`,
    );
  }
  return header;
}

function parseJson<T>(line: string | undefined, file: string): T {
  try {
    if (line === undefined) throw new Error('end of file');
    return JSON.parse(line) as T;
  } catch {
    throw new BackupError(`The backup ${file} is damaged or cut short. Nothing was changed.`);
  }
}

interface LineReader {
  readonly file: string;
  /** The next line, or undefined at the end of the file. */
  next(): Promise<string | undefined>;
  /** The lines up to (not including) the line `end`, in blocks of whole lines each ending in "\n". */
  until(end: string): AsyncGenerator<string>;
  close(): void;
}

/** The decompressed lines of a backup file, read as needed. */
function openLines(file: string): LineReader {
  const source = fs.createReadStream(file);
  const gunzip = zlib.createGunzip();
  source.on('error', (err) => gunzip.destroy(err));
  source.pipe(gunzip).setEncoding('utf8');
  const chunks = gunzip[Symbol.asyncIterator]() as AsyncIterator<string>;
  let buffer: string[] = [];
  let at = 0;
  let rest = '';
  let ended = false;

  const fill = async (): Promise<boolean> => {
    while (at >= buffer.length) {
      if (ended) return false;
      let next: IteratorResult<string>;
      try {
        next = await chunks.next();
      } catch (err) {
        const reason =
          (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'not a gzip file, or damaged';
        throw new BackupError(`Cannot read the backup ${file}: ${reason}.`);
      }
      if (next.done) {
        ended = true;
        buffer = rest ? [rest] : [];
        rest = '';
      } else {
        buffer = (rest + next.value).split('\n');
        rest = buffer.pop()!;
      }
      at = 0;
    }
    return true;
  };

  return {
    file,
    async next() {
      return (await fill()) ? buffer[at++] : undefined;
    },
    async *until(end) {
      for (;;) {
        if (!(await fill()))
          throw new BackupError(`The backup ${file} is damaged or cut short. Nothing was changed.`);
        const stop = buffer.indexOf(end, at);
        const upto = stop === -1 ? buffer.length : stop;
        if (upto > at) yield `${buffer.slice(at, upto).join('\n')}\n`;
        at = upto;
        if (stop !== -1) {
          at += 1;
          return;
        }
      }
    },
    close() {
      source.destroy();
      gunzip.destroy();
    },
  };
}
