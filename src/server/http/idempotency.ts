import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type {
  FastifyReply,
  FastifyRequest,
  onSendAsyncHookHandler,
  preHandlerAsyncHookHandler,
} from 'fastify';
import { sql } from 'kysely';
import type { DB } from '../db/database.ts';
import { AppError } from './errors.ts';
import { currentUser } from './guard.ts';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** A UUID or any other opaque token of safe characters (8 to 128). */
const KEY = /^[A-Za-z0-9._:-]{8,128}$/;
/** How long a repeat waits for the first request with its key to be answered before it gives up with 409. */
const WAIT_FOR_FIRST_MS = 60_000;
const POLL_MS = 50;
/** Answers kept this long; a device that has been offline longer sends its writes as new ones. */
export const IDEMPOTENCY_KEPT_DAYS = 7;

interface Claim {
  userId: number;
  key: string;
}

const claims = new WeakMap<FastifyRequest, Claim>();

/**
 * Makes a write route honour the `Idempotency-Key` header: spread into the route's options after its guard
 * (`{ onRequest: guard(...), ...idempotent(db), schema }`). Without the header the route works as before.
 *
 * The first request with a key claims it (a row without a status) before the handler runs; its answer is
 * stored when it is sent. A repeat from the same user with the same key — the same method, address and body
 * — gets that answer again (header `Idempotent-Replayed: true`) and the handler does not run; a repeat that
 * arrives while the first is still running waits for it. The same key with another address or body → 422.
 * A server failure (5xx) or a throttled request (429) releases the key, so sending again tries again.
 */
export function idempotent(db: DB): {
  preHandler: preHandlerAsyncHookHandler;
  onSend: onSendAsyncHookHandler;
} {
  return {
    async preHandler(request: FastifyRequest, reply: FastifyReply) {
      const header = request.headers[IDEMPOTENCY_HEADER];
      if (header === undefined) return;
      if (typeof header !== 'string' || !KEY.test(header)) {
        throw new AppError('ValidationFailed', 400, 'Kunci Idempotency-Key tidak valid.', {
          errors: [
            {
              path: 'headers.idempotency-key',
              message: 'Idempotency-Key: 8–128 huruf, angka, titik, titik dua atau tanda hubung.',
            },
          ],
        });
      }
      const userId = currentUser(request).id;
      const route = `${request.method} ${request.url}`;
      const requestHash = hashOf(request.body);
      const claimed = await db
        .insertInto('idempotent_request')
        .values({ user_id: userId, key: header, route, request_hash: requestHash })
        .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
        .returning('key')
        .executeTakeFirst();
      if (claimed) {
        claims.set(request, { userId, key: header });
        return;
      }
      const first = await answerOf(db, userId, header, route, requestHash);
      reply
        .code(first.status)
        .header('content-type', `application/${first.status >= 400 ? 'problem+json' : 'json'}; charset=utf-8`)
        .header('idempotent-replayed', 'true');
      return reply.send(first.body);
    },

    async onSend(request, reply, payload) {
      const claim = claims.get(request);
      if (!claim) return payload;
      claims.delete(request);
      if (reply.statusCode >= 500 || reply.statusCode === 429) {
        await db
          .deleteFrom('idempotent_request')
          .where('user_id', '=', claim.userId)
          .where('key', '=', claim.key)
          .execute();
        return payload;
      }
      await db
        .updateTable('idempotent_request')
        .set({ status: reply.statusCode, response_body: bodyText(payload) })
        .where('user_id', '=', claim.userId)
        .where('key', '=', claim.key)
        .execute();
      return payload;
    },
  };
}

/** The first request's answer; waits while it is still running. */
async function answerOf(
  db: DB,
  userId: number,
  key: string,
  route: string,
  requestHash: string,
): Promise<{ status: number; body: string }> {
  const until = Date.now() + WAIT_FOR_FIRST_MS;
  for (;;) {
    const first = await db
      .selectFrom('idempotent_request')
      .select(['route', 'request_hash', 'status', 'response_body'])
      .where('user_id', '=', userId)
      .where('key', '=', key)
      .executeTakeFirst();
    if (first && (first.route !== route || first.request_hash !== requestHash)) {
      throw new AppError(
        'IdempotencyKeyReused',
        422,
        'Kunci Idempotency-Key ini sudah dipakai untuk permintaan lain; buat kunci baru untuk perubahan baru.',
      );
    }
    if (first?.status != null) return { status: first.status, body: first.response_body ?? '' };
    // The first request failed on the server and released the key meanwhile: tell the client to send again.
    if (!first || Date.now() > until) {
      throw new AppError(
        'IdempotencyKeyInProgress',
        409,
        'Permintaan yang sama masih diproses; coba kirim lagi sebentar lagi.',
      );
    }
    await sleep(POLL_MS);
  }
}

function hashOf(body: unknown): string {
  const hash = createHash('sha256');
  if (Buffer.isBuffer(body)) hash.update('bytes:').update(body);
  else hash.update('json:').update(JSON.stringify(body ?? null));
  return hash.digest('hex');
}

function bodyText(payload: unknown): string | null {
  if (typeof payload === 'string') return payload;
  if (Buffer.isBuffer(payload)) return payload.toString('utf8');
  return null;
}

/** Forgets answers older than IDEMPOTENCY_KEPT_DAYS (housekeeping). */
export async function forgetOldIdempotentRequests(db: DB): Promise<void> {
  await db
    .deleteFrom('idempotent_request')
    .where('created_at', '<', sql<Date>`now() - make_interval(days => ${IDEMPOTENCY_KEPT_DAYS})`)
    .execute();
}
