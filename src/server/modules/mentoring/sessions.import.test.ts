import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { importFile, makeBusiness, makeNik } from '../../../../test/support/builders.ts';
import { makeCase, makeInstitution, makeMentor } from '../../../../test/support/mentoring.ts';
import { SESSION_COLUMNS } from '../../../shared/import-columns.ts';
import { hasValidCertificate, lockCaseload } from './mentoring.rules.ts';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await createTestApp();
  admin = (await t.signedIn({ role: 'admin' })).cookie;
});
afterAll(() => t.close());

type Column = (typeof SESSION_COLUMNS)[number];
const HEADER = SESSION_COLUMNS.join(',');
const file = (...rows: string[]) => `${[HEADER, ...rows].join('\n')}\n`;

let serial = 5000;
/** A registered business of a new owner (or of `nik`'s owner), with the owner's NIK. */
async function business(name: string, existing?: string) {
  serial += 1;
  const nik = existing ?? makeNik(serial);
  const b = await makeBusiness(t, admin, {
    owner: { nik, name: `Pemilik ${name}` },
    name,
    ...(existing ? { useExistingOwner: true } : {}),
  });
  return { id: b.id as number, nik, name };
}

const count = async (
  table: 'mentoring_session' | 'session_business' | 'mentoring_case' | 'case_assignment',
) =>
  Number(
    (
      await t.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const tableCounts = async () => ({
  sessions: await count('mentoring_session'),
  businesses: await count('session_business'),
  cases: await count('mentoring_case'),
  assignments: await count('case_assignment'),
});

type Summary = {
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  reasons: Record<string, number>;
};
const addsUp = (s: Summary) => {
  expect(s.created + s.updated + s.unchanged + s.rejected).toBe(s.total);
  expect(Object.values(s.reasons).reduce((a, b) => a + b, 0)).toBe(s.rejected);
};

describe('sessions import', () => {
  let mentor: Awaited<ReturnType<typeof makeMentor>>;
  let email: string;
  let row: (values: Partial<Record<Column, string>>) => string;
  let siti: { id: number; nik: string; name: string };
  let budi: { id: number; nik: string; name: string };
  let warung: { id: number; nik: string; name: string };
  let katering: { id: number; nik: string; name: string };

  beforeAll(async () => {
    email = 'rina@lp3w.or.id';
    mentor = await makeMentor(t, { email });
    row = (values) => {
      const r: Partial<Record<Column, string>> = {
        tanggal: '2026-06-10',
        email_pendamping: email,
        mode: 'kunjungan',
        menit_persiapan: '30',
        menit_tatap_muka: '60',
        topik: 'pemasaran|keuangan',
        ...values,
      };
      return SESSION_COLUMNS.map((c) => r[c] ?? '').join(',');
    };
    siti = await business('Warung Siti');
    budi = await business('Bengkel Budi');
    warung = await business('Warung Ani');
    katering = await business('Katering Ani', warung.nik); // the same owner: two businesses
  });

  const firstFile = () =>
    file(
      row({ kode_sesi: 'LP3W-001', nik: siti.nik }),
      row({
        kode_sesi: 'LP3W-002',
        tanggal: '12/06/2026',
        mode: 'kelompok',
        nik: budi.nik,
        catatan: 'Foto produk',
      }),
      row({
        kode_sesi: 'LP3W-002',
        tanggal: '2026-06-12',
        mode: 'kelompok',
        nik: warung.nik,
        nama_usaha: 'katering  ani',
      }),
    );

  it('stores sessions, a group session as one, and opens a case for each business without one', async () => {
    const { job } = await importFile(t, admin, 'sessions', firstFile(), 'sesi.csv');
    expect(job.status).toBe('done');
    expect(job.summary).toMatchObject({ total: 3, created: 3, updated: 0, unchanged: 0, rejected: 0 });
    expect(job.summary).toMatchObject({ sessions: 2, casesOpened: 3 });

    const group = await t.db
      .selectFrom('mentoring_session')
      .selectAll()
      .where('code', '=', 'LP3W-002')
      .executeTakeFirstOrThrow();
    expect(group).toMatchObject({
      held_on: '2026-06-12',
      mode: 'kelompok',
      mentor_id: mentor.user.id,
      prep_minutes: 30,
      contact_minutes: 60,
      businesses: 2,
      notes: 'Foto produk',
    });
    expect([...group.topics].sort()).toEqual(['keuangan', 'pemasaran']);
    // The SBDC credit of each business of the group: 60 + 30 / 2.
    const credit = await t.db
      .selectFrom('session_credit')
      .select(['business_id', 'credited_minutes'])
      .where('session_id', '=', group.id)
      .execute();
    expect(credit.map((c) => Number(c.credited_minutes))).toEqual([75, 75]);
    expect(credit.map((c) => c.business_id).sort()).toEqual([budi.id, katering.id].sort());

    const cases = await t.db
      .selectFrom('mentoring_case as c')
      .innerJoin('case_assignment as a', 'a.case_id', 'c.id')
      .innerJoin('business as b', 'b.id', 'c.business_id')
      .select(['c.business_id', 'c.mentor_id', 'c.opened_on', 'a.from_on', 'b.mentor_id as registry_mentor'])
      .orderBy('c.business_id')
      .execute();
    expect(cases).toHaveLength(3);
    for (const c of cases) {
      expect(c.mentor_id).toBe(mentor.user.id);
      expect(c.registry_mentor).toBe(mentor.user.id);
      expect(c.from_on).toBe(c.opened_on);
    }
    expect(cases.find((c) => c.business_id === siti.id)?.opened_on).toBe('2026-06-10');
  });

  it('importing the same file again changes nothing', async () => {
    const before = await tableCounts();
    const { job } = await importFile(t, admin, 'sessions', firstFile(), 'sesi.csv');
    expect(job.summary).toMatchObject({ total: 3, created: 0, updated: 0, unchanged: 3, rejected: 0 });
    addsUp(job.summary);
    expect(await tableCounts()).toEqual(before);
  });

  it('rejects every bad row with its reason code, and saves the rest', async () => {
    const expired = await makeMentor(t, {
      email: 'lama@lp3w.or.id',
      certificate: { issuedOn: '2020-01-01', expiresOn: '2025-12-31' },
    });
    const other = await makeMentor(t, { email: 'lain@lp3w.or.id' });
    const fresh = await business('Toko Baru');
    const unregistered = makeNik(9876);
    const before = await tableCounts();
    const content = file(
      row({ kode_sesi: 'R-01', nik: '' }), // 2 required_missing
      row({ kode_sesi: 'R-02', nik: siti.nik, tanggal: '31/02/2026' }), // 3 date_invalid
      row({ kode_sesi: 'R-03', nik: siti.nik, tanggal: '2099-01-01' }), // 4 date_future
      row({ kode_sesi: 'R-04', nik: siti.nik, mode: 'telepon' }), // 5 mode_invalid
      row({ kode_sesi: 'R-05', nik: siti.nik, menit_persiapan: '-5' }), // 6 minutes_invalid
      row({ kode_sesi: 'R-06', nik: siti.nik, menit_tatap_muka: '2.5' }), // 7 minutes_invalid
      row({ kode_sesi: 'R-07', nik: siti.nik, topik: 'pemasaran|memasak' }), // 8 topic_unknown
      row({ kode_sesi: 'R-08', nik: '3671053102850001' }), // 9 nik_invalid
      row({ kode_sesi: 'R-09', nik: siti.nik, email_pendamping: 'siapa@x.id' }), // 10 mentor_unknown
      row({ kode_sesi: 'R-10', nik: unregistered }), // 11 nik_unknown
      row({ kode_sesi: 'R-11', nik: budi.nik, nama_usaha: 'Bengkel Lain' }), // 12 business_unknown
      row({ kode_sesi: 'R-12', nik: warung.nik }), // 13 business_ambiguous
      row({ kode_sesi: 'R-13', mode: 'kelompok', nik: siti.nik }), // 14 kept
      row({ kode_sesi: 'R-13', mode: 'kelompok', nik: siti.nik }), // 15 duplicate_in_session
      row({ kode_sesi: 'LP3W-001', nik: siti.nik, menit_tatap_muka: '90' }), // 16 session_conflict
      row({ kode_sesi: 'R-14', nik: fresh.nik, email_pendamping: 'lama@lp3w.or.id' }), // 17 certificate_invalid
      row({ kode_sesi: 'R-15', nik: siti.nik, email_pendamping: 'lain@lp3w.or.id' }), // 18 case_other_mentor
      row({ kode_sesi: 'R-16', mode: 'kelompok', nik: budi.nik }), // 19 group_mismatch ...
      row({ kode_sesi: 'R-16', mode: 'kelompok', nik: siti.nik, menit_persiapan: '45' }), // 20 ... both rows
      row({ kode_sesi: 'K'.repeat(65), nik: siti.nik }), // 21 too_long
    );
    const { job } = await importFile(t, admin, 'sessions', content);
    expect(job.summary).toMatchObject({
      total: 20,
      created: 1,
      rejected: 19,
      reasons: {
        required_missing: 1,
        date_invalid: 1,
        date_future: 1,
        mode_invalid: 1,
        minutes_invalid: 2,
        topic_unknown: 1,
        nik_invalid: 1,
        mentor_unknown: 1,
        nik_unknown: 1,
        business_unknown: 1,
        business_ambiguous: 1,
        duplicate_in_session: 1,
        session_conflict: 1,
        certificate_invalid: 1,
        case_other_mentor: 1,
        group_mismatch: 2,
        too_long: 1,
      },
    });
    addsUp(job.summary);
    const after = await tableCounts();
    expect(after).toEqual({ ...before, sessions: before.sessions + 1, businesses: before.businesses + 1 });
    // The certificate's mentor opened no case; the other mentor took no business.
    const cases = await t.db
      .selectFrom('mentoring_case')
      .select('id')
      .where('mentor_id', 'in', [expired.user.id, other.user.id])
      .execute();
    expect(cases).toHaveLength(0);
    // The import judged the certificates as the module's rule does.
    expect(await hasValidCertificate(t.db, expired.user.id, '2026-06-10')).toBe(false);
    expect(await hasValidCertificate(t.db, mentor.user.id, '2026-06-10')).toBe(true);

    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/imports/${job.id}/rejections?format=csv`,
      headers: { cookie: admin },
    });
    const lines = res.body.trim().split(/\r?\n/);
    expect(lines).toHaveLength(20);
    expect(lines.map((l) => Number(l.split(',')[0])).slice(1)).toEqual([
      2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 16, 17, 18, 19, 20, 21,
    ]);
    expect(lines[17]).toContain('group_mismatch');
  });

  it('a corrected row joins its stored group session (updated), the others stay unchanged', async () => {
    const tuti = await business('Jahit Tuti');
    const group = (name: string) =>
      file(
        row({ kode_sesi: 'G-01', mode: 'kelompok', nik: budi.nik }),
        row({ kode_sesi: 'G-01', mode: 'kelompok', nik: tuti.nik, nama_usaha: name }),
      );
    const first = await importFile(t, admin, 'sessions', group('Jahit Salah'));
    expect(first.job.summary).toMatchObject({ created: 1, rejected: 1, reasons: { business_unknown: 1 } });
    const fixed = await importFile(t, admin, 'sessions', group('Jahit Tuti'));
    expect(fixed.job.summary).toMatchObject({ total: 2, created: 0, updated: 1, unchanged: 1, rejected: 0 });
    const stored = await t.db
      .selectFrom('mentoring_session')
      .select(['id', 'businesses'])
      .where('code', '=', 'G-01')
      .executeTakeFirstOrThrow();
    expect(stored.businesses).toBe(2);
  });

  it('counts the cases the file opens against the cap, in file order', async () => {
    const capped = await makeMentor(t, { email: 'batas@lp3w.or.id', cap: 3 });
    const held = await business('Usaha Lama');
    await makeCase(t, held.id, capped.user.id, '2026-01-05');
    const [a, b, c] = [await business('Usaha A'), await business('Usaha B'), await business('Usaha C')];
    const r = (code: string, nik: string, tanggal = '2026-07-01') =>
      row({ kode_sesi: code, nik, tanggal, email_pendamping: 'batas@lp3w.or.id' });
    const { job } = await importFile(
      t,
      admin,
      'sessions',
      file(
        r('C-1', a.nik, '2026-07-03'),
        r('C-2', held.nik), // its open case: no new one
        r('C-3', b.nik),
        r('C-4', a.nik, '2026-07-01'), // a's case is already counted
        r('C-5', c.nik), // a third new case would pass the cap of 3
        r('C-6', c.nik),
      ),
    );
    expect(job.summary).toMatchObject({ created: 4, rejected: 2, reasons: { cap_exceeded: 2 } });
    expect(job.summary.casesOpened).toBe(2);
    const opened = await t.db
      .selectFrom('mentoring_case')
      .select(['business_id', 'opened_on'])
      .where('mentor_id', '=', capped.user.id)
      .execute();
    expect(opened.map((o) => o.business_id).sort()).toEqual([held.id, a.id, b.id].sort());
    // The module's own caseload rule sees the mentor full: no case opened by hand can pass the cap either.
    const load = await t.db.transaction().execute((trx) => lockCaseload(trx, capped.user.id));
    expect(load).toEqual({ open: 3, cap: 3 });
    // A case the file opens starts on the business's first session in it, whatever the row order.
    expect(opened.find((o) => o.business_id === a.id)?.opened_on).toBe('2026-07-01');
  });

  it('an institution admin imports their own mentors’ sessions; a mentor only their own', async () => {
    const inst = await makeInstitution(t, 'Yayasan Sesi');
    const own = await makeMentor(t, { email: 'milik@yayasan.id', institutionId: inst.id });
    const { cookie: instAdmin } = await t.signedIn({ role: 'institution_admin', institutionId: inst.id });
    const x = await business('Usaha X');
    const y = await business('Usaha Y');
    const asInst = await importFile(
      t,
      instAdmin,
      'sessions',
      file(
        row({ kode_sesi: 'Y-1', nik: x.nik, email_pendamping: 'milik@yayasan.id' }),
        row({ kode_sesi: 'Y-2', nik: y.nik, email_pendamping: email }), // another institution's mentor
      ),
    );
    expect(asInst.job.summary).toMatchObject({ created: 1, rejected: 1, reasons: { outside_scope: 1 } });

    const asMentor = await importFile(
      t,
      own.cookie,
      'sessions',
      file(
        row({ kode_sesi: 'M-1', nik: x.nik, email_pendamping: 'milik@yayasan.id', tanggal: '2026-06-20' }),
        row({ kode_sesi: 'M-2', nik: y.nik, email_pendamping: email }),
      ),
    );
    expect(asMentor.job.summary).toMatchObject({ created: 1, rejected: 1, reasons: { outside_scope: 1 } });

    const { cookie: officer } = await t.signedIn({ role: 'area_officer', areaCode: '36.71.05' });
    expect((await importFile(t, officer, 'sessions', file(row({ kode_sesi: 'Z', nik: x.nik })))).status).toBe(
      403,
    );
  });

  it('reads an XLSX workbook, with a date cell and number cells', async () => {
    const z = await business('Usaha XLSX');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Sesi');
    sheet.addRow([...SESSION_COLUMNS]);
    sheet.addRow(['X-1', new Date(Date.UTC(2026, 4, 2)), email, z.nik, '', 'daring', 15, 45, 'digital', '']);
    // A NIK typed as a number: Excel may have rounded it.
    sheet.addRow(['X-2', new Date(Date.UTC(2026, 4, 2)), email, Number(z.nik), '', 'daring', 15, 45, '', '']);
    sheet.getColumn(2).numFmt = 'dd/mm/yyyy';
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const { job } = await importFile(t, admin, 'sessions', buffer, 'sesi.xlsx');
    expect(job.summary).toMatchObject({ total: 2, created: 1, rejected: 1, reasons: { nik_numeric: 1 } });
    const stored = await t.db
      .selectFrom('mentoring_session')
      .selectAll()
      .where('code', '=', 'X-1')
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      held_on: '2026-05-02',
      mode: 'daring',
      prep_minutes: 15,
      contact_minutes: 45,
    });
  });
});
