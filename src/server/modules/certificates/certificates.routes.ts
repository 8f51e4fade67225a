import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../../config.ts';
import { sendDownload } from '../../http/download.ts';
import { AppError, notFound, ProblemSchema } from '../../http/errors.ts';
import { actorOf, currentUser, guard } from '../../http/guard.ts';
import { certificateFileName, certificatePdf } from './certificates.pdf.ts';
import {
  CertificateIdParam,
  CertificateListQuery,
  CertificatePage,
  CertificateSchema,
  EventIdParam,
  IssueForEventBody,
  IssueForMentorBody,
  IssueResultSchema,
  RevokeBody,
} from './certificates.schema.ts';
import {
  getCertificate,
  issueForEvent,
  issueForMentor,
  listCertificates,
  mayIssueFor,
  revokeCertificate,
  verifyPath,
  visibleCertificate,
} from './certificates.service.ts';
import { eventCertificatesZip } from './certificates.zip.ts';

/** The address browsers reach the app at: the configured public URL, else the host the request named. */
export const originOf = (request: FastifyRequest, config: Pick<Config, 'publicOrigin'>) =>
  config.publicOrigin ?? `${request.protocol}://${request.host}`;

/** Certificates the program issues: /api/v1/certificates… */
export const certificatesRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const tags = ['certificates'];
  const readers = guard('admin', 'institution_admin', 'mentor');
  const issuers = guard('admin', 'institution_admin');

  app.get(
    '/',
    {
      onRequest: readers,
      schema: {
        tags,
        summary:
          'Certificates the user sees (office: all; institution: its own and its mentors’; mentor: their own), newest first',
        querystring: CertificateListQuery,
        response: { 200: CertificatePage },
      },
    },
    async (request) =>
      listCertificates(db, config, currentUser(request), request.query, originOf(request, config)),
  );

  app.get(
    '/:id',
    {
      onRequest: readers,
      schema: {
        tags,
        summary: 'One certificate',
        params: CertificateIdParam,
        response: { 200: CertificateSchema, 404: ProblemSchema },
      },
    },
    async (request) =>
      getCertificate(db, config, currentUser(request), request.params.id, originOf(request, config)),
  );

  app.get(
    '/:id/pdf',
    {
      onRequest: readers,
      schema: {
        tags,
        summary: 'The certificate as a PDF (A4 landscape, with the QR code to its verification page)',
        params: CertificateIdParam,
        response: { 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      const row = await visibleCertificate(db, currentUser(request), request.params.id);
      const doc = certificatePdf(row, `${originOf(request, config)}${verifyPath(row.code)}`);
      return sendDownload(reply, { name: certificateFileName(row), type: 'application/pdf' }, doc);
    },
  );

  app.post(
    '/:id/revoke',
    {
      onRequest: issuers,
      schema: {
        tags,
        summary: 'Revoke a certificate, with the reason the verification page will show (the issuer only)',
        params: CertificateIdParam,
        body: RevokeBody,
        response: {
          200: CertificateSchema,
          400: ProblemSchema,
          403: ProblemSchema,
          404: ProblemSchema,
          409: ProblemSchema,
        },
      },
    },
    async (request) =>
      revokeCertificate(
        db,
        config,
        currentUser(request),
        actorOf(request),
        request.params.id,
        request.body.reason,
        originOf(request, config),
      ),
  );

  app.post(
    '/mentor-competency',
    {
      onRequest: issuers,
      schema: {
        tags,
        summary:
          'Issue the program’s own competency certificate to a mentor (an external BNSP one is recorded on the mentor instead)',
        body: IssueForMentorBody,
        response: {
          201: CertificateSchema,
          400: ProblemSchema,
          403: ProblemSchema,
          404: ProblemSchema,
          409: ProblemSchema,
        },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await issueForMentor(
            db,
            config,
            currentUser(request),
            actorOf(request),
            request.body,
            originOf(request, config),
          ),
        ),
  );

  app.post(
    '/events/:eventId',
    {
      onRequest: issuers,
      schema: {
        tags,
        summary:
          'Issue certificates to the attendees of an event who checked in (all, or those named); safe to repeat',
        params: EventIdParam,
        body: IssueForEventBody,
        response: {
          200: IssueResultSchema,
          400: ProblemSchema,
          404: ProblemSchema,
          409: ProblemSchema,
        },
      },
    },
    async (request) =>
      issueForEvent(
        db,
        config,
        currentUser(request),
        actorOf(request),
        request.params.eventId,
        request.body,
        originOf(request, config),
      ),
  );

  app.get(
    '/events/:eventId/zip',
    {
      onRequest: issuers,
      schema: {
        tags,
        summary: 'Every certificate of an event as one ZIP of PDFs, streamed',
        params: EventIdParam,
        response: { 404: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const event = await db
        .selectFrom('event')
        .select(['id', 'slug', 'institution_id'])
        .select((eb) =>
          eb
            .selectFrom('certificate')
            .select(eb.fn.countAll<number>().as('n'))
            .whereRef('certificate.event_id', '=', 'event.id')
            .as('certificates'),
        )
        .where('id', '=', request.params.eventId)
        .executeTakeFirst();
      if (!event || !mayIssueFor(user, event.institution_id)) throw notFound('Acara');
      if (!Number(event.certificates)) {
        throw new AppError('NoCertificates', 409, 'Acara ini belum punya sertifikat: terbitkan dulu.');
      }
      const archive = eventCertificatesZip(db, event.id, originOf(request, config));
      return sendDownload(reply, { name: `sertifikat-${event.slug}.zip`, type: 'application/zip' }, archive);
    },
  );
};
