import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ProblemSchema } from '../../http/errors.ts';
import { actorOf, guard } from '../../http/guard.ts';
import { offsetOf } from '../../http/pagination.ts';
import { SignInLockIdParam, SignInLockPage, SignInLockQuery } from './throttle.schema.ts';
import { clearLock, searchLocks } from './throttle.service.ts';

/** Sign-in locks: admins see who is locked out (by account and address) and lift a lock. */
export const signInLockRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const tags = ['auth'];

  app.get(
    '/',
    {
      onRequest: guard('admin'),
      schema: {
        tags,
        summary: 'Current sign-in locks, the latest-ending first',
        querystring: SignInLockQuery,
        response: { 200: SignInLockPage },
      },
    },
    async (request) => {
      const q = request.query;
      const { items, total } = await searchLocks(db, { limit: q.pageSize, offset: offsetOf(q) });
      return { items, total, page: q.page, pageSize: q.pageSize };
    },
  );

  app.delete(
    '/:id',
    {
      onRequest: guard('admin'),
      schema: {
        tags,
        summary: 'Lift a sign-in lock and forget its failures (audit-logged)',
        params: SignInLockIdParam,
        response: { 204: z.null(), 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      await clearLock(db, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
