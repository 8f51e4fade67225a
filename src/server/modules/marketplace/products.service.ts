import { slugify } from '../../../shared/marketplace.ts';
import type { Config } from '../../config.ts';
import { AppError, notFound } from '../../http/errors.ts';
import type { Actor, SessionUser } from '../../http/guard.ts';
import { offsetOf } from '../../http/pagination.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { accessFor } from '../businesses/businesses.service.ts';
import { type DB, type Executor, pictureDto } from './common.ts';
import type { ProductPhotoRow, ProductVariantRow } from './marketplace.table.ts';
import { discardPhoto, storePhoto } from './photos.ts';
import {
  findProduct,
  insertProduct,
  listProducts,
  lockProduct,
  type ProductView,
  photosOf,
  updateProduct,
  variantsOf,
} from './products.repository.ts';
import {
  MAX_PHOTOS,
  type ProductAction,
  type ProductDto,
  type ProductInput,
  type ProductListQuery,
} from './products.schema.ts';
import { freeSlug } from './shops.repository.ts';
import { ownShop } from './shops.service.ts';

const fieldError = (code: string, path: string, message: string, status = 400) =>
  new AppError(code, status, message, { errors: [{ path: `body.${path}`, message }] });

function photoDto(p: ProductPhotoRow) {
  return { id: p.id, position: p.position, ...pictureDto(p) };
}

function toDto(p: ProductView, variants: ProductVariantRow[], photos: ProductPhotoRow[]): ProductDto {
  return {
    id: p.id,
    shopId: p.shop_id,
    shopName: p.shop_name,
    shopState: p.shop_state,
    kecamatanCode: p.pickup_kecamatan_code,
    slug: p.slug,
    name: p.name,
    description: p.description,
    category: p.category,
    price: Number(p.price),
    unit: p.unit,
    weightGrams: p.weight_grams,
    stock: p.stock,
    hiddenReason: p.hidden_reason,
    hiddenAt: p.hidden_at ? p.hidden_at.toISOString() : null,
    featured: p.featured,
    badges: p.badges as ProductDto['badges'],
    variants: variants.map((v) => ({ id: v.id, name: v.name, price: Number(v.price), stock: v.stock })),
    photos: photos.map(photoDto),
    createdAt: p.created_at.toISOString(),
    updatedAt: p.updated_at.toISOString(),
  };
}

async function withParts(db: Executor, rows: ProductView[]) {
  const ids = rows.map((r) => r.id);
  const [variants, photos] = await Promise.all([variantsOf(db, ids), photosOf(db, ids)]);
  return rows.map((r) =>
    toDto(
      r,
      variants.filter((v) => v.product_id === r.id),
      photos.filter((p) => p.product_id === r.id),
    ),
  );
}

export async function visibleProduct(db: DB, config: Config, user: SessionUser, id: number) {
  const row = await findProduct(db, id, accessFor(user, config));
  if (!row) throw notFound('Produk');
  return row;
}

export async function ownProduct(db: DB, config: Config, user: SessionUser, id: number) {
  const row = await visibleProduct(db, config, user, id);
  if (user.role !== 'business_owner' || row.owner_user_id !== user.id) {
    throw new AppError('Forbidden', 403, 'Hanya penjual yang mengelola produknya.');
  }
  return row;
}

export async function getProduct(db: DB, config: Config, user: SessionUser, id: number) {
  const [dto] = await withParts(db, [await visibleProduct(db, config, user, id)]);
  return dto as ProductDto;
}

export async function searchProducts(db: DB, config: Config, user: SessionUser, q: ProductListQuery) {
  const { rows, total } = await listProducts(db, accessFor(user, config), q, {
    limit: q.pageSize,
    offset: offsetOf(q),
  });
  return { items: await withParts(db, rows), total, page: q.page, pageSize: q.pageSize };
}

function checkVariants(input: ProductInput) {
  const seen = new Set<string>();
  input.variants.forEach((v, i) => {
    const key = v.name.toLowerCase();
    if (seen.has(key))
      throw fieldError('VariantDuplicate', `variants.${i}.name`, `Varian "${v.name}" tertulis dua kali.`);
    seen.add(key);
  });
}

function productValues(input: ProductInput) {
  return {
    name: input.name,
    description: input.description,
    category: input.category,
    price: input.price,
    unit: input.unit,
    weight_grams: input.weightGrams,
    stock: input.stock,
  };
}

/** Keeps the listed variants (updating those with an id), adds new ones, retires the rest (orders keep them). */
async function saveVariants(trx: Executor, productId: number, input: ProductInput) {
  const current = await variantsOf(trx, [productId]);
  const keep = new Set(input.variants.flatMap((v) => (v.id ? [v.id] : [])));
  for (const v of input.variants) {
    if (v.id && !current.some((c) => c.id === v.id)) {
      throw fieldError('VariantUnknown', 'variants', 'Varian yang diubah bukan milik produk ini.');
    }
  }
  const retired = current.filter((c) => !keep.has(c.id)).map((c) => c.id);
  if (retired.length > 0) {
    await trx
      .updateTable('product_variant')
      .set({ archived_at: new Date() })
      .where('id', 'in', retired)
      .execute();
  }
  for (const [position, v] of input.variants.entries()) {
    if (v.id) {
      await trx
        .updateTable('product_variant')
        .set({ name: v.name, price: v.price, stock: v.stock, position })
        .where('id', '=', v.id)
        .execute();
    } else {
      await trx
        .insertInto('product_variant')
        .values({ product_id: productId, name: v.name, price: v.price, stock: v.stock, position })
        .execute();
    }
  }
}

export async function createProduct(
  db: DB,
  config: Config,
  user: SessionUser,
  actor: Actor,
  shopId: number,
  input: ProductInput,
) {
  const shop = await ownShop(db, config, user, shopId);
  checkVariants(input);
  const id = await db.transaction().execute(async (trx) => {
    const slug = await freeSlug(trx, 'product', slugify(input.name));
    const row = await insertProduct(trx, { shop_id: shopId, slug, ...productValues(input) });
    await saveVariants(trx, row.id, input);
    await recordAudit(trx, actor, {
      action: 'create',
      entity: 'product',
      entityId: row.id,
      areaCode: shop.kelurahan_code,
      newValues: { shop_id: shopId, ...productValues(input), variants: input.variants.length },
    });
    return row.id;
  });
  return getProduct(db, config, user, id);
}

export async function editProduct(
  db: DB,
  config: Config,
  user: SessionUser,
  actor: Actor,
  id: number,
  input: ProductInput,
) {
  const product = await ownProduct(db, config, user, id);
  checkVariants(input);
  await db.transaction().execute(async (trx) => {
    const before = await lockProduct(trx, id);
    if (!before) throw notFound('Produk');
    const after = await updateProduct(trx, id, productValues(input));
    await saveVariants(trx, id, input);
    await recordAudit(trx, actor, {
      action: 'update',
      entity: 'product',
      entityId: id,
      areaCode: product.kelurahan_code,
      oldValues: { ...productValues(toInput(before)) },
      newValues: { ...productValues(toInput(after)), variants: input.variants.length },
    });
  });
  return getProduct(db, config, user, id);
}

function toInput(r: {
  name: string;
  description: string;
  category: ProductInput['category'];
  price: number;
  unit: string;
  weight_grams: number | null;
  stock: number | null;
}): ProductInput {
  return {
    name: r.name,
    description: r.description,
    category: r.category,
    price: Number(r.price),
    unit: r.unit,
    weightGrams: r.weight_grams,
    stock: r.stock,
    variants: [],
  };
}

/** The seller removes a product: it leaves the shop, the orders that name it keep it. */
export async function deleteProduct(db: DB, config: Config, user: SessionUser, actor: Actor, id: number) {
  const product = await ownProduct(db, config, user, id);
  await db.transaction().execute(async (trx) => {
    await updateProduct(trx, id, { archived_at: new Date(), featured: false });
    await recordAudit(trx, actor, {
      action: 'delete',
      entity: 'product',
      entityId: id,
      areaCode: product.kelurahan_code,
      oldValues: { name: product.name },
    });
  });
}

export async function addProductPhoto(
  db: DB,
  config: Config,
  user: SessionUser,
  actor: Actor,
  id: number,
  content: Buffer,
) {
  const product = await ownProduct(db, config, user, id);
  const count = await db
    .selectFrom('product_photo')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('product_id', '=', id)
    .executeTakeFirstOrThrow();
  if (Number(count.n) >= MAX_PHOTOS) {
    throw new AppError(
      'TooManyPhotos',
      409,
      `Satu produk paling banyak ${MAX_PHOTOS} foto; hapus satu dahulu.`,
    );
  }
  const photo = await storePhoto(config, content);
  try {
    await db.transaction().execute(async (trx) => {
      const last = await trx
        .selectFrom('product_photo')
        .select((eb) => eb.fn.max('position').as('p'))
        .where('product_id', '=', id)
        .executeTakeFirst();
      const row = await trx
        .insertInto('product_photo')
        .values({
          product_id: id,
          key: photo.key,
          position: (last?.p ?? -1) + 1,
          width: photo.width,
          height: photo.height,
          widths: photo.widths,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(trx, actor, {
        action: 'add_photo',
        entity: 'product',
        entityId: id,
        areaCode: product.kelurahan_code,
        newValues: { photo_id: row.id, width: photo.width, height: photo.height },
      });
    });
  } catch (error) {
    discardPhoto(config, photo);
    throw error;
  }
  return getProduct(db, config, user, id);
}

export async function deleteProductPhoto(
  db: DB,
  config: Config,
  user: SessionUser,
  actor: Actor,
  id: number,
  photoId: number,
) {
  const product = await ownProduct(db, config, user, id);
  const removed = await db.transaction().execute(async (trx) => {
    const row = await trx
      .deleteFrom('product_photo')
      .where('id', '=', photoId)
      .where('product_id', '=', id)
      .returning('key')
      .executeTakeFirst();
    if (!row) throw notFound('Foto');
    await recordAudit(trx, actor, {
      action: 'delete_photo',
      entity: 'product',
      entityId: id,
      areaCode: product.kelurahan_code,
      oldValues: { photo_id: photoId },
    });
    return row;
  });
  discardPhoto(config, removed);
  return getProduct(db, config, user, id);
}

/** Moderation by an officer in their area: hide (with a reason the seller sees) or show again; feature or not. */
export async function moderateProduct(
  db: DB,
  config: Config,
  user: SessionUser,
  actor: Actor,
  id: number,
  input: { action: ProductAction; reason?: string },
) {
  const product = await visibleProduct(db, config, user, id);
  const reason = input.reason?.trim() || null;
  if (input.action === 'hide' && !reason) {
    throw fieldError('ReasonRequired', 'reason', 'Alasan wajib diisi: penjual akan membacanya.');
  }
  const now = new Date();
  const values =
    input.action === 'hide'
      ? { hidden_reason: reason, hidden_by: user.id, hidden_at: now, featured: false }
      : input.action === 'unhide'
        ? { hidden_reason: null, hidden_by: null, hidden_at: null }
        : input.action === 'feature'
          ? { featured: true, featured_at: now }
          : { featured: false, featured_at: null };
  if (input.action === 'feature' && (product.hidden_at || product.shop_state !== 'approved')) {
    throw new AppError(
      'NotPublic',
      409,
      'Hanya produk yang tampil di pasar (toko disetujui, produk tidak disembunyikan) yang dapat diunggulkan.',
    );
  }
  await db.transaction().execute(async (trx) => {
    await updateProduct(trx, id, values);
    await recordAudit(trx, actor, {
      action: input.action,
      entity: 'product',
      entityId: id,
      areaCode: product.kelurahan_code,
      oldValues: { hidden_reason: product.hidden_reason, featured: product.featured },
      newValues: {
        hidden_reason: 'hidden_reason' in values ? values.hidden_reason : product.hidden_reason,
        featured: 'featured' in values ? values.featured : product.featured,
      },
    });
  });
  return getProduct(db, config, user, id);
}
