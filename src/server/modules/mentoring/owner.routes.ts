import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ProblemSchema } from '../../http/errors.ts';
import { actorOf, currentUser, guard, guardBeforeConsent } from '../../http/guard.ts';
import { ownerWorkItems } from './mentoring.work-items.ts';
import {
  ActionItemSchema,
  ConsentBody,
  ConsentSchema,
  CreatedOwnerAccountSchema,
  IdParam,
  MilestoneSchema,
  MyBusinessSchema,
  MyMentoringSchema,
  OwnerAccountBody,
  OwnerAccountSchema,
  TickBody,
} from './owner.schema.ts';
import {
  agreeToConsent,
  confirmMyMilestone,
  getConsent,
  myBusinesses,
  myMentoring,
  tickActionItem,
} from './owner.service.ts';
import { createOwnerAccount, getOwnerAccount } from './owner-account.service.ts';

/**
 * The business owner's own view, under `/api/v1/me`. Every route but the consent's own two runs the one
 * guard (http/guard.ts), which answers 403 ConsentRequired until the owner has agreed to the current text.
 */
export const ownerRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  app.workQueue.registerWorkItems(ownerWorkItems);
  const tags = ['owner'];
  const owner = guard('business_owner');
  const ownerBeforeConsent = guardBeforeConsent('business_owner');

  app.get(
    '/consent',
    {
      onRequest: ownerBeforeConsent,
      schema: {
        tags,
        summary: 'The personal-data consent (UU 27/2022): the version in force and when the owner agreed',
        response: { 200: ConsentSchema },
      },
    },
    async (request) => getConsent(db, currentUser(request)),
  );

  app.post(
    '/consent',
    {
      onRequest: ownerBeforeConsent,
      schema: {
        tags,
        summary: 'Agree to the personal-data consent text of the given version (recorded with time and IP)',
        body: ConsentBody,
        response: { 200: ConsentSchema, 409: ProblemSchema },
      },
    },
    async (request) => agreeToConsent(db, currentUser(request), actorOf(request), request.body.version),
  );

  app.get(
    '/businesses',
    {
      onRequest: owner,
      schema: {
        tags,
        summary: "The owner's businesses with their mentor and what awaits the owner",
        response: { 200: z.array(MyBusinessSchema) },
      },
    },
    async (request) => myBusinesses(db, currentUser(request)),
  );

  app.get(
    '/businesses/:id/mentoring',
    {
      onRequest: owner,
      schema: {
        tags,
        summary: "One of the owner's businesses: mentor, sessions, action items and milestones",
        params: IdParam,
        response: { 200: MyMentoringSchema, 404: ProblemSchema },
      },
    },
    async (request) => myMentoring(db, currentUser(request), request.params.id),
  );

  app.patch(
    '/action-items/:id',
    {
      onRequest: owner,
      schema: {
        tags,
        summary: "Tick an action item of the owner's side as done (or not done)",
        params: IdParam,
        body: TickBody,
        response: { 200: ActionItemSchema, 403: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request) =>
      tickActionItem(
        db,
        config,
        currentUser(request),
        actorOf(request),
        request.params.id,
        request.body.done,
      ),
  );

  app.post(
    '/milestones/:id/confirm',
    {
      onRequest: owner,
      schema: {
        tags,
        summary: 'Confirm that the program helped reach a milestone (attribution)',
        params: IdParam,
        response: { 200: MilestoneSchema, 404: ProblemSchema },
      },
    },
    async (request) => confirmMyMilestone(db, currentUser(request), actorOf(request), request.params.id),
  );
};

/** Sign-in accounts for owners of registered businesses, under `/api/v1/businesses/:id/owner-account`. */
export const ownerAccountRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const tags = ['owner'];
  const managers = guard('admin', 'area_officer', 'mentor');

  app.get(
    '/:id/owner-account',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: "Whether the business's owner has a sign-in account",
        params: IdParam,
        response: { 200: OwnerAccountSchema, 403: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request) => getOwnerAccount(db, config, currentUser(request), request.params.id),
  );

  app.post(
    '/:id/owner-account',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: "Create a sign-in account for the business's owner; the one-time password is shown once",
        params: IdParam,
        body: OwnerAccountBody,
        response: {
          201: CreatedOwnerAccountSchema,
          403: ProblemSchema,
          404: ProblemSchema,
          409: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const created = await createOwnerAccount(
        db,
        config,
        currentUser(request),
        actorOf(request),
        request.params.id,
        request.body.email,
      );
      return reply.code(201).send(created);
    },
  );
};
