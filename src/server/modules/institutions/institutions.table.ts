import type { ColumnType, Generated, Selectable } from 'kysely';

export interface InstitutionTable {
  id: Generated<number>;
  name: string;
  created_at: ColumnType<Date, never, never>;
}
export type InstitutionRow = Selectable<InstitutionTable>;
