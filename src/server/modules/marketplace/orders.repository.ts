import { sql } from 'kysely';
import { withinScope } from '../../http/scope.ts';
import type { DB, Executor } from './common.ts';

/** Order rows with their shop; `sellerUserId` narrows to the shops an owner sells through. */
export function orderQuery(db: Executor, sellerUserId: number | null) {
  let q = db
    .selectFrom('order_request as r')
    .innerJoin('shop as s', 's.id', 'r.shop_id')
    .selectAll('r')
    .select(['s.name as shop_name', 's.slug as shop_slug', 's.whatsapp as shop_whatsapp']);
  if (sellerUserId !== null) {
    q = q.where((eb) =>
      eb(
        's.business_id',
        'in',
        eb
          .selectFrom('business as b')
          .innerJoin('owner as o', 'o.id', 'b.owner_id')
          .select('b.id')
          .where('o.user_id', '=', sellerUserId),
      ),
    );
  }
  return q;
}
export type OrderView = NonNullable<Awaited<ReturnType<ReturnType<typeof orderQuery>['executeTakeFirst']>>>;

export async function listOrders(
  db: DB,
  sellerUserId: number,
  f: { state?: string; shopId?: number; q?: string },
  page: { limit: number; offset: number },
) {
  let q = orderQuery(db, sellerUserId);
  if (f.state) q = q.where('r.state', '=', f.state as never);
  if (f.shopId) q = q.where('r.shop_id', '=', f.shopId);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('r.code', 'ilike', like), eb('r.buyer_name', 'ilike', like)]));
  }
  const [rows, total] = await Promise.all([
    q
      .select((eb) =>
        eb
          .selectFrom('order_item as i')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('i.order_id', '=', 'r.id')
          .as('lines'),
      )
      .orderBy(sql`case r.state when 'requested' then 0 when 'confirmed' then 1 else 2 end`)
      .orderBy('r.requested_at', 'desc')
      .orderBy('r.id', 'desc')
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

export async function itemsOf(db: Executor, orderId: number) {
  return db.selectFrom('order_item').selectAll().where('order_id', '=', orderId).orderBy('id').execute();
}

export async function eventsOf(db: Executor, orderId: number) {
  return db
    .selectFrom('order_event as e')
    .leftJoin('app_user as u', 'u.id', 'e.actor_id')
    .select(['e.from_state', 'e.to_state', 'e.reason', 'e.created_at', 'u.name as actor_name'])
    .where('e.order_id', '=', orderId)
    .orderBy('e.id')
    .execute();
}

/**
 * Takes `quantity` from a product's or a variant's stock, in one statement: the row lock makes concurrent
 * takers wait, and the `stock >= q` test runs on the value the winner left. Made-to-order (null) takes
 * nothing. False when not enough is left.
 */
export async function takeStock(
  db: Executor,
  item: { product_id: number; variant_id: number | null; quantity: number },
): Promise<boolean> {
  const table = item.variant_id ? 'product_variant' : 'product';
  const id = item.variant_id ?? item.product_id;
  const result = await db
    .updateTable(table)
    .set({ stock: sql`case when stock is null then null else stock - ${item.quantity} end` })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('stock', 'is', null), eb('stock', '>=', item.quantity)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Order requests for the officers' read-only view: those of shops whose business lies within `scope` (the one
 * area mechanism, http/scope.ts). Never selects the buyer's phone, address or note.
 */
function officerOrderQuery(db: Executor, scope: string) {
  return db
    .selectFrom('order_request as r')
    .innerJoin('shop as s', 's.id', 'r.shop_id')
    .innerJoin('business as b', 'b.id', 's.business_id')
    .leftJoin('area as k', 'k.code', 'b.kecamatan_code')
    .where((eb) => withinScope(eb, 'b.kelurahan_code', scope));
}

function officerOrderColumns(q: ReturnType<typeof officerOrderQuery>) {
  return q.select([
    'r.id',
    'r.code',
    'r.shop_id',
    'r.buyer_name',
    'r.fulfilment',
    'r.total',
    'r.state',
    'r.reason',
    'r.requested_at',
    'r.confirmed_at',
    'r.declined_at',
    'r.ready_at',
    'r.shipped_at',
    'r.completed_at',
    'r.cancelled_at',
    's.name as shop_name',
    'b.id as business_id',
    'b.name as business_name',
    'b.kecamatan_code',
    'k.name as kecamatan_name',
  ]);
}
export type OfficerOrderRow = NonNullable<Awaited<ReturnType<typeof findOfficerOrder>>>;

export interface OfficerOrderFilter {
  state?: string;
  kecamatan?: string;
  shopId?: number;
  from?: string;
  to?: string;
  q?: string;
}

export async function listOfficerOrders(
  db: DB,
  scope: string,
  timezone: string,
  f: OfficerOrderFilter,
  page: { limit: number; offset: number },
) {
  let q = officerOrderQuery(db, scope);
  if (f.state) q = q.where('r.state', '=', f.state as never);
  if (f.kecamatan) q = q.where('b.kecamatan_code', '=', f.kecamatan);
  if (f.shopId) q = q.where('r.shop_id', '=', f.shopId);
  // Calendar days in the city's time zone, as bounds on the timestamp (its index serves them).
  if (f.from)
    q = q.where('r.requested_at', '>=', sql<Date>`(${f.from}::date)::timestamp at time zone ${timezone}`);
  if (f.to) {
    q = q.where('r.requested_at', '<', sql<Date>`(${f.to}::date + 1)::timestamp at time zone ${timezone}`);
  }
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('r.code', 'ilike', like), eb('s.name', 'ilike', like)]));
  }
  const [rows, total] = await Promise.all([
    officerOrderColumns(q)
      .select((eb) =>
        eb
          .selectFrom('order_item as i')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('i.order_id', '=', 'r.id')
          .as('lines'),
      )
      .orderBy('r.requested_at', 'desc')
      .orderBy('r.id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export async function findOfficerOrder(db: Executor, scope: string, id: number) {
  return officerOrderColumns(officerOrderQuery(db, scope)).where('r.id', '=', id).executeTakeFirst();
}
