/**
 * The marketplace's fixed lists (decision 0017), one source for the server, the web app and the storefront.
 */

/** Product categories: the codes are stored, the labels shown. */
export const PRODUCT_CATEGORIES = [
  'makanan',
  'minuman',
  'camilan',
  'kue_roti',
  'bumbu_sambal',
  'fesyen',
  'kriya',
  'kecantikan',
  'pertanian',
  'lainnya',
] as const;
export type ProductCategory = (typeof PRODUCT_CATEGORIES)[number];

export const PRODUCT_CATEGORY_LABELS: Record<ProductCategory, { id: string; en: string }> = {
  makanan: { id: 'Makanan', en: 'Food' },
  minuman: { id: 'Minuman', en: 'Drinks' },
  camilan: { id: 'Camilan & keripik', en: 'Snacks' },
  kue_roti: { id: 'Kue & roti', en: 'Cakes & bread' },
  bumbu_sambal: { id: 'Bumbu & sambal', en: 'Spices & sambal' },
  fesyen: { id: 'Fesyen', en: 'Fashion' },
  kriya: { id: 'Kriya & kerajinan', en: 'Crafts' },
  kecantikan: { id: 'Kecantikan & perawatan', en: 'Beauty & care' },
  pertanian: { id: 'Hasil tani & ikan', en: 'Farm & fish produce' },
  lainnya: { id: 'Lainnya', en: 'Other' },
};

/** A shop's life: an owner applies, an officer approves or rejects, and may suspend an approved shop. */
export const SHOP_STATES = ['pending', 'approved', 'rejected', 'suspended'] as const;
export type ShopState = (typeof SHOP_STATES)[number];

/** Badges a product shows, read from the business's legality in the registry — never typed by the seller. */
export const BADGES = ['halal', 'pirt', 'bpom'] as const;
export type Badge = (typeof BADGES)[number];

export const FULFILMENTS = ['delivery', 'pickup'] as const;
export type Fulfilment = (typeof FULFILMENTS)[number];

/** The order request's states. No online payment: the seller confirms, prepares, hands over. */
export const ORDER_STATES = [
  'requested',
  'confirmed',
  'declined',
  'ready',
  'shipped',
  'completed',
  'cancelled',
] as const;
export type OrderState = (typeof ORDER_STATES)[number];

/**
 * The only moves an order may make (decision 0017). `cancelled` is the buyer's, before confirmation;
 * `ready` is for pickup, `shipped` for delivery, each then `completed`.
 */
export const ORDER_TRANSITIONS: Record<OrderState, readonly OrderState[]> = {
  requested: ['confirmed', 'declined', 'cancelled'],
  confirmed: ['ready', 'shipped'],
  ready: ['completed'],
  shipped: ['completed'],
  declined: [],
  completed: [],
  cancelled: [],
};

export function canMoveOrder(from: OrderState, to: OrderState): boolean {
  return ORDER_TRANSITIONS[from].includes(to);
}

/** Campaign themes, e.g. the Independence Day or Ramadan pushes of "Bangga Produk UMKM". */
export const CAMPAIGN_THEMES = ['umum', 'ramadan', 'kemerdekaan', 'hari_jadi_kota', 'akhir_tahun'] as const;
export type CampaignTheme = (typeof CAMPAIGN_THEMES)[number];

/** The channel code this marketplace records in `business_online_channel`. */
export const OWN_CHANNEL = 'pasar_umkm';

/** Photo widths the pipeline stores, each in WebP and JPEG. */
export const PHOTO_WIDTHS = [320, 640, 1200] as const;
export type PhotoWidth = (typeof PHOTO_WIDTHS)[number];

/** `Rp 25.000`: integer rupiah with Indonesian thousands dots. */
export function formatRupiah(amount: number): string {
  const sign = amount < 0 ? '-' : '';
  return `${sign}Rp ${Math.abs(Math.trunc(amount))
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.')}`;
}

/** A URL-safe slug from a name: `Keripik Singkong Pedas` → `keripik-singkong-pedas`. */
export function slugify(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/g, '') || 'produk'
  );
}

/**
 * An Indonesian mobile number in E.164 (`+6281234567890`) from what people type: `0812-3456-7890`,
 * `62812…`, `+62 812…`. Null when it is not a mobile number (`08` then 8–11 digits).
 */
export function normalizeMobilePhone(input: string): string | null {
  const compact = input.trim().replace(/[\s().-]/g, '');
  const national = compact.startsWith('+62')
    ? compact.slice(3)
    : compact.startsWith('62')
      ? compact.slice(2)
      : compact.startsWith('0')
        ? compact.slice(1)
        : null;
  if (national === null || !/^8[1-9][0-9]{7,10}$/.test(national)) return null;
  return `+62${national}`;
}

/** The E.164 shape the database checks (`shop.whatsapp`, `order_request.buyer_phone`). */
export const E164_MOBILE = /^\+628[1-9][0-9]{7,10}$/;
