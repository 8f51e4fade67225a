import type { onRequestAsyncHookHandler } from 'fastify';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../../http/errors.ts';

/**
 * A limit per client address for the public verification endpoints: reads that anyone may send, so they
 * are counted in memory (one process, decision 0021) rather than with a database write per request.
 */
export function publicRateLimit(points: number, seconds: number): onRequestAsyncHookHandler {
  const limiter = new RateLimiterMemory({ points, duration: seconds });
  return async (request, reply) => {
    try {
      await limiter.consume(request.ip);
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      const wait = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
      reply.header('retry-after', String(wait));
      throw new AppError(
        'TooManyRequests',
        429,
        `Terlalu banyak permintaan. Coba lagi dalam ${wait} detik.`,
        {
          retryAfterSeconds: wait,
        },
      );
    }
  };
}
