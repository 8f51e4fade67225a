import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { importFile } from '../../../../test/support/builders.ts';
import { makeInstitution } from '../../../../test/support/mentoring.ts';
import { MENTOR_COLUMNS } from '../../../shared/import-columns.ts';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await createTestApp();
  admin = (await t.signedIn({ role: 'admin' })).cookie;
});
afterAll(() => t.close());

type Column = (typeof MENTOR_COLUMNS)[number];
const HEADER = MENTOR_COLUMNS.join(',');

/** One line of a mentors file; the defaults make a valid row with a certificate. */
function row(values: Partial<Record<Column, string>>): string {
  const r: Partial<Record<Column, string>> = {
    nama: 'Pendamping',
    lembaga: 'LP3W Kota Tangerang',
    keahlian: 'pemasaran|digital',
    kode_kelurahan: '36.71.05.1001',
    no_sertifikat: 'BNSP-001',
    skema: 'Pendamping UMKM',
    lsp: 'LSP Pendamping Usaha',
    tanggal_terbit: '2024-01-15',
    tanggal_berlaku: '15/01/2027',
    ...values,
  };
  return MENTOR_COLUMNS.map((c) => r[c] ?? '').join(',');
}
const file = (...rows: string[]) => `${[HEADER, ...rows].join('\n')}\n`;

const mentorByEmail = (email: string) =>
  t.db
    .selectFrom('app_user as u')
    .innerJoin('institution as i', 'i.id', 'u.institution_id')
    .leftJoin('mentor_profile as p', 'p.user_id', 'u.id')
    .select([
      'u.id',
      'u.name',
      'u.role',
      'u.must_change_password',
      'i.name as institution',
      'p.expertise',
      'p.caseload_cap',
      'p.phone',
    ])
    .where('u.email', '=', email)
    .executeTakeFirst();
const areasOf = async (userId: number) =>
  (
    await t.db
      .selectFrom('mentor_area')
      .select('kelurahan_code')
      .where('user_id', '=', userId)
      .orderBy('kelurahan_code')
      .execute()
  ).map((r) => r.kelurahan_code);
const certificatesOf = (userId: number) =>
  t.db
    .selectFrom('mentor_certificate')
    .select(['number', 'issued_on', 'expires_on', 'scheme'])
    .where('user_id', '=', userId)
    .orderBy('number')
    .execute();

const addsUp = (s: {
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
}) => expect(s.created + s.updated + s.unchanged + s.rejected).toBe(s.total);

describe('mentors import', () => {
  it('creates accounts without a usable password, institutions by name, profiles, areas and certificates', async () => {
    const content = file(
      row({ email: 'Rina@LP3W.or.id', nama: 'Rina Lestari', no_hp: '0812-3456-7890', batas_kasus: '' }),
      row({
        email: 'budi@untang.ac.id',
        nama: 'Budi Santoso',
        lembaga: 'Universitas Tangerang',
        keahlian: 'keuangan',
        kode_kelurahan: '3671051001|36.71.07.1001',
        no_sertifikat: 'BNSP-777',
        batas_kasus: '10',
      }),
      // A second certificate of the same mentor, and the institution written differently.
      row({
        email: 'budi@untang.ac.id',
        nama: 'Budi Santoso',
        lembaga: '  universitas   TANGERANG ',
        keahlian: 'legalitas',
        kode_kelurahan: '36.71.07.1001',
        no_sertifikat: 'BNSP-778',
        batas_kasus: '10',
      }),
    );
    const { job } = await importFile(t, admin, 'mentors', content, 'pendamping.csv');
    expect(job.status).toBe('done');
    expect(job.summary).toMatchObject({ total: 3, created: 2, updated: 1, unchanged: 0, rejected: 0 });

    const rina = await mentorByEmail('rina@lp3w.or.id');
    expect(rina).toMatchObject({
      role: 'mentor',
      must_change_password: true,
      institution: 'LP3W Kota Tangerang',
      expertise: ['digital', 'pemasaran'],
      caseload_cap: 25,
      phone: '081234567890',
    });
    // Nobody can sign in: the password is a random value nobody saw.
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'rina@lp3w.or.id', password: '' },
    });
    expect(login.statusCode).toBe(400);

    const budi = (await mentorByEmail('budi@untang.ac.id'))!;
    expect(budi).toMatchObject({ institution: 'Universitas Tangerang', caseload_cap: 10 });
    expect([...budi.expertise!].sort()).toEqual(['keuangan', 'legalitas']);
    expect(await areasOf(budi.id)).toEqual(['36.71.05.1001', '36.71.07.1001']);
    expect((await certificatesOf(budi.id)).map((c) => c.number)).toEqual(['BNSP-777', 'BNSP-778']);
    const institutions = await t.db.selectFrom('institution').select('name').execute();
    expect(institutions.filter((i) => /tangerang/i.test(i.name))).toHaveLength(2);
  });

  it('importing the same file again changes nothing; a changed row updates, areas replaced, certificate upserted', async () => {
    const same = file(row({ email: 'rina@lp3w.or.id', nama: 'Rina Lestari', no_hp: '081234567890' }));
    const again = await importFile(t, admin, 'mentors', same);
    expect(again.job.summary).toMatchObject({ total: 1, created: 0, updated: 0, unchanged: 1, rejected: 0 });

    const changed = file(
      row({
        email: 'rina@lp3w.or.id',
        nama: 'Rina Lestari',
        kode_kelurahan: '36.71.07.1001',
        tanggal_berlaku: '2028-01-15',
        batas_kasus: '30',
      }),
    );
    const updated = await importFile(t, admin, 'mentors', changed);
    expect(updated.job.summary).toMatchObject({ total: 1, created: 0, updated: 1, unchanged: 0 });
    const rina = (await mentorByEmail('rina@lp3w.or.id'))!;
    expect(rina.caseload_cap).toBe(30);
    expect(await areasOf(rina.id)).toEqual(['36.71.07.1001']);
    expect(await certificatesOf(rina.id)).toMatchObject([{ number: 'BNSP-001', expires_on: '2028-01-15' }]);
    // Each account made and each mentor changed is in the audit log.
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'entity'])
      .where('entity', 'in', ['user', 'mentor_profile'])
      .where('action', 'like', 'import_%')
      .execute();
    expect(audit.filter((a) => a.action === 'import_create')).toHaveLength(2);
    expect(audit.filter((a) => a.action === 'import_update')).toHaveLength(1);
  });

  it('rejects every bad cell with its reason code, and nothing of those rows is saved', async () => {
    await t.makeUser({ role: 'area_officer', email: 'petugas@kota.go.id', areaCode: '36.71.05' });
    const content = file(
      row({ email: 'a1@x.id', nama: '' }), // required_missing
      row({ email: 'bukan-email', nama: 'A2' }), // email_invalid
      row({ email: 'a3@x.id', no_hp: '12345' }), // phone_invalid
      row({ email: 'a4@x.id', keahlian: 'pemasaran|memasak' }), // expertise_unknown
      row({ email: 'a5@x.id', kode_kelurahan: '36.74.01.1001' }), // kelurahan_unknown (other city)
      row({ email: 'a6@x.id', tanggal_terbit: '2024-02-30' }), // date_invalid
      row({ email: 'a7@x.id', tanggal_terbit: '2025-01-01', tanggal_berlaku: '2024-01-01' }), // expiry_before_issue
      row({ email: 'a8@x.id', batas_kasus: '2.5' }), // cap_invalid
      row({ email: 'a9@x.id', batas_kasus: '0' }), // cap_invalid
      row({ email: 'a10@x.id', lsp: '' }), // certificate_incomplete
      row({ email: 'petugas@kota.go.id' }), // account_not_mentor
      row({ email: 'a12@x.id', nama: 'N'.repeat(121) }), // too_long
      row({
        email: 'ok@x.id',
        no_sertifikat: '',
        skema: '',
        lsp: '',
        tanggal_terbit: '',
        tanggal_berlaku: '',
      }),
    );
    const before = await t.db.selectFrom('app_user').select('id').execute();
    const { job } = await importFile(t, admin, 'mentors', content);
    expect(job.summary).toMatchObject({
      total: 13,
      created: 1,
      rejected: 12,
      reasons: {
        required_missing: 1,
        email_invalid: 1,
        phone_invalid: 1,
        expertise_unknown: 1,
        kelurahan_unknown: 1,
        date_invalid: 1,
        expiry_before_issue: 1,
        cap_invalid: 2,
        certificate_incomplete: 1,
        account_not_mentor: 1,
        too_long: 1,
      },
    });
    addsUp(job.summary);
    const after = await t.db.selectFrom('app_user').select('id').execute();
    expect(after.length - before.length).toBe(1);
    const officer = await t.db
      .selectFrom('app_user')
      .select('role')
      .where('email', '=', 'petugas@kota.go.id')
      .executeTakeFirstOrThrow();
    expect(officer.role).toBe('area_officer');

    // The rejected rows come back with their row numbers and reasons.
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/imports/${job.id}/rejections?format=csv`,
      headers: { cookie: admin },
    });
    const lines = res.body.trim().split(/\r?\n/);
    expect(lines).toHaveLength(13);
    expect(lines[1]).toMatch(/^2,/);
    expect(res.body).toContain('account_not_mentor');
  });

  it('an institution admin imports only their own institution’s mentors and never makes an institution', async () => {
    const own = await makeInstitution(t, 'Yayasan Mitra UMKM');
    const { cookie } = await t.signedIn({ role: 'institution_admin', institutionId: own.id });
    const content = file(
      row({ email: 'mitra1@x.id', lembaga: 'Yayasan Mitra UMKM' }),
      row({ email: 'mitra2@x.id', lembaga: '' }), // empty: their own
      row({ email: 'lain@x.id', lembaga: 'Lembaga Baru Sekali' }), // outside_scope, not created
      row({ email: 'rina@lp3w.or.id', lembaga: 'Yayasan Mitra UMKM' }), // another institution's mentor
    );
    const { job } = await importFile(t, cookie, 'mentors', content);
    expect(job.summary).toMatchObject({ created: 2, rejected: 2, reasons: { outside_scope: 2 } });
    expect((await mentorByEmail('mitra2@x.id'))?.institution).toBe('Yayasan Mitra UMKM');
    expect((await mentorByEmail('rina@lp3w.or.id'))?.institution).toBe('LP3W Kota Tangerang');
    const made = await t.db
      .selectFrom('institution')
      .select('id')
      .where('name', '=', 'Lembaga Baru Sekali')
      .execute();
    expect(made).toHaveLength(0);
  });

  it('a mentor may not import mentors', async () => {
    const inst = await makeInstitution(t);
    const { cookie } = await t.signedIn({ role: 'mentor', institutionId: inst.id });
    const res = await importFile(t, cookie, 'mentors', file(row({ email: 'x@x.id' })));
    expect(res.status).toBe(403);
  });

  it('reads an XLSX workbook with date cells', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Pendamping');
    sheet.addRow([...MENTOR_COLUMNS]);
    sheet.addRow([
      'xlsx@lp3w.or.id',
      'Dewi Kusuma',
      '081311112222',
      'LP3W Kota Tangerang',
      'kemasan',
      '36.71.05.1001',
      'BNSP-900',
      'Pendamping UMKM',
      'LSP Pendamping Usaha',
      new Date(Date.UTC(2025, 5, 1)),
      new Date(Date.UTC(2028, 4, 31)),
      12,
    ]);
    sheet.getColumn(10).numFmt = 'dd/mm/yyyy';
    sheet.getColumn(11).numFmt = 'dd/mm/yyyy';
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const { job } = await importFile(t, admin, 'mentors', buffer, 'pendamping.xlsx');
    expect(job.summary).toMatchObject({ total: 1, created: 1, rejected: 0 });
    const dewi = (await mentorByEmail('xlsx@lp3w.or.id'))!;
    expect(dewi.caseload_cap).toBe(12);
    expect(await certificatesOf(dewi.id)).toMatchObject([
      { number: 'BNSP-900', issued_on: '2025-06-01', expires_on: '2028-05-31' },
    ]);
  });
});
