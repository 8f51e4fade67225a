import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { guard } from '../../http/guard.ts';
import { offsetOf } from '../../http/pagination.ts';
import { listAuditEntities } from './audit.repository.ts';
import { AuditPage, AuditQuery } from './audit.schema.ts';
import { searchAudit } from './audit.service.ts';

const DAY_MS = 86_400_000;

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;

  app.get(
    '/',
    {
      preHandler: guard('admin'),
      schema: {
        tags: ['audit'],
        summary: 'Browse the audit log (newest first)',
        querystring: AuditQuery,
        response: { 200: AuditPage },
      },
    },
    async (request) => {
      const q = request.query;
      const { items, total } = await searchAudit(db, {
        entity: q.entity,
        entityId: q.entityId,
        action: q.action,
        actorId: q.actorId,
        q: q.q,
        from: q.from ? new Date(`${q.from}T00:00:00Z`) : undefined,
        to: q.to ? new Date(new Date(`${q.to}T00:00:00Z`).getTime() + DAY_MS) : undefined,
        limit: q.pageSize,
        offset: offsetOf(q),
      });
      return { items, total, page: q.page, pageSize: q.pageSize };
    },
  );

  app.get(
    '/entities',
    {
      preHandler: guard('admin'),
      schema: {
        tags: ['audit'],
        summary: 'Entity names present in the log',
        response: { 200: z.array(z.string()) },
      },
    },
    async () => listAuditEntities(db),
  );
};
