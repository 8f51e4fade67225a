import type { ColumnType, Generated, Selectable, Updateable } from 'kysely';
import type { Role } from '../../../shared/roles.ts';

export interface UserTable {
  id: Generated<number>;
  email: string;
  name: string;
  role: Role;
  area_code: string | null;
  institution_id: number | null;
  password_hash: string;
  must_change_password: Generated<boolean>;
  disabled_at: Date | null;
  last_login_at: Date | null;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, Date>;
}
export type UserRow = Selectable<UserTable>;
export type UserUpdate = Updateable<UserTable>;
