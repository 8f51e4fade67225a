import { AppError } from '../http/errors.ts';

/**
 * What the CSV and XLSX readers share with `openTabular`: the cell, the raw rows a reader hands out
 * and the one error type for a problem with the file itself.
 */

export interface Cell {
  /** Trimmed cell text. */
  text: string;
  /** True when an XLSX cell was typed as a number: Excel keeps 15 significant digits, so a 16-digit NIK may have lost its last digit. */
  numeric: boolean;
}

export const EMPTY: Cell = Object.freeze({ text: '', numeric: false });

export function textCell(raw: string): Cell {
  const text = raw.trim();
  return text === '' ? EMPTY : { text, numeric: false };
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

export const NOT_TABULAR = 'Berkas bukan CSV atau XLSX.';
export const NOT_UTF8 = 'Berkas CSV harus berenkode UTF-8. Simpan ulang dari Excel sebagai "CSV UTF-8".';

/**
 * CSV fields stay raw strings (trimmed later, only for the columns the spec wants); XLSX fields are
 * already cells because their type matters.
 */
export type Field = string | Cell;

export interface RawRow {
  /** See `TabularRow.rowNumber`. */
  rowNumber: number;
  fields: readonly (Field | undefined)[];
}

/** A reader's rows in file order, blank ones included, in batches. */
export type RawBatches = AsyncGenerator<RawRow[], void, undefined>;

/** Bytes of the file a reader has taken so far, for the progress bar. */
export interface ByteCount {
  bytes: number;
}

export function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0);
}
