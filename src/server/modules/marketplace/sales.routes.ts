import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ProblemSchema } from '../../http/errors.ts';
import { currentUser, guard } from '../../http/guard.ts';
import { IdParam } from './common.ts';
import { BusinessMarketSchema, businessMarket } from './sales.service.ts';

/** A business's marketplace side, beside its self-reported turnover: /api/v1/market/businesses/:id. */
export const salesRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  app.get(
    '/businesses/:id',
    {
      onRequest: guard(),
      schema: {
        tags: ['marketplace'],
        summary: 'A business’s shop, online sales channels and verified marketplace sales per month',
        params: IdParam,
        response: { 200: BusinessMarketSchema, 404: ProblemSchema },
      },
    },
    async (request) => businessMarket(db, config, currentUser(request), request.params.id),
  );
};
