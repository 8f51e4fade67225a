import { createHash, randomBytes, randomInt } from 'node:crypto';
import { formatRupiah } from '../../../shared/marketplace.ts';
import type { Config } from '../../config.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { SYSTEM_ACTOR } from '../../http/guard.ts';
import type { DB } from './common.ts';
import { eventsOf, itemsOf, orderQuery } from './orders.repository.ts';
import { OrderRequestInput, type PublicOrderDto } from './orders.schema.ts';
import { itemDto, moveOrder, orderMessage, stateTimes, whatsappLink } from './orders.service.ts';

/*
 * The buyer's side of an order request, as service functions the storefront's public routes call:
 * create (validated against the live catalogue), read by the private status link, cancel before confirmation.
 */

/** Open requests one phone may have made in the last hour before more are refused (per-IP limits: the route). */
export const REQUESTS_PER_PHONE_PER_HOUR = 5;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The status-link token: derived from the browser's idempotency key when given (a resend gets the same link). */
function tokenFor(idempotencyKey: string | undefined) {
  return idempotencyKey
    ? createHash('sha256').update(`bangkit-order-token\0${idempotencyKey}`).digest('base64url')
    : randomBytes(32).toString('base64url');
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
function orderCode() {
  let code = 'PU-';
  for (let i = 0; i < 6; i += 1) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

const fieldError = (code: string, path: string, message: string, status = 400, extra = {}) =>
  new AppError(code, status, message, { errors: [{ path: `body.${path}`, message }], ...extra });

export interface CreatedOrderRequest {
  id: number;
  code: string;
  /** Given once: the buyer's private status link is `/belanja/pesanan/<token>`. */
  token: string;
  total: number;
  /** wa.me link from the buyer to the shop with the order prefilled. */
  whatsappUrl: string;
  /** True when the same idempotency key had already made this order. */
  replayed: boolean;
}

/**
 * Creates an order request from a buyer's cart. Checks: the shop is public, every product public and of that
 * shop, a variant chosen exactly when the product has variants, the quantity within stock (stock is reserved
 * only when the seller confirms), the phone a mobile number, an address for a delivery. Bad input changes
 * nothing. Prices and names are snapshotted from the catalogue, never taken from the client.
 */
export async function createOrderRequest(db: DB, input: OrderRequestInput): Promise<CreatedOrderRequest> {
  const parsed = OrderRequestInput.safeParse(input);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => ({
      path: ['body', ...i.path].join('.'),
      message: i.message,
    }));
    throw new AppError('ValidationFailed', 400, errors[0]?.message ?? 'Permintaan tidak valid.', { errors });
  }
  const v = parsed.data;
  const address = v.address?.trim() || null;
  if (v.fulfilment === 'delivery' && !address) {
    throw fieldError('AddressRequired', 'address', 'Alamat pengantaran wajib diisi.');
  }
  const idempotencyHash = v.idempotencyKey ? sha256(v.idempotencyKey) : null;
  if (idempotencyHash) {
    const existing = await db
      .selectFrom('order_request')
      .select(['id', 'code', 'total', 'shop_id'])
      .where('idempotency_key', '=', idempotencyHash)
      .executeTakeFirst();
    if (existing) return replay(db, existing.id, v.idempotencyKey as string);
  }

  const shop = await db
    .selectFrom('public_shop')
    .select(['id', 'name', 'whatsapp'])
    .where('id', '=', v.shopId)
    .executeTakeFirst();
  if (!shop)
    throw fieldError('ShopUnavailable', 'shopId', 'Toko tidak ditemukan atau sedang tidak aktif.', 404);

  const productIds = [...new Set(v.items.map((i) => i.productId))];
  const products = await db
    .selectFrom('public_product')
    .select(['id', 'shop_id', 'name', 'price', 'stock'])
    .where('id', 'in', productIds)
    .execute();
  const variants = await db
    .selectFrom('product_variant')
    .select(['id', 'product_id', 'name', 'price', 'stock'])
    .where('product_id', 'in', productIds)
    .where('archived_at', 'is', null)
    .execute();

  const lines = v.items.map((item, i) => {
    const product = products.find((p) => p.id === item.productId && p.shop_id === shop.id);
    if (!product) {
      throw fieldError(
        'ProductUnavailable',
        `items.${i}.productId`,
        'Produk tidak tersedia di toko ini.',
        409,
      );
    }
    const own = variants.filter((x) => x.product_id === product.id);
    let variant: (typeof own)[number] | undefined;
    if (own.length > 0) {
      variant = own.find((x) => x.id === item.variantId);
      if (!variant) {
        throw fieldError('VariantRequired', `items.${i}.variantId`, `Pilih varian untuk "${product.name}".`);
      }
    } else if (item.variantId) {
      throw fieldError('VariantUnknown', `items.${i}.variantId`, `"${product.name}" tidak punya varian itu.`);
    }
    return {
      product_id: product.id,
      variant_id: variant?.id ?? null,
      name: variant ? `${product.name} (${variant.name})` : product.name,
      unit_price: Number(variant ? variant.price : product.price),
      quantity: item.quantity,
      stock: variant ? variant.stock : product.stock,
      path: `items.${i}.quantity`,
    };
  });
  // The same product or variant on several lines counts once against its stock.
  const wanted = new Map<string, number>();
  for (const l of lines) {
    const key = `${l.product_id}:${l.variant_id}`;
    wanted.set(key, (wanted.get(key) ?? 0) + l.quantity);
  }
  for (const l of lines) {
    const total = wanted.get(`${l.product_id}:${l.variant_id}`) ?? 0;
    if (l.stock !== null && total > l.stock) {
      throw fieldError(
        'OutOfStock',
        l.path,
        l.stock === 0
          ? `Stok "${l.name}" habis.`
          : `Stok "${l.name}" tinggal ${l.stock}; pesan paling banyak ${l.stock}.`,
        409,
      );
    }
  }

  const recent = await db
    .selectFrom('order_request')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('buyer_phone', '=', v.buyerPhone)
    .where('requested_at', '>', new Date(Date.now() - 3_600_000))
    .executeTakeFirstOrThrow();
  if (Number(recent.n) >= REQUESTS_PER_PHONE_PER_HOUR) {
    throw new AppError(
      'TooManyRequests',
      429,
      'Terlalu banyak permintaan dari nomor ini; coba lagi dalam satu jam.',
    );
  }

  const total = lines.reduce((sum, l) => sum + l.unit_price * l.quantity, 0);
  const token = tokenFor(v.idempotencyKey);
  const order = await db.transaction().execute(async (trx) => {
    let row: { id: number; code: string } | undefined;
    for (let attempt = 0; !row; attempt += 1) {
      const code = orderCode();
      const clash = await trx
        .selectFrom('order_request')
        .select('id')
        .where('code', '=', code)
        .executeTakeFirst();
      if (clash && attempt < 10) continue;
      row = await trx
        .insertInto('order_request')
        .values({
          token_hash: sha256(token),
          code,
          shop_id: shop.id,
          buyer_name: v.buyerName,
          buyer_phone: v.buyerPhone,
          fulfilment: v.fulfilment,
          address: v.fulfilment === 'delivery' ? address : null,
          note: v.note?.trim() || null,
          total,
          idempotency_key: idempotencyHash,
        })
        .returning(['id', 'code'])
        .executeTakeFirstOrThrow();
    }
    await trx
      .insertInto('order_item')
      .values(lines.map(({ stock: _s, path: _p, ...l }) => ({ ...l, order_id: row.id })))
      .execute();
    await trx
      .insertInto('order_event')
      .values({ order_id: row.id, from_state: null, to_state: 'requested', reason: null, actor_id: null })
      .execute();
    return row;
  });
  const items = await itemsOf(db, order.id);
  const message = orderMessage(
    {
      code: order.code,
      buyer_name: v.buyerName,
      shop_name: shop.name,
      fulfilment: v.fulfilment,
      total,
      state: 'requested',
    },
    items,
    `Halo ${shop.name}, saya ${v.buyerName} ingin memesan (total ${formatRupiah(total)}).`,
  );
  return {
    id: order.id,
    code: order.code,
    token,
    total,
    whatsappUrl: whatsappLink(shop.whatsapp, message),
    replayed: false,
  };
}

async function replay(db: DB, id: number, idempotencyKey: string): Promise<CreatedOrderRequest> {
  const row = await orderQuery(db, null).where('r.id', '=', id).executeTakeFirstOrThrow();
  const items = await itemsOf(db, id);
  const message = orderMessage(row, items, `Halo ${row.shop_name}, saya ${row.buyer_name} ingin memesan.`);
  return {
    id,
    code: row.code,
    token: tokenFor(idempotencyKey),
    total: Number(row.total),
    whatsappUrl: whatsappLink(row.shop_whatsapp, message),
    replayed: true,
  };
}

async function findByToken(db: DB, token: string) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  return orderQuery(db, null).where('r.token_hash', '=', sha256(token)).executeTakeFirst();
}

/** What the buyer's private status link shows: this one order, nothing about any other. */
export async function getOrderByToken(db: DB, token: string): Promise<PublicOrderDto> {
  const row = await findByToken(db, token);
  if (!row) throw notFound('Pesanan');
  const [items, events] = await Promise.all([itemsOf(db, row.id), eventsOf(db, row.id)]);
  return {
    code: row.code,
    shopName: row.shop_name,
    shopSlug: row.shop_slug,
    shopWhatsapp: row.shop_whatsapp,
    buyerName: row.buyer_name,
    fulfilment: row.fulfilment,
    total: Number(row.total),
    state: row.state,
    reason: row.reason,
    ...stateTimes(row),
    items: items.map(itemDto),
    events: events.map((e) => ({
      from: e.from_state,
      to: e.to_state,
      reason: e.reason,
      at: e.created_at.toISOString(),
    })),
    canCancel: row.state === 'requested',
  };
}

/** The buyer cancels through the status link, before the seller confirms; after that, 409. */
export async function cancelOrderByToken(db: DB, config: Config, token: string): Promise<PublicOrderDto> {
  const row = await findByToken(db, token);
  if (!row) throw notFound('Pesanan');
  await db.transaction().execute(async (trx) => {
    await moveOrder(trx, config, { ...SYSTEM_ACTOR, label: 'pembeli' }, row.id, 'cancelled', null);
  });
  return getOrderByToken(db, token);
}
