import type { ColumnType, Generated, JSONColumnType, Selectable } from 'kysely';

export const IMPORT_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export type ImportSummary = { total: number; [field: string]: unknown };

export interface ImportError {
  code: string;
  message: string;
  details?: unknown;
}

export interface ImportJobTable {
  id: Generated<number>;
  kind: string;
  status: ImportStatus;
  file_name: string;
  params: JSONColumnType<Record<string, unknown>, string, string>;
  created_by: number | null;
  created_by_label: string;
  created_at: ColumnType<Date, never, never>;
  finished_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  total_bytes: number;
  bytes_read: Generated<number>;
  rows_read: Generated<number>;
  summary: ColumnType<ImportSummary | null, string | null | undefined, string | null>;
  error: ColumnType<ImportError | null, string | null | undefined, string | null>;
}
export type ImportJobRow = Selectable<ImportJobTable>;

export interface ImportRejectionTable {
  job_id: number;
  row_number: number;
  /** The row's state in Indonesian where an import has states besides rejected (the aid intake). */
  state: ColumnType<string | null, string | null | undefined, string | null>;
  /** Reason codes, comma-separated when a row has several. */
  reason: string;
  message: string;
  data: JSONColumnType<Record<string, string>, string, string>;
}
