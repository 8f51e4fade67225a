import sharp from 'sharp';
import { createOrderRequest } from '../../src/server/modules/marketplace/orders.create.ts';
import type { Side, SideFixture, World } from './world.ts';

/*
 * The marketplace on both sides of the matrix's world: each side's business has an approved shop with a
 * product and an order request; the own side's business belongs to the matrix's business owner.
 */

export interface MarketSide {
  shopId: number;
  productId: number;
  orderId: number;
}

const made = new WeakMap<World, Promise<Record<Side, MarketSide>>>();
let image: Buffer | null = null;

/** A real PNG the photo pipeline accepts (at least 64 × 64). */
export async function marketImage() {
  image ??= await sharp({ create: { width: 96, height: 96, channels: 3, background: '#cc6633' } })
    .png()
    .toBuffer();
  return image;
}

async function freshBusiness(w: World, f: SideFixture) {
  const n = w.next();
  const row = await w.t.db
    .insertInto('business')
    .values({
      owner_id: f.ownerId,
      name: `Usaha pasar ${n}`,
      name_key: `usaha pasar ${n}`,
      sector: 'kuliner',
      kbli: null,
      address: null,
      kelurahan_code: f.kelurahan,
      kecamatan_code: f.kecamatan,
      capital: null,
      annual_sales: null,
      employees: null,
      legality: '{}',
      online: '{}',
      baseline_omzet: null,
      mentor_id: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A new business of the side without a shop (for an application). */
export const freshShopless = (w: World, f: SideFixture) => freshBusiness(w, f);

/** A new shop of the side in the given state. */
export async function freshShop(w: World, f: SideFixture, state: 'pending' | 'approved' = 'pending') {
  const businessId = await freshBusiness(w, f);
  const row = await w.t.db
    .insertInto('shop')
    .values({
      business_id: businessId,
      slug: `toko-matriks-${w.next()}`,
      name: 'Toko Matriks',
      pickup_kecamatan_code: f.kecamatan,
      whatsapp: '+6281234567890',
      state,
      ...(state === 'approved' ? { approved_at: new Date() } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function freshProduct(w: World, shopId: number) {
  const row = await w.t.db
    .insertInto('product')
    .values({
      shop_id: shopId,
      slug: `produk-matriks-${w.next()}`,
      name: 'Produk Matriks',
      category: 'camilan',
      price: 10000,
      stock: 50,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function freshOrder(w: World, side: MarketSide) {
  const n = w.next();
  const order = await createOrderRequest(w.t.db, {
    shopId: side.shopId,
    buyerName: 'Pembeli Matriks',
    buyerPhone: `0819${String(10_000_000 + n).slice(-8)}`,
    fulfilment: 'pickup',
    items: [{ productId: side.productId, quantity: 1 }],
  });
  return order.id;
}

export async function freshPhoto(w: World, productId: number) {
  const key = w.next().toString(16).padStart(32, '0');
  const row = await w.t.db
    .insertInto('product_photo')
    .values({ product_id: productId, key, width: 96, height: 96, widths: [320] })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function build(w: World): Promise<Record<Side, MarketSide>> {
  const sides = {} as Record<Side, MarketSide>;
  for (const side of ['own', 'other'] as const) {
    const f = w.sides[side];
    const shop = await w.t.db
      .insertInto('shop')
      .values({
        business_id: f.businessId,
        slug: `toko-${side}-${w.next()}`,
        name: `Toko ${side}`,
        pickup_kecamatan_code: f.kecamatan,
        whatsapp: '+6281234567890',
        state: 'approved',
        approved_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const productId = await freshProduct(w, shop.id);
    const partial = { shopId: shop.id, productId, orderId: 0 };
    sides[side] = { ...partial, orderId: await freshOrder(w, partial) };
  }
  return sides;
}

export function marketWorld(w: World): Promise<Record<Side, MarketSide>> {
  let built = made.get(w);
  if (!built) {
    built = build(w);
    made.set(w, built);
  }
  return built;
}

export const marketSide = async (w: World, f: SideFixture) =>
  (await marketWorld(w))[f === w.sides.own ? 'own' : 'other'];

/** A stored photo file the public photo route serves (uploaded once through the pipeline by the owner). */
let servedPhoto: Promise<string> | null = null;
export function servedPhotoFile(w: World) {
  servedPhoto ??= (async () => {
    const side = await marketSide(w, w.sides.own);
    const res = await w.t.app.inject({
      method: 'POST',
      url: `/api/v1/market/products/${side.productId}/photos`,
      headers: { cookie: w.users.business_owner.cookie, 'content-type': 'image/png' },
      payload: await marketImage(),
    });
    const url: string = res.json().photos[0].url;
    return url.split('/').pop()!;
  })();
  return servedPhoto;
}

/** A campaign made by the office (for reads and changes). */
export async function freshCampaign(w: World) {
  const row = await w.t.db
    .insertInto('campaign')
    .values({
      slug: `kampanye-${w.next()}`,
      name: 'Kampanye Matriks',
      theme: 'umum',
      starts_on: '2026-01-01',
      ends_on: '2026-12-31',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
