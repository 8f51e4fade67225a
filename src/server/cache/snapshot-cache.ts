import { sql } from 'kysely';
import type { DB } from '../db/database.ts';

/*
 * Answers read from the database that cost a scan or several queries and change seldom (registered
 * businesses per area, the total of a list, the dashboard's figures), kept in memory for as long as the
 * database has not changed.
 *
 * "Has not changed" is exact and costs one round trip that reads no table: PostgreSQL's current snapshot
 * (`pg_current_snapshot()`: the next transaction id and the writing transactions still running) moves
 * whenever a transaction that writes begins or ends, anywhere in the cluster, and while it stands still
 * nothing has been committed. An answer is kept with the snapshot taken before it was computed; it is
 * served again while the current snapshot, taken after the request arrived, is that same one. A write by
 * this process, the command line or an import moves it, and the next read computes afresh; reads never
 * move it. A busy cluster (other databases writing) only makes the cache miss more often.
 *
 * One snapshot query runs at a time per database: the calls that arrive while one runs (it may have been
 * sent before they arrived, so it cannot answer them) share the next one, sent when it ends. Under load,
 * one round trip then serves many requests.
 */

interface Entry {
  snapshot: string;
  value: Promise<unknown>;
}

interface State {
  entries: Map<string, Entry>;
  /** The snapshot query on its way. */
  running: Promise<string> | null;
  /** The next one, for the calls that arrived while `running` was on its way. */
  queued: Promise<string> | null;
}

/** Entries per database; the least recently used goes first. */
const MAX_ENTRIES = 500;
const states = new WeakMap<DB, State>();

function stateOf(db: DB): State {
  let state = states.get(db);
  if (!state) {
    state = { entries: new Map(), running: null, queued: null };
    states.set(db, state);
  }
  return state;
}

/** The database's current snapshot, taken after this call. */
export function currentSnapshot(db: DB): Promise<string> {
  const state = stateOf(db);
  if (state.queued) return state.queued;
  const send = () => {
    const query = sql<{ snapshot: string }>`select pg_current_snapshot()::text as snapshot`
      .execute(db)
      .then((r) => r.rows[0]!.snapshot);
    state.running = query;
    const settle = () => {
      if (state.running === query) state.running = null;
    };
    query.then(settle, settle);
    return query;
  };
  if (!state.running) return send();
  const ended = () => {
    state.queued = null;
    return send();
  };
  state.queued = state.running.then(ended, ended);
  return state.queued;
}

/**
 * The answer of `compute` for the current state of the database: the one kept under `key` when nothing
 * has been committed since it was computed, else computed now and kept. Calls that find the same answer
 * being computed from the snapshot they see wait for it. The answer is shared between callers: never
 * change it.
 */
export async function whileUnchanged<T>(db: DB, key: string, compute: () => Promise<T>): Promise<T> {
  const snapshot = await currentSnapshot(db);
  const { entries } = stateOf(db);
  const known = entries.get(key);
  if (known?.snapshot === snapshot) {
    entries.delete(key);
    entries.set(key, known);
    return known.value as Promise<T>;
  }
  const value = compute();
  const entry: Entry = { snapshot, value };
  entries.delete(key);
  entries.set(key, entry);
  if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  // A failed computation is not kept: the next call computes again.
  value.catch(() => {
    if (entries.get(key) === entry) entries.delete(key);
  });
  return value;
}
