import { z } from 'zod';
import { FULFILMENTS, ORDER_STATES } from '../../../shared/marketplace.ts';
import { PageQuery, pageOf } from '../../http/pagination.ts';
import { id, mobilePhone, text } from './common.ts';

export const MAX_ORDER_LINES = 30;

/** What a buyer sends (the storefront's public route passes it to `createOrderRequest`). */
export const OrderRequestInput = z.strictObject({
  shopId: id,
  buyerName: text('Nama pembeli', 80).min(2, 'Nama pembeli minimal 2 karakter.'),
  buyerPhone: mobilePhone('Nomor HP pembeli'),
  fulfilment: z.enum(FULFILMENTS, { error: 'Pilih diantar atau diambil sendiri.' }),
  address: text('Alamat', 500).optional(),
  note: text('Catatan', 1000).optional(),
  items: z
    .array(
      z.strictObject({
        productId: id,
        variantId: id.nullish(),
        quantity: z
          .number({ error: 'Jumlah harus berupa angka.' })
          .int('Jumlah harus bilangan bulat.')
          .min(1, 'Jumlah minimal 1.')
          .max(999, 'Jumlah paling banyak 999.'),
      }),
    )
    .min(1, 'Pesanan belum berisi produk.')
    .max(MAX_ORDER_LINES, `Paling banyak ${MAX_ORDER_LINES} baris per pesanan.`),
  idempotencyKey: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,100}$/, 'Kunci idempotensi harus 16–100 karakter acak.')
    .optional()
    .describe('A random key the browser makes per cart: sending the same request twice makes one order'),
});
export type OrderRequestInput = z.input<typeof OrderRequestInput>;

export const OrderItemSchema = z.object({
  productId: z.number().int(),
  variantId: z.number().int().nullable(),
  name: z.string(),
  unitPrice: z.number().int(),
  quantity: z.number().int(),
  lineTotal: z.number().int(),
});

export const OrderEventSchema = z.object({
  from: z.enum(ORDER_STATES).nullable(),
  to: z.enum(ORDER_STATES),
  reason: z.string().nullable(),
  at: z.string(),
  by: z.string().nullable().describe('The seller’s name; null for the buyer'),
});

const stateTimes = {
  requestedAt: z.string(),
  confirmedAt: z.string().nullable(),
  declinedAt: z.string().nullable(),
  readyAt: z.string().nullable(),
  shippedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
};

export const OrderSchema = z
  .object({
    id: z.number().int(),
    code: z.string(),
    shopId: z.number().int(),
    shopName: z.string(),
    buyerName: z.string(),
    buyerPhone: z.string(),
    fulfilment: z.enum(FULFILMENTS),
    address: z.string().nullable(),
    note: z.string().nullable(),
    total: z.number().int(),
    state: z.enum(ORDER_STATES),
    reason: z.string().nullable(),
    ...stateTimes,
    items: z.array(OrderItemSchema),
    events: z.array(OrderEventSchema),
    nextStates: z.array(z.enum(ORDER_STATES)).describe('Where the seller may move it now'),
    whatsappUrl: z.string().describe('wa.me link to the buyer with the order prefilled'),
  })
  .meta({ id: 'Order' });
export type OrderDto = z.infer<typeof OrderSchema>;

/** What the buyer's status link shows: this order only, no phone, no address. */
export const PublicOrderSchema = z
  .object({
    code: z.string(),
    shopName: z.string(),
    shopSlug: z.string(),
    shopWhatsapp: z.string(),
    buyerName: z.string(),
    fulfilment: z.enum(FULFILMENTS),
    total: z.number().int(),
    state: z.enum(ORDER_STATES),
    reason: z.string().nullable(),
    ...stateTimes,
    items: z.array(OrderItemSchema),
    events: z.array(OrderEventSchema.omit({ by: true })),
    canCancel: z.boolean(),
  })
  .meta({ id: 'PublicOrder' });
export type PublicOrderDto = z.infer<typeof PublicOrderSchema>;

export const OrderListQuery = PageQuery.extend({
  state: z.enum(ORDER_STATES).optional(),
  shopId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  q: z.string().trim().max(100).optional(),
});
export type OrderListQuery = z.infer<typeof OrderListQuery>;
export const OrderPage = pageOf(
  OrderSchema.omit({ items: true, events: true }).extend({ lines: z.number().int() }),
);

export const OrderTransitionBody = z.strictObject({
  to: z.enum(ORDER_STATES, { error: 'Status tujuan tidak dikenal.' }),
  reason: text('Alasan', 1000).optional(),
});
