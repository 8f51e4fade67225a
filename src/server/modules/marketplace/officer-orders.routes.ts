import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ProblemSchema } from '../../http/errors.ts';
import { currentUser, guard } from '../../http/guard.ts';
import { IdParam } from './common.ts';
import { OfficerOrderListQuery, OfficerOrderPage, OfficerOrderSchema } from './officer-orders.schema.ts';
import { officerOrder, officerOrders } from './officer-orders.service.ts';
import { MARKET_OFFICERS } from './shops.service.ts';

/**
 * The officers' read-only order list: /api/v1/market/officer-orders. The office sees every order request, an
 * area officer those of shops in their area; the buyer's name only (phone and address stay with the seller).
 */
export const officerOrdersRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const tags = ['marketplace'];
  const officers = guard(...MARKET_OFFICERS);

  app.get(
    '/officer-orders',
    {
      onRequest: officers,
      schema: {
        tags,
        summary:
          'Order requests of the shops in the officer’s area, newest first (read-only, no buyer contact)',
        querystring: OfficerOrderListQuery,
        response: { 200: OfficerOrderPage, 400: ProblemSchema },
      },
    },
    async (request) => officerOrders(db, config, currentUser(request), request.query),
  );

  app.get(
    '/officer-orders/:id',
    {
      onRequest: officers,
      schema: {
        tags,
        summary: 'One order request for an officer: lines, total and state history (no buyer contact)',
        params: IdParam,
        response: { 200: OfficerOrderSchema, 404: ProblemSchema },
      },
    },
    async (request) => officerOrder(db, config, currentUser(request), request.params.id),
  );
};
