import { type RawBuilder, sql } from 'kysely';
import type { DB } from '../../db/database.ts';
import type { Executor } from '../audit/audit.repository.ts';

/** How many failures a key may have before it locks, and how long the locks last. */
export interface ThrottlePolicy {
  /** Failures allowed before the next one locks. */
  free: number;
  /** The first lock; each further failure doubles it, up to `maxSeconds`. */
  baseSeconds: number;
  maxSeconds: number;
  /** A key with no failure for this long starts again from nothing. */
  forgetSeconds: number;
}

export interface ThrottleKey {
  /** The account typed (lower-cased), or '' for every account guessed from `ip`. */
  account: string;
  ip: string;
}

/** Until when a key that has just reached `failures` is locked (null: not locked). */
function lockAfter(failures: RawBuilder<number>, p: ThrottlePolicy) {
  return sql<Date | null>`case when ${failures} > ${p.free}::int
    then now() + least(${p.maxSeconds}::float8, ${p.baseSeconds}::float8 * power(2, ${failures} - ${p.free}::int - 1)) * interval '1 second'
  end`;
}

/**
 * Counts one more guess for `key`, in one statement so that parallel guesses each get their own number;
 * refused while the key is locked. Answers null when counted, or the end of the lock that refused it.
 */
export async function countFailure(
  db: Executor,
  key: ThrottleKey,
  p: ThrottlePolicy,
): Promise<{ lockedUntil: Date } | null> {
  const next = sql<number>`case when t.last_failure_at < now() - ${p.forgetSeconds}::float8 * interval '1 second'
    then 1 else t.failures + 1 end`;
  const { rows } = await sql<{ id: number }>`
    insert into sign_in_throttle as t (account, ip, failures, last_failure_at, locked_until)
    values (${key.account}, ${key.ip}, 1, now(), ${lockAfter(sql<number>`1`, p)})
    on conflict (account, ip) do update
      set failures = ${next}, last_failure_at = now(), locked_until = ${lockAfter(next, p)}
      where t.locked_until is null or t.locked_until <= now()
    returning t.id
  `.execute(db);
  if (rows.length > 0) return null;
  // Locked. Read in a statement of its own: this one's snapshot may predate the guess that set the lock.
  const lock = await db
    .selectFrom('sign_in_throttle')
    .select('locked_until')
    .where('account', '=', key.account)
    .where('ip', '=', key.ip)
    .executeTakeFirst();
  return { lockedUntil: lock?.locked_until ?? new Date(Date.now() + 1000) };
}

/** Takes back one counted guess (it proved right), and the lock it may have set. */
export async function uncountFailure(db: Executor, key: ThrottleKey, p: ThrottlePolicy) {
  await db
    .updateTable('sign_in_throttle')
    .set({
      failures: sql`greatest(failures - 1, 0)`,
      locked_until: sql`case when failures - 1 > ${p.free}::int then locked_until end`,
    })
    .where('account', '=', key.account)
    .where('ip', '=', key.ip)
    .execute();
}

export async function deleteThrottle(db: Executor, key: ThrottleKey) {
  await db
    .deleteFrom('sign_in_throttle')
    .where('account', '=', key.account)
    .where('ip', '=', key.ip)
    .execute();
}

export async function listLocks(db: DB, page: { limit: number; offset: number }) {
  const locked = db.selectFrom('sign_in_throttle').where('locked_until', '>', sql<Date>`now()`);
  const [items, count] = await Promise.all([
    locked
      .selectAll()
      .orderBy('locked_until', 'desc')
      .orderBy('id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    locked.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: count.n };
}

export async function deleteThrottleById(db: Executor, id: number) {
  return db.deleteFrom('sign_in_throttle').where('id', '=', id).returningAll().executeTakeFirst();
}

/** Forgets keys neither locked nor guessed at for `forgetSeconds`. */
export async function deleteStaleThrottles(db: DB, forgetSeconds: number) {
  await db
    .deleteFrom('sign_in_throttle')
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', sql<Date>`now()`)]))
    .where('last_failure_at', '<', sql<Date>`now() - ${forgetSeconds}::float8 * interval '1 second'`)
    .execute();
}
