import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CONTENT_TYPES } from '../../files/table-writer.ts';
import { localToday } from '../../http/dates.ts';
import { sendDownload } from '../../http/download.ts';
import { ProblemSchema } from '../../http/errors.ts';
import { currentUser, guard } from '../../http/guard.ts';
import { outcomesPdf } from './outcomes.pdf.ts';
import { OutcomesQuery, OutcomesSchema } from './outcomes.schema.ts';
import { outcomesFor } from './outcomes.service.ts';
import { outcomesWorkbook } from './outcomes.xlsx.ts';

/** What mentoring achieved: /api/v1/mentoring/outcomes… */
export const outcomesRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const tags = ['mentoring'];
  const readers = guard('admin', 'area_officer', 'institution_admin', 'mentor');

  app.get(
    '/',
    {
      onRequest: readers,
      schema: {
        tags,
        summary:
          'Outcomes up to the end of a month: per mentor, per institution and overall, and the recovery of mentored businesses against comparable ones (the caller’s scope)',
        querystring: OutcomesQuery,
        response: { 200: OutcomesSchema, 400: ProblemSchema },
      },
    },
    async (request) => outcomesFor(db, config, currentUser(request), request.query.period),
  );

  app.get(
    '/outcomes.xlsx',
    {
      onRequest: readers,
      schema: {
        tags,
        summary: 'The outcomes as a workbook (sheets Kota, Lembaga, Pendamping, Perbandingan)',
        querystring: OutcomesQuery,
        response: { 400: ProblemSchema },
      },
    },
    async (request, reply) => {
      const report = await outcomesFor(db, config, currentUser(request), request.query.period);
      return sendDownload(
        reply,
        { name: `hasil-pendampingan-${report.period}.xlsx`, type: CONTENT_TYPES.xlsx },
        await outcomesWorkbook(report),
      );
    },
  );

  app.get(
    '/report.pdf',
    {
      onRequest: guard('admin'),
      schema: {
        tags,
        summary: "The office's monthly report (A4 PDF): headline figures, the comparison, tables, the method",
        querystring: OutcomesQuery,
        response: { 400: ProblemSchema },
      },
    },
    async (request, reply) => {
      const report = await outcomesFor(db, config, currentUser(request), request.query.period);
      return sendDownload(
        reply,
        { name: `laporan-pendampingan-${report.period}.pdf`, type: 'application/pdf' },
        outcomesPdf(report, localToday(config.timezone)),
      );
    },
  );
};
