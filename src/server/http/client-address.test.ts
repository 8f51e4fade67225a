import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';

/** The client's address as the server takes it: from the peer, and from X-Forwarded-For only of trusted proxies. */
describe('client address', () => {
  let t: TestApp;
  let trusting: TestApp;
  let hops: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    trusting = await createTestApp({ BANGKIT_TRUST_PROXY: '10.60.0.1' });
    hops = await createTestApp({ BANGKIT_TRUST_PROXY: '1' });
  });
  afterAll(async () => {
    await Promise.all([t?.close(), trusting?.close(), hops?.close()]);
  });

  const login = (app: TestApp, email: string, password: string, peer: string, forwardedFor: string) =>
    app.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password },
      remoteAddress: peer,
      headers: { 'x-forwarded-for': forwardedFor },
    });

  /** The address the audit log wrote for the latest sign-in of `userId`. */
  const auditedIp = async (app: TestApp, userId: number) =>
    (
      await app.db
        .selectFrom('audit_log')
        .select('ip')
        .where('action', '=', 'login')
        .where('actor_id', '=', userId)
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow()
    ).ip;

  it('by default ignores X-Forwarded-For: rotating it neither escapes the address throttle nor forges the audit log', async () => {
    for (let i = 0; i < 30; i++) {
      const res = await login(t, `nobody${i}@example.org`, 'x', '10.50.0.1', `198.18.0.${i}`);
      expect(res.statusCode).toBe(401);
    }
    expect((await login(t, 'nobody-else@example.org', 'x', '10.50.0.1', '198.18.1.1')).statusCode).toBe(429);

    const user = await t.makeUser({ role: 'admin' });
    expect((await login(t, user.email, user.password, '10.50.0.2', '198.18.9.9')).statusCode).toBe(200);
    expect(await auditedIp(t, user.id)).toBe('10.50.0.2');
  });

  it('believes X-Forwarded-For from a configured proxy address only', async () => {
    const user = await trusting.makeUser({ role: 'admin' });
    expect((await login(trusting, user.email, user.password, '10.60.0.1', '198.18.2.2')).statusCode).toBe(
      200,
    );
    expect(await auditedIp(trusting, user.id)).toBe('198.18.2.2');
    expect((await login(trusting, user.email, user.password, '10.61.0.1', '198.18.3.3')).statusCode).toBe(
      200,
    );
    expect(await auditedIp(trusting, user.id)).toBe('10.61.0.1');
  });

  it('with a hop count, takes the address the last proxy saw, not what the client wrote before it', async () => {
    const user = await hops.makeUser({ role: 'admin' });
    const res = await login(hops, user.email, user.password, '10.70.0.1', '198.18.4.4, 198.18.5.5');
    expect(res.statusCode).toBe(200);
    expect(await auditedIp(hops, user.id)).toBe('198.18.5.5');
  });
});
