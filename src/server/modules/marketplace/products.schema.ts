import { z } from 'zod';
import { BADGES, PRODUCT_CATEGORIES, SHOP_STATES } from '../../../shared/marketplace.ts';
import { PageQuery, pageOf } from '../../http/pagination.ts';
import { id, rupiah, stock, text } from './common.ts';

export const MAX_VARIANTS = 20;
export const MAX_PHOTOS = 8;

export const VariantInput = z.strictObject({
  id: id.optional().describe('An existing variant to keep (omitted: a new one)'),
  name: text('Nama varian', 60).min(1, 'Nama varian wajib diisi.'),
  price: rupiah('Harga varian'),
  stock: stock.default(null),
});

export const ProductBody = z.strictObject({
  name: text('Nama produk', 120).min(2, 'Nama produk minimal 2 karakter.'),
  description: text('Deskripsi', 5000).default(''),
  category: z.enum(PRODUCT_CATEGORIES, { error: 'Kategori tidak dikenal.' }),
  price: rupiah('Harga'),
  unit: text('Satuan', 30).min(1, 'Satuan wajib diisi.').default('pcs'),
  weightGrams: z
    .number({ error: 'Berat harus berupa angka.' })
    .int('Berat harus bilangan bulat gram.')
    .min(0, 'Berat tidak boleh negatif.')
    .max(1_000_000, 'Berat terlalu besar.')
    .nullable()
    .default(null),
  stock: stock.default(null).describe('null: made to order'),
  variants: z.array(VariantInput).max(MAX_VARIANTS, `Paling banyak ${MAX_VARIANTS} varian.`).default([]),
});
export type ProductInput = z.infer<typeof ProductBody>;

export const PRODUCT_ACTIONS = ['hide', 'unhide', 'feature', 'unfeature'] as const;
export type ProductAction = (typeof PRODUCT_ACTIONS)[number];
export const ProductModerationBody = z.strictObject({
  action: z.enum(PRODUCT_ACTIONS, { error: 'Tindakan tidak dikenal.' }),
  reason: text('Alasan', 1000).optional(),
});

export const PhotoSchema = z.object({
  id: z.number().int(),
  position: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
  url: z.string().describe('640 px WebP'),
  srcset: z.string().describe('WebP at every stored width'),
  jpegUrl: z.string().describe('640 px JPEG (fallback)'),
});

export const VariantSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  price: z.number().int(),
  stock: z.number().int().nullable(),
});

export const ProductSchema = z
  .object({
    id: z.number().int(),
    shopId: z.number().int(),
    shopName: z.string(),
    shopState: z.enum(SHOP_STATES),
    kecamatanCode: z.string(),
    slug: z.string(),
    name: z.string(),
    description: z.string(),
    category: z.enum(PRODUCT_CATEGORIES),
    price: z.number().int(),
    unit: z.string(),
    weightGrams: z.number().int().nullable(),
    stock: z.number().int().nullable().describe('null: made to order'),
    hiddenReason: z.string().nullable().describe('Set when an officer hid the product; the seller sees it'),
    hiddenAt: z.string().nullable(),
    featured: z.boolean(),
    badges: z.array(z.enum(BADGES)),
    variants: z.array(VariantSchema),
    photos: z.array(PhotoSchema),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Product' });
export type ProductDto = z.infer<typeof ProductSchema>;

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');
export const ProductListQuery = PageQuery.extend({
  shopId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  q: z.string().trim().max(100).optional(),
  category: z.enum(PRODUCT_CATEGORIES).optional(),
  hidden: flag.optional(),
  featured: flag.optional(),
});
export type ProductListQuery = z.infer<typeof ProductListQuery>;
export const ProductPage = pageOf(ProductSchema);

export const PhotoParams = z.object({
  id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  photoId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
});

export const PhotoOrderBody = z.strictObject({
  photoIds: z
    .array(id)
    .min(1, 'Urutan foto kosong.')
    .max(MAX_PHOTOS, `Satu produk paling banyak ${MAX_PHOTOS} foto.`)
    .describe('Every photo of the product, the cover first'),
});
