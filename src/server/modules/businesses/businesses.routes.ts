import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CONTENT_TYPES } from '../../files/table-writer.ts';
import { sendDownload } from '../../http/download.ts';
import { ProblemSchema } from '../../http/errors.ts';
import { actorOf, currentUser, guard } from '../../http/guard.ts';
import { exportBusinesses } from './businesses.export.ts';
import {
  BusinessListQuery,
  BusinessPage,
  BusinessSchema,
  CreateBusinessBody,
  ExportQuery,
  IdParam,
  MergeOwnersBody,
  OwnerLookupSchema,
  OwnerSchema,
  TimelineEventSchema,
  UpdateBusinessBody,
} from './businesses.schema.ts';
import {
  businessTimeline,
  createBusiness,
  getBusiness,
  getOwner,
  lookupOwner,
  mergeOwners,
  REGISTRARS,
  searchBusinesses,
  setArchived,
  updateBusinessDetails,
} from './businesses.service.ts';

export const businessesRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const tags = ['businesses'];
  const anyone = guard();

  app.get(
    '/',
    {
      onRequest: anyone,
      schema: {
        tags,
        summary: 'Businesses the caller may see, filtered, sorted and paginated',
        querystring: BusinessListQuery,
        response: { 200: BusinessPage.extend({ period: z.string().nullable() }) },
      },
    },
    async (request) => searchBusinesses(db, config, currentUser(request), request.query),
  );

  app.get(
    '/export',
    {
      onRequest: anyone,
      schema: {
        tags,
        summary:
          'Export the filtered list as CSV or XLSX (NIK masked unless the role may see it; audit-logged)',
        querystring: ExportQuery,
      },
    },
    async (request, reply) => {
      const { format, ...filter } = request.query;
      const { stream, fileName } = await exportBusinesses(
        db,
        config,
        currentUser(request),
        actorOf(request),
        filter,
        format,
      );
      return sendDownload(reply, { name: fileName, type: CONTENT_TYPES[format] }, stream);
    },
  );

  app.post(
    '/',
    {
      onRequest: guard(...REGISTRARS),
      schema: {
        tags,
        summary: 'Register a business (and its owner, found or created by NIK)',
        body: CreateBusinessBody,
        response: { 201: BusinessSchema, 409: ProblemSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await createBusiness(db, config, currentUser(request), actorOf(request), request.body)),
  );

  app.get(
    '/:id',
    {
      onRequest: anyone,
      schema: { tags, summary: 'One business', params: IdParam, response: { 200: BusinessSchema } },
    },
    async (request) => getBusiness(db, config, currentUser(request), actorOf(request), request.params.id),
  );

  app.patch(
    '/:id',
    {
      onRequest: guard('admin', 'area_officer', 'mentor'),
      schema: {
        tags,
        summary: 'Change a business',
        params: IdParam,
        body: UpdateBusinessBody,
        response: { 200: BusinessSchema, 409: ProblemSchema },
      },
    },
    async (request) =>
      updateBusinessDetails(
        db,
        config,
        currentUser(request),
        actorOf(request),
        request.params.id,
        request.body,
      ),
  );

  for (const [path, archived] of [
    ['/:id/archive', true],
    ['/:id/unarchive', false],
  ] as const) {
    app.post(
      path,
      {
        onRequest: guard('admin', 'area_officer'),
        schema: {
          tags,
          summary: archived
            ? 'Archive a business (kept, left out of lists and dashboards)'
            : 'Restore an archived business',
          params: IdParam,
          response: { 200: BusinessSchema },
        },
      },
      async (request) =>
        setArchived(db, config, currentUser(request), actorOf(request), request.params.id, archived),
    );
  }

  app.get(
    '/:id/timeline',
    {
      onRequest: anyone,
      schema: {
        tags,
        summary: 'What happened to the business, oldest first',
        params: IdParam,
        response: { 200: z.array(TimelineEventSchema) },
      },
    },
    async (request) => businessTimeline(db, config, currentUser(request), request.params.id),
  );
};

export const ownersRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const tags = ['owners'];

  app.get(
    '/lookup',
    {
      onRequest: guard(...REGISTRARS),
      schema: {
        tags,
        summary: 'Is this NIK registered? (the duplicate guard of the create form: the name, nothing more)',
        querystring: z.object({ nik: z.string().min(1).max(32) }),
        response: { 200: OwnerLookupSchema },
      },
    },
    async (request) => lookupOwner(db, config, currentUser(request), request.query.nik),
  );

  app.get(
    '/:id',
    {
      onRequest: guard('admin', 'area_officer'),
      schema: { tags, summary: 'One owner', params: IdParam, response: { 200: OwnerSchema } },
    },
    async (request) => getOwner(db, config, currentUser(request), actorOf(request), request.params.id),
  );

  app.post(
    '/:id/merge',
    {
      onRequest: guard('admin'),
      schema: {
        tags,
        summary: 'Merge this owner into another that is the same person',
        params: IdParam,
        body: MergeOwnersBody,
        response: { 200: OwnerSchema, 409: ProblemSchema },
      },
    },
    async (request) =>
      mergeOwners(
        db,
        config,
        currentUser(request),
        actorOf(request),
        request.params.id,
        request.body.intoOwnerId,
      ),
  );
};
