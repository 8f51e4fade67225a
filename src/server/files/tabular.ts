import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import { type FileHandle, open, stat } from 'node:fs/promises';
import { pipeline, Transform, type TransformCallback } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { AppError } from '../http/errors.ts';

/**
 * One streaming reader for the CSV and XLSX files that offices upload (business registries, monthly
 * turnover reports, aid applicants). It finds the columns a caller asks for by header name and hands
 * out rows in batches, so a 1.8M-row file never sits in memory.
 */

export interface Cell {
  /** Trimmed cell text. */
  text: string;
  /** True when an XLSX cell was typed as a number: Excel keeps 15 significant digits, so a 16-digit NIK may have lost its last digit. */
  numeric: boolean;
}

export interface TabularRow {
  /**
   * The row as the user sees it when the file is open in Excel: the header is normally row 1.
   * XLSX: the worksheet row number. CSV: the position of the record (a quoted field spanning lines
   * is still one record), counting blank lines, because Excel shows those as empty rows too.
   */
  rowNumber: number;
  /** Every spec column, keyed by the spec's name; a column the file lacks reads as empty text (see `headers`). */
  cells: Record<string, Cell>;
}

export interface TabularSpec {
  required: readonly string[];
  optional?: readonly string[];
}

export type TabularFormat = 'csv' | 'xlsx';

export interface TabularFile {
  format: TabularFormat;
  /** The spec columns the file has, in spec order. */
  headers: string[];
  /** Single pass: data rows in batches of `batchSize` (default 5,000), blank rows skipped. Closes the file when done. */
  rows(batchSize?: number): AsyncGenerator<TabularRow[]>;
  /** Bytes of the file consumed so far, for a progress bar against `totalBytes`. */
  bytesRead(): number;
  totalBytes: number;
  /** Releases the file when the caller stops without draining `rows()`. Safe to call twice. */
  close(): Promise<void>;
}

export type TabularErrorCode = 'FileType' | 'FileEmpty' | 'HeadersMissing' | 'FileTooLarge' | 'FileCorrupt';

const STATUS: Record<TabularErrorCode, number> = {
  FileType: 415,
  FileEmpty: 422,
  HeadersMissing: 422,
  FileTooLarge: 413,
  FileCorrupt: 422,
};

/** A problem with the uploaded file itself; the message is for the person who made it. */
export class TabularFileError extends AppError<TabularErrorCode> {
  declare readonly details?: { missing?: string[] };

  constructor(code: TabularErrorCode, message: string, details?: { missing?: string[] }) {
    super(code, STATUS[code], message, details);
    this.name = 'TabularFileError';
  }
}

const DEFAULT_MAX_BYTES = 200 * 1024 * 1024;
const SNIFF_BYTES = 64 * 1024;
/** A record this long almost always means an unclosed quote swallowing the rest of the file. */
const MAX_RECORD_CHARS = 1024 * 1024;
const SOURCE_BATCH = 100;
const EMPTY: Cell = Object.freeze({ text: '', numeric: false });

const NOT_TABULAR = 'Berkas bukan CSV atau XLSX.';
const NOT_UTF8 = 'Berkas CSV harus berenkode UTF-8. Simpan ulang dari Excel sebagai "CSV UTF-8".';
const LEGACY_EXCEL =
  'Berkas Excel lama (.xls) atau berkas yang dilindungi kata sandi tidak didukung. Simpan ulang sebagai .xlsx atau CSV UTF-8.';
const XLSX_TRUNCATED =
  'Berkas XLSX tidak lengkap (terpotong saat diunduh atau diunggah). Simpan ulang lalu unggah lagi.';
const ZIP = [0x50, 0x4b, 0x03, 0x04];
/** The zip's end-of-directory record: 22 bytes plus a comment of at most 65,535. */
const ZIP_END = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const ZIP_TAIL_BYTES = 22 + 0xffff;
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export async function openTabular(
  path: string,
  spec: TabularSpec,
  options: { maxBytes?: number } = {},
): Promise<TabularFile> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const { size } = await stat(path);
  if (size > maxBytes) {
    throw new TabularFileError(
      'FileTooLarge',
      `Berkas terlalu besar (${megabytes(size)} MB); batasnya ${megabytes(maxBytes)} MB.`,
    );
  }
  if (size === 0) throw new TabularFileError('FileEmpty', 'Berkas kosong.');

  const kind = await sniff(path, size);
  const meter = new ByteMeter(kind.format === 'csv' ? new Utf8Check() : undefined);
  const source = kind.format === 'csv' ? csvRows(path, kind.delimiter, meter) : xlsxRows(path, meter);
  const queue = new RawRowQueue(source);

  let columns: Columns;
  try {
    const header = await queue.nextNonBlank();
    if (!header) throw new TabularFileError('FileEmpty', 'Berkas kosong.');
    columns = matchColumns(header.fields, spec);
    if (columns.missing.length > 0) {
      throw new TabularFileError('HeadersMissing', `Kolom wajib tidak ada: ${columns.missing.join(', ')}`, {
        missing: columns.missing,
      });
    }
    const first = await queue.nextNonBlank();
    if (!first) throw new TabularFileError('FileEmpty', 'Berkas tidak berisi baris data.');
    queue.unread();
  } catch (error) {
    await queue.close();
    throw error;
  }

  let started = false;
  async function* rows(batchSize = 5000): AsyncGenerator<TabularRow[]> {
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new RangeError('batchSize must be a positive integer');
    }
    if (started) throw new Error('rows() can be iterated only once');
    started = true;
    let out: TabularRow[] = [];
    try {
      for await (const raws of queue.rest()) {
        for (const raw of raws) {
          const row = toRow(raw, columns);
          if (!row) continue;
          out.push(row);
          if (out.length >= batchSize) {
            yield out;
            out = [];
          }
        }
      }
      if (out.length > 0) yield out;
    } finally {
      await queue.close();
    }
  }

  return {
    format: kind.format,
    headers: columns.found,
    rows,
    bytesRead: () => meter.bytes,
    totalBytes: size,
    close: () => queue.close(),
  };
}

// ---------------------------------------------------------------------------------------------
// Format detection: by content, never by file name (offices rename .csv to .xlsx and back).

type Sniffed = { format: 'xlsx' } | { format: 'csv'; delimiter: string };

async function sniff(path: string, size: number): Promise<Sniffed> {
  const handle = await open(path, 'r');
  let head: Buffer;
  let tail: Buffer;
  try {
    head = await readAt(handle, 0, SNIFF_BYTES);
    tail = await readAt(handle, Math.max(0, size - ZIP_TAIL_BYTES), ZIP_TAIL_BYTES);
  } finally {
    await handle.close();
  }
  if (startsWith(head, ZIP)) {
    // A zip ends with its directory. Without it the file was cut off (an interrupted download or
    // upload), and exceljs would wait forever for the rest of the worksheet instead of failing.
    if (tail.lastIndexOf(ZIP_END) < 0) throw new TabularFileError('FileCorrupt', XLSX_TRUNCATED);
    return { format: 'xlsx' };
  }
  if (startsWith(head, OLE2)) throw new TabularFileError('FileType', LEGACY_EXCEL);
  const utf16 = startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff]);
  if (utf16) throw new TabularFileError('FileType', NOT_UTF8);
  if (hasControlBytes(head)) throw new TabularFileError('FileType', NOT_TABULAR);
  if (!new Utf8Check().accepts(head)) throw new TabularFileError('FileType', NOT_UTF8);
  return { format: 'csv', delimiter: detectDelimiter(head.toString('utf8')) };
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

function startsWith(buffer: Buffer, signature: readonly number[]): boolean {
  return buffer.length >= signature.length && signature.every((byte, i) => buffer[i] === byte);
}

/** Text has no control characters besides tab, line breaks and form feed; images, PDFs and the like do. */
function hasControlBytes(head: Buffer): boolean {
  for (const byte of head) if (byte < 0x20 && (byte < 0x09 || byte > 0x0d)) return true;
  return false;
}

/** The delimiter that occurs most, outside quotes, in the first line with content; comma on a tie. */
function detectDelimiter(text: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);
  let inQuotes = false;
  let lineHasContent = false;
  for (const ch of text) {
    if (ch === '"') {
      inQuotes = !inQuotes;
      lineHasContent = true;
    } else if (!inQuotes) {
      if ((ch === '\n' || ch === '\r') && lineHasContent) break;
      const count = counts.get(ch);
      if (count !== undefined) counts.set(ch, count + 1);
      else if (ch.trim() !== '') lineHasContent = true;
    }
  }
  let best = ',';
  for (const [delimiter, count] of counts) if (count > counts.get(best)!) best = delimiter;
  return best;
}

/**
 * Validates UTF-8 across chunk boundaries: a character split between two chunks is held back
 * until the next one arrives.
 */
class Utf8Check {
  private carry: Buffer = Buffer.alloc(0);

  /** Whether `chunk` continues valid UTF-8; an incomplete character at its end is not an error yet. */
  accepts(chunk: Buffer): boolean {
    const data = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    const complete = completeLength(data);
    this.carry = data.subarray(complete);
    return isUtf8(data.subarray(0, complete));
  }

  /** Whether the text ended on a whole character. */
  ended(): boolean {
    return this.carry.length === 0;
  }
}

/** Length of `data` without a trailing, not yet complete, multi-byte sequence. */
function completeLength(data: Buffer): number {
  const end = data.length;
  for (let i = end - 1; i >= Math.max(0, end - 3); i--) {
    const byte = data[i]!;
    if ((byte & 0xc0) === 0x80) continue;
    const size = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return end - i < size ? i : end;
  }
  return end;
}

/** Counts the bytes a parser has taken, optionally checking that they are UTF-8 on the way. */
class ByteMeter extends Transform {
  bytes = 0;

  constructor(private readonly utf8?: Utf8Check) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
    this.bytes += chunk.length;
    if (this.utf8 && !this.utf8.accepts(chunk)) return done(new TabularFileError('FileType', NOT_UTF8));
    // Text never holds a NUL byte (the sniff only sees the first 64 KB); PostgreSQL could not store it.
    if (this.utf8 && chunk.includes(0)) return done(new TabularFileError('FileType', NOT_TABULAR));
    done(null, chunk);
  }

  override _flush(done: TransformCallback) {
    done(this.utf8 && !this.utf8.ended() ? new TabularFileError('FileType', NOT_UTF8) : null);
  }
}

// ---------------------------------------------------------------------------------------------
// Sources: each yields raw rows in file order; CSV fields stay raw strings (trimmed later, only
// for the columns the spec wants), XLSX fields are already cells because their type matters.

type Field = string | Cell;
interface RawRow {
  rowNumber: number;
  fields: readonly (Field | undefined)[];
}
type RawBatches = AsyncGenerator<RawRow[], void, undefined>;

async function* csvRows(path: string, delimiter: string, meter: ByteMeter): RawBatches {
  // Blank lines are not skipped by csv-parse (skip_empty_lines) but by the caller, so that the
  // record count here stays the row number Excel shows; lines of only delimiters are blank too.
  const parser = parse({
    bom: true,
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    max_record_size: MAX_RECORD_CHARS,
  });
  const file = fs.createReadStream(path, { highWaterMark: SNIFF_BYTES });
  // Errors reach the consumer through the parser, which pipeline destroys with the first one.
  pipeline(file, meter, parser, () => {});
  let rowNumber = 0;
  let batch: RawRow[] = [];
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      rowNumber += 1;
      batch.push({ rowNumber, fields: record });
      if (batch.length === SOURCE_BATCH) {
        yield batch;
        batch = [];
      }
    }
  } catch (error) {
    throw csvFailure(error);
  } finally {
    file.destroy();
    parser.destroy();
  }
  if (batch.length > 0) yield batch;
}

function csvFailure(error: unknown): unknown {
  if (!(error instanceof CsvError)) return error;
  // Blank lines are records here too, so the failing record's number is the row number rows() would give.
  const line = typeof error.records === 'number' ? ` di baris ${error.records + 1}` : '';
  const reason =
    error.code === 'CSV_QUOTE_NOT_CLOSED' || error.code === 'CSV_MAX_RECORD_SIZE'
      ? 'ada tanda kutip (") yang tidak ditutup'
      : error.code === 'CSV_INVALID_CLOSING_QUOTE'
        ? 'ada teks langsung setelah tanda kutip penutup'
        : 'format CSV tidak sah';
  return new TabularFileError('FileCorrupt', `Berkas CSV rusak${line}: ${reason}.`);
}

/** What exceljs's streaming reader knows but does not declare in its types. */
interface StreamedWorkbook {
  model?: { sheets?: { id: number; state?: string }[] };
}
interface StreamedWorksheet {
  id: number | string;
  iterator?: unknown;
}

async function* xlsxRows(path: string, meter: ByteMeter): RawBatches {
  const file = fs.createReadStream(path);
  pipeline(file, meter, () => {});
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(meter, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    // Dates are numbers with a date format: without the styles they would arrive as serial numbers.
    styles: 'cache',
    worksheets: 'emit',
    entries: 'ignore',
  });
  const workbook = reader as unknown as StreamedWorkbook;
  // Iterated by hand, not with for-await, so that stopping early does not abandon exceljs mid-way:
  // it parks worksheets that precede the shared strings (Excel writes them in that order) in temp
  // files and deletes each one only when iteration moves past it.
  const worksheets = reader[Symbol.asyncIterator]();
  let settled = false;
  try {
    let read = false;
    for (let next = await worksheets.next(); !next.done; next = await worksheets.next()) {
      const worksheet = next.value;
      if (read || !isFirstSheet(workbook, worksheet as unknown as StreamedWorksheet)) {
        skipSheet(worksheet as unknown as StreamedWorksheet);
        continue;
      }
      read = true;
      yield* sheetRows(worksheet);
    }
    settled = true;
  } catch (error) {
    settled = true;
    if (error instanceof TabularFileError || isSystemError(error)) throw error;
    throw new TabularFileError('FileCorrupt', 'Berkas XLSX rusak atau tidak dapat dibaca.');
  } finally {
    if (!settled) await skipRemainingSheets(worksheets);
    file.destroy();
  }
  if (!workbook.model) throw new TabularFileError('FileType', NOT_TABULAR);
}

async function* sheetRows(worksheet: ExcelJS.stream.xlsx.WorksheetReader): RawBatches {
  let batch: RawRow[] = [];
  for await (const row of worksheet) {
    const fields: Cell[] = [];
    row.eachCell((cell, column) => {
      fields[column - 1] = xlsxCell(cell.value);
    });
    batch.push({ rowNumber: row.number, fields });
    if (batch.length === SOURCE_BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** Runs exceljs to its end without parsing anything, so it removes its temp files. */
async function skipRemainingSheets(worksheets: AsyncIterator<ExcelJS.stream.xlsx.WorksheetReader>) {
  try {
    for (let next = await worksheets.next(); !next.done; next = await worksheets.next()) {
      skipSheet(next.value as unknown as StreamedWorksheet);
    }
  } catch {
    // The caller has stopped reading; a damaged rest of the file no longer matters.
  }
}

/** The first tab a user sees; without the workbook's sheet list, the first worksheet in the zip. */
function isFirstSheet(workbook: StreamedWorkbook, worksheet: StreamedWorksheet): boolean {
  const sheets = workbook.model?.sheets;
  if (!sheets?.length || typeof worksheet.id !== 'number') return true;
  const first = sheets.find((sheet) => !sheet.state || sheet.state === 'visible') ?? sheets[0]!;
  return worksheet.id === first.id;
}

/** A worksheet parked in a temp file is read through a file stream that must be closed if unread. */
function skipSheet(worksheet: StreamedWorksheet) {
  if (worksheet.iterator instanceof fs.ReadStream) {
    // exceljs deletes the temp file once iteration moves on; a stream still opening it then fails
    // with ENOENT, which without a listener would be an uncaught error of the process.
    worksheet.iterator.on('error', () => {});
    worksheet.iterator.destroy();
  }
}

function isSystemError(error: unknown): boolean {
  return error instanceof Error && 'syscall' in error;
}

function xlsxCell(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return EMPTY;
  if (typeof value === 'string') return textCell(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return textCell('#ERROR');
    return { text: numberText(value), numeric: true };
  }
  if (typeof value === 'boolean') return textCell(String(value));
  if (value instanceof Date) return textCell(dateText(value));
  if ('richText' in value) return textCell(value.richText.map((run) => run.text ?? '').join(''));
  if ('error' in value) return textCell(value.error);
  if ('formula' in value || 'sharedFormula' in value || 'result' in value) {
    // exceljs types a result as "the cell's value", but a streamed error result arrives as NaN.
    return xlsxCell((value as { result?: ExcelJS.CellValue }).result);
  }
  if ('text' in value) return xlsxCell(value.text as ExcelJS.CellValue);
  return EMPTY;
}

/** Whole numbers without an exponent; fractions to the 15 significant digits Excel shows (0.1+0.2 is 0.3). */
function numberText(value: number): string {
  if (Number.isInteger(value)) return Math.abs(value) < 1e21 ? String(value) : BigInt(value).toString();
  return String(Number(value.toPrecision(15)));
}

/** exceljs puts Excel's wall-clock time in the UTC fields. */
function dateText(date: Date): string {
  const seconds = Math.round(date.getTime() / 1000);
  if (!Number.isFinite(seconds)) return '#ERROR';
  const iso = new Date(seconds * 1000).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

function textCell(raw: string): Cell {
  const text = raw.trim();
  return text === '' ? EMPTY : { text, numeric: false };
}

// ---------------------------------------------------------------------------------------------
// Headers and rows, the same for both formats.

interface Columns {
  /** Every spec column, required first. */
  keys: string[];
  /** Field index per key, -1 when the file lacks it. */
  indexes: number[];
  found: string[];
  missing: string[];
}

/** ' NIK ' and 'Nama  Usaha' match the spec names 'nik' and 'nama_usaha'. */
function normalizeHeader(header: string): string {
  return header.trim().toLowerCase().replace(/\s+/g, '_');
}

function matchColumns(headerFields: RawRow['fields'], spec: TabularSpec): Columns {
  const keys = [...new Set([...spec.required, ...(spec.optional ?? [])])];
  const keyByHeader = new Map<string, string>();
  for (const key of keys) {
    const header = normalizeHeader(key);
    if (!keyByHeader.has(header)) keyByHeader.set(header, key);
  }
  const indexByKey = new Map<string, number>();
  headerFields.forEach((field, index) => {
    const key = keyByHeader.get(normalizeHeader(fieldText(field)));
    if (key !== undefined && !indexByKey.has(key)) indexByKey.set(key, index);
  });
  return {
    keys,
    indexes: keys.map((key) => indexByKey.get(key) ?? -1),
    found: keys.filter((key) => indexByKey.has(key)),
    missing: spec.required.filter((key) => !indexByKey.has(key)),
  };
}

function fieldText(field: Field | undefined): string {
  if (field === undefined) return '';
  return typeof field === 'string' ? field.trim() : field.text;
}

function isBlank(fields: RawRow['fields']): boolean {
  for (const field of fields) if (fieldText(field) !== '') return false;
  return true;
}

function toRow(raw: RawRow, columns: Columns): TabularRow | undefined {
  const { keys, indexes } = columns;
  const { fields } = raw;
  const cells: Record<string, Cell> = {};
  let hasText = false;
  for (let i = 0; i < keys.length; i++) {
    const index = indexes[i]!;
    const field = index < 0 ? undefined : fields[index];
    const cell = field === undefined ? EMPTY : typeof field === 'string' ? textCell(field) : field;
    if (cell.text !== '') hasText = true;
    cells[keys[i]!] = cell;
  }
  // A row with text only in columns the spec ignores is still a row the user filled in.
  if (!hasText && isBlank(fields)) return undefined;
  return { rowNumber: raw.rowNumber, cells };
}

/** Lets openTabular look at the header and first data row, then hands the rest to rows(). */
class RawRowQueue {
  private batch: RawRow[] = [];
  private position = 0;
  private closed = false;

  constructor(private readonly source: RawBatches) {}

  async nextNonBlank(): Promise<RawRow | undefined> {
    for (;;) {
      while (this.position >= this.batch.length) {
        const next = await this.source.next();
        if (next.done) return undefined;
        this.batch = next.value;
        this.position = 0;
      }
      const row = this.batch[this.position++]!;
      if (!isBlank(row.fields)) return row;
    }
  }

  unread() {
    this.position -= 1;
  }

  async *rest(): RawBatches {
    if (this.closed) return;
    if (this.position < this.batch.length) yield this.batch.slice(this.position);
    this.batch = [];
    yield* this.source;
  }

  /**
   * Stops the source early. A failure while winding it down (exceljs or unzipper tripping over the
   * half-read zip) is swallowed: the caller has stopped reading, and must not see a "corrupt file"
   * error replace the one it is raising, such as a missing header.
   */
  async close() {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.source.return(undefined);
    } catch {
      // See above: the rest of the file no longer matters.
    }
  }
}

function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0);
}
