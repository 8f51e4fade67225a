import { type ExpressionBuilder, type Insertable, sql, type Updateable } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { AccessCondition } from '../businesses/businesses.repository.ts';
import type { DB, Executor } from './common.ts';
import type { ShopTable } from './marketplace.table.ts';

/**
 * The rule of who is shown publicly, for queries over `shop as s` joined to `business as b`: approved, and
 * the business not archived. The `public_shop` / `public_product` views hold the same rule for the storefront.
 */
export function publicShopWhere(
  eb: ExpressionBuilder<Database & { s: ShopTable; b: Database['business'] }, 's' | 'b'>,
) {
  return eb.and([eb('s.state', '=', 'approved'), eb('b.archived_at', 'is', null)]);
}

/** Badges from the registry: a legality entry or a milestone of the kind (SQL over `b`). */
export const badgesSql = sql<string[]>`array_remove(array[
  case when b.legality ? 'halal' or exists (select 1 from milestone m where m.business_id = b.id and m.kind = 'halal') then 'halal' end,
  case when b.legality ? 'pirt' or exists (select 1 from milestone m where m.business_id = b.id and m.kind = 'pirt') then 'pirt' end,
  case when b.legality ? 'bpom' or exists (select 1 from milestone m where m.business_id = b.id and m.kind = 'bpom') then 'bpom' end
], null)::text[]`;

function shopQuery(db: Executor) {
  return db
    .selectFrom('shop as s')
    .innerJoin('business as b', 'b.id', 's.business_id')
    .innerJoin('owner as o', 'o.id', 'b.owner_id')
    .leftJoin('area as k', 'k.code', 's.pickup_kecamatan_code')
    .selectAll('s')
    .select([
      'b.name as business_name',
      'b.kelurahan_code',
      'o.user_id as owner_user_id',
      'k.name as kecamatan_name',
      badgesSql.as('badges'),
      (eb) =>
        eb
          .selectFrom('product as p')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('p.shop_id', '=', 's.id')
          .where('p.archived_at', 'is', null)
          .as('products'),
      (eb) =>
        eb
          .selectFrom('order_request as r')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('r.shop_id', '=', 's.id')
          .where('r.state', 'in', ['requested', 'confirmed', 'ready', 'shipped'])
          .as('open_orders'),
    ]);
}
export type ShopView = NonNullable<Awaited<ReturnType<typeof findShop>>>;

export async function findShop(db: Executor, id: number, access: AccessCondition) {
  return shopQuery(db).where('s.id', '=', id).where(access).executeTakeFirst();
}

export async function findShopForUpdate(db: Executor, id: number) {
  return db.selectFrom('shop').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function listShops(
  db: DB,
  access: AccessCondition,
  f: { state?: string; q?: string; kecamatan?: string; ownerUserId?: number },
  page: { limit: number; offset: number },
) {
  let q = shopQuery(db).where(access);
  if (f.state) q = q.where('s.state', '=', f.state as never);
  if (f.kecamatan) q = q.where('s.pickup_kecamatan_code', '=', f.kecamatan);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('s.name', 'ilike', like), eb('b.name', 'ilike', like)]));
  }
  const [rows, total] = await Promise.all([
    q
      .orderBy(sql`case s.state when 'pending' then 0 else 1 end`)
      .orderBy('s.created_at', 'desc')
      .orderBy('s.id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    q
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export async function insertShop(db: Executor, values: Insertable<ShopTable>) {
  return db.insertInto('shop').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateShop(db: Executor, id: number, values: Updateable<ShopTable>) {
  return db
    .updateTable('shop')
    .set({ ...values, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function slugTaken(db: Executor, table: 'shop' | 'product' | 'campaign', slug: string) {
  const row = await db.selectFrom(table).select('id').where('slug', '=', slug).executeTakeFirst();
  return row !== undefined;
}

/** A free slug from a wanted one: `dapur-sri`, else `dapur-sri-2`, `dapur-sri-3` … */
export async function freeSlug(db: Executor, table: 'shop' | 'product' | 'campaign', wanted: string) {
  if (!(await slugTaken(db, table, wanted))) return wanted;
  const taken = await db.selectFrom(table).select('slug').where('slug', 'like', `${wanted}-%`).execute();
  const used = new Set(taken.map((r) => r.slug));
  for (let n = 2; ; n += 1) if (!used.has(`${wanted}-${n}`)) return `${wanted}-${n}`;
}

export async function kecamatanExists(db: Executor, code: string) {
  const row = await db
    .selectFrom('area')
    .select('code')
    .where('code', '=', code)
    .where('level', '=', 3)
    .executeTakeFirst();
  return row !== undefined;
}
