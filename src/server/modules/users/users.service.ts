import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Role } from '../../../shared/roles.ts';
import { type Config, ConfigError } from '../../config.ts';
import type { DB } from '../../db/database.ts';
import { AppError, forbidden, notFound } from '../../http/errors.ts';
import type { Actor, SessionUser } from '../../http/guard.ts';
import { requireAreaWithin } from '../areas/areas.service.ts';
import type { Executor } from '../audit/audit.repository.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { deleteSessionsOfUser } from '../auth/auth.repository.ts';
import { generateOneTimePassword, hashPassword } from '../auth/password.ts';
import { assertStrongPassword } from '../auth/password-strength.ts';
import { findInstitution } from '../institutions/institutions.repository.ts';
import {
  countActiveAdmins,
  findUserByEmail,
  findUserById,
  findUserView,
  insertUser,
  listUsers,
  type UserFilter,
  type UserView,
  updateUser,
} from './users.repository.ts';
import type { CreateUserInput, UpdateUserInput, UserDto } from './users.schema.ts';
import type { UserRow } from './users.table.ts';

/** Who asks: a signed-in user, or `null` for the operator at the command line (full rights). */
export type Principal = SessionUser | null;

export function toUserDto(u: UserView): UserDto {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    areaCode: u.area_code,
    areaName: u.area_name,
    institutionId: u.institution_id,
    institutionName: u.institution_name,
    disabled: u.disabled_at != null,
    mustChangePassword: u.must_change_password,
    lastLoginAt: u.last_login_at?.toISOString() ?? null,
    createdAt: u.created_at.toISOString(),
  };
}

const fieldError = (code: string, path: string, message: string) =>
  new AppError(code, 400, message, { errors: [{ path: `body.${path}`, message }] });

/** The subset of a user row that the audit log keeps. */
const auditView = (u: UserRow) => ({
  email: u.email,
  name: u.name,
  role: u.role,
  area_code: u.area_code,
  institution_id: u.institution_id,
  disabled: u.disabled_at != null,
});

/** An institution admin manages the mentors of their own institution; an admin manages everyone. */
function assertMayManage(by: Principal, target: { role: Role; institution_id: number | null }) {
  if (by === null || by.role === 'admin') return;
  if (
    by.role === 'institution_admin' &&
    target.role === 'mentor' &&
    target.institution_id === by.institutionId
  )
    return;
  throw forbidden();
}

/** Checks role-dependent fields (area for officers, institution for institution roles) and normalises them. */
async function resolveAssignment(
  db: DB,
  config: Config,
  role: Role,
  areaCode: string | null | undefined,
  institutionId: number | null | undefined,
) {
  let area: string | null = null;
  let institution: number | null = null;
  if (role === 'area_officer') {
    if (!areaCode)
      throw fieldError(
        'AreaRequired',
        'areaCode',
        'Petugas wilayah harus memiliki kecamatan atau kelurahan.',
      );
    area = (await requireAreaWithin(db, areaCode, config.deploymentArea, [3, 4])).code;
  } else if (areaCode) {
    throw fieldError('AreaNotAllowed', 'areaCode', 'Hanya petugas wilayah yang memiliki wilayah kerja.');
  }
  if (role === 'institution_admin' || role === 'mentor') {
    if (!institutionId) throw fieldError('InstitutionRequired', 'institutionId', 'Pilih lembaga pendamping.');
    if (!(await findInstitution(db, institutionId))) {
      throw fieldError('InstitutionUnknown', 'institutionId', 'Lembaga pendamping tidak ditemukan.');
    }
    institution = institutionId;
  } else if (institutionId) {
    throw fieldError(
      'InstitutionNotAllowed',
      'institutionId',
      'Peran ini tidak terikat pada lembaga pendamping.',
    );
  }
  return { area, institution };
}

export async function createUser(
  db: DB,
  config: Config,
  by: Principal,
  actor: Actor,
  input: CreateUserInput,
) {
  const prepared = await prepareAccount(db, config, by, input);
  const user = await db.transaction().execute((trx) => insertAccount(trx, actor, prepared));
  return { user: await getUser(db, by, user.id), oneTimePassword: prepared.oneTimePassword };
}

export type PreparedAccount = Awaited<ReturnType<typeof prepareAccount>>;

/**
 * Everything about a new account that is checked before anything is written: who may create it, its
 * area and institution, the password (or a one-time one). `insertAccount` then writes it inside the
 * caller's transaction, so that a module can create an account together with its own rows (a mentor's
 * profile) in one transaction.
 */
export async function prepareAccount(db: DB, config: Config, by: Principal, input: CreateUserInput) {
  // An institution's admin creates accounts in their own institution; naming another one is refused,
  // not silently changed.
  if (
    by?.role === 'institution_admin' &&
    input.institutionId !== undefined &&
    input.institutionId !== by.institutionId
  ) {
    throw new AppError('Forbidden', 403, 'Anda hanya dapat membuat akun untuk lembaga Anda sendiri.');
  }
  const institutionId = by?.role === 'institution_admin' ? by.institutionId : input.institutionId;
  assertMayManage(by, { role: input.role, institution_id: institutionId ?? null });
  const { area, institution } = await resolveAssignment(
    db,
    config,
    input.role,
    input.areaCode,
    institutionId,
  );
  if (input.password) await assertStrongPassword(input.password, input, 'body.password');
  const oneTimePassword = input.password ? undefined : generateOneTimePassword();
  const passwordHash = await hashPassword(input.password ?? oneTimePassword!);
  return {
    oneTimePassword,
    /** The e-mail as it was given, for the message when it is taken. */
    givenEmail: input.email,
    values: {
      email: input.email.toLowerCase(),
      name: input.name,
      role: input.role,
      area_code: area,
      institution_id: institution,
      password_hash: passwordHash,
      must_change_password: oneTimePassword !== undefined,
    },
  };
}

/** Writes a prepared account and its audit entry; refuses an e-mail already in use (409, nothing written). */
export async function insertAccount(trx: Executor, actor: Actor, prepared: PreparedAccount) {
  if (await findUserByEmail(trx, prepared.values.email)) {
    throw new AppError('EmailTaken', 409, `Email ${prepared.givenEmail} sudah dipakai akun lain.`, {
      errors: [{ path: 'body.email', message: 'Email sudah dipakai akun lain.' }],
    });
  }
  const row = await insertUser(trx, prepared.values);
  await recordAudit(trx, actor, {
    action: 'create',
    entity: 'user',
    entityId: row.id,
    areaCode: row.area_code,
    newValues: auditView(row),
  });
  return row;
}

export async function getUser(db: DB, by: Principal, id: number): Promise<UserDto> {
  const view = await findUserView(db, id);
  if (!view) throw notFound('Pengguna');
  if (by !== null && by.id !== id) assertMayManage(by, view);
  return toUserDto(view);
}

export async function searchUsers(db: DB, by: SessionUser, filter: UserFilter) {
  const scoped =
    by.role === 'admin'
      ? filter
      : { ...filter, institutionId: by.institutionId ?? -1, role: 'mentor' as const };
  if (by.role !== 'admin' && by.role !== 'institution_admin') throw forbidden();
  const { items, total } = await listUsers(db, scoped);
  return { items: items.map(toUserDto), total };
}

async function loadManaged(db: Executor, by: Principal, id: number) {
  const user = await findUserById(db, id);
  if (!user) throw notFound('Pengguna');
  if (user.email === CLI_ACCOUNT_EMAIL)
    throw new AppError('SystemAccount', 409, 'Akun sistem baris perintah tidak dapat diubah.');
  assertMayManage(by, user);
  return user;
}

/**
 * The account that command-line imports are recorded for when no `--as EMAIL` names a person: one row,
 * so that every report, job and audit entry of an import points at a user. Disabled from the start with
 * a password nobody knows, so nobody signs in as it, it never counts as an active admin, and it cannot be
 * changed (loadManaged refuses).
 */
export const CLI_ACCOUNT_EMAIL = 'system:cli';

/** The id of the command line's system account, made on first use. */
export async function cliAccountId(db: DB): Promise<number> {
  const known = await findUserByEmail(db, CLI_ACCOUNT_EMAIL);
  if (known) return known.id;
  const passwordHash = await hashPassword(randomBytes(32).toString('base64url'));
  return db.transaction().execute(async (trx) => {
    const made = await sql<{ id: number }>`
      insert into app_user (email, name, role, password_hash, disabled_at)
      values (${CLI_ACCOUNT_EMAIL}, 'Baris perintah (sistem)', 'admin', ${passwordHash}, now())
      on conflict ((lower(email))) do nothing
      returning id`.execute(trx);
    const row = made.rows[0];
    if (!row) return (await findUserByEmail(trx, CLI_ACCOUNT_EMAIL))!.id; // made meanwhile by another command
    await recordAudit(
      trx,
      { id: null, label: 'system' },
      {
        action: 'create',
        entity: 'user',
        entityId: row.id,
        newValues: { email: CLI_ACCOUNT_EMAIL, role: 'admin', disabled: true },
      },
    );
    return row.id;
  });
}

export async function updateUserDetails(
  db: DB,
  config: Config,
  by: Principal,
  actor: Actor,
  id: number,
  input: UpdateUserInput,
) {
  const before = await loadManaged(db, by, id);
  if (by?.role === 'institution_admin' && (input.role || input.institutionId !== undefined))
    throw forbidden();
  const role = input.role ?? before.role;
  const areaCode =
    input.areaCode === undefined ? (role === 'area_officer' ? before.area_code : null) : input.areaCode;
  const institutionId =
    input.institutionId === undefined
      ? role === 'institution_admin' || role === 'mentor'
        ? before.institution_id
        : null
      : input.institutionId;
  const { area, institution } = await resolveAssignment(db, config, role, areaCode, institutionId);
  const disabling = input.disabled === true && before.disabled_at == null;
  if (by !== null && by.id === id && (disabling || role !== before.role)) {
    throw new AppError(
      'CannotChangeSelf',
      409,
      'Anda tidak dapat menonaktifkan atau mengganti peran akun sendiri.',
    );
  }

  await db.transaction().execute(async (trx) => {
    const losesAdmin =
      before.role === 'admin' && before.disabled_at == null && (role !== 'admin' || disabling);
    if (losesAdmin && (await countActiveAdmins(trx)) <= 1) {
      throw new AppError('LastAdmin', 409, 'Harus tetap ada minimal satu admin aktif.');
    }
    const after = await updateUser(trx, id, {
      name: input.name ?? before.name,
      role,
      area_code: area,
      institution_id: institution,
      disabled_at:
        input.disabled === undefined
          ? before.disabled_at
          : input.disabled
            ? (before.disabled_at ?? new Date())
            : null,
      updated_at: new Date(),
    });
    if (after.disabled_at) await deleteSessionsOfUser(trx, id);
    await recordAudit(trx, actor, {
      action: 'update',
      entity: 'user',
      entityId: id,
      areaCode: after.area_code,
      oldValues: auditView(before),
      newValues: auditView(after),
    });
  });
  return getUser(db, by, id);
}

/** Sets a new one-time password and ends every session of the user. */
export async function resetPassword(db: DB, by: Principal, actor: Actor, id: number, password?: string) {
  const user = await loadManaged(db, by, id);
  if (password !== undefined) await assertStrongPassword(password, user, 'body.password');
  const oneTimePassword = password ?? generateOneTimePassword();
  const passwordHash = await hashPassword(oneTimePassword);
  await db.transaction().execute(async (trx) => {
    await updateUser(trx, id, {
      password_hash: passwordHash,
      must_change_password: true,
      updated_at: new Date(),
    });
    await deleteSessionsOfUser(trx, id);
    await recordAudit(trx, actor, { action: 'reset_password', entity: 'user', entityId: id });
  });
  return { oneTimePassword };
}

/** First start: make sure there is an admin. Returns the one-time password when one was generated. */
export async function ensureAdmin(db: DB, config: Config, actor: Actor) {
  if ((await countActiveAdmins(db)) > 0) return null;
  const { oneTimePassword } = await createUser(db, config, null, actor, {
    email: config.adminEmail,
    name: 'Administrator',
    role: 'admin',
    password: config.adminPassword,
  }).catch((err: unknown) => {
    if (err instanceof AppError && err.code === 'PasswordTooWeak') {
      throw new ConfigError(`Invalid configuration:\n  BANGKIT_ADMIN_PASSWORD: ${err.message}`);
    }
    throw err;
  });
  return { email: config.adminEmail, oneTimePassword };
}

/** Active mentors, for the mentor select of the business form. */
export async function mentorOptions(db: DB, by: SessionUser) {
  const { items } = await listUsers(db, {
    role: 'mentor',
    status: 'active',
    institutionId: by.role === 'institution_admin' ? (by.institutionId ?? -1) : undefined,
    limit: 1000,
    offset: 0,
  });
  return items.map((u) => ({ id: u.id, name: u.name, institutionName: u.institution_name }));
}
