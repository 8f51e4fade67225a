/**
 * The typed fetch client: JSON in and out, the session cookie along, and RFC 9457 problems turned into ApiError.
 * The UI switches on `ApiError.code`, never on the server's message text.
 */

export interface FieldError {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly errors: FieldError[] = [],
    /** The whole problem body, for extras such as `retryAfterSeconds`. */
    readonly problem: Record<string, unknown> = {},
  ) {
    super(detail || code);
    this.name = 'ApiError';
  }
}

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  query?: Query;
  signal?: AbortSignal;
  /** A 401 is an expected answer here (signing in, asking who is signed in): do not send the user to login. */
  unauthenticatedIsExpected?: boolean;
}

type SessionListener = (error: ApiError) => void;
let onSessionProblem: SessionListener = () => {};

/**
 * Called when an answer says the session no longer fits what the app believes: 401 on a call that needed a
 * session (expired, signed out elsewhere, password reset), or 403 PasswordChangeRequired.
 */
export function setSessionProblemHandler(listener: SessionListener) {
  onSessionProblem = listener;
}

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

async function toApiError(response: Response): Promise<ApiError> {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    const body = (await response.json().catch(() => null)) as Record<string, unknown> | null;
    if (body && typeof body.code === 'string') {
      const errors = Array.isArray(body.errors) ? (body.errors as FieldError[]) : [];
      return new ApiError(
        response.status,
        body.code,
        typeof body.detail === 'string' ? body.detail : '',
        errors,
        body,
      );
    }
  }
  return new ApiError(response.status, response.status >= 500 ? 'InternalError' : 'UnexpectedResponse', '');
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', body, query, signal, unauthenticatedIsExpected = false } = options;
  let response: Response;
  try {
    response = await fetch(withQuery(`/api/v1${path}`, query), {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json, application/problem+json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, 'NetworkError', '');
  }
  if (!response.ok) {
    const error = await toApiError(response);
    if ((error.status === 401 && !unauthenticatedIsExpected) || error.code === 'PasswordChangeRequired') {
      onSessionProblem(error);
    }
    throw error;
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}
