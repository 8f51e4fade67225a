import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { buildApp } from '../../app.ts';
import { RATE_LIMITS, type RateLimit } from './rate-limits.ts';

let t: TestApp;
let admin: string;
let ipSeq = 0;
const nextIp = () => `192.0.2.${++ipSeq}`;

beforeAll(async () => {
  t = await createTestApp();
  admin = (await t.signedIn({ role: 'admin' })).cookie;
}, 120_000);
afterAll(() => t.close());

/** `ip` has used up `limit` and waits `seconds` more (as after a burst). */
async function lockOut(limit: Pick<RateLimit, 'name'>, ip: string, seconds: number) {
  await sql`insert into sign_in_throttle (account, ip, failures, last_failure_at, locked_until)
    values (${limit.name}, ${ip}, 100, now(), now() + ${seconds}::float8 * interval '1 second')`.execute(
    t.db,
  );
}

type Request = (ip: string) => Promise<LightMyRequestResponse>;
const get =
  (url: string): Request =>
  (ip) =>
    t.app.inject({ method: 'GET', url, remoteAddress: ip });
const post =
  (url: string, payload: object): Request =>
  (ip) =>
    t.app.inject({ method: 'POST', url, payload, remoteAddress: ip });

const callers: { name: string; limit: Pick<RateLimit, 'name' | 'code'>; request: Request }[] = [
  {
    name: 'sign-in',
    limit: { name: '', code: 'TooManyAttempts' },
    request: post('/api/v1/auth/login', { email: 'siapa@test.local', password: 'tebakan' }),
  },
  {
    name: 'public event registration',
    limit: RATE_LIMITS.eventRegistration,
    request: post('/api/v1/public/events/acara-apa-saja/registrations', {
      name: 'Bot',
      phone: '081200001111',
    }),
  },
  {
    name: 'cancelling by a private link',
    limit: RATE_LIMITS.eventCancellation,
    request: post('/api/v1/public/registrations/tautan-apa-saja/cancel', {}),
  },
  {
    name: 'an unknown private link',
    limit: RATE_LIMITS.eventUnknownToken,
    request: get('/api/v1/public/registrations/tautan-tebakan'),
  },
  {
    name: 'a storefront order request',
    limit: RATE_LIMITS.orderRequest,
    request: post('/api/v1/store/orders', {
      shopId: 1,
      buyerName: 'Budi',
      buyerPhone: '081288880000',
      fulfilment: 'pickup',
      items: [{ productId: 1, quantity: 1 }],
    }),
  },
  {
    name: 'certificate verification (JSON)',
    limit: RATE_LIMITS.verification,
    request: get('/api/v1/verify/ABCDEFGHJKLMNPQRSTUV'),
  },
  {
    name: 'certificate verification (page)',
    limit: RATE_LIMITS.verification,
    request: get('/verify/ABCDEFGHJKLMNPQRSTUV'),
  },
  {
    name: 'certificate verification (PDF)',
    limit: RATE_LIMITS.verification,
    request: get('/api/v1/verify/ABCDEFGHJKLMNPQRSTUV/pdf'),
  },
];

describe('one rate limit for every public caller', () => {
  it.each(callers)(
    '$name: 429 problem+json with Retry-After for that address only',
    async ({ limit, request }) => {
      const ip = nextIp();
      await lockOut(limit, ip, 90);
      const refused = await request(ip);
      expect(refused.statusCode, refused.body).toBe(429);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.json()).toMatchObject({ status: 429, code: limit.code });
      expect(refused.json().detail).toMatch(/Coba lagi dalam (8\d|90) detik\.$/);
      const wait = Number(refused.headers['retry-after']);
      expect(wait).toBeGreaterThan(80);
      expect(wait).toBeLessThanOrEqual(90);

      // Another address is not held up by it.
      expect((await request(nextIp())).statusCode).not.toBe(429);
    },
  );

  it('counts verifications across processes: sixty from one address pass, the sixty-first waits', async () => {
    const other = await buildApp({ config: t.config, database: t.database });
    try {
      const ip = nextIp();
      const url = '/api/v1/verify/ABCDEFGHJKLMNPQRSTUV';
      const statuses: number[] = [];
      for (let i = 0; i < 60; i++) {
        const app = i % 2 === 0 ? t.app : other;
        statuses.push((await app.inject({ method: 'GET', url, remoteAddress: ip })).statusCode);
      }
      expect(statuses.every((s) => s === 404)).toBe(true);
      const over = await other.inject({
        method: 'GET',
        url: '/verify/ABCDEFGHJKLMNPQRSTUV',
        remoteAddress: ip,
      });
      expect(over.statusCode).toBe(429);
      expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(over.headers['retry-after'])).toBeLessThanOrEqual(60);

      // A minute later the pause is over and the count starts again.
      await sql`update sign_in_throttle set locked_until = now() - interval '1 second',
        last_failure_at = now() - interval '61 seconds' where ip = ${ip}`.execute(t.db);
      expect((await t.app.inject({ method: 'GET', url, remoteAddress: ip })).statusCode).toBe(404);
    } finally {
      await other.close();
    }
  });

  it('shows a public limit among the sign-in locks, where the office can lift it', async () => {
    const ip = nextIp();
    await lockOut(RATE_LIMITS.verification, ip, 600);
    const locks = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/locks?pageSize=100',
      headers: { cookie: admin },
    });
    const lock = locks.json().items.find((l: { ip: string }) => l.ip === ip);
    expect(lock).toMatchObject({ account: 'public:verify' });
    const lift = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/auth/locks/${lock.id}`,
      headers: { cookie: admin },
    });
    expect(lift.statusCode).toBe(204);
    expect((await get('/api/v1/verify/ABCDEFGHJKLMNPQRSTUV')(ip)).statusCode).toBe(404);
  });
});
