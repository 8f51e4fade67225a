import { type QueryClient, useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, upload } from '../../api/client.ts';
import { meQueryKey } from '../../api/query-client.ts';
import type {
  AidAttachment,
  AidProposalDetail,
  AidTransitionBody,
  Me,
  OmzetReport,
} from '../../api/types.ts';
import type { MentoringSession, NewSession, SessionPhoto } from '../mentoring/cases.api.ts';

/**
 * The writes a person may make without a connection: each is a mutation whose variables hold everything it
 * needs (photos as Blobs), so that it can be kept on the device, resumed after a reload by the defaults set
 * here, and sent again safely — the key made when the person pressed save travels as `Idempotency-Key`, and
 * the server answers a repeat with the first answer.
 */
export const OFFLINE_WRITES = {
  turnover: ['offline', 'turnover'],
  verification: ['offline', 'verification'],
  session: ['offline', 'session'],
} as const;
export type OfflineWriteKind = keyof typeof OFFLINE_WRITES;

/** Upload progress of a write, for the form that is still open while it is sent (functions are not kept). */
export const uploadProgress = new Map<string, (sent: number, total: number) => void>();

/** One queue: waiting writes go out one after another, in the order they were made. */
const SCOPE = { id: 'offline-writes' };

export interface WriteBase {
  /** The idempotency key, made when the person pressed save. */
  key: string;
  /** What the person sees in the waiting and refused lists (a business's or applicant's name). */
  label: string;
  savedAt: string;
  /** Who made it: a write kept on a shared phone is never sent under someone else's session. */
  userId: number;
}

export interface TurnoverWrite extends WriteBase {
  businessId: number;
  period: string;
  amount: number;
}

export interface VerificationWrite extends WriteBase {
  proposalId: number;
  body: AidTransitionBody;
  /** The field-check photo or PDF, kept as a Blob (structured clone, not JSON). */
  file: Blob | null;
  fileName: string | null;
}

export interface SessionWrite extends WriteBase {
  body: NewSession;
  photos: Blob[];
}

export type OfflineWrite = TurnoverWrite | VerificationWrite | SessionWrite;

/** A fresh key: a UUID (also where `crypto.randomUUID` is missing, on a page served without HTTPS). */
export function newWriteKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function writeBase(label: string, userId: number): WriteBase {
  return { key: newWriteKey(), label, savedAt: new Date().toISOString(), userId };
}

/** A mutation as far as telling writes apart needs (structural: the persister brings its own query core). */
interface KeyedMutation {
  options: { mutationKey?: readonly unknown[] };
}

export function isOfflineWrite(mutation: KeyedMutation): boolean {
  return mutation.options.mutationKey?.[0] === 'offline';
}

export function kindOf(mutation: KeyedMutation): OfflineWriteKind {
  return mutation.options.mutationKey?.[1] as OfflineWriteKind;
}

/** No answer at all (no connection, or it dropped): the write waits and goes again. */
export function isUnreachable(error: unknown): boolean {
  return error instanceof ApiError && error.status === 0;
}

/**
 * Keeps trying while the server cannot be reached (paused while the browser is offline) or the session has
 * ended (it goes once the person has signed in again), a few times on a server error; any other refusal
 * (403, 409, 422 ...) is final.
 */
function retry(failures: number, error: unknown) {
  if (isUnreachable(error)) return true;
  if (error instanceof ApiError && error.status === 401) return true;
  return error instanceof ApiError && error.status >= 500 && failures < 3;
}
const retryDelay = (failures: number) => Math.min(1000 * 2 ** failures, 30_000);

/** How each kind of write is sent. */
function writeOptions(queryClient: QueryClient) {
  const invalidate = (...roots: string[]) =>
    Promise.all(roots.map((root) => queryClient.invalidateQueries({ queryKey: [root] })));
  const common = { scope: SCOPE, retry, retryDelay } as const;
  /** Refuses, on the device, a write that someone else signed in on this phone made. */
  const sameUser = (write: WriteBase) => {
    const me = queryClient.getQueryData<Me | null>(meQueryKey);
    if (me && me.id !== write.userId) throw new ApiError(403, 'OfflineOtherUser', '');
  };

  const turnover = {
    ...common,
    mutationFn: (write: TurnoverWrite) => {
      sameUser(write);
      return api<OmzetReport>(`/businesses/${write.businessId}/omzet/${write.period}`, {
        method: 'PUT',
        body: { amount: write.amount },
        idempotencyKey: write.key,
      });
    },
    onSettled: () => invalidate('businesses', 'owners', 'recovery'),
  };

  const verification = {
    ...common,
    mutationFn: async (write: VerificationWrite) => {
      sameUser(write);
      let attachmentId = write.body.attachmentId;
      if (write.file) {
        const attachment = await upload<AidAttachment>(
          `/aid/proposals/${write.proposalId}/attachments`,
          write.file,
          {
            query: { fileName: write.fileName ?? 'foto.jpg' },
            idempotencyKey: `${write.key}:file`,
            onProgress: uploadProgress.get(write.key),
          },
        );
        attachmentId = attachment.id;
      }
      return api<AidProposalDetail>(`/aid/proposals/${write.proposalId}/transitions`, {
        method: 'POST',
        body: { ...write.body, ...(attachmentId ? { attachmentId } : {}) },
        idempotencyKey: `${write.key}:step`,
      });
    },
    onSuccess: (proposal: AidProposalDetail, write: VerificationWrite) => {
      queryClient.setQueryData(['aid', 'proposal', write.proposalId], proposal);
    },
    // A refused step shows the proposal as it is now (and an attachment that did arrive).
    onSettled: () => invalidate('aid', 'businesses', 'home'),
  };

  const session = {
    ...common,
    mutationFn: async (write: SessionWrite) => {
      sameUser(write);
      const session = await api<MentoringSession>('/mentoring/sessions', {
        method: 'POST',
        body: write.body,
        idempotencyKey: write.key,
      });
      for (const [i, photo] of write.photos.entries()) {
        await upload<SessionPhoto>(`/mentoring/sessions/${session.id}/photos`, photo, {
          idempotencyKey: `${write.key}:photo:${i}`,
        });
      }
      return session;
    },
    onSettled: () => invalidate('mentoring', 'businesses'),
  };
  return { turnover, verification, session };
}

/** Registers how each kind of write is sent, before the kept ones are restored, so that they can resume. */
export function registerOfflineWrites(queryClient: QueryClient) {
  const options = writeOptions(queryClient);
  for (const kind of Object.keys(OFFLINE_WRITES) as OfflineWriteKind[]) {
    queryClient.setMutationDefaults(OFFLINE_WRITES[kind], options[kind] as never);
  }
}

/** A write of one kind, sent now or kept until the connection returns. */
export function useOfflineWrite<TData, TWrite extends OfflineWrite>(kind: OfflineWriteKind) {
  const queryClient = useQueryClient();
  const options = writeOptions(queryClient)[kind] as unknown as Parameters<
    typeof useMutation<TData, Error, TWrite>
  >[0];
  return useMutation<TData, Error, TWrite>({ ...options, mutationKey: OFFLINE_WRITES[kind] });
}
