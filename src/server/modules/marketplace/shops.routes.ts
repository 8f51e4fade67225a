import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ProblemSchema } from '../../http/errors.ts';
import { actorOf, currentUser, guard } from '../../http/guard.ts';
import { IdParam } from './common.ts';
import { shopApprovalWorkItems } from './marketplace.work-items.ts';
import {
  ApplyShopBody,
  ShopDecisionBody,
  ShopListQuery,
  ShopPage,
  ShopSchema,
  UpdateShopBody,
} from './shops.schema.ts';
import {
  applyShop,
  decideShop,
  editShop,
  getShop,
  MARKET_OFFICERS,
  MARKET_READERS,
  searchShops,
  setShopLogo,
} from './shops.service.ts';

/** Shops: /api/v1/market/shops. An owner applies and runs their shop; officers decide in their area. */
export const shopsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const tags = ['marketplace'];
  const problems = { 400: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema };
  app.workQueue.registerWorkItems(shopApprovalWorkItems);

  app.get(
    '/shops',
    {
      onRequest: guard(...MARKET_READERS),
      schema: {
        tags,
        summary: 'Shops the user may see: an officer’s area (pending first), an owner’s own',
        querystring: ShopListQuery,
        response: { 200: ShopPage },
      },
    },
    async (request) => searchShops(db, config, currentUser(request), request.query),
  );

  app.post(
    '/shops',
    {
      onRequest: guard('business_owner'),
      schema: {
        tags,
        summary: 'Apply for a shop for one of the owner’s businesses (pending until an officer approves)',
        body: ApplyShopBody,
        response: { 201: ShopSchema, ...problems },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await applyShop(db, config, currentUser(request), actorOf(request), request.body)),
  );

  app.get(
    '/shops/:id',
    {
      onRequest: guard(...MARKET_READERS),
      schema: {
        tags,
        summary: 'One shop',
        params: IdParam,
        response: { 200: ShopSchema, 404: ProblemSchema },
      },
    },
    async (request) => getShop(db, config, currentUser(request), request.params.id),
  );

  app.put(
    '/shops/:id',
    {
      onRequest: guard('business_owner'),
      schema: {
        tags,
        summary: 'The seller edits their shop; a rejected shop is sent for approval again',
        params: IdParam,
        body: UpdateShopBody,
        response: { 200: ShopSchema, ...problems },
      },
    },
    async (request) =>
      editShop(db, config, currentUser(request), actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/shops/:id/logo',
    {
      onRequest: guard('business_owner'),
      schema: {
        tags,
        summary: 'The shop’s logo: a JPEG/PNG as the raw body, re-encoded to WebP and JPEG',
        params: IdParam,
        response: { 200: ShopSchema, ...problems, 413: ProblemSchema, 415: ProblemSchema },
      },
    },
    async (request) =>
      setShopLogo(
        db,
        config,
        currentUser(request),
        actorOf(request),
        request.params.id,
        Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
      ),
  );

  app.post(
    '/shops/:id/decision',
    {
      onRequest: guard(...MARKET_OFFICERS),
      schema: {
        tags,
        summary: 'Approve, reject, suspend or reinstate a shop (reject and suspend need a reason)',
        params: IdParam,
        body: ShopDecisionBody,
        response: { 200: ShopSchema, ...problems },
      },
    },
    async (request) =>
      decideShop(db, config, currentUser(request), actorOf(request), request.params.id, request.body),
  );
};
