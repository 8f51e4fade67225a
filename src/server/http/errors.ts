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
  414: 'URI Too Long',
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

/**
 * The path of the first string holding a NUL character, which PostgreSQL cannot store in text
 * (it would fail deep inside a query as a server error); undefined when there is none. Walked with
 * an explicit stack and parent links, in time linear in the input: a client may send JSON nested
 * deeper than the call stack.
 */
function nulCharacterAt(root: unknown, where: string): string[] | undefined {
  type Step = { key: string; parent?: Step };
  const stack: [value: unknown, step: Step][] = [[root, { key: where }]];
  while (stack.length > 0) {
    const [value, step] = stack.pop()!;
    if (typeof value === 'string') {
      if (!value.includes('\u0000')) continue;
      const path: string[] = [];
      for (let at: Step | undefined = step; at; at = at.parent) path.unshift(at.key);
      return path;
    }
    // Parsed JSON and query strings only: an uploaded file (a Buffer or a stream) is not text.
    if (Array.isArray(value) || isPlainObject(value)) {
      for (const [key, item] of Object.entries(value as object)) stack.push([item, { key, parent: step }]);
    }
  }
  return undefined;
}

function isPlainObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  // Object.prototype, or a prototype-free object as the query string parser makes; not a class instance.
  const proto = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

export function registerErrorHandling(app: FastifyInstance) {
  // Before any route's own validation: a NUL character in the body, query or path is refused
  // as a field error, so no module has to think of it.
  app.addHook('preValidation', async (request) => {
    for (const [where, value] of [
      ['params', request.params],
      ['querystring', request.query],
      ['body', request.body],
    ] as const) {
      const at = nulCharacterAt(value, where);
      if (at) {
        throw new AppError('ValidationFailed', 400, 'Data yang dikirim tidak sah.', {
          errors: [
            { path: at.join('.'), message: 'Teks tidak boleh berisi karakter NUL.', issue: 'invalid_string' },
          ],
        });
      }
    }
  });
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

/**
 * Errors Fastify raises before a route is found (a URL that does not decode, a path parameter
 * longer than the router accepts): problem+json like every other refusal.
 */
export function sendFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const status =
    error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  const detail =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'Alamat terlalu panjang.' : 'Alamat permintaan tidak sah.';
  return sendProblem(request, reply, status, status === 414 ? 'UriTooLong' : 'BadUrl', detail);
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
