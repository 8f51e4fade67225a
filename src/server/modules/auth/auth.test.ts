import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { openPostgres } from '../../db/database.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const login = (email: string, password: string, ip = '10.0.0.1') =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    remoteAddress: ip,
  });

describe('sign-in and sessions', () => {
  it('signs in with an httpOnly SameSite session cookie and signs out', async () => {
    const user = await t.makeUser({ role: 'admin' });
    const res = await login(user.email.toUpperCase(), user.password);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      email: user.email,
      role: 'admin',
      mustChangePassword: false,
      areaName: null,
    });
    const cookie = res.cookies.find((c) => c.name === 'bangkit_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
    const header = `bangkit_session=${cookie.value}`;
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: header } })).statusCode,
    ).toBe(200);

    const out = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: header },
    });
    expect(out.statusCode).toBe(204);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: header } })).statusCode,
    ).toBe(401);
  });

  it('ends a session at once when the account is disabled or changed, though the last answer was kept', async () => {
    const user = await t.makeUser({ role: 'admin' });
    const cookie = await t.login(user.email, user.password);
    const me = () => t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect((await me()).json().role).toBe('admin');
    expect((await me()).statusCode).toBe(200);
    // Written from another connection, as the command line or another server would.
    const other = openPostgres(t.database.connection);
    try {
      await other.db
        .updateTable('app_user')
        .set({ role: 'area_officer', area_code: '36.71.05' })
        .where('id', '=', user.id)
        .execute();
      expect((await me()).json()).toMatchObject({ role: 'area_officer', areaName: 'Cipondoh' });
      await other.db
        .updateTable('app_user')
        .set({ disabled_at: new Date() })
        .where('id', '=', user.id)
        .execute();
      expect((await me()).statusCode).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('ends a session when its time is up, with nothing written meanwhile', async () => {
    const user = await t.makeUser({ role: 'admin' });
    const cookie = await t.login(user.email, user.password);
    const me = () => t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect((await me()).statusCode).toBe(200);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + (t.config.sessionHours + 1) * 3_600_000 });
    try {
      expect((await me()).statusCode).toBe(401);
    } finally {
      vi.useRealTimers();
    }
    expect((await me()).statusCode).toBe(200);
  });

  it('gives the same generic answer for a wrong password and an unknown account', async () => {
    const user = await t.makeUser({ role: 'mentor', institutionId: await institution() });
    const wrong = await login(user.email, 'not-the-password', '10.0.0.2');
    const unknown = await login('nobody@example.org', 'whatever-password', '10.0.0.2');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().detail).toBe(unknown.json().detail);
    expect(wrong.json().code).toBe('InvalidCredentials');
    expect(unknown.json().code).toBe('InvalidCredentials');
  });

  it('throttles repeated failures at an account from one address, even when the password is then right', async () => {
    const user = await t.makeUser({ role: 'admin' });
    for (let i = 0; i < 5; i++)
      expect((await login(user.email, 'wrong-password', '10.1.0.1')).statusCode).toBe(401);
    const blocked = await login(user.email, user.password, '10.1.0.1');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().code).toBe('TooManyAttempts');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('throttles many attempts from one IP address across accounts', async () => {
    let last = 0;
    for (let i = 0; i < 31; i++) last = (await login(`someone${i}@example.org`, 'x', '10.9.9.9')).statusCode;
    expect(last).toBe(429);
  });

  it('refuses a disabled account', async () => {
    const user = await t.makeUser({ role: 'admin' });
    await t.db.updateTable('app_user').set({ disabled_at: new Date() }).where('id', '=', user.id).execute();
    expect((await login(user.email, user.password, '10.0.0.3')).statusCode).toBe(401);
  });

  it('lets a one-time password do nothing but change itself', async () => {
    const { cookie: adminCookie } = await t.signedIn({ role: 'admin' });
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: adminCookie },
      payload: {
        email: 'officer.otp@test.local',
        name: 'Officer OTP',
        role: 'area_officer',
        areaCode: '36.71.05',
      },
    });
    expect(created.statusCode).toBe(201);
    const otp = created.json().oneTimePassword as string;
    expect(otp).toMatch(/^\S{12}$/);

    const cookie = await t.login('officer.otp@test.local', otp);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect(me.json().mustChangePassword).toBe(true);
    const blocked = await t.app.inject({
      method: 'GET',
      url: '/api/v1/areas/kecamatan',
      headers: { cookie },
    });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('PasswordChangeRequired');

    const tooShort = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: { cookie },
      payload: { currentPassword: otp, newPassword: 'short' },
    });
    expect(tooShort.statusCode).toBe(400);
    expect(tooShort.json().errors[0].path).toBe('body.newPassword');

    const wrongCurrent = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: { cookie },
      payload: { currentPassword: 'not-it-at-all', newPassword: 'a-new-password-1' },
    });
    expect(wrongCurrent.statusCode).toBe(400);
    expect(wrongCurrent.json().code).toBe('InvalidCredentials');

    const changed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: { cookie },
      payload: { currentPassword: otp, newPassword: 'a-new-password-1' },
    });
    expect(changed.statusCode).toBe(204);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/areas/kecamatan', headers: { cookie } })).statusCode,
    ).toBe(200);
    expect((await login('officer.otp@test.local', otp, '10.0.0.4')).statusCode).toBe(401);
    expect((await login('officer.otp@test.local', 'a-new-password-1', '10.0.0.4')).statusCode).toBe(200);
  });

  it('stores passwords as argon2id hashes and sessions only as hashes of their tokens', async () => {
    const user = await t.makeUser({ role: 'admin' });
    const row = await t.db
      .selectFrom('app_user')
      .select('password_hash')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    const cookie = await t.login(user.email, user.password);
    const token = cookie.split('=')[1]!;
    const sessions = await t.db.selectFrom('session').select('id').where('user_id', '=', user.id).execute();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.id).not.toBe(token);
    expect(sessions[0]!.id).toMatch(/^[0-9a-f]{64}$/);
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
