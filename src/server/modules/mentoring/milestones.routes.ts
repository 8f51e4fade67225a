import fs from 'node:fs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { MAX_UPLOAD_BYTES, UPLOAD_CONTENT_TYPES } from '../../files/uploads.ts';
import { sendDownload } from '../../http/download.ts';
import { ProblemSchema } from '../../http/errors.ts';
import { actorOf, currentUser, guard } from '../../http/guard.ts';
import { IdParam, MilestoneSchema } from './cases.schema.ts';
import { CreateMilestoneBody, MilestoneFileQuery } from './milestones.schema.ts';
import {
  confirmMilestone,
  createMilestone,
  MILESTONE_RECORDERS,
  readEvidence,
} from './milestones.service.ts';

/** Milestones of a business: /api/v1/mentoring/milestones. */
export const milestonesRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const tags = ['mentoring'];
  const recorders = guard(...MILESTONE_RECORDERS);
  app.addContentTypeParser(
    UPLOAD_CONTENT_TYPES,
    { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES },
    (_request, body, done) => done(null, body),
  );

  app.post(
    '/milestones',
    {
      onRequest: recorders,
      schema: {
        tags,
        summary: 'Record a milestone with its evidence; a legality milestone updates the registry’s legality',
        description:
          'nib/pirt/halal/bpom/hki need evidenceNumber; cooperative a number (or use /milestones/with-file); online_sales details.channel; capital_access details.lender and details.amount > 0; jobs details.created/retained, not both 0.',
        body: CreateMilestoneBody,
        response: { 201: MilestoneSchema, 400: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await createMilestone(db, config, currentUser(request), actorOf(request), request.body)),
  );

  app.post(
    '/milestones/with-file',
    {
      onRequest: recorders,
      schema: {
        tags,
        summary:
          'Record a milestone with an evidence file (PDF/JPEG/PNG as the raw body; fields in the query)',
        querystring: MilestoneFileQuery,
        response: {
          201: MilestoneSchema,
          400: ProblemSchema,
          409: ProblemSchema,
          413: ProblemSchema,
          415: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const { businessId, kind, achievedOn, evidenceNumber, channel, lender, amount, created, retained } =
        request.query;
      const content = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const milestone = await createMilestone(
        db,
        config,
        currentUser(request),
        actorOf(request),
        {
          businessId,
          kind,
          achievedOn,
          evidenceNumber,
          details: { channel, lender, amount, created, retained },
        },
        { content },
        'query',
      );
      return reply.code(201).send(milestone);
    },
  );

  app.post(
    '/milestones/:id/confirm',
    {
      onRequest: guard('business_owner'),
      schema: {
        tags,
        summary: 'The business’s owner confirms the program helped reach this milestone (attribution)',
        params: IdParam,
        response: { 200: MilestoneSchema },
      },
    },
    async (request) => confirmMilestone(db, currentUser(request), actorOf(request), request.params.id),
  );

  app.get(
    '/milestones/:id/evidence',
    {
      onRequest: guard(),
      schema: { tags, summary: 'Download the evidence file of a milestone', params: IdParam },
    },
    async (request, reply) => {
      const file = await readEvidence(db, config, currentUser(request), request.params.id);
      const ext = file.type === 'application/pdf' ? 'pdf' : file.type === 'image/png' ? 'png' : 'jpg';
      return sendDownload(
        reply,
        { name: `bukti-capaian-${request.params.id}.${ext}`, type: file.type },
        fs.createReadStream(file.path),
      );
    },
  );
};
