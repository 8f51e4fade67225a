import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ProblemSchema } from '../../http/errors.ts';
import { actorOf, guard } from '../../http/guard.ts';
import { CreateInstitutionBody, InstitutionSchema } from './institutions.schema.ts';
import { allInstitutions, createInstitution } from './institutions.service.ts';

export const institutionsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const tags = ['institutions'];

  app.get(
    '/',
    {
      onRequest: guard('admin', 'institution_admin', 'mentor'),
      schema: { tags, summary: 'Mentoring institutions', response: { 200: z.array(InstitutionSchema) } },
    },
    async () => allInstitutions(db),
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
      reply.code(201).send(await createInstitution(db, actorOf(request), request.body.name)),
  );
};
