/**
 * Floor (b): what loading an import's result costs at the least. The rows an import left in the final
 * tables are dumped with `COPY (select …) TO STDOUT`, then loaded with `COPY … FROM STDIN` in ONE
 * transaction into the same tables of a fresh migrated database, with every index, key, constraint and
 * trigger they have. No import can write the same rows with the same guarantees for less. Only exports.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { sql } from 'kysely';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { DatabaseHandle } from '../src/server/db/database.ts';
import { clientOf, time } from './support.ts';

/** Rows of one table: all of them, or those a SQL condition picks (e.g. `job_id = 7`). */
export interface TableRows {
  table: string;
  where?: string;
}

export interface Dump {
  table: string;
  columns: string[];
  file: string;
  rows: number;
}

/** The columns COPY can load: all but the generated ones, in table order. */
async function loadableColumns(database: DatabaseHandle, table: string) {
  const result = await sql<{ column_name: string }>`
    select column_name from information_schema.columns
    where table_schema = current_schema() and table_name = ${table} and is_generated = 'NEVER'
    order by ordinal_position`.execute(database.db);
  if (!result.rows.length) throw new Error(`no table ${table}`);
  return result.rows.map((r) => r.column_name);
}

const quoted = (columns: string[]) => columns.map((c) => `"${c}"`).join(', ');

/** Writes the rows to files under `dir` (COPY's text format), one per table, in the given order. */
export async function dumpRows(database: DatabaseHandle, dir: string, tables: readonly TableRows[]) {
  const client = await clientOf(database);
  const dumps: Dump[] = [];
  try {
    for (const { table, where } of tables) {
      const columns = await loadableColumns(database, table);
      const file = path.join(dir, `floor-${table}-${dumps.length}-${Date.now()}.copy`);
      const select = `select ${quoted(columns)} from "${table}"${where ? ` where ${where}` : ''}`;
      const source = client.query(copyTo(`COPY (${select}) TO STDOUT`));
      await pipeline(source, fs.createWriteStream(file));
      dumps.push({ table, columns, file, rows: source.rowCount });
    }
  } finally {
    await client.end();
  }
  return dumps;
}

/** COPYs the dumps into `target` in one transaction; the seconds from BEGIN to the end of COMMIT. */
export async function loadDumps(target: DatabaseHandle, dumps: readonly Dump[]): Promise<number> {
  const client = await clientOf(target);
  try {
    return await time(async () => {
      await client.query('begin');
      for (const d of dumps) {
        const sink = client.query(copyFrom(`COPY "${d.table}" (${quoted(d.columns)}) FROM STDIN`));
        await pipeline(fs.createReadStream(d.file, { highWaterMark: 1 << 20 }), sink);
      }
      await client.query('commit');
    });
  } finally {
    await client.end();
    for (const d of dumps) fs.rmSync(d.file, { force: true });
  }
}

/**
 * Copies rows from `source` to `target`, untimed: what the floor's rows refer to and the import found
 * in place (the account that ran it, the job, the program), so that the timed load meets the same keys.
 */
export async function copyRows(
  source: DatabaseHandle,
  target: DatabaseHandle,
  dir: string,
  tables: readonly TableRows[],
) {
  await loadDumps(target, await dumpRows(source, dir, tables));
}

/**
 * Floor (b) of one import: its result rows (`result`) dumped from `source`, the rows they refer to
 * (`before`) copied into `floor` untimed, then the result loaded in one timed transaction.
 */
export async function floorOf(
  source: DatabaseHandle,
  floor: DatabaseHandle,
  dir: string,
  before: readonly TableRows[],
  result: readonly TableRows[],
) {
  if (before.length) await copyRows(source, floor, dir, before);
  const dumps = await dumpRows(source, dir, result);
  const rows = Object.fromEntries(dumps.map((d) => [d.table, d.rows]));
  return { seconds: await loadDumps(floor, dumps), rows };
}
