import type { ColumnType, Generated, Selectable } from 'kysely';
import type {
  Badge,
  CampaignTheme,
  Fulfilment,
  OrderState,
  ProductCategory,
  ShopState,
} from '../../../shared/marketplace.ts';

/** The marketplace tables and views (decision 0018). Money is integer rupiah; dates `YYYY-MM-DD` strings. */
type Timestamp = ColumnType<Date, never, never>;
type Touched = ColumnType<Date, never, Date>;
/** A bigint column the pg driver is told to give as a number (decision 0002). */
type Money = number;

export interface ShopTable {
  id: Generated<number>;
  business_id: number;
  slug: string;
  name: string;
  description: Generated<string>;
  logo_key: string | null;
  pickup_kecamatan_code: string;
  /** E.164, e.g. `+6281234567890`. */
  whatsapp: string;
  opening_hours: Generated<string>;
  state: Generated<ShopState>;
  /** Why an officer rejected or suspended the shop; the seller sees it. */
  reason: string | null;
  applied_by: number | null;
  decided_by: number | null;
  decided_at: Date | null;
  approved_at: Date | null;
  created_at: Timestamp;
  updated_at: Touched;
}
export type ShopRow = Selectable<ShopTable>;

export interface ProductTable {
  id: Generated<number>;
  shop_id: number;
  /** Unique across the marketplace: the public address `/p/<slug>`. */
  slug: string;
  name: string;
  description: Generated<string>;
  category: ProductCategory;
  price: Money;
  unit: Generated<string>;
  weight_grams: number | null;
  /** null: made to order. */
  stock: number | null;
  hidden_reason: string | null;
  hidden_by: number | null;
  hidden_at: Date | null;
  featured: Generated<boolean>;
  featured_at: Date | null;
  /** Deleted by the seller; kept because orders point at it. */
  archived_at: Date | null;
  created_at: Timestamp;
  updated_at: Touched;
  /** Generated: name (weight A) and description (weight B) under the `indonesian` configuration. */
  search: ColumnType<string, never, never>;
}
export type ProductRow = Selectable<ProductTable>;

export interface ProductVariantTable {
  id: Generated<number>;
  product_id: number;
  name: string;
  price: Money;
  stock: number | null;
  position: Generated<number>;
  archived_at: Date | null;
}
export type ProductVariantRow = Selectable<ProductVariantTable>;

export interface ProductPhotoTable {
  id: Generated<number>;
  product_id: number;
  /** 32 hex characters; files `<dataDir>/uploads/marketplace/<key>-<width>.webp|jpg`. */
  key: string;
  position: Generated<number>;
  width: number;
  height: number;
  /** The widths stored (never wider than the original). */
  widths: number[];
  created_at: Timestamp;
}
export type ProductPhotoRow = Selectable<ProductPhotoTable>;

export interface OrderRequestTable {
  id: Generated<number>;
  /** sha256 hex of the status-link token; the token is given to the buyer once and never stored. */
  token_hash: string;
  code: string;
  shop_id: number;
  buyer_name: string;
  buyer_phone: string;
  fulfilment: Fulfilment;
  address: string | null;
  note: string | null;
  total: Money;
  state: Generated<OrderState>;
  reason: string | null;
  idempotency_key: string | null;
  requested_at: Generated<Date>;
  confirmed_at: Date | null;
  declined_at: Date | null;
  ready_at: Date | null;
  shipped_at: Date | null;
  completed_at: Date | null;
  cancelled_at: Date | null;
  completed_on: string | null;
  updated_at: Touched;
}
export type OrderRequestRow = Selectable<OrderRequestTable>;

export interface OrderItemTable {
  id: Generated<number>;
  order_id: number;
  product_id: number;
  variant_id: number | null;
  name: string;
  unit_price: Money;
  quantity: number;
}
export type OrderItemRow = Selectable<OrderItemTable>;

export interface OrderEventTable {
  id: Generated<number>;
  order_id: number;
  from_state: OrderState | null;
  to_state: OrderState;
  reason: string | null;
  actor_id: number | null;
  created_at: Generated<Date>;
}

export interface CampaignTable {
  id: Generated<number>;
  slug: string;
  name: string;
  theme: CampaignTheme;
  starts_on: string;
  ends_on: string;
  description: Generated<string>;
  /** The banner's files, like a product photo's (`<key>-<width>.webp|jpg`); null: no banner. */
  banner_key: string | null;
  banner_width: number | null;
  banner_height: number | null;
  banner_widths: number[] | null;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Touched;
}
export type CampaignRow = Selectable<CampaignTable>;

export interface CampaignProductTable {
  campaign_id: number;
  product_id: number;
  position: Generated<number>;
}

/** View: shops that may be shown publicly (approved, business not archived) with registry badges. */
export interface PublicShopView {
  id: number;
  business_id: number;
  slug: string;
  name: string;
  description: string;
  logo_key: string | null;
  pickup_kecamatan_code: string;
  whatsapp: string;
  opening_hours: string;
  approved_at: Date | null;
  sector: string;
  badges: Badge[];
}

/** View: products that may be shown publicly (public shop, not hidden, not deleted). */
export interface PublicProductView {
  id: number;
  shop_id: number;
  slug: string;
  name: string;
  description: string;
  category: ProductCategory;
  price: Money;
  unit: string;
  weight_grams: number | null;
  stock: number | null;
  featured: boolean;
  featured_at: Date | null;
  created_at: Date;
  search: string;
}

/** View: verified marketplace sales (completed orders) per business and `YYYY-MM`. */
export interface MarketplaceSalesMonthView {
  business_id: number;
  period: string;
  orders: number;
  amount: Money;
}

/** View: where a business sells online (`pasar_umkm` = this marketplace), with the earliest known date. */
export interface BusinessOnlineChannelView {
  business_id: number;
  channel: string;
  since: string | null;
}
