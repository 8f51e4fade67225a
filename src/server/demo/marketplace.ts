import { sql } from 'kysely';
import sharp from 'sharp';
import { type ProductCategory, slugify } from '../../shared/marketplace.ts';
import type { Config } from '../config.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { localToday } from '../http/dates.ts';
import type { Actor } from '../http/guard.ts';
import { createOrderRequest } from '../modules/marketplace/orders.create.ts';
import { moveOrder } from '../modules/marketplace/orders.service.ts';
import { storePhoto } from '../modules/marketplace/photos.ts';
import { prng } from './demo-data.ts';

/**
 * The marketplace demo, so that the storefront is alive on a first start: approved shops of registered
 * businesses (a few waiting, one suspended), products with photos made through the real photo pipeline
 * (coloured tiles with the product's initial), order requests in every state, completed sales spread over
 * the last six months, featured products and the "Bangga Produk UMKM" campaign. Runs once: a database that
 * has shops is left alone.
 */

type Item = [name: string, category: ProductCategory, price: number, unit: string, description: string];

const CATALOGUE: Record<string, Item[]> = {
  kuliner: [
    [
      'Keripik Singkong Pedas',
      'camilan',
      15000,
      'bungkus',
      'Singkong pilihan diiris tipis, digoreng renyah dengan bumbu cabai asli.',
    ],
    [
      'Kue Lapis Legit',
      'kue_roti',
      120000,
      'loyang',
      'Lapis legit wangi rempah, dipanggang lapis demi lapis.',
    ],
    [
      'Sambal Roa Botol',
      'bumbu_sambal',
      35000,
      'botol',
      'Sambal ikan roa asap, pedas gurih, tanpa pengawet.',
    ],
    [
      'Rendang Daging Kering',
      'makanan',
      95000,
      '250 g',
      'Rendang dimasak delapan jam, tahan sampai dua minggu.',
    ],
    ['Kopi Robusta Bubuk', 'minuman', 45000, '250 g', 'Robusta petani lokal, disangrai sedang.'],
    ['Dodol Betawi', 'camilan', 30000, 'kotak', 'Dodol ketan hitam khas Betawi, diaduk di kuali tembaga.'],
    ['Nastar Nanas', 'kue_roti', 85000, 'toples', 'Nastar lembut dengan selai nanas buatan sendiri.'],
    ['Es Kopi Susu Gula Aren', 'minuman', 18000, 'botol', 'Kopi susu dengan gula aren, dikirim dingin.'],
  ],
  fesyen: [
    [
      'Batik Tulis Motif Kota',
      'fesyen',
      350000,
      'lembar',
      'Kain batik tulis katun primisima, motif ikon kota.',
    ],
    ['Kaos Sablon Bangga UMKM', 'fesyen', 90000, 'pcs', 'Kaos katun 30s dengan sablon plastisol.'],
    ['Tas Rajut Tangan', 'fesyen', 150000, 'pcs', 'Tas rajut benang katun, dibuat tangan.'],
    ['Hijab Voal Motif', 'fesyen', 75000, 'pcs', 'Voal premium, tepi dijahit rapi.'],
  ],
  kriya: [
    ['Tas Anyaman Pandan', 'kriya', 125000, 'pcs', 'Anyaman daun pandan kering, kuat dan ringan.'],
    ['Vas Gerabah Ukir', 'kriya', 85000, 'pcs', 'Gerabah tanah liat dengan ukiran tangan.'],
    ['Gantungan Kunci Kayu', 'kriya', 20000, 'pcs', 'Kayu jati sisa produksi, diukir nama sesuai pesanan.'],
  ],
  industri_pengolahan: [
    ['Sabun Sereh Alami', 'kecantikan', 25000, 'batang', 'Sabun cold process dengan minyak sereh wangi.'],
    ['Madu Hutan Murni', 'makanan', 110000, 'botol 500 g', 'Madu hutan dipanen lestari.'],
    ['Minyak Kelapa Murni', 'kecantikan', 60000, 'botol', 'VCO diperas dingin.'],
  ],
  pertanian_perikanan: [
    ['Ikan Bandeng Presto', 'makanan', 40000, 'pack', 'Bandeng duri lunak, siap goreng.'],
    [
      'Sayur Hidroponik Segar',
      'pertanian',
      15000,
      'ikat',
      'Selada dan pakcoy hidroponik, dipanen pagi hari.',
    ],
  ],
};
const PALETTE = ['#0b7285', '#c2255c', '#5f3dc4', '#2b8a3e', '#e67700', '#1864ab', '#a61e4d', '#087f5b'];

async function tile(name: string, colour: string): Promise<Buffer> {
  const initial = name.trim().charAt(0).toUpperCase();
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="800">
    <rect width="800" height="800" fill="${colour}"/>
    <circle cx="620" cy="180" r="260" fill="#ffffff" fill-opacity="0.12"/>
    <text x="400" y="500" font-family="DejaVu Sans, sans-serif" font-size="360" font-weight="bold" fill="#ffffff" text-anchor="middle">${initial}</text>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

/** The demo campaign's banner: its name on the city's green, wide as a banner is. */
async function banner(name: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="400">
    <defs><linearGradient id="g" x1="0" x2="1"><stop offset="0" stop-color="#0b6e3f"/><stop offset="1" stop-color="#2b8a3e"/></linearGradient></defs>
    <rect width="1200" height="400" fill="url(#g)"/>
    <circle cx="1060" cy="80" r="220" fill="#ffffff" fill-opacity="0.10"/>
    <circle cx="140" cy="420" r="160" fill="#ffd43b" fill-opacity="0.25"/>
    <text x="80" y="215" font-family="DejaVu Sans, sans-serif" font-size="76" font-weight="bold" fill="#ffffff">${name}</text>
    <text x="80" y="285" font-family="DejaVu Sans, sans-serif" font-size="36" fill="#ffffff" fill-opacity="0.9">Belanja produk usaha kota sendiri</text>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

function monthsAgo(today: string, months: number, day: number) {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 - months, Math.min(day, 28)));
  return d.toISOString().slice(0, 10);
}

export async function seedMarketplaceDemo(database: DatabaseHandle, config: Config, actor: Actor) {
  const { db } = database;
  const existing = await db.selectFrom('shop').select('id').limit(1).executeTakeFirst();
  if (existing) return { shops: 0, products: 0, orders: 0 };
  const rand = prng(1108);
  const today = localToday(config.timezone);
  // Two businesses of each catalogue sector in each of the first kecamatan: shops across the city.
  const { rows: picks } = await sql<{ id: number; name: string; sector: string; kecamatan_code: string }>`
    select id, name, sector, kecamatan_code from (
      select b.id, b.name, b.sector, b.kecamatan_code,
             row_number() over (partition by b.kecamatan_code, b.sector order by b.id) as n
      from business b where b.archived_at is null and b.sector in (${sql.join(Object.keys(CATALOGUE))})
    ) x where n <= 1 order by kecamatan_code, sector limit 30`.execute(db);

  const shops: { id: number; products: { id: number; stock: number | null }[] }[] = [];
  let products = 0;
  for (const [i, b] of picks.entries()) {
    const state = i % 13 === 5 ? 'pending' : i % 17 === 9 ? 'suspended' : 'approved';
    const shopName = b.name.replace(/^(UD|CV|Usaha)\s+/i, '');
    const shop = await db
      .insertInto('shop')
      .values({
        business_id: b.id,
        slug: `${slugify(shopName)}-${b.id}`,
        name: shopName,
        description: `Produk ${shopName}, dibuat di kota sendiri.`,
        pickup_kecamatan_code: b.kecamatan_code,
        whatsapp: `+62812${String(10_000_000 + b.id * 7919).slice(-8)}`,
        opening_hours: 'Senin–Sabtu 08.00–17.00',
        state,
        reason: state === 'suspended' ? 'Foto produk tidak sesuai barang yang dikirim.' : null,
        decided_at: state === 'pending' ? null : new Date(),
        approved_at: state === 'pending' ? null : new Date(`${monthsAgo(today, 7, 3)}T03:00:00Z`),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const catalogue = CATALOGUE[b.sector] ?? CATALOGUE.kuliner!;
    const own: { id: number; stock: number | null }[] = [];
    const count = Math.min(catalogue.length, 2 + Math.floor(rand() * 3));
    for (let k = 0; k < count; k += 1) {
      const [name, category, price, unit, description] = catalogue[(i + k) % catalogue.length]!;
      const stock = k % 4 === 3 ? null : 5 + Math.floor(rand() * 40);
      const row = await db
        .insertInto('product')
        .values({
          shop_id: shop.id,
          slug: `${slugify(name)}-${shop.id}`,
          name,
          description,
          category,
          price,
          unit,
          weight_grams: 250 + 50 * Math.floor(rand() * 10),
          stock,
          featured: state === 'approved' && k === 0 && i % 3 === 0,
          featured_at: state === 'approved' && k === 0 && i % 3 === 0 ? new Date() : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (category === 'fesyen' && k === 1) {
        await db
          .insertInto('product_variant')
          .values(
            ['S', 'M', 'L', 'XL'].map((size, position) => ({
              product_id: row.id,
              name: size,
              price,
              stock: 10,
              position,
            })),
          )
          .execute();
      }
      const photo = await storePhoto(config, await tile(name, PALETTE[(i + k) % PALETTE.length]!));
      await db
        .insertInto('product_photo')
        .values({
          product_id: row.id,
          key: photo.key,
          width: photo.width,
          height: photo.height,
          widths: photo.widths,
        })
        .execute();
      own.push({ id: row.id, stock });
      products += 1;
    }
    if (state === 'approved') shops.push({ id: shop.id, products: own });
  }

  // Orders: each approved shop gets a handful, most completed over the last six months, some open.
  const plan: ('completed' | 'requested' | 'confirmed' | 'ready' | 'declined' | 'cancelled')[] = [
    'completed',
    'completed',
    'completed',
    'completed',
    'requested',
    'confirmed',
    'ready',
    'declined',
    'cancelled',
  ];
  let orders = 0;
  let phone = 0;
  for (const shop of shops) {
    for (const [n, target] of plan.entries()) {
      if (rand() < 0.25) continue;
      const product = shop.products[n % shop.products.length]!;
      const variant = await db
        .selectFrom('product_variant')
        .select('id')
        .where('product_id', '=', product.id)
        .executeTakeFirst();
      phone += 1;
      const created = await createOrderRequest(db, {
        shopId: shop.id,
        buyerName: ['Rina', 'Budi', 'Siti', 'Agus', 'Dewi', 'Yusuf', 'Lina'][phone % 7]!,
        buyerPhone: `0857${String(10_000_000 + phone).slice(-8)}`,
        fulfilment: n % 2 === 0 ? 'pickup' : 'delivery',
        address: n % 2 === 0 ? undefined : 'Jl. Merdeka No. 17',
        items: [{ productId: product.id, variantId: variant?.id ?? null, quantity: 1 + (n % 2) }],
      }).catch(() => null);
      if (!created) continue;
      orders += 1;
      const steps =
        target === 'completed'
          ? ['confirmed', n % 2 === 0 ? 'ready' : 'shipped', 'completed']
          : target === 'ready'
            ? ['confirmed', n % 2 === 0 ? 'ready' : 'shipped']
            : target === 'requested'
              ? []
              : [target];
      // A move that cannot be made (the last unit went to another order) leaves that order where it was.
      await db
        .transaction()
        .execute(async (trx) => {
          for (const to of steps) {
            await moveOrder(
              trx,
              config,
              actor,
              created.id,
              to as never,
              to === 'declined' ? 'Stok bahan sedang kosong.' : null,
            );
          }
        })
        .catch(() => undefined);
      if (target === 'completed') {
        // A day of the last six months, never after today (this month's draw may fall later in the month).
        const drawn = monthsAgo(today, Math.floor(rand() * 6), 1 + Math.floor(rand() * 27));
        const day = [drawn, today].sort()[0]!; // ISO dates sort as the days they name
        await db
          .updateTable('order_request')
          .set({
            requested_at: new Date(`${day}T02:00:00Z`),
            completed_at: new Date(`${day}T09:00:00Z`),
            completed_on: day,
          })
          .where('id', '=', created.id)
          .where('state', '=', 'completed')
          .execute();
      }
    }
  }

  const chosen = await db.selectFrom('public_product').select('id').orderBy('id').limit(12).execute();
  const picture = await storePhoto(config, await banner('Bangga Produk UMKM'));
  const campaign = await db
    .insertInto('campaign')
    .values({
      slug: 'bangga-produk-umkm',
      name: 'Bangga Produk UMKM',
      theme: 'umum',
      starts_on: monthsAgo(today, 1, 1),
      ends_on: monthsAgo(today, -2, 28),
      description: 'Belanja produk usaha kota sendiri: setiap pesanan menghidupkan tetangga kita.',
      banner_key: picture.key,
      banner_width: picture.width,
      banner_height: picture.height,
      banner_widths: picture.widths,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (chosen.length > 0) {
    await db
      .insertInto('campaign_product')
      .values(chosen.map((p, position) => ({ campaign_id: campaign.id, product_id: p.id, position })))
      .execute();
  }
  return { shops: picks.length, products, orders };
}
