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
 * one round trip then serves many requests; the reads of one request that start together share one.
 */

interface Entry {
  snapshot: string;
  value: Promise<unknown>;
  /** Its share of MAX_WEIGHT once computed (1 until then). */
  weight: number;
}

interface State {
  entries: Map<string, Entry>;
  /** The sum of the entries' weights. */
  weight: number;
  /** The snapshot query on its way. */
  running: Promise<string> | null;
  /** The next one, not sent yet: every call until it is sent shares it. */
  next: Promise<string> | null;
}

/** What a database's entries may weigh together (an answer weighs 1, a list page its rows); the least recently used goes first. */
const MAX_WEIGHT = 10_000;
const states = new WeakMap<DB, State>();

function stateOf(db: DB): State {
  let state = states.get(db);
  if (!state) {
    state = { entries: new Map(), weight: 0, running: null, next: null };
    states.set(db, state);
  }
  return state;
}

/**
 * The database's current snapshot, taken after this call: by the next snapshot query, which is sent
 * once the one on its way (if any) has answered, and which every call until then shares.
 */
export function currentSnapshot(db: DB): Promise<string> {
  const state = stateOf(db);
  if (state.next) return state.next;
  const send = () => {
    state.next = null;
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
  state.next = (state.running ?? Promise.resolve('')).then(send, send);
  return state.next;
}

export interface KeepOptions<T> {
  /** How much a large answer (rows) counts against the cache's size (1 when not given). */
  weigh?: (value: T) => number;
  /**
   * The snapshot to compare with, from `currentSnapshot` called after the request arrived: the reads that
   * make one answer (the list's period, its page and its total) share it instead of waiting for one each.
   * Only for reads with no write of their own before them: a snapshot taken before a write does not see it.
   */
  snapshot?: Promise<string>;
}

/**
 * The answer of `compute` for the current state of the database: the one kept under `key` when nothing
 * has been committed since it was computed, else computed now and kept. Calls that find the same answer
 * being computed from the snapshot they see wait for it. The answer is shared between callers: never
 * change it.
 */
export async function whileUnchanged<T>(
  db: DB,
  key: string,
  compute: () => Promise<T>,
  { weigh, snapshot: given }: KeepOptions<T> = {},
): Promise<T> {
  const snapshot = await (given ?? currentSnapshot(db));
  const state = stateOf(db);
  const known = state.entries.get(key);
  if (known?.snapshot === snapshot) {
    state.entries.delete(key);
    state.entries.set(key, known);
    return known.value as Promise<T>;
  }
  const value = compute();
  const entry: Entry = { snapshot, value, weight: 1 };
  remove(state, key);
  state.entries.set(key, entry);
  state.weight += entry.weight;
  value.then(
    (v) => {
      if (!weigh || state.entries.get(key) !== entry) return;
      const weight = Math.max(1, weigh(v));
      state.weight += weight - entry.weight;
      entry.weight = weight;
      evict(state);
    },
    // A failed computation is not kept: the next call computes again.
    () => {
      if (state.entries.get(key) === entry) remove(state, key);
    },
  );
  evict(state);
  return value;
}

function remove(state: State, key: string) {
  const entry = state.entries.get(key);
  if (!entry) return;
  state.entries.delete(key);
  state.weight -= entry.weight;
}

function evict(state: State) {
  while (state.weight > MAX_WEIGHT && state.entries.size > 1)
    remove(state, state.entries.keys().next().value!);
}
