import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ProblemSchema } from '../../http/errors.ts';
import { actorOf, currentUser, guard } from '../../http/guard.ts';
import {
  CreateInstitutionBody,
  InstitutionDetailSchema,
  InstitutionIdParam,
  InstitutionPage,
  InstitutionQuery,
  InstitutionSchema,
  UpdateInstitutionBody,
} from './institutions.schema.ts';
import {
  allInstitutions,
  createInstitution,
  editInstitution,
  getInstitution,
  pageOfInstitutions,
} from './institutions.service.ts';

export const institutionsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const tags = ['institutions'];

  app.get(
    '/',
    {
      onRequest: guard('admin', 'area_officer', 'institution_admin', 'mentor'),
      schema: {
        tags,
        summary: 'Mentoring institutions, all of them (for choosing one)',
        response: { 200: z.array(InstitutionSchema) },
      },
    },
    async () => allInstitutions(db),
  );

  app.get(
    '/list',
    {
      onRequest: guard('admin', 'area_officer'),
      schema: {
        tags,
        summary: 'Mentoring institutions a page at a time, with counts of mentors, admins and open cases',
        querystring: InstitutionQuery,
        response: { 200: InstitutionPage },
      },
    },
    async (request) => pageOfInstitutions(db, request.query),
  );

  app.post(
    '/',
    {
      onRequest: guard('admin'),
      schema: {
        tags,
        summary: 'Register a mentoring institution',
        body: CreateInstitutionBody,
        response: { 201: InstitutionSchema, 409: ProblemSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createInstitution(db, config, actorOf(request), request.body)),
  );

  app.get(
    '/:id',
    {
      onRequest: guard('admin', 'area_officer', 'institution_admin', 'mentor'),
      schema: {
        tags,
        summary: 'One institution with its admins (an institution’s own people see only their own)',
        params: InstitutionIdParam,
        response: { 200: InstitutionDetailSchema, 404: ProblemSchema },
      },
    },
    async (request) => getInstitution(db, currentUser(request), request.params.id),
  );

  app.patch(
    '/:id',
    {
      onRequest: guard('admin', 'institution_admin'),
      schema: {
        tags,
        summary: 'Change an institution (its own admin: contact person, phone and address only)',
        params: InstitutionIdParam,
        body: UpdateInstitutionBody,
        response: {
          200: InstitutionDetailSchema,
          403: ProblemSchema,
          404: ProblemSchema,
          409: ProblemSchema,
        },
      },
    },
    async (request) =>
      editInstitution(db, config, currentUser(request), actorOf(request), request.params.id, request.body),
  );
};
