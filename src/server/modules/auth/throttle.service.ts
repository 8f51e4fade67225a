import type { DB } from '../../db/database.ts';
import { notFound } from '../../http/errors.ts';
import type { Actor } from '../../http/guard.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { SIGN_IN_ACCOUNT_POLICY, SIGN_IN_ADDRESS_POLICY, tooMany } from './rate-limits.ts';
import {
  countFailure,
  deleteStaleThrottles,
  deleteThrottle,
  deleteThrottleById,
  listLocks,
  type ThrottleKey,
  uncountFailure,
} from './throttle.repository.ts';
import type { SignInThrottleRow } from './throttle.table.ts';

/** Keys quiet this long are forgotten by the housekeeping (the longest `forgetSeconds` of any limit). */
const FORGET_SECONDS = 24 * 3600;

/**
 * Counts a password guess before it is checked (parallel guesses cannot slip past a lock) and throws
 * TooManyAttempts while the account (from this address) or the address is locked. Answers the function to
 * call when the password proved right: it forgets the account's failures from this address and takes the
 * guess back from the address's count.
 */
export async function countPasswordGuess(
  db: DB,
  who: { account: string; ip: string },
  message = 'Terlalu banyak percobaan masuk.',
): Promise<() => Promise<void>> {
  const address: ThrottleKey = { account: '', ip: who.ip };
  const account: ThrottleKey = { account: who.account.trim().toLowerCase(), ip: who.ip };
  const addressLock = await countFailure(db, address, SIGN_IN_ADDRESS_POLICY);
  const refusal = { code: 'TooManyAttempts', message } as const;
  if (addressLock) throw tooMany(refusal, addressLock.lockedUntil);
  const accountLock = await countFailure(db, account, SIGN_IN_ACCOUNT_POLICY);
  if (accountLock) {
    // Refused unchecked: not a guess the address made.
    await uncountFailure(db, address, SIGN_IN_ADDRESS_POLICY);
    throw tooMany(refusal, accountLock.lockedUntil);
  }
  return async () => {
    await deleteThrottle(db, account);
    await uncountFailure(db, address, SIGN_IN_ADDRESS_POLICY);
  };
}

export function toLockDto(row: SignInThrottleRow) {
  return {
    id: row.id,
    account: row.account === '' ? null : row.account,
    ip: row.ip,
    failures: row.failures,
    lastFailureAt: row.last_failure_at.toISOString(),
    lockedUntil: row.locked_until?.toISOString() ?? null,
  };
}

export async function searchLocks(db: DB, page: { limit: number; offset: number }) {
  const { items, total } = await listLocks(db, page);
  return { items: items.map(toLockDto), total };
}

/** Lifts a lock (an admin who knows the guesses were the user's own); the failures are forgotten too. */
export async function clearLock(db: DB, actor: Actor, id: number) {
  await db.transaction().execute(async (trx) => {
    const row = await deleteThrottleById(trx, id);
    if (!row) throw notFound('Kunci masuk');
    const lock = toLockDto(row);
    await recordAudit(trx, actor, {
      action: 'clear_lock',
      entity: 'sign_in_lock',
      entityId: id,
      oldValues: {
        account: lock.account,
        ip: lock.ip,
        failures: lock.failures,
        lockedUntil: lock.lockedUntil,
      },
    });
  });
}

/** Housekeeping: forgets keys that have been quiet for a day. */
export function forgetStaleThrottles(db: DB) {
  return deleteStaleThrottles(db, FORGET_SECONDS);
}
