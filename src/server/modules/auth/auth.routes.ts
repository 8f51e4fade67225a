import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ProblemSchema } from '../../http/errors.ts';
import { actorOf, currentUser } from '../../http/guard.ts';
import { ChangePasswordBody, LoginBody, MeSchema } from './auth.schema.ts';
import { changePassword, login, logout, SESSION_COOKIE, userForToken } from './auth.service.ts';

/** onRequest hook: resolves the session cookie to `request.user` (null when absent or expired). */
export async function loadSessionUser(
  this: { deps: { db: import('../../db/database.ts').DB } },
  request: FastifyRequest,
) {
  request.user = null;
  const token = request.cookies[SESSION_COOKIE];
  if (token) request.user = await userForToken(this.deps.db, token);
}

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const tags = ['auth'];

  const setCookie = (reply: FastifyReply, token: string, expires: Date) =>
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: config.cookieSecure,
      expires,
    });

  app.post(
    '/login',
    {
      schema: {
        tags,
        summary: 'Sign in; sets an httpOnly session cookie',
        body: LoginBody,
        response: { 200: MeSchema, 401: ProblemSchema, 429: ProblemSchema },
      },
    },
    async (request, reply) => {
      const { token, expiresAt } = await login(db, config.sessionHours, {
        email: request.body.email,
        password: request.body.password,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
        requestId: request.id,
      });
      setCookie(reply, token, expiresAt);
      const me = await userForToken(db, token);
      return { consentRequired: false, ...me! };
    },
  );

  app.post(
    '/logout',
    { schema: { tags, summary: 'Sign out and end this session', response: { 204: z.null() } } },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token && request.user) await logout(db, token, actorOf(request));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/me',
    { schema: { tags, summary: 'The signed-in user', response: { 200: MeSchema, 401: ProblemSchema } } },
    async (request) => ({ consentRequired: false, ...currentUser(request) }),
  );

  app.post(
    '/password',
    {
      schema: {
        tags,
        summary: "Change one's own password (also replaces a one-time password)",
        body: ChangePasswordBody,
        response: { 204: z.null(), 400: ProblemSchema, 429: ProblemSchema },
      },
    },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE]!;
      await changePassword(
        db,
        actorOf(request),
        token,
        request.body.currentPassword,
        request.body.newPassword,
      );
      return reply.code(204).send(null);
    },
  );
};
