import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';

/**
 * A request for a file rather than a page: anything under /assets/ (the build's hashed files) or a name with a
 * static file's extension (/favicon.svg, /manifest.webmanifest). A dot alone does not make a file: client
 * routes carry dotted values (/areas/36.71.05, a programme code).
 */
const STATIC_FILE =
  /\.(?:js|mjs|css|map|json|webmanifest|html?|txt|xml|svg|png|jpe?g|gif|webp|avif|ico|woff2?|ttf|wasm)$/i;
export function isStaticFileRequest(pathname: string): boolean {
  return pathname.startsWith('/assets/') || STATIC_FILE.test(pathname);
}

/**
 * One line per request, written when it ends: method, address, status, time and who asked. Fastify's own pair
 * ("incoming request" with the headers, then "request completed") doubled the log and buried the startup
 * messages. A file the web app loads (its scripts, styles, icons) logs only at the debug level; a failure
 * keeps Fastify's error line with the stack.
 */
export class RequestLog extends LogController {
  override incomingRequest() {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply) {
    const line = {
      method: request.method,
      url: request.url,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
      ...(request.user ? { user: request.user.id } : {}),
    };
    if (error) return reply.log.error({ ...line, err: error }, 'request failed');
    const pathname = request.url.split('?')[0]!;
    if (reply.statusCode < 400 && isStaticFileRequest(pathname)) reply.log.debug(line, 'request');
    else reply.log.info(line, 'request');
  }
}
