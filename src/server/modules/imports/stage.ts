import { stringify } from 'csv-stringify/sync';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../../db/database.ts';

export type StageValue = string | number | boolean | null;

/** COPY's CSV: booleans as t/f (csv-stringify's default would turn false into NULL). */
const CSV_OPTIONS = { cast: { boolean: (value: boolean) => (value ? 't' : 'f') } };

/** A staging table's columns and their SQL types, in COPY order. */
export type StageColumns = readonly (readonly [name: string, type: string])[];

export async function createStageTable(database: DatabaseHandle, table: string, columns: StageColumns) {
  const defs = columns.map(([name, type]) => sql`${sql.id(name)} ${sql.raw(type)}`);
  await sql`create unlogged table ${sql.table(table)} (${sql.join(defs)})`.execute(database.db);
}

/**
 * Streams validated rows into the staging table with COPY. `batches` yields arrays of rows,
 * each an array of values in column order; null becomes SQL NULL.
 */
export async function copyIntoStage(
  database: DatabaseHandle,
  table: string,
  columns: StageColumns,
  batches: AsyncIterable<StageValue[][]>,
) {
  async function* csv() {
    for await (const batch of batches) if (batch.length) yield stringify(batch, CSV_OPTIONS);
  }
  await database.copyIn(
    table,
    columns.map(([name]) => name),
    csv(),
  );
}

/** Rupiah / count cells: empty → null; anything else must parse or the row is rejected. */
export function emptyToNull(text: string | undefined): string | null {
  const t = text?.trim();
  return t ? t : null;
}

/** Lower-cased, whitespace-collapsed: the key under which names are compared. */
export function nameKey(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}
