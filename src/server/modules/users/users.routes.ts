import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ProblemSchema } from '../../http/errors.ts';
import { actorOf, currentUser, guard } from '../../http/guard.ts';
import { offsetOf } from '../../http/pagination.ts';
import {
  CreatedUserSchema,
  CreateUserBody,
  MentorOptionSchema,
  OneTimePasswordSchema,
  UpdateUserBody,
  UserIdParam,
  UserPage,
  UserQuery,
  UserSchema,
} from './users.schema.ts';
import {
  createUser,
  getUser,
  mentorOptions,
  resetPassword,
  searchUsers,
  updateUserDetails,
} from './users.service.ts';

export const usersRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const tags = ['users'];
  const managers = guard('admin', 'institution_admin');

  app.get(
    '/',
    {
      onRequest: managers,
      schema: { tags, summary: 'List accounts', querystring: UserQuery, response: { 200: UserPage } },
    },
    async (request) => {
      const q = request.query;
      const { items, total } = await searchUsers(db, currentUser(request), {
        role: q.role,
        q: q.q,
        status: q.status,
        limit: q.pageSize,
        offset: offsetOf(q),
      });
      return { items, total, page: q.page, pageSize: q.pageSize };
    },
  );

  app.post(
    '/',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: 'Create an account (institution admins create mentors of their institution)',
        body: CreateUserBody,
        response: { 201: CreatedUserSchema, 409: ProblemSchema },
      },
    },
    async (request, reply) => {
      const created = await createUser(db, config, currentUser(request), actorOf(request), request.body);
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/mentors',
    {
      onRequest: guard('admin', 'area_officer', 'institution_admin'),
      schema: {
        tags,
        summary: 'Active mentors to assign to a business (an institution admin sees their own)',
        response: { 200: z.array(MentorOptionSchema) },
      },
    },
    async (request) => mentorOptions(db, currentUser(request)),
  );

  app.get(
    '/:id',
    {
      onRequest: managers,
      schema: { tags, summary: 'One account', params: UserIdParam, response: { 200: UserSchema } },
    },
    async (request) => getUser(db, currentUser(request), request.params.id),
  );

  app.patch(
    '/:id',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: 'Change name, role, area, institution, or disable/enable an account',
        params: UserIdParam,
        body: UpdateUserBody,
        response: { 200: UserSchema, 409: ProblemSchema },
      },
    },
    async (request) =>
      updateUserDetails(db, config, currentUser(request), actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/:id/reset-password',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: 'Issue a one-time password and end all sessions of the account',
        params: UserIdParam,
        response: { 200: OneTimePasswordSchema },
      },
    },
    async (request) => resetPassword(db, currentUser(request), actorOf(request), request.params.id),
  );
};
