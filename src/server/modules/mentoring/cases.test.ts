import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { makeBusiness } from '../../../../test/support/builders.ts';
import { makeCase, makeInstitution, makeMentor, makeSession } from '../../../../test/support/mentoring.ts';

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = (await t.signedIn({ role: 'admin' })).cookie;
});
afterAll(async () => {
  await t.close();
});

const call = (method: 'GET' | 'POST' | 'PUT', url: string, cookie: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie }, payload });

const count = async (table: 'mentoring_case' | 'case_assignment', businessId?: number) => {
  let q = t.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n'));
  if (businessId !== undefined && table === 'mentoring_case') q = q.where('business_id', '=', businessId);
  return Number((await q.executeTakeFirstOrThrow()).n);
};

describe('opening a case', () => {
  it('assigns the business to the mentor, keeps business.mentor_id and the first assignment, audit-logged', async () => {
    const mentor = await makeMentor(t);
    const business = await makeBusiness(t, admin);
    const res = await call('POST', '/api/v1/mentoring/cases', admin, {
      businessId: business.id,
      mentorId: mentor.user.id,
      openedOn: '2026-01-05',
    });
    expect(res.statusCode).toBe(201);
    const kase = res.json();
    expect(kase).toMatchObject({
      openedOn: '2026-01-05',
      closedOn: null,
      mentorId: mentor.user.id,
      business: { id: business.id, name: business.name },
      assignments: [{ mentorId: mentor.user.id, fromOn: '2026-01-05', toOn: null }],
      creditedMinutes: 0,
      longTermClient: false,
    });
    const row = await t.db
      .selectFrom('business')
      .select('mentor_id')
      .where('id', '=', business.id)
      .executeTakeFirstOrThrow();
    expect(row.mentor_id).toBe(mentor.user.id);
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'entity'])
      .where('entity_id', '=', String(kase.id))
      .where('entity', '=', 'mentoring_case')
      .execute();
    expect(audit).toEqual([{ action: 'open', entity: 'mentoring_case' }]);
    // The mentor now reads the business in the registry (NIK masked).
    const read = await call('GET', `/api/v1/businesses/${business.id}`, mentor.cookie);
    expect(read.statusCode).toBe(200);
    expect(read.json().owner.nik).toContain('*');
  });

  it('refuses a second open case for the business with a clear 409, also when two arrive at once', async () => {
    const a = await makeMentor(t);
    const b = await makeMentor(t);
    const business = await makeBusiness(t, admin);
    const [one, two] = await Promise.all([
      call('POST', '/api/v1/mentoring/cases', admin, { businessId: business.id, mentorId: a.user.id }),
      call('POST', '/api/v1/mentoring/cases', admin, { businessId: business.id, mentorId: b.user.id }),
    ]);
    expect([one.statusCode, two.statusCode].sort()).toEqual([201, 409]);
    const loser = one.statusCode === 409 ? one : two;
    expect(loser.json()).toMatchObject({ code: 'CaseAlreadyOpen' });
    expect(loser.json().detail).toMatch(/sudah memiliki kasus pendampingan yang terbuka/);
    expect(await count('mentoring_case', business.id)).toBe(1);
    const again = await call('POST', '/api/v1/mentoring/cases', admin, {
      businessId: business.id,
      mentorId: a.user.id,
    });
    expect(again.statusCode).toBe(409);
    expect(await count('mentoring_case', business.id)).toBe(1);
  });

  it('refuses a mentor at their caseload cap, and one without a valid certificate; nothing is saved', async () => {
    const full = await makeMentor(t, { cap: 1 });
    await makeCase(t, (await makeBusiness(t, admin)).id, full.user.id);
    const expired = await makeMentor(t, { certificate: { issuedOn: '2020-01-01', expiresOn: '2023-01-01' } });
    const none = await makeMentor(t, { certificate: null });
    const business = await makeBusiness(t, admin);
    const cases = await count('mentoring_case');
    const assignments = await count('case_assignment');

    const capped = await call('POST', '/api/v1/mentoring/cases', admin, {
      businessId: business.id,
      mentorId: full.user.id,
    });
    expect(capped.statusCode).toBe(409);
    expect(capped.json()).toMatchObject({ code: 'CaseloadFull', errors: [{ path: 'body.mentorId' }] });
    expect(capped.json().detail).toMatch(/1 dari 1/);

    for (const m of [expired, none]) {
      const res = await call('POST', '/api/v1/mentoring/cases', admin, {
        businessId: business.id,
        mentorId: m.user.id,
      });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: 'CertificateInvalid', errors: [{ path: 'body.mentorId' }] });
      expect(res.json().detail).toMatch(/Sertifikat kompetensi/);
    }
    expect(await count('mentoring_case')).toBe(cases);
    expect(await count('case_assignment')).toBe(assignments);
    const row = await t.db
      .selectFrom('business')
      .select('mentor_id')
      .where('id', '=', business.id)
      .executeTakeFirstOrThrow();
    expect(row.mentor_id).toBeNull();
  });

  it('refuses an opening date in the future and an unknown mentor', async () => {
    const mentor = await makeMentor(t);
    const business = await makeBusiness(t, admin);
    const future = await call('POST', '/api/v1/mentoring/cases', admin, {
      businessId: business.id,
      mentorId: mentor.user.id,
      openedOn: '2099-01-01',
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().errors[0].path).toBe('body.openedOn');
    const unknown = await call('POST', '/api/v1/mentoring/cases', admin, {
      businessId: business.id,
      mentorId: 999_999,
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0]).toMatchObject({
      path: 'body.mentorId',
      message: 'Pendamping tidak ditemukan.',
    });
    expect(await count('mentoring_case', business.id)).toBe(0);
  });
});

describe('transfer and close', () => {
  it('hands the case to another mentor, keeps the history and moves business.mentor_id', async () => {
    const first = await makeMentor(t);
    const second = await makeMentor(t);
    const business = await makeBusiness(t, admin);
    const kase = await makeCase(t, business.id, first.user.id, '2025-03-01');
    const res = await call('POST', `/api/v1/mentoring/cases/${kase.id}/transfer`, admin, {
      mentorId: second.user.id,
      on: '2025-06-01',
      reason: 'Pendamping pindah tugas',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().mentorId).toBe(second.user.id);
    expect(res.json().assignments).toEqual([
      expect.objectContaining({ mentorId: first.user.id, fromOn: '2025-03-01', toOn: '2025-06-01' }),
      expect.objectContaining({
        mentorId: second.user.id,
        fromOn: '2025-06-01',
        toOn: null,
        reason: 'Pendamping pindah tugas',
      }),
    ]);
    const row = await t.db
      .selectFrom('business')
      .select('mentor_id')
      .where('id', '=', business.id)
      .executeTakeFirstOrThrow();
    expect(row.mentor_id).toBe(second.user.id);
    // The first mentor no longer sees the case; the second does.
    expect((await call('GET', `/api/v1/mentoring/cases/${kase.id}`, first.cookie)).statusCode).toBe(404);
    expect((await call('GET', `/api/v1/mentoring/cases/${kase.id}`, second.cookie)).statusCode).toBe(200);
  });

  it('applies the cap and certificate rules to the new mentor', async () => {
    const first = await makeMentor(t);
    const full = await makeMentor(t, { cap: 1 });
    await makeCase(t, (await makeBusiness(t, admin)).id, full.user.id);
    const business = await makeBusiness(t, admin);
    const kase = await makeCase(t, business.id, first.user.id);
    const res = await call('POST', `/api/v1/mentoring/cases/${kase.id}/transfer`, admin, {
      mentorId: full.user.id,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('CaseloadFull');
    const rows = await t.db
      .selectFrom('case_assignment')
      .selectAll()
      .where('case_id', '=', kase.id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.to_on).toBeNull();
  });

  it('closes a case with an outcome and a note; the mentor may close their own', async () => {
    const mentor = await makeMentor(t);
    const business = await makeBusiness(t, admin);
    const kase = await makeCase(t, business.id, mentor.user.id, '2025-01-01');
    const bad = await call('POST', `/api/v1/mentoring/cases/${kase.id}/close`, mentor.cookie, {
      outcome: 'selesai',
      note: 'x',
    });
    expect(bad.statusCode).toBe(400);
    const noNote = await call('POST', `/api/v1/mentoring/cases/${kase.id}/close`, mentor.cookie, {
      outcome: 'goals_met',
      note: '',
    });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().errors[0].path).toBe('body.note');
    const res = await call('POST', `/api/v1/mentoring/cases/${kase.id}/close`, mentor.cookie, {
      outcome: 'goals_met',
      note: 'NIB dan PIRT sudah terbit',
      closedOn: '2025-08-01',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ closedOn: '2025-08-01', outcome: 'goals_met', canRecord: false });
    expect(res.json().assignments[0].toOn).toBe('2025-08-01');
    const again = await call('POST', `/api/v1/mentoring/cases/${kase.id}/close`, admin, {
      outcome: 'goals_met',
      note: 'lagi',
    });
    expect(again.statusCode).toBe(409);
    // A new case may be opened now that none is open.
    const reopened = await call('POST', '/api/v1/mentoring/cases', admin, {
      businessId: business.id,
      mentorId: mentor.user.id,
    });
    expect(reopened.statusCode).toBe(201);
  });
});

describe('who sees and manages which case', () => {
  it('scopes the list and the case page by role, with 403 and 404 across scopes', async () => {
    const own = await makeInstitution(t);
    const mine = await makeMentor(t, { institutionId: own.id });
    const theirs = await makeMentor(t);
    const instAdmin = (await t.signedIn({ role: 'institution_admin', institutionId: own.id })).cookie;
    const officer = (await t.signedIn({ role: 'area_officer', areaCode: '36.71.05' })).cookie;
    const otherOfficer = (await t.signedIn({ role: 'area_officer', areaCode: '36.71.07' })).cookie;
    const owner = await t.signedIn({ role: 'business_owner' });
    const b1 = await makeBusiness(t, admin, { name: 'Keripik Cipondoh' });
    const b2 = await makeBusiness(t, admin, { name: 'Batik Karawaci', kelurahanCode: '36.71.07.1001' });
    await t.db.updateTable('owner').set({ user_id: owner.user.id }).where('id', '=', b1.owner.id).execute();
    const c1 = await makeCase(t, b1.id, mine.user.id);
    const c2 = await makeCase(t, b2.id, theirs.user.id);

    const names = async (cookie: string, query = '') =>
      (
        (await call('GET', `/api/v1/mentoring/cases?pageSize=200${query}`, cookie)).json().items as {
          businessName: string;
        }[]
      )
        .map((i) => i.businessName)
        .filter((n) => n === 'Keripik Cipondoh' || n === 'Batik Karawaci')
        .sort();
    expect(await names(admin)).toEqual(['Batik Karawaci', 'Keripik Cipondoh']);
    expect(await names(mine.cookie)).toEqual(['Keripik Cipondoh']);
    expect(await names(instAdmin)).toEqual(['Keripik Cipondoh']);
    expect(await names(officer)).toEqual(['Keripik Cipondoh']);
    expect(await names(otherOfficer)).toEqual(['Batik Karawaci']);
    expect(await names(owner.cookie)).toEqual(['Keripik Cipondoh']);
    expect(await names(admin, '&q=batik')).toEqual(['Batik Karawaci']);
    expect(await names(admin, '&kecamatan=36.71.05')).toEqual(['Keripik Cipondoh']);
    expect(await names(admin, '&state=closed')).toEqual([]);

    expect((await call('GET', `/api/v1/mentoring/cases/${c2.id}`, mine.cookie)).statusCode).toBe(404);
    expect((await call('GET', `/api/v1/mentoring/cases/${c2.id}`, officer)).statusCode).toBe(404);
    expect((await call('GET', `/api/v1/mentoring/cases/${c2.id}`, instAdmin)).statusCode).toBe(404);
    expect((await call('GET', `/api/v1/mentoring/cases/${c2.id}`, owner.cookie)).statusCode).toBe(404);
    const ownerView = await call('GET', `/api/v1/mentoring/cases/${c1.id}`, owner.cookie);
    expect(ownerView.statusCode).toBe(200);
    expect(ownerView.json()).toMatchObject({ canRecord: false, canManage: false });

    // A mentor does not open or transfer cases; an owner nothing.
    const b3 = await makeBusiness(t, admin);
    expect(
      (
        await call('POST', '/api/v1/mentoring/cases', mine.cookie, {
          businessId: b3.id,
          mentorId: mine.user.id,
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await call('POST', `/api/v1/mentoring/cases/${c1.id}/transfer`, mine.cookie, {
          mentorId: theirs.user.id,
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await call('POST', `/api/v1/mentoring/cases/${c1.id}/close`, owner.cookie, {
          outcome: 'goals_met',
          note: 'x',
        })
      ).statusCode,
    ).toBe(403);
    // Another mentor's case: not found for the mentor; the institution admin may not hand it to another institution.
    expect(
      (
        await call('POST', `/api/v1/mentoring/cases/${c2.id}/close`, mine.cookie, {
          outcome: 'goals_met',
          note: 'x',
        })
      ).statusCode,
    ).toBe(404);
    const foreign = await call('POST', `/api/v1/mentoring/cases/${c1.id}/transfer`, instAdmin, {
      mentorId: theirs.user.id,
    });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().errors[0].path).toBe('body.mentorId');
    // An officer opens cases only for businesses in their area.
    const b4 = await makeBusiness(t, admin, { kelurahanCode: '36.71.07.1001' });
    expect(
      (await call('POST', '/api/v1/mentoring/cases', officer, { businessId: b4.id, mentorId: mine.user.id }))
        .statusCode,
    ).toBe(404);
    expect(
      (
        await call('POST', '/api/v1/mentoring/cases', otherOfficer, {
          businessId: b4.id,
          mentorId: mine.user.id,
        })
      ).statusCode,
    ).toBe(201);
  });
});

describe('suggested mentors', () => {
  it('ranks by same kelurahan, matching expertise and spare caseload, with the reason in Indonesian', async () => {
    const business = await makeBusiness(t, admin, { kelurahanCode: '36.71.02.1004' });
    const near = await makeMentor(t, {
      name: 'Ani Dekat',
      kelurahan: ['36.71.02.1004'],
      expertise: ['pemasaran', 'keuangan'],
      cap: 25,
    });
    const nearBusy = await makeMentor(t, {
      name: 'Budi Sibuk',
      kelurahan: ['36.71.02.1004'],
      expertise: ['pemasaran'],
      cap: 2,
    });
    await makeCase(t, (await makeBusiness(t, admin)).id, nearBusy.user.id);
    const far = await makeMentor(t, {
      name: 'Citra Jauh',
      kelurahan: ['36.71.07.1001'],
      expertise: ['pemasaran', 'keuangan', 'legalitas'],
    });
    const expired = await makeMentor(t, {
      name: 'Dedi Kedaluwarsa',
      kelurahan: ['36.71.02.1004'],
      expertise: ['pemasaran'],
      certificate: { issuedOn: '2019-01-01', expiresOn: '2022-01-01' },
    });
    const res = await call(
      'GET',
      `/api/v1/mentoring/cases/suggestions?businessId=${business.id}&topics=pemasaran`,
      admin,
    );
    expect(res.statusCode).toBe(200);
    const ids = [near, nearBusy, far, expired].map((m) => m.user.id);
    const ranked = (
      res.json().items as { mentorId: number; explanation: string; eligible: boolean }[]
    ).filter((i) => ids.includes(i.mentorId));
    expect(ranked.map((i) => i.mentorId)).toEqual([
      near.user.id,
      nearBusy.user.id,
      far.user.id,
      expired.user.id,
    ]);
    const kelurahan = res.json().kelurahanName;
    expect(ranked[0]!.explanation).toBe(
      `Meliput kelurahan ${kelurahan} · keahlian pemasaran cocok · sisa kuota 25 dari 25`,
    );
    expect(ranked[1]!.explanation).toContain('sisa kuota 1 dari 2');
    expect(ranked[2]!.explanation).toMatch(/^Tidak meliput kelurahan/);
    expect(ranked[3]).toMatchObject({ eligible: false });
    expect(ranked[3]!.explanation).toContain('sertifikat tidak berlaku');

    const bad = await call(
      'GET',
      `/api/v1/mentoring/cases/suggestions?businessId=${business.id}&topics=memasak`,
      admin,
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('query.topics');
  });

  it('shows an institution admin only their own mentors', async () => {
    const inst = await makeInstitution(t);
    const mine = await makeMentor(t, { institutionId: inst.id });
    const other = await makeMentor(t);
    const cookie = (await t.signedIn({ role: 'institution_admin', institutionId: inst.id })).cookie;
    const business = await makeBusiness(t, admin);
    const res = await call('GET', `/api/v1/mentoring/cases/suggestions?businessId=${business.id}`, cookie);
    const ids = (res.json().items as { mentorId: number }[]).map((i) => i.mentorId);
    expect(ids).toContain(mine.user.id);
    expect(ids).not.toContain(other.user.id);
  });
});

describe('the case page', () => {
  it('shows credited minutes by the SBDC rule, the long-term badge and recovered turnover', async () => {
    const mentor = await makeMentor(t);
    const a = await makeBusiness(t, admin, { baselineOmzet: 10_000_000 });
    const b = await makeBusiness(t, admin);
    const ca = await makeCase(t, a.id, mentor.user.id);
    const cb = await makeCase(t, b.id, mentor.user.id);
    // A group session of two: each credited 60 + 30/2 = 75 minutes; mentor time 90 once.
    await makeSession(t, {
      mentorId: mentor.user.id,
      cases: [
        { businessId: a.id, caseId: ca.id },
        { businessId: b.id, caseId: cb.id },
      ],
      prep: 30,
      contact: 60,
    });
    let page = (await call('GET', `/api/v1/mentoring/cases/${ca.id}`, mentor.cookie)).json();
    expect(page.creditedMinutes).toBe(75);
    expect(page.longTermClient).toBe(false);
    expect(page.sessions[0]).toMatchObject({ mentorMinutes: 90, businessCount: 2 });
    expect(page.sessions[0].businesses.map((x: { creditedMinutes: number }) => x.creditedMinutes)).toEqual([
      75, 75,
    ]);
    expect(page.turnover).toBeNull();

    // Three long visits more: 75 + 3 × 80 = 315 ≥ 300 → a long-term client.
    for (let i = 0; i < 3; i++) {
      await makeSession(t, {
        mentorId: mentor.user.id,
        cases: [{ businessId: a.id, caseId: ca.id }],
        prep: 20,
        contact: 60,
        heldOn: `2024-03-0${i + 1}`,
      });
    }
    const report = await call('PUT', `/api/v1/businesses/${a.id}/omzet/2026-10`, admin, {
      amount: 9_500_000,
    });
    expect(report.statusCode).toBe(200);
    page = (await call('GET', `/api/v1/mentoring/cases/${ca.id}`, mentor.cookie)).json();
    expect(page.creditedMinutes).toBe(315);
    expect(page.longTermClient).toBe(true);
    expect(page.turnover).toMatchObject({ period: '2026-10', declinePct: 5, recovered: true });
    const list = (await call('GET', '/api/v1/mentoring/cases?pageSize=200', mentor.cookie)).json();
    expect(list.items.find((i: { id: number }) => i.id === ca.id)).toMatchObject({
      sessions: 4,
      longTermClient: true,
    });

    const mentoring = (await call('GET', `/api/v1/businesses/${a.id}/mentoring`, admin)).json();
    expect(mentoring).toMatchObject({ creditedMinutes: 315, longTermClient: true, openCase: { id: ca.id } });
    expect(mentoring.sessions).toHaveLength(4);
  });
});
