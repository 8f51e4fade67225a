import type { QueryClient } from '@tanstack/react-query';
import type { PersistedClient, Persister } from '@tanstack/react-query-persist-client';
import type { ApiError } from '../../api/client.ts';
import { addRefused, forgetRefused, keyval, QUEUE } from './kept.ts';
import { forgetReads } from './read-cache.ts';
import { isOfflineWrite, kindOf, type OfflineWrite, registerOfflineWrites } from './writes.ts';

/**
 * The query client's persister: only the writes (no reads: the service worker keeps those). A write being sent
 * when the page closes is kept as paused too: sent again after the reload, its idempotency key makes the
 * server answer as the first time instead of writing twice.
 */
const writesPersister: Persister = {
  async persistClient(client: PersistedClient) {
    const kv = await keyval();
    if (!kv) return;
    const mutations = client.clientState.mutations.map((m) => ({
      ...m,
      state: { ...m.state, isPaused: true },
    }));
    const signature = mutations.map((m) => `${m.state.submittedAt}:${m.state.status}`).join();
    if (signature === lastSaved) return;
    lastSaved = signature;
    await kv.set(QUEUE, { ...client, clientState: { ...client.clientState, mutations } }, kv.store);
  },
  async restoreClient() {
    const kv = await keyval();
    return kv?.get<PersistedClient>(QUEUE, kv.store);
  },
  async removeClient() {
    const kv = await keyval();
    await kv?.del(QUEUE, kv.store);
  },
};
let lastSaved = '';

const persistOptions = {
  persister: writesPersister,
  // A phone may stay offline for weeks in a kelurahan; a write is never dropped for its age.
  maxAge: Number.POSITIVE_INFINITY,
  dehydrateOptions: {
    shouldDehydrateQuery: () => false,
    shouldDehydrateMutation: (m: Parameters<typeof isOfflineWrite>[0] & { state: { status: string } }) =>
      isOfflineWrite(m) && m.state.status === 'pending',
  },
};

/**
 * Starts keeping writes on the device (loaded just after the first paint): how each kind is sent, the watch
 * for refusals, and the writes of an earlier visit brought back from IndexedDB, which then resume in order.
 */
export async function startOfflineWrites(queryClient: QueryClient) {
  registerOfflineWrites(queryClient);
  watchRefusals(queryClient);
  const { persistQueryClient } = await import('@tanstack/react-query-persist-client');
  // The persister brings its own copy of the query core (an older patch release): the same client, typed apart.
  type Client = Parameters<typeof persistQueryClient>[0]['queryClient'];
  const [, restored] = persistQueryClient({
    queryClient: queryClient as unknown as Client,
    ...persistOptions,
  });
  await restored;
  await queryClient.resumePausedMutations();
}

/**
 * A write that waited (paused without a connection, or restored after a reload) and is then refused by the
 * server goes to the refused list with the server's reason; a write refused at once, while the person still
 * looks at the form, is shown by the form itself.
 */
function watchRefusals(queryClient: QueryClient) {
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
    void addRefused({
      kind: kindOf(mutation),
      write,
      status: error.status ?? 0,
      code: error.code ?? 'InternalError',
      detail: error.detail ?? '',
      refusedAt: new Date().toISOString(),
    });
    queryClient.getMutationCache().remove(mutation);
  });
}

/**
 * Forgets everything this device keeps for the person signed in (signing out): the cached reads, the waiting
 * and refused writes.
 */
export async function forgetDevice(queryClient: QueryClient) {
  queryClient.getMutationCache().clear();
  lastSaved = '';
  await Promise.all([forgetReads(), writesPersister.removeClient(), forgetRefused()]);
}
