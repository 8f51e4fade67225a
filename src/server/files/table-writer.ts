import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';

export type TableFormat = 'csv' | 'xlsx';
export type TableCell = string | number | boolean | null | undefined;

export interface TableColumn {
  key: string;
  header: string;
  /** Width hint for XLSX, in characters. */
  width?: number;
  /** Text columns stay text in XLSX (a NIK must never become a rounded number). */
  text?: boolean;
}

export const CONTENT_TYPES: Record<TableFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * Streams rows as CSV (UTF-8 with BOM, so Excel reads it right) or XLSX, batch by batch, without
 * holding the whole table in memory: the next batch is asked for only when the reader has taken the
 * last, and when the reader goes away (a closed download) `batches` is ended, closing its cursor.
 */
export function writeTable(
  format: TableFormat,
  columns: readonly TableColumn[],
  batches: AsyncIterable<Record<string, TableCell>[]>,
  sheetName = 'Data',
): Readable {
  const out = new PassThrough();
  const run =
    format === 'csv' ? writeCsv(out, columns, batches) : writeXlsx(out, columns, batches, sheetName);
  run.catch((err) => out.destroy(err));
  return out;
}

/** What a spreadsheet reads as the start of a formula (OWASP, CSV injection), tab and CR included. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain number, which no spreadsheet runs as a formula: `-1500`, `+62`, `-1.500.000`, `-2,5`. */
const PLAIN_NUMBER = /^[+-]?\d+(?:[.,]\d+)*$/;

/**
 * A text cell made safe to open in a spreadsheet: one that would start a formula
 * (`=HYPERLINK(...)`, `+cmd|' /C calc'!A0`, `@SUM(...)`) gets a leading single quote, which Excel and
 * LibreOffice show as text. Numbers, in number cells or written out as text, stay as they are.
 */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

async function writeCsv(
  out: PassThrough,
  columns: readonly TableColumn[],
  batches: AsyncIterable<Record<string, TableCell>[]>,
) {
  const csv = stringify({
    bom: true,
    header: true,
    columns: columns.map((c) => ({ key: c.key, header: neutralizeFormula(c.header) })),
    cast: { string: neutralizeFormula },
  });
  async function* rows() {
    for await (const batch of batches) yield* batch;
  }
  await pipeline(Readable.from(rows()), csv, out);
}

/** Waits while the reader is behind; throws when it has gone, which ends the caller's loop over its rows. */
async function readerReady(out: PassThrough) {
  if (out.writableNeedDrain) await Promise.race([once(out, 'drain'), once(out, 'close')]);
  if (out.destroyed) throw new Error('the reader of the table went away');
}

async function writeXlsx(
  out: PassThrough,
  columns: readonly TableColumn[],
  batches: AsyncIterable<Record<string, TableCell>[]>,
  sheetName: string,
) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({
    key: c.key,
    header: c.header,
    width: c.width ?? Math.max(10, c.header.length + 2),
    style: c.text ? { numFmt: '@' } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  for await (const batch of batches) {
    await readerReady(out);
    for (const row of batch) {
      const values: Record<string, TableCell> = {};
      for (const c of columns) values[c.key] = c.text && row[c.key] != null ? String(row[c.key]) : row[c.key];
      sheet.addRow(values).commit();
    }
  }
  sheet.commit();
  await workbook.commit();
}

/** A one-batch source for small tables. */
export async function* single<T>(rows: T[]) {
  yield rows;
}
