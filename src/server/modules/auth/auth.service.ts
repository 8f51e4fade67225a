import { createHash, randomBytes } from 'node:crypto';
import { whileUnchanged } from '../../cache/snapshot-cache.ts';
import type { DB } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';
import type { Actor, SessionUser } from '../../http/guard.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findUserByEmail, findUserById, updateUser } from '../users/users.repository.ts';
import { deleteSession, deleteSessionsOfUser, findSessionUser, insertSession } from './auth.repository.ts';
import { burnVerification, hashPassword, verifyPassword } from './password.ts';
import { assertStrongPassword } from './password-strength.ts';
import { countPasswordGuess } from './throttle.service.ts';

export const SESSION_COOKIE = 'bangkit_session';

const sessionIdOf = (token: string) => createHash('sha256').update(token).digest('hex');

const invalidLogin = () => new AppError('InvalidCredentials', 401, 'Email atau kata sandi salah.');

export interface LoginInput {
  email: string;
  password: string;
  ip: string;
  userAgent: string | null;
  requestId: string;
}

/** Signs in; every guess counts against the account (from this address) and the address until it proves right. */
export async function login(db: DB, sessionHours: number, input: LoginInput) {
  const accountKey = input.email.trim().toLowerCase();
  const proved = await countPasswordGuess(db, { account: accountKey, ip: input.ip });

  const user = await findUserByEmail(db, accountKey);
  const ok = user
    ? await verifyPassword(user.password_hash, input.password)
    : await burnVerification(input.password);
  if (!user || !ok || user.disabled_at) throw invalidLogin();
  await proved();

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

/**
 * Who holds this session token, asked on every request. The answer is kept while the database is unchanged
 * (decision 10): signing out, disabling the account, changing its role, area or password are writes, so
 * the next request reads afresh; the session's end is checked here against the clock on every request.
 */
export async function userForToken(db: DB, token: string): Promise<SessionUser | null> {
  const sessionId = sessionIdOf(token);
  const row = await whileUnchanged(db, `auth.session:${sessionId}`, () => findSessionUser(db, sessionId));
  if (!row || row.expires_at.getTime() <= Date.now()) return null;
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
    consentRequired: row.consent_required,
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
  if (!user) throw new AppError('Unauthenticated', 401, 'Silakan masuk terlebih dahulu.');
  // A stolen session must not become a way to guess the password: counted like signing in.
  const proved = await countPasswordGuess(
    db,
    { account: user.email, ip: actor.ip ?? 'unknown' },
    'Terlalu banyak percobaan kata sandi.',
  );
  if (!(await verifyPassword(user.password_hash, currentPassword))) {
    throw new AppError('InvalidCredentials', 400, 'Kata sandi saat ini salah.', {
      errors: [{ path: 'body.currentPassword', message: 'Kata sandi saat ini salah.' }],
    });
  }
  await proved();
  if (currentPassword === newPassword) {
    throw new AppError('PasswordUnchanged', 400, 'Kata sandi baru harus berbeda dari yang lama.', {
      errors: [{ path: 'body.newPassword', message: 'Kata sandi baru harus berbeda dari yang lama.' }],
    });
  }
  await assertStrongPassword(newPassword, user, 'body.newPassword');
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
