import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { CsvError } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import {
  type ByteCount,
  NOT_TABULAR,
  NOT_UTF8,
  type RawBatches,
  type RawRow,
  TabularFileError,
} from './tabular-source.ts';

/**
 * CSV rows. A line without a quote is split on the delimiter by hand, which is what nearly every
 * line of an office's file is; anything quoted goes through csv-parse, so both give the records
 * csv-parse alone would give (see docs/decisions/0008-fast-tabular-readers.md).
 */

const CHUNK_BYTES = 64 * 1024;
/** A record this long almost always means an unclosed quote swallowing the rest of the file. */
const MAX_RECORD_CHARS = 1024 * 1024;
/**
 * A record still open after this many characters is refused without waiting for its end: csv-parse
 * refuses a record of more than a megabyte of field content, which this one has unless it is nearly
 * all delimiters.
 */
const MAX_PENDING_CHARS = 4 * MAX_RECORD_CHARS;
/** A UTF-8 character takes at most 3 bytes per UTF-16 unit, so a line this short is within csv-parse's limit. */
const MAX_SPLIT_CHARS = Math.floor(MAX_RECORD_CHARS / 3);
const QUOTE = 34;
const CR = 13;
const LF = 10;

export async function* csvRows(path: string, delimiter: string, meter: ByteCount): RawBatches {
  const file = fs.createReadStream(path, { highWaterMark: CHUNK_BYTES });
  const utf8 = new Utf8Check();
  const decoder = new StringDecoder('utf8');
  const records = new CsvRecords(delimiter);
  try {
    for await (const chunk of file as AsyncIterable<Buffer>) {
      meter.bytes += chunk.length;
      if (!utf8.accepts(chunk)) throw new TabularFileError('FileType', NOT_UTF8);
      // Text never holds a NUL byte (the sniff only sees the first 64 KB); PostgreSQL could not store it.
      if (chunk.includes(0)) throw new TabularFileError('FileType', NOT_TABULAR);
      const batch = records.push(decoder.write(chunk), false);
      if (batch.length > 0) yield batch;
    }
    if (!utf8.ended()) throw new TabularFileError('FileType', NOT_UTF8);
    const batch = records.push(decoder.end(), true);
    if (batch.length > 0) yield batch;
  } finally {
    // Closed before returning, so that a caller who stops early can delete the file at once.
    const closed = file.closed
      ? undefined
      : new Promise<void>((resolve) => file.once('close', () => resolve()));
    file.destroy();
    await closed;
  }
}

/**
 * Cuts decoded text into records the way csv-parse does with `bom`, `relax_quotes` and
 * `relax_column_count`: the record delimiter is the first line break outside quotes (CRLF, LF or
 * CR, and only that one afterwards), blank lines are records (the caller skips them, so that row
 * numbers count them as Excel does), and a quote opens a quoted field only at the start of a field.
 */
export class CsvRecords {
  private text = '';
  private started = false;
  private lineBreak: string | undefined;
  /** Records handed out so far: the last row number. */
  private count = 0;

  constructor(private readonly delimiter: string) {}

  /** Adds the next piece of text; returns the records it completes (with `end`, all that remain). */
  push(chunk: string, end: boolean): RawRow[] {
    let text = this.text + chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const out: RawRow[] = [];
    let pos = 0;
    // Consecutive records csv-parse must read, handed to it in one call.
    let quotedFrom = -1;
    let nextQuote = -1;
    while (pos < text.length) {
      if (nextQuote < pos) {
        nextQuote = text.indexOf('"', pos);
        if (nextQuote < 0) nextQuote = text.length;
      }
      const lineEnd = this.lineEnd(text, pos, end);
      const contentEnd = lineEnd ?? text.length;
      if (nextQuote >= contentEnd && contentEnd - pos <= MAX_SPLIT_CHARS) {
        // The line goes on in the next chunk.
        if (lineEnd === undefined && !end) break;
        if (quotedFrom >= 0) this.parseQuoted(text.slice(quotedFrom, pos), out);
        quotedFrom = -1;
        this.count += 1;
        out.push({ rowNumber: this.count, fields: text.slice(pos, contentEnd).split(this.delimiter) });
        pos = lineEnd === undefined ? text.length : lineEnd + this.lineBreak!.length;
      } else {
        // A line whose quotes all open and close whole fields on it is split here as well.
        const fields =
          lineEnd !== undefined && contentEnd - pos <= MAX_SPLIT_CHARS
            ? this.splitQuotedLine(text, pos, contentEnd)
            : undefined;
        if (fields) {
          if (quotedFrom >= 0) this.parseQuoted(text.slice(quotedFrom, pos), out);
          quotedFrom = -1;
          this.count += 1;
          out.push({ rowNumber: this.count, fields });
          pos = contentEnd + this.lineBreak!.length;
          continue;
        }
        const recordEnd = this.quotedRecordEnd(text, pos, end);
        if (recordEnd === undefined) break;
        if (quotedFrom < 0) quotedFrom = pos;
        pos = recordEnd;
      }
    }
    if (quotedFrom >= 0) this.parseQuoted(text.slice(quotedFrom, pos), out);
    this.text = text.slice(pos);
    if (this.text.length > MAX_PENDING_CHARS) throw unclosedQuote(this.count + 1);
    return out;
  }

  /**
   * Where the line from `pos` ends, not looking at quotes; undefined when the text has no line
   * break yet (or, at the end, none at all). Learns the line break from the first one it meets.
   */
  private lineEnd(text: string, pos: number, end: boolean): number | undefined {
    if (this.lineBreak !== undefined) {
      const at = text.indexOf(this.lineBreak, pos);
      return at < 0 ? undefined : at;
    }
    for (let i = pos; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === QUOTE) return undefined;
      if (code === CR || code === LF) return this.learnLineBreak(text, i, end) ? i : undefined;
    }
    return undefined;
  }

  /** Decides the line break at `i` (CRLF, LF or CR); false when a CR ends the text so far. */
  private learnLineBreak(text: string, i: number, end: boolean): boolean {
    if (text.charCodeAt(i) === LF) {
      this.lineBreak = '\n';
      return true;
    }
    if (i + 1 === text.length && !end) return false;
    this.lineBreak = text.charCodeAt(i + 1) === LF ? '\r\n' : '\r';
    return true;
  }

  /**
   * The fields of the line `text[pos, lineEnd)` when every quote in it opens a field and closes it right
   * before a delimiter or the line's end (doubled quotes inside): what csv-parse gives for such a line.
   * Anything else (a line break inside quotes, text after a closing quote, a quote inside a bare field)
   * gives undefined and goes to csv-parse.
   */
  private splitQuotedLine(text: string, pos: number, lineEnd: number): string[] | undefined {
    const delimiter = this.delimiter;
    const fields: string[] = [];
    let i = pos;
    for (;;) {
      if (text.charCodeAt(i) === QUOTE) {
        let value = '';
        let from = i + 1;
        for (;;) {
          const close = text.indexOf('"', from);
          if (close < 0 || close >= lineEnd) return undefined;
          value += text.slice(from, close);
          if (text.charCodeAt(close + 1) === QUOTE && close + 1 < lineEnd) {
            value += '"';
            from = close + 2;
            continue;
          }
          i = close + 1;
          break;
        }
        if (/[\r\n]/.test(value)) return undefined;
        fields.push(value);
        if (i === lineEnd) return fields;
        if (text[i] !== delimiter) return undefined;
        i += 1;
      } else {
        let next = text.indexOf(delimiter, i);
        if (next < 0 || next > lineEnd) next = lineEnd;
        const value = text.slice(i, next);
        if (value.includes('"')) return undefined;
        fields.push(value);
        if (next === lineEnd) return fields;
        i = next + 1;
      }
    }
  }

  /**
   * The position after the record from `pos` and its line break, following csv-parse's quoting;
   * undefined when the text ends inside it and more is to come.
   */
  private quotedRecordEnd(text: string, pos: number, end: boolean): number | undefined {
    const delimiter = this.delimiter.charCodeAt(0);
    let fieldEmpty = true;
    let i = pos;
    while (i < text.length) {
      const code = text.charCodeAt(i);
      if (code === QUOTE && fieldEmpty) {
        // A quoted field: up to a quote that is not doubled. csv-parse closes it there even when
        // text follows (relax_quotes keeps that text in the field), so the field is not empty.
        for (i += 1; ; i += 2) {
          i = text.indexOf('"', i);
          // Unclosed at the end of the file: csv-parse reports it.
          if (i < 0) return end ? text.length : undefined;
          if (i + 1 === text.length && !end) return undefined;
          if (text.charCodeAt(i + 1) !== QUOTE) break;
        }
        i += 1;
        fieldEmpty = false;
        continue;
      }
      if (code === CR || code === LF) {
        if (this.lineBreak === undefined && !this.learnLineBreak(text, i, end)) return undefined;
        if (text.startsWith(this.lineBreak!, i)) return i + this.lineBreak!.length;
      }
      fieldEmpty = code === delimiter;
      i += 1;
    }
    return end ? text.length : undefined;
  }

  /** Whole records with quotes, read by csv-parse itself. */
  private parseQuoted(text: string, out: RawRow[]) {
    let records: string[][];
    try {
      records = parse(text, {
        delimiter: this.delimiter,
        record_delimiter: this.lineBreak,
        relax_column_count: true,
        relax_quotes: true,
        max_record_size: MAX_RECORD_CHARS,
      });
    } catch (error) {
      throw csvFailure(error, this.count);
    }
    for (const fields of records) {
      this.count += 1;
      out.push({ rowNumber: this.count, fields });
    }
  }
}

function csvFailure(error: unknown, recordsBefore: number): unknown {
  if (!(error instanceof CsvError)) return error;
  // Blank lines are records here too, so the failing record's number is the row number rows() would give.
  const line = typeof error.records === 'number' ? ` di baris ${recordsBefore + error.records + 1}` : '';
  const reason =
    error.code === 'CSV_QUOTE_NOT_CLOSED' || error.code === 'CSV_MAX_RECORD_SIZE'
      ? UNCLOSED_QUOTE
      : error.code === 'CSV_INVALID_CLOSING_QUOTE'
        ? 'ada teks langsung setelah tanda kutip penutup'
        : 'format CSV tidak sah';
  return new TabularFileError('FileCorrupt', `Berkas CSV rusak${line}: ${reason}.`);
}

const UNCLOSED_QUOTE = 'ada tanda kutip (") yang tidak ditutup';

function unclosedQuote(rowNumber: number): TabularFileError {
  return new TabularFileError('FileCorrupt', `Berkas CSV rusak di baris ${rowNumber}: ${UNCLOSED_QUOTE}.`);
}

/** The delimiter that occurs most, outside quotes, in the first line with content; comma on a tie. */
export function detectDelimiter(text: string): string {
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
export class Utf8Check {
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
