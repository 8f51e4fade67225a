import { type Insertable, type SelectQueryBuilder, sql, type Updateable } from 'kysely';
import type { InstitutionType } from '../../../shared/mentoring.ts';
import type { DB } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import type { Executor } from '../audit/audit.repository.ts';
import type { InstitutionTable } from './institutions.table.ts';

export async function findInstitution(db: Executor, id: number) {
  return db.selectFrom('institution').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findInstitutionByName(db: Executor, name: string) {
  return db
    .selectFrom('institution')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .executeTakeFirst();
}

/** An institution with its kelurahan's name and its counts: mentors, admins, open cases of its mentors. */
function withCounts<O>(query: SelectQueryBuilder<Database & { i: Database['institution'] }, 'i', O>) {
  return query
    .leftJoin('area as a', 'a.code', 'i.kelurahan_code')
    .selectAll('i')
    .select([
      'a.name as kelurahan_name',
      sql<number>`(select count(*)::int from app_user u where u.institution_id = i.id and u.role = 'mentor')`.as(
        'mentors',
      ),
      sql<number>`(select count(*)::int from app_user u where u.institution_id = i.id and u.role = 'institution_admin')`.as(
        'admins',
      ),
      sql<number>`(select count(*)::int from mentoring_case c join app_user u on u.id = c.mentor_id
                   where u.institution_id = i.id and c.closed_on is null)`.as('open_cases'),
    ]);
}

export type InstitutionView = Awaited<ReturnType<typeof findInstitutionView>> & {};

export async function findInstitutionView(db: Executor, id: number) {
  return withCounts(db.selectFrom('institution as i')).where('i.id', '=', id).executeTakeFirst();
}

export async function listInstitutions(db: DB) {
  return withCounts(db.selectFrom('institution as i')).orderBy('i.name').execute();
}

export async function searchInstitutions(
  db: DB,
  filter: { q?: string; type?: InstitutionType; limit: number; offset: number },
) {
  let query = db.selectFrom('institution as i');
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([eb('i.name', 'ilike', like), eb('i.contact_name', 'ilike', like), eb('i.phone', 'ilike', like)]),
    );
  }
  if (filter.type) query = query.where('i.type', '=', filter.type);
  const [items, total] = await Promise.all([
    withCounts(query).orderBy('i.name').orderBy('i.id').limit(filter.limit).offset(filter.offset).execute(),
    query.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: total.n };
}

export async function listInstitutionAdmins(db: DB, institutionId: number) {
  return db
    .selectFrom('app_user')
    .select(['id', 'name', 'email', 'disabled_at'])
    .where('institution_id', '=', institutionId)
    .where('role', '=', 'institution_admin')
    .orderBy('name')
    .execute();
}

export async function insertInstitution(db: Executor, values: Insertable<InstitutionTable>) {
  return db.insertInto('institution').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateInstitution(db: Executor, id: number, values: Updateable<InstitutionTable>) {
  return db
    .updateTable('institution')
    .set(values)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}
