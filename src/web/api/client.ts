/**
 * The typed fetch client: JSON in and out, the session cookie along, and RFC 9457 problems turned into ApiError.
 * The UI switches on `ApiError.code`, never on the server's message text.
 */

export interface FieldError {
  path: string;
  message: string;
  issue?: string;
  /** The issue's details, e.g. a weak password's `warning` and `suggestions` (keys the app translates). */
  params?: Record<string, unknown>;
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
  /** Sent as `Idempotency-Key`: the server answers a repeat with the first answer instead of writing twice. */
  idempotencyKey?: string;
}

type SessionListener = (error: ApiError) => void;
let onSessionProblem: SessionListener = () => {};

/**
 * Called when an answer says the session no longer fits what the app believes: 401 on a call that needed a
 * session (expired, signed out elsewhere, password reset), or 403 PasswordChangeRequired / ConsentRequired.
 */
export function setSessionProblemHandler(listener: SessionListener) {
  onSessionProblem = listener;
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

function problemToApiError(status: number, body: Record<string, unknown> | null): ApiError {
  if (body && typeof body.code === 'string') {
    const errors = Array.isArray(body.errors) ? (body.errors as FieldError[]) : [];
    return new ApiError(status, body.code, typeof body.detail === 'string' ? body.detail : '', errors, body);
  }
  return new ApiError(status, status >= 500 ? 'InternalError' : 'UnexpectedResponse', '');
}

async function toApiError(response: Response): Promise<ApiError> {
  const type = response.headers.get('content-type') ?? '';
  const body = type.includes('json')
    ? ((await response.json().catch(() => null)) as Record<string, unknown> | null)
    : null;
  return problemToApiError(response.status, body);
}

function reportSessionProblem(error: ApiError) {
  if (error.status === 401 || error.code === 'PasswordChangeRequired' || error.code === 'ConsentRequired')
    onSessionProblem(error);
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', body, query, signal, unauthenticatedIsExpected = false, idempotencyKey } = options;
  let response: Response;
  try {
    response = await fetch(withQuery(`/api/v1${path}`, query), {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json, application/problem+json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
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
    if (!(error.status === 401 && unauthenticatedIsExpected)) reportSessionProblem(error);
    throw error;
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/**
 * Downloads a file the API generates (an export), saving it under the server's file name. Fetched rather
 * than linked, so a refusal shows as a message instead of a saved error page.
 */
export async function download(path: string, query?: Query): Promise<void> {
  let response: Response;
  try {
    response = await fetch(withQuery(`/api/v1${path}`, query), { credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'NetworkError', '');
  }
  if (!response.ok) {
    const error = await toApiError(response);
    reportSessionProblem(error);
    throw error;
  }
  const name = fileNameOf(response.headers.get('content-disposition') ?? '') ?? path.split('/').pop()!;
  saveBlob(await response.blob(), name);
}

/** The name in a Content-Disposition: RFC 6266 `filename*` (UTF-8) first, else the plain `filename`. */
export function fileNameOf(disposition: string): string | undefined {
  const extended = /filename\*=UTF-8''([^;\s]+)/i.exec(disposition)?.[1];
  if (extended) {
    try {
      return decodeURIComponent(extended);
    } catch {
      // A malformed escape: the plain name below.
    }
  }
  return /filename="((?:[^"\\]|\\.)*)"|filename=([^;\s]+)/i
    .exec(disposition)
    ?.slice(1)
    .find((v) => v !== undefined)
    ?.replace(/\\(.)/g, '$1');
}

/** Hands a file made in the browser (or fetched) to the user as a download. */
export function saveBlob(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Sends a file as the raw request body and reports upload progress (fetch cannot report it; XMLHttpRequest can).
 */
export function upload<T>(
  path: string,
  file: Blob,
  options: {
    query?: Query;
    onProgress?: (sent: number, total: number) => void;
    signal?: AbortSignal;
    idempotencyKey?: string;
  } = {},
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', withQuery(`/api/v1${path}`, options.query));
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.setRequestHeader('accept', 'application/json, application/problem+json');
    if (options.idempotencyKey) xhr.setRequestHeader('idempotency-key', options.idempotencyKey);
    xhr.responseType = 'text';
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress?.(event.loaded, event.total);
    };
    xhr.onload = () => {
      let body: Record<string, unknown> | null = null;
      try {
        body = xhr.responseText ? (JSON.parse(xhr.responseText) as Record<string, unknown>) : null;
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body as T);
        return;
      }
      const error = problemToApiError(xhr.status, body);
      reportSessionProblem(error);
      reject(error);
    };
    xhr.onerror = () => reject(new ApiError(0, 'NetworkError', ''));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    options.signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(file);
  });
}
