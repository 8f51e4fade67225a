import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CONTENT_TYPES } from '../../files/table-writer.ts';
import { sendDownload } from '../../http/download.ts';
import { ProblemSchema } from '../../http/errors.ts';
import { actorOf, currentUser, guard } from '../../http/guard.ts';
import { idempotent } from '../../http/idempotency.ts';
import { parseAreaCode } from '../areas/areas.service.ts';
import { latestPeriod } from '../businesses/businesses.repository.ts';
import { withMarketColumns } from '../marketplace/sales.service.ts';
import {
  PeriodsSchema,
  ReportBody,
  ReportParams,
  ReportSchema,
  StatsQuery,
  StatsSchema,
  TrendQuery,
  TrendSchema,
} from './omzet.schema.ts';
import {
  listReports,
  recoveryStats,
  recoveryTrend,
  reportPeriods,
  saveReport,
  statsScope,
  statsWorkbook,
} from './omzet.service.ts';

/** Recovery figures: /api/v1/omzet/... */
export const omzetRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const tags = ['omzet'];
  const officers = guard('admin', 'area_officer');

  app.get(
    '/stats',
    {
      onRequest: officers,
      schema: {
        tags,
        summary: 'Recovery figures for a period by city, kecamatan, kelurahan or sector (the caller’s area)',
        querystring: StatsQuery,
        response: { 200: StatsSchema },
      },
    },
    async (request) => {
      const q = request.query;
      const scope = statsScope(currentUser(request), config);
      const kecamatan = q.kecamatan ? parseAreaCode(q.kecamatan) : undefined;
      const rows = await recoveryStats(db, config, scope, q.period, q.by, kecamatan);
      return {
        period: q.period,
        by: q.by,
        // Beside the self-reported figures: digital readiness and the marketplace's verified sales.
        rows: await withMarketColumns(db, rows, { scope, period: q.period, by: q.by, kecamatan }),
      };
    },
  );

  app.get(
    '/trend',
    {
      onRequest: officers,
      schema: {
        tags,
        summary: 'Recovery figures per month for an area or sector',
        querystring: TrendQuery,
        response: { 200: TrendSchema },
      },
    },
    async (request) => {
      const scope = statsScope(currentUser(request), config);
      const area = request.query.area ? parseAreaCode(request.query.area) : undefined;
      return recoveryTrend(db, config, scope, area, request.query.sector);
    },
  );

  app.get(
    '/stats.xlsx',
    {
      onRequest: officers,
      schema: {
        tags,
        summary: 'The dashboard of a period and the trend as an XLSX workbook',
        querystring: StatsQuery.extend(TrendQuery.shape),
      },
    },
    async (request, reply) => {
      const q = request.query;
      const scope = statsScope(currentUser(request), config);
      const kecamatan = q.kecamatan ? parseAreaCode(q.kecamatan) : undefined;
      const rows = await recoveryStats(db, config, scope, q.period, q.by, kecamatan);
      const trend = await recoveryTrend(
        db,
        config,
        scope,
        q.area ? parseAreaCode(q.area) : kecamatan,
        q.sector,
      );
      return sendDownload(
        reply,
        { name: `pemulihan-${q.period}-${q.by}.xlsx`, type: CONTENT_TYPES.xlsx },
        await statsWorkbook(rows, trend, q.period),
      );
    },
  );

  app.get(
    '/periods',
    {
      onRequest: guard(),
      schema: {
        tags,
        summary:
          'Periods that have reports, oldest first, and the one lists and dashboards open on (the newest ' +
          'month with representative reporting)',
        response: { 200: PeriodsSchema },
      },
    },
    async () => ({ periods: await reportPeriods(db), defaultPeriod: (await latestPeriod(db)) ?? null }),
  );
};

const IDEMPOTENT =
  'With an Idempotency-Key header, the same request again answers as the first did and changes nothing; the same key with another body → 422.';

/** A business's monthly reports: /api/v1/businesses/:id/omzet */
export const businessOmzetRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const tags = ['omzet'];

  app.get(
    '/:id/omzet',
    {
      onRequest: guard(),
      schema: {
        tags,
        summary: 'Monthly turnover reports of a business, oldest first',
        params: z.object({ id: z.coerce.number().int().positive() }),
        response: { 200: z.array(ReportSchema) },
      },
    },
    async (request) => listReports(db, config, currentUser(request), request.params.id),
  );

  app.put(
    '/:id/omzet/:period',
    {
      onRequest: guard('admin', 'area_officer', 'mentor', 'business_owner'),
      ...idempotent(db),
      schema: {
        tags,
        summary: 'Report the turnover of a month (replaces an earlier report of that month)',
        description: IDEMPOTENT,
        params: ReportParams,
        body: ReportBody,
        response: { 200: ReportSchema, 400: ProblemSchema, 409: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (request) =>
      saveReport(
        db,
        config,
        currentUser(request),
        actorOf(request),
        request.params.id,
        request.params.period,
        request.body.amount,
      ),
  );
};
