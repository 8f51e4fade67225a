import type { Insertable, Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { DB } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import type { AuditLogTable, JsonRecord } from './audit.table.ts';

export type Executor = Kysely<Database> | Transaction<Database>;

export async function insertAuditEntries(db: Executor, rows: Insertable<AuditLogTable>[]) {
  if (rows.length === 0) return;
  await db.insertInto('audit_log').values(rows).execute();
}

export interface AuditFilter {
  entity?: string;
  entityId?: string;
  action?: string;
  actorId?: number;
  q?: string;
  /** Calendar days (YYYY-MM-DD) in `timezone`, both inclusive. */
  from?: string;
  to?: string;
  timezone: string;
  limit: number;
  offset: number;
}

/** The entries a filter chooses (the page and the export share it). */
function filtered(db: DB, f: Omit<AuditFilter, 'limit' | 'offset'>) {
  let query = db.selectFrom('audit_log');
  if (f.entity) query = query.where('entity', '=', f.entity);
  if (f.entityId) query = query.where('entity_id', '=', f.entityId);
  if (f.action) query = query.where('action', '=', f.action);
  if (f.actorId) query = query.where('actor_id', '=', f.actorId);
  if (f.q) query = query.where('actor_label', 'ilike', `%${f.q.replace(/[\\%_]/g, '\\$&')}%`);
  if (f.from)
    query = query.where('at', '>=', sql<Date>`(${f.from}::date)::timestamp at time zone ${f.timezone}`);
  if (f.to)
    query = query.where('at', '<', sql<Date>`(${f.to}::date + 1)::timestamp at time zone ${f.timezone}`);
  return query;
}

export async function listAuditEntries(db: DB, f: AuditFilter) {
  const query = filtered(db, f);
  const [items, count] = await Promise.all([
    query.selectAll().orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: count.n };
}

/** Every entry a filter chooses, newest first, a batch at a time (by id, so no batch rereads the ones before). */
export async function* streamAuditEntries(
  db: DB,
  f: Omit<AuditFilter, 'limit' | 'offset'>,
  batchSize = 2000,
) {
  let before: number | null = null;
  for (;;) {
    let query = filtered(db, f);
    if (before !== null) query = query.where('id', '<', before);
    const rows = await query.selectAll().orderBy('id', 'desc').limit(batchSize).execute();
    if (rows.length) yield rows;
    if (rows.length < batchSize) return;
    before = rows[rows.length - 1]!.id;
  }
}

export async function listAuditValues(db: DB, column: 'entity' | 'action'): Promise<string[]> {
  const rows = await db.selectFrom('audit_log').select(column).distinct().orderBy(column).execute();
  return rows.map((r) => r[column]);
}

/**
 * What the entries of one page are about, by name: the areas they lie in and the records they changed
 * (businesses, owners, people, aid programs and proposals, institutions). One query per kind, not per row.
 */
export async function auditSubjects(
  db: DB,
  rows: readonly { entity: string; entity_id: string | null; area_code: string | null }[],
) {
  const idsOf = (entity: string) => [
    ...new Set(
      rows
        .filter((r) => r.entity === entity && r.entity_id !== null && /^\d{1,15}$/.test(r.entity_id))
        .map((r) => Number(r.entity_id)),
    ),
  ];
  const codes = [...new Set(rows.map((r) => r.area_code).filter((c): c is string => c !== null))];
  const when = <T>(ids: readonly unknown[], run: () => Promise<T[]>) =>
    ids.length ? run() : Promise.resolve([]);
  const [areas, businesses, owners, users, programs, proposals, institutions, cases] = await Promise.all([
    when(codes, () => db.selectFrom('area').select(['code', 'name']).where('code', 'in', codes).execute()),
    when(idsOf('business'), () =>
      db.selectFrom('business').select(['id', 'name']).where('id', 'in', idsOf('business')).execute(),
    ),
    when(idsOf('owner'), () =>
      db.selectFrom('owner').select(['id', 'name']).where('id', 'in', idsOf('owner')).execute(),
    ),
    when(idsOf('user'), () =>
      db.selectFrom('app_user').select(['id', 'name']).where('id', 'in', idsOf('user')).execute(),
    ),
    when(idsOf('aid_program'), () =>
      db
        .selectFrom('aid_program')
        .select(['id', 'name', 'code'])
        .where('id', 'in', idsOf('aid_program'))
        .execute(),
    ),
    when(idsOf('aid_proposal'), () =>
      db
        .selectFrom('aid_proposal as p')
        .innerJoin('aid_program as g', 'g.id', 'p.program_id')
        .select(['p.id', 'p.name', 'g.code'])
        .where('p.id', 'in', idsOf('aid_proposal'))
        .execute(),
    ),
    when(idsOf('institution'), () =>
      db.selectFrom('institution').select(['id', 'name']).where('id', 'in', idsOf('institution')).execute(),
    ),
    // A mentoring case goes by its business's name.
    when(idsOf('mentoring_case'), () =>
      db
        .selectFrom('mentoring_case as c')
        .innerJoin('business as b', 'b.id', 'c.business_id')
        .select(['c.id', 'b.name'])
        .where('c.id', 'in', idsOf('mentoring_case'))
        .execute(),
    ),
  ]);
  return { areas, businesses, owners, users, programs, proposals, institutions, cases };
}

export type { JsonRecord };
