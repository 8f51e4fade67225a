import { type FileHandle, open, stat } from 'node:fs/promises';
import { csvRows, detectDelimiter, Utf8Check } from './csv-reader.ts';
import {
  type ByteCount,
  type Cell,
  EMPTY,
  type Field,
  megabytes,
  NOT_TABULAR,
  NOT_UTF8,
  type RawBatches,
  type RawRow,
  TabularFileError,
  textCell,
} from './tabular-source.ts';
import { xlsxRows } from './xlsx-reader.ts';

export { type Cell, type TabularErrorCode, TabularFileError } from './tabular-source.ts';

/**
 * One streaming reader for the CSV and XLSX files that offices upload (business registries, monthly
 * turnover reports, aid applicants). It finds the columns a caller asks for by header name and hands
 * out rows in batches, so a 1.8M-row file never sits in memory.
 */

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

const DEFAULT_MAX_BYTES = 200 * 1024 * 1024;
const SNIFF_BYTES = 64 * 1024;
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
  const meter: ByteCount = { bytes: 0 };
  const source = kind.format === 'csv' ? csvRows(path, kind.delimiter, meter) : xlsxRows(path, size, meter);
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
    // upload); refused at once, before any part of it is unpacked.
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
   * Stops the source early. A failure while winding it down (the zip reader tripping over the
   * half-read file) is swallowed: the caller has stopped reading, and must not see a "corrupt file"
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
