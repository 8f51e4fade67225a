import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { currentUser, guard } from '../http/guard.ts';
import { WorkQueueSchema } from './work-queue.schema.ts';

/** /api/v1/me/work-queue: what waits for the signed-in person, from every module's providers. */
export const workQueueRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  app.get(
    '/work-queue',
    {
      onRequest: guard(),
      schema: {
        tags: ['home'],
        summary: 'What waits for the signed-in person: counts with links to the filtered lists (Home)',
        response: { 200: WorkQueueSchema },
      },
    },
    async (request) =>
      app.workQueue.collect(db, currentUser(request), config, (providerId, err) =>
        request.log.error({ err, providerId }, 'work-queue provider failed'),
      ),
  );
};
