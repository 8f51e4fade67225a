import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { makeBusiness } from '../../../../test/support/builders.ts';
import { makeCase, makeInstitution, makeMentor, makeSession } from '../../../../test/support/mentoring.ts';
import { standardise } from './comparison.ts';
import type { Outcomes } from './outcomes.schema.ts';

/*
 * A small world where every figure is counted by hand.
 *
 * Institution A: mentor M1 (businesses B1, B2, B3 in Cipondoh, kuliner) and M2 (B4, Cipondoh, fesyen; B6 after
 * March). Institution B: mentor M3 (B5, Karawaci, kuliner) and M4 (no sessions).
 *
 *  S1 2024-02-01 M1 group B1 B2 B3  prep 20 contact  60  → each credited 60 + 20/3
 *  S2 2024-02-10 M1 visit B1        prep 20 contact 100  → 120
 *  S4 2024-03-05 M1 group B1 B2 B3  prep 40 contact 100  → each 100 + 40/3
 *  S5 2024-04-10 M1 visit B2        prep 200 contact 200 → after March: not counted for 2024-03
 *  S6 2024-03-20 M2 visit B4        prep 10 contact  50
 *  S7 2024-03-01 M3 visit B5        prep  0 contact 299
 *  S8 2024-04-05 M2 visit B6        prep 10 contact  10 → B6 is not mentored in March
 *
 * By March: B1 = 60 + 20/3 + 120 + 100 + 40/3 = 300 exactly (a long-term client, made of thirds),
 * B2 = B3 = 180, B4 = 60, B5 = 299 (just short).
 */

let t: TestApp;
let admin: string;
const m: Record<string, { id: number; cookie: string; email: string }> = {};
const b: Record<string, number> = {};
let instA: number;
let instB: number;

const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });
const outcomes = async (cookie: string, period: string) => {
  const res = await get(`/api/v1/mentoring/outcomes?period=${period}`, cookie);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Outcomes;
};

beforeAll(async () => {
  t = await createTestApp();
  admin = (await t.signedIn({ role: 'admin' })).cookie;
  instA = (await makeInstitution(t, 'Lembaga Alfa')).id;
  instB = (await makeInstitution(t, 'Lembaga Beta')).id;
  for (const [key, institutionId] of [
    ['M1', instA],
    ['M2', instA],
    ['M3', instB],
    ['M4', instB],
  ] as const) {
    const mentor = await makeMentor(t, { institutionId, name: `Pendamping ${key}` });
    m[key] = { id: mentor.user.id, cookie: mentor.cookie, email: mentor.user.email };
  }

  // Businesses and their March report: recovered = at most 10 % below the baseline of 10,000,000.
  const RECOVERED = 9_000_000;
  const NOT = 8_900_000;
  const world: [string, string, string, number | null][] = [
    ['B1', 'kuliner', '36.71.05.1001', RECOVERED],
    ['B2', 'kuliner', '36.71.05.1001', RECOVERED],
    ['B3', 'kuliner', '36.71.05.1001', NOT],
    ['B4', 'fesyen', '36.71.05.1001', RECOVERED],
    ['B5', 'kuliner', '36.71.07.1001', NOT],
    ['B6', 'kuliner', '36.71.05.1001', RECOVERED],
    ['N1', 'kuliner', '36.71.05.1001', NOT],
    ['N2', 'kuliner', '36.71.05.1001', NOT],
    ['Y1', 'fesyen', '36.71.05.1001', RECOVERED],
    ['Y2', 'fesyen', '36.71.05.1001', RECOVERED],
    ['Y3', 'fesyen', '36.71.05.1001', RECOVERED],
    ['Y4', 'fesyen', '36.71.05.1001', NOT],
    ['NB', 'kuliner', '36.71.05.1001', null],
  ];
  for (const [key, sector, kelurahanCode, amount] of world) {
    const created = await makeBusiness(t, admin, {
      name: `Usaha ${key}`,
      sector,
      kelurahanCode,
      baselineOmzet: amount === null ? null : 10_000_000,
    });
    b[key] = created.id;
    const res = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/businesses/${created.id}/omzet/2024-03`,
      headers: { cookie: admin },
      payload: { amount: amount ?? 5_000_000 },
    });
    expect(res.statusCode, res.body).toBe(200);
  }

  const cases: Record<string, number> = {};
  for (const [key, mentor] of [
    ['B1', 'M1'],
    ['B2', 'M1'],
    ['B3', 'M1'],
    ['B4', 'M2'],
    ['B5', 'M3'],
    ['B6', 'M2'],
  ] as const) {
    cases[key] = (await makeCase(t, b[key]!, m[mentor]!.id, '2024-01-15')).id;
  }
  const of = (...keys: string[]) => keys.map((k) => ({ businessId: b[k]!, caseId: cases[k]! }));
  await makeSession(t, {
    mentorId: m.M1!.id,
    cases: of('B1', 'B2', 'B3'),
    heldOn: '2024-02-01',
    prep: 20,
    contact: 60,
  });
  await makeSession(t, { mentorId: m.M1!.id, cases: of('B1'), heldOn: '2024-02-10', prep: 20, contact: 100 });
  await makeSession(t, {
    mentorId: m.M1!.id,
    cases: of('B1', 'B2', 'B3'),
    heldOn: '2024-03-05',
    prep: 40,
    contact: 100,
  });
  await makeSession(t, {
    mentorId: m.M1!.id,
    cases: of('B2'),
    heldOn: '2024-04-10',
    prep: 200,
    contact: 200,
  });
  await makeSession(t, { mentorId: m.M2!.id, cases: of('B4'), heldOn: '2024-03-20', prep: 10, contact: 50 });
  await makeSession(t, { mentorId: m.M3!.id, cases: of('B5'), heldOn: '2024-03-01', prep: 0, contact: 299 });
  await makeSession(t, { mentorId: m.M2!.id, cases: of('B6'), heldOn: '2024-04-05', prep: 10, contact: 10 });

  // B4's case passes from M2 to M1 on 2024-03-26: a milestone before stays M2's, one after is M1's.
  await t.db
    .updateTable('case_assignment')
    .set({ to_on: '2024-03-25' })
    .where('case_id', '=', cases.B4!)
    .execute();
  await t.db
    .insertInto('case_assignment')
    .values({ case_id: cases.B4!, mentor_id: m.M1!.id, from_on: '2024-03-26', assigned_by: null })
    .execute();
  await t.db.updateTable('mentoring_case').set({ mentor_id: m.M1!.id }).where('id', '=', cases.B4!).execute();

  const milestone = (
    key: string,
    kind: 'nib' | 'pirt' | 'halal' | 'online_sales',
    on: string,
    confirmed: boolean,
  ) =>
    t.db
      .insertInto('milestone')
      .values({
        business_id: b[key]!,
        case_id: cases[key]!,
        kind,
        achieved_on: on,
        evidence_number: kind === 'online_sales' ? null : `DOC-${key}`,
        evidence_file: null,
        evidence_type: null,
        details: kind === 'online_sales' ? JSON.stringify({ channel: 'shopee' }) : '{}',
        verified_by: null,
        owner_confirmed_at: confirmed ? new Date('2024-03-20T00:00:00Z') : null,
      })
      .execute();
  await milestone('B1', 'nib', '2024-03-10', true);
  await milestone('B4', 'halal', '2024-03-15', false);
  await milestone('B2', 'online_sales', '2024-04-02', true);
  await milestone('B4', 'pirt', '2024-03-28', false);
});
afterAll(() => t.close());

const pick = (f: Outcomes['city']) => ({
  businesses: f.businesses,
  sessions: f.sessions,
  prepMinutes: f.prepMinutes,
  contactMinutes: f.contactMinutes,
  creditedMinutes: f.creditedMinutes,
  creditedContactMinutes: f.creditedContactMinutes,
  creditedPrepMinutes: f.creditedPrepMinutes,
  longTermClients: f.longTermClients,
});

describe('mentoring outcomes', () => {
  it('counts businesses, sessions, mentor time once per session and credited time per business, up to the period end', async () => {
    const r = await outcomes(admin, '2024-03');
    expect(r.period).toBe('2024-03');
    expect(r.periodEnd).toBe('2024-03-31');
    expect(r.areaName).toMatch(/Tangerang/);
    const m1 = r.mentors.find((x) => x.id === m.M1!.id)!;
    // Prep of the group sessions counted once (80, not 20×3 + 20 + 40×3), S5 of April left out.
    expect(pick(m1)).toEqual({
      businesses: 3,
      sessions: 3,
      prepMinutes: 80,
      contactMinutes: 260,
      creditedMinutes: 660,
      creditedContactMinutes: 580,
      creditedPrepMinutes: 80,
      longTermClients: 1, // B1 at exactly 300, made of thirds
    });
    expect(m1.email).toBe(m.M1!.email);
    expect(m1.institutionName).toBe('Lembaga Alfa');
    const m3 = r.mentors.find((x) => x.id === m.M3!.id)!;
    expect(pick(m3)).toMatchObject({ businesses: 1, sessions: 1, creditedMinutes: 299, longTermClients: 0 });
    // A mentor without sessions is listed with nothing.
    expect(pick(r.mentors.find((x) => x.id === m.M4!.id)!)).toMatchObject({ sessions: 0, businesses: 0 });

    const alfa = r.institutions.find((x) => x.id === instA)!;
    expect(pick(alfa)).toEqual({
      businesses: 4,
      sessions: 4,
      prepMinutes: 90,
      contactMinutes: 310,
      creditedMinutes: 720,
      creditedContactMinutes: 630,
      creditedPrepMinutes: 90,
      longTermClients: 1,
    });
    expect(alfa.mentors).toBe(2);
    expect(pick(r.city)).toEqual({
      businesses: 5,
      sessions: 5,
      prepMinutes: 90,
      contactMinutes: 609,
      creditedMinutes: 1019,
      creditedContactMinutes: 929,
      creditedPrepMinutes: 90,
      longTermClients: 1,
    });
  });

  it('counts the sessions of a later month once that month is asked', async () => {
    const r = await outcomes(admin, '2024-04');
    const m1 = r.mentors.find((x) => x.id === m.M1!.id)!;
    expect(m1.sessions).toBe(4);
    expect(m1.longTermClients).toBe(2); // B2: 180 + 400
    expect(r.city.businesses).toBe(6); // B6 from April
  });

  it('counts milestones reached by the period end by kind, owner-confirmed apart, for the mentor who held the case', async () => {
    const r = await outcomes(admin, '2024-03');
    expect(r.city.milestones).toMatchObject({ total: 3, confirmed: 1, unconfirmed: 2 });
    expect(r.city.milestones.byKind.nib).toEqual({ total: 1, confirmed: 1 });
    expect(r.city.milestones.byKind.halal).toEqual({ total: 1, confirmed: 0 });
    expect(r.city.milestones.byKind.pirt).toEqual({ total: 1, confirmed: 0 });
    expect(r.city.milestones.byKind.online_sales).toEqual({ total: 0, confirmed: 0 });
    // B4's halal (15 March) was reached under M2, its PIRT (28 March) after the transfer to M1.
    const m1 = r.mentors.find((x) => x.id === m.M1!.id)!.milestones;
    const m2 = r.mentors.find((x) => x.id === m.M2!.id)!.milestones;
    expect([m1.total, m1.byKind.nib.total, m1.byKind.pirt.total]).toEqual([2, 1, 1]);
    expect([m2.total, m2.byKind.halal.total]).toEqual([1, 1]);
    expect(r.institutions.find((x) => x.id === instA)!.milestones.total).toBe(3);
    const april = await outcomes(admin, '2024-04');
    expect(april.city.milestones.byKind.online_sales).toEqual({ total: 1, confirmed: 1 });
  });

  it('compares recovery with not-mentored businesses reweighted to the mentored mix, leaving out strata without a comparison', async () => {
    const { comparison: c } = await outcomes(admin, '2024-03');
    // kuliner×Cipondoh: mentored B1 B2 B3 (2 recovered); not mentored N1 N2 and B6 (mentored only in April): 1 of 3.
    // fesyen×Cipondoh: mentored B4 (recovered); not mentored Y1–Y4: 3 of 4.
    // kuliner×Karawaci: mentored B5, nobody else reported: left out of both sides.
    expect(c.mentored).toMatchObject({ reporting: 4, recovered: 3, recoveredPct: 75 });
    expect(c.notMentored).toMatchObject({ reporting: 7, recovered: 4 });
    // Reweighted: (3 × 1/3 + 1 × 3/4) / 4 = 0.4375; the crude share would be 4/7.
    expect(c.notMentored.recoveredShare).toBeCloseTo(0.4375, 12);
    expect(c.notMentored.recoveredPct).toBe(43.8);
    expect(c.notMentored.crudeShare).toBeCloseTo(4 / 7, 12);
    expect(c.notMentored.crudePct).toBe(57.1);
    expect(c.differencePts).toBe(31.3);
    expect(c.strataUsed).toBe(2);
    expect(c.strataLeftOut).toBe(1);
    expect(c.mentoredLeftOut).toBe(1);
    expect(c.strata.find((s) => s.kecamatanCode === '36.71.07')).toMatchObject({
      included: false,
      mentored: 1,
    });
    // The words carry the numbers.
    expect(c.method.id).toContain('Dari 4 usaha yang didampingi dan melapor omzet Maret 2024');
    expect(c.method.id).toContain('75,0\u00a0%');
    expect(c.method.id).toContain('43,8\u00a0%');
    expect(c.method.id).toContain('57,1\u00a0%');
    expect(c.method.id).toContain('1 kelompok sektor × kecamatan (1 usaha yang didampingi)');
    expect(c.method.en).toContain('Of the 4 mentored businesses that reported turnover for March 2024');
  });

  it('standardises exactly (the rule on its own)', () => {
    const s = standardise([
      {
        sector: 'a',
        kecamatanCode: 'x',
        mentored: 10,
        mentoredRecovered: 5,
        notMentored: 100,
        notMentoredRecovered: 10,
      },
      {
        sector: 'b',
        kecamatanCode: 'x',
        mentored: 30,
        mentoredRecovered: 21,
        notMentored: 10,
        notMentoredRecovered: 8,
      },
      {
        sector: 'c',
        kecamatanCode: 'x',
        mentored: 7,
        mentoredRecovered: 7,
        notMentored: 0,
        notMentoredRecovered: 0,
      },
    ]);
    expect(s.notMentored.share).toBeCloseTo((10 * 0.1 + 30 * 0.8) / 40, 12);
    expect(s.notMentored.crudeShare).toBeCloseTo(18 / 110, 12);
    expect(s.mentored.share).toBeCloseTo(26 / 40, 12);
    expect([s.strataUsed, s.strataLeftOut, s.mentoredLeftOut]).toEqual([2, 1, 7]);
  });

  it("shows an institution admin their institution's work, a mentor their own, an area officer their area's", async () => {
    const ia = (await t.signedIn({ role: 'institution_admin', institutionId: instA })).cookie;
    const r = await outcomes(ia, '2024-03');
    expect(r.scope).toEqual({ kind: 'institution', name: 'Lembaga Alfa' });
    expect(pick(r.city)).toMatchObject({ sessions: 4, creditedMinutes: 720 });
    expect(r.mentors.map((x) => x.id).sort()).toEqual([m.M1!.id, m.M2!.id].sort());
    expect(r.institutions.map((x) => x.id)).toEqual([instA]);
    // The workbook of an institution admin holds their mentors only.
    const xlsx = await get('/api/v1/mentoring/outcomes/outcomes.xlsx?period=2024-03', ia);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const emails = wb.getWorksheet('Pendamping')!.getColumn(1).values.slice(2);
    expect([...emails].sort()).toEqual([m.M1!.email, m.M2!.email].sort());
    // B5 is mentored by Lembaga Beta: on neither side of Alfa's comparison.
    expect(r.comparison.mentored.reporting).toBe(4);
    expect(r.comparison.strataLeftOut).toBe(0);

    const own = await outcomes(m.M3!.cookie, '2024-03');
    expect(own.scope.kind).toBe('mentor');
    expect(own.mentors.map((x) => x.id)).toEqual([m.M3!.id]);
    expect(own.institutions).toEqual([]);
    expect(pick(own.city)).toMatchObject({ sessions: 1, creditedMinutes: 299 });

    const officer = (await t.signedIn({ role: 'area_officer', areaCode: '36.71.07' })).cookie;
    const area = await outcomes(officer, '2024-03');
    expect(area.scope.kind).toBe('area');
    expect(pick(area.city)).toMatchObject({ businesses: 1, sessions: 1, creditedMinutes: 299 });
    expect(area.mentors.map((x) => x.id)).toEqual([m.M3!.id]);
    expect(area.city.milestones.total).toBe(0);
    expect(area.comparison.mentored.reporting).toBe(0);
    expect(area.comparison.mentoredLeftOut).toBe(1);

    const owner = (await t.signedIn({ role: 'business_owner' })).cookie;
    expect((await get('/api/v1/mentoring/outcomes?period=2024-03', owner)).statusCode).toBe(403);
    expect((await get('/api/v1/mentoring/outcomes/outcomes.xlsx?period=2024-03', owner)).statusCode).toBe(
      403,
    );
    expect((await get('/api/v1/mentoring/outcomes/report.pdf?period=2024-03', officer)).statusCode).toBe(403);
  });

  it('refuses a malformed or future period in Indonesian, naming the field', async () => {
    for (const period of ['2024-13', 'maret', '2024-3', '2999-01']) {
      const res = await get(`/api/v1/mentoring/outcomes?period=${period}`, admin);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const body = res.json();
      expect(body.detail ?? body.title).toMatch(/Periode/);
      expect(body.errors[0].path).toBe('query.period');
    }
    expect((await get('/api/v1/mentoring/outcomes', admin)).statusCode).toBe(400);
  });

  it('exports the workbook with its four sheets', async () => {
    const res = await get('/api/v1/mentoring/outcomes/outcomes.xlsx?period=2024-03', admin);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain('hasil-pendampingan-2024-03.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Kota', 'Lembaga', 'Pendamping', 'Perbandingan']);
    const mentors = wb.getWorksheet('Pendamping')!;
    const emails = mentors.getColumn(1).values.slice(2);
    expect(emails).toContain(m.M1!.email);
    const m1Row = mentors.getRow(emails.indexOf(m.M1!.email) + 2).values as unknown[];
    expect(m1Row.slice(4, 8)).toEqual([3, 3, 80, 260]);
    const cmp = wb.getWorksheet('Perbandingan')!;
    expect(cmp.getRow(3).values).toEqual([undefined, 'tidak didampingi (ditimbang)', 7, 4, 43.8]);
  });

  it('makes the office a monthly A4 PDF', async () => {
    const res = await get('/api/v1/mentoring/outcomes/report.pdf?period=2024-03', admin);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain('laporan-pendampingan-2024-03.pdf');
    const pdf = res.rawPayload;
    if (process.env.OUTCOMES_PDF_OUT)
      (await import('node:fs')).writeFileSync(process.env.OUTCOMES_PDF_OUT, pdf);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
    expect((await get('/api/v1/mentoring/outcomes/report.pdf?period=2024-13', admin)).statusCode).toBe(400);
  });
});
