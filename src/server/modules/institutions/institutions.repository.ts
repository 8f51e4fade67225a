import type { DB } from '../../db/database.ts';
import type { Executor } from '../audit/audit.repository.ts';

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

export async function listInstitutions(db: DB) {
  return db
    .selectFrom('institution as i')
    .select([
      'i.id',
      'i.name',
      'i.created_at',
      (eb) =>
        eb
          .selectFrom('app_user as u')
          .whereRef('u.institution_id', '=', 'i.id')
          .where('u.role', '=', 'mentor')
          .select((eb2) => eb2.fn.countAll<number>().as('n'))
          .as('mentors'),
    ])
    .orderBy('i.name')
    .execute();
}

export async function insertInstitution(db: Executor, name: string) {
  return db.insertInto('institution').values({ name }).returningAll().executeTakeFirstOrThrow();
}
