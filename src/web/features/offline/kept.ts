import { useSyncExternalStore } from 'react';
import type { OfflineWrite, OfflineWriteKind } from './writes.ts';

/**
 * What Bangkit keeps on the device (IndexedDB, database `bangkit`, through idb-keyval): the writes waiting to
 * be sent, and the ones the server refused until the person has read them. Stored by structured clone, so a
 * photo stays a Blob.
 */
type KeyVal = typeof import('idb-keyval') & { store: import('idb-keyval').UseStore };
let keyvalLoading: Promise<KeyVal | undefined> | undefined;
export function keyval(): Promise<KeyVal | undefined> {
  keyvalLoading ??=
    typeof indexedDB === 'undefined'
      ? Promise.resolve(undefined)
      : import('idb-keyval').then((kv) => ({ ...kv, store: kv.createStore('bangkit', 'offline') }));
  return keyvalLoading;
}
export const QUEUE = 'waiting-writes';
const REFUSED = 'refused-writes';

/** A write the server refused on arrival, kept until the person dismisses it. */
export interface RefusedWrite {
  kind: OfflineWriteKind;
  write: Omit<OfflineWrite, 'file' | 'photos'>;
  status: number;
  code: string;
  detail: string;
  refusedAt: string;
}

let refused: RefusedWrite[] = [];
let loaded = false;
const listeners = new Set<() => void>();

async function keep(next: RefusedWrite[]) {
  refused = next;
  for (const listener of listeners) listener();
  const kv = await keyval();
  await kv?.set(REFUSED, next, kv.store);
}

/** The refused writes, read from the device on first use. */
export function useRefusedWrites(): RefusedWrite[] {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      if (!loaded) {
        loaded = true;
        void keyval().then(async (kv) => {
          const stored = await kv?.get<RefusedWrite[]>(REFUSED, kv.store);
          if (stored?.length) await keep([...stored, ...refused]);
        });
      }
      return () => listeners.delete(listener);
    },
    () => refused,
  );
}

export const addRefused = (entry: RefusedWrite) => keep([...refused, entry]);
export const dismissRefused = (key: string) => keep(refused.filter((r) => r.write.key !== key));
export const forgetRefused = () => keep([]);
