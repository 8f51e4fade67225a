import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';

describe('same-origin check on requests that change something', () => {
  let t: TestApp;
  let proxied: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    proxied = await createTestApp({ BANGKIT_PUBLIC_URL: 'https://bangkit.tangerangkota.go.id' });
    admin = (await t.signedIn({ role: 'admin' })).cookie;
  });
  afterAll(async () => {
    await Promise.all([t?.close(), proxied?.close()]);
  });

  const createUser = (headers: Record<string, string>, email: string, app = t) =>
    app.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { host: 'bangkit.local:3000', ...headers },
      payload: { email, name: 'Petugas Baru', role: 'admin' },
    });

  const exists = async (email: string, app = t) =>
    (await app.db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirst()) !==
    undefined;

  it('refuses a POST from another site with its own problem code, and changes nothing', async () => {
    const res = await createUser({ cookie: admin, origin: 'https://evil.example' }, 'evil1@test.local');
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'CrossOriginRefused', status: 403 });
    expect(res.json().detail).toMatch(/situs lain/);
    expect(await exists('evil1@test.local')).toBe(false);
  });

  it('refuses one that names another site only in its Referer, or says its origin is null', async () => {
    const viaReferer = await createUser(
      { cookie: admin, referer: 'https://evil.example/page?x=1' },
      'evil2@test.local',
    );
    expect(viaReferer.statusCode).toBe(403);
    expect(viaReferer.json().code).toBe('CrossOriginRefused');
    const nullOrigin = await createUser({ cookie: admin, origin: 'null' }, 'evil3@test.local');
    expect(nullOrigin.statusCode).toBe(403);
    // The same host on another port is another origin.
    const otherPort = await createUser(
      { cookie: admin, origin: 'http://bangkit.local:4000' },
      'evil4@test.local',
    );
    expect(otherPort.statusCode).toBe(403);
    for (const email of ['evil2@test.local', 'evil3@test.local', 'evil4@test.local'])
      expect(await exists(email)).toBe(false);
  });

  it('refuses signing in, signing out and deleting from another site too', async () => {
    const evil = { origin: 'https://evil.example' };
    for (const [method, url] of [
      ['POST', '/api/v1/auth/login'],
      ['POST', '/api/v1/auth/logout'],
      ['DELETE', '/api/v1/auth/locks/1'],
      ['PATCH', '/api/v1/users/1'],
    ] as const) {
      const res = await t.app.inject({ method, url, headers: { cookie: admin, ...evil }, payload: {} });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().code).toBe('CrossOriginRefused');
    }
  });

  it("accepts the app's own origin, a Referer from the app, and requests naming no origin (scripts)", async () => {
    expect(
      (await createUser({ cookie: admin, origin: 'http://bangkit.local:3000' }, 'own1@test.local'))
        .statusCode,
    ).toBe(201);
    expect(
      (
        await createUser(
          { cookie: admin, referer: 'http://bangkit.local:3000/users?page=2' },
          'own2@test.local',
        )
      ).statusCode,
    ).toBe(201);
    expect((await createUser({ cookie: admin }, 'own3@test.local')).statusCode).toBe(201);
  });

  it('leaves reading alone whatever the origin', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie: admin, origin: 'https://evil.example' },
    });
    expect(res.statusCode).toBe(200);
  });

  it('behind a proxy that changes the Host, accepts the configured public URL', async () => {
    const cookie = (await proxied.signedIn({ role: 'admin' })).cookie;
    const res = await createUser(
      { cookie, origin: 'https://bangkit.tangerangkota.go.id', host: '127.0.0.1:3000' },
      'proxied@test.local',
      proxied,
    );
    expect(res.statusCode).toBe(201);
    const evil = await createUser(
      { cookie, origin: 'https://evil.example', host: '127.0.0.1:3000' },
      'proxied-evil@test.local',
      proxied,
    );
    expect(evil.statusCode).toBe(403);
  });
});
