/**
 * Builders for the storefront's tests: a registered business (with an owner whose NIK, phone and street
 * address must never reach a public page), its approved shop, products with variants and photo rows.
 */
import type { TestApp } from './app.ts';
import { makeBusiness } from './builders.ts';

let seq = 0;

export const OWNER_PHONE = '081298765432';
export const SHOP_WHATSAPP = '+6285711112222';
export const STREET = 'Jl. Melati Rahasia No. 17';

export async function makeShop(
  t: TestApp,
  cookie: string,
  opts: {
    name?: string;
    kecamatan?: string;
    halal?: boolean;
    state?: 'approved' | 'pending' | 'suspended';
    nik?: string;
  } = {},
) {
  seq += 1;
  const kecamatan = opts.kecamatan ?? '36.71.05';
  const business = await makeBusiness(t, cookie, {
    kelurahanCode: `${kecamatan}.1001`,
    address: STREET,
    legality: opts.halal ? { halal: { number: `ID3671${seq}` } } : {},
    owner: { phone: OWNER_PHONE, ...(opts.nik ? { nik: opts.nik } : {}) },
  });
  const name = opts.name ?? `Toko Uji ${seq}`;
  const shop = await t.db
    .insertInto('shop')
    .values({
      business_id: business.id,
      slug: `toko-uji-${seq}-${Date.now().toString(36)}`,
      name,
      description: `Toko ${name} di kota`,
      pickup_kecamatan_code: kecamatan,
      whatsapp: SHOP_WHATSAPP,
      opening_hours: '08.00–17.00',
      state: opts.state ?? 'approved',
      reason: opts.state === 'suspended' ? 'Melanggar aturan' : null,
      approved_at: new Date(),
    })
    .returning(['id', 'slug', 'name'])
    .executeTakeFirstOrThrow();
  return { ...shop, business };
}

export async function makeProduct(
  t: TestApp,
  shopId: number,
  opts: {
    name: string;
    description?: string;
    category?: 'makanan' | 'camilan' | 'minuman' | 'kriya' | 'fesyen';
    price?: number;
    stock?: number | null;
    featured?: boolean;
    hidden?: boolean;
    photo?: boolean;
    variants?: { name: string; price: number; stock: number | null }[];
  },
) {
  seq += 1;
  const product = await t.db
    .insertInto('product')
    .values({
      shop_id: shopId,
      slug: `${
        opts.name
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-|-$/g, '') || 'produk'
      }-${seq}`,
      name: opts.name,
      description: opts.description ?? '',
      category: opts.category ?? 'camilan',
      price: opts.price ?? 15000,
      unit: 'bungkus',
      stock: opts.stock === undefined ? 10 : opts.stock,
      featured: opts.featured ?? false,
      featured_at: opts.featured ? new Date() : null,
      hidden_at: opts.hidden ? new Date() : null,
      hidden_reason: opts.hidden ? 'Foto tidak sesuai' : null,
    })
    .returning(['id', 'slug', 'name'])
    .executeTakeFirstOrThrow();
  if (opts.photo) {
    await t.db
      .insertInto('product_photo')
      .values({
        product_id: product.id,
        key: (seq.toString(16) + 'a'.repeat(32)).slice(0, 32),
        width: 1600,
        height: 1200,
        widths: [320, 640, 1200],
      })
      .execute();
  }
  const variants = [];
  for (const [i, v] of (opts.variants ?? []).entries()) {
    variants.push(
      await t.db
        .insertInto('product_variant')
        .values({ product_id: product.id, name: v.name, price: v.price, stock: v.stock, position: i })
        .returning(['id', 'name'])
        .executeTakeFirstOrThrow(),
    );
  }
  return { ...product, variants };
}
