import type { Insertable } from 'kysely';
import type { Role } from '../../../shared/roles.ts';
import type { DB } from '../../db/database.ts';
import type { Executor } from '../audit/audit.repository.ts';
import type { UserTable, UserUpdate } from './users.table.ts';

export async function findUserByEmail(db: Executor, email: string) {
  return db
    .selectFrom('app_user')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
}

export async function findUserById(db: Executor, id: number) {
  return db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertUser(db: Executor, values: Insertable<UserTable>) {
  return db.insertInto('app_user').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateUser(db: Executor, id: number, values: UserUpdate) {
  return db.updateTable('app_user').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function countActiveAdmins(db: Executor) {
  const row = await db
    .selectFrom('app_user')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin')
    .where('disabled_at', 'is', null)
    .executeTakeFirstOrThrow();
  return row.n;
}

export interface UserFilter {
  role?: Role;
  institutionId?: number;
  q?: string;
  status?: 'active' | 'disabled';
  limit: number;
  offset: number;
}

const userColumns = [
  'u.id',
  'u.email',
  'u.name',
  'u.role',
  'u.area_code',
  'u.institution_id',
  'u.must_change_password',
  'u.disabled_at',
  'u.last_login_at',
  'u.created_at',
  'a.name as area_name',
  'i.name as institution_name',
] as const;

function userQuery(db: Executor) {
  return db
    .selectFrom('app_user as u')
    .leftJoin('area as a', 'a.code', 'u.area_code')
    .leftJoin('institution as i', 'i.id', 'u.institution_id');
}

export async function listUsers(db: DB, f: UserFilter) {
  let query = userQuery(db);
  if (f.role) query = query.where('u.role', '=', f.role);
  if (f.institutionId) query = query.where('u.institution_id', '=', f.institutionId);
  if (f.status === 'active') query = query.where('u.disabled_at', 'is', null);
  if (f.status === 'disabled') query = query.where('u.disabled_at', 'is not', null);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, '\\$&')}%`;
    query = query.where((eb) => eb.or([eb('u.name', 'ilike', like), eb('u.email', 'ilike', like)]));
  }
  const [items, count] = await Promise.all([
    query.select(userColumns).orderBy('u.name').orderBy('u.id').limit(f.limit).offset(f.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: count.n };
}

export async function findUserView(db: Executor, id: number) {
  return userQuery(db).select(userColumns).where('u.id', '=', id).executeTakeFirst();
}
export type UserView = NonNullable<Awaited<ReturnType<typeof findUserView>>>;
