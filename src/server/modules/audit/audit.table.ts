import type { ColumnType, Generated, JSONColumnType, Selectable } from 'kysely';

export type JsonRecord = Record<string, unknown>;

export interface AuditLogTable {
  id: Generated<number>;
  at: ColumnType<Date, never, never>;
  actor_id: number | null;
  actor_label: string;
  action: string;
  entity: string;
  entity_id: string | null;
  area_code: string | null;
  old_values: JSONColumnType<JsonRecord | null, string | null, never>;
  new_values: JSONColumnType<JsonRecord | null, string | null, never>;
  request_id: string | null;
  ip: string | null;
}
export type AuditLogRow = Selectable<AuditLogTable>;
