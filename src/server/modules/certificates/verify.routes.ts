import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { normalizeCode } from '../../../shared/certificates.ts';
import type { Config } from '../../config.ts';
import type { DB } from '../../db/database.ts';
import { sendDownload } from '../../http/download.ts';
import { AppError, ProblemSchema } from '../../http/errors.ts';
import { absoluteUrl } from '../../http/page-head.ts';
import { limitRequests, RATE_LIMITS } from '../auth/rate-limits.ts';
import { certificateFileName, certificatePdf } from './certificates.pdf.ts';
import { originOf } from './certificates.routes.ts';
import { CodeParam, VerificationSchema } from './certificates.schema.ts';
import { verifyCode, verifyPath } from './certificates.service.ts';
import { verificationPage } from './verify.page.ts';

const unknownCode = () =>
  new AppError('CertificateUnknown', 404, 'Kode verifikasi ini tidak cocok dengan sertifikat mana pun.');

/**
 * Public verification for machines, no sign-in: /api/v1/verify/<code> (JSON) and …/pdf (the certificate
 * itself, for its holder, who has the code; revoked ones are not handed out). One budget per address for the
 * page, the JSON and the PDF (`RATE_LIMITS.verification`).
 */
export const verifyApiRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const limit = limitRequests(db, RATE_LIMITS.verification);
  const tags = ['certificates (public)'];

  app.get(
    '/:code',
    {
      onRequest: limit,
      schema: {
        tags,
        summary:
          'Verify a certificate: valid, revoked (with date and reason) or expired, with what it says; 404 for an unknown code',
        security: [],
        params: CodeParam,
        response: { 200: VerificationSchema, 404: ProblemSchema, 429: ProblemSchema },
      },
    },
    async (request) => {
      const { verification } = await verifyCode(db, config, request.params.code);
      if (verification.status === 'unknown') throw unknownCode();
      return verification;
    },
  );

  app.get(
    '/:code/pdf',
    {
      onRequest: limit,
      schema: {
        tags,
        summary: 'The certificate as a PDF, for whoever holds its code (not when revoked)',
        security: [],
        params: CodeParam,
        response: { 404: ProblemSchema, 409: ProblemSchema, 429: ProblemSchema },
      },
    },
    async (request, reply) => {
      const { row, verification } = await verifyCode(db, config, request.params.code);
      if (!row) throw unknownCode();
      if (verification.status === 'revoked') {
        throw new AppError(
          'CertificateRevoked',
          409,
          'Sertifikat ini sudah dicabut dan tidak dapat diunduh.',
        );
      }
      const doc = certificatePdf(row, `${originOf(request, config)}${verifyPath(row.code)}`);
      return sendDownload(reply, { name: certificateFileName(row), type: 'application/pdf' }, doc);
    },
  );
};

/** The verification page a QR code opens: /verify/<code>, rendered on the server; /verify?code=… from its form. */
export function registerVerifyPages(app: FastifyInstance, deps: { db: DB; config: Config }) {
  const limit = limitRequests(deps.db, RATE_LIMITS.verification);
  app.get<{ Querystring: { code?: string } }>(
    '/verify',
    { onRequest: limit, schema: { hide: true } },
    async (request, reply) => {
      const typed = typeof request.query.code === 'string' ? request.query.code.slice(0, 64) : '';
      const code = normalizeCode(typed) ?? (typed.trim() || 'kosong');
      return reply.redirect(`/verify/${encodeURIComponent(code)}`, 303);
    },
  );

  app.get<{ Params: { code: string } }>(
    '/verify/:code',
    { onRequest: limit, schema: { hide: true } },
    async (request, reply) => {
      const { verification } = await verifyCode(deps.db, deps.config, request.params.code.slice(0, 64));
      const known = verification.status !== 'unknown';
      const html = verificationPage(verification, {
        self: known ? absoluteUrl(deps.config.publicOrigin, verifyPath(verification.code)) : null,
        pdf:
          verification.status === 'valid' || verification.status === 'expired'
            ? `/api/v1/verify/${verification.code}/pdf`
            : null,
      });
      return reply
        .code(known ? 200 : 404)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(html);
    },
  );
}
