import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CampaignBody,
  CampaignDto,
  FiguresDto,
} from '../../../server/modules/marketplace/campaigns.schema.ts';
import type {
  OfficerOrderDto,
  OfficerOrderPage,
} from '../../../server/modules/marketplace/officer-orders.schema.ts';
import type { OrderDto, OrderPage } from '../../../server/modules/marketplace/orders.schema.ts';
import type {
  ProductDto,
  ProductBody as ProductSchema,
} from '../../../server/modules/marketplace/products.schema.ts';
import type { BusinessMarketDto } from '../../../server/modules/marketplace/sales.service.ts';
import type { ShopDto } from '../../../server/modules/marketplace/shops.schema.ts';
import type { OrderState } from '../../../shared/marketplace.ts';
import { api, upload } from '../../api/client.ts';
import type { Page } from '../../api/types.ts';

export type Shop = ShopDto;
export type Product = ProductDto;
export type Order = OrderDto;
export type OrderListItem = z.infer<typeof OrderPage>['items'][number];
export type OfficerOrder = OfficerOrderDto;
export type OfficerOrderListItem = z.infer<typeof OfficerOrderPage>['items'][number];
export type Campaign = CampaignDto;
export type Figures = FiguresDto;
export type BusinessMarket = BusinessMarketDto;
export type ProductBody = z.input<typeof ProductSchema>;
export type CampaignFields = z.input<typeof CampaignBody>;
type Query = Record<string, string | number | boolean | undefined>;

const key = ['market'] as const;

export function useShops(query: Query, enabled = true) {
  return useQuery({
    queryKey: [...key, 'shops', query],
    queryFn: ({ signal }) => api<Page<Shop>>('/market/shops', { signal, query }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useShop(id: number) {
  return useQuery({
    queryKey: [...key, 'shop', id],
    queryFn: ({ signal }) => api<Shop>(`/market/shops/${id}`, { signal }),
    enabled: id > 0,
  });
}

/** Every write refreshes everything the marketplace pages show (a handful of small queries). */
function useInvalidate() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: key });
}

export interface ShopFields {
  name: string;
  description: string;
  pickupKecamatanCode: string;
  whatsapp: string;
  openingHours: string;
}

export function useApplyShop() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: ShopFields & { businessId: number }) =>
      api<Shop>('/market/shops', { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useEditShop(id: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: ShopFields) => api<Shop>(`/market/shops/${id}`, { method: 'PUT', body }),
    onSuccess: invalidate,
  });
}

export function useShopLogo(id: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (file: Blob) => upload<Shop>(`/market/shops/${id}/logo`, file),
    onSuccess: invalidate,
  });
}

export function useDecideShop(id: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: { action: 'approve' | 'reject' | 'suspend' | 'reinstate'; reason?: string }) =>
      api<Shop>(`/market/shops/${id}/decision`, { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useProducts(query: Query, enabled = true) {
  return useQuery({
    queryKey: [...key, 'products', query],
    queryFn: ({ signal }) => api<Page<Product>>('/market/products', { signal, query }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useProduct(id: number) {
  return useQuery({
    queryKey: [...key, 'product', id],
    queryFn: ({ signal }) => api<Product>(`/market/products/${id}`, { signal }),
    enabled: id > 0,
  });
}

export function useSaveProduct(shopId: number, productId: number | null) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: ProductBody) =>
      productId
        ? api<Product>(`/market/products/${productId}`, { method: 'PUT', body })
        : api<Product>(`/market/shops/${shopId}/products`, { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useDeleteProduct(id: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: () => api<void>(`/market/products/${id}`, { method: 'DELETE' }),
    onSuccess: invalidate,
  });
}

export function useProductPhoto(id: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (file: Blob) => upload<Product>(`/market/products/${id}/photos`, file),
    onSuccess: invalidate,
  });
}

export function useDeletePhoto(id: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (photoId: number) =>
      api<Product>(`/market/products/${id}/photos/${photoId}`, { method: 'DELETE' }),
    onSuccess: invalidate,
  });
}

/** The whole list of a product's photos in their new order (the cover first). */
export function useReorderPhotos(id: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (photoIds: number[]) =>
      api<Product>(`/market/products/${id}/photos/order`, { method: 'PUT', body: { photoIds } }),
    onSuccess: invalidate,
  });
}

export function useModerateProduct() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({
      id,
      ...body
    }: {
      id: number;
      action: 'hide' | 'unhide' | 'feature' | 'unfeature';
      reason?: string;
    }) => api<Product>(`/market/products/${id}/moderation`, { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useOrders(query: Query) {
  return useQuery({
    queryKey: [...key, 'orders', query],
    queryFn: ({ signal }) => api<Page<OrderListItem>>('/market/orders', { signal, query }),
    placeholderData: keepPreviousData,
  });
}

export function useOrder(id: number) {
  return useQuery({
    queryKey: [...key, 'order', id],
    queryFn: ({ signal }) => api<Order>(`/market/orders/${id}`, { signal }),
    enabled: id > 0,
  });
}

/** The officers' read-only order list (their area's order requests, the buyer's name only). */
export function useOfficerOrders(query: Query) {
  return useQuery({
    queryKey: [...key, 'officer-orders', query],
    queryFn: ({ signal }) => api<Page<OfficerOrderListItem>>('/market/officer-orders', { signal, query }),
    placeholderData: keepPreviousData,
  });
}

export function useOfficerOrder(id: number) {
  return useQuery({
    queryKey: [...key, 'officer-order', id],
    queryFn: ({ signal }) => api<OfficerOrder>(`/market/officer-orders/${id}`, { signal }),
    enabled: id > 0,
  });
}

export function useMoveOrder(id: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: { to: OrderState; reason?: string }) =>
      api<Order>(`/market/orders/${id}/transition`, { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useCampaigns() {
  return useQuery({
    queryKey: [...key, 'campaigns'],
    queryFn: ({ signal }) => api<Campaign[]>('/market/campaigns', { signal }),
  });
}

export function useCampaign(id: number) {
  return useQuery({
    queryKey: [...key, 'campaign', id],
    queryFn: ({ signal }) => api<Campaign>(`/market/campaigns/${id}`, { signal }),
    enabled: id > 0,
  });
}

export function useSaveCampaign(id: number | null) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (body: CampaignFields) =>
      id
        ? api<Campaign>(`/market/campaigns/${id}`, { method: 'PUT', body })
        : api<Campaign>('/market/campaigns', { method: 'POST', body }),
    onSuccess: invalidate,
  });
}

export function useCampaignProducts(id: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (productIds: number[]) =>
      api<Campaign>(`/market/campaigns/${id}/products`, { method: 'PUT', body: { productIds } }),
    onSuccess: invalidate,
  });
}

export function useUploadCampaignBanner(id: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (file: Blob) => upload<Campaign>(`/market/campaigns/${id}/banner`, file),
    onSuccess: invalidate,
  });
}

export function useRemoveCampaignBanner(id: number) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: () => api<Campaign>(`/market/campaigns/${id}/banner`, { method: 'DELETE' }),
    onSuccess: invalidate,
  });
}

export function useFigures(id: number, by: 'kecamatan' | 'sector') {
  return useQuery({
    queryKey: [...key, 'figures', id, by],
    queryFn: ({ signal }) => api<Figures>(`/market/campaigns/${id}/figures`, { signal, query: { by } }),
    placeholderData: keepPreviousData,
  });
}

export function useBusinessMarket(businessId: number) {
  return useQuery({
    queryKey: [...key, 'business', businessId],
    queryFn: ({ signal }) => api<BusinessMarket>(`/market/businesses/${businessId}`, { signal }),
  });
}
