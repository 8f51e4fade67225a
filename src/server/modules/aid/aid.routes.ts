import fs from 'node:fs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CONTENT_TYPES } from '../../files/table-writer.ts';
import { sendDownload } from '../../http/download.ts';
import { AppError, ProblemSchema } from '../../http/errors.ts';
import { actorOf, currentUser, guard } from '../../http/guard.ts';
import { idempotent } from '../../http/idempotency.ts';
import { exportBatch } from './aid.export.ts';
import {
  ApplicantBody,
  AttachmentSchema,
  BatchSchema,
  CreateBatchBody,
  CreateProgramBody,
  EntryResultSchema,
  ExportQuery,
  IdParam,
  IntakeListQuery,
  IntakePage,
  ProgramCodeParam,
  ProgramSchema,
  ProgressQuery,
  ProgressSchema,
  ProposalDetailSchema,
  ProposalListQuery,
  ProposalPage,
  SummarySchema,
  TransitionBody,
  UpdateProgramBody,
} from './aid.schema.ts';
import {
  addAttachment,
  createBatch,
  createProgram,
  enterProposal,
  getProgram,
  getProposal,
  listBatches,
  listIntake,
  listPrograms,
  MAX_ATTACHMENT_BYTES,
  programProgress,
  programSummary,
  readAttachment,
  searchProposals,
  summaryScope,
  transitionProposal,
  updateProgram,
} from './aid.service.ts';
import { aidWorkItems } from './aid.work-items.ts';

const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'application/pdf', 'application/octet-stream'];

/** Aid proposals: /api/v1/aid/... (bulk intake and the ministry's answer go through /api/v1/imports/aid and /aid_answer). */
export const aidRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  app.workQueue.registerWorkItems(aidWorkItems);
  const tags = ['aid'];
  const anyone = guard();
  const office = guard('admin', 'area_officer');
  const admin = guard('admin');
  // A field-check photo or document arrives as the raw body (at most 5 MB).
  app.addContentTypeParser(
    ATTACHMENT_TYPES,
    { parseAs: 'buffer', bodyLimit: MAX_ATTACHMENT_BYTES },
    (_request, body, done) => done(null, body),
  );

  app.get(
    '/programs',
    {
      onRequest: anyone,
      schema: { tags, summary: 'Aid programs, newest first', response: { 200: z.array(ProgramSchema) } },
    },
    async () => listPrograms(db),
  );

  app.post(
    '/programs',
    {
      onRequest: admin,
      schema: {
        tags,
        summary: 'Create an aid program (code, name, amount per recipient, area, windows, criteria)',
        body: CreateProgramBody,
        response: { 201: ProgramSchema, 409: ProblemSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await createProgram(db, config, currentUser(request), actorOf(request), request.body)),
  );

  app.get(
    '/programs/:code',
    {
      onRequest: anyone,
      schema: {
        tags,
        summary: 'One aid program',
        params: ProgramCodeParam,
        response: { 200: ProgramSchema },
      },
    },
    async (request) => getProgram(db, request.params.code),
  );

  app.patch(
    '/programs/:code',
    {
      onRequest: admin,
      schema: {
        tags,
        summary: 'Change a program’s name, amount, windows or criteria (decided proposals stay as they are)',
        params: ProgramCodeParam,
        body: UpdateProgramBody,
        response: { 200: ProgramSchema },
      },
    },
    async (request) =>
      updateProgram(db, currentUser(request), actorOf(request), request.params.code, request.body),
  );

  app.get(
    '/programs/:code/summary',
    {
      onRequest: office,
      schema: {
        tags,
        summary: 'Proposals by state and kecamatan (the caller’s area)',
        params: ProgramCodeParam,
        response: { 200: SummarySchema },
      },
    },
    async (request) => programSummary(db, request.params.code, summaryScope(currentUser(request), config)),
  );

  app.get(
    '/programs/:code/progress',
    {
      onRequest: office,
      schema: {
        tags,
        summary:
          'Field verification per kecamatan or kelurahan against the windows; areas behind are flagged',
        params: ProgramCodeParam,
        querystring: ProgressQuery,
        response: { 200: ProgressSchema },
      },
    },
    async (request) => programProgress(db, config, currentUser(request), request.params.code, request.query),
  );

  app.get(
    '/programs/:code/proposals',
    {
      onRequest: anyone,
      schema: {
        tags,
        summary: 'The program’s proposals the caller may see, filtered and paginated',
        params: ProgramCodeParam,
        querystring: ProposalListQuery,
        response: { 200: ProposalPage },
      },
    },
    async (request) => searchProposals(db, config, currentUser(request), request.params.code, request.query),
  );

  app.post(
    '/programs/:code/proposals',
    {
      onRequest: office,
      schema: {
        tags,
        summary: 'Enter one applicant (the import file’s columns as JSON; the same rules)',
        description:
          'Invalid data → 400 AidEntryInvalid with field errors; a NIK already proposed → 409 AidDuplicate; otherwise 201 with the proposal, eligible (submitted) or ineligible with its reasons.',
        params: ProgramCodeParam,
        body: ApplicantBody,
        response: { 201: EntryResultSchema, 400: ProblemSchema, 403: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await enterProposal(
            db,
            config,
            currentUser(request),
            actorOf(request),
            request.params.code,
            request.body,
          ),
        ),
  );

  app.get(
    '/programs/:code/intake',
    {
      onRequest: admin,
      schema: {
        tags,
        summary:
          'Every row that came in (by import job and state), duplicates linked to their first occurrence',
        params: ProgramCodeParam,
        querystring: IntakeListQuery,
        response: { 200: IntakePage },
      },
    },
    async (request) => listIntake(db, currentUser(request), request.params.code, request.query),
  );

  app.get(
    '/programs/:code/batches',
    {
      onRequest: admin,
      schema: {
        tags,
        summary: 'Submission batches sent to the ministry',
        params: ProgramCodeParam,
        response: { 200: z.array(BatchSchema) },
      },
    },
    async (request) => listBatches(db, request.params.code),
  );

  app.post(
    '/programs/:code/batches',
    {
      onRequest: admin,
      schema: {
        tags,
        summary: 'Put the approved proposals (of one kecamatan, or all) into a batch; they become sent',
        params: ProgramCodeParam,
        body: CreateBatchBody,
        response: { 201: BatchSchema, 409: ProblemSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await createBatch(db, currentUser(request), actorOf(request), request.params.code, request.body),
        ),
  );

  app.get(
    '/batches/:id/export',
    {
      onRequest: admin,
      schema: {
        tags,
        summary: 'A batch in the ministry’s layout (NIK in full; audit-logged)',
        params: IdParam,
        querystring: ExportQuery,
      },
    },
    async (request, reply) => {
      const { format } = request.query;
      const { stream, fileName } = await exportBatch(
        db,
        currentUser(request),
        actorOf(request),
        request.params.id,
        format,
      );
      return sendDownload(reply, { name: fileName, type: CONTENT_TYPES[format] }, stream);
    },
  );

  app.get(
    '/proposals/:id',
    {
      onRequest: anyone,
      schema: {
        tags,
        summary: 'One proposal with its transitions, attachments and intake rows',
        params: IdParam,
        response: { 200: ProposalDetailSchema },
      },
    },
    async (request) => getProposal(db, config, currentUser(request), actorOf(request), request.params.id),
  );

  app.post(
    '/proposals/:id/transitions',
    {
      onRequest: office,
      ...idempotent(db),
      schema: {
        tags,
        summary:
          'Move a proposal one step: field check, kecamatan check, approval, or rejection with a reason',
        description:
          'Out of order → 409 InvalidTransition; outside the officer’s area → 403 OutOfScope; the wrong level → 403 Forbidden. Nothing changes then. With an Idempotency-Key header, the same request again answers as the first did.',
        params: IdParam,
        body: TransitionBody,
        response: { 200: ProposalDetailSchema, 403: ProblemSchema, 409: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (request) =>
      transitionProposal(db, config, currentUser(request), actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/proposals/:id/attachments',
    {
      onRequest: office,
      ...idempotent(db),
      bodyLimit: MAX_ATTACHMENT_BYTES,
      schema: {
        tags,
        summary: 'Attach a photo (JPEG/PNG) or document (PDF) of the field check, at most 5 MB (raw body)',
        description:
          'With an Idempotency-Key header, the same upload again answers as the first did and stores nothing.',
        params: IdParam,
        querystring: z.object({ fileName: z.string().min(1).max(200).default('lampiran') }),
        response: { 201: AttachmentSchema, 413: ProblemSchema, 415: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) {
        throw new AppError(
          'UnsupportedMediaType',
          415,
          'Kirim foto JPEG/PNG atau PDF sebagai isi permintaan.',
        );
      }
      const attachment = await addAttachment(
        db,
        config,
        currentUser(request),
        actorOf(request),
        request.params.id,
        {
          content: request.body,
          fileName: request.query.fileName,
        },
      );
      return reply.code(201).send(attachment);
    },
  );

  app.get(
    '/attachments/:id',
    {
      onRequest: office,
      schema: { tags, summary: 'Download an attachment of a proposal', params: IdParam },
    },
    async (request, reply) => {
      const attachment = await readAttachment(db, config, currentUser(request), request.params.id);
      return sendDownload(
        reply,
        { name: attachment.file_name, type: attachment.content_type },
        fs.createReadStream(attachment.storage_path),
      );
    },
  );
};
