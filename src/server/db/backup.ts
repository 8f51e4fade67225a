import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { sql } from 'kysely';
import type { DatabaseHandle, DB } from './database.ts';

/*
 * A backup of the whole database while it runs: every table read in ONE snapshot (a read-only
 * repeatable-read transaction, as pg_dump takes it), so the file is consistent however many writes the
 * server makes meanwhile. The schema is not in the file: it is the migrations named in the header,
 * which a restore replays before it loads the rows.
 *
 * Why not pg_dump: the npm package of the embedded PostgreSQL ships no pg_dump, and a machine's
 * pg_dump refuses a server of a newer major version (Debian 12's is 15, the embedded server is 17). A
 * backup made from the rows by COPY needs no other program and reads any server version.
 *
 * The file, gzip-compressed:
 *   BANGKIT BACKUP 1
 *   {"app":"bangkit","version":…,"createdAt":…,"migrations":[…],"tables":[{"name":…,"columns":[…]},…]}
 *   then for each table, in that order (parents before the tables that refer to them):
 *     its rows in COPY's text format, one per line
 *     \.
 *     {"rows":…,"sha256":…}      (of the row lines, to check the file at restore)
 *   {"sequences":[{"name":…,"value":…},…]}
 */

export const BACKUP_MAGIC = 'BANGKIT BACKUP 1';
export const END_OF_ROWS = '\\.';

export interface BackupHeader {
  app: 'bangkit';
  version: string;
  createdAt: string;
  /** The migrations applied in the database backed up: the schema of its rows. */
  migrations: string[];
  tables: { name: string; columns: string[] }[];
}

export interface TableEnd {
  rows: number;
  sha256: string;
}

export interface BackupTrailer {
  sequences: { name: string; value: number }[];
}

/** A backup file that cannot be read, or a restore that would lose data without --force: one line for the operator. */
export class BackupError extends Error {}

/** Kysely's own bookkeeping: a restore writes it by replaying the migrations. */
const NOT_BACKED_UP = new Set(['kysely_migration', 'kysely_migration_lock']);

/** The tables of the current schema worth keeping, parents first (unlogged staging tables are left out). */
export async function dataTables(db: DB): Promise<{ name: string; columns: string[] }[]> {
  const { rows: tables } = await sql<{ name: string }>`
    select c.relname as name from pg_class c
    where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p')
      and c.relpersistence = 'p'
    order by c.relname`.execute(db);
  const { rows: columns } = await sql<{ table: string; column: string }>`
    select c.relname as "table", a.attname as "column" from pg_attribute a
    join pg_class c on c.oid = a.attrelid
    where c.relnamespace = current_schema()::regnamespace and a.attnum > 0 and not a.attisdropped
      and a.attgenerated = ''
    order by c.relname, a.attnum`.execute(db);
  const { rows: references } = await sql<{ child: string; parent: string }>`
    select c.relname as child, p.relname as parent from pg_constraint k
    join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
    where k.contype = 'f' and c.relnamespace = current_schema()::regnamespace`.execute(db);

  const names = tables.map((t) => t.name).filter((n) => !NOT_BACKED_UP.has(n));
  const parents = new Map(names.map((n) => [n, new Set<string>()]));
  for (const r of references) if (r.child !== r.parent) parents.get(r.child)?.add(r.parent);
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < names.length) {
    const next = names.find((n) => !placed.has(n) && [...parents.get(n)!].every((p) => placed.has(p)));
    if (!next)
      throw new BackupError(
        `Foreign keys form a cycle among: ${names.filter((n) => !placed.has(n)).join(', ')}`,
      );
    ordered.push(next);
    placed.add(next);
  }
  return ordered.map((name) => ({
    name,
    columns: columns.filter((c) => c.table === name).map((c) => c.column),
  }));
}

export interface BackupResult {
  file: string;
  bytes: number;
  tables: number;
  rows: number;
  createdAt: string;
}

/**
 * Writes the backup to `file` (through a temporary file beside it, renamed at the end: a failed backup
 * never leaves a half file under the name asked for).
 */
export async function writeBackup(
  database: DatabaseHandle,
  file: string,
  version: string,
): Promise<BackupResult> {
  const target = path.resolve(file);
  const partial = `${target}.partial-${process.pid}`;
  let rowsTotal = 0;
  let header: BackupHeader | undefined;
  try {
    await database.session(async (session) => {
      // One snapshot for every table: the backup is what the database held at one instant.
      await sql`begin isolation level repeatable read read only`.execute(session.db);
      try {
        const tables = await dataTables(session.db);
        const { rows: applied } = await sql<{ name: string }>`
          select name from kysely_migration order by name`.execute(session.db);
        header = {
          app: 'bangkit',
          version,
          createdAt: new Date().toISOString(),
          migrations: applied.map((m) => m.name),
          tables,
        };
        const meta = header;
        async function* content() {
          yield `${BACKUP_MAGIC}\n${JSON.stringify(meta)}\n`;
          for (const table of meta.tables) {
            const hash = createHash('sha256');
            let rows = 0;
            for await (const chunk of session.copyOut(table.name, table.columns)) {
              hash.update(chunk);
              rows += countLines(chunk);
              yield chunk;
            }
            rowsTotal += rows;
            yield `${END_OF_ROWS}\n${JSON.stringify({ rows, sha256: hash.digest('hex') } satisfies TableEnd)}\n`;
          }
          // Read after the rows: a sequence is never behind an id the snapshot holds.
          const { rows: sequences } = await sql<{ name: string; value: number }>`
            select sequencename as name, last_value as value from pg_sequences
            where schemaname = current_schema() and last_value is not null
            order by sequencename`.execute(session.db);
          yield `${JSON.stringify({ sequences } satisfies BackupTrailer)}\n`;
        }
        await pipeline(
          Readable.from(content()),
          zlib.createGzip(),
          fs.createWriteStream(partial, { flags: 'wx' }),
        );
      } finally {
        await sql`rollback`.execute(session.db);
      }
    });
    fs.renameSync(partial, target);
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw err;
  }
  return {
    file: target,
    bytes: fs.statSync(target).size,
    tables: header!.tables.length,
    rows: rowsTotal,
    createdAt: header!.createdAt,
  };
}

function countLines(chunk: Buffer): number {
  let n = 0;
  for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) n++;
  return n;
}
