import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { notFound, ProblemSchema } from '../../http/errors.ts';
import { actorOf, currentUser, guard } from '../../http/guard.ts';
import { absoluteUrl } from '../../http/page-head.ts';
import { offsetOf, pageOf } from '../../http/pagination.ts';
import { consume, RATE_LIMITS } from '../auth/rate-limits.ts';
import { checkinQrSvg, eventIcs } from './attendee-files.ts';
import { findEvent, findEventBySlug, listEvents } from './events.repository.ts';
import {
  EventListQuery,
  MyRegistrationSchema,
  PublicEventSchema,
  RegisterBody,
  SlugParam,
  TokenParam,
} from './events.schema.ts';
import { OFFICE_NAME, publicBanner, publicEventDto } from './events.service.ts';
import {
  cancelByToken,
  findByToken,
  myRegistration,
  registerPublic,
  registerSignedIn,
} from './registration.service.ts';

/** What anyone may see and do without signing in: /api/v1/public/events… (rate-limited where it writes). */
export const publicEventsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const tags = ['events (public)'];
  const who = (request: { ip: string; id: string }) => ({ ip: request.ip, id: request.id });

  app.get(
    '/events',
    {
      schema: {
        tags,
        summary: 'Published events, upcoming first (or past ones)',
        querystring: EventListQuery.pick({ page: true, pageSize: true, when: true }),
        response: { 200: pageOf(PublicEventSchema) },
      },
    },
    async (request) => {
      const q = request.query;
      const { items, total } = await listEvents(
        db,
        { publishedOnly: true, when: q.when ?? 'upcoming' },
        q.pageSize,
        offsetOf(q),
      );
      return { items: items.map((e) => publicEventDto(e)), total, page: q.page, pageSize: q.pageSize };
    },
  );

  app.get(
    '/events/:slug',
    {
      schema: {
        tags,
        summary: 'One published (or cancelled) event',
        params: SlugParam,
        response: { 200: PublicEventSchema, 404: ProblemSchema },
      },
    },
    async (request) => {
      const event = await findEventBySlug(db, request.params.slug);
      if (!event || event.state === 'draft') throw notFound('Acara');
      return publicEventDto(event);
    },
  );

  app.get(
    '/events/:slug/banner',
    { schema: { tags, summary: 'The event’s banner image', params: SlugParam } },
    async (request, reply) => {
      const banner = await publicBanner(db, request.params.slug);
      return reply.type(banner.type).header('cache-control', 'public, max-age=300').send(banner.stream);
    },
  );

  app.post(
    '/events/:slug/registrations',
    {
      schema: {
        tags,
        summary:
          'Register (a seat, or the waitlist when full); answers the private link’s view. Only for events open to the public (403 otherwise)',
        params: SlugParam,
        body: RegisterBody,
        response: {
          201: MyRegistrationSchema,
          400: ProblemSchema,
          403: ProblemSchema,
          404: ProblemSchema,
          409: ProblemSchema,
          429: ProblemSchema,
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await registerPublic(db, request.params.slug, request.body, who(request))),
  );

  app.post(
    '/events/:slug/registrations/me',
    {
      onRequest: guard('business_owner', 'mentor'),
      schema: {
        tags,
        summary:
          'One-click registration of the signed-in owner (events for businesses or the public) or mentor (for mentors or the public)',
        params: SlugParam,
        response: { 201: MyRegistrationSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await registerSignedIn(db, currentUser(request), actorOf(request), request.params.slug)),
  );

  app.get(
    '/registrations/:token',
    {
      schema: {
        tags,
        summary: 'The attendee’s registration through their private link',
        params: TokenParam,
        response: { 200: MyRegistrationSchema, 404: ProblemSchema, 429: ProblemSchema },
      },
    },
    async (request) => {
      await throttleUnknownToken(request.params.token, who(request));
      return myRegistration(db, request.params.token);
    },
  );

  app.post(
    '/registrations/:token/cancel',
    {
      schema: {
        tags,
        summary: 'The attendee cancels; the waitlist moves up',
        params: TokenParam,
        response: { 200: MyRegistrationSchema, 404: ProblemSchema, 409: ProblemSchema, 429: ProblemSchema },
      },
    },
    async (request) => cancelByToken(db, request.params.token, who(request)),
  );

  app.get(
    '/registrations/:token/qr.svg',
    {
      schema: { tags, summary: 'The attendee’s check-in QR code (SVG)', params: TokenParam },
    },
    async (request, reply) => {
      await throttleUnknownToken(request.params.token, who(request));
      const reg = await findByToken(db, request.params.token);
      if (reg.status !== 'registered') throw notFound('Kode QR');
      return reply
        .type('image/svg+xml')
        .header('cache-control', 'private, no-store')
        .send(await checkinQrSvg(reg.checkin_code));
    },
  );

  app.get(
    '/registrations/:token/event.ics',
    {
      schema: { tags, summary: 'The event as a calendar file', params: TokenParam },
    },
    async (request, reply) => {
      await throttleUnknownToken(request.params.token, who(request));
      const reg = await findByToken(db, request.params.token);
      const event = (await findEvent(db, reg.event_id))!;
      const body = eventIcs(
        event,
        event.organizer_name ?? OFFICE_NAME,
        absoluteUrl(config.publicOrigin, `/acara/${event.slug}`),
      );
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="${event.slug}.ics"`)
        .send(body);
    },
  );

  /** Reading a private link is free; guessing is counted (an unknown token counts against the address). */
  async function throttleUnknownToken(token: string, request: { ip: string; id: string }) {
    const known = await db
      .selectFrom('event_registration')
      .select('id')
      .where('token', '=', token)
      .executeTakeFirst();
    if (!known) await consume(db, RATE_LIMITS.eventUnknownToken, request.ip);
  }
};
