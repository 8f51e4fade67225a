import fs from 'node:fs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { MAX_UPLOAD_BYTES, UPLOAD_CONTENT_TYPES } from '../../files/uploads.ts';
import { ProblemSchema } from '../../http/errors.ts';
import { actorOf, currentUser, guard } from '../../http/guard.ts';
import { idempotent } from '../../http/idempotency.ts';
import { ActionItemSchema, IdParam, SessionSchema } from './cases.schema.ts';
import { CASE_MANAGERS } from './cases.service.ts';
import {
  ActionItemPatch,
  CreateSessionBody,
  FormDefaultsQuery,
  FormDefaultsSchema,
  PhotoSchema,
} from './sessions.schema.ts';
import {
  addPhoto,
  createSession,
  getSession,
  readPhoto,
  sessionFormDefaults,
  setActionItemDone,
} from './sessions.service.ts';

/** Sessions, their photos and action items: /api/v1/mentoring/... */
export const sessionsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const tags = ['mentoring'];
  const recorders = guard(...CASE_MANAGERS, 'mentor');
  // A photo arrives as the raw body (at most 5 MB; its type is told from the bytes).
  app.addContentTypeParser(
    UPLOAD_CONTENT_TYPES,
    { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES },
    (_request, body, done) => done(null, body),
  );

  app.post(
    '/sessions',
    {
      onRequest: recorders,
      ...idempotent(db),
      schema: {
        tags,
        summary: 'Record a session (one business, or several for a group session) with its action items',
        description:
          'The same idempotencyKey again answers 200 with the first session and writes nothing (so does the same Idempotency-Key header, which answers exactly as the first time). A date in the future, minutes that are negative or not whole, an action item due before the session, a business without an open case with the mentor → 400; the mentor’s certificate not valid that day → 409.',
        body: CreateSessionBody,
        response: {
          200: SessionSchema,
          201: SessionSchema,
          400: ProblemSchema,
          403: ProblemSchema,
          409: ProblemSchema,
          422: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const { created, session } = await createSession(
        db,
        config,
        currentUser(request),
        actorOf(request),
        request.body,
      );
      return reply.code(created ? 201 : 200).send(session);
    },
  );

  app.get(
    '/sessions/form-defaults',
    {
      onRequest: recorders,
      schema: {
        tags,
        summary:
          'What the session form starts from: today, the last topics and minutes, the mentor’s open cases',
        querystring: FormDefaultsQuery,
        response: { 200: FormDefaultsSchema },
      },
    },
    async (request) => sessionFormDefaults(db, config, currentUser(request), request.query.mentorId),
  );

  app.get(
    '/sessions/:id',
    {
      onRequest: guard(),
      schema: { tags, summary: 'One session', params: IdParam, response: { 200: SessionSchema } },
    },
    async (request) => getSession(db, config, currentUser(request), request.params.id),
  );

  app.post(
    '/sessions/:id/photos',
    {
      onRequest: recorders,
      ...idempotent(db),
      schema: {
        tags,
        summary: 'Add a photo (JPEG or PNG as the raw body); kept as a JPEG ≤ 1600 px without metadata',
        params: IdParam,
        response: {
          201: PhotoSchema,
          400: ProblemSchema,
          413: ProblemSchema,
          415: ProblemSchema,
          422: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const content = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
      return reply
        .code(201)
        .send(await addPhoto(db, config, currentUser(request), actorOf(request), request.params.id, content));
    },
  );

  app.get(
    '/photos/:id',
    {
      onRequest: guard(),
      schema: { tags, summary: 'A session photo (JPEG)', params: IdParam },
    },
    async (request, reply) => {
      const file = await readPhoto(db, config, currentUser(request), request.params.id);
      return reply
        .type('image/jpeg')
        .header('cache-control', 'private, max-age=86400')
        .send(fs.createReadStream(file));
    },
  );

  app.patch(
    '/action-items/:id',
    {
      onRequest: guard('admin', 'area_officer', 'institution_admin', 'mentor', 'business_owner'),
      schema: {
        tags,
        summary: 'Tick an action item done or undo it (the owner only items on their own side)',
        params: IdParam,
        body: ActionItemPatch,
        response: { 200: ActionItemSchema, 403: ProblemSchema },
      },
    },
    async (request) =>
      setActionItemDone(
        db,
        config,
        currentUser(request),
        actorOf(request),
        request.params.id,
        request.body.done,
      ),
  );
};
