import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { UPLOAD_MATCH_KINDS, UPLOAD_STATUSES } from '../../../shared/events.ts';
import { CONTENT_TYPES } from '../../files/table-writer.ts';
import { MAX_UPLOAD_BYTES } from '../../files/uploads.ts';
import { AppError, ProblemSchema } from '../../http/errors.ts';
import { actorOf, currentUser, guard } from '../../http/guard.ts';
import {
  applyUpload,
  attendanceUpload,
  decideRow,
  discardAttendanceUpload,
  uploadAttendance,
} from './attendance-upload.service.ts';
import { EventIdParam } from './events.schema.ts';

const UploadParams = z.object({
  id: z.coerce.number().int().positive(),
  uploadId: z.coerce.number().int().positive(),
});
const RowParams = UploadParams.extend({ row: z.coerce.number().int().positive() });

const AttendanceUploadSchema = z.object({
  id: z.number(),
  fileName: z.string(),
  status: z.enum(UPLOAD_STATUSES),
  counts: z.record(z.enum(UPLOAD_MATCH_KINDS), z.number()),
  rows: z.array(
    z.object({
      rowNumber: z.number(),
      name: z.string().nullable(),
      phone: z.string().nullable(),
      email: z.string().nullable(),
      match: z.enum(UPLOAD_MATCH_KINDS),
      similarity: z.number().nullable(),
      accepted: z.boolean(),
      registration: z
        .object({ id: z.number(), name: z.string(), phone: z.string(), checkedIn: z.boolean() })
        .nullable(),
    }),
  ),
});

const FILE_TYPES = ['application/octet-stream', 'text/csv', 'application/csv', CONTENT_TYPES.xlsx];

/** An online event's attendance from the webinar tool's report: upload, review the matches, apply. */
export const attendanceRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  const tags = ['events'];
  const managers = guard('admin', 'institution_admin');
  const errors = { 400: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema };
  app.addContentTypeParser(FILE_TYPES, { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES }, (_r, body, done) =>
    done(null, body),
  );

  app.post(
    '/:id/attendance-uploads',
    {
      onRequest: managers,
      bodyLimit: MAX_UPLOAD_BYTES,
      schema: {
        tags,
        summary:
          'Upload an attendance report (CSV/XLSX of names, phones, e-mails, raw body); matches are proposed',
        params: EventIdParam,
        querystring: z.object({ fileName: z.string().min(1).max(255).default('kehadiran') }),
        response: { 201: AttendanceUploadSchema, ...errors },
      },
    },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) {
        throw new AppError('UnsupportedMediaType', 415, 'Kirim berkas CSV atau XLSX sebagai isi permintaan.');
      }
      const result = await uploadAttendance(
        db,
        currentUser(request),
        actorOf(request),
        request.params.id,
        request.query.fileName,
        request.body,
      );
      return reply.code(201).send(result);
    },
  );

  app.get(
    '/:id/attendance-uploads/:uploadId',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: 'An attendance upload with its proposed matches',
        params: UploadParams,
        response: { 200: AttendanceUploadSchema, 404: ProblemSchema },
      },
    },
    async (request) => attendanceUpload(db, currentUser(request), request.params.id, request.params.uploadId),
  );

  app.put(
    '/:id/attendance-uploads/:uploadId/rows/:row',
    {
      onRequest: managers,
      schema: {
        tags,
        summary: 'Accept or refuse the proposed match of one row',
        params: RowParams,
        body: z.strictObject({ accepted: z.boolean() }),
        response: { 200: AttendanceUploadSchema, ...errors },
      },
    },
    async (request) =>
      decideRow(
        db,
        currentUser(request),
        request.params.id,
        request.params.uploadId,
        request.params.row,
        request.body.accepted,
      ),
  );

  for (const [path, summary, run] of [
    ['apply', 'Count the accepted rows as attendance', applyUpload],
    ['discard', 'Throw the upload away; nothing counts', discardAttendanceUpload],
  ] as const) {
    app.post(
      `/:id/attendance-uploads/:uploadId/${path}`,
      {
        onRequest: managers,
        schema: { tags, summary, params: UploadParams, response: { 200: AttendanceUploadSchema, ...errors } },
      },
      async (request) =>
        run(db, currentUser(request), actorOf(request), request.params.id, request.params.uploadId),
    );
  }
};
