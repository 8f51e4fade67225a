import { type ShopState, slugify } from '../../../shared/marketplace.ts';
import type { Config } from '../../config.ts';
import { AppError, notFound } from '../../http/errors.ts';
import type { Actor, SessionUser } from '../../http/guard.ts';
import { offsetOf } from '../../http/pagination.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { accessFor } from '../businesses/businesses.service.ts';
import { type DB, photoUrl } from './common.ts';
import { discardPhoto, storePhoto } from './photos.ts';
import {
  findShop,
  findShopForUpdate,
  freeSlug,
  insertShop,
  kecamatanExists,
  listShops,
  type ShopView,
  slugTaken,
  updateShop,
} from './shops.repository.ts';
import type { ApplyShopInput, ShopAction, ShopDto, ShopListQuery, UpdateShopInput } from './shops.schema.ts';

/** Roles that decide on shops (approve, reject, suspend) and moderate products: the office and area officers. */
export const MARKET_OFFICERS = ['admin', 'area_officer'] as const;
/** Roles that read shops, products and orders in the app: the officers and the sellers (owners). */
export const MARKET_READERS = ['admin', 'area_officer', 'business_owner'] as const;

const fieldError = (code: string, path: string, message: string, status = 400) =>
  new AppError(code, status, message, { errors: [{ path: `body.${path}`, message }] });

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toShopDto(v: ShopView): ShopDto {
  return {
    id: v.id,
    businessId: v.business_id,
    businessName: v.business_name,
    slug: v.slug,
    name: v.name,
    description: v.description,
    logoUrl: photoUrl(v.logo_key, 320),
    pickupKecamatanCode: v.pickup_kecamatan_code,
    pickupKecamatanName: v.kecamatan_name ?? null,
    whatsapp: v.whatsapp,
    openingHours: v.opening_hours,
    state: v.state,
    reason: v.reason,
    decidedAt: iso(v.decided_at),
    approvedAt: iso(v.approved_at),
    createdAt: v.created_at.toISOString(),
    badges: v.badges as ShopDto['badges'],
    products: Number(v.products ?? 0),
    openOrders: Number(v.open_orders ?? 0),
  };
}

/** A shop the user may see (officer in scope, owner their own), or 404. */
export async function visibleShop(db: DB, config: Config, user: SessionUser, id: number) {
  const shop = await findShop(db, id, accessFor(user, config));
  if (!shop) throw notFound('Toko');
  return shop;
}

/** A shop the user sells through: only its business's owner changes its shop, products and orders. */
export async function ownShop(db: DB, config: Config, user: SessionUser, id: number) {
  const shop = await visibleShop(db, config, user, id);
  if (user.role !== 'business_owner' || shop.owner_user_id !== user.id) {
    throw new AppError('Forbidden', 403, 'Hanya pemilik usaha yang mengelola tokonya.');
  }
  return shop;
}

export async function getShop(db: DB, config: Config, user: SessionUser, id: number) {
  return toShopDto(await visibleShop(db, config, user, id));
}

export async function searchShops(db: DB, config: Config, user: SessionUser, q: ShopListQuery) {
  const { rows, total } = await listShops(db, accessFor(user, config), q, {
    limit: q.pageSize,
    offset: offsetOf(q),
  });
  return { items: rows.map(toShopDto), total, page: q.page, pageSize: q.pageSize };
}

async function checkKecamatan(db: DB, code: string) {
  if (!(await kecamatanExists(db, code))) {
    throw fieldError('AreaUnknown', 'pickupKecamatanCode', 'Kecamatan pengambilan tidak dikenal.');
  }
}

/** An owner applies for a shop for one of their businesses; it waits for an officer's approval. */
export async function applyShop(
  db: DB,
  config: Config,
  user: SessionUser,
  actor: Actor,
  input: ApplyShopInput,
) {
  const business = await db
    .selectFrom('business as b')
    .innerJoin('owner as o', 'o.id', 'b.owner_id')
    .select(['b.id', 'b.kelurahan_code', 'b.archived_at'])
    .where('b.id', '=', input.businessId)
    .where('o.user_id', '=', user.id)
    .executeTakeFirst();
  if (!business || business.archived_at) throw notFound('Usaha');
  await checkKecamatan(db, input.pickupKecamatanCode);
  const id = await db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('shop')
      .select('id')
      .where('business_id', '=', business.id)
      .executeTakeFirst();
    if (existing)
      throw new AppError('ShopExists', 409, 'Usaha ini sudah punya toko.', { shopId: existing.id });
    if (input.slug && (await slugTaken(trx, 'shop', input.slug))) {
      throw fieldError('SlugTaken', 'slug', 'Alamat toko sudah dipakai toko lain.', 409);
    }
    const slug = input.slug ?? (await freeSlug(trx, 'shop', slugify(input.name)));
    const row = await insertShop(trx, {
      business_id: business.id,
      slug,
      name: input.name,
      description: input.description,
      pickup_kecamatan_code: input.pickupKecamatanCode,
      whatsapp: input.whatsapp,
      opening_hours: input.openingHours,
      applied_by: user.id,
    });
    await recordAudit(trx, actor, {
      action: 'apply',
      entity: 'shop',
      entityId: row.id,
      areaCode: business.kelurahan_code,
      newValues: { name: row.name, slug: row.slug, business_id: business.id, state: row.state },
    });
    return row.id;
  });
  return getShop(db, config, user, id);
}

/** The seller edits their shop; a rejected shop goes back to the officers as a new application. */
export async function editShop(
  db: DB,
  config: Config,
  user: SessionUser,
  actor: Actor,
  id: number,
  input: UpdateShopInput,
) {
  const shop = await ownShop(db, config, user, id);
  await checkKecamatan(db, input.pickupKecamatanCode);
  await db.transaction().execute(async (trx) => {
    const before = await findShopForUpdate(trx, id);
    if (!before) throw notFound('Toko');
    const resubmit = before.state === 'rejected';
    const after = await updateShop(trx, id, {
      name: input.name,
      description: input.description,
      pickup_kecamatan_code: input.pickupKecamatanCode,
      whatsapp: input.whatsapp,
      opening_hours: input.openingHours,
      ...(resubmit ? { state: 'pending' as const, reason: null } : {}),
    });
    await recordAudit(trx, actor, {
      action: 'update',
      entity: 'shop',
      entityId: id,
      areaCode: shop.kelurahan_code,
      oldValues: pick(before),
      newValues: pick(after),
    });
  });
  return getShop(db, config, user, id);
}

function pick(s: {
  name: string;
  description: string;
  pickup_kecamatan_code: string;
  whatsapp: string;
  opening_hours: string;
  state: ShopState;
  reason: string | null;
}) {
  return {
    name: s.name,
    description: s.description,
    pickup_kecamatan_code: s.pickup_kecamatan_code,
    whatsapp: s.whatsapp,
    opening_hours: s.opening_hours,
    state: s.state,
    reason: s.reason,
  };
}

export async function setShopLogo(
  db: DB,
  config: Config,
  user: SessionUser,
  actor: Actor,
  id: number,
  content: Buffer,
) {
  const shop = await ownShop(db, config, user, id);
  const photo = await storePhoto(config, content, 'logo');
  try {
    await db.transaction().execute(async (trx) => {
      await updateShop(trx, id, { logo_key: photo.key });
      await recordAudit(trx, actor, {
        action: 'update_logo',
        entity: 'shop',
        entityId: id,
        areaCode: shop.kelurahan_code,
        oldValues: { logo_key: shop.logo_key },
        newValues: { logo_key: photo.key },
      });
    });
  } catch (error) {
    discardPhoto(config, photo);
    throw error;
  }
  if (shop.logo_key) discardPhoto(config, { key: shop.logo_key });
  return getShop(db, config, user, id);
}

const DECISIONS: Record<ShopAction, { from: ShopState[]; to: ShopState; needsReason: boolean }> = {
  approve: { from: ['pending'], to: 'approved', needsReason: false },
  reject: { from: ['pending'], to: 'rejected', needsReason: true },
  suspend: { from: ['approved'], to: 'suspended', needsReason: true },
  reinstate: { from: ['suspended'], to: 'approved', needsReason: false },
};

const STATE_LABELS: Record<ShopState, string> = {
  pending: 'menunggu persetujuan',
  approved: 'disetujui',
  rejected: 'ditolak',
  suspended: 'dibekukan',
};

/** An officer approves, rejects, suspends or reinstates a shop in their area; reject and suspend need a reason. */
export async function decideShop(
  db: DB,
  config: Config,
  user: SessionUser,
  actor: Actor,
  id: number,
  input: { action: ShopAction; reason?: string },
) {
  const shop = await visibleShop(db, config, user, id);
  const rule = DECISIONS[input.action];
  const reason = input.reason?.trim() || null;
  if (rule.needsReason && !reason) {
    throw fieldError('ReasonRequired', 'reason', 'Alasan wajib diisi: penjual akan membacanya.');
  }
  await db.transaction().execute(async (trx) => {
    const before = await findShopForUpdate(trx, id);
    if (!before) throw notFound('Toko');
    if (!rule.from.includes(before.state)) {
      throw new AppError(
        'InvalidTransition',
        409,
        `Toko yang ${STATE_LABELS[before.state]} tidak dapat ${
          { approve: 'disetujui', reject: 'ditolak', suspend: 'dibekukan', reinstate: 'diaktifkan kembali' }[
            input.action
          ]
        }.`,
      );
    }
    const now = new Date();
    const after = await updateShop(trx, id, {
      state: rule.to,
      reason: rule.needsReason ? reason : null,
      decided_by: user.id,
      decided_at: now,
      ...(input.action === 'approve' ? { approved_at: now } : {}),
    });
    await recordAudit(trx, actor, {
      action: input.action,
      entity: 'shop',
      entityId: id,
      areaCode: shop.kelurahan_code,
      oldValues: { state: before.state, reason: before.reason },
      newValues: { state: after.state, reason: after.reason },
      keep: ['state'],
    });
  });
  return getShop(db, config, user, id);
}
