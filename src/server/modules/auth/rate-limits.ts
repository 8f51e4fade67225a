/**
 * Every rate limit Bangkit keeps, configured here and counted by one mechanism: the sign-in throttle's table
 * (`sign_in_throttle`, one row per counted thing and client address, decision 0026). Counting in the database
 * holds across processes and restarts, and the office's list of sign-in locks shows and lifts every limit.
 */
import type { onRequestAsyncHookHandler } from 'fastify';
import { sql } from 'kysely';
import type { DB } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';
import { countFailure, type ThrottlePolicy } from './throttle.repository.ts';

export interface RateLimit {
  /** What is counted: the key's `account` part in `sign_in_throttle` (the client address is the other). */
  name: string;
  policy: ThrottlePolicy;
  /** The problem's `code` (the web app reads it: the sign-in page knows `TooManyAttempts`). */
  code: 'TooManyAttempts' | 'TooManyRequests';
  /** The refusal's first sentence; "Coba lagi dalam …" follows. */
  message: string;
}

const HOUR = 3600;

/**
 * Password guesses at one account from one address: the fifth wrong one locks for a minute, each further one
 * doubles the lock, up to an hour. Keyed by the address too, so a stranger elsewhere cannot lock a user out.
 */
export const SIGN_IN_ACCOUNT_POLICY: ThrottlePolicy = {
  free: 4,
  baseSeconds: 60,
  maxSeconds: HOUR,
  forgetSeconds: 24 * HOUR,
};

/** Wrong guesses from one address at any accounts (a whole office may share one address). */
export const SIGN_IN_ADDRESS_POLICY: ThrottlePolicy = {
  free: 29,
  baseSeconds: 60,
  maxSeconds: HOUR,
  forgetSeconds: 24 * HOUR,
};

/**
 * Public event requests from one address: twenty go through freely, then each waits longer (a minute,
 * doubling, up to an hour), forgotten after an hour of quiet.
 */
const PUBLIC_EVENT_POLICY: ThrottlePolicy = {
  free: 20,
  baseSeconds: 60,
  maxSeconds: HOUR,
  forgetSeconds: HOUR,
};

const publicEvent = (what: string): RateLimit => ({
  name: `public:${what}`,
  policy: PUBLIC_EVENT_POLICY,
  code: 'TooManyAttempts',
  message: 'Terlalu banyak permintaan.',
});

/** The limits of requests anyone may send without signing in, each counted per client address. */
export const RATE_LIMITS = {
  /** The public event registration form. */
  eventRegistration: publicEvent('register'),
  /** Cancelling through an attendee's private link. */
  eventCancellation: publicEvent('cancel'),
  /** Private links that name no registration (guesses; a known link is read freely). */
  eventUnknownToken: publicEvent('token'),
  /**
   * Storefront order requests: thirty in a row pass (a family, an office, or a mobile carrier's shared
   * address), then each further one waits, from ten minutes doubling up to an hour; an hour without one
   * starts again. (The marketplace also limits requests per buyer's phone, from its orders.)
   */
  orderRequest: {
    name: 'pesanan',
    // The request that goes past `free` is still served and sets the lock (as a sign-in's fifth guess).
    policy: { free: 29, baseSeconds: 600, maxSeconds: HOUR, forgetSeconds: HOUR },
    code: 'TooManyRequests',
    message: 'Terlalu banyak permintaan pesanan dari jaringan ini.',
  },
  /**
   * Public certificate verification (page, JSON and PDF together): sixty requests pass; the sixtieth within a
   * minute of the one before sets a one-minute pause, after which the count starts again. A steady reader
   * slower than one a minute is never counted past one.
   */
  verification: {
    name: 'public:verify',
    policy: { free: 59, baseSeconds: 60, maxSeconds: 60, forgetSeconds: 60 },
    code: 'TooManyRequests',
    message: 'Terlalu banyak permintaan.',
  },
} as const satisfies Record<string, RateLimit>;

/** "Coba lagi dalam 45 detik." / "… dalam 10 menit." */
function retryText(seconds: number) {
  return seconds < 120 ? `${seconds} detik` : `${Math.ceil(seconds / 60)} menit`;
}

/** The 429 problem for a lock ending at `lockedUntil` (Retry-After is set from `retryAfterSeconds`). */
export function tooMany(limit: Pick<RateLimit, 'code' | 'message'>, lockedUntil: Date) {
  const seconds = Math.max(1, Math.ceil((lockedUntil.getTime() - Date.now()) / 1000));
  return new AppError(limit.code, 429, `${limit.message} Coba lagi dalam ${retryText(seconds)}.`, {
    retryAfterSeconds: seconds,
  });
}

/**
 * Counts one request of `ip` against `limit`; throws the 429 problem while the address is over it. The count is
 * committed without waiting for the disk (`synchronous_commit` off for this transaction alone): a crash may
 * forget the last few counts, which a limit can afford, and a public read no longer waits for a WAL flush —
 * that wait made the verification page four times slower (decision 0026).
 */
export async function consume(db: DB, limit: RateLimit, ip: string) {
  const lock = await db.transaction().execute(async (trx) => {
    await sql`set local synchronous_commit = off`.execute(trx);
    return countFailure(trx, { account: limit.name, ip }, limit.policy);
  });
  if (lock) throw tooMany(limit, lock.lockedUntil);
}

/** The same as a route's `onRequest` hook: the limit is counted before anything else is read. */
export function limitRequests(db: DB, limit: RateLimit): onRequestAsyncHookHandler {
  return async (request) => {
    await consume(db, limit, request.ip);
  };
}
