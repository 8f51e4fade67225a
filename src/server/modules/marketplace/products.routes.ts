import fs from 'node:fs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, ProblemSchema } from '../../http/errors.ts';
import { actorOf, currentUser, guard } from '../../http/guard.ts';
import { IdParam } from './common.ts';
import { PHOTO_FILE, type PhotoFormat, photoPath } from './photos.ts';
import { reorderProductPhotos } from './product-photos.service.ts';
import {
  PhotoOrderBody,
  PhotoParams,
  ProductBody,
  ProductListQuery,
  ProductModerationBody,
  ProductPage,
  ProductSchema,
} from './products.schema.ts';
import {
  addProductPhoto,
  createProduct,
  deleteProduct,
  deleteProductPhoto,
  editProduct,
  getProduct,
  moderateProduct,
  searchProducts,
} from './products.service.ts';
import { MARKET_OFFICERS, MARKET_READERS } from './shops.service.ts';

/** Products: /api/v1/market/products (and a shop's, /shops/:id/products); photos at /photos/<file>. */
export const productsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const tags = ['marketplace'];
  const problems = { 400: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema };
  const body = (b: unknown) => (Buffer.isBuffer(b) ? b : Buffer.alloc(0));

  app.get(
    '/products',
    {
      onRequest: guard(...MARKET_READERS),
      schema: {
        tags,
        summary: 'Products the user may see: a seller’s own, an officer’s area (for moderation)',
        querystring: ProductListQuery,
        response: { 200: ProductPage },
      },
    },
    async (request) => searchProducts(db, config, currentUser(request), request.query),
  );

  app.post(
    '/shops/:id/products',
    {
      onRequest: guard('business_owner'),
      schema: {
        tags,
        summary: 'The seller adds a product (price integer rupiah ≥ 0; stock null = made to order)',
        params: IdParam,
        body: ProductBody,
        response: { 201: ProductSchema, ...problems },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await createProduct(
            db,
            config,
            currentUser(request),
            actorOf(request),
            request.params.id,
            request.body,
          ),
        ),
  );

  app.get(
    '/products/:id',
    {
      onRequest: guard(...MARKET_READERS),
      schema: {
        tags,
        summary: 'One product',
        params: IdParam,
        response: { 200: ProductSchema, 404: ProblemSchema },
      },
    },
    async (request) => getProduct(db, config, currentUser(request), request.params.id),
  );

  app.put(
    '/products/:id',
    {
      onRequest: guard('business_owner'),
      schema: {
        tags,
        summary: 'The seller changes a product and its variants (variants not listed are retired)',
        params: IdParam,
        body: ProductBody,
        response: { 200: ProductSchema, ...problems },
      },
    },
    async (request) =>
      editProduct(db, config, currentUser(request), actorOf(request), request.params.id, request.body),
  );

  app.delete(
    '/products/:id',
    {
      onRequest: guard('business_owner'),
      schema: {
        tags,
        summary: 'The seller removes a product',
        params: IdParam,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await deleteProduct(db, config, currentUser(request), actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/products/:id/photos',
    {
      onRequest: guard('business_owner'),
      schema: {
        tags,
        summary:
          'Add a photo (JPEG/PNG raw body, ≤ 5 MB, ≤ 40 MP), re-encoded to 320/640/1200 px WebP and JPEG',
        params: IdParam,
        response: { 201: ProductSchema, ...problems, 413: ProblemSchema, 415: ProblemSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await addProductPhoto(
            db,
            config,
            currentUser(request),
            actorOf(request),
            request.params.id,
            body(request.body),
          ),
        ),
  );

  app.put(
    '/products/:id/photos/order',
    {
      onRequest: guard('business_owner'),
      schema: {
        tags,
        summary: 'Put the product’s photos in a new order (every photo once; the first is the cover)',
        params: IdParam,
        body: PhotoOrderBody,
        response: { 200: ProductSchema, ...problems },
      },
    },
    async (request) =>
      reorderProductPhotos(
        db,
        config,
        currentUser(request),
        actorOf(request),
        request.params.id,
        request.body.photoIds,
      ),
  );

  app.delete(
    '/products/:id/photos/:photoId',
    {
      onRequest: guard('business_owner'),
      schema: {
        tags,
        summary: 'Remove a photo',
        params: PhotoParams,
        response: { 200: ProductSchema, ...problems },
      },
    },
    async (request) =>
      deleteProductPhoto(
        db,
        config,
        currentUser(request),
        actorOf(request),
        request.params.id,
        request.params.photoId,
      ),
  );

  app.post(
    '/products/:id/moderation',
    {
      onRequest: guard(...MARKET_OFFICERS),
      schema: {
        tags,
        summary: 'Hide a product (reason required, the seller sees it), show it again, feature it or not',
        params: IdParam,
        body: ProductModerationBody,
        response: { 200: ProductSchema, ...problems },
      },
    },
    async (request) =>
      moderateProduct(db, config, currentUser(request), actorOf(request), request.params.id, request.body),
  );

  app.get(
    '/photos/:file',
    {
      schema: {
        tags,
        summary:
          'A stored photo `<key>-<320|640|1200>.<webp|jpg>` (public; the key is unguessable; cached a year)',
        params: z.object({ file: z.string().max(60) }),
      },
    },
    async (request, reply) => {
      const match = PHOTO_FILE.exec(request.params.file);
      const notFound = new AppError('NotFound', 404, 'Foto tidak ditemukan.');
      if (!match) throw notFound;
      const [, key, width, format] = match as unknown as [string, string, string, PhotoFormat];
      const file = photoPath(config, key, Number(width), format);
      if (!fs.existsSync(file)) throw notFound;
      return reply
        .header('cache-control', 'public, max-age=31536000, immutable')
        .type(format === 'webp' ? 'image/webp' : 'image/jpeg')
        .send(fs.createReadStream(file));
    },
  );
};
