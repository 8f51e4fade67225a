import type { Config } from '../../config.ts';
import { notFound } from '../../http/errors.ts';
import type { SessionUser } from '../../http/guard.ts';
import { offsetOf } from '../../http/pagination.ts';
import { areaScopeOf } from '../../http/scope.ts';
import type { DB } from './common.ts';
import type { OfficerOrderDto, OfficerOrderListQuery } from './officer-orders.schema.ts';
import {
  eventsOf,
  findOfficerOrder,
  itemsOf,
  listOfficerOrders,
  type OfficerOrderRow,
} from './orders.repository.ts';
import { itemDto, stateTimes } from './orders.service.ts';

/*
 * The officers' read-only view of order requests (decision 0024). Scope is the area mechanism's: the office
 * sees the city, an area officer their kecamatan or kelurahan (by the business of the shop). Nothing here
 * changes an order; the buyer's phone, address and note are never read.
 */

function summary(r: OfficerOrderRow) {
  return {
    id: r.id,
    code: r.code,
    shopId: r.shop_id,
    shopName: r.shop_name,
    businessId: r.business_id,
    businessName: r.business_name,
    kecamatanCode: r.kecamatan_code,
    kecamatanName: r.kecamatan_name ?? null,
    buyerName: r.buyer_name,
    fulfilment: r.fulfilment,
    total: Number(r.total),
    state: r.state,
    requestedAt: r.requested_at.toISOString(),
  };
}

export async function officerOrders(db: DB, config: Config, user: SessionUser, q: OfficerOrderListQuery) {
  const scope = areaScopeOf(user, config.deploymentArea);
  const { rows, total } = await listOfficerOrders(db, scope, config.timezone, q, {
    limit: q.pageSize,
    offset: offsetOf(q),
  });
  return {
    items: rows.map((r) => ({ ...summary(r), lines: Number(r.lines ?? 0) })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function officerOrder(
  db: DB,
  config: Config,
  user: SessionUser,
  id: number,
): Promise<OfficerOrderDto> {
  const row = await findOfficerOrder(db, areaScopeOf(user, config.deploymentArea), id);
  if (!row) throw notFound('Pesanan');
  const [items, events] = await Promise.all([itemsOf(db, id), eventsOf(db, id)]);
  const { requestedAt: _requested, ...times } = stateTimes(row);
  return {
    ...summary(row),
    reason: row.reason,
    ...times,
    items: items.map(itemDto),
    events: events.map((e) => ({
      from: e.from_state,
      to: e.to_state,
      reason: e.reason,
      at: e.created_at.toISOString(),
      by: e.actor_name ?? null,
    })),
  };
}
