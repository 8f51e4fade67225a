import type { ColumnType, Generated, Selectable } from 'kysely';
import type { InstitutionType } from '../../../shared/mentoring.ts';

export interface InstitutionTable {
  id: Generated<number>;
  name: string;
  type: Generated<InstitutionType>;
  contact_name: string | null;
  phone: string | null;
  address: string | null;
  /** Where the institution works; null when it works city-wide. */
  kelurahan_code: string | null;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, Date>;
}
export type InstitutionRow = Selectable<InstitutionTable>;
