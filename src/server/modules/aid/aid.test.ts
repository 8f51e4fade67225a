import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { makeBusiness, makeNik } from '../../../../test/support/builders.ts';
import { localToday } from '../../http/dates.ts';
import { applicantJson, importForProgram, makeApplicant, makeProgram } from './aid.fixtures.ts';

let t: TestApp;
let admin: string;
/** Officers: the kelurahan Cipondoh (36.71.05.1001), the kecamatan Cipondoh, and the kecamatan Karawaci. */
let kelurahan: string;
let kecamatan: string;
let karawaci: string;
beforeAll(async () => {
  t = await createTestApp();
  admin = (await t.signedIn({ role: 'admin' })).cookie;
  kelurahan = (await t.signedIn({ role: 'area_officer', areaCode: '36.71.05.1001' })).cookie;
  kecamatan = (await t.signedIn({ role: 'area_officer', areaCode: '36.71.05' })).cookie;
  karawaci = (await t.signedIn({ role: 'area_officer', areaCode: '36.71.07' })).cookie;
});
afterAll(() => t.close());

const call = (method: 'GET' | 'POST' | 'PATCH', url: string, cookie: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie }, payload });

/** YYYY-MM-DD, `days` from today in the deployment's time zone. */
function day(days: number) {
  const today = localToday(t.config.timezone);
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

async function enter(
  program: string,
  cookie: string,
  serial: number,
  overrides: Record<string, string> = {},
) {
  return call(
    'POST',
    `/api/v1/aid/programs/${program}/proposals`,
    cookie,
    applicantJson(makeApplicant(serial, overrides)),
  );
}

async function proposalId(program: string, serial: number, overrides: Record<string, string> = {}) {
  const res = await enter(program, admin, serial, overrides);
  if (res.statusCode !== 201) throw new Error(`enter: ${res.statusCode} ${res.body}`);
  return res.json().proposal.id as number;
}

const move = (id: number, cookie: string, to: string, note?: string, attachmentId?: number) =>
  call('POST', `/api/v1/aid/proposals/${id}/transitions`, cookie, { to, note, attachmentId });

const stateOf = async (id: number) =>
  (await t.db.selectFrom('aid_proposal').select('state').where('id', '=', id).executeTakeFirstOrThrow())
    .state;

describe('aid programs', () => {
  it('are created by the office with windows and criteria, and refused when they clash', async () => {
    const res = await call('POST', '/api/v1/aid/programs', admin, {
      code: 'bpum2020',
      name: 'Banpres Produktif Usaha Mikro 2020',
      amount: 2_400_000,
      intakeStart: '2020-10-20',
      intakeEnd: '2020-11-12',
      reviewEnd: '2020-11-15',
      verificationEnd: '2020-11-24',
      submissionEnd: '2020-11-27',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      code: 'BPUM2020',
      amount: 2_400_000,
      areaCode: '36.71',
      areaName: 'KOTA TANGERANG',
      windows: { intakeEnd: '2020-11-12', verificationEnd: '2020-11-24' },
      criteria: { occupation: true, kur: true, micro: true, area: true },
      proposals: 0,
    });
    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'aid_program')
      .execute();
    expect(audit).toEqual([{ action: 'create' }]);

    const twice = await call('POST', '/api/v1/aid/programs', admin, {
      code: 'BPUM2020',
      name: 'Lagi',
      amount: 1,
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: 'AidProgramExists' });
    const backwards = await call('POST', '/api/v1/aid/programs', admin, {
      code: 'MUNDUR',
      name: 'Jendela terbalik',
      amount: 1_000_000,
      intakeEnd: '2020-11-12',
      reviewEnd: '2020-11-01',
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json()).toMatchObject({
      code: 'AidWindowsInvalid',
      errors: [{ path: 'body.reviewEnd' }],
    });
    const elsewhere = await call('POST', '/api/v1/aid/programs', admin, {
      code: 'LUAR',
      name: 'Di luar kota',
      amount: 1_000_000,
      areaCode: '32.73',
    });
    expect(elsewhere.statusCode).toBe(400);
    expect(
      (await call('POST', '/api/v1/aid/programs', kecamatan, { code: 'X1', name: 'Petugas', amount: 1 }))
        .statusCode,
    ).toBe(403);
    expect((await call('GET', '/api/v1/aid/programs/bpum2020', kecamatan)).json()).toMatchObject({
      code: 'BPUM2020',
    });
    expect((await call('GET', '/api/v1/aid/programs/NONE', admin)).json()).toMatchObject({
      code: 'AidProgramUnknown',
    });
  });
});

describe('single entry', () => {
  let program: string;
  beforeAll(async () => {
    program = await makeProgram(t, admin);
  });

  it('makes a proposal with the same rules as a file row, linked to the registry', async () => {
    const res = await enter(program, kecamatan, 1, { kode_kelurahan_ktp: '36.71.07.1001' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      state: 'eligible',
      reasons: [],
      warnings: [{ code: 'needs_sku', message: expect.stringContaining('SKU') }],
      proposal: {
        nik: makeNik(1),
        nikMasked: false,
        state: 'submitted',
        kecamatanName: 'Cipondoh',
        amount: 2_400_000,
      },
    });
    const { proposal } = res.json();
    expect(proposal.ownerId).toEqual(expect.any(Number));
    expect(proposal.businessId).toEqual(expect.any(Number));

    const ineligible = await enter(program, admin, 2, { pekerjaan: 'TNI AD', menerima_kur: 'ya' });
    expect(ineligible.statusCode).toBe(201);
    expect(ineligible.json()).toMatchObject({
      state: 'ineligible',
      reasons: [{ code: 'occupation_excluded' }, { code: 'receives_kur' }],
      proposal: { state: 'ineligible', eligible: false },
    });
  });

  it('refuses invalid data, a NIK already proposed and an area not the officer’s, writing nothing', async () => {
    const before = await t.db.selectFrom('aid_proposal').select('id').execute();
    const invalid = await enter(program, admin, 3, { no_hp: '123', menerima_kur: 'entah' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({
      code: 'AidEntryInvalid',
      reasons: ['phone_invalid', 'kur_invalid'],
      errors: [{ path: 'body.no_hp' }, { path: 'body.menerima_kur' }],
    });
    const missing = await call('POST', `/api/v1/aid/programs/${program}/proposals`, admin, {
      ...applicantJson(makeApplicant(3)),
      nama: '',
      alamat: ' ',
    });
    // Each empty field is named in its own message, not the file's "Kolom wajib kosong."
    expect(missing.json()).toMatchObject({
      code: 'AidEntryInvalid',
      errors: [
        { path: 'body.nama', message: 'Nama lengkap wajib diisi.' },
        { path: 'body.alamat', message: 'Alamat usaha wajib diisi.' },
      ],
    });
    const twice = await enter(program, admin, 1);
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: 'AidDuplicate', proposalId: expect.any(Number) });
    const outside = await enter(program, karawaci, 4);
    expect(outside.statusCode).toBe(403);
    expect(outside.json()).toMatchObject({ code: 'OutOfScope' });
    expect(await t.db.selectFrom('aid_proposal').select('id').execute()).toHaveLength(before.length);
  });

  it('keeps an ineligible applicant out of the registry: no owner, no business', async () => {
    const count = async (table: 'owner' | 'business') =>
      Number(
        (
          await t.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const [owners, businesses] = [await count('owner'), await count('business')];
    const res = await enter(program, admin, 21, { pekerjaan: 'PNS' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ state: 'ineligible', proposal: { ownerId: null, businessId: null } });
    expect([await count('owner'), await count('business')]).toEqual([owners, businesses]);
    // The proposal still reads back whole, to the office and in the list.
    const detail = await call('GET', `/api/v1/aid/proposals/${res.json().proposal.id}`, admin);
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({ nik: makeNik(21), name: expect.any(String), ownerId: null });
  });

  it('links an applicant already in the registry to their owner record and business', async () => {
    const registered = await makeBusiness(t, admin, { owner: { nik: makeNik(22), name: 'Siti Aminah' } });
    const [owners, businesses] = await Promise.all(
      (['owner', 'business'] as const).map(async (table) =>
        Number(
          (
            await t.db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        ),
      ),
    );
    const res = await enter(program, admin, 22, { pekerjaan: 'PNS' });
    expect(res.json()).toMatchObject({
      state: 'ineligible',
      proposal: { ownerId: registered.owner.id, businessId: registered.id },
    });
    const after = await Promise.all(
      (['owner', 'business'] as const).map(async (table) =>
        Number(
          (
            await t.db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        ),
      ),
    );
    expect(after).toEqual([owners, businesses]);
  });

  it('makes a later file row of the same NIK a duplicate linked to the entry', async () => {
    const { job } = await importForProgram(
      t,
      admin,
      program,
      `nik,no_kk,nama,no_hp,alamat,kode_kelurahan,bidang_usaha,pekerjaan,menerima_kur\n${makeNik(1)},3671050101200001,Ulang,081234567890,Jl. A,3671051001,kuliner,pedagang,t\n`,
    );
    expect(job.summary).toMatchObject({ total: 1, duplicate: 1, reasons: { duplicate_in_program: 1 } });
    const intake = await call('GET', `/api/v1/aid/programs/${program}/intake?state=duplicate`, admin);
    expect(intake.json()).toMatchObject({
      total: 1,
      items: [{ state: 'duplicate', rowNumber: 2, firstRowId: expect.any(Number), firstJobId: null }],
    });
  });
});

describe('separation of duties on the ladder', () => {
  it('refuses one person both levels of a proposal, even when their scope covers both', async () => {
    const program = await makeProgram(t, admin);
    const id = await proposalId(program, 31);
    expect((await move(id, kecamatan, 'verified_kelurahan', 'Dicek sendiri di lapangan')).statusCode).toBe(
      200,
    );
    const detail = await call('GET', `/api/v1/aid/proposals/${id}`, kecamatan);
    expect(detail.json().earlierLevelByYou).toBe(true);
    const second = await move(id, kecamatan, 'verified_kecamatan', 'Saya juga');
    expect(second.statusCode).toBe(403);
    expect(second.json()).toMatchObject({ code: 'SameVerifier' });
    expect(second.json().detail).toMatch(/petugas lain/);
    expect(await stateOf(id)).toBe('verified_kelurahan');
    // Another officer of the kecamatan may; the first one may still reject.
    const other = (await t.signedIn({ role: 'area_officer', areaCode: '36.71.05' })).cookie;
    expect((await call('GET', `/api/v1/aid/proposals/${id}`, other)).json().earlierLevelByYou).toBe(false);
    expect((await move(id, other, 'verified_kecamatan')).statusCode).toBe(200);
    const rejectable = await proposalId(program, 32);
    await move(rejectable, kecamatan, 'verified_kelurahan', 'Dicek');
    expect((await move(rejectable, kecamatan, 'rejected', 'Usaha tutup')).statusCode).toBe(200);
  });

  it('lets the office allow it for a program, audited, and then one officer may do both', async () => {
    const program = await makeProgram(t, admin);
    const id = await proposalId(program, 33);
    await move(id, kecamatan, 'verified_kelurahan', 'Dicek');
    expect((await move(id, kecamatan, 'verified_kecamatan')).statusCode).toBe(403);
    const refused = await call('PATCH', `/api/v1/aid/programs/${program}`, kecamatan, {
      sameVerifierAllowed: true,
    });
    expect(refused.statusCode).toBe(403);
    const allowed = await call('PATCH', `/api/v1/aid/programs/${program}`, admin, {
      sameVerifierAllowed: true,
    });
    expect(allowed.statusCode).toBe(200);
    expect(allowed.json().sameVerifierAllowed).toBe(true);
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['old_values', 'new_values'])
      .where('entity', '=', 'aid_program')
      .where('action', '=', 'update')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.old_values).toMatchObject({ same_verifier_allowed: false });
    expect(audit.new_values).toMatchObject({ same_verifier_allowed: true });
    expect((await call('GET', `/api/v1/aid/proposals/${id}`, kecamatan)).json().earlierLevelByYou).toBe(
      false,
    );
    expect((await move(id, kecamatan, 'verified_kecamatan')).statusCode).toBe(200);
  });
});

describe('the verification ladder', () => {
  let program: string;
  let id: number;
  beforeAll(async () => {
    program = await makeProgram(t, admin);
    id = await proposalId(program, 11);
  });

  it('refuses an officer of another kecamatan (403) and steps out of order (409), changing nothing', async () => {
    const outside = await move(id, karawaci, 'verified_kelurahan', 'Sudah dicek');
    expect(outside.statusCode).toBe(403);
    expect(outside.json()).toMatchObject({ code: 'OutOfScope' });
    const skip = await move(id, kecamatan, 'verified_kecamatan');
    expect(skip.statusCode).toBe(409);
    expect(skip.json()).toMatchObject({
      code: 'InvalidTransition',
      from: 'submitted',
      to: 'verified_kecamatan',
    });
    const approve = await move(id, admin, 'approved');
    expect(approve.statusCode).toBe(409);
    const noNote = await move(id, kelurahan, 'verified_kelurahan');
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json()).toMatchObject({ code: 'NoteRequired' });
    expect(await stateOf(id)).toBe('submitted');
    expect(
      await t.db.selectFrom('aid_transition').select('id').where('proposal_id', '=', id).execute(),
    ).toHaveLength(0);
  });

  it('takes a photo of the field check: JPEG/PNG/PDF by content, at most 5 MB', async () => {
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(100),
    ]);
    const upload = (body: Buffer, cookie = kelurahan) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/aid/proposals/${id}/attachments?fileName=foto-usaha.png`,
        headers: { cookie, 'content-type': 'image/png' },
        payload: body,
      });
    const ok = await upload(png);
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ fileName: 'foto-usaha.png', contentType: 'image/png', sizeBytes: 108 });
    expect((await upload(Buffer.from('bukan gambar'))).json()).toMatchObject({ code: 'FileType' });
    expect((await upload(Buffer.concat([png, Buffer.alloc(5 * 1024 * 1024)]))).statusCode).toBe(413);
    expect((await upload(png, karawaci)).statusCode).toBe(403);

    const download = await call('GET', `/api/v1/aid/attachments/${ok.json().id}`, kecamatan);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(png)).toBe(true);
    expect((await call('GET', `/api/v1/aid/attachments/${ok.json().id}`, karawaci)).statusCode).toBe(403);

    const verified = await move(id, kelurahan, 'verified_kelurahan', 'Usaha ada dan aktif', ok.json().id);
    expect(verified.statusCode).toBe(200);
    expect(verified.json()).toMatchObject({
      state: 'verified_kelurahan',
      lastNote: 'Usaha ada dan aktif',
      attachments: [{ id: ok.json().id }],
      transitions: [{ from: 'submitted', to: 'verified_kelurahan', attachmentId: ok.json().id }],
    });
  });

  it('climbs level by level, each step by its own level, recording who, when and why', async () => {
    const wrongLevel = await move(id, kelurahan, 'verified_kecamatan');
    expect(wrongLevel.statusCode).toBe(403);
    expect(wrongLevel.json()).toMatchObject({ code: 'Forbidden' });
    expect((await move(id, kecamatan, 'verified_kecamatan', 'Dokumen lengkap')).statusCode).toBe(200);
    expect((await move(id, kecamatan, 'approved')).statusCode).toBe(403);
    const approved = await move(id, admin, 'approved', 'Disetujui dinas');
    expect(approved.statusCode).toBe(200);
    const detail = approved.json();
    expect(detail.state).toBe('approved');
    expect(detail.transitions.map((x: { from: string; to: string }) => `${x.from}>${x.to}`)).toEqual([
      'submitted>verified_kelurahan',
      'verified_kelurahan>verified_kecamatan',
      'verified_kecamatan>approved',
    ]);
    expect(detail.transitions.every((x: { actor: string; at: string }) => x.actor && x.at)).toBe(true);
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'old_values', 'new_values'])
      .where('entity', '=', 'aid_proposal')
      .where('entity_id', '=', String(id))
      .where('action', '=', 'transition')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.new_values?.state)).toEqual([
      'verified_kelurahan',
      'verified_kecamatan',
      'approved',
    ]);
    expect((await move(id, admin, 'approved')).statusCode).toBe(409);
  });

  it('lets an officer reject at their level with a reason; a rejected proposal goes no further', async () => {
    const other = await proposalId(program, 12, { kode_kelurahan: '36.71.05.1001' });
    expect((await move(other, kelurahan, 'rejected')).json()).toMatchObject({ code: 'NoteRequired' });
    const rejected = await move(other, kelurahan, 'rejected', 'Usaha tidak ditemukan di lokasi');
    expect(rejected.json()).toMatchObject({ state: 'rejected', lastNote: 'Usaha tidak ditemukan di lokasi' });
    expect((await move(other, kecamatan, 'verified_kelurahan', 'coba')).statusCode).toBe(409);
    const ineligible = (await enter(program, admin, 13, { pekerjaan: 'PNS' })).json().proposal.id;
    expect((await move(ineligible, kelurahan, 'verified_kelurahan', 'coba')).statusCode).toBe(409);
  });
});

describe('batches and the ministry’s answer', () => {
  let program: string;
  const ids: number[] = [];
  beforeAll(async () => {
    program = await makeProgram(t, admin);
    for (const serial of [21, 22, 23]) {
      const id = await proposalId(program, serial, { alamat: `Jl. Kenanga No. ${serial}, RT 01/RW 02` });
      await move(id, kelurahan, 'verified_kelurahan', 'ok');
      await move(id, kecamatan, 'verified_kecamatan');
      await move(id, admin, 'approved');
      ids.push(id);
    }
    await proposalId(program, 24); // submitted, stays out of the batch
  });

  it('puts the approved proposals of a kecamatan into a batch and exports it in the ministry’s layout', async () => {
    const empty = await call('POST', `/api/v1/aid/programs/${program}/batches`, admin, {
      kecamatan: '36.71.07',
    });
    expect(empty.statusCode).toBe(409);
    expect(empty.json()).toMatchObject({ code: 'BatchEmpty' });
    expect((await call('POST', `/api/v1/aid/programs/${program}/batches`, kecamatan, {})).statusCode).toBe(
      403,
    );

    const res = await call('POST', `/api/v1/aid/programs/${program}/batches`, admin, {
      kecamatan: '36.71.05',
    });
    expect(res.statusCode).toBe(201);
    const batch = res.json();
    expect(batch).toMatchObject({
      number: 1,
      kecamatanName: 'Cipondoh',
      proposals: 3,
      totalAmount: 7_200_000,
    });
    for (const id of ids) expect(await stateOf(id)).toBe('sent');
    expect((await call('POST', `/api/v1/aid/programs/${program}/batches`, admin, {})).statusCode).toBe(409);

    const file = await call('GET', `/api/v1/aid/batches/${batch.id}/export?format=xlsx`, admin);
    expect(file.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const rows = (wb.worksheets[0]!.getSheetValues().filter(Boolean) as unknown[][]).map((r) => r.slice(1));
    expect(rows[0]).toEqual([
      'NIK',
      'NO_KK',
      'NAMA_LENGKAP',
      'ALAMAT',
      'BIDANG_USAHA',
      'NO_HP',
      'NILAI_BANTUAN',
    ]);
    const a = makeApplicant(21, { alamat: 'Jl. Kenanga No. 21, RT 01/RW 02' });
    expect(rows.slice(1)).toContainEqual([
      a.nik,
      a.no_kk,
      a.nama,
      a.alamat,
      a.bidang_usaha,
      a.no_hp,
      2_400_000,
    ]);
    expect(rows).toHaveLength(4);
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'new_values'])
      .where('entity', '=', 'aid_batch')
      .where('entity_id', '=', String(batch.id))
      .orderBy('id')
      .execute();
    expect(audit.map((x) => x.action)).toEqual(['create', 'export_full_nik']);
    expect((await call('GET', `/api/v1/aid/batches/${batch.id}/export`, kecamatan)).statusCode).toBe(403);
  });

  it('applies the ministry’s answer by NIK and reports unknown NIKs, changing nothing else', async () => {
    const answer = [
      'NIK;Status;Alasan',
      `${makeNik(21)};disalurkan;`,
      `${makeNik(22)};Ditolak;Sudah menerima bantuan lain`,
      `${makeNik(99)};disalurkan;`,
      `${makeNik(24)};disalurkan;`,
    ].join('\n');
    const { job } = await importForProgram(t, admin, program, answer, {
      kind: 'aid_answer',
      fileName: 'jawaban.csv',
    });
    expect(job.summary).toEqual({
      total: 4,
      disbursed: 1,
      rejectedByMinistry: 1,
      unchanged: 0,
      unknown: 1,
      invalid: 1,
      reasons: { nik_unknown: 1, not_sent: 1 },
      rejectedStored: 2,
      rejectedLimit: 10_000,
      rejectedCapped: false,
    });
    expect(await stateOf(ids[0]!)).toBe('disbursed');
    expect(await stateOf(ids[1]!)).toBe('rejected_by_ministry');
    expect(await stateOf(ids[2]!)).toBe('sent');
    const detail = (await call('GET', `/api/v1/aid/proposals/${ids[1]}`, admin)).json();
    expect(detail).toMatchObject({ lastNote: 'Sudah menerima bantuan lain' });
    expect(detail.transitions.at(-1)).toMatchObject({
      from: 'sent',
      to: 'rejected_by_ministry',
      jobId: job.id,
    });

    const report = await t.app.inject({
      method: 'GET',
      url: `/api/v1/imports/${job.id}/rejections?format=csv`,
      headers: { cookie: admin },
    });
    expect(report.body).toContain(makeNik(99));
    expect(report.body).toContain('NIK ini tidak ada di antara usulan program ini.');

    const again = await importForProgram(t, admin, program, answer, {
      kind: 'aid_answer',
      fileName: 'jawaban.csv',
    });
    expect(again.job.summary).toMatchObject({
      total: 4,
      disbursed: 0,
      rejectedByMinistry: 0,
      unchanged: 2,
      unknown: 1,
    });
  });
});

describe('figures', () => {
  let program: string;
  beforeAll(async () => {
    program = await makeProgram(t, admin, {
      reviewEnd: day(-5),
      verificationEnd: day(5),
      submissionEnd: day(8),
    });
    const rows = [
      makeApplicant(31, { kode_kelurahan: '36.71.05.1001' }),
      makeApplicant(32, { kode_kelurahan: '36.71.05.1001' }),
      makeApplicant(33, { kode_kelurahan: '36.71.05.1002' }),
      makeApplicant(34, { kode_kelurahan: '36.71.05.1002' }),
      makeApplicant(35, { kode_kelurahan: '36.71.07.1001', pekerjaan: 'polisi' }),
      makeApplicant(36, { kode_kelurahan: '36.71.07.1001' }),
      makeApplicant(36, { kode_kelurahan: '36.71.07.1001' }),
      makeApplicant(37, { nik: '123' }),
    ];
    const header = Object.keys(rows[0]!).join(',');
    const csv = [header, ...rows.map((r) => Object.values(r).join(','))].join('\n');
    const { job } = await importForProgram(t, admin, program, csv);
    expect(job.summary).toMatchObject({ total: 8, eligible: 5, ineligible: 1, duplicate: 1, invalid: 1 });
    const list = await call(
      'GET',
      `/api/v1/aid/programs/${program}/proposals?kelurahan=36.71.05.1001`,
      admin,
    );
    for (const p of list.json().items) await move(p.id, kelurahan, 'verified_kelurahan', 'ada');
  });

  it('sums up proposals by state and kecamatan (duplicates and invalid rows are not proposals)', async () => {
    const res = await call('GET', `/api/v1/aid/programs/${program}/summary`, admin);
    const zero = {
      ineligible: 0,
      submitted: 0,
      verified_kelurahan: 0,
      verified_kecamatan: 0,
      approved: 0,
      sent: 0,
      disbursed: 0,
      rejected: 0,
      rejected_by_ministry: 0,
    };
    expect(res.json()).toEqual({
      program,
      total: 6,
      byState: { ...zero, submitted: 3, verified_kelurahan: 2, ineligible: 1 },
      byKecamatan: [
        {
          code: '36.71.05',
          name: 'Cipondoh',
          total: 4,
          byState: { ...zero, submitted: 2, verified_kelurahan: 2 },
        },
        { code: '36.71.07', name: 'Karawaci', total: 2, byState: { ...zero, submitted: 1, ineligible: 1 } },
      ],
    });
    const scoped = (await call('GET', `/api/v1/aid/programs/${program}/summary`, karawaci)).json();
    expect(scoped).toMatchObject({ total: 2, byKecamatan: [{ code: '36.71.07' }] });
  });

  it('shows verification progress per kelurahan against the windows; a kelurahan behind stands out', async () => {
    const res = await call(
      'GET',
      `/api/v1/aid/programs/${program}/progress?by=kelurahan&kecamatan=36.71.05`,
      admin,
    );
    expect(res.statusCode).toBe(200);
    const progress = res.json();
    expect(progress).toMatchObject({
      expectedShare: 0.5,
      daysLeft: { verification: 5, submission: 8, review: -5, intake: null },
    });
    const row = (code: string) => progress.rows.find((r: { code: string }) => r.code === code);
    expect(row('36.71.05.1001')).toMatchObject({
      proposals: 2,
      toVerify: 0,
      verified: 2,
      doneShare: 1,
      behind: false,
    });
    expect(row('36.71.05.1002')).toMatchObject({
      proposals: 2,
      toVerify: 2,
      verified: 0,
      doneShare: 0,
      behind: true,
    });
    expect(row('36.71.05.1003')).toMatchObject({ proposals: 0, doneShare: null, behind: false });
    expect(progress.rows).toHaveLength(10);

    const byKecamatan = (await call('GET', `/api/v1/aid/programs/${program}/progress`, karawaci)).json();
    expect(byKecamatan.rows).toEqual([
      expect.objectContaining({ code: '36.71.07', proposals: 1, toVerify: 1, behind: true }),
    ]);
  });

  it('lists proposals by area with NIKs masked; a proposal shows it in full to the office, logged', async () => {
    const mine = (await call('GET', `/api/v1/aid/programs/${program}/proposals`, karawaci)).json();
    expect(mine.total).toBe(2);
    expect(mine.items.every((p: { kecamatanCode: string }) => p.kecamatanCode === '36.71.07')).toBe(true);
    const search = (
      await call('GET', `/api/v1/aid/programs/${program}/proposals?q=${makeNik(31)}`, admin)
    ).json();
    // A list masks NIKs for every role; the full NIK still finds the proposal.
    expect(search.items).toEqual([expect.objectContaining({ nik: '3671********0032', nikMasked: true })]);
    const reads = () =>
      t.db
        .selectFrom('audit_log')
        .select(['entity', 'entity_id', 'new_values'])
        .where('action', '=', 'read_full_nik')
        .orderBy('id')
        .execute();
    const before = await reads();
    const opened = (await call('GET', `/api/v1/aid/proposals/${search.items[0].id}`, admin)).json();
    expect(opened).toMatchObject({ nik: makeNik(31), nikMasked: false });
    expect((await reads()).slice(before.length)).toEqual([
      {
        entity: 'owner',
        entity_id: String(opened.ownerId),
        new_values: { via: 'aid_proposal', viaId: String(opened.id) },
      },
    ]);
    const reason = (
      await call('GET', `/api/v1/aid/programs/${program}/proposals?reason=occupation_excluded`, admin)
    ).json();
    expect(reason.total).toBe(1);

    const institution = await t.db
      .insertInto('institution')
      .values({ name: 'LP3W' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const mentor = await t.signedIn({ role: 'mentor', institutionId: institution.id });
    const proposal = search.items[0];
    await t.db
      .updateTable('business')
      .set({ mentor_id: mentor.user.id })
      .where('id', '=', proposal.businessId)
      .execute();
    const seen = (await call('GET', `/api/v1/aid/programs/${program}/proposals`, mentor.cookie)).json();
    expect(seen).toMatchObject({
      total: 1,
      items: [{ id: proposal.id, nik: '3671********0032', nikMasked: true }],
    });
    expect((await call('GET', `/api/v1/aid/proposals/${proposal.id}`, mentor.cookie)).json()).toMatchObject({
      nikMasked: true,
      intakeRows: [],
    });
    const other = mine.items[0].id;
    expect((await call('GET', `/api/v1/aid/proposals/${other}`, mentor.cookie)).statusCode).toBe(404);
    expect((await move(proposal.id, mentor.cookie, 'verified_kelurahan', 'x')).statusCode).toBe(403);
  });

  it('documents every aid route in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const path of [
      '/api/v1/aid/programs',
      '/api/v1/aid/programs/{code}/proposals',
      '/api/v1/aid/programs/{code}/summary',
      '/api/v1/aid/programs/{code}/progress',
      '/api/v1/aid/proposals/{id}/transitions',
      '/api/v1/aid/batches/{id}/export',
    ])
      expect(doc.paths).toHaveProperty([path]);
  });
});
