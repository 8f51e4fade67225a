import { z } from 'zod';
import { BADGES, PRODUCT_CATEGORIES } from '../../../shared/marketplace.ts';
import { pageOf } from '../../http/pagination.ts';

const rupiahFilter = (label: string) =>
  z.coerce
    .number({ error: `${label} harus berupa angka.` })
    .int(`${label} harus bilangan bulat rupiah.`)
    .min(0, `${label} tidak boleh negatif.`)
    .max(1_000_000_000_000, `${label} terlalu besar.`)
    .optional();

export const StoreSearchQuery = z.object({
  q: z.string().trim().max(100, 'Kata pencarian paling panjang 100 karakter.').optional(),
  category: z.enum(PRODUCT_CATEGORIES, { error: 'Kategori tidak dikenal.' }).optional(),
  kecamatan: z
    .string()
    .regex(/^\d{2}\.\d{2}\.\d{2}$/, 'Kecamatan harus kode wilayah seperti 36.71.05.')
    .optional(),
  halal: z
    .enum(['1', '0', 'true', 'false'], { error: 'halal harus 1 atau 0.' })
    .transform((v) => v === '1' || v === 'true')
    .optional(),
  minPrice: rupiahFilter('Harga minimum'),
  maxPrice: rupiahFilter('Harga maksimum'),
  sort: z
    .enum(['relevance', 'newest', 'price_asc', 'price_desc'], { error: 'Urutan tidak dikenal.' })
    .optional()
    .describe('relevance (default with q), newest (default without), price_asc, price_desc'),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  pageSize: z.coerce.number().int().min(1).max(60).default(24),
});
export type StoreSearchQuery = z.infer<typeof StoreSearchQuery>;

const PhotoSchema = z.object({
  webp: z.string().describe('srcset of the WebP sizes'),
  jpg: z.string().describe('srcset of the JPEG sizes'),
  src: z.string().describe('the smallest JPEG'),
  width: z.number().int(),
  height: z.number().int(),
});

export const StoreProductCard = z
  .object({
    id: z.number().int(),
    slug: z.string(),
    name: z.string(),
    url: z.string(),
    category: z.enum(PRODUCT_CATEGORIES),
    price: z.number().int(),
    priceRange: z.object({ min: z.number().int(), max: z.number().int() }).nullable(),
    unit: z.string(),
    available: z.boolean().describe('In stock or made to order'),
    shopSlug: z.string(),
    shopName: z.string(),
    kecamatanCode: z.string(),
    kecamatan: z.string(),
    badges: z.array(z.enum(BADGES)),
    photo: PhotoSchema.nullable(),
  })
  .meta({ id: 'StoreProductCard' });
export type StoreProductCard = z.infer<typeof StoreProductCard>;

export const StoreSearchPage = pageOf(StoreProductCard);

export const StoreProductDetail = StoreProductCard.extend({
  description: z.string(),
  weightGrams: z.number().int().nullable(),
  stock: z.number().int().nullable().describe('null: made to order'),
  photos: z.array(PhotoSchema),
  variants: z.array(
    z.object({
      id: z.number().int(),
      name: z.string(),
      price: z.number().int(),
      stock: z.number().int().nullable(),
    }),
  ),
  shopWhatsappUrl: z.string().describe('wa.me link to the shop (its WhatsApp only; never the owner)'),
}).meta({ id: 'StoreProductDetail' });

export const StoreShop = z
  .object({
    slug: z.string(),
    name: z.string(),
    description: z.string(),
    kecamatanCode: z.string(),
    kecamatan: z.string(),
    openingHours: z.string(),
    badges: z.array(z.enum(BADGES)),
    whatsappUrl: z.string(),
    products: StoreSearchPage,
  })
  .meta({ id: 'StoreShop' });

export const SlugParam = z.object({ slug: z.string().min(1).max(80) });
export const TokenParam = z.object({ token: z.string().min(1).max(200) });

export const StoreOrderCreated = z
  .object({
    code: z.string(),
    token: z.string().describe('The private status token: the only way to read this order again'),
    statusUrl: z.string(),
    whatsappUrl: z.string().describe('wa.me link from the buyer to the shop with the order prefilled'),
    total: z.number().int(),
  })
  .meta({ id: 'StoreOrderCreated' });
