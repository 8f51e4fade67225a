import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ProblemSchema } from '../../http/errors.ts';
import { actorOf, currentUser, guard } from '../../http/guard.ts';
import { IdParam } from './common.ts';
import { sellerOrderWorkItems } from './marketplace.work-items.ts';
import { OrderListQuery, OrderPage, OrderSchema, OrderTransitionBody } from './orders.schema.ts';
import { getOrder, searchOrders, transitionOrder } from './orders.service.ts';

/**
 * The seller's orders: /api/v1/market/orders. Buyers create and follow orders through the storefront's
 * public routes (orders.create.ts); a buyer's name and phone reach only the shop that serves them.
 */
export const ordersRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const tags = ['marketplace'];
  const seller = guard('business_owner');
  app.workQueue.registerWorkItems(sellerOrderWorkItems);

  app.get(
    '/orders',
    {
      onRequest: seller,
      schema: {
        tags,
        summary: 'Order requests to the seller’s shops (open ones first)',
        querystring: OrderListQuery,
        response: { 200: OrderPage },
      },
    },
    async (request) => searchOrders(db, currentUser(request), request.query),
  );

  app.get(
    '/orders/:id',
    {
      onRequest: seller,
      schema: {
        tags,
        summary: 'One order with its lines, history, next states and a WhatsApp link to the buyer',
        params: IdParam,
        response: { 200: OrderSchema, 404: ProblemSchema },
      },
    },
    async (request) => getOrder(db, currentUser(request), request.params.id),
  );

  app.post(
    '/orders/:id/transition',
    {
      onRequest: seller,
      schema: {
        tags,
        summary:
          'Move an order one step: requested → confirmed (stock reserved) | declined (reason); confirmed → ready (pickup) | shipped (delivery) → completed',
        params: IdParam,
        body: OrderTransitionBody,
        response: { 200: OrderSchema, 400: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (request) =>
      transitionOrder(db, config, currentUser(request), actorOf(request), request.params.id, request.body),
  );
};
