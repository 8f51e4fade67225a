import type { ColumnType } from 'kysely';

/** A write sent with an Idempotency-Key: its first answer, kept so that a repeat gets it again. */
export interface IdempotentRequestTable {
  user_id: number;
  key: string;
  /** Method and address (path and query), e.g. `PUT /api/v1/businesses/7/omzet/2026-11`. */
  route: string;
  /** SHA-256 of the request body: the same key with another body is a mistake, not a repeat. */
  request_hash: string;
  /** Null while the first request is still being answered. */
  status: number | null;
  response_body: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
}
