import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';

const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  database: z.object({
    kind: z.enum(['embedded', 'postgres']),
    status: z.enum(['ok', 'down']),
    latencyMs: z.number(),
  }),
  area: z.string().describe("The deployment's city/regency code"),
});

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config, database } = app.deps;
  app.get(
    '/health',
    {
      schema: {
        tags: ['health'],
        summary: 'Version and database status',
        response: { 200: HealthSchema, 503: HealthSchema },
      },
    },
    async (_request, reply) => {
      const started = performance.now();
      const ok = await sql`select 1`
        .execute(db)
        .then(() => true)
        .catch(() => false);
      const body = {
        status: ok ? ('ok' as const) : ('degraded' as const),
        version: config.version,
        database: {
          kind: database.kind,
          status: ok ? ('ok' as const) : ('down' as const),
          latencyMs: Math.round(performance.now() - started),
        },
        area: config.deploymentArea,
      };
      return reply.code(ok ? 200 : 503).send(body);
    },
  );
};
