import type { ColumnType } from 'kysely';

export interface SessionTable {
  id: string;
  user_id: number;
  created_at: ColumnType<Date, never, never>;
  expires_at: Date;
  ip: string | null;
  user_agent: string | null;
}
