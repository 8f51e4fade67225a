import { PassThrough, type Readable } from 'node:stream';
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
 * Streams rows as CSV (UTF-8 with BOM, so Excel reads it right) or XLSX, batch by batch,
 * without holding the whole table in memory.
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
  out.write('\uFEFF');
  const csv = stringify({
    header: true,
    columns: columns.map((c) => ({ key: c.key, header: neutralizeFormula(c.header) })),
    cast: { string: neutralizeFormula },
  });
  csv.pipe(out);
  for await (const batch of batches) {
    for (const row of batch) {
      if (!csv.write(row)) await new Promise((resolve) => csv.once('drain', resolve));
    }
  }
  csv.end();
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
