import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { buildApp } from '../../app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const login = (email: string, password: string, ip: string, app = t.app) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress: ip });

/** Lets every lock of `ip` run out, as if its minutes had passed. */
const expireLocks = (ip: string) =>
  sql`update sign_in_throttle set locked_until = now() - interval '1 second' where ip = ${ip}`.execute(t.db);

describe('sign-in throttle by account and address', () => {
  it('a stranger guessing from elsewhere cannot lock a user (an admin) out', async () => {
    const admin = await t.makeUser({ role: 'admin' });
    for (let i = 0; i < 8; i++) await login(admin.email, `guess-${i}`, '203.0.113.7');
    expect((await login(admin.email, admin.password, '203.0.113.7')).statusCode).toBe(429);
    // The admin at the office still signs in.
    expect((await login(admin.email, admin.password, '10.20.0.5')).statusCode).toBe(200);
  });

  it('makes each wrong password after the lock wait longer', async () => {
    const user = await t.makeUser({ role: 'admin' });
    const ip = '198.51.100.1';
    for (let i = 0; i < 5; i++) expect((await login(user.email, `wrong-${i}`, ip)).statusCode).toBe(401);
    const first = await login(user.email, user.password, ip);
    expect(first.statusCode).toBe(429);
    const firstWait = Number(first.headers['retry-after']);
    expect(firstWait).toBeGreaterThan(0);
    expect(firstWait).toBeLessThanOrEqual(60);

    await expireLocks(ip);
    expect((await login(user.email, 'wrong-again', ip)).statusCode).toBe(401);
    const second = await login(user.email, user.password, ip);
    expect(second.statusCode).toBe(429);
    expect(Number(second.headers['retry-after'])).toBeGreaterThan(60);
    expect(Number(second.headers['retry-after'])).toBeLessThanOrEqual(120);

    // The right password once the lock has run out starts the count afresh.
    await expireLocks(ip);
    expect((await login(user.email, user.password, ip)).statusCode).toBe(200);
    expect((await login(user.email, 'wrong-once-more', ip)).statusCode).toBe(401);
    expect((await login(user.email, user.password, ip)).statusCode).toBe(200);
  });

  it('lets no burst of parallel guesses past the lock', async () => {
    const user = await t.makeUser({ role: 'admin' });
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => login(user.email, `parallel-${i}`, '198.51.100.2')),
    );
    const codes = answers.map((a) => a.statusCode);
    expect(codes.filter((c) => c === 401)).toHaveLength(5);
    expect(codes.filter((c) => c === 429)).toHaveLength(7);
  });

  it('throttles an address guessing at many accounts, but not for the right passwords of its users', async () => {
    const ip = '198.51.100.3';
    const colleague = await t.makeUser({ role: 'admin' });
    // An office behind one address: many people signing in is no attack.
    for (let i = 0; i < 35; i++)
      expect((await login(colleague.email, colleague.password, ip)).statusCode).toBe(200);
    for (let i = 0; i < 30; i++)
      expect((await login(`nobody${i}@example.org`, 'x', ip)).statusCode).toBe(401);
    const blocked = await login(colleague.email, colleague.password, ip);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().code).toBe('TooManyAttempts');
  });

  it('keeps its counts in the database, so another server process sees the same lock', async () => {
    const user = await t.makeUser({ role: 'admin' });
    const other = await buildApp({ config: t.config, database: t.database });
    try {
      for (let i = 0; i < 5; i++) await login(user.email, `wrong-${i}`, '198.51.100.4');
      expect((await login(user.email, user.password, '198.51.100.4', other)).statusCode).toBe(429);
    } finally {
      await other.close();
    }
  });

  it('throttles guessing the current password when changing it, like signing in', async () => {
    const { user, cookie } = await t.signedIn({ role: 'admin' });
    const change = (currentPassword: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/password',
        headers: { cookie },
        payload: { currentPassword, newPassword: 'tenda-biru-di-pasar-lama' },
      });
    for (let i = 0; i < 5; i++) {
      const wrong = await change(`not-it-${i}`);
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().code).toBe('InvalidCredentials');
    }
    const blocked = await change(user.password);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().code).toBe('TooManyAttempts');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // The password was not changed by the refused request.
    expect((await login(user.email, 'tenda-biru-di-pasar-lama', '10.30.0.1')).statusCode).toBe(401);
  });
});

describe('sign-in locks for admins', () => {
  it('lists the current locks and lifts one, audit-logged; others may not', async () => {
    const { cookie: admin } = await t.signedIn({ role: 'admin' });
    const officer = await t.signedIn({ role: 'area_officer', areaCode: '36.71.05' });
    const locked = await t.makeUser({ role: 'mentor', institutionId: await institution() });
    for (let i = 0; i < 5; i++) await login(locked.email.toUpperCase(), `wrong-${i}`, '192.0.2.44');
    expect((await login(locked.email, locked.password, '192.0.2.44')).statusCode).toBe(429);

    const refused = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/locks',
      headers: { cookie: officer.cookie },
    });
    expect(refused.statusCode).toBe(403);

    const list = await t.app.inject({ method: 'GET', url: '/api/v1/auth/locks', headers: { cookie: admin } });
    expect(list.statusCode).toBe(200);
    const lock = list.json().items.find((l: { account: string | null }) => l.account === locked.email);
    expect(lock).toMatchObject({ ip: '192.0.2.44', failures: 5 });
    expect(Date.parse(lock.lockedUntil)).toBeGreaterThan(Date.now());

    expect(
      (
        await t.app.inject({
          method: 'DELETE',
          url: `/api/v1/auth/locks/${lock.id}`,
          headers: { cookie: officer.cookie },
        })
      ).statusCode,
    ).toBe(403);
    const cleared = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/auth/locks/${lock.id}`,
      headers: { cookie: admin },
    });
    expect(cleared.statusCode).toBe(204);
    expect((await login(locked.email, locked.password, '192.0.2.44')).statusCode).toBe(200);

    const audit = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'clear_lock')
      .where('entity_id', '=', String(lock.id))
      .executeTakeFirstOrThrow();
    expect(audit.entity).toBe('sign_in_lock');
    expect(audit.old_values).toMatchObject({ account: locked.email, ip: '192.0.2.44', failures: 5 });

    const again = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/auth/locks/${lock.id}`,
      headers: { cookie: admin },
    });
    expect(again.statusCode).toBe(404);
    expect(again.json().code).toBe('NotFound');
  });

  it('describes the lock routes in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.paths['/api/v1/auth/locks/'].get.responses['200']).toBeDefined();
    expect(doc.paths['/api/v1/auth/locks/{id}'].delete.parameters[0].name).toBe('id');
  });
});

async function institution() {
  const row = await t.db
    .insertInto('institution')
    .values({ name: `LP3W ${Math.random()}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
