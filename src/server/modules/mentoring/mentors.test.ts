import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { makeBusiness } from '../../../../test/support/builders.ts';
import { makeCase, makeInstitution, makeMentor } from '../../../../test/support/mentoring.ts';

let t: TestApp;
let admin: string;
let lp3w: number;
let other: number;
let instAdmin: string;
let officer: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = (await t.signedIn({ role: 'admin' })).cookie;
  lp3w = (await makeInstitution(t, 'LP3W Kota Tangerang')).id;
  other = (await makeInstitution(t, 'Kampus Pendamping')).id;
  instAdmin = (await t.signedIn({ role: 'institution_admin', institutionId: lp3w })).cookie;
  officer = (await t.signedIn({ role: 'area_officer', areaCode: '36.71.05' })).cookie;
});
afterAll(() => t.close());

const call = (method: 'GET' | 'POST' | 'PATCH', url: string, cookie: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie }, payload });

let emailSeq = 0;
const newMentor = (overrides: Record<string, unknown> = {}) => {
  emailSeq += 1;
  return {
    email: `pendamping${emailSeq}@lp3w.or.id`,
    name: `Pendamping ${emailSeq}`,
    institutionId: lp3w,
    phone: '0812-3456-7890',
    expertise: ['pemasaran', 'legalitas'],
    kelurahan: ['36.71.05.1001', '3671051002'],
    ...overrides,
  };
};

const accountExists = async (email: string) =>
  (await t.db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirst()) !==
  undefined;

describe('creating a mentor', () => {
  it('creates the account, profile and kelurahan at once, shows a one-time password, and audits both', async () => {
    const input = newMentor();
    const res = await call('POST', '/api/v1/mentors', admin, input);
    expect(res.statusCode).toBe(201);
    const { mentor, oneTimePassword } = res.json();
    expect(oneTimePassword).toMatch(/\S{8,}/);
    expect(mentor).toMatchObject({
      email: input.email,
      institutionId: lp3w,
      institutionName: 'LP3W Kota Tangerang',
      phone: '0812-3456-7890',
      expertise: ['pemasaran', 'legalitas'],
      caseloadCap: 25,
      openCases: 0,
      certificateState: 'none',
      canEdit: 'all',
      canManageCertificates: true,
    });
    expect(mentor.kelurahan.map((k: { code: string }) => k.code).sort()).toEqual([
      '36.71.05.1001',
      '36.71.05.1002',
    ]);
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['entity', 'action'])
      .where('entity_id', '=', String(mentor.id))
      .where('entity', 'in', ['user', 'mentor_profile'])
      .execute();
    expect(audit).toEqual(
      expect.arrayContaining([
        { entity: 'user', action: 'create' },
        { entity: 'mentor_profile', action: 'create' },
      ]),
    );
    // The one-time password signs in (and must be changed first).
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: input.email, password: oneTimePassword },
    });
    expect(login.statusCode).toBe(200);
  });

  it.each([
    ['an unknown expertise code', { expertise: ['pemasaran', 'sulap'] }, 'body.expertise.1'],
    [
      'a kelurahan outside the deployment',
      { kelurahan: ['36.71.05.1001', '31.71.01.1001'] },
      'body.kelurahan.1',
    ],
    ['a code that is a kecamatan, not a kelurahan', { kelurahan: ['36.71.05'] }, 'body.kelurahan.0'],
    ['a cap of 0', { caseloadCap: 0 }, 'body.caseloadCap'],
    ['a cap that is not whole', { caseloadCap: 2.5 }, 'body.caseloadCap'],
    ['a negative cap', { caseloadCap: -3 }, 'body.caseloadCap'],
  ])('refuses %s with an Indonesian field error and saves nothing', async (_, overrides, path) => {
    const input = newMentor(overrides);
    const res = await call('POST', '/api/v1/mentors', admin, input);
    expect(res.statusCode).toBe(400);
    const errors = res.json().errors as { path: string; message: string }[];
    expect(errors.map((e) => e.path)).toContain(path);
    expect(errors.find((e) => e.path === path)!.message).toMatch(
      /Keahlian|Kelurahan|Batas kasus|bilangan|lebih dari|harus/,
    );
    expect(await accountExists(input.email)).toBe(false);
  });

  it('refuses an e-mail already in use (409) and writes no profile', async () => {
    const first = newMentor();
    expect((await call('POST', '/api/v1/mentors', admin, first)).statusCode).toBe(201);
    const before = await t.db.selectFrom('mentor_profile').select('user_id').execute();
    const again = await call('POST', '/api/v1/mentors', admin, {
      ...newMentor(),
      email: first.email.toUpperCase(),
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().errors[0].path).toBe('body.email');
    expect(await t.db.selectFrom('mentor_profile').select('user_id').execute()).toHaveLength(before.length);
  });

  it('lets an institution admin create mentors of their own institution only', async () => {
    const { institutionId: _omit, ...own } = newMentor();
    const res = await call('POST', '/api/v1/mentors', instAdmin, own);
    expect(res.statusCode).toBe(201);
    expect(res.json().mentor.institutionId).toBe(lp3w);

    const elsewhere = newMentor({ institutionId: other });
    expect((await call('POST', '/api/v1/mentors', instAdmin, elsewhere)).statusCode).toBe(403);
    expect(await accountExists(elsewhere.email)).toBe(false);
    expect((await call('POST', '/api/v1/mentors', officer, newMentor())).statusCode).toBe(403);
  });
});

describe('reading and editing mentors', () => {
  it('shows the open caseload against the cap', async () => {
    const { user } = await makeMentor(t, { institutionId: lp3w, cap: 3 });
    for (let i = 0; i < 2; i++) {
      const business = await makeBusiness(t, admin);
      await makeCase(t, business.id, user.id);
    }
    const res = await call('GET', `/api/v1/mentors/${user.id}`, officer);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      openCases: 2,
      caseloadCap: 3,
      certificateState: 'valid',
      canEdit: 'none',
    });
  });

  it('keeps an institution admin to their own institution: another’s mentors are not found', async () => {
    const theirs = await makeMentor(t, { institutionId: other, name: 'Mentor Lain' });
    const ours = await makeMentor(t, { institutionId: lp3w, name: 'Mentor Kita' });
    expect((await call('GET', `/api/v1/mentors/${theirs.user.id}`, instAdmin)).statusCode).toBe(404);
    expect(
      (await call('PATCH', `/api/v1/mentors/${theirs.user.id}`, instAdmin, { caseloadCap: 5 })).statusCode,
    ).toBe(404);
    const list = (await call('GET', '/api/v1/mentors?pageSize=200', instAdmin)).json();
    const names = list.items.map((m: { name: string }) => m.name);
    expect(names).toContain('Mentor Kita');
    expect(names).not.toContain('Mentor Lain');
    expect(list.items.every((m: { institutionId: number }) => m.institutionId === lp3w)).toBe(true);

    const edited = await call('PATCH', `/api/v1/mentors/${ours.user.id}`, instAdmin, {
      caseloadCap: 10,
      kelurahan: ['36.71.07.1001'],
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ caseloadCap: 10, kelurahan: [{ code: '36.71.07.1001' }] });
    // The cap's rule holds on an edit too, and a refused edit changes nothing.
    const bad = await call('PATCH', `/api/v1/mentors/${ours.user.id}`, instAdmin, {
      caseloadCap: 0,
      phone: '0811',
    });
    expect(bad.statusCode).toBe(400);
    expect((await call('GET', `/api/v1/mentors/${ours.user.id}`, admin)).json().caseloadCap).toBe(10);
  });

  it('lets a mentor change their own phone and expertise, nothing else and nobody else', async () => {
    const me = await makeMentor(t, { institutionId: lp3w });
    const colleague = await makeMentor(t, { institutionId: lp3w });
    const res = await call('PATCH', `/api/v1/mentors/${me.user.id}`, me.cookie, {
      phone: '+62 812 1111 2222',
      expertise: ['digital', 'keuangan'],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      phone: '+62 812 1111 2222',
      expertise: ['digital', 'keuangan'],
      canEdit: 'own',
    });
    const cap = await call('PATCH', `/api/v1/mentors/${me.user.id}`, me.cookie, { caseloadCap: 99 });
    expect(cap.statusCode).toBe(403);
    expect(cap.json().errors[0].path).toBe('body.caseloadCap');
    expect(
      (await call('PATCH', `/api/v1/mentors/${colleague.user.id}`, me.cookie, { phone: '0811111111' }))
        .statusCode,
    ).toBe(404);
    const mine = (await call('GET', '/api/v1/mentors', me.cookie)).json();
    expect(mine.items.map((m: { id: number }) => m.id)).toEqual([me.user.id]);
  });

  it('filters by institution, kecamatan, kelurahan, expertise and certificate state', async () => {
    const a = await makeMentor(t, {
      institutionId: other,
      name: 'Ani Filter',
      expertise: ['kemasan'],
      kelurahan: ['36.71.07.1001'],
    });
    const b = await makeMentor(t, {
      institutionId: other,
      name: 'Budi Filter',
      expertise: ['produksi'],
      kelurahan: ['36.71.05.1003'],
      certificate: { issuedOn: '2015-01-01', expiresOn: '2018-01-01' },
    });
    const ids = async (query: string) =>
      (await call('GET', `/api/v1/mentors?q=Filter&${query}`, admin))
        .json()
        .items.map((m: { id: number }) => m.id);
    expect(await ids(`institution=${other}`)).toEqual([a.user.id, b.user.id]);
    expect(await ids('kecamatan=36.71.07')).toEqual([a.user.id]);
    expect(await ids('kelurahan=36.71.05.1003')).toEqual([b.user.id]);
    expect(await ids('expertise=kemasan')).toEqual([a.user.id]);
    expect(await ids('certificate=expired')).toEqual([b.user.id]);
    expect(await ids('certificate=valid')).toEqual([a.user.id]);
    const bad = await call('GET', '/api/v1/mentors?expertise=sulap', admin);
    expect(bad.statusCode).toBe(400);
  });

  it('refuses business owners', async () => {
    const owner = await t.signedIn({ role: 'business_owner' });
    expect((await call('GET', '/api/v1/mentors', owner.cookie)).statusCode).toBe(403);
  });
});
