import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { SYSTEM_ACTOR } from '../../http/guard.ts';
import { CLI_ACCOUNT_EMAIL, cliAccountId, updateUserDetails } from './users.service.ts';

let t: TestApp;
let admin: string;
let admin2Id: number;
beforeAll(async () => {
  t = await createTestApp();
  const a = await t.signedIn({ role: 'admin' });
  admin = a.cookie;
  admin2Id = a.user.id;
});
afterAll(() => t.close());

const call = (method: 'GET' | 'POST' | 'PATCH', url: string, cookie: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie }, payload });

async function institution(name: string) {
  const res = await call('POST', '/api/v1/institutions', admin, { name });
  expect(res.statusCode).toBe(201);
  return res.json().id as number;
}

describe('user management', () => {
  it('creates an area officer for a kecamatan and records it in the audit log', async () => {
    const res = await call('POST', '/api/v1/users', admin, {
      email: 'Siti@Cipondoh.go.id',
      name: 'Siti Rahma',
      role: 'area_officer',
      areaCode: '367105',
    });
    expect(res.statusCode).toBe(201);
    const { user, oneTimePassword } = res.json();
    expect(user).toMatchObject({
      email: 'siti@cipondoh.go.id',
      areaCode: '36.71.05',
      areaName: 'Cipondoh',
      disabled: false,
    });
    expect(oneTimePassword).toBeTruthy();
    const audit = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity', '=', 'user')
      .where('entity_id', '=', String(user.id))
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'create', area_code: '36.71.05' });
    expect(audit[0]!.new_values).toMatchObject({ role: 'area_officer', area_code: '36.71.05' });
    expect(JSON.stringify(audit[0]!.new_values)).not.toContain('argon2');
  });

  it('refuses an officer without an area, outside the city, or at city level', async () => {
    const base = { email: 'x1@test.local', name: 'Petugas', role: 'area_officer' };
    const none = await call('POST', '/api/v1/users', admin, base);
    expect(none.statusCode).toBe(400);
    expect(none.json()).toMatchObject({ code: 'AreaRequired', errors: [{ path: 'body.areaCode' }] });
    const bandung = await call('POST', '/api/v1/users', admin, { ...base, areaCode: '32.73.01' });
    expect(bandung.json().code).toBe('AreaUnknown');
    const city = await call('POST', '/api/v1/users', admin, { ...base, areaCode: '36.71' });
    expect(city.json().code).toBe('AreaUnknown');
    const count = await t.db
      .selectFrom('app_user')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('email', '=', 'x1@test.local')
      .executeTakeFirstOrThrow();
    expect(count.n).toBe(0);
  });

  it('refuses a second account with the same email in any capitalisation', async () => {
    await call('POST', '/api/v1/users', admin, {
      email: 'dup@test.local',
      name: 'Dup One',
      role: 'business_owner',
    });
    const again = await call('POST', '/api/v1/users', admin, {
      email: 'DUP@test.local',
      name: 'Dup Two',
      role: 'business_owner',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('EmailTaken');
  });

  it('needs an institution for mentors and lets an institution admin manage only its own mentors', async () => {
    const lp3w = await institution('LP3W Kota Tangerang');
    const other = await institution('Lembaga Lain');
    const noInst = await call('POST', '/api/v1/users', admin, {
      email: 'm0@test.local',
      name: 'Mentor',
      role: 'mentor',
    });
    expect(noInst.json().code).toBe('InstitutionRequired');

    const { cookie: instAdmin } = await t.signedIn({ role: 'institution_admin', institutionId: lp3w });
    // An institution admin creates mentors of their own institution: naming another is refused.
    const elsewhere = await call('POST', '/api/v1/users', instAdmin, {
      email: 'mentor1@lp3w.id',
      name: 'Mentor Satu',
      role: 'mentor',
      institutionId: other,
    });
    expect(elsewhere.statusCode).toBe(403);
    const mine = await call('POST', '/api/v1/users', instAdmin, {
      email: 'mentor1@lp3w.id',
      name: 'Mentor Satu',
      role: 'mentor',
    });
    expect(mine.statusCode).toBe(201);
    expect(mine.json().user).toMatchObject({ institutionId: lp3w, institutionName: 'LP3W Kota Tangerang' });
    const notMentor = await call('POST', '/api/v1/users', instAdmin, {
      email: 'adm@lp3w.id',
      name: 'Admin',
      role: 'admin',
    });
    expect(notMentor.statusCode).toBe(403);

    const foreign = await call('POST', '/api/v1/users', admin, {
      email: 'mentor2@lain.id',
      name: 'Mentor Lain',
      role: 'mentor',
      institutionId: other,
    });
    const foreignId = foreign.json().user.id;
    expect((await call('GET', `/api/v1/users/${foreignId}`, instAdmin)).statusCode).toBe(403);
    expect((await call('POST', `/api/v1/users/${foreignId}/reset-password`, instAdmin)).statusCode).toBe(403);
    const list = (await call('GET', '/api/v1/users', instAdmin)).json();
    expect(list.items.map((u: { email: string }) => u.email)).toEqual(['mentor1@lp3w.id']);
  });

  it('lists with search, role filter and pagination', async () => {
    for (let i = 0; i < 3; i++) {
      await call('POST', '/api/v1/users', admin, {
        email: `owner${i}@page.local`,
        name: `Pemilik ${i}`,
        role: 'business_owner',
      });
    }
    const page = (await call('GET', '/api/v1/users?q=page.local&pageSize=2&page=2', admin)).json();
    expect(page.total).toBe(3);
    expect(page.items).toHaveLength(1);
    const owners = (await call('GET', '/api/v1/users?role=business_owner', admin)).json();
    expect(owners.items.every((u: { role: string }) => u.role === 'business_owner')).toBe(true);
    expect((await call('GET', '/api/v1/users?role=king', admin)).statusCode).toBe(400);
  });

  it('disables an account, which ends its sessions, and enables it again', async () => {
    const { user, cookie } = await t.signedIn({ role: 'business_owner' });
    const res = await call('PATCH', `/api/v1/users/${user.id}`, admin, { disabled: true });
    expect(res.statusCode).toBe(200);
    expect(res.json().disabled).toBe(true);
    expect((await call('GET', '/api/v1/auth/me', cookie)).statusCode).toBe(401);
    const enabled = await call('PATCH', `/api/v1/users/${user.id}`, admin, { disabled: false });
    expect(enabled.json().disabled).toBe(false);
    const trail = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', String(user.id))
      .where('action', '=', 'update')
      .execute();
    expect(trail.map((r) => [r.old_values, r.new_values])).toEqual([
      [{ disabled: false }, { disabled: true }],
      [{ disabled: true }, { disabled: false }],
    ]);
  });

  it('resets a password to a one-time password and ends the sessions', async () => {
    const { user, cookie } = await t.signedIn({ role: 'business_owner' });
    const res = await call('POST', `/api/v1/users/${user.id}/reset-password`, admin);
    expect(res.statusCode).toBe(200);
    const otp = res.json().oneTimePassword;
    expect((await call('GET', '/api/v1/auth/me', cookie)).statusCode).toBe(401);
    const fresh = await t.login(user.email, otp);
    expect((await call('GET', '/api/v1/auth/me', fresh)).json().mustChangePassword).toBe(true);
  });

  it('keeps at least one active admin and stops admins from locking themselves out', async () => {
    const self = await call('PATCH', `/api/v1/users/${admin2Id}`, admin, { disabled: true });
    expect(self.statusCode).toBe(409);
    expect(self.json().code).toBe('CannotChangeSelf');

    await t.db
      .updateTable('app_user')
      .set({ disabled_at: new Date() })
      .where('role', '=', 'admin')
      .where('id', '<>', admin2Id)
      .execute();
    const demote = updateUserDetails(t.db, t.config, null, SYSTEM_ACTOR, admin2Id, {
      role: 'business_owner',
    });
    await expect(demote).rejects.toMatchObject({ code: 'LastAdmin', status: 409 });
    const row = await t.db
      .selectFrom('app_user')
      .select('role')
      .where('id', '=', admin2Id)
      .executeTakeFirstOrThrow();
    expect(row.role).toBe('admin');
  });

  it("keeps the command line's system account disabled and unchangeable, made once", async () => {
    const id = await cliAccountId(t.db);
    expect(await cliAccountId(t.db)).toBe(id);
    const enable = await call('PATCH', `/api/v1/users/${id}`, admin, { disabled: false });
    expect(enable.statusCode).toBe(409);
    expect(enable.json().code).toBe('SystemAccount');
    const reset = await call('POST', `/api/v1/users/${id}/reset-password`, admin);
    expect(reset.statusCode).toBe(409);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: CLI_ACCOUNT_EMAIL, password: 'anything-at-all' },
    });
    expect(login.statusCode).toBe(401);
  });

  it('forbids users management to other roles, but lets officers pick a mentor', async () => {
    const { cookie } = await t.signedIn({ role: 'area_officer', areaCode: '36.71.07' });
    const mentors = await call('GET', '/api/v1/users/mentors', cookie);
    expect(mentors.statusCode).toBe(200);
    expect(mentors.json().map((m: { name: string }) => m.name)).toContain('Mentor Satu');
    expect(Object.keys(mentors.json()[0]).sort()).toEqual(['id', 'institutionName', 'name']);
    expect((await call('GET', '/api/v1/users', cookie)).statusCode).toBe(403);
    expect(
      (await call('POST', '/api/v1/users', cookie, { email: 'a@b.cd', name: 'Nama', role: 'admin' }))
        .statusCode,
    ).toBe(403);
  });
});
