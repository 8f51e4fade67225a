import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** One error type for the whole server; `code` is stable and what clients switch on. */
export class AppError<C extends string = string> extends Error {
  constructor(
    readonly code: C,
    readonly status: number,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError('NotFound', 404, `${what} tidak ditemukan.`);
export const forbidden = (message = 'Anda tidak berhak melakukan tindakan ini.') =>
  new AppError('Forbidden', 403, message);

export interface FieldError {
  path: string;
  message: string;
  /** The validator's issue code (too_small, invalid_type, unrecognized_keys ...) for clients that translate. */
  issue?: string;
  /** The issue's limits and details (minimum, maximum, expected, keys ...). */
  params?: Record<string, unknown>;
}

/** RFC 9457 problem details, plus a stable `code`, the request id and field errors. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z
      .array(
        z.object({
          path: z.string(),
          message: z.string(),
          issue: z.string().optional(),
          params: z.record(z.string(), z.unknown()).optional(),
        }),
      )
      .optional(),
  })
  .loose()
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof ProblemSchema>;

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  detail: string,
  extra: Record<string, unknown> = {},
) {
  const body: Problem = {
    type: `urn:bangkit:problem:${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    instance: request.url,
    requestId: request.id,
    ...extra,
  };
  return reply.code(status).type('application/problem+json').send(body);
}

/** Fastify's own client errors (bad JSON, wrong content type, body too large ...) mapped to codes and Indonesian text. */
const FASTIFY_CLIENT_ERRORS: Record<string, { code: string; detail: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'MalformedJson', detail: 'Isi permintaan bukan JSON yang sah.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'MalformedJson', detail: 'Isi permintaan JSON kosong.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'UnsupportedMediaType',
    detail: 'Jenis isi permintaan tidak didukung.',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'PayloadTooLarge', detail: 'Isi permintaan terlalu besar.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'BadRequest', detail: 'Panjang isi permintaan tidak sah.' },
};

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError | AppError | Error, request, reply) => {
    if (error instanceof AppError) {
      const retryAfter = error.details?.retryAfterSeconds;
      if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
      return sendProblem(request, reply, error.status, error.code, error.message, error.details ?? {});
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = (error as FastifyError).validationContext ?? 'body';
      const errors: FieldError[] = error.validation.map((v) => ({
        path: [where, ...pathOf(v.instancePath)].join('.'),
        message: v.message ?? 'tidak sah',
        issue: v.keyword,
        params: pickParams(v.params as Record<string, unknown>),
      }));
      return sendProblem(request, reply, 400, 'ValidationFailed', 'Data yang dikirim tidak sah.', { errors });
    }
    const fastifyError = error as FastifyError;
    const status = fastifyError.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const known = fastifyError.code ? FASTIFY_CLIENT_ERRORS[fastifyError.code] : undefined;
      return sendProblem(request, reply, status, known?.code ?? 'BadRequest', known?.detail ?? error.message);
    }
    request.log.error({ err: error }, 'unexpected error');
    return sendProblem(
      request,
      reply,
      500,
      'InternalError',
      'Terjadi kesalahan pada server. Silakan coba lagi.',
    );
  });
}

export function sendRouteNotFound(request: FastifyRequest, reply: FastifyReply) {
  return sendProblem(
    request,
    reply,
    404,
    'RouteNotFound',
    `Alamat ${request.method} ${request.url} tidak ada.`,
  );
}

const PARAM_KEYS = ['minimum', 'maximum', 'expected', 'keys', 'format', 'values', 'inclusive', 'origin'];
function pickParams(params: Record<string, unknown> | undefined) {
  if (!params) return undefined;
  const out: Record<string, unknown> = {};
  for (const k of PARAM_KEYS)
    if (params[k] !== undefined) out[k] = typeof params[k] === 'bigint' ? Number(params[k]) : params[k];
  return out;
}

function pathOf(instancePath: string): string[] {
  return instancePath.split('/').filter(Boolean);
}
