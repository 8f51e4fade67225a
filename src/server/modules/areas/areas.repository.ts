import { sql } from 'kysely';
import type { DB } from '../../db/database.ts';
import { ancestorOfScope, withinScope } from '../../http/scope.ts';
import type { AreaTable } from './areas.table.ts';

export async function countAreas(db: DB): Promise<number> {
  const row = await db
    .selectFrom('area')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

/** One set-based insert per call (arrays unnested server-side), not a query per row. */
export async function insertAreas(db: DB, rows: AreaTable[]) {
  if (rows.length === 0) return;
  await sql`
    insert into area (code, parent_code, level, name)
    select * from unnest(${rows.map((r) => r.code)}::text[], ${rows.map((r) => r.parent_code)}::text[],
                         ${rows.map((r) => r.level)}::int2[], ${rows.map((r) => r.name)}::text[])
    on conflict (code) do update set name = excluded.name, parent_code = excluded.parent_code`.execute(db);
}

export async function findArea(db: DB, code: string) {
  return db.selectFrom('area').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function findAreas(db: DB, codes: string[]) {
  if (codes.length === 0) return [];
  return db.selectFrom('area').selectAll().where('code', 'in', codes).orderBy('level').execute();
}

/**
 * Areas of one level inside `within` that the `scope` can see: those inside the scope, and the
 * ancestors of the scope (an officer of one kelurahan still sees the kecamatan that holds it).
 */
export async function listAreasInScope(db: DB, level: number, within: string, scope: string) {
  return db
    .selectFrom('area as a')
    .select([
      'a.code',
      'a.name',
      'a.level',
      'a.parent_code',
      (eb) =>
        eb
          .selectFrom('area as c')
          .whereRef('c.parent_code', '=', 'a.code')
          .where((eb2) => withinScope(eb2, 'c.code', scope))
          .select((eb2) => eb2.fn.countAll<number>().as('n'))
          .as('children'),
    ])
    .where('a.level', '=', level)
    .where((eb) => withinScope(eb, 'a.code', within))
    .where((eb) => eb.or([withinScope(eb, 'a.code', scope), ancestorOfScope('a.code', scope)]))
    .orderBy('a.code')
    .execute();
}

/** All codes of one level, optionally inside an area (lookups for bulk validation). */
export async function listCodes(db: DB, level: number, within?: string) {
  let q = db.selectFrom('area').select(['code', 'parent_code']).where('level', '=', level);
  if (within) q = q.where((eb) => withinScope(eb, 'code', within));
  return q.execute();
}
