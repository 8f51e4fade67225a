import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ProblemSchema } from '../../http/errors.ts';
import { actorOf, currentUser, guard } from '../../http/guard.ts';
import { expiringCertificateWorkItems } from './mentoring.work-items.ts';
import {
  CreatedMentorSchema,
  CreateMentorBody,
  MentorDetailSchema,
  MentorIdParam,
  MentorPage,
  MentorQuery,
  UpdateMentorBody,
} from './mentors.schema.ts';
import { createMentor, getMentor, listMentors, updateMentor } from './mentors.service.ts';

/** Mentors: /api/v1/mentors (their certificates: certificates.routes.ts, same prefix). */
export const mentorsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  app.workQueue.registerWorkItems(expiringCertificateWorkItems);
  const tags = ['mentors'];
  const readers = guard('admin', 'area_officer', 'institution_admin', 'mentor');

  app.get(
    '/',
    {
      onRequest: readers,
      schema: {
        tags,
        summary:
          'Mentors with their caseload and certificate state (an institution admin: their own; a mentor: themself)',
        querystring: MentorQuery,
        response: { 200: MentorPage },
      },
    },
    async (request) => listMentors(db, config, currentUser(request), request.query),
  );

  app.post(
    '/',
    {
      onRequest: guard('admin', 'institution_admin'),
      schema: {
        tags,
        summary: 'Create a mentor: account with a one-time password, profile and kelurahan covered',
        body: CreateMentorBody,
        response: { 201: CreatedMentorSchema, 400: ProblemSchema, 403: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await createMentor(db, config, currentUser(request), actorOf(request), request.body)),
  );

  app.get(
    '/:id',
    {
      onRequest: readers,
      schema: {
        tags,
        summary: 'One mentor: profile, kelurahan, open caseload against the cap, certificates',
        params: MentorIdParam,
        response: { 200: MentorDetailSchema, 404: ProblemSchema },
      },
    },
    async (request) => getMentor(db, config, currentUser(request), request.params.id),
  );

  app.patch(
    '/:id',
    {
      onRequest: guard('admin', 'institution_admin', 'mentor'),
      schema: {
        tags,
        summary: 'Change a mentor’s profile (the mentor themself: phone and expertise only)',
        params: MentorIdParam,
        body: UpdateMentorBody,
        response: { 200: MentorDetailSchema, 400: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request) =>
      updateMentor(db, config, currentUser(request), actorOf(request), request.params.id, request.body),
  );
};
