import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HealthCheck } from './health.service.ts';

const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']).describe('"degraded" (with 503) when a write could not succeed'),
  version: z.string(),
  database: z.object({
    kind: z.enum(['embedded', 'postgres']),
    status: z.enum(['ok', 'down']),
    writable: z.boolean().describe('A committed write succeeded (probed every few seconds)'),
    latencyMs: z.number(),
  }),
  disk: z.object({
    status: z.enum(['ok', 'low']),
    freeBytes: z.number().describe('Free space of the data directory (probed every few seconds)'),
    minFreeBytes: z.number().describe('Below this (BANGKIT_MIN_FREE_MB) the status is "low"'),
  }),
  area: z.string().describe("The deployment's city/regency code"),
});

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  const health = new HealthCheck(app.deps.database, app.deps.config);
  app.get(
    '/health',
    {
      schema: {
        tags: ['health'],
        summary: 'Version, database and disk status: 503 when writes cannot succeed',
        response: { 200: HealthSchema, 503: HealthSchema },
      },
    },
    async (_request, reply) => {
      const body = await health.check();
      return reply.code(body.status === 'ok' ? 200 : 503).send(body);
    },
  );
};
