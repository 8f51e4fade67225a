import { z } from 'zod';
import { BADGES, SHOP_STATES } from '../../../shared/marketplace.ts';
import { PageQuery, pageOf } from '../../http/pagination.ts';
import { id, mobilePhone, text } from './common.ts';

const slug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^[a-z0-9]+(-[a-z0-9]+)*$/,
    'Alamat toko hanya huruf kecil, angka dan tanda hubung (mis. dapur-bu-sri).',
  )
  .min(3, 'Alamat toko minimal 3 karakter.')
  .max(60, 'Alamat toko paling panjang 60 karakter.');

const shopFields = {
  name: text('Nama toko', 80).min(2, 'Nama toko minimal 2 karakter.'),
  description: text('Deskripsi toko', 2000).default(''),
  pickupKecamatanCode: z
    .string({ error: 'Kecamatan pengambilan wajib dipilih.' })
    .regex(/^\d{2}\.\d{2}\.\d{2}$/, 'Kecamatan pengambilan harus kode kecamatan (mis. 36.71.05).'),
  whatsapp: mobilePhone('Nomor WhatsApp'),
  openingHours: text('Jam buka', 200).default(''),
};

export const ApplyShopBody = z.strictObject({
  businessId: id,
  slug: slug.optional(),
  ...shopFields,
});
export type ApplyShopInput = z.infer<typeof ApplyShopBody>;

export const UpdateShopBody = z.strictObject(shopFields);
export type UpdateShopInput = z.infer<typeof UpdateShopBody>;

export const SHOP_ACTIONS = ['approve', 'reject', 'suspend', 'reinstate'] as const;
export type ShopAction = (typeof SHOP_ACTIONS)[number];

export const ShopDecisionBody = z.strictObject({
  action: z.enum(SHOP_ACTIONS, { error: 'Tindakan tidak dikenal.' }),
  reason: text('Alasan', 1000).optional(),
});

export const ShopSchema = z
  .object({
    id: z.number().int(),
    businessId: z.number().int(),
    businessName: z.string(),
    slug: z.string(),
    name: z.string(),
    description: z.string(),
    logoUrl: z.string().nullable(),
    pickupKecamatanCode: z.string(),
    pickupKecamatanName: z.string().nullable(),
    whatsapp: z.string(),
    openingHours: z.string(),
    state: z.enum(SHOP_STATES),
    reason: z.string().nullable().describe('Why it was rejected or suspended; the seller sees it'),
    decidedAt: z.string().nullable(),
    approvedAt: z.string().nullable(),
    createdAt: z.string(),
    badges: z.array(z.enum(BADGES)).describe('From the registry’s legality and milestones, never typed'),
    products: z.number().int(),
    openOrders: z.number().int(),
  })
  .meta({ id: 'Shop' });
export type ShopDto = z.infer<typeof ShopSchema>;

export const ShopListQuery = PageQuery.extend({
  state: z.enum(SHOP_STATES).optional(),
  q: z.string().trim().max(100).optional(),
  kecamatan: z
    .string()
    .regex(/^\d{2}\.\d{2}\.\d{2}$/)
    .optional(),
});
export type ShopListQuery = z.infer<typeof ShopListQuery>;
export const ShopPage = pageOf(ShopSchema);
