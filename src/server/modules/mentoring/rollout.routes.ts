import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ProblemSchema } from '../../http/errors.ts';
import { actorOf, guard } from '../../http/guard.ts';
import { rolloutWorkItems } from './mentoring.work-items.ts';
import { AreaParams, KecamatanRolloutSchema, RolloutBody, RolloutTargetSchema } from './rollout.schema.ts';
import { removeKelurahanTarget, setKecamatanTargets, setKelurahanTarget } from './rollout.service.ts';

/** The rollout plan, set by the office: /api/v1/mentoring/rollout/... (read with the coverage board). */
export const rolloutRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  app.workQueue.registerWorkItems(rolloutWorkItems);
  const tags = ['mentoring'];
  const office = guard('admin');
  const problems = { 400: ProblemSchema, 404: ProblemSchema };

  app.put(
    '/rollout/kelurahan/:code',
    {
      onRequest: office,
      schema: {
        tags,
        summary: 'Set the rollout target of a kelurahan (businesses to reach by a month)',
        params: AreaParams,
        body: RolloutBody,
        response: { 200: RolloutTargetSchema, ...problems },
      },
    },
    async (request) => setKelurahanTarget(db, config, actorOf(request), request.params.code, request.body),
  );

  app.put(
    '/rollout/kecamatan/:code',
    {
      onRequest: office,
      schema: {
        tags,
        summary: 'Set the same rollout target for every kelurahan of a kecamatan',
        params: AreaParams,
        body: RolloutBody,
        response: { 200: KecamatanRolloutSchema, ...problems },
      },
    },
    async (request) => setKecamatanTargets(db, config, actorOf(request), request.params.code, request.body),
  );

  app.delete(
    '/rollout/kelurahan/:code',
    {
      onRequest: office,
      schema: {
        tags,
        summary: 'Remove the rollout target of a kelurahan',
        params: AreaParams,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await removeKelurahanTarget(db, config, actorOf(request), request.params.code);
      return reply.code(204).send(null);
    },
  );
};
