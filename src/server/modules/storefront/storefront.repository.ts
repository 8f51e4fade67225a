/**
 * The public storefront's reads. Only the views `public_product` and `public_shop` (decision 0018) are read,
 * so the rule of what may be shown lives in one place; and only the columns a public page shows: never the
 * owner, the business's address or anything personal.
 */
import { type Expression, type SqlBool, sql } from 'kysely';
import type { Badge, ProductCategory } from '../../../shared/marketplace.ts';
import type { DB } from '../../db/database.ts';

export interface PhotoRef {
  key: string;
  width: number;
  height: number;
  widths: number[];
}

export interface ShopRef {
  slug: string;
  name: string;
  kecamatanCode: string;
  badges: Badge[];
}

export interface ProductCardRow {
  id: number;
  slug: string;
  name: string;
  category: ProductCategory;
  price: number;
  unit: string;
  stock: number | null;
  createdAt: Date;
  shopId: number;
  shop: ShopRef;
  photo: PhotoRef | null;
  /** Variants' lowest and highest price when the product has variants. */
  priceRange: { min: number; max: number } | null;
}

export type SearchSort = 'relevance' | 'newest' | 'price_asc' | 'price_desc';

export interface SearchParams {
  q?: string;
  category?: ProductCategory;
  kecamatan?: string;
  halal?: boolean;
  minPrice?: number;
  maxPrice?: number;
  shopId?: number;
  campaignId?: number;
  featured?: boolean;
  sort: SearchSort;
  limit: number;
  offset: number;
}

/** Words of a query as the trigram arm compares them: lower case, letters and digits, at most six. */
export function queryWords(q: string): string[] {
  return q
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 3)
    .slice(0, 6);
}

/**
 * A product matches a query when the `indonesian` full-text search finds every meaningful word in its name
 * or description (stemmed: "keripik" is 'ripik'), or when every word of three letters or more is close to a
 * word of its name by trigrams (word similarity ≥ WORD_SIMILARITY): "kripik" finds "Keripik Singkong Pedas".
 * Written as two id lists, each answered by its own index (GIN on `search`, GIN trigram on `lower(name)`):
 * with the two arms OR-ed in one condition the planner scanned the whole table and computed the word
 * similarity of every name (0.4 s for 40,000 products, against 0.05 s).
 */
export function matches(q: string): Expression<SqlBool> {
  const words = queryWords(q);
  const fullText = sql`select m.id from product m where m.search @@ websearch_to_tsquery('indonesian', ${q})`;
  if (words.length === 0) return sql<SqlBool>`p.id in (${fullText})`;
  const trigrams = sql.join(
    words.map((w) => sql`${w} <% lower(m.name)`),
    sql` and `,
  );
  return sql<SqlBool>`p.id in (${fullText} union all select m.id from product m where ${trigrams})`;
}

function filtered(db: DB, params: SearchParams) {
  let query = db.selectFrom('public_product as p');
  const q = params.q?.trim();
  if (q) query = query.where(matches(q));
  if (params.category) query = query.where('p.category', '=', params.category);
  if (params.minPrice !== undefined) query = query.where('p.price', '>=', params.minPrice);
  if (params.maxPrice !== undefined) query = query.where('p.price', '<=', params.maxPrice);
  if (params.shopId !== undefined) query = query.where('p.shop_id', '=', params.shopId);
  if (params.featured) query = query.where('p.featured', '=', true);
  if (params.kecamatan) {
    const kecamatan = params.kecamatan;
    query = query.where('p.shop_id', 'in', (eb) =>
      eb.selectFrom('shop').select('shop.id').where('shop.pickup_kecamatan_code', '=', kecamatan),
    );
  }
  if (params.halal) {
    query = query.where('p.shop_id', 'in', (eb) =>
      eb
        .selectFrom('public_shop')
        .select('public_shop.id')
        .where(sql<SqlBool>`'halal' = any(public_shop.badges)`),
    );
  }
  if (params.campaignId !== undefined) {
    const campaignId = params.campaignId;
    query = query.where('p.id', 'in', (eb) =>
      eb
        .selectFrom('campaign_product')
        .select('campaign_product.product_id')
        .where('campaign_product.campaign_id', '=', campaignId),
    );
  }
  return query;
}

/**
 * How close a word of the query must be to a word of a product's name (pg_trgm's word similarity, whose
 * `<%` operator the trigram index answers): "kripik" is 0.5 of "keripik", "pedes" 0.5 of "pedas"; the
 * default 0.6 misses both, 0.3 lets unrelated words in.
 */
export const WORD_SIMILARITY = 0.45;

/** One page of products matching `params`, and how many match in all. */
export async function searchProducts(
  db: DB,
  params: SearchParams,
): Promise<{ items: ProductCardRow[]; total: number }> {
  const { ids, total } = await searchIds(db, params);
  return { items: await productCards(db, ids), total };
}

/** The ids of one page of products matching `params`, in order, and how many match in all. */
export async function searchIds(db: DB, params: SearchParams): Promise<{ ids: number[]; total: number }> {
  const q = params.q?.trim();
  const run = async (conn: DB) => {
    const base = filtered(conn, params);
    let page = base.select(['p.id', sql<string>`count(*) over ()`.as('total')]);
    switch (params.sort) {
      case 'newest':
        page = page.orderBy('p.created_at', 'desc');
        break;
      case 'price_asc':
        page = page.orderBy('p.price', 'asc');
        break;
      case 'price_desc':
        page = page.orderBy('p.price', 'desc');
        break;
      default:
        if (q) {
          page = page.orderBy(
            sql`ts_rank(p.search, websearch_to_tsquery('indonesian', ${q})) + word_similarity(${q.toLowerCase()}, lower(p.name))`,
            'desc',
          );
        } else if (params.featured || params.campaignId !== undefined) {
          page = page.orderBy('p.featured_at', sql`desc nulls last`);
        }
        page = page.orderBy('p.created_at', 'desc');
    }
    const rows = await page.orderBy('p.id', 'desc').limit(params.limit).offset(params.offset).execute();
    // Past the last page the window has no row to carry the total: count apart.
    const total =
      rows.length > 0
        ? Number(rows[0]!.total)
        : params.offset === 0
          ? 0
          : Number((await base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    return { ids: rows.map((r) => r.id), total };
  };
  return q && queryWords(q).length > 0 ? withTrigramSettings(db, run) : run(db);
}

/**
 * Runs `run` on one connection set for the trigram arm. The threshold of `<%` is a setting of the connection:
 * set on the one the search runs on. The planner underrates the cost of `<%` on every row and would rather
 * scan a one-word query's table than use the trigram index (0.5 s against 0.03 s for 40,000 products):
 * sequential scans are off for this query only.
 */
export function withTrigramSettings<T>(db: DB, run: (conn: DB) => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql`select set_config('pg_trgm.word_similarity_threshold', ${String(WORD_SIMILARITY)}, false),
      set_config('enable_seqscan', 'off', false)`.execute(conn);
    try {
      return await run(conn);
    } finally {
      await sql`select set_config('enable_seqscan', 'on', false)`.execute(conn);
    }
  });
}

/** The first photo of the product `p`, as JSON (null when it has none). */
const firstPhoto = sql<PhotoRef | null>`(select json_build_object('key', ph.key, 'width', ph.width,
    'height', ph.height, 'widths', ph.widths)
  from product_photo ph where ph.product_id = p.id order by ph.position, ph.id limit 1)`;

/** The lowest and highest price of the product's variants (null when it has none). */
const variantRange = sql<{ min: number; max: number } | null>`(select case when count(*) > 0
    then json_build_object('min', min(v.price), 'max', max(v.price)) end
  from product_variant v where v.product_id = p.id and v.archived_at is null)`;

/** A public product with its shop, first photo and price range: one query, for cards and the product page. */
function cardQuery(db: DB) {
  return db
    .selectFrom('public_product as p')
    .innerJoin('public_shop as s', 's.id', 'p.shop_id')
    .select([
      'p.id',
      'p.slug',
      'p.name',
      'p.category',
      'p.price',
      'p.unit',
      'p.stock',
      'p.created_at',
      'p.shop_id',
      's.slug as shop_slug',
      's.name as shop_name',
      's.pickup_kecamatan_code',
      's.badges',
      firstPhoto.as('photo'),
      variantRange.as('price_range'),
    ]);
}

type CardQueryRow = Awaited<ReturnType<ReturnType<typeof cardQuery>['execute']>>[number];

function toCard(r: CardQueryRow): ProductCardRow {
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    category: r.category,
    price: Number(r.price),
    unit: r.unit,
    stock: r.stock,
    createdAt: r.created_at,
    shopId: r.shop_id,
    shop: { slug: r.shop_slug, name: r.shop_name, kecamatanCode: r.pickup_kecamatan_code, badges: r.badges },
    photo: r.photo,
    priceRange: r.price_range ? { min: Number(r.price_range.min), max: Number(r.price_range.max) } : null,
  };
}

/** Cards for these products, in the order given (products no longer public are left out). */
export async function productCards(db: DB, ids: number[]): Promise<ProductCardRow[]> {
  if (ids.length === 0) return [];
  const rows = await cardQuery(db).where('p.id', 'in', ids).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    return r ? [toCard(r)] : [];
  });
}

export interface ProductDetailRow extends ProductCardRow {
  description: string;
  weightGrams: number | null;
  photos: PhotoRef[];
  variants: { id: number; name: string; price: number; stock: number | null }[];
  shopWhatsapp: string;
  shopOpeningHours: string;
}

/** The product page's data in one query: the card, its description, every photo and variant, the shop's contact. */
export async function findPublicProduct(db: DB, slug: string): Promise<ProductDetailRow | null> {
  const row = await cardQuery(db)
    .select([
      'p.description',
      'p.weight_grams',
      's.whatsapp',
      's.opening_hours',
      sql<PhotoRef[]>`(select coalesce(json_agg(json_build_object('key', ph.key, 'width', ph.width,
          'height', ph.height, 'widths', ph.widths) order by ph.position, ph.id), '[]')
        from product_photo ph where ph.product_id = p.id)`.as('photos'),
      sql<{ id: number; name: string; price: number; stock: number | null }[]>`(select coalesce(json_agg(
          json_build_object('id', v.id, 'name', v.name, 'price', v.price, 'stock', v.stock)
          order by v.position, v.id), '[]')
        from product_variant v where v.product_id = p.id and v.archived_at is null)`.as('variants'),
    ])
    .where('p.slug', '=', slug)
    .executeTakeFirst();
  if (!row) return null;
  return {
    ...toCard(row),
    description: row.description,
    weightGrams: row.weight_grams,
    photos: row.photos,
    variants: row.variants.map((v) => ({ ...v, id: Number(v.id), price: Number(v.price) })),
    shopWhatsapp: row.whatsapp,
    shopOpeningHours: row.opening_hours,
  };
}

export interface ShopDetailRow {
  id: number;
  slug: string;
  name: string;
  description: string;
  logoKey: string | null;
  kecamatanCode: string;
  whatsapp: string;
  openingHours: string;
  badges: Badge[];
  sector: string;
}

export async function findPublicShop(db: DB, slug: string): Promise<ShopDetailRow | null> {
  const row = await db
    .selectFrom('public_shop')
    .select([
      'id',
      'slug',
      'name',
      'description',
      'logo_key',
      'pickup_kecamatan_code',
      'whatsapp',
      'opening_hours',
      'badges',
      'sector',
    ])
    .where('slug', '=', slug)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    logoKey: row.logo_key,
    kecamatanCode: row.pickup_kecamatan_code,
    whatsapp: row.whatsapp,
    openingHours: row.opening_hours,
    badges: row.badges,
    sector: row.sector,
  };
}

/** Product counts per category and per kecamatan of public shops, for the home page's shortcuts. */
export async function productCounts(db: DB) {
  const [categories, kecamatan] = await Promise.all([
    db
      .selectFrom('public_product')
      .select((eb) => ['category', eb.fn.countAll<string>().as('n')])
      .groupBy('category')
      .execute(),
    db
      .selectFrom('public_product as p')
      .innerJoin('shop as s', 's.id', 'p.shop_id')
      .select((eb) => ['s.pickup_kecamatan_code as code', eb.fn.countAll<string>().as('n')])
      .groupBy('s.pickup_kecamatan_code')
      .orderBy('s.pickup_kecamatan_code')
      .execute(),
  ]);
  return {
    categories: categories.map((r) => ({ category: r.category, count: Number(r.n) })),
    kecamatan: kecamatan.map((r) => ({ code: r.code, count: Number(r.n) })),
  };
}

export interface CampaignRef {
  id: number;
  slug: string;
  name: string;
  theme: string;
  startsOn: string;
  endsOn: string;
  description: string;
  /** The banner (the photo pipeline's files and sizes), or null. */
  banner: PhotoRef | null;
}

const campaignColumns = [
  'id',
  'slug',
  'name',
  'theme',
  'starts_on',
  'ends_on',
  'description',
  'banner_key',
  'banner_width',
  'banner_height',
  'banner_widths',
] as const;

function toCampaign(r: {
  id: number;
  slug: string;
  name: string;
  theme: string;
  starts_on: string;
  ends_on: string;
  description: string;
  banner_key: string | null;
  banner_width: number | null;
  banner_height: number | null;
  banner_widths: number[] | null;
}): CampaignRef {
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    theme: r.theme,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    description: r.description,
    banner:
      r.banner_key && r.banner_width && r.banner_height && r.banner_widths?.length
        ? { key: r.banner_key, width: r.banner_width, height: r.banner_height, widths: r.banner_widths }
        : null,
  };
}

/** The campaign running on `today` (the one that started last), else null. */
export async function runningCampaign(db: DB, today: string): Promise<CampaignRef | null> {
  const row = await db
    .selectFrom('campaign')
    .select(campaignColumns)
    .where('starts_on', '<=', today)
    .where('ends_on', '>=', today)
    .orderBy('starts_on', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row ? toCampaign(row) : null;
}

export async function findCampaign(db: DB, slug: string): Promise<CampaignRef | null> {
  const row = await db
    .selectFrom('campaign')
    .select(campaignColumns)
    .where('slug', '=', slug)
    .executeTakeFirst();
  return row ? toCampaign(row) : null;
}

/** Slugs for the sitemap, `limit` at a time after `afterId` (keyset: the same cost on every page). */
export function sitemapProducts(db: DB, afterId: number, limit: number) {
  return db
    .selectFrom('public_product')
    .select(['id', 'slug', 'created_at'])
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

export function sitemapShops(db: DB, afterId: number, limit: number) {
  return db
    .selectFrom('public_shop')
    .select(['id', 'slug', 'approved_at'])
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}
