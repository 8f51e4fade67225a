import { sql } from 'kysely';
import type { DatabaseHandle } from '../../db/database.ts';

export type StageValue = string | number | boolean | null;

/**
 * One staged row as a line of COPY's CSV: null is an unquoted empty field, booleans t/f, strings
 * quoted only when they must be. Hand-written because it runs once per row of million-row imports,
 * where csv-stringify cost as much as reading the file; the format is COPY's, not a general CSV.
 */
function csvLine(values: StageValue[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) line += ',';
    if (v === null || v === undefined) continue;
    if (typeof v === 'boolean') line += v ? 't' : 'f';
    else if (typeof v === 'number') line += String(v);
    else if (v === '' || /[",\r\n]/.test(v)) line += `"${v.replaceAll('"', '""')}"`;
    else line += v;
  }
  return `${line}\n`;
}

const TEXT_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * One row as a line of COPY's text format (for COPY straight into a final table): null is `\N`,
 * booleans t/f, and a backslash, tab or line break inside a string is escaped.
 */
export function copyLine(values: readonly StageValue[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) line += '\t';
    if (v === null || v === undefined) line += '\\N';
    else if (typeof v === 'boolean') line += v ? 't' : 'f';
    else if (typeof v === 'number') line += String(v);
    else line += /[\\\t\n\r]/.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => TEXT_ESCAPES[c]!) : v;
  }
  return `${line}\n`;
}

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
    for await (const batch of batches) if (batch.length) yield batch.map(csvLine).join('');
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

/**
 * The common reading loop of an import: creates the staging table, resolves each row of each batch
 * (a row the resolver rejects yields null and is left out), reports progress, and stages the rest
 * by COPY. `beforeBatch` may look at a whole batch first (e.g. to load what its rows refer to).
 * Returns the number of rows read.
 */
export async function stageRows<Row>(
  database: DatabaseHandle,
  table: string,
  columns: StageColumns,
  batches: AsyncIterable<Row[]>,
  progress: (rowsRead: number) => Promise<void>,
  resolve: (row: Row) => StageValue[] | null,
  beforeBatch?: (batch: Row[]) => Promise<void>,
): Promise<number> {
  let total = 0;
  await createStageTable(database, table, columns);
  async function* staged() {
    for await (const batch of batches) {
      if (beforeBatch) await beforeBatch(batch);
      const out: StageValue[][] = [];
      for (const row of batch) {
        const values = resolve(row);
        if (values) out.push(values);
      }
      total += batch.length;
      await progress(total);
      yield out;
    }
  }
  await copyIntoStage(database, table, columns, staged());
  return total;
}

/**
 * The COPYs of a large import's batches, run on its session while the next batch is read and validated
 * (PostgreSQL stores rows on one core while the import thread parses on the other). A batch's COPYs start
 * when the previous batch's have ended, and `add` waits for that: at most one batch is being stored while
 * the next waits with its lines, whatever the file (unbounded, a file read faster than PostgreSQL stores
 * it piled up in memory: 630 MB of heap for 76,000 aid applicants, and seconds of garbage collection).
 */
export class BatchCopies {
  #running: Promise<void> = Promise.resolve();
  #failure: { error: unknown } | undefined;

  /** Starts `copies` once the batch before has been stored; throws that batch's failure instead. */
  async add(copies: () => Promise<void>): Promise<void> {
    await this.#running;
    if (this.#failure) throw this.#failure.error;
    this.#running = copies().catch((error) => {
      this.#failure ??= { error };
    });
  }

  /** Waits for the last batch; throws the first failure. */
  async end(): Promise<void> {
    await this.#running;
    if (this.#failure) throw this.#failure.error;
  }
}
