import { sql } from 'kysely';
import type { DB } from '../../db/database.ts';
import type { Executor } from '../audit/audit.repository.ts';
import type { EventRow } from './events.table.ts';

/** An event with its organizer's name and the counts of its people. */
export interface EventWithCounts extends EventRow {
  organizer_name: string | null;
  registered: number;
  waitlisted: number;
  attended: number;
}

function withCounts(db: Executor) {
  return db
    .selectFrom('event as e')
    .leftJoin('institution as i', 'i.id', 'e.institution_id')
    .selectAll('e')
    .select([
      'i.name as organizer_name',
      sql<number>`(select count(*)::int from event_registration r where r.event_id = e.id and r.status = 'registered')`.as(
        'registered',
      ),
      sql<number>`(select count(*)::int from event_registration r where r.event_id = e.id and r.status = 'waitlisted')`.as(
        'waitlisted',
      ),
      sql<number>`(select count(*)::int from event_registration r where r.event_id = e.id and r.checked_in_at is not null)`.as(
        'attended',
      ),
    ]);
}

export async function findEvent(db: Executor, id: number): Promise<EventWithCounts | undefined> {
  return withCounts(db).where('e.id', '=', id).executeTakeFirst();
}

export async function findEventBySlug(db: Executor, slug: string): Promise<EventWithCounts | undefined> {
  return withCounts(db).where('e.slug', '=', slug).executeTakeFirst();
}

/** The event row locked for the rest of the transaction: every change of its seats goes through here. */
export async function lockEvent(db: Executor, id: number): Promise<EventRow | undefined> {
  return db.selectFrom('event').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export interface EventFilter {
  institutionId?: number;
  q?: string;
  state?: EventRow['state'];
  when?: 'upcoming' | 'past';
  publishedOnly?: boolean;
}

function filtered(db: DB, f: EventFilter) {
  let query = withCounts(db);
  if (f.institutionId !== undefined) query = query.where('e.institution_id', '=', f.institutionId);
  if (f.q) query = query.where('e.title', 'ilike', `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (f.state) query = query.where('e.state', '=', f.state);
  if (f.publishedOnly) query = query.where('e.state', '=', 'published');
  if (f.when === 'upcoming') query = query.where('e.ends_at', '>=', sql<Date>`now()`);
  if (f.when === 'past') query = query.where('e.ends_at', '<', sql<Date>`now()`);
  return query;
}

export async function listEvents(db: DB, f: EventFilter, limit: number, offset: number) {
  const order = f.when === 'past' ? 'desc' : 'asc';
  const [items, total] = await Promise.all([
    filtered(db, f).orderBy('e.starts_at', order).orderBy('e.id').limit(limit).offset(offset).execute(),
    filtered(db, f).clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: total.n };
}
