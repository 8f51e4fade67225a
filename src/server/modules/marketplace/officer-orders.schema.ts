import { z } from 'zod';
import { areaLevelOf, canonicalAreaCode } from '../../../shared/area-code.ts';
import { FULFILMENTS, ORDER_STATES } from '../../../shared/marketplace.ts';
import { IsoDate } from '../../http/dates.ts';
import { PageQuery, pageOf } from '../../http/pagination.ts';
import { OrderEventSchema, OrderItemSchema } from './orders.schema.ts';

/*
 * The officers' read-only view of order requests (decision 0024): the office sees every order, an area officer
 * those of shops whose business lies in their area. Buyers' personal data stays with the seller: the buyer's
 * name only, never the phone, the address or the note.
 */

const kecamatanCode = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const code = canonicalAreaCode(value);
    if (!code || areaLevelOf(code) !== 'district') {
      ctx.addIssue({ code: 'custom', message: 'Kecamatan harus kode kecamatan (mis. 36.71.05).' });
      return z.NEVER;
    }
    return code;
  });

export const OfficerOrderListQuery = PageQuery.extend({
  state: z.enum(ORDER_STATES, { error: 'Status pesanan tidak dikenal.' }).optional(),
  kecamatan: kecamatanCode.optional().describe('The kecamatan of the shop’s business'),
  shopId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  from: IsoDate.optional().describe('Requested on or after this day (the city’s time zone)'),
  to: IsoDate.optional().describe('Requested on or before this day'),
  q: z.string().trim().max(100).optional().describe('Order code or shop name'),
}).refine((f) => !f.from || !f.to || f.from <= f.to, {
  path: ['to'],
  message: 'Tanggal akhir tidak boleh sebelum tanggal awal.',
});
export type OfficerOrderListQuery = z.infer<typeof OfficerOrderListQuery>;

const officerOrderFields = {
  id: z.number().int(),
  code: z.string(),
  shopId: z.number().int(),
  shopName: z.string(),
  businessId: z.number().int(),
  businessName: z.string(),
  kecamatanCode: z.string(),
  kecamatanName: z.string().nullable(),
  buyerName: z.string().describe('The buyer’s name only: phone and address stay with the seller'),
  fulfilment: z.enum(FULFILMENTS),
  total: z.number().int(),
  state: z.enum(ORDER_STATES),
  requestedAt: z.string(),
};

export const OfficerOrderListItem = z.object({ ...officerOrderFields, lines: z.number().int() });
export const OfficerOrderPage = pageOf(OfficerOrderListItem);

export const OfficerOrderSchema = z
  .object({
    ...officerOrderFields,
    reason: z.string().nullable().describe('The seller’s reason for declining'),
    confirmedAt: z.string().nullable(),
    declinedAt: z.string().nullable(),
    readyAt: z.string().nullable(),
    shippedAt: z.string().nullable(),
    completedAt: z.string().nullable(),
    cancelledAt: z.string().nullable(),
    items: z.array(OrderItemSchema),
    events: z.array(OrderEventSchema),
  })
  .meta({ id: 'OfficerOrder' });
export type OfficerOrderDto = z.infer<typeof OfficerOrderSchema>;
