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

export async function listAuditEntries(db: DB, f: AuditFilter) {
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
  const [items, count] = await Promise.all([
    query.selectAll().orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: count.n };
}

export async function listAuditValues(db: DB, column: 'entity' | 'action'): Promise<string[]> {
  const rows = await db.selectFrom('audit_log').select(column).distinct().orderBy(column).execute();
  return rows.map((r) => r[column]);
}

export type { JsonRecord };
