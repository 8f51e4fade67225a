import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { makeBusiness } from '../../../../test/support/builders.ts';
import { makeCase, makeMentor } from '../../../../test/support/mentoring.ts';

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = (await t.signedIn({ role: 'admin' })).cookie;
});
afterAll(() => t.close());

const call = (method: 'GET' | 'POST' | 'PATCH', url: string, cookie: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie }, payload });

async function create(body: Record<string, unknown>) {
  const res = await call('POST', '/api/v1/institutions', admin, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('institutions', () => {
  it('registers an institution with its type, contact and kelurahan, and audits it', async () => {
    const made = await create({
      name: 'Universitas Pendamping',
      type: 'university',
      contactName: 'Dr. Rina',
      phone: '021-5550123',
      address: 'Jl. Sudirman 1',
      kelurahanCode: '3671051001',
    });
    expect(made).toMatchObject({
      type: 'university',
      contactName: 'Dr. Rina',
      kelurahanCode: '36.71.05.1001',
      kelurahanName: expect.any(String),
      mentors: 0,
      admins: 0,
      openCases: 0,
    });
    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'institution')
      .where('entity_id', '=', String(made.id))
      .execute();
    expect(audit).toEqual([{ action: 'create' }]);
  });

  it.each([
    ['a kelurahan outside the deployment', { kelurahanCode: '31.71.01.1001' }, 'body.kelurahanCode', 400],
    ['an unknown type', { type: 'koperasi' }, 'body.type', 400],
    ['a phone with letters', { phone: 'telepon saya' }, 'body.phone', 400],
  ])('refuses %s, naming the field', async (_, extra, path, status) => {
    const res = await call('POST', '/api/v1/institutions', admin, { name: `Lembaga ${path}`, ...extra });
    expect(res.statusCode).toBe(status);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(
      await t.db
        .selectFrom('institution')
        .select('id')
        .where('name', '=', `Lembaga ${path}`)
        .executeTakeFirst(),
    ).toBeUndefined();
  });

  it('counts mentors, admins and open cases in the list, a page at a time', async () => {
    const inst = await create({ name: 'LP3W Hitung', type: 'ngo' });
    await t.makeUser({ role: 'institution_admin', institutionId: inst.id });
    const m = await makeMentor(t, { institutionId: inst.id });
    await makeMentor(t, { institutionId: inst.id });
    await makeCase(t, (await makeBusiness(t, admin)).id, m.user.id);
    const page = (await call('GET', '/api/v1/institutions/list?q=Hitung', admin)).json();
    expect(page.total).toBe(1);
    expect(page.items[0]).toMatchObject({ name: 'LP3W Hitung', mentors: 2, admins: 1, openCases: 1 });
    const byType = (await call('GET', '/api/v1/institutions/list?type=university', admin)).json();
    expect(byType.items.every((i: { type: string }) => i.type === 'university')).toBe(true);
  });

  it('lets an institution admin change their own contact fields only, and not see another institution', async () => {
    const own = await create({ name: 'Lembaga Milik', type: 'association' });
    const another = await create({ name: 'Lembaga Tetangga' });
    const { cookie } = await t.signedIn({
      role: 'institution_admin',
      institutionId: own.id,
      name: 'Admin Milik',
    });

    const page = await call('GET', `/api/v1/institutions/${own.id}`, cookie);
    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({ canEdit: 'contact', adminAccounts: [{ name: 'Admin Milik' }] });

    const ok = await call('PATCH', `/api/v1/institutions/${own.id}`, cookie, {
      contactName: 'Bu Sari',
      phone: '0812 9999 0000',
      address: 'Jl. Baru 2',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      contactName: 'Bu Sari',
      phone: '0812 9999 0000',
      address: 'Jl. Baru 2',
    });

    const rename = await call('PATCH', `/api/v1/institutions/${own.id}`, cookie, {
      name: 'Nama Lain',
      phone: '08111111',
    });
    expect(rename.statusCode).toBe(403);
    expect(rename.json().errors[0].path).toBe('body.name');
    expect((await call('GET', `/api/v1/institutions/${own.id}`, admin)).json().name).toBe('Lembaga Milik');

    expect((await call('GET', `/api/v1/institutions/${another.id}`, cookie)).statusCode).toBe(404);
    expect(
      (await call('PATCH', `/api/v1/institutions/${another.id}`, cookie, { phone: '08111111' })).statusCode,
    ).toBe(404);
    const mentor = await t.signedIn({ role: 'mentor', institutionId: own.id });
    expect(
      (await call('PATCH', `/api/v1/institutions/${own.id}`, mentor.cookie, { phone: '08111111' }))
        .statusCode,
    ).toBe(403);
  });

  it('lets the office change every field but not take another institution’s name', async () => {
    const a = await create({ name: 'Lembaga Satu' });
    await create({ name: 'Lembaga Dua' });
    const res = await call('PATCH', `/api/v1/institutions/${a.id}`, admin, {
      type: 'government',
      kelurahanCode: '36.71.07.1001',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ type: 'government', kelurahanCode: '36.71.07.1001', canEdit: 'all' });
    const taken = await call('PATCH', `/api/v1/institutions/${a.id}`, admin, { name: 'lembaga dua' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().errors[0].path).toBe('body.name');
  });
});
