import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CONTENT_TYPES } from '../../files/table-writer.ts';
import { sendDownload } from '../../http/download.ts';
import { ProblemSchema } from '../../http/errors.ts';
import { currentUser, guard } from '../../http/guard.ts';
import { CoverageQuery, CoverageSchema } from './coverage.schema.ts';
import { coverageBoard, coverageKecamatan, coverageViewer, coverageWorkbook } from './coverage.service.ts';

/** The coverage board: /api/v1/mentoring/coverage (decision 0016). */
export const coverageRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const tags = ['mentoring'];
  const viewers = guard('admin', 'area_officer', 'institution_admin');

  const board = async (
    user: Parameters<typeof coverageViewer>[0],
    query: { level: 'kelurahan' | 'kecamatan'; kecamatan?: string },
  ) => {
    const viewer = coverageViewer(user, config);
    return coverageBoard(db, config, viewer, query.level, coverageKecamatan(query.kecamatan, viewer, config));
  };

  app.get(
    '/coverage',
    {
      onRequest: viewers,
      schema: {
        tags,
        summary:
          'Mentoring coverage per kelurahan or kecamatan: businesses, open cases, mentors, sessions in 30 days, priorities, rollout progress',
        querystring: CoverageQuery,
        response: { 200: CoverageSchema, 400: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request) => board(currentUser(request), request.query),
  );

  app.get(
    '/coverage.xlsx',
    {
      onRequest: viewers,
      schema: {
        tags,
        summary: 'The coverage board as an XLSX workbook (the same rows as the JSON)',
        querystring: CoverageQuery,
      },
    },
    async (request, reply) => {
      const file = coverageWorkbook(await board(currentUser(request), request.query));
      return sendDownload(reply, { name: file.fileName, type: CONTENT_TYPES.xlsx }, file.stream);
    },
  );
};
