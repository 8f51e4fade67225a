import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CONTENT_TYPES, writeTable } from '../../files/table-writer.ts';
import { sendDownload } from '../../http/download.ts';
import { actorOf, guard } from '../../http/guard.ts';
import { offsetOf } from '../../http/pagination.ts';
import { listAuditValues } from './audit.repository.ts';
import { AuditPage, AuditQuery } from './audit.schema.ts';
import { exportAudit, searchAudit } from './audit.service.ts';

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;

  app.get(
    '/',
    {
      onRequest: guard('admin'),
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
        from: q.from,
        to: q.to,
        timezone: config.timezone,
        limit: q.pageSize,
        offset: offsetOf(q),
      });
      return { items, total, page: q.page, pageSize: q.pageSize };
    },
  );

  app.get(
    '/export',
    {
      onRequest: guard('admin'),
      schema: {
        tags: ['audit'],
        summary: 'The entries a filter chooses as a spreadsheet (XLSX or CSV); the export is itself logged',
        querystring: AuditQuery.omit({ page: true, pageSize: true }).extend({
          format: z.enum(['csv', 'xlsx']).default('xlsx'),
        }),
      },
    },
    async (request, reply) => {
      const q = request.query;
      const { columns, batches } = await exportAudit(
        db,
        actorOf(request),
        {
          entity: q.entity,
          entityId: q.entityId,
          action: q.action,
          actorId: q.actorId,
          q: q.q,
          from: q.from,
          to: q.to,
          timezone: config.timezone,
        },
        q.format,
      );
      return sendDownload(
        reply,
        { name: `log-audit.${q.format}`, type: CONTENT_TYPES[q.format] },
        writeTable(q.format, columns, batches, 'Log audit'),
      );
    },
  );

  for (const column of ['entity', 'action'] as const) {
    app.get(
      column === 'entity' ? '/entities' : '/actions',
      {
        onRequest: guard('admin'),
        schema: {
          tags: ['audit'],
          summary: `The ${column} names present in the log (for filters)`,
          response: { 200: z.array(z.string()) },
        },
      },
      async () => listAuditValues(db, column),
    );
  }
};
