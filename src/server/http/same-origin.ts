import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import { AppError } from './errors.ts';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The origin a Referer names; undefined when there is none, null when it is not a URL. */
function originOfReferer(referer: string | undefined): string | null | undefined {
  if (referer === undefined) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return null;
  }
}

/** Whether `origin` is this app: the configured public URL, or the host the request was sent to. */
export function isOwnOrigin(
  origin: string,
  request: FastifyRequest,
  publicOrigin: string | undefined,
): boolean {
  if (publicOrigin !== undefined && origin === publicOrigin) return true;
  let claimed: URL;
  let host: URL;
  try {
    claimed = new URL(origin);
    // Read with the origin's scheme, so that a default port written out (host:443) compares equal.
    host = new URL(`${claimed.protocol}//${request.host}`);
  } catch {
    return false; // `Origin: null` (a sandboxed frame, a file), or nonsense
  }
  return (claimed.protocol === 'http:' || claimed.protocol === 'https:') && claimed.host === host.host;
}

/**
 * A second line behind SameSite cookies: a request that changes something and says it comes from another
 * site (Origin, or Referer when a browser sends no Origin) is refused before anything reads it. Requests
 * that name no origin at all (scripts, curl with a session cookie) are not a browser's and pass.
 */
export function registerSameOriginCheck(app: FastifyInstance, config: Pick<Config, 'publicOrigin'>) {
  app.addHook('onRequest', async (request) => {
    if (!STATE_CHANGING.has(request.method)) return;
    const origin = request.headers.origin ?? originOfReferer(request.headers.referer);
    if (origin === undefined) return;
    if (origin === null || !isOwnOrigin(origin, request, config.publicOrigin)) {
      throw new AppError('CrossOriginRefused', 403, 'Permintaan dari situs lain ditolak.');
    }
  });
}
