import { sql, type Transaction } from 'kysely';
import type { DB } from '../db/database.ts';
import type { Database } from '../db/schema.ts';

/*
 * Values read from the database that cost a scan to compute and change seldom (registered businesses per
 * area, the total of a list), kept in memory for as long as the database has not changed.
 *
 * "Has not changed" is exact and costs one round trip that reads no table: PostgreSQL's current snapshot
 * (`pg_current_snapshot()`: the next transaction id and the writing transactions still running) moves
 * whenever a transaction that writes begins or ends, anywhere in the cluster, and while it stands still
 * every query sees the same rows. So a value is computed in a repeatable-read transaction together with
 * that transaction's snapshot, and served again while the current snapshot is the same one. A write by
 * this process, the command line or an import moves it, and the next read computes afresh; reads never
 * move it. A busy cluster (other databases writing) only makes the cache miss more often.
 */

interface Entry {
  snapshot: Promise<string>;
  value: Promise<unknown>;
}

/** Entries per database; the least recently used goes first. */
const MAX_ENTRIES = 500;
const caches = new WeakMap<DB, Map<string, Entry>>();

async function currentSnapshot(db: DB | Transaction<Database>): Promise<string> {
  const { rows } = await sql<{ snapshot: string }>`select pg_current_snapshot()::text as snapshot`.execute(
    db,
  );
  return rows[0]!.snapshot;
}

/**
 * The value of `compute` for the current state of the database: the one kept under `key` when nothing has
 * been written since it was computed, else computed now (in one repeatable-read snapshot) and kept. A
 * request that finds the same value being computed from the snapshot it sees waits for it. The value is
 * shared between callers: never change it.
 */
export async function whileUnchanged<T>(
  db: DB,
  key: string,
  compute: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  let entries = caches.get(db);
  if (!entries) {
    entries = new Map();
    caches.set(db, entries);
  }
  if (entries.has(key)) {
    const now = await currentSnapshot(db);
    // The newest entry after the round trip: one that another request started meanwhile may fit.
    const known = entries.get(key);
    if (known && (await known.snapshot.catch(() => null)) === now) {
      entries.delete(key);
      entries.set(key, known);
      return known.value as Promise<T>;
    }
  }
  let taken: (snapshot: string) => void = () => {};
  let failed: (err: unknown) => void = () => {};
  const snapshot = new Promise<string>((resolve, reject) => {
    taken = resolve;
    failed = reject;
  });
  snapshot.catch(() => {});
  const value = db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      taken(await currentSnapshot(trx));
      return compute(trx);
    });
  const entry: Entry = { snapshot, value };
  entries.delete(key);
  entries.set(key, entry);
  if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  // A failed computation is not kept: the next call computes again.
  value.catch((err) => {
    failed(err);
    if (entries.get(key) === entry) entries.delete(key);
  });
  return value;
}
