import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ProblemSchema } from '../../http/errors.ts';
import { actorOf, currentUser, guard } from '../../http/guard.ts';
import {
  BusinessMentoringSchema,
  CaseDetailSchema,
  CaseListQuery,
  CasePage,
  CloseBody,
  IdParam,
  OpenCaseBody,
  SuggestionQuery,
  SuggestionsSchema,
  TransferBody,
} from './cases.schema.ts';
import {
  businessMentoring,
  CASE_MANAGERS,
  closeCase,
  getCase,
  openCase,
  searchCases,
  suggestMentors,
  transferCase,
} from './cases.service.ts';
import { mentorCaseWorkItems } from './mentoring.work-items.ts';

/** Mentoring cases: /api/v1/mentoring/cases (decision 0013). */
export const casesRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  app.workQueue.registerWorkItems(mentorCaseWorkItems);
  const tags = ['mentoring'];
  const anyone = guard();
  const managers = guard(...CASE_MANAGERS);

  app.get(
    '/cases',
    {
      onRequest: anyone,
      schema: {
        tags,
        summary: 'Mentoring cases the caller may see (a mentor their own), filtered and paginated',
        querystring: CaseListQuery,
        response: { 200: CasePage },
      },
    },
    async (request) => searchCases(db, config, currentUser(request), request.query),
  );

  app.post(
    '/cases',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: 'Open a case: assign a business to a mentor',
        description:
          'One open case per business (409 CaseAlreadyOpen, also under a race); the mentor’s caseload cap (409 CaseloadFull) and a certificate valid on the day (409 CertificateInvalid).',
        body: OpenCaseBody,
        response: { 201: CaseDetailSchema, 400: ProblemSchema, 403: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await openCase(db, config, currentUser(request), actorOf(request), request.body)),
  );

  app.get(
    '/cases/suggestions',
    {
      onRequest: managers,
      schema: {
        tags,
        summary:
          'Mentors for a business, ranked by same kelurahan, matching expertise and spare caseload, with the reason in words',
        querystring: SuggestionQuery,
        response: { 200: SuggestionsSchema },
      },
    },
    async (request) =>
      suggestMentors(db, config, currentUser(request), request.query.businessId, request.query.topics),
  );

  app.get(
    '/cases/:id',
    {
      onRequest: anyone,
      schema: {
        tags,
        summary: 'One case: business, mentor history, sessions, action items, milestones, credited time',
        params: IdParam,
        response: { 200: CaseDetailSchema },
      },
    },
    async (request) => getCase(db, config, currentUser(request), request.params.id),
  );

  app.post(
    '/cases/:id/transfer',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: 'Hand an open case to another mentor (the history is kept)',
        params: IdParam,
        body: TransferBody,
        response: { 200: CaseDetailSchema, 400: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (request) =>
      transferCase(db, config, currentUser(request), actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/cases/:id/close',
    {
      onRequest: guard(...CASE_MANAGERS, 'mentor'),
      schema: {
        tags,
        summary: 'Close a case with an outcome and a note',
        params: IdParam,
        body: CloseBody,
        response: { 200: CaseDetailSchema, 400: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (request) =>
      closeCase(db, config, currentUser(request), actorOf(request), request.params.id, request.body),
  );
};

/** A business's mentoring, beside its other records: /api/v1/businesses/:id/mentoring. */
export const businessMentoringRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  app.get(
    '/:id/mentoring',
    {
      onRequest: guard(),
      schema: {
        tags: ['mentoring'],
        summary: 'The mentoring of one business: cases, sessions, action items, milestones, credited time',
        params: IdParam,
        response: { 200: BusinessMentoringSchema },
      },
    },
    async (request) => businessMentoring(db, config, currentUser(request), request.params.id),
  );
};
