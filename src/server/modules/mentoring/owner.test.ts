import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { makeBusiness, makeNik } from '../../../../test/support/builders.ts';
import { makeCase, makeMentor, makeSession } from '../../../../test/support/mentoring.ts';
import { CONSENT_VERSION } from '../../../shared/mentoring.ts';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await createTestApp();
  admin = (await t.signedIn({ role: 'admin' })).cookie;
});
afterAll(() => t.close());

let serial = 7000;
const CIPONDOH = '36.71.05.1001';
const KARAWACI = '36.71.07.1001';

const call = (method: 'GET' | 'POST' | 'PATCH', url: string, cookie: string | null, payload?: object) =>
  t.app.inject({ method, url, headers: cookie ? { cookie } : {}, payload });

async function business(kelurahanCode = CIPONDOH, extra: Record<string, unknown> = {}) {
  serial += 1;
  return makeBusiness(t, admin, {
    owner: { nik: makeNik(serial, kelurahanCode.split('.')[2]), name: `Ibu Pemilik ${serial}` },
    name: `Warung ${serial}`,
    kelurahanCode,
    ...extra,
  });
}

const createAccount = (businessId: number, cookie: string, email = `pemilik${++serial}@contoh.id`) =>
  call('POST', `/api/v1/businesses/${businessId}/owner-account`, cookie, { email });

/** An owner account made by the office, signed in with its one-time password changed; not yet agreed. */
async function ownerSession(businessId: number) {
  const created = await createAccount(businessId, admin);
  expect(created.statusCode).toBe(201);
  const { user, oneTimePassword } = created.json();
  const cookie = await t.login(user.email, oneTimePassword);
  const changed = await call('POST', '/api/v1/auth/password', cookie, {
    currentPassword: oneTimePassword,
    newPassword: 'Warung-Bu-Sari-2026!',
  });
  expect(changed.statusCode).toBe(204);
  return { userId: user.id as number, email: user.email as string, cookie };
}

async function consentingOwner(businessId: number) {
  const owner = await ownerSession(businessId);
  const agreed = await call('POST', '/api/v1/me/consent', owner.cookie, { version: CONSENT_VERSION });
  expect(agreed.statusCode).toBe(200);
  return owner;
}

describe('owner accounts', () => {
  it('lets the office create an account linked to the owner, with a one-time password shown once', async () => {
    const b = await business();
    const res = await createAccount(b.id, admin, 'Sari.Warung@Contoh.id');
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.user).toMatchObject({
      email: 'sari.warung@contoh.id',
      name: b.owner.name,
      role: 'business_owner',
      mustChangePassword: true,
    });
    expect(body.oneTimePassword).toMatch(/^\S{10,}$/);
    const owner = await t.db
      .selectFrom('owner')
      .select('user_id')
      .where('id', '=', b.owner.id)
      .executeTakeFirstOrThrow();
    expect(owner.user_id).toBe(body.user.id);
    const trail = await t.db
      .selectFrom('audit_log')
      .select(['entity', 'action'])
      .where((eb) =>
        eb.or([
          eb.and([eb('entity', '=', 'user'), eb('entity_id', '=', String(body.user.id))]),
          eb.and([eb('entity', '=', 'owner'), eb('entity_id', '=', String(b.owner.id))]),
        ]),
      )
      .where('action', 'in', ['create', 'update'])
      .execute();
    expect(trail).toEqual(
      expect.arrayContaining([
        { entity: 'user', action: 'create' },
        { entity: 'owner', action: 'update' },
      ]),
    );
    const shown = (await call('GET', `/api/v1/businesses/${b.id}/owner-account`, admin)).json();
    expect(shown.account).toMatchObject({ email: 'sari.warung@contoh.id', mustChangePassword: true });
    // The one-time password signs in once and must be changed first.
    const cookie = await t.login('sari.warung@contoh.id', body.oneTimePassword);
    expect((await call('GET', '/api/v1/me/businesses', cookie)).json().code).toBe('PasswordChangeRequired');
  });

  it('answers 409 naming the account when the owner already has one, and keeps the email of another', async () => {
    const b = await business();
    const first = await createAccount(b.id, admin, 'rina.kue@contoh.id');
    expect(first.statusCode).toBe(201);
    const again = await createAccount(b.id, admin, 'rina.lagi@contoh.id');
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('OwnerHasAccount');
    expect(again.json().detail).toContain('rina.kue@contoh.id');
    expect(
      await t.db.selectFrom('app_user').where('email', '=', 'rina.lagi@contoh.id').select('id').execute(),
    ).toEqual([]);

    // An email that another account uses: refused, and the owner stays without an account.
    const other = await business();
    const taken = await createAccount(other.id, admin, 'RINA.KUE@contoh.id');
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'EmailTaken', errors: [{ path: 'body.email' }] });
    const owner = await t.db
      .selectFrom('owner')
      .select('user_id')
      .where('id', '=', other.owner.id)
      .executeTakeFirstOrThrow();
    expect(owner.user_id).toBeNull();
    expect((await createAccount(other.id, admin, 'bukan-email')).statusCode).toBe(400);
    expect((await createAccount(999_999, admin)).statusCode).toBe(404);
  });

  it('lets an area officer only in their area, a mentor only for the business they mentor', async () => {
    const b = await business(CIPONDOH);
    const karawaci = await t.signedIn({ role: 'area_officer', areaCode: '36.71.07' });
    const outside = await createAccount(b.id, karawaci.cookie);
    expect(outside.statusCode).toBe(403);
    expect((await call('GET', `/api/v1/businesses/${b.id}/owner-account`, karawaci.cookie)).statusCode).toBe(
      403,
    );

    const { user: mentor, cookie: mentorCookie } = await makeMentor(t);
    const mentored = await business(CIPONDOH);
    await makeCase(t, mentored.id, mentor.id);
    const notMine = await createAccount(b.id, mentorCookie);
    expect(notMine.statusCode).toBe(403);
    expect((await createAccount(mentored.id, mentorCookie)).statusCode).toBe(201);

    const cipondoh = await t.signedIn({ role: 'area_officer', areaCode: '36.71.05' });
    expect((await createAccount(b.id, cipondoh.cookie)).statusCode).toBe(201);

    const institutionAdmin = await t.signedIn({
      role: 'institution_admin',
      institutionId: (await t.db.selectFrom('institution').select('id').executeTakeFirstOrThrow()).id,
    });
    const fresh = await business(KARAWACI);
    expect((await createAccount(fresh.id, institutionAdmin.cookie)).statusCode).toBe(403);
    const owner = await t.db
      .selectFrom('owner')
      .select('user_id')
      .where('id', '=', fresh.owner.id)
      .executeTakeFirstOrThrow();
    expect(owner.user_id).toBeNull();
  });
});

describe('personal-data consent (UU 27/2022)', () => {
  it('refuses every owner API but the consent and signing out until the owner agrees, then records it', async () => {
    const b = await business();
    const owner = await ownerSession(b.id);
    for (const url of [
      '/api/v1/me/businesses',
      `/api/v1/me/businesses/${b.id}/mentoring`,
      '/api/v1/businesses',
      `/api/v1/businesses/${b.id}`,
    ]) {
      const refused = await call('GET', url, owner.cookie);
      expect(refused.statusCode, url).toBe(403);
      expect(refused.json().code, url).toBe('ConsentRequired');
    }
    const report = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/businesses/${b.id}/omzet/2024-05`,
      headers: { cookie: owner.cookie },
      payload: { amount: 5_000_000 },
    });
    expect(report.json().code).toBe('ConsentRequired');
    expect((await call('GET', '/api/v1/auth/me', owner.cookie)).json().consentRequired).toBe(true);
    expect((await call('GET', '/api/v1/me/consent', owner.cookie)).json()).toEqual({
      version: CONSENT_VERSION,
      required: true,
      agreedAt: null,
      history: [],
    });

    // Agreeing to a text the owner did not see (an older version) is refused and records nothing.
    const outdated = await call('POST', '/api/v1/me/consent', owner.cookie, { version: '2020-01-01' });
    expect(outdated.statusCode).toBe(409);
    expect(outdated.json().code).toBe('ConsentVersionOutdated');
    expect(
      await t.db.selectFrom('owner_consent').where('user_id', '=', owner.userId).selectAll().execute(),
    ).toEqual([]);

    const agreed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/consent',
      headers: { cookie: owner.cookie },
      payload: { version: CONSENT_VERSION },
      remoteAddress: '10.1.2.3',
    });
    expect(agreed.statusCode).toBe(200);
    expect(agreed.json()).toMatchObject({
      version: CONSENT_VERSION,
      required: false,
      agreedAt: expect.any(String),
    });
    const row = await t.db
      .selectFrom('owner_consent')
      .selectAll()
      .where('user_id', '=', owner.userId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ text_version: CONSENT_VERSION, ip: '10.1.2.3' });
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['new_values', 'ip'])
      .where('action', '=', 'consent')
      .where('entity_id', '=', String(owner.userId))
      .execute();
    expect(audit).toEqual([
      { new_values: { consent_version: CONSENT_VERSION, ip: '10.1.2.3' }, ip: '10.1.2.3' },
    ]);

    expect((await call('GET', '/api/v1/me/businesses', owner.cookie)).statusCode).toBe(200);
    expect((await call('GET', `/api/v1/businesses/${b.id}`, owner.cookie)).statusCode).toBe(200);
    expect((await call('GET', '/api/v1/auth/me', owner.cookie)).json().consentRequired).toBe(false);
    // Agreeing again changes nothing; the owner can read when they agreed.
    await call('POST', '/api/v1/me/consent', owner.cookie, { version: CONSENT_VERSION });
    const again = (await call('GET', '/api/v1/me/consent', owner.cookie)).json();
    expect(again.agreedAt).toBe(row.agreed_at.toISOString());
    expect(again.history).toHaveLength(1);
  });

  it('asks again when the text changes: an agreement to an earlier version does not count', async () => {
    const b = await business();
    const owner = await ownerSession(b.id);
    await t.db
      .insertInto('owner_consent')
      .values({ user_id: owner.userId, text_version: '2025-01-01', ip: null })
      .execute();
    const refused = await call('GET', '/api/v1/me/businesses', owner.cookie);
    expect(refused.json().code).toBe('ConsentRequired');
    const consent = (await call('GET', '/api/v1/me/consent', owner.cookie)).json();
    expect(consent).toMatchObject({ required: true, agreedAt: null, history: [{ version: '2025-01-01' }] });
  });

  it('lets an owner sign out before agreeing; other roles are not asked', async () => {
    const b = await business();
    const owner = await ownerSession(b.id);
    expect((await call('POST', '/api/v1/auth/logout', owner.cookie)).statusCode).toBe(204);
    const mentor = await makeMentor(t);
    expect((await call('GET', '/api/v1/auth/me', mentor.cookie)).json().consentRequired).toBe(false);
    expect((await call('GET', '/api/v1/me/consent', mentor.cookie)).statusCode).toBe(403);
    expect((await call('GET', '/api/v1/me/businesses', mentor.cookie)).statusCode).toBe(403);
  });
});

describe("the owner's own view", () => {
  let ownA: { id: number; owner: { id: number; name: string } };
  let ownB: { id: number };
  let theirs: { id: number };
  let owner: { userId: number; cookie: string };
  let other: { cookie: string };
  let mentor: { id: number; name: string };
  const items: Record<string, number> = {};
  const milestones: Record<string, number> = {};

  beforeAll(async () => {
    const m = await makeMentor(t, { name: 'Pak Budi Pendamping' });
    mentor = { id: m.user.id, name: m.user.name };
    await t.db
      .updateTable('institution')
      .set({ name: 'LP3W Kota Tangerang' })
      .where('id', '=', m.institutionId)
      .execute();
    ownA = await business();
    // A second business of the same person (same NIK): one account reaches both.
    const person = await t.db
      .selectFrom('owner')
      .select('nik')
      .where('id', '=', ownA.owner.id)
      .executeTakeFirstOrThrow();
    ownB = await makeBusiness(t, admin, {
      owner: { nik: person.nik, name: ownA.owner.name },
      useExistingOwner: true,
      name: 'Katering Kedua',
      kelurahanCode: CIPONDOH,
    });
    theirs = await business(KARAWACI);
    const caseA = await makeCase(t, ownA.id, mentor.id);
    const caseOther = await makeCase(t, theirs.id, mentor.id);
    const visit = await makeSession(t, {
      mentorId: mentor.id,
      cases: [{ businessId: ownA.id, caseId: caseA.id }],
      heldOn: '2024-02-01',
      prep: 30,
      contact: 60,
      topics: ['pemasaran', 'digital'],
    });
    await makeSession(t, {
      mentorId: mentor.id,
      cases: [
        { businessId: ownA.id, caseId: caseA.id },
        { businessId: theirs.id, caseId: caseOther.id },
        { businessId: ownB.id, caseId: (await makeCase(t, ownB.id, mentor.id)).id },
      ],
      heldOn: '2024-03-05',
      prep: 45,
      contact: 90,
    });
    const item = async (businessId: number, side: 'mentor' | 'owner', what: string) =>
      (
        await t.db
          .insertInto('action_item')
          .values({
            session_id: visit.id,
            business_id: businessId,
            what,
            owner_side: side,
            due_on: '2024-02-20',
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    items.own = await item(ownA.id, 'owner', 'Foto produk untuk katalog online');
    items.mentorSide = await item(ownA.id, 'mentor', 'Mendaftarkan NIB lewat OSS');
    items.theirs = await item(theirs.id, 'owner', 'Menyusun buku kas');
    const milestone = async (businessId: number, kind: 'nib' | 'online_sales') =>
      (
        await t.db
          .insertInto('milestone')
          .values({
            business_id: businessId,
            case_id: null,
            kind,
            achieved_on: '2024-03-01',
            evidence_number: kind === 'nib' ? '9120001234567' : null,
            evidence_file: null,
            evidence_type: null,
            details: JSON.stringify(kind === 'online_sales' ? { channel: 'Shopee' } : {}),
            verified_by: mentor.id,
            owner_confirmed_at: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    milestones.own = await milestone(ownA.id, 'nib');
    milestones.theirs = await milestone(theirs.id, 'online_sales');
    owner = await consentingOwner(ownA.id);
    other = await consentingOwner(theirs.id);
  });

  it('lists only the owner’s own businesses, with the mentor and credited time', async () => {
    const list = (await call('GET', '/api/v1/me/businesses', owner.cookie)).json();
    expect(list.map((b: { id: number }) => b.id).sort()).toEqual([ownA.id, ownB.id].sort());
    const a = list.find((b: { id: number }) => b.id === ownA.id);
    expect(a).toMatchObject({
      mentor: { name: 'Pak Budi Pendamping', institutionName: 'LP3W Kota Tangerang', phone: '081200000000' },
      sessions: 2,
      // 30 + 60 for the visit; 90 + 45 ÷ 3 for the group session.
      creditedMinutes: 195,
      openOwnerItems: 1,
      unconfirmedMilestones: 1,
    });
    const theirList = (await call('GET', '/api/v1/me/businesses', other.cookie)).json();
    expect(theirList.map((b: { id: number }) => b.id)).toEqual([theirs.id]);
  });

  it('shows one business’s sessions, items and milestones, and another owner’s business is not found', async () => {
    const view = (await call('GET', `/api/v1/me/businesses/${ownA.id}/mentoring`, owner.cookie)).json();
    expect(view.sessions).toEqual([
      expect.objectContaining({
        heldOn: '2024-03-05',
        mode: 'kelompok',
        businesses: 3,
        creditedMinutes: 105,
      }),
      expect.objectContaining({
        heldOn: '2024-02-01',
        mode: 'kunjungan',
        topics: ['pemasaran', 'digital'],
        creditedMinutes: 90,
      }),
    ]);
    expect(view).toMatchObject({ creditedMinutes: 195, longTermClient: false, case: { closedOn: null } });
    expect(view.actionItems.map((i: { what: string; side: string }) => [i.what, i.side])).toEqual(
      expect.arrayContaining([
        ['Foto produk untuk katalog online', 'owner'],
        ['Mendaftarkan NIB lewat OSS', 'mentor'],
      ]),
    );
    expect(JSON.stringify(view)).not.toContain('Menyusun buku kas');
    expect(view.milestones).toEqual([
      expect.objectContaining({
        kind: 'nib',
        evidenceNumber: '9120001234567',
        verifiedBy: 'Pak Budi Pendamping',
        ownerConfirmedAt: null,
      }),
    ]);
    const refused = await call('GET', `/api/v1/me/businesses/${theirs.id}/mentoring`, owner.cookie);
    expect(refused.statusCode).toBe(404);
    expect(refused.body).not.toContain('Menyusun');
  });

  it('ticks the owner’s own items only: a mentor-side item is refused, another owner’s is not found', async () => {
    const mentorSide = await call('PATCH', `/api/v1/me/action-items/${items.mentorSide}`, owner.cookie, {
      done: true,
    });
    expect(mentorSide.statusCode).toBe(403);
    const theirItem = await call('PATCH', `/api/v1/me/action-items/${items.theirs}`, owner.cookie, {
      done: true,
    });
    expect(theirItem.statusCode).toBe(404);
    const untouched = await t.db
      .selectFrom('action_item')
      .select('done_at')
      .where('id', 'in', [items.mentorSide!, items.theirs!])
      .execute();
    expect(untouched.every((r) => r.done_at === null)).toBe(true);

    const done = await call('PATCH', `/api/v1/me/action-items/${items.own}`, owner.cookie, { done: true });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ id: items.own, side: 'owner', doneAt: expect.any(String) });
    const row = await t.db
      .selectFrom('action_item')
      .selectAll()
      .where('id', '=', items.own!)
      .executeTakeFirstOrThrow();
    expect(row.done_by).toBe(owner.userId);
    const list = (await call('GET', '/api/v1/me/businesses', owner.cookie)).json();
    expect(list.find((b: { id: number }) => b.id === ownA.id).openOwnerItems).toBe(0);
    const audit = await t.db
      .selectFrom('audit_log')
      .select('new_values')
      .where('entity', '=', 'action_item')
      .where('entity_id', '=', String(items.own))
      .execute();
    expect(audit).toEqual([{ new_values: { what: 'Foto produk untuk katalog online', done: true } }]);

    const undone = await call('PATCH', `/api/v1/me/action-items/${items.own}`, owner.cookie, { done: false });
    expect(undone.json().doneAt).toBeNull();
    expect(
      (await call('PATCH', `/api/v1/me/action-items/${items.own}`, owner.cookie, { done: 'ya' })).statusCode,
    ).toBe(400);
  });

  it('confirms that the program helped, once, for the owner’s own milestones only', async () => {
    const theirMilestone = await call(
      'POST',
      `/api/v1/me/milestones/${milestones.theirs}/confirm`,
      owner.cookie,
    );
    expect(theirMilestone.statusCode).toBe(404);
    const confirmed = await call('POST', `/api/v1/me/milestones/${milestones.own}/confirm`, owner.cookie);
    expect(confirmed.statusCode).toBe(200);
    const at = confirmed.json().ownerConfirmedAt;
    expect(at).toEqual(expect.any(String));
    const again = await call('POST', `/api/v1/me/milestones/${milestones.own}/confirm`, owner.cookie);
    expect(again.json().ownerConfirmedAt).toBe(at);
    const rows = await t.db
      .selectFrom('milestone')
      .select(['id', 'owner_confirmed_at'])
      .where('id', 'in', [milestones.own!, milestones.theirs!])
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.owner_confirmed_at !== null)).toEqual([true, false]);
    const audits = await t.db
      .selectFrom('audit_log')
      .select('id')
      .where('entity', '=', 'milestone')
      .where('action', '=', 'confirm')
      .execute();
    expect(audits).toHaveLength(1);
    const list = (await call('GET', '/api/v1/me/businesses', owner.cookie)).json();
    expect(list.find((b: { id: number }) => b.id === ownA.id).unconfirmedMilestones).toBe(0);
  });

  it('reports the turnover of the owner’s own business through the registry, and not another’s', async () => {
    const put = (id: number) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/v1/businesses/${id}/omzet/2024-04`,
        headers: { cookie: owner.cookie },
        payload: { amount: 7_500_000 },
      });
    const mine = await put(ownA.id);
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toMatchObject({ source: 'owner', amount: 7_500_000 });
    expect((await put(theirs.id)).statusCode).toBe(404);
    const list = (await call('GET', '/api/v1/me/businesses', owner.cookie)).json();
    expect(list.find((b: { id: number }) => b.id === ownA.id).latestPeriod).toBe('2024-04');
  });
});
