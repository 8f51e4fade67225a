import type { Insertable, Updateable } from 'kysely';
import type { AccessCondition } from '../businesses/businesses.repository.ts';
import type { DB, Executor } from './common.ts';
import type { ProductTable } from './marketplace.table.ts';
import { badgesSql } from './shops.repository.ts';

function productQuery(db: Executor, access: AccessCondition) {
  return db
    .selectFrom('product as p')
    .innerJoin('shop as s', 's.id', 'p.shop_id')
    .innerJoin('business as b', 'b.id', 's.business_id')
    .innerJoin('owner as o', 'o.id', 'b.owner_id')
    .where(access)
    .where('p.archived_at', 'is', null);
}

function withDetails(q: ReturnType<typeof productQuery>) {
  return q
    .selectAll('p')
    .select([
      's.name as shop_name',
      's.state as shop_state',
      's.pickup_kecamatan_code',
      'b.kelurahan_code',
      'o.user_id as owner_user_id',
      badgesSql.as('badges'),
    ]);
}
export type ProductView = Awaited<ReturnType<typeof findProduct>> & {};

export async function findProduct(db: Executor, id: number, access: AccessCondition) {
  return withDetails(productQuery(db, access)).where('p.id', '=', id).executeTakeFirst();
}

export async function listProducts(
  db: DB,
  access: AccessCondition,
  f: { shopId?: number; q?: string; category?: string; hidden?: boolean; featured?: boolean },
  page: { limit: number; offset: number },
) {
  let q = productQuery(db, access);
  if (f.shopId) q = q.where('p.shop_id', '=', f.shopId);
  if (f.category) q = q.where('p.category', '=', f.category as never);
  if (f.hidden !== undefined) q = q.where('p.hidden_at', f.hidden ? 'is not' : 'is', null);
  if (f.featured !== undefined) q = q.where('p.featured', '=', f.featured);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('p.name', 'ilike', like), eb('s.name', 'ilike', like)]));
  }
  const [rows, total] = await Promise.all([
    withDetails(q)
      .orderBy('p.created_at', 'desc')
      .orderBy('p.id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export async function variantsOf(db: Executor, productIds: number[]) {
  if (productIds.length === 0) return [];
  return db
    .selectFrom('product_variant')
    .selectAll()
    .where('product_id', 'in', productIds)
    .where('archived_at', 'is', null)
    .orderBy('position')
    .orderBy('id')
    .execute();
}

export async function photosOf(db: Executor, productIds: number[]) {
  if (productIds.length === 0) return [];
  return db
    .selectFrom('product_photo')
    .selectAll()
    .where('product_id', 'in', productIds)
    .orderBy('position')
    .orderBy('id')
    .execute();
}

export async function insertProduct(db: Executor, values: Insertable<ProductTable>) {
  return db.insertInto('product').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateProduct(db: Executor, id: number, values: Updateable<ProductTable>) {
  return db
    .updateTable('product')
    .set({ ...values, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function lockProduct(db: Executor, id: number) {
  return db.selectFrom('product').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}
