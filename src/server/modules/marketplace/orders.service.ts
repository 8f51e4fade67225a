import {
  canMoveOrder,
  formatRupiah,
  ORDER_TRANSITIONS,
  type OrderState,
} from '../../../shared/marketplace.ts';
import type { Config } from '../../config.ts';
import { localToday } from '../../http/dates.ts';
import { AppError, notFound } from '../../http/errors.ts';
import type { Actor, SessionUser } from '../../http/guard.ts';
import { offsetOf } from '../../http/pagination.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { DB, Executor } from './common.ts';
import type { OrderItemRow } from './marketplace.table.ts';
import { eventsOf, itemsOf, listOrders, type OrderView, orderQuery, takeStock } from './orders.repository.ts';
import type { OrderDto, OrderListQuery } from './orders.schema.ts';

export const ORDER_STATE_LABELS: Record<OrderState, string> = {
  requested: 'Diminta',
  confirmed: 'Dikonfirmasi',
  declined: 'Ditolak',
  ready: 'Siap diambil',
  shipped: 'Dikirim',
  completed: 'Selesai',
  cancelled: 'Dibatalkan',
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function stateTimes(
  r: Pick<
    OrderView,
    | 'requested_at'
    | 'confirmed_at'
    | 'declined_at'
    | 'ready_at'
    | 'shipped_at'
    | 'completed_at'
    | 'cancelled_at'
  >,
) {
  return {
    requestedAt: r.requested_at.toISOString(),
    confirmedAt: iso(r.confirmed_at),
    declinedAt: iso(r.declined_at),
    readyAt: iso(r.ready_at),
    shippedAt: iso(r.shipped_at),
    completedAt: iso(r.completed_at),
    cancelledAt: iso(r.cancelled_at),
  };
}

export function itemDto(i: OrderItemRow) {
  return {
    productId: i.product_id,
    variantId: i.variant_id,
    name: i.name,
    unitPrice: Number(i.unit_price),
    quantity: i.quantity,
    lineTotal: Number(i.unit_price) * i.quantity,
  };
}

/** The next states the seller may choose: ready for a pickup, shipped for a delivery. */
export function nextStates(r: { state: OrderState; fulfilment: 'delivery' | 'pickup' }): OrderState[] {
  return ORDER_TRANSITIONS[r.state].filter(
    (s) =>
      s !== 'cancelled' &&
      !(s === 'ready' && r.fulfilment === 'delivery') &&
      !(s === 'shipped' && r.fulfilment === 'pickup'),
  );
}

/** `https://wa.me/<number>?text=<message>`: a chat with the number, the message typed in. */
export function whatsappLink(e164: string, message: string): string {
  return `https://wa.me/${e164.replace(/^\+/, '')}?text=${encodeURIComponent(message)}`;
}

/** The order as a WhatsApp message: what was asked, the total, and where it stands. */
export function orderMessage(
  r: {
    code: string;
    buyer_name: string;
    shop_name: string;
    fulfilment: string;
    total: number;
    state: OrderState;
  },
  items: OrderItemRow[],
  opening: string,
) {
  const lines = items.map((i) => `- ${i.quantity} × ${i.name} @ ${formatRupiah(Number(i.unit_price))}`);
  return [
    opening,
    `Pesanan ${r.code} (${r.shop_name}):`,
    ...lines,
    `Total: ${formatRupiah(Number(r.total))}`,
    `${r.fulfilment === 'delivery' ? 'Diantar' : 'Diambil sendiri'} · Status: ${ORDER_STATE_LABELS[r.state]}`,
  ].join('\n');
}

async function toDto(db: Executor, r: OrderView): Promise<OrderDto> {
  const [items, events] = await Promise.all([itemsOf(db, r.id), eventsOf(db, r.id)]);
  return {
    id: r.id,
    code: r.code,
    shopId: r.shop_id,
    shopName: r.shop_name,
    buyerName: r.buyer_name,
    buyerPhone: r.buyer_phone,
    fulfilment: r.fulfilment,
    address: r.address,
    note: r.note,
    total: Number(r.total),
    state: r.state,
    reason: r.reason,
    ...stateTimes(r),
    items: items.map(itemDto),
    events: events.map((e) => ({
      from: e.from_state,
      to: e.to_state,
      reason: e.reason,
      at: e.created_at.toISOString(),
      by: e.actor_name ?? null,
    })),
    nextStates: nextStates(r),
    whatsappUrl: whatsappLink(
      r.buyer_phone,
      orderMessage(r, items, `Halo ${r.buyer_name}, dari ${r.shop_name}.`),
    ),
  };
}

/** Orders reach the seller only: a buyer's name and phone are for the shop that serves them. */
function sellerOf(user: SessionUser) {
  if (user.role !== 'business_owner') throw new AppError('Forbidden', 403, 'Pesanan hanya untuk penjual.');
  return user.id;
}

export async function searchOrders(db: DB, user: SessionUser, q: OrderListQuery) {
  const { rows, total } = await listOrders(db, sellerOf(user), q, { limit: q.pageSize, offset: offsetOf(q) });
  return {
    items: rows.map((r) => ({
      id: r.id,
      code: r.code,
      shopId: r.shop_id,
      shopName: r.shop_name,
      buyerName: r.buyer_name,
      buyerPhone: r.buyer_phone,
      fulfilment: r.fulfilment,
      address: r.address,
      note: r.note,
      total: Number(r.total),
      state: r.state,
      reason: r.reason,
      ...stateTimes(r),
      lines: Number(r.lines ?? 0),
      nextStates: nextStates(r),
      whatsappUrl: whatsappLink(
        r.buyer_phone,
        `Halo ${r.buyer_name}, dari ${r.shop_name} tentang pesanan ${r.code}.`,
      ),
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function getOrder(db: DB, user: SessionUser, id: number) {
  const row = await orderQuery(db, sellerOf(user)).where('r.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Pesanan');
  return toDto(db, row);
}

const TIME_COLUMN = {
  confirmed: 'confirmed_at',
  declined: 'declined_at',
  ready: 'ready_at',
  shipped: 'shipped_at',
  completed: 'completed_at',
  cancelled: 'cancelled_at',
} as const;

export function invalidTransition(from: OrderState, to: OrderState) {
  return new AppError(
    'InvalidTransition',
    409,
    `Pesanan berstatus "${ORDER_STATE_LABELS[from]}" tidak dapat menjadi "${ORDER_STATE_LABELS[to]}".`,
    { from, to },
  );
}

/**
 * Moves an order one step, in one transaction with its event (and, for a seller, the audit entry). Confirming
 * takes the stock of every line, each with a single guarded UPDATE; if one line lacks stock, nothing is taken.
 * `actor.id` null: the buyer (cancel through the status link).
 */
export async function moveOrder(
  trx: Executor,
  config: Config,
  actor: Actor,
  orderId: number,
  to: OrderState,
  reason: string | null,
) {
  const row = await trx
    .selectFrom('order_request')
    .selectAll()
    .where('id', '=', orderId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw notFound('Pesanan');
  if (!canMoveOrder(row.state, to)) throw invalidTransition(row.state, to);
  if (to === 'ready' && row.fulfilment === 'delivery') {
    throw new AppError(
      'InvalidTransition',
      409,
      'Pesanan yang diantar ditandai "Dikirim", bukan "Siap diambil".',
    );
  }
  if (to === 'shipped' && row.fulfilment === 'pickup') {
    throw new AppError(
      'InvalidTransition',
      409,
      'Pesanan yang diambil sendiri ditandai "Siap diambil", bukan "Dikirim".',
    );
  }
  if (to === 'declined' && !reason) {
    throw new AppError('ReasonRequired', 400, 'Alasan penolakan wajib diisi: pembeli akan membacanya.', {
      errors: [{ path: 'body.reason', message: 'Alasan penolakan wajib diisi.' }],
    });
  }
  if (to === 'confirmed') {
    for (const item of await itemsOf(trx, orderId)) {
      if (!(await takeStock(trx, item))) {
        throw new AppError(
          'OutOfStock',
          409,
          `Stok "${item.name}" tidak cukup untuk ${item.quantity}; pesanan tidak dikonfirmasi.`,
          {
            productId: item.product_id,
            variantId: item.variant_id,
          },
        );
      }
    }
  }
  const now = new Date();
  await trx
    .updateTable('order_request')
    .set({
      state: to,
      [TIME_COLUMN[to as keyof typeof TIME_COLUMN]]: now,
      ...(to === 'declined' ? { reason } : {}),
      ...(to === 'completed' ? { completed_on: localToday(config.timezone, now) } : {}),
      updated_at: now,
    })
    .where('id', '=', orderId)
    .execute();
  await trx
    .insertInto('order_event')
    .values({ order_id: orderId, from_state: row.state, to_state: to, reason, actor_id: actor.id })
    .execute();
  return row;
}

export async function transitionOrder(
  db: DB,
  config: Config,
  user: SessionUser,
  actor: Actor,
  id: number,
  input: { to: OrderState; reason?: string },
) {
  const view = await orderQuery(db, sellerOf(user)).where('r.id', '=', id).executeTakeFirst();
  if (!view) throw notFound('Pesanan');
  if (input.to === 'cancelled') {
    throw new AppError(
      'InvalidTransition',
      409,
      'Hanya pembeli yang membatalkan permintaan; penjual menolaknya dengan alasan.',
    );
  }
  const reason = input.reason?.trim() || null;
  await db.transaction().execute(async (trx) => {
    const before = await moveOrder(trx, config, actor, id, input.to, reason);
    const area = await trx
      .selectFrom('shop as s')
      .innerJoin('business as b', 'b.id', 's.business_id')
      .select('b.kelurahan_code')
      .where('s.id', '=', before.shop_id)
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: input.to === 'confirmed' ? 'confirm' : input.to === 'declined' ? 'decline' : `mark_${input.to}`,
      entity: 'order_request',
      entityId: id,
      areaCode: area.kelurahan_code,
      oldValues: { state: before.state },
      newValues: { state: input.to, reason },
      keep: ['state'],
    });
  });
  return getOrder(db, user, id);
}
