import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CONTENT_TYPES } from '../../files/table-writer.ts';
import { MAX_UPLOAD_BYTES } from '../../files/uploads.ts';
import { sendDownload } from '../../http/download.ts';
import { AppError, ProblemSchema } from '../../http/errors.ts';
import { actorOf, currentUser, guard } from '../../http/guard.ts';
import { checkInByCode, checkInFromList, confirmBusiness, listRegistrations } from './checkin.service.ts';
import {
  CheckInResultSchema,
  ConfirmBusinessBody,
  EventBody,
  EventIdParam,
  EventListQuery,
  EventPage,
  EventReportSchema,
  EventSchema,
  MyEventSchema,
  RegistrationListQuery,
  RegistrationPage,
  RegistrationParams,
  ReportQuery,
  ScanBody,
} from './events.schema.ts';
import {
  changeEventState,
  copyEvent,
  createEvent,
  getEvent,
  searchEvents,
  setBanner,
  updateEvent,
} from './events.service.ts';
import { cancelByStaff, myEvents } from './registration.service.ts';
import { eventReport, eventReportXlsx } from './reports.service.ts';

/** Events for the people who run them: /api/v1/events… */
export const eventsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const tags = ['events'];
  const managers = guard('admin', 'institution_admin');
  const errors = { 400: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema };
  // A banner arrives as the raw body (at most 5 MB); its bytes decide what it is.
  app.addContentTypeParser(
    ['image/jpeg', 'image/png', 'application/octet-stream'],
    { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES },
    (_request, body, done) => done(null, body),
  );

  app.post(
    '/:id/banner',
    {
      onRequest: managers,
      bodyLimit: MAX_UPLOAD_BYTES,
      schema: {
        tags,
        summary: 'Set the event’s banner image (JPEG or PNG as the raw body)',
        params: EventIdParam,
        response: { 200: EventSchema, ...errors, 413: ProblemSchema, 415: ProblemSchema },
      },
    },
    async (request) => {
      if (!Buffer.isBuffer(request.body)) {
        throw new AppError('UnsupportedMediaType', 415, 'Kirim gambar JPEG atau PNG sebagai isi permintaan.');
      }
      return setBanner(db, config, currentUser(request), actorOf(request), request.params.id, request.body);
    },
  );

  app.get(
    '/',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: 'Events the user manages',
        querystring: EventListQuery,
        response: { 200: EventPage },
      },
    },
    async (request) => searchEvents(db, config, currentUser(request), request.query),
  );

  app.post(
    '/',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: 'Create an event (a draft)',
        body: EventBody,
        response: { 201: EventSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createEvent(db, currentUser(request), actorOf(request), request.body)),
  );

  app.get(
    '/mine',
    {
      onRequest: guard('business_owner', 'mentor'),
      schema: {
        tags,
        summary: 'The signed-in person’s own registrations',
        response: { 200: z.array(MyEventSchema) },
      },
    },
    async (request) => myEvents(db, currentUser(request)),
  );

  app.get(
    '/report',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: 'Registered vs attended by event, kecamatan and sector; no-show rate',
        querystring: ReportQuery,
        response: { 200: EventReportSchema },
      },
    },
    async (request) => eventReport(db, currentUser(request), request.query),
  );

  app.get(
    '/report.xlsx',
    {
      onRequest: managers,
      schema: { tags, summary: 'The attendance report as XLSX', querystring: ReportQuery },
    },
    async (request, reply) =>
      sendDownload(
        reply,
        { name: 'laporan-kehadiran-acara.xlsx', type: CONTENT_TYPES.xlsx },
        eventReportXlsx(await eventReport(db, currentUser(request), request.query)),
      ),
  );

  app.get(
    '/:id',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: 'One event',
        params: EventIdParam,
        response: { 200: EventSchema, 404: ProblemSchema },
      },
    },
    async (request) => getEvent(db, currentUser(request), request.params.id),
  );

  app.put(
    '/:id',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: 'Change an event',
        params: EventIdParam,
        body: EventBody,
        response: { 200: EventSchema, ...errors },
      },
    },
    async (request) =>
      updateEvent(db, currentUser(request), actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/:id/copy',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: 'Copy an event as a new draft a week later, without its registrations',
        params: EventIdParam,
        response: { 201: EventSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await copyEvent(db, currentUser(request), actorOf(request), request.params.id)),
  );

  for (const [path, to, summary] of [
    ['publish', 'published', 'Publish a draft on the public events page'],
    ['cancel', 'cancelled', 'Cancel an event'],
  ] as const) {
    app.post(
      `/:id/${path}`,
      {
        onRequest: managers,
        schema: { tags, summary, params: EventIdParam, response: { 200: EventSchema, ...errors } },
      },
      async (request) => changeEventState(db, currentUser(request), actorOf(request), request.params.id, to),
    );
  }

  app.get(
    '/:id/registrations',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: 'The check-in list: registrations, seated first, then the waitlist in order',
        params: EventIdParam,
        querystring: RegistrationListQuery,
        response: { 200: RegistrationPage, 404: ProblemSchema },
      },
    },
    async (request) => listRegistrations(db, currentUser(request), request.params.id, request.query),
  );

  app.post(
    '/:id/check-in',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: 'Check in by the code read from the attendee’s QR; safe to repeat',
        params: EventIdParam,
        body: ScanBody,
        response: { 200: CheckInResultSchema, ...errors },
      },
    },
    async (request) =>
      checkInByCode(db, currentUser(request), actorOf(request), request.params.id, request.body.code),
  );

  app.post(
    '/:id/registrations/:registrationId/check-in',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: 'Check in a name ticked on the list; safe to repeat',
        params: RegistrationParams,
        response: { 200: CheckInResultSchema, ...errors },
      },
    },
    async (request) =>
      checkInFromList(
        db,
        currentUser(request),
        actorOf(request),
        request.params.id,
        request.params.registrationId,
      ),
  );

  app.put(
    '/:id/registrations/:registrationId/business',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: 'Confirm, change or clear the registry business matched to a registration',
        params: RegistrationParams,
        body: ConfirmBusinessBody,
        response: { 200: RegistrationPage.shape.items.element, ...errors },
      },
    },
    async (request) =>
      confirmBusiness(
        db,
        currentUser(request),
        actorOf(request),
        request.params.id,
        request.params.registrationId,
        request.body.businessId,
      ),
  );

  app.post(
    '/:id/registrations/:registrationId/cancel',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: 'Cancel a registration for the attendee; the waitlist moves up',
        params: RegistrationParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await cancelByStaff(
        db,
        currentUser(request),
        actorOf(request),
        request.params.id,
        request.params.registrationId,
      );
      return reply.code(204).send(null);
    },
  );
};
