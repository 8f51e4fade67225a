import { z } from 'zod';
import { CAMPAIGN_THEMES } from '../../../shared/marketplace.ts';
import { IsoDate } from '../../http/dates.ts';
import { id, text } from './common.ts';

export const CampaignBody = z
  .strictObject({
    name: text('Nama kampanye', 120).min(2, 'Nama kampanye minimal 2 karakter.'),
    slug: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Alamat kampanye hanya huruf kecil, angka dan tanda hubung.')
      .max(60)
      .optional(),
    theme: z.enum(CAMPAIGN_THEMES, { error: 'Tema tidak dikenal.' }),
    startsOn: IsoDate,
    endsOn: IsoDate,
    description: text('Deskripsi', 5000).default(''),
  })
  .refine((c) => c.endsOn >= c.startsOn, {
    path: ['endsOn'],
    message: 'Tanggal selesai tidak boleh sebelum tanggal mulai.',
  });
export type CampaignInput = z.infer<typeof CampaignBody>;

export const CampaignProductsBody = z.strictObject({
  productIds: z.array(id).max(200, 'Paling banyak 200 produk per kampanye.'),
});

export const CampaignProductSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  shopName: z.string(),
  price: z.number().int(),
  photoUrl: z.string().nullable(),
  public: z.boolean().describe('Shown on the storefront now (shop approved, product not hidden)'),
});

export const CampaignSchema = z
  .object({
    id: z.number().int(),
    slug: z.string(),
    name: z.string(),
    theme: z.enum(CAMPAIGN_THEMES),
    startsOn: z.string(),
    endsOn: z.string(),
    description: z.string(),
    active: z.boolean().describe('Today lies within its dates (the city’s time zone)'),
    banner: z
      .object({
        width: z.number().int(),
        height: z.number().int(),
        url: z.string().describe('640 px WebP (or the widest stored below it)'),
        srcset: z.string().describe('WebP at every stored width'),
        jpegUrl: z.string(),
      })
      .nullable()
      .describe('The banner on the campaign’s landing page and the storefront’s home; null: none'),
    products: z.array(CampaignProductSchema),
  })
  .meta({ id: 'Campaign' });
export type CampaignDto = z.infer<typeof CampaignSchema>;

export const FIGURE_GROUPINGS = ['kecamatan', 'sector'] as const;
export const FiguresQuery = z.object({ by: z.enum(FIGURE_GROUPINGS).default('kecamatan') });

export const FigureRowSchema = z.object({
  code: z.string(),
  name: z.string(),
  shopsOnline: z.number().int().describe('Approved shops now'),
  productsListed: z.number().int().describe('Public products now'),
  orderRequests: z.number().int().describe('Order requests made within the campaign’s dates'),
  completedOrders: z.number().int().describe('Orders completed within the campaign’s dates'),
  completedSales: z.number().int().describe('Their total, integer rupiah'),
});
export const FiguresSchema = z.object({
  campaignId: z.number().int(),
  by: z.enum(FIGURE_GROUPINGS),
  startsOn: z.string(),
  endsOn: z.string(),
  rows: z.array(FigureRowSchema),
  total: FigureRowSchema,
});
export type FiguresDto = z.infer<typeof FiguresSchema>;
