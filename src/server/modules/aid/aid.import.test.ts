import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { importFile, makeNik } from '../../../../test/support/builders.ts';
import { AID_HEADER, applicantsCsv, importForProgram, makeApplicant, makeProgram } from './aid.fixtures.ts';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await createTestApp();
  admin = (await t.signedIn({ role: 'admin' })).cookie;
});
afterAll(() => t.close());

const count = async (table: 'aid_proposal' | 'aid_intake_row' | 'import_job' | 'owner' | 'business') =>
  (
    await t.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n;

/** Every rule, in order, with crafted rows; the row numbers as Excel shows them (header is row 1). */
function craftedRows() {
  return [
    makeApplicant(1, { nama: 'Siti Aminah', nib: '9120001234567', modal_usaha: '50.000.000' }), // 2 eligible
    makeApplicant(2, { nik: '3671053102850001' }), // 3 invalid: 31 February
    makeApplicant(3, { nama: '' }), // 4 invalid: required
    makeApplicant(4, { no_hp: '12345' }), // 5 invalid: phone
    makeApplicant(5, { kode_kelurahan: '3671059999' }), // 6 invalid: no such kelurahan
    makeApplicant(6, { menerima_kur: 'mungkin' }), // 7 invalid: kur
    makeApplicant(7, { nib: '123' }), // 8 invalid: NIB
    makeApplicant(8, { omzet_tahunan: '-1' }), // 9 invalid: money
    makeApplicant(9, { no_kk: '3671' }), // 10 invalid: KK
    makeApplicant(1, { nama: 'Siti Lagi' }), // 11 duplicate of row 2
    makeApplicant(10, { pekerjaan: 'Guru PNS' }), // 12 ineligible: occupation
    makeApplicant(11, { menerima_kur: 'Y' }), // 13 ineligible: KUR
    makeApplicant(12, { modal_usaha: '1500000000' }), // 14 ineligible: not micro
    makeApplicant(13, { kode_kelurahan: '36.74.01.1001' }), // 15 ineligible: outside the city
    makeApplicant(14, { pekerjaan: 'Anggota POLRI', menerima_kur: '1' }), // 16 ineligible: two reasons
    makeApplicant(15, { kode_kelurahan_ktp: '3671071001' }), // 17 eligible, needs SKU
    makeApplicant(16, { no_hp: 'x' }), // 18 invalid ...
    makeApplicant(16), // 19 ... so this first valid row of the NIK is eligible, not a duplicate
  ];
}

const CRAFTED_SUMMARY = {
  total: 18,
  eligible: 3,
  ineligible: 5,
  duplicate: 1,
  invalid: 9,
  reasons: {
    required_missing: 1,
    nik_invalid: 1,
    kk_invalid: 1,
    phone_invalid: 2,
    kelurahan_unknown: 1,
    kur_invalid: 1,
    nib_invalid: 1,
    money_invalid: 1,
    duplicate_in_file: 1,
    occupation_excluded: 2,
    receives_kur: 2,
    not_micro: 1,
    outside_area: 1,
  },
  warnings: { needs_sku: 1 },
  // Every row that is not eligible is stored for the download (below the limit of 10,000).
  rejectedStored: 15,
  rejectedLimit: 10_000,
  rejectedCapped: false,
};

describe('aid intake by file', () => {
  let program: string;
  let firstJob: number;

  it('decides every row in rule order and accounts for each one', async () => {
    program = await makeProgram(t, admin, { code: 'BPUM2020' });
    const csv = applicantsCsv(craftedRows(), { delimiter: ';', eol: '\r\n', bom: true });
    const { job } = await importForProgram(t, admin, program, csv);
    expect(job).toMatchObject({ status: 'done', kind: 'aid' });
    expect(job.summary).toEqual(CRAFTED_SUMMARY);
    // The contract's key order survives storage (offices' scripts may read it positionally).
    expect(Object.keys(job.summary)).toEqual(Object.keys(CRAFTED_SUMMARY));
    firstJob = job.id;

    const s = job.summary as typeof CRAFTED_SUMMARY;
    expect(s.eligible + s.ineligible + s.duplicate + s.invalid).toBe(s.total);
    expect(await count('aid_proposal')).toBe(8);
    expect(await count('aid_intake_row')).toBe(18);
    // Only the eligible enter the registry: an ineligible applicant creates no owner and no business.
    expect(await count('owner')).toBe(s.eligible);
    const unregistered = await t.db
      .selectFrom('aid_proposal')
      .select(['owner_id', 'business_id'])
      .where('state', '=', 'ineligible')
      .execute();
    expect(unregistered).toHaveLength(s.ineligible);
    expect(unregistered.every((p) => p.owner_id === null && p.business_id === null)).toBe(true);

    const proposals = await t.db
      .selectFrom('aid_proposal')
      .select(['nik', 'state', 'reasons', 'warnings', 'business_id', 'kecamatan_code'])
      .orderBy('id')
      .execute();
    const byNik = new Map(proposals.map((p) => [p.nik, p]));
    expect(byNik.get(makeNik(1))).toMatchObject({ state: 'submitted', reasons: [], warnings: [] });
    expect(byNik.get(makeNik(14))).toMatchObject({
      state: 'ineligible',
      reasons: ['occupation_excluded', 'receives_kur'],
    });
    expect(byNik.get(makeNik(15))).toMatchObject({ state: 'submitted', warnings: ['needs_sku'] });
    expect(byNik.get(makeNik(16))).toMatchObject({ state: 'submitted' });
    // Outside the deployment: ineligible, so neither an owner nor a business enters the registry.
    expect(byNik.get(makeNik(13))).toMatchObject({
      state: 'ineligible',
      business_id: null,
      kecamatan_code: '36.74.01',
    });

    const dup = await t.db
      .selectFrom('aid_intake_row as r')
      .innerJoin('aid_intake_row as f', 'f.id', 'r.first_row_id')
      .select([
        'r.state',
        'r.reasons',
        'f.row_number as first',
        'r.proposal_id',
        'f.proposal_id as first_proposal',
      ])
      .where('r.job_id', '=', job.id)
      .where('r.row_number', '=', 11)
      .executeTakeFirstOrThrow();
    expect(dup).toMatchObject({ state: 'duplicate', reasons: ['duplicate_in_file'], first: 2 });
    expect(dup.proposal_id).toBe(dup.first_proposal);
  });

  it('links each proposal to the registry: owner by NIK, business found or created', async () => {
    const siti = await t.db
      .selectFrom('aid_proposal as p')
      .innerJoin('owner as o', 'o.id', 'p.owner_id')
      .innerJoin('business as b', 'b.id', 'p.business_id')
      .select([
        'o.name as owner',
        'o.phone',
        'o.gender',
        'b.name',
        'b.sector',
        'b.kelurahan_code',
        'b.legality',
        'b.capital',
      ])
      .where('p.nik', '=', makeNik(1))
      .executeTakeFirstOrThrow();
    expect(siti).toMatchObject({
      owner: 'Siti Aminah',
      gender: 'L',
      name: 'Usaha Siti Aminah',
      sector: 'kuliner',
      kelurahan_code: '36.71.05.1001',
      legality: { nib: { number: '9120001234567' } },
      capital: 50_000_000,
    });
  });

  it('offers the non-eligible rows as an XLSX with row number, state and reasons in Indonesian', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/imports/${firstJob}/rejections?format=xlsx`,
      headers: { cookie: admin },
    });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const rows = sheet.getSheetValues().filter(Boolean) as unknown[][];
    expect(rows).toHaveLength(1 + 15);
    const header = rows[0]!.slice(1);
    expect(header.slice(0, 4)).toEqual(['baris', 'status', 'alasan', 'kode_alasan']);
    const line = (n: number) => rows.find((r) => r[1] === n)!.slice(1);
    expect(line(3).slice(0, 2)).toEqual([3, 'Tidak sah']);
    expect(line(3)[2]).toMatch(/^NIK tidak sah\. Tanggal lahir pada NIK tidak sah/);
    expect(line(3)[3]).toBe('nik_invalid');
    expect(line(11).slice(0, 4)).toEqual([
      11,
      'Ganda',
      'NIK sudah ada di baris 2 berkas ini.',
      'duplicate_in_file',
    ]);
    expect(line(16)[1]).toBe('Tidak memenuhi syarat');
    expect(line(16)[2]).toMatch(/^Pekerjaan ASN.*Sedang menerima KUR/);
    expect(line(16)[3]).toBe('occupation_excluded,receives_kur');
    expect(rows.some((r) => r[1] === 2 || r[1] === 17)).toBe(false);
  });

  it('adds no proposal when the same file comes again: every valid row is a duplicate of the earlier import', async () => {
    const csv = applicantsCsv(craftedRows(), { delimiter: ';', eol: '\r\n', bom: true });
    const { job } = await importForProgram(t, admin, program, csv);
    expect(job.summary).toEqual({
      total: 18,
      eligible: 0,
      ineligible: 0,
      duplicate: 9,
      invalid: 9,
      reasons: {
        ...Object.fromEntries(
          Object.entries(CRAFTED_SUMMARY.reasons).filter(
            ([k]) =>
              ![
                'duplicate_in_file',
                'occupation_excluded',
                'receives_kur',
                'not_micro',
                'outside_area',
              ].includes(k),
          ),
        ),
        duplicate_in_file: 1,
        duplicate_in_program: 8,
      },
      warnings: {},
      rejectedStored: 18,
      rejectedLimit: 10_000,
      rejectedCapped: false,
    });
    expect(await count('aid_proposal')).toBe(8);
    // The duplicates point at the rows of the first import that made the proposals.
    const links = await t.db
      .selectFrom('aid_intake_row as r')
      .innerJoin('aid_intake_row as f', 'f.id', 'r.first_row_id')
      .select(['r.row_number', 'f.job_id', 'f.row_number as first'])
      .where('r.job_id', '=', job.id)
      .where('r.state', '=', 'duplicate')
      .orderBy('r.row_number')
      .execute();
    expect(links).toHaveLength(9);
    expect(links.find((l) => l.row_number === 2)).toEqual({ row_number: 2, job_id: firstJob, first: 2 });
    expect(links.find((l) => l.row_number === 11)).toMatchObject({ job_id: job.id, first: 2 });
  });

  it('reads XLSX: a number-typed NIK or KK cell is invalid (Excel may have rounded it)', async () => {
    const code = await makeProgram(t, admin);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Usulan');
    ws.addRow(AID_HEADER.map((h) => h.toUpperCase()));
    const put = (r: Record<string, unknown>) => ws.addRow(AID_HEADER.map((h) => r[h]));
    put(makeApplicant(101));
    put({ ...makeApplicant(102), nik: Number(makeNik(102)) });
    put({ ...makeApplicant(103), no_kk: Number(makeApplicant(103).no_kk) });
    put({ ...makeApplicant(104), menerima_kur: false, modal_usaha: 25_000_000, no_hp: 81234500104 });
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());
    const { job } = await importForProgram(t, admin, code, buffer, { fileName: 'usulan.xlsx' });
    expect(job.summary).toEqual({
      total: 4,
      eligible: 2,
      ineligible: 0,
      duplicate: 0,
      invalid: 2,
      reasons: { nik_numeric: 1, kk_numeric: 1 },
      warnings: {},
      rejectedStored: 2,
      rejectedLimit: 10_000,
      rejectedCapped: false,
    });
  });

  it('counts a NIK proposed by an earlier import of the same program as a duplicate, but not one of another program', async () => {
    const other = await makeProgram(t, admin);
    const csv = applicantsCsv([makeApplicant(1), makeApplicant(201)]);
    const again = await importForProgram(t, admin, program, csv);
    expect(again.job.summary).toMatchObject({
      total: 2,
      eligible: 1,
      duplicate: 1,
      reasons: { duplicate_in_program: 1 },
    });
    const elsewhere = await importForProgram(t, admin, other, csv);
    expect(elsewhere.job.summary).toMatchObject({ total: 2, eligible: 2, duplicate: 0 });
    // One owner per NIK across programs.
    const owners = await t.db.selectFrom('owner').select('id').where('nik', '=', makeNik(201)).execute();
    expect(owners).toHaveLength(1);
  });

  it('refuses a wrong file, missing headers or an unknown program with a clear error, writing nothing', async () => {
    const before = {
      proposals: await count('aid_proposal'),
      jobs: await count('import_job'),
      rows: await count('aid_intake_row'),
    };
    const unknown = await importForProgram(t, admin, 'TIDAKADA', applicantsCsv([makeApplicant(301)]));
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'AidProgramUnknown' });
    const none = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports/aid?fileName=x.csv',
      headers: { cookie: admin, 'content-type': 'text/csv' },
      payload: applicantsCsv([makeApplicant(301)]),
    });
    expect(none.statusCode).toBe(400);
    expect(none.json()).toMatchObject({ code: 'AidProgramRequired' });
    expect(await count('import_job')).toBe(before.jobs);

    const headers = await importForProgram(t, admin, program, 'nik,nama\n3671051203850001,Budi\n');
    expect(headers.job).toMatchObject({ status: 'failed', error: { code: 'HeadersMissing' } });
    expect(headers.job.error.message).toContain('no_kk');
    const png = await importForProgram(t, admin, program, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]));
    expect(png.job).toMatchObject({ status: 'failed', error: { code: 'FileType' } });
    expect(await count('aid_proposal')).toBe(before.proposals);
    expect(await count('aid_intake_row')).toBe(before.rows);
  });

  it('lets only the office import applicants', async () => {
    const { cookie } = await t.signedIn({ role: 'area_officer', areaCode: '36.71.05' });
    const res = await importForProgram(t, cookie, program, applicantsCsv([makeApplicant(401)]));
    expect(res.status).toBe(403);
  });
});

describe('an aid import meeting the registry', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = (await t.signedIn({ role: 'admin' })).cookie;
  });
  afterAll(() => t?.close());

  it('links to the owner and their active business, fills a missing phone, and registers a business only once', async () => {
    // Registered: one owner with an active business and no phone or KK, one whose only business is
    // archived, and two owner records of one person, merged.
    const registry = [
      'nik,nama_pemilik,no_hp,no_kk,nama_usaha,sektor,kode_kelurahan',
      `${makeNik(501)},Tuti,,,Warung Tuti,kuliner,3671051001`,
      `${makeNik(503)},Wati,081200000503,,Toko Wati,kuliner,3671051001`,
      `${makeNik(505)},Ani,081200000505,,Jahit Ani,fesyen,3671051001`,
      `${makeNik(507)},Ani S.,081200000507,,Kue Ani,kuliner,3671051001`,
    ].join('\n');
    const loaded = await importFile(t, admin, 'businesses', registry);
    expect(loaded.job.summary).toMatchObject({ created: 4 });
    const idOf = async (name: string) =>
      await t.db
        .selectFrom('business')
        .select(['id', 'owner_id'])
        .where('name', '=', name)
        .executeTakeFirstOrThrow();
    const tuti = await idOf('Warung Tuti');
    const wati = await idOf('Toko Wati');
    const ani = await idOf('Jahit Ani');
    const kue = await idOf('Kue Ani');
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/v1/businesses/${wati.id}/archive`,
          headers: { cookie: admin },
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/v1/owners/${kue.owner_id}/merge`,
          headers: { cookie: admin },
          payload: { intoOwnerId: ani.owner_id },
        })
      ).statusCode,
    ).toBe(200);

    const program = await makeProgram(t, admin);
    const file = applicantsCsv([
      makeApplicant(501, { nama: 'Tuti' }),
      makeApplicant(503, { nama: 'Wati' }),
      makeApplicant(505, { nama: 'Ani' }),
      makeApplicant(507, { nama: 'Ani S.' }),
      makeApplicant(509, { nama: 'Baru' }),
    ]);
    const { job } = await importForProgram(t, admin, program, file);
    expect(job.summary).toMatchObject({ total: 5, eligible: 5 });
    const proposals = await t.db
      .selectFrom('aid_proposal as p')
      .leftJoin('business as b', 'b.id', 'p.business_id')
      .select(['p.nik', 'p.owner_id', 'p.business_id', 'b.name', 'b.archived_at'])
      .orderBy('p.nik')
      .execute();
    const of = (serial: number) => proposals.find((p) => p.nik === makeNik(serial))!;
    expect(of(501)).toMatchObject({ owner_id: tuti.owner_id, business_id: tuti.id });
    // Only an archived business: a new one is registered and linked.
    expect(of(503)).toMatchObject({ owner_id: wati.owner_id, name: 'Usaha Wati', archived_at: null });
    // Both NIKs of the merged person lead to the survivor and their oldest active business.
    expect(of(505)).toMatchObject({ owner_id: ani.owner_id, business_id: ani.id });
    expect(of(507)).toMatchObject({ owner_id: ani.owner_id, business_id: ani.id });
    expect(of(509)).toMatchObject({ name: 'Usaha Baru', archived_at: null });
    const tutiOwner = await t.db
      .selectFrom('owner')
      .selectAll()
      .where('nik', '=', makeNik(501))
      .executeTakeFirstOrThrow();
    expect(tutiOwner).toMatchObject({
      name: 'Tuti',
      phone: makeApplicant(501).no_hp,
      kk: makeApplicant(501).no_kk,
    });
    // The owner filled in by the import is audited, old beside new.
    const filled = await t.db
      .selectFrom('audit_log')
      .select(['old_values', 'new_values', 'request_id'])
      .where('entity', '=', 'owner')
      .where('entity_id', '=', String(tutiOwner.id))
      .where('action', '=', 'import_update')
      .execute();
    const kk = makeApplicant(501).no_kk;
    expect(filled).toEqual([
      {
        old_values: { phone: null, kk: null },
        new_values: { phone: makeApplicant(501).no_hp, kk: `${kk.slice(0, 4)}********${kk.slice(12)}` },
        request_id: `import:${job.id}`,
      },
    ]);
    const businesses = await t.db
      .selectFrom('business')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(businesses.n).toBe(4 + 2);
  });
});
