import { onlineManager, type QueryClient } from '@tanstack/react-query';
import type { PersistedClient, Persister } from '@tanstack/react-query-persist-client';
import { createStore, del, get, set } from 'idb-keyval';
import { useSyncExternalStore } from 'react';
import type { ApiError } from '../../api/client.ts';
import { isOfflineWrite, kindOf, type OfflineWrite, type OfflineWriteKind } from './writes.ts';

/**
 * What Bangkit keeps on the device (IndexedDB, database `bangkit`): the writes waiting to be sent, and the
 * ones the server refused until the person has read them. Stored by structured clone, so a photo stays a Blob.
 */
const store = typeof indexedDB === 'undefined' ? undefined : createStore('bangkit', 'offline');
const QUEUE = 'waiting-writes';
const REFUSED = 'refused-writes';
/** The service worker's cache of API reads (vite.config.ts). */
export const READ_CACHE = 'bangkit-api';

/**
 * The query client's persister: only the writes (no reads: the service worker keeps those). A write being sent
 * when the page closes is kept as paused too: sent again after the reload, its idempotency key makes the
 * server answer as the first time instead of writing twice.
 */
export const writesPersister: Persister = {
  async persistClient(client: PersistedClient) {
    if (!store) return;
    const mutations = client.clientState.mutations.map((m) => ({
      ...m,
      state: { ...m.state, isPaused: true },
    }));
    const signature = mutations.map((m) => `${m.state.submittedAt}:${m.state.status}`).join();
    if (signature === lastSaved) return;
    lastSaved = signature;
    await set(QUEUE, { ...client, clientState: { ...client.clientState, mutations } }, store);
  },
  async restoreClient() {
    return store ? get<PersistedClient>(QUEUE, store) : undefined;
  },
  async removeClient() {
    if (store) await del(QUEUE, store);
  },
};
let lastSaved = '';

export const persistOptions = {
  persister: writesPersister,
  // A phone may stay offline for weeks in a kelurahan; a write is never dropped for its age.
  maxAge: Number.POSITIVE_INFINITY,
  dehydrateOptions: {
    shouldDehydrateQuery: () => false,
    shouldDehydrateMutation: (m: Parameters<typeof isOfflineWrite>[0] & { state: { status: string } }) =>
      isOfflineWrite(m) && m.state.status === 'pending',
  },
};

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
const listeners = new Set<() => void>();
const notify = () => {
  for (const listener of listeners) listener();
};

async function saveRefused(next: RefusedWrite[]) {
  refused = next;
  notify();
  if (store) await set(REFUSED, next, store);
}

export function useRefusedWrites(): RefusedWrite[] {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => refused,
  );
}

export function dismissRefused(key: string) {
  return saveRefused(refused.filter((r) => r.write.key !== key));
}

/**
 * Watches the writes: one that waited (paused without a connection, or restored after a reload) and is then
 * refused by the server goes to the refused list with the server's reason; a write refused at once, while the
 * person still looks at the form, is shown by the form itself.
 */
export function watchOfflineWrites(queryClient: QueryClient) {
  // The browser may start offline; the query library assumes online until an event says otherwise.
  if (typeof navigator !== 'undefined' && navigator.onLine === false) onlineManager.setOnline(false);
  if (store) {
    void get<RefusedWrite[]>(REFUSED, store).then((kept) => {
      if (kept?.length) {
        refused = [...kept, ...refused];
        notify();
      }
    });
  }
  const waited = new WeakSet<object>();
  queryClient.getMutationCache().subscribe((event) => {
    const mutation = event.mutation;
    if (!mutation || !isOfflineWrite(mutation)) return;
    if (mutation.state.isPaused || mutation.state.failureCount > 0) waited.add(mutation);
    if (event.type !== 'updated' || event.action.type !== 'error' || !waited.has(mutation)) return;
    const error = event.action.error as Partial<ApiError>;
    const {
      file: _file,
      photos: _photos,
      ...write
    } = mutation.state.variables as OfflineWrite & {
      file?: Blob;
      photos?: Blob[];
    };
    void saveRefused([
      ...refused,
      {
        kind: kindOf(mutation),
        write,
        status: error.status ?? 0,
        code: error.code ?? 'InternalError',
        detail: error.detail ?? '',
        refusedAt: new Date().toISOString(),
      },
    ]);
    queryClient.getMutationCache().remove(mutation);
  });
}

/**
 * Forgets everything this device keeps for the person signed in (signing out, or someone else signing in):
 * the cached reads, the waiting and refused writes, the query cache.
 */
export async function forgetDevice(queryClient: QueryClient) {
  queryClient.getMutationCache().clear();
  lastSaved = '';
  await Promise.all([
    typeof caches === 'undefined' ? undefined : caches.delete(READ_CACHE),
    store ? del(QUEUE, store) : undefined,
    saveRefused([]),
  ]);
}

/** Only the cached reads (someone signs in: nothing another account read may show offline). */
export async function forgetReads() {
  if (typeof caches !== 'undefined') await caches.delete(READ_CACHE);
}
