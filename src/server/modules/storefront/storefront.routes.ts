/**
 * The storefront's JSON API (`/api/v1/store/*`), public like its pages: search (the storefront's search as
 * you type uses it), a product, a shop, and the buyer's order request, status and cancel by private token.
 * The pages (storefront.pages.ts) read the same service.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { notFound } from '../../http/errors.ts';
import { OrderRequestInput, PublicOrderSchema } from '../marketplace/orders.schema.ts';
import { buyerMessage } from './order-views.ts';
import { cancelOrderByToken, getOrderByToken, placeOrder } from './orders.ts';
import { whatsappLink } from './page-views.ts';
import { originOf } from './storefront.pages.ts';
import type { PhotoRef, ProductCardRow } from './storefront.repository.ts';
import {
  SlugParam,
  StoreOrderCreated,
  type StoreProductCard,
  StoreProductDetail,
  StoreSearchPage,
  StoreSearchQuery,
  StoreShop,
  TokenParam,
} from './storefront.schema.ts';
import * as store from './storefront.service.ts';
import { photoSrc } from './views.ts';

const tags = ['storefront'];

export function photoDto(p: PhotoRef) {
  const widths = [...p.widths].sort((a, b) => a - b);
  const largest = widths[widths.length - 1] ?? 320;
  return {
    webp: widths.map((w) => `${photoSrc(p.key, w, 'webp')} ${w}w`).join(', '),
    jpg: widths.map((w) => `${photoSrc(p.key, w, 'jpg')} ${w}w`).join(', '),
    src: photoSrc(p.key, widths[0] ?? 320, 'jpg'),
    width: largest,
    height: Math.round((p.height / p.width) * largest),
  };
}

export function cardDto(c: ProductCardRow, kecamatan: Map<string, string>): StoreProductCard {
  return {
    id: c.id,
    slug: c.slug,
    name: c.name,
    url: `/p/${c.slug}`,
    category: c.category,
    price: c.priceRange?.min ?? c.price,
    priceRange: c.priceRange,
    unit: c.unit,
    available: c.stock === null || c.stock > 0 || c.priceRange !== null,
    shopSlug: c.shop.slug,
    shopName: c.shop.name,
    kecamatanCode: c.shop.kecamatanCode,
    kecamatan: kecamatan.get(c.shop.kecamatanCode) ?? c.shop.kecamatanCode,
    badges: c.shop.badges,
    photo: c.photo ? photoDto(c.photo) : null,
  };
}

export async function storefrontRoutes(plain: FastifyInstance) {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const { db, config } = app.deps;

  app.get(
    '/search',
    {
      schema: {
        tags,
        summary: 'Search public products (Indonesian full text with typo tolerance), with filters',
        security: [],
        querystring: StoreSearchQuery,
        response: { 200: StoreSearchPage },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const [result, names] = await Promise.all([
        store.search(db, {
          q: q.q,
          category: q.category,
          kecamatan: q.kecamatan,
          halal: q.halal,
          minPrice: q.minPrice,
          maxPrice: q.maxPrice,
          sort: q.sort ?? (q.q ? 'relevance' : 'newest'),
          limit: q.pageSize,
          offset: (q.page - 1) * q.pageSize,
        }),
        store.kecamatanNames(db, config),
      ]);
      reply.header('cache-control', 'public, max-age=60');
      return {
        items: result.items.map((c) => cardDto(c, names)),
        total: result.total,
        page: q.page,
        pageSize: q.pageSize,
      };
    },
  );

  app.get(
    '/products/:slug',
    {
      schema: {
        tags,
        summary: 'One public product with its variants and photos',
        security: [],
        params: SlugParam,
        response: { 200: StoreProductDetail },
      },
    },
    async (request, reply) => {
      const [p, names] = await Promise.all([
        store.product(db, request.params.slug),
        store.kecamatanNames(db, config),
      ]);
      if (!p) throw notFound('Produk');
      reply.header('cache-control', 'public, max-age=60');
      return {
        ...cardDto(p, names),
        description: p.description,
        weightGrams: p.weightGrams,
        stock: p.stock,
        photos: p.photos.map(photoDto),
        variants: p.variants,
        shopWhatsappUrl: whatsappLink(p.shopWhatsapp, `Halo ${p.shop.name}, saya tertarik dengan ${p.name}.`),
      };
    },
  );

  app.get(
    '/shops/:slug',
    {
      schema: {
        tags,
        summary: 'One public shop and its first products',
        security: [],
        params: SlugParam,
        response: { 200: StoreShop },
      },
    },
    async (request, reply) => {
      const s = await store.shop(db, request.params.slug);
      if (!s) throw notFound('Toko');
      const [products, names] = await Promise.all([
        store.search(db, { shopId: s.id, sort: 'newest', limit: 24, offset: 0 }),
        store.kecamatanNames(db, config),
      ]);
      reply.header('cache-control', 'public, max-age=60');
      return {
        slug: s.slug,
        name: s.name,
        description: s.description,
        kecamatanCode: s.kecamatanCode,
        kecamatan: names.get(s.kecamatanCode) ?? s.kecamatanCode,
        openingHours: s.openingHours,
        badges: s.badges,
        whatsappUrl: whatsappLink(s.whatsapp, `Halo ${s.name}.`),
        products: {
          items: products.items.map((c) => cardDto(c, names)),
          total: products.total,
          page: 1,
          pageSize: 24,
        },
      };
    },
  );

  app.post(
    '/orders',
    {
      schema: {
        tags,
        summary: 'Send an order request to one shop (no payment); limited per phone and per address',
        security: [],
        body: OrderRequestInput,
        response: { 201: StoreOrderCreated },
      },
    },
    async (request, reply) => {
      const created = await placeOrder(db, request.ip, request.body);
      const origin = originOf(request, config.publicOrigin);
      const statusUrl = `${origin}/belanja/pesanan/${created.token}`;
      const order = await getOrderByToken(db, created.token);
      reply.code(201).header('cache-control', 'no-store');
      return {
        code: created.code,
        token: created.token,
        statusUrl,
        whatsappUrl: whatsappLink(order.shopWhatsapp, buyerMessage(order, statusUrl)),
        total: created.total,
      };
    },
  );

  app.get(
    '/orders/:token',
    {
      schema: {
        tags,
        summary: 'The buyer’s own order by its private token',
        security: [],
        params: TokenParam,
        response: { 200: PublicOrderSchema },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return getOrderByToken(db, request.params.token);
    },
  );

  app.post(
    '/orders/:token/cancel',
    {
      schema: {
        tags,
        summary: 'The buyer cancels their order before the seller confirms it',
        security: [],
        params: TokenParam,
        response: { 200: PublicOrderSchema },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return cancelOrderByToken(db, config, request.params.token);
    },
  );
}
