import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { makeBusiness, makeNik } from '../../../../test/support/builders.ts';
import { makeCase, makeInstitution, makeMentor, makeSession } from '../../../../test/support/mentoring.ts';
import { localToday } from '../../http/dates.ts';
import type { CoverageDto, CoverageRowDto } from './coverage.schema.ts';

/*
 * The coverage board on a small known world: two kecamatan (Cipondoh 36.71.05 with 10 kelurahan, Karawaci
 * 36.71.07 with 16), two institutions with a mentor each, businesses, open and closed cases, and sessions
 * held 10 and 40 days ago. Then the rollout plan: validation, progress and the behind-schedule rule.
 */

const CIPONDOH = '36.71.05';
const KARAWACI = '36.71.07';
const K1 = '36.71.05.1001';
const K2 = '36.71.05.1002';
const K3 = '36.71.05.1003';
const KW1 = '36.71.07.1001';

let t: TestApp;
let admin: string;
let officer: string;
let institutionAdmin: string;
let today: string;

function daysAgo(days: number) {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}
function monthsFromNow(months: number) {
  const [y, m] = today.slice(0, 7).split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

async function coverage(cookie: string, query: Record<string, string> = {}) {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/mentoring/coverage?${new URLSearchParams(query)}`,
    headers: { cookie },
  });
  return res;
}
async function board(cookie: string, query: Record<string, string> = {}) {
  const res = await coverage(cookie, query);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as CoverageDto;
}
const row = (b: CoverageDto, code: string) => {
  const found = b.rows.find((r) => r.code === code);
  if (!found) throw new Error(`no row ${code}`);
  return found as CoverageRowDto;
};

let serial = 500;
async function business(kelurahanCode: string) {
  serial += 1;
  return makeBusiness(t, admin, {
    owner: { nik: makeNik(serial, kelurahanCode.slice(6, 8)) },
    name: `Usaha Cakupan ${serial}`,
    kelurahanCode,
  });
}

beforeAll(async () => {
  t = await createTestApp();
  today = localToday(t.config.timezone);
  admin = (await t.signedIn({ role: 'admin' })).cookie;
  officer = (await t.signedIn({ role: 'area_officer', areaCode: CIPONDOH })).cookie;
  const own = await makeInstitution(t, 'LP3W Kota Tangerang');
  const other = await makeInstitution(t, 'Lembaga Lain');
  institutionAdmin = (await t.signedIn({ role: 'institution_admin', institutionId: own.id })).cookie;

  // Mentor A (LP3W) covers K1 and K2; mentor B (the other institution) covers Karawaci's KW1.
  const a = await makeMentor(t, { institutionId: own.id, kelurahan: [K1, K2] });
  const b = await makeMentor(t, { institutionId: other.id, kelurahan: [KW1] });

  const b1 = await business(K1);
  const b2 = await business(K1);
  await business(K1);
  const archived = await business(K1);
  await t.db.updateTable('business').set({ archived_at: new Date() }).where('id', '=', archived.id).execute();
  const b5 = await business(K2);
  const b6 = await business(KW1);
  await business(KW1);

  const c1 = await makeCase(t, b1.id, a.user.id, daysAgo(60));
  // A closed case: b2 was reached (the rollout counts it) but is not mentored now.
  const c2 = await makeCase(t, b2.id, a.user.id, daysAgo(90));
  await t.db
    .updateTable('mentoring_case')
    .set({ closed_on: daysAgo(50), outcome: 'goals_met' })
    .where('id', '=', c2.id)
    .execute();
  const c5 = await makeCase(t, b5.id, b.user.id, daysAgo(60));
  const c6 = await makeCase(t, b6.id, b.user.id, daysAgo(60));
  // An archived business's open case counts nowhere.
  await makeCase(t, archived.id, b.user.id, daysAgo(60));

  await makeSession(t, {
    mentorId: a.user.id,
    cases: [{ businessId: b1.id, caseId: c1.id }],
    heldOn: daysAgo(10),
  });
  await makeSession(t, {
    mentorId: a.user.id,
    cases: [{ businessId: b1.id, caseId: c1.id }],
    heldOn: daysAgo(40),
  });
  // One group session with a business in Cipondoh and one in Karawaci.
  await makeSession(t, {
    mentorId: b.user.id,
    cases: [
      { businessId: b5.id, caseId: c5.id },
      { businessId: b6.id, caseId: c6.id },
    ],
    heldOn: daysAgo(10),
  });
  await makeSession(t, {
    mentorId: b.user.id,
    cases: [{ businessId: b6.id, caseId: c6.id }],
    heldOn: daysAgo(40),
  });
  // On the window's first day (counted) and the day before it (not).
  await makeSession(t, {
    mentorId: b.user.id,
    cases: [{ businessId: b6.id, caseId: c6.id }],
    heldOn: daysAgo(29),
  });
  await makeSession(t, {
    mentorId: b.user.id,
    cases: [{ businessId: b6.id, caseId: c6.id }],
    heldOn: daysAgo(30),
  });
});
afterAll(() => t.close());

describe('the coverage board', () => {
  it('lists every kelurahan of the deployment, those with nothing as zeros and priorities', async () => {
    const b = await board(admin);
    expect(b.level).toBe('kelurahan');
    expect(b.today).toBe(today);
    expect(b.windowStart).toBe(daysAgo(29));
    expect(b.rows).toHaveLength(104);
    expect(new Set(b.rows.map((r) => r.kecamatanCode)).size).toBe(13);
    expect(row(b, K3)).toMatchObject({
      name: 'Cipondoh Indah',
      kecamatanCode: CIPONDOH,
      kecamatanName: 'Cipondoh',
      businesses: 0,
      activeCases: 0,
      sharePct: null,
      mentors: 0,
      activeMentors: 0,
      sessions30d: 0,
      priority: true,
      priorityReasons: ['noActiveMentor', 'noSession30d'],
      rollout: null,
    });
    expect(b.rows.filter((r) => !r.priority).map((r) => r.code)).toEqual([K1, K2, KW1]);
  });

  it('counts businesses, open cases, mentors (by case or by coverage) and sessions of the last 30 days', async () => {
    const b = await board(admin);
    expect(row(b, K1)).toMatchObject({
      businesses: 3, // the archived one is not counted
      activeCases: 1,
      reached: 2,
      sharePct: 33.3,
      mentors: 1,
      mentorsWithCases: 1,
      mentorsCovering: 1,
      activeMentors: 1,
      sessions30d: 1, // the session 40 days ago is outside the window
      priority: false,
    });
    // Mentor A covers K2 (no case there); mentor B has the open case there and held the group session.
    expect(row(b, K2)).toMatchObject({
      businesses: 1,
      activeCases: 1,
      sharePct: 100,
      mentors: 2,
      mentorsWithCases: 1,
      mentorsCovering: 1,
      activeMentors: 1,
      sessions30d: 1,
    });
    // The group session, and the session on the window's first day; not the one 30 days ago.
    expect(row(b, KW1)).toMatchObject({ businesses: 2, activeCases: 1, mentors: 1, sessions30d: 2 });
  });

  it('sums kecamatan rows from their kelurahan, counting a mentor or a session once per kecamatan', async () => {
    const b = await board(admin, { level: 'kecamatan' });
    expect(b.rows).toHaveLength(13);
    expect(row(b, CIPONDOH)).toMatchObject({
      name: 'Cipondoh',
      kelurahan: 10,
      businesses: 4,
      activeCases: 2,
      reached: 3,
      sharePct: 50,
      mentors: 2,
      activeMentors: 2,
      sessions30d: 2,
      priority: false,
      priorityKelurahan: 8,
    });
    expect(row(b, KARAWACI)).toMatchObject({
      kelurahan: 16,
      businesses: 2,
      sessions30d: 2,
      priorityKelurahan: 15,
    });
    expect(row(b, '36.71.01')).toMatchObject({ businesses: 0, priority: true, priorityKelurahan: 8 });
  });

  it('shows an area officer only their area, and refuses another kecamatan', async () => {
    const own = await board(officer);
    expect(own.rows).toHaveLength(10);
    expect(own.rows.every((r) => r.kecamatanCode === CIPONDOH)).toBe(true);
    expect(row(own, K2).activeCases).toBe(1);
    const byKecamatan = await board(officer, { level: 'kecamatan' });
    expect(byKecamatan.rows.map((r) => r.code)).toEqual([CIPONDOH]);
    const other = await coverage(officer, { kecamatan: KARAWACI });
    expect(other.statusCode).toBe(403);
    expect(other.json().code).toBe('OutOfScope');
  });

  it('shows an institution admin every kelurahan with only their institution’s mentoring counted', async () => {
    const b = await board(institutionAdmin, { kecamatan: CIPONDOH });
    expect(b.institutionOnly).toBe(true);
    expect(b.rows).toHaveLength(10);
    expect(row(b, K1)).toMatchObject({ businesses: 3, activeCases: 1, mentors: 1, sessions30d: 1 });
    // K2's case and session are the other institution's: here only mentor A's coverage remains.
    expect(row(b, K2)).toMatchObject({
      businesses: 1,
      activeCases: 0,
      mentors: 1,
      mentorsCovering: 1,
      activeMentors: 0,
      sessions30d: 0,
      priority: true,
    });
  });

  it('refuses mentors and owners, and a malformed kecamatan with a field error', async () => {
    const mentor = await makeMentor(t);
    expect((await coverage(mentor.cookie)).statusCode).toBe(403);
    const bad = await coverage(admin, { kecamatan: 'Cipondoh' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ path: 'querystring.kecamatan' });
    expect((await coverage(admin, { kecamatan: K1 })).statusCode).toBe(400);
    expect((await coverage(admin, { kecamatan: '32.01.01' })).statusCode).toBe(404);
    expect((await coverage(admin, { level: 'kota' })).statusCode).toBe(400);
  });

  it('downloads the same table as XLSX, scoped like the JSON', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/mentoring/coverage.xlsx?level=kelurahan',
      headers: { cookie: officer },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(`cakupan-pendampingan-kelurahan-${today}.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(sheet.rowCount).toBe(11); // header + Cipondoh's 10 kelurahan
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const values = (n: number) =>
      Object.fromEntries(header.map((h, i) => [String(h), sheet.getRow(n).getCell(i + 1).value]));
    const k1 = values(2);
    expect(k1).toMatchObject({
      kode: K1,
      nama: 'Cipondoh',
      usaha_terdaftar: 3,
      usaha_didampingi: 1,
      sesi_30_hari: 1,
      prioritas: 'tidak',
    });
    expect(values(4)).toMatchObject({ kode: K3, prioritas: 'tanpa pendamping aktif; tanpa sesi 30 hari' });
    const other = await t.app.inject({
      method: 'GET',
      url: `/api/v1/mentoring/coverage.xlsx?kecamatan=${KARAWACI}`,
      headers: { cookie: officer },
    });
    expect(other.statusCode).toBe(403);
  });
});

describe('the rollout plan', () => {
  const put = (url: string, payload: unknown, cookie = admin) =>
    t.app.inject({
      method: 'PUT',
      url: `/api/v1/mentoring/rollout/${url}`,
      headers: { cookie },
      payload: payload as object,
    });
  const targets = () => t.db.selectFrom('rollout_target').selectAll().orderBy('kelurahan_code').execute();
  const auditCount = async () =>
    (
      await t.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('entity', '=', 'rollout_target')
        .executeTakeFirstOrThrow()
    ).n;

  it('refuses a bad target with an Indonesian field error and saves nothing', async () => {
    const cases: [unknown, string][] = [
      [{ targetBusinesses: 0, targetMonth: '2027-06' }, 'body.targetBusinesses'],
      [{ targetBusinesses: -3, targetMonth: '2027-06' }, 'body.targetBusinesses'],
      [{ targetBusinesses: 2.5, targetMonth: '2027-06' }, 'body.targetBusinesses'],
      [{ targetBusinesses: '10', targetMonth: '2027-06' }, 'body.targetBusinesses'],
      [{ targetBusinesses: 10, targetMonth: '2027-13' }, 'body.targetMonth'],
      [{ targetBusinesses: 10, targetMonth: '2027-6' }, 'body.targetMonth'],
      [{ targetBusinesses: 10 }, 'body.targetMonth'],
      [{ targetBusinesses: 10, targetMonth: '2027-06', startMonth: '2027-07' }, 'body.startMonth'],
    ];
    for (const [payload, path] of cases) {
      const res = await put(`kelurahan/${K1}`, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      const error = res.json().errors.find((e: { path: string }) => e.path === path);
      expect(error, `${JSON.stringify(payload)} → ${res.body}`).toBeDefined();
      expect(error.message).toMatch(/target|bulan/i);
    }
    expect(
      (await put(`kecamatan/${CIPONDOH}`, { targetBusinesses: 0, targetMonth: '2027-06' })).statusCode,
    ).toBe(400);
    expect(
      (await put('kelurahan/36.71.05.9999', { targetBusinesses: 5, targetMonth: '2027-06' })).statusCode,
    ).toBe(404);
    expect(
      (await put('kelurahan/bukan-kode', { targetBusinesses: 5, targetMonth: '2027-06' })).statusCode,
    ).toBe(400);
    expect(
      (await put(`kelurahan/${CIPONDOH}`, { targetBusinesses: 5, targetMonth: '2027-06' })).statusCode,
    ).toBe(400);
    expect(
      (await put(`kelurahan/${K1}`, { targetBusinesses: 5, targetMonth: '2027-06' }, officer)).statusCode,
    ).toBe(403);
    expect(await targets()).toEqual([]);
    expect(await auditCount()).toBe(0);
  });

  it('marks behind schedule after the target month, or below the straight line from the start month', async () => {
    // K1 reached 2 (an open and a closed case). Its target month is past: 2 of 4 is behind.
    let res = await put(`kelurahan/${K1}`, {
      targetBusinesses: 4,
      targetMonth: monthsFromNow(-1),
      startMonth: monthsFromNow(-6),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ kelurahanCode: K1, kelurahanName: 'Cipondoh', targetBusinesses: 4 });
    // K2 reached 1. Four months from two months ago to next month; two have passed: 2 of 4 expected now.
    res = await put(`kelurahan/${K2}`, {
      targetBusinesses: 4,
      targetMonth: monthsFromNow(1),
      startMonth: monthsFromNow(-2),
    });
    expect(res.statusCode).toBe(200);
    // KW1 reached 1 of 2 with the same plan: 1 expected now, on schedule.
    res = await put(`kelurahan/${KW1}`, {
      targetBusinesses: 2,
      targetMonth: monthsFromNow(1),
      startMonth: monthsFromNow(-2),
    });
    expect(res.statusCode).toBe(200);
    // K3 starts this month (the default): nothing expected yet.
    res = await put(`kelurahan/${K3}`, { targetBusinesses: 10, targetMonth: monthsFromNow(5) });
    expect(res.json().startMonth).toBe(monthsFromNow(0));

    const b = await board(admin);
    expect(row(b, K1).rollout).toMatchObject({ reached: 2, progressPct: 50, expectedNow: 4, behind: true });
    expect(row(b, K2).rollout).toMatchObject({ reached: 1, progressPct: 25, expectedNow: 2, behind: true });
    expect(row(b, KW1).rollout).toMatchObject({ reached: 1, progressPct: 50, expectedNow: 1, behind: false });
    expect(row(b, K3).rollout).toMatchObject({ reached: 0, expectedNow: 0, behind: false });
    const kec = await board(admin, { level: 'kecamatan' });
    expect(row(kec, CIPONDOH).rollout).toMatchObject({
      targetBusinesses: 18,
      kelurahanWithTarget: 3,
      reached: 3,
      behindKelurahan: 2,
      behind: true,
      targetMonth: monthsFromNow(5),
      startMonth: monthsFromNow(-6),
    });
    expect(await auditCount()).toBe(4);
  });

  it('sets every kelurahan of a kecamatan at once, keeps set start months, audits each and removes one', async () => {
    const res = await put(`kecamatan/${KARAWACI}`, { targetBusinesses: 3, targetMonth: monthsFromNow(3) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().targets).toHaveLength(16);
    const saved = (await targets()).filter((r) => r.kelurahan_code.startsWith(`${KARAWACI}.`));
    expect(saved).toHaveLength(16);
    expect(saved.every((r) => r.target_businesses === 3 && r.target_month === monthsFromNow(3))).toBe(true);
    expect(saved.find((r) => r.kelurahan_code === KW1)!.start_month).toBe(monthsFromNow(-2));
    const entry = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity', '=', 'rollout_target')
      .where('entity_id', '=', KW1)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({
      action: 'update',
      old_values: { target_businesses: 2 },
      new_values: { target_businesses: 3 },
    });
    expect(await auditCount()).toBe(4 + 16);

    const removed = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/mentoring/rollout/kelurahan/${K3}`,
      headers: { cookie: admin },
    });
    expect(removed.statusCode).toBe(204);
    expect((await targets()).some((r) => r.kelurahan_code === K3)).toBe(false);
    expect(row(await board(admin), K3).rollout).toBeNull();
    expect(await auditCount()).toBe(4 + 16 + 1);
  });
});
