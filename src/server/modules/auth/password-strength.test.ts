import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { ConfigError } from '../../config.ts';
import { AppError } from '../../http/errors.ts';
import { SYSTEM_ACTOR } from '../../http/guard.ts';
import { ensureAdmin, resetPassword } from '../users/users.service.ts';
import { generateOneTimePassword } from './password.ts';
import { assertStrongPassword } from './password-strength.ts';

const owner = { email: 'siti.rahmawati@tangerangkota.go.id', name: 'Siti Rahmawati' };

async function refusal(password: string) {
  try {
    await assertStrongPassword(password, owner, 'body.newPassword');
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  return null;
}

describe('password strength', () => {
  it.each([
    ['aaaaaaaaaa', 'simpleRepeat', 'Karakter yang berulang seperti "aaa" mudah ditebak.'],
    ['qwertyuiop', 'topHundred', 'Ini adalah kata sandi yang sering digunakan.'],
    ['1234567890', 'topHundred', 'Ini adalah kata sandi yang sering digunakan.'],
    ['password123', 'common', 'Ini adalah kata sandi yang umum digunakan.'],
    ['abcdefghijk', 'sequences', 'Urutan karakter yang umum seperti "abc" mudah ditebak.'],
    ['siti.rahmawati', 'userInputs', 'Mengandung data personal.'],
  ])('refuses %s, saying why in Indonesian', async (password, warning, reason) => {
    const err = await refusal(password);
    expect(err?.code).toBe('PasswordTooWeak');
    expect(err?.status).toBe(400);
    expect(err?.message).toBe(`Kata sandi terlalu mudah ditebak. ${reason}`);
    expect(err?.details?.errors).toEqual([
      expect.objectContaining({
        path: 'body.newPassword',
        issue: 'weak_password',
        params: expect.objectContaining({ warning }),
      }),
    ]);
  });

  it('refuses common Indonesian passwords that carry no English word', async () => {
    for (const password of ['sayangkamu', 'rahasia123', 'indonesia1']) {
      expect((await refusal(password))?.code, password).toBe('PasswordTooWeak');
    }
  });

  it('accepts a passphrase and the one-time passwords Bangkit generates', async () => {
    expect(await refusal('tenda-biru-di-pasar-lama')).toBeNull();
    expect(await refusal('kata-sandi-rahasia')).toBeNull();
    for (let i = 0; i < 20; i++) expect(await refusal(generateOneTimePassword())).toBeNull();
  });
});

describe('every way of setting a password checks it', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('an admin creating an account with a password', async () => {
    const { cookie } = await t.signedIn({ role: 'admin' });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie },
      payload: { email: 'lemah@test.local', name: 'Akun Lemah', role: 'admin', password: 'aaaaaaaaaa' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('PasswordTooWeak');
    expect(res.json().errors[0]).toMatchObject({
      path: 'body.password',
      params: { warning: 'simpleRepeat' },
    });
    expect(
      await t.db
        .selectFrom('app_user')
        .select('id')
        .where('email', '=', 'lemah@test.local')
        .executeTakeFirst(),
    ).toBeUndefined();
  });

  it('a user changing their own password, which stays as it was', async () => {
    const { user, cookie } = await t.signedIn({ role: 'admin' });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: { cookie },
      payload: { currentPassword: user.password, newPassword: 'password123' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'PasswordTooWeak',
      detail: 'Kata sandi terlalu mudah ditebak. Ini adalah kata sandi yang umum digunakan.',
    });
    expect(res.json().errors[0]).toMatchObject({ path: 'body.newPassword', params: { warning: 'common' } });
    await t.login(user.email, user.password);
  });

  it('a reset to a chosen password', async () => {
    const user = await t.makeUser({ role: 'admin' });
    await expect(resetPassword(t.db, null, SYSTEM_ACTOR, user.id, 'qwertyuiop')).rejects.toMatchObject({
      code: 'PasswordTooWeak',
    });
    await t.login(user.email, user.password);
  });

  it('the first admin from BANGKIT_ADMIN_PASSWORD: a clear configuration error', async () => {
    await t.db.updateTable('app_user').set({ disabled_at: new Date() }).where('role', '=', 'admin').execute();
    const config = { ...t.config, adminEmail: 'kepala@test.local', adminPassword: 'password123' };
    const err = await ensureAdmin(t.db, config, SYSTEM_ACTOR).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/BANGKIT_ADMIN_PASSWORD: Kata sandi terlalu mudah ditebak/);
  });
});
