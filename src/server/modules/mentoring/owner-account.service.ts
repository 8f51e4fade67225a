import type { Config } from '../../config.ts';
import type { DB } from '../../db/database.ts';
import { AppError, forbidden, notFound } from '../../http/errors.ts';
import type { Actor, SessionUser } from '../../http/guard.ts';
import { areaScopeOf, assertInScope } from '../../http/scope.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { generateOneTimePassword, hashPassword } from '../auth/password.ts';
import { findUserByEmail, insertUser } from '../users/users.repository.ts';
import { getUser } from '../users/users.service.ts';
import { findBusinessOwnerAccount, linkOwnerAccount, lockBusinessOwner } from './owner.repository.ts';
import type { OwnerAccountDto } from './owner.schema.ts';

/**
 * Sign-in accounts for the owners of registered businesses (issue 9, the owner's own view). The office, an
 * area officer for a business in their area, or the business's mentor creates one; the account is linked to
 * the owner record (`owner.user_id`), so it reaches every business of that person and nothing else.
 * A new one-time password later goes through the users route (the office's).
 */

/** The office (deployment), an officer in their area, or the business's own mentor; else 403. */
function assertMayManageOwnerOf(
  user: SessionUser,
  config: Config,
  business: { kelurahan_code: string; mentor_id: number | null },
) {
  if (user.role === 'admin' || user.role === 'area_officer') {
    assertInScope(areaScopeOf(user, config.deploymentArea), business.kelurahan_code);
    return;
  }
  if (user.role === 'mentor' && business.mentor_id === user.id) return;
  throw forbidden('Hanya petugas wilayah usaha ini atau pendampingnya yang dapat mengelola akun pemiliknya.');
}

export async function getOwnerAccount(
  db: DB,
  config: Config,
  user: SessionUser,
  businessId: number,
): Promise<OwnerAccountDto> {
  const row = await findBusinessOwnerAccount(db, businessId);
  if (!row) throw notFound('Usaha');
  assertMayManageOwnerOf(user, config, row);
  return {
    ownerId: row.owner_id,
    ownerName: row.owner_name,
    account:
      row.user_id == null
        ? null
        : {
            id: row.user_id,
            email: row.email!,
            disabled: row.disabled_at != null,
            mustChangePassword: row.must_change_password!,
            lastLoginAt: row.last_login_at?.toISOString() ?? null,
          },
  };
}

export async function createOwnerAccount(
  db: DB,
  config: Config,
  user: SessionUser,
  actor: Actor,
  businessId: number,
  email: string,
) {
  const oneTimePassword = generateOneTimePassword();
  const passwordHash = await hashPassword(oneTimePassword);
  const created = await db.transaction().execute(async (trx) => {
    // The owner row stays locked until the link is written: two officers at once cannot both make one.
    const business = await lockBusinessOwner(trx, businessId);
    if (!business) throw notFound('Usaha');
    assertMayManageOwnerOf(user, config, business);
    if (business.user_id != null) {
      const existing = await trx
        .selectFrom('app_user')
        .select('email')
        .where('id', '=', business.user_id)
        .executeTakeFirst();
      throw new AppError(
        'OwnerHasAccount',
        409,
        `${business.owner_name} sudah memiliki akun (${existing?.email ?? business.user_id}). Kata sandi sekali pakai yang baru diterbitkan oleh admin dari halaman Pengguna.`,
        { accountId: business.user_id, accountEmail: existing?.email ?? null },
      );
    }
    if (await findUserByEmail(trx, email)) {
      throw new AppError('EmailTaken', 409, `Email ${email} sudah dipakai akun lain.`, {
        errors: [{ path: 'body.email', message: 'Email sudah dipakai akun lain.' }],
      });
    }
    const row = await insertUser(trx, {
      email: email.toLowerCase(),
      name: business.owner_name,
      role: 'business_owner',
      area_code: null,
      institution_id: null,
      password_hash: passwordHash,
      must_change_password: true,
    });
    await linkOwnerAccount(trx, business.owner_id, row.id);
    await recordAudit(
      trx,
      actor,
      {
        action: 'create',
        entity: 'user',
        entityId: row.id,
        newValues: { email: row.email, name: row.name, role: row.role, owner_id: business.owner_id },
      },
      {
        action: 'update',
        entity: 'owner',
        entityId: business.owner_id,
        areaCode: business.kelurahan_code,
        oldValues: { user_id: null },
        newValues: { user_id: row.id },
      },
    );
    return row;
  });
  return { user: await getUser(db, null, created.id), oneTimePassword };
}
