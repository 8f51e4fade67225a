import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CONTENT_TYPES, single, writeTable } from '../../files/table-writer.ts';
import { sendDownload } from '../../http/download.ts';
import { ProblemSchema } from '../../http/errors.ts';
import { actorOf, currentUser, guard } from '../../http/guard.ts';
import { removeCampaignBanner, setCampaignBanner } from './campaign-banner.service.ts';
import {
  CampaignBody,
  CampaignProductsBody,
  CampaignSchema,
  FiguresQuery,
  FiguresSchema,
} from './campaigns.schema.ts';
import {
  campaignFigures,
  createCampaign,
  deleteCampaign,
  FIGURE_COLUMNS,
  getCampaign,
  listCampaigns,
  setCampaignProducts,
  updateCampaign,
} from './campaigns.service.ts';
import { IdParam } from './common.ts';
import { MARKET_OFFICERS } from './shops.service.ts';

/** Campaigns ("Bangga Produk UMKM"): /api/v1/market/campaigns. The office runs them; officers read the counts. */
export const campaignsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const tags = ['marketplace'];
  const office = guard('admin');
  const readers = guard(...MARKET_OFFICERS);
  const problems = { 400: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema };

  app.get(
    '/campaigns',
    {
      onRequest: readers,
      schema: { tags, summary: 'Campaigns, newest first', response: { 200: z.array(CampaignSchema) } },
    },
    async () => listCampaigns(db, config),
  );

  app.post(
    '/campaigns',
    {
      onRequest: office,
      schema: {
        tags,
        summary: 'Create a campaign',
        body: CampaignBody,
        response: { 201: CampaignSchema, ...problems },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await createCampaign(db, config, currentUser(request), actorOf(request), request.body)),
  );

  app.get(
    '/campaigns/:id',
    {
      onRequest: readers,
      schema: {
        tags,
        summary: 'One campaign with its products',
        params: IdParam,
        response: { 200: CampaignSchema, 404: ProblemSchema },
      },
    },
    async (request) => getCampaign(db, config, request.params.id),
  );

  app.put(
    '/campaigns/:id',
    {
      onRequest: office,
      schema: {
        tags,
        summary: 'Change a campaign',
        params: IdParam,
        body: CampaignBody,
        response: { 200: CampaignSchema, ...problems },
      },
    },
    async (request) => updateCampaign(db, config, actorOf(request), request.params.id, request.body),
  );

  app.delete(
    '/campaigns/:id',
    {
      onRequest: office,
      schema: {
        tags,
        summary: 'Delete a campaign',
        params: IdParam,
        response: { 204: z.null(), 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      await deleteCampaign(db, config, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/campaigns/:id/banner',
    {
      onRequest: office,
      schema: {
        tags,
        summary:
          'Set or replace the campaign’s banner (JPEG/PNG raw body, ≤ 5 MB, ≤ 40 MP), re-encoded to 320/640/1200 px WebP and JPEG',
        params: IdParam,
        response: { 200: CampaignSchema, ...problems, 413: ProblemSchema, 415: ProblemSchema },
      },
    },
    async (request) =>
      setCampaignBanner(
        db,
        config,
        actorOf(request),
        request.params.id,
        Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
      ),
  );

  app.delete(
    '/campaigns/:id/banner',
    {
      onRequest: office,
      schema: {
        tags,
        summary: 'Remove the campaign’s banner',
        params: IdParam,
        response: { 200: CampaignSchema, 404: ProblemSchema },
      },
    },
    async (request) => removeCampaignBanner(db, config, actorOf(request), request.params.id),
  );

  app.put(
    '/campaigns/:id/products',
    {
      onRequest: office,
      schema: {
        tags,
        summary: 'Choose the campaign’s products (the whole list, in order)',
        params: IdParam,
        body: CampaignProductsBody,
        response: { 200: CampaignSchema, ...problems },
      },
    },
    async (request) =>
      setCampaignProducts(db, config, actorOf(request), request.params.id, request.body.productIds),
  );

  app.get(
    '/campaigns/:id/figures',
    {
      onRequest: readers,
      schema: {
        tags,
        summary: 'Shops online, products listed, order requests and completed sales by kecamatan or sector',
        params: IdParam,
        querystring: FiguresQuery,
        response: { 200: FiguresSchema, 404: ProblemSchema },
      },
    },
    async (request) => campaignFigures(db, config, currentUser(request), request.params.id, request.query.by),
  );

  app.get(
    '/campaigns/:id/figures.xlsx',
    {
      onRequest: readers,
      schema: {
        tags,
        summary: 'The same counts as an XLSX file',
        params: IdParam,
        querystring: FiguresQuery,
      },
    },
    async (request, reply) => {
      const f = await campaignFigures(db, config, currentUser(request), request.params.id, request.query.by);
      return sendDownload(
        reply,
        { name: `kampanye-${f.campaignId}-${f.by}.xlsx`, type: CONTENT_TYPES.xlsx },
        writeTable('xlsx', FIGURE_COLUMNS, single([...f.rows, f.total]), 'Kampanye'),
      );
    },
  );
};
