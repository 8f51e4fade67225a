import fs from 'node:fs';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { TEMPLATE_COLUMNS, TEMPLATE_EXAMPLES, type TemplateKind } from '../../../shared/import-columns.ts';
import { CONTENT_TYPES, single, writeTable } from '../../files/table-writer.ts';
import { IsoDate } from '../../http/dates.ts';
import { sendDownload } from '../../http/download.ts';
import { AppError, ProblemSchema } from '../../http/errors.ts';
import { actorOf, currentUser, guard } from '../../http/guard.ts';
import { IMPORTERS } from './importers.ts';
import { listJobs } from './imports.repository.ts';
import {
  createJob,
  getJob,
  type ImportQueue,
  jobRejections,
  jobView,
  MAX_UPLOAD_BYTES,
  newUploadPath,
  uploadsDir,
} from './imports.service.ts';
import { IMPORT_STATUSES } from './imports.table.ts';
import { importWorkItems } from './imports.work-items.ts';

declare module 'fastify' {
  interface FastifyInstance {
    importQueue: ImportQueue;
  }
}

/** The templates' file names, in the offices' words. */
const TEMPLATE_NAMES: Record<TemplateKind, string> = {
  businesses: 'usaha',
  omzet: 'omzet',
  aid: 'usulan',
  mentors: 'pendamping',
  sessions: 'sesi',
};

const RECENT_JOBS = 20;
const FILTERED_JOBS = 200;

const JobSchema = z
  .object({
    id: z.number().int(),
    kind: z.string(),
    status: z.enum(IMPORT_STATUSES),
    fileName: z.string(),
    createdBy: z.string(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
    totalBytes: z.number(),
    bytesRead: z.number(),
    rowsRead: z.number(),
    summary: z.record(z.string(), z.unknown()).nullable(),
    rejectedRows: z
      .object({
        stored: z
          .number()
          .int()
          .describe('Rejected rows stored for the download: the first ones of the file'),
        limit: z.number().int().describe('The most a job stores (BANGKIT_IMPORT_REJECTIONS_KEPT)'),
        capped: z.boolean().describe('More rows were rejected than stored; the counts per reason cover all'),
      })
      .nullable(),
    error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }).nullable(),
  })
  .meta({ id: 'ImportJob' });

const FILE_TYPES = [
  'application/octet-stream',
  'text/csv',
  'application/csv',
  'application/vnd.ms-excel',
  CONTENT_TYPES.xlsx,
];

export const importsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { database, config } = app.deps;
  const tags = ['imports'];
  // The file arrives as the raw request body and is streamed to disk, never held in memory.
  app.addContentTypeParser(FILE_TYPES, (_request, payload, done) => done(null, payload));
  const uploads = uploadsDir(config);
  app.workQueue.registerWorkItems(importWorkItems);

  app.post(
    '/:kind',
    {
      onRequest: guard(),
      bodyLimit: MAX_UPLOAD_BYTES,
      schema: {
        tags,
        summary: 'Upload a CSV or XLSX file (raw body) and start its import; poll the job for progress',
        description: `Kinds: ${[...IMPORTERS.keys()].join(', ')}. Send the file as the body with Content-Type text/csv, application/octet-stream or the XLSX type.`,
        params: z.object({ kind: z.string() }),
        querystring: z.object({
          fileName: z.string().min(1).max(255).default('upload'),
          program: z
            .string()
            .trim()
            .min(1)
            .max(32)
            .optional()
            .describe('Kinds aid and aid_answer: the code of the aid program (kept in the job’s params)'),
        }),
        response: { 202: JobSchema, 400: ProblemSchema, 403: ProblemSchema, 413: ProblemSchema },
      },
    },
    async (request, reply) => {
      const importer = IMPORTERS.get(request.params.kind);
      if (!importer)
        throw new AppError('ImportKindUnknown', 404, `Jenis impor "${request.params.kind}" tidak dikenal.`);
      const user = currentUser(request);
      if (!importer.roles.includes(user.role))
        throw new AppError('Forbidden', 403, 'Anda tidak berhak melakukan impor ini.');
      const body = request.body as Readable | undefined;
      if (!body || typeof (body as Readable).pipe !== 'function') {
        throw new AppError('UnsupportedMediaType', 415, 'Kirim berkas CSV atau XLSX sebagai isi permintaan.');
      }
      fs.mkdirSync(uploads, { recursive: true });
      const file = newUploadPath(config);
      let bytes = 0;
      try {
        await pipeline(
          body,
          new Transform({
            transform(chunk: Buffer, _enc, done) {
              bytes += chunk.length;
              if (bytes > MAX_UPLOAD_BYTES)
                done(new AppError('PayloadTooLarge', 413, 'Berkas terlalu besar (maksimal 200 MB).'));
              else done(null, chunk);
            },
          }),
          fs.createWriteStream(file),
        );
      } catch (err) {
        fs.rmSync(file, { force: true });
        throw err;
      }
      if (bytes === 0) {
        fs.rmSync(file, { force: true });
        throw new AppError('FileEmpty', 400, 'Berkas kosong.');
      }
      const { fileName, ...params } = request.query;
      const job = await createJob(
        database,
        importer,
        { path: file, name: fileName },
        actorOf(request),
        user,
        params,
      ).catch((err) => {
        fs.rmSync(file, { force: true });
        throw err;
      });
      void app.importQueue.enqueue(importer, job, file, actorOf(request), user);
      return reply.code(202).send(jobView(job));
    },
  );

  app.get(
    '/',
    {
      onRequest: guard(),
      schema: {
        tags,
        summary: 'Recent imports (all for admins, one’s own otherwise)',
        description: `The latest ${RECENT_JOBS}; filtered by status, the latest ${FILTERED_JOBS}.`,
        querystring: z.object({
          kind: z.string().max(32).optional(),
          program: z.string().max(32).optional().describe('Aid imports of one program only'),
          status: z.enum(IMPORT_STATUSES).optional(),
          since: IsoDate.optional().describe('Started on or after this day (the deployment’s time zone)'),
        }),
        response: { 200: z.array(JobSchema) },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const { kind, program, status, since } = request.query;
      const jobs = await listJobs(database.db, {
        kind,
        program,
        status,
        since: since ? { day: since, timezone: config.timezone } : undefined,
        createdBy: user.role === 'admin' ? undefined : user.id,
        limit: status ? FILTERED_JOBS : RECENT_JOBS,
      });
      return jobs.map(jobView);
    },
  );

  app.get(
    '/templates/:kind',
    {
      onRequest: guard(),
      schema: {
        tags,
        summary: 'A file template: the columns of one kind of import and one example row (CSV or XLSX)',
        params: z.object({
          kind: z.enum(Object.keys(TEMPLATE_COLUMNS) as [TemplateKind, ...TemplateKind[]]),
        }),
        querystring: z.object({ format: z.enum(['csv', 'xlsx']).default('xlsx') }),
      },
    },
    async (request, reply) => {
      const { kind } = request.params;
      const { format } = request.query;
      const columns = TEMPLATE_COLUMNS[kind].map((c) => ({ key: c, header: c, text: true, width: 18 }));
      const example: Record<string, string> = TEMPLATE_EXAMPLES[kind];
      return sendDownload(
        reply,
        { name: `template-${TEMPLATE_NAMES[kind]}.${format}`, type: CONTENT_TYPES[format] },
        writeTable(format, columns, single([example]), 'Template'),
      );
    },
  );

  app.get(
    '/:id',
    {
      onRequest: guard(),
      schema: {
        tags,
        summary: 'One import: status, progress, and its summary when done',
        params: z.object({ id: z.coerce.number().int().positive() }),
        response: { 200: JobSchema },
      },
    },
    async (request) => jobView(await getJob(database, currentUser(request), request.params.id)),
  );

  app.get(
    '/:id/rejections',
    {
      onRequest: guard(),
      schema: {
        tags,
        summary: 'The rows an import rejected, with row number and reason (CSV or XLSX)',
        params: z.object({ id: z.coerce.number().int().positive() }),
        querystring: z.object({ format: z.enum(['csv', 'xlsx']).default('xlsx') }),
      },
    },
    async (request, reply) => {
      const format = request.query.format;
      const { job, columns, batches } = await jobRejections(
        database,
        currentUser(request),
        actorOf(request),
        request.params.id,
        format,
      );
      return sendDownload(
        reply,
        { name: `impor-${job.id}-ditolak.${format}`, type: CONTENT_TYPES[format] },
        writeTable(format, columns, batches, 'Ditolak'),
      );
    },
  );
};
