import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { MAX_UPLOAD_BYTES, UPLOAD_CONTENT_TYPES } from '../../files/uploads.ts';
import { campaignsRoutes } from './campaigns.routes.ts';
import { officerOrdersRoutes } from './officer-orders.routes.ts';
import { ordersRoutes } from './orders.routes.ts';
import { productsRoutes } from './products.routes.ts';
import { salesRoutes } from './sales.routes.ts';
import { shopsRoutes } from './shops.routes.ts';

/** The marketplace in the app (decision 0018): /api/v1/market. Photos come as the raw request body. */
export const marketplaceRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addContentTypeParser(
    UPLOAD_CONTENT_TYPES,
    { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES },
    (_request, body, done) => done(null, body),
  );
  await app.register(shopsRoutes);
  await app.register(productsRoutes);
  await app.register(ordersRoutes);
  await app.register(officerOrdersRoutes);
  await app.register(campaignsRoutes);
  await app.register(salesRoutes);
};
