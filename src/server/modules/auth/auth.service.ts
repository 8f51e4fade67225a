import { createHash, randomBytes } from 'node:crypto';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { DB } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';
import type { Actor, SessionUser } from '../../http/guard.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findUserByEmail, findUserById, updateUser } from '../users/users.repository.ts';
import { deleteSession, deleteSessionsOfUser, findSessionUser, insertSession } from './auth.repository.ts';
import { burnVerification, hashPassword, verifyPassword } from './password.ts';

export const SESSION_COOKIE = 'bangkit_session';

const sessionIdOf = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Login throttling: failed attempts per account and all attempts per IP address.
 * Kept in memory: one process serves one deployment.
 */
export function createLoginLimiter() {
  return {
    perAccount: new RateLimiterMemory({ points: 5, duration: 15 * 60 }),
    perIp: new RateLimiterMemory({ points: 30, duration: 15 * 60 }),
  };
}
export type LoginLimiter = ReturnType<typeof createLoginLimiter>;

const invalidLogin = () => new AppError('InvalidCredentials', 401, 'Email atau kata sandi salah.');

function tooMany(res: RateLimiterRes) {
  const seconds = Math.ceil(res.msBeforeNext / 1000);
  return new AppError(
    'TooManyAttempts',
    429,
    `Terlalu banyak percobaan masuk. Coba lagi dalam ${seconds} detik.`,
    {
      retryAfterSeconds: seconds,
    },
  );
}

async function consume(limiter: RateLimiterMemory, key: string) {
  try {
    await limiter.consume(key);
  } catch (res) {
    if (res instanceof RateLimiterRes) throw tooMany(res);
    throw res;
  }
}

export interface LoginInput {
  email: string;
  password: string;
  ip: string;
  userAgent: string | null;
  requestId: string;
}

export async function login(db: DB, limiter: LoginLimiter, sessionHours: number, input: LoginInput) {
  const accountKey = input.email.trim().toLowerCase();
  await consume(limiter.perIp, input.ip);
  const blocked = await limiter.perAccount.get(accountKey);
  if (blocked && blocked.remainingPoints <= 0) throw tooMany(blocked);

  const user = await findUserByEmail(db, accountKey);
  const ok = user
    ? await verifyPassword(user.password_hash, input.password)
    : await burnVerification(input.password);
  if (!user || !ok || user.disabled_at) {
    await consume(limiter.perAccount, accountKey).catch(() => {});
    throw invalidLogin();
  }
  await limiter.perAccount.delete(accountKey);

  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + sessionHours * 3_600_000);
  const actor: Actor = { id: user.id, label: user.email, ip: input.ip, requestId: input.requestId };
  await db.transaction().execute(async (trx) => {
    await insertSession(trx, {
      id: sessionIdOf(token),
      userId: user.id,
      expiresAt,
      ip: input.ip,
      userAgent: input.userAgent,
    });
    await updateUser(trx, user.id, { last_login_at: new Date() });
    await recordAudit(trx, actor, { action: 'login', entity: 'user', entityId: user.id });
  });
  return { token, expiresAt };
}

export async function userForToken(db: DB, token: string): Promise<SessionUser | null> {
  const row = await findSessionUser(db, sessionIdOf(token));
  if (!row) return null;
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    areaCode: row.area_code,
    areaName: row.area_name,
    institutionId: row.institution_id,
    institutionName: row.institution_name,
    mustChangePassword: row.must_change_password,
  };
}

export async function logout(db: DB, token: string, actor: Actor) {
  await db.transaction().execute(async (trx) => {
    await deleteSession(trx, sessionIdOf(token));
    await recordAudit(trx, actor, { action: 'logout', entity: 'user', entityId: actor.id });
  });
}

/** Changes one's own password; every other session of the user ends. */
export async function changePassword(
  db: DB,
  actor: Actor,
  token: string,
  currentPassword: string,
  newPassword: string,
) {
  const user = actor.id == null ? undefined : await findUserById(db, actor.id);
  if (!user || !(await verifyPassword(user.password_hash, currentPassword))) {
    throw new AppError('InvalidCredentials', 400, 'Kata sandi saat ini salah.', {
      errors: [{ path: 'body.currentPassword', message: 'Kata sandi saat ini salah.' }],
    });
  }
  if (currentPassword === newPassword) {
    throw new AppError('PasswordUnchanged', 400, 'Kata sandi baru harus berbeda dari yang lama.', {
      errors: [{ path: 'body.newPassword', message: 'Kata sandi baru harus berbeda dari yang lama.' }],
    });
  }
  const passwordHash = await hashPassword(newPassword);
  await db.transaction().execute(async (trx) => {
    await updateUser(trx, user.id, {
      password_hash: passwordHash,
      must_change_password: false,
      updated_at: new Date(),
    });
    await deleteSessionsOfUser(trx, user.id, sessionIdOf(token));
    await recordAudit(trx, actor, { action: 'change_password', entity: 'user', entityId: user.id });
  });
}
