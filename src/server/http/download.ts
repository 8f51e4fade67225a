import type { Readable } from 'node:stream';
import { create as contentDisposition } from 'content-disposition';
import type { FastifyReply } from 'fastify';

/**
 * Sends a file to save, for every download route. The name goes out as RFC 6266 `filename*` (UTF-8,
 * percent-encoded) beside an ASCII fallback, so a name with CJK characters, quotes or a line break is
 * neither a header Node refuses to send (a 500) nor a way to add headers.
 */
export function sendDownload(
  reply: FastifyReply,
  file: { name: string; type: string },
  body: Readable | Buffer,
) {
  return reply.type(file.type).header('content-disposition', contentDisposition(file.name)).send(body);
}
