import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MAX_UPLOAD_BYTES, UPLOAD_CONTENT_TYPES } from '../../files/uploads.ts';
import { sendDownload } from '../../http/download.ts';
import { AppError, ProblemSchema } from '../../http/errors.ts';
import { actorOf, currentUser, guard } from '../../http/guard.ts';
import {
  CertificateParams,
  CertificateSchema,
  CreateCertificateBody,
  ExpiringCertificateSchema,
  ExpiringQuery,
  UpdateCertificateBody,
} from './certificates.schema.ts';
import {
  addCertificate,
  attachScan,
  editCertificate,
  expiringCertificates,
  readScan,
  removeCertificate,
} from './certificates.service.ts';
import { MentorIdParam } from './mentors.schema.ts';

/** Competency certificates of mentors: /api/v1/mentors/... */
export const certificatesRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const tags = ['mentors'];
  const readers = guard('admin', 'area_officer', 'institution_admin', 'mentor');
  const managers = guard('admin', 'institution_admin');
  // A scan arrives as the raw body (at most 5 MB); its bytes decide what it is.
  app.addContentTypeParser(
    UPLOAD_CONTENT_TYPES,
    { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES },
    (_request, body, done) => done(null, body),
  );

  app.get(
    '/certificates/expiring',
    {
      onRequest: readers,
      schema: {
        tags,
        summary:
          'Certificates valid today that end within 60 days, of the mentors the user sees, soonest first',
        querystring: ExpiringQuery,
        response: { 200: z.array(ExpiringCertificateSchema) },
      },
    },
    async (request) => expiringCertificates(db, config, currentUser(request), request.query.institution),
  );

  app.post(
    '/:id/certificates',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: 'Record a competency certificate (number, scheme, LSP, issue and expiry dates)',
        params: MentorIdParam,
        body: CreateCertificateBody,
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
          await addCertificate(
            db,
            config,
            currentUser(request),
            actorOf(request),
            request.params.id,
            request.body,
          ),
        ),
  );

  app.patch(
    '/:id/certificates/:certificateId',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: 'Correct a certificate',
        params: CertificateParams,
        body: UpdateCertificateBody,
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
      editCertificate(
        db,
        config,
        currentUser(request),
        actorOf(request),
        request.params.id,
        request.params.certificateId,
        request.body,
      ),
  );

  app.delete(
    '/:id/certificates/:certificateId',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: 'Remove a certificate recorded by mistake (and its scan)',
        params: CertificateParams,
        response: { 204: z.null(), 403: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      await removeCertificate(
        db,
        config,
        currentUser(request),
        actorOf(request),
        request.params.id,
        request.params.certificateId,
      );
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/:id/certificates/:certificateId/scan',
    {
      onRequest: managers,
      bodyLimit: MAX_UPLOAD_BYTES,
      schema: {
        tags,
        summary:
          'Upload the certificate’s scan: PDF, JPEG or PNG (told from the bytes), at most 5 MB, as the raw body',
        params: CertificateParams,
        response: {
          200: CertificateSchema,
          403: ProblemSchema,
          404: ProblemSchema,
          413: ProblemSchema,
          415: ProblemSchema,
        },
      },
    },
    async (request) => {
      if (!Buffer.isBuffer(request.body)) {
        throw new AppError(
          'UnsupportedMediaType',
          415,
          'Pindaian sertifikat: kirim berkas PDF, JPEG atau PNG.',
        );
      }
      return attachScan(
        db,
        config,
        currentUser(request),
        actorOf(request),
        request.params.id,
        request.params.certificateId,
        request.body,
      );
    },
  );

  app.get(
    '/:id/certificates/:certificateId/scan',
    {
      onRequest: readers,
      schema: {
        tags,
        summary: 'Download the certificate’s scan (whoever may see the mentor)',
        params: CertificateParams,
        response: { 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      const file = await readScan(
        db,
        config,
        currentUser(request),
        request.params.id,
        request.params.certificateId,
      );
      return sendDownload(reply, file, file.stream);
    },
  );
};
