/**
 * The buyer's order request from the storefront: the lines a cart or a product page names, checked against
 * the live catalogue; sending it through the marketplace's `createOrderRequest` behind a limit per address
 * (the core limits per phone); the status page and the buyer's cancel by the private token.
 */
import { randomBytes } from 'node:crypto';
import type { DB } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';
import { consume, RATE_LIMITS } from '../auth/rate-limits.ts';
import {
  type CreatedOrderRequest,
  cancelOrderByToken,
  createOrderRequest,
  getOrderByToken,
} from '../marketplace/orders.create.ts';
import type { OrderRequestInput } from '../marketplace/orders.schema.ts';
import type { OrderLine } from './order-views.ts';

export interface ItemRef {
  productId: number;
  variantId: number | null;
  quantity: number;
}

const MAX_LINES = 30;

/**
 * Lines from the query of the order form: `item=<product>:<variant or 0>:<quantity>` (the cart), or the
 * product page's form without a script: `item=<product>:0`, `variant=<id>`, `quantity=<n>`.
 */
export function parseItems(query: Record<string, string | string[] | undefined>): ItemRef[] {
  const list = ([] as string[]).concat(query.item ?? []).slice(0, MAX_LINES);
  const variant = Number(typeof query.variant === 'string' ? query.variant : 0);
  const quantity = Number(typeof query.quantity === 'string' ? query.quantity : 1);
  const items: ItemRef[] = [];
  for (const raw of list) {
    const [p, v, q] = raw.split(':');
    const productId = Number(p);
    if (!Number.isSafeInteger(productId) || productId <= 0) continue;
    const variantId = Number(v ?? 0) || (Number.isSafeInteger(variant) && variant > 0 ? variant : 0);
    const qty = q === undefined ? quantity : Number(q);
    items.push({
      productId,
      variantId: Number.isSafeInteger(variantId) && variantId > 0 ? variantId : null,
      quantity: Number.isFinite(qty) ? Math.trunc(qty) : 1,
    });
  }
  return items;
}

export interface OrderDraft {
  shop: { id: number; slug: string; name: string; kecamatanCode: string; openingHours: string };
  lines: OrderLine[];
}

/** The lines as the shop sells them now (names, prices), all of one public shop; else a clear refusal. */
export async function draftOrder(db: DB, items: ItemRef[]): Promise<OrderDraft> {
  if (items.length === 0) {
    throw new AppError(
      'EmptyOrder',
      400,
      'Pesanan belum berisi produk. Pilih produk dulu di halaman produk.',
    );
  }
  const ids = [...new Set(items.map((i) => i.productId))];
  const [products, variants] = await Promise.all([
    db
      .selectFrom('public_product as p')
      .innerJoin('public_shop as s', 's.id', 'p.shop_id')
      .select([
        'p.id',
        'p.slug',
        'p.name',
        'p.price',
        'p.stock',
        's.id as shop_id',
        's.slug as shop_slug',
        's.name as shop_name',
        's.pickup_kecamatan_code',
        's.opening_hours',
      ])
      .where('p.id', 'in', ids)
      .execute(),
    db
      .selectFrom('product_variant')
      .select(['id', 'product_id', 'name', 'price', 'stock'])
      .where('product_id', 'in', ids)
      .where('archived_at', 'is', null)
      .execute(),
  ]);
  const lines = items.map((item): OrderLine => {
    const p = products.find((x) => x.id === item.productId);
    if (!p)
      throw new AppError(
        'ProductUnavailable',
        404,
        'Produk di pesanan ini tidak ditemukan atau tidak dijual lagi.',
      );
    const own = variants.filter((v) => v.product_id === p.id);
    const v = own.find((x) => x.id === item.variantId) ?? (own.length === 1 ? own[0] : undefined);
    if (own.length > 0 && !v) {
      throw new AppError('VariantRequired', 400, `Pilih varian untuk "${p.name}" di halaman produknya.`);
    }
    return {
      productId: p.id,
      variantId: v?.id ?? null,
      quantity: item.quantity,
      name: v ? `${p.name} (${v.name})` : p.name,
      unitPrice: Number(v ? v.price : p.price),
      slug: p.slug,
      stock: v ? v.stock : p.stock,
    };
  });
  const shopIds = new Set(items.map((i) => products.find((p) => p.id === i.productId)!.shop_id));
  if (shopIds.size > 1) {
    throw new AppError(
      'OneShopPerOrder',
      400,
      'Satu permintaan pesanan hanya untuk satu toko. Kirim per toko dari keranjang.',
    );
  }
  const first = products.find((p) => p.id === items[0]!.productId)!;
  return {
    shop: {
      id: first.shop_id,
      slug: first.shop_slug,
      name: first.shop_name,
      kecamatanCode: first.pickup_kecamatan_code,
      openingHours: first.opening_hours,
    },
    lines,
  };
}

/** A key for the order form: the same form sent twice makes one order (the core's idempotency). */
export const newFormKey = () => randomBytes(18).toString('base64url');

/** The public order request: the address's limit first, then the core's checks and the order itself. */
export async function placeOrder(db: DB, ip: string, input: OrderRequestInput): Promise<CreatedOrderRequest> {
  await consume(db, RATE_LIMITS.orderRequest, ip);
  return createOrderRequest(db, input);
}

export { cancelOrderByToken, getOrderByToken };
