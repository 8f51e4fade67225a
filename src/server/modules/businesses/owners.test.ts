import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { makeBusiness, makeNik } from '../../../../test/support/builders.ts';

let t: TestApp;
let admin: string;
let cipondoh: { user: { id: number; email: string }; cookie: string };
let mentor: { user: { id: number; email: string }; cookie: string };
/** An owner whose only business is in Karawaci, and one with a business in Cipondoh. */
let karawaciBusiness: { id: number; owner: { id: number } };
let cipondohBusiness: { id: number; owner: { id: number } };

beforeAll(async () => {
  t = await createTestApp();
  admin = (await t.signedIn({ role: 'admin' })).cookie;
  cipondoh = await t.signedIn({ role: 'area_officer', areaCode: '36.71.05' });
  const lp3w = await t.db
    .insertInto('institution')
    .values({ name: 'LP3W' })
    .returning('id')
    .executeTakeFirstOrThrow();
  mentor = await t.signedIn({ role: 'mentor', institutionId: lp3w.id });
  karawaciBusiness = await makeBusiness(t, admin, {
    owner: {
      nik: makeNik(3001, '07'),
      name: 'Rina Karawaci',
      phone: '081311112222',
      kk: makeNik(3002, '07'),
    },
    name: 'Warung Rina',
    kelurahanCode: '36.71.07.1001',
  });
  cipondohBusiness = await makeBusiness(t, admin, {
    owner: { nik: makeNik(3003), name: 'Sari Cipondoh', phone: '081322223333' },
    name: 'Warung Sari',
    kelurahanCode: '36.71.05.1001',
  });
});
afterAll(() => t.close());

const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });

const nikReads = (actorId: number) =>
  t.db
    .selectFrom('audit_log')
    .select(['entity', 'entity_id', 'actor_label', 'new_values', 'at'])
    .where('action', '=', 'read_full_nik')
    .where('actor_id', '=', actorId)
    .orderBy('id')
    .execute();

describe('owners', () => {
  it('shows an area officer only owners with a business in their area', async () => {
    // The audit's request: a Cipondoh officer walking owner ids got another kecamatan's NIK, KK, phone, birth date.
    const outside = await get(`/api/v1/owners/${karawaciBusiness.owner.id}`, cipondoh.cookie);
    expect(outside.statusCode).toBe(404);
    expect(outside.body).not.toContain(makeNik(3001, '07'));
    expect(outside.body).not.toContain('081311112222');
    const missing = await get('/api/v1/owners/999999', cipondoh.cookie);
    expect(missing.statusCode).toBe(404);

    const inside = await get(`/api/v1/owners/${cipondohBusiness.owner.id}`, cipondoh.cookie);
    expect(inside.statusCode).toBe(200);
    expect(inside.json()).toMatchObject({ nik: makeNik(3003), nikMasked: false, name: 'Sari Cipondoh' });
    // The office sees every owner.
    expect((await get(`/api/v1/owners/${karawaciBusiness.owner.id}`, admin)).statusCode).toBe(200);
  });

  it('logs who read whose full NIK, and when, through an owner, a business or a registration', async () => {
    const before = await nikReads(cipondoh.user.id);
    await get(`/api/v1/owners/${cipondohBusiness.owner.id}`, cipondoh.cookie);
    await get(`/api/v1/businesses/${cipondohBusiness.id}`, cipondoh.cookie);
    // Refused reads read nothing.
    await get(`/api/v1/owners/${karawaciBusiness.owner.id}`, cipondoh.cookie);
    await get(`/api/v1/businesses/${karawaciBusiness.id}`, cipondoh.cookie);
    const created = await makeBusiness(t, cipondoh.cookie, {
      owner: { nik: makeNik(3005), name: 'Baru' },
      name: 'Usaha Baru',
    });
    const reads = (await nikReads(cipondoh.user.id)).slice(before.length);
    expect(reads).toEqual([
      expect.objectContaining({
        entity: 'owner',
        entity_id: String(cipondohBusiness.owner.id),
        actor_label: cipondoh.user.email,
        new_values: { via: 'owner', viaId: String(cipondohBusiness.owner.id) },
      }),
      expect.objectContaining({
        entity_id: String(cipondohBusiness.owner.id),
        new_values: { via: 'business', viaId: String(cipondohBusiness.id) },
      }),
      expect.objectContaining({
        entity_id: String(created.owner.id),
        new_values: { via: 'business', viaId: String(created.id) },
      }),
    ]);
    expect(reads.every((r) => r.at instanceof Date)).toBe(true);
  });

  it('shows lists with NIK masked for every role, and logs no read for a masked NIK', async () => {
    const before = await nikReads(cipondoh.user.id);
    const list = (await get('/api/v1/businesses?pageSize=100', cipondoh.cookie)).json();
    const sari = list.items.find((b: { id: number }) => b.id === cipondohBusiness.id);
    expect(sari.ownerNik).toBe(`${makeNik(3003).slice(0, 4)}********${makeNik(3003).slice(12)}`);
    // A full NIK still finds its owner.
    const found = (await get(`/api/v1/businesses?q=${makeNik(3003)}`, cipondoh.cookie)).json();
    expect(found.items.map((b: { id: number }) => b.id)).toEqual([cipondohBusiness.id]);
    expect(await nikReads(cipondoh.user.id)).toHaveLength(before.length);

    const mentored = await makeBusiness(t, admin, { mentorId: mentor.user.id, name: 'Binaan' });
    const masked = (await get(`/api/v1/businesses/${mentored.id}`, mentor.cookie)).json();
    expect(masked.owner.nikMasked).toBe(true);
    expect(await nikReads(mentor.user.id)).toEqual([]);
  });

  it('answers a NIK lookup with what the form needs, and only to roles that register businesses', async () => {
    const asMentor = await get(`/api/v1/owners/lookup?nik=${makeNik(3001, '07')}`, mentor.cookie);
    expect(asMentor.statusCode).toBe(200);
    // The mentor learns that the NIK is registered and to whom, not the phone, KK, birth date or record id.
    expect(asMentor.json()).toEqual({
      exists: true,
      owner: { name: 'Rina Karawaci', businesses: 1 },
      derived: { gender: expect.any(String), birthDate: expect.any(String) },
    });
    expect(asMentor.body).not.toContain('081311112222');
    expect(asMentor.body).not.toContain(makeNik(3002, '07'));

    const unknown = (await get(`/api/v1/owners/lookup?nik=${makeNik(3999)}`, mentor.cookie)).json();
    expect(unknown).toEqual({ exists: false, derived: expect.any(Object) });
    // The office also gets the record's id (to merge two records of one person).
    const asAdmin = (await get(`/api/v1/owners/lookup?nik=${makeNik(3001, '07')}`, admin)).json();
    expect(asAdmin.owner).toEqual({ id: karawaciBusiness.owner.id, name: 'Rina Karawaci', businesses: 1 });

    const institution = (await t.db.selectFrom('institution').select('id').executeTakeFirstOrThrow()).id;
    for (const role of ['institution_admin', 'business_owner'] as const) {
      const { cookie } = await t.signedIn({
        role,
        institutionId: role === 'business_owner' ? undefined : institution,
      });
      const refused = await get(`/api/v1/owners/lookup?nik=${makeNik(3001, '07')}`, cookie);
      expect(refused.statusCode).toBe(403);
      expect(refused.body).not.toContain('Rina');
    }
  });
});
