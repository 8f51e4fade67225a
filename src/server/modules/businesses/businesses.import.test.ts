import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { importFile, makeBusiness, makeNik } from '../../../../test/support/builders.ts';
import { rebuildStats } from '../omzet/omzet.stats.repository.ts';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await createTestApp();
  admin = (await t.signedIn({ role: 'admin' })).cookie;
});
afterAll(() => t.close());

const HEADER =
  'nik,nama_pemilik,no_hp,no_kk,nama_usaha,sektor,kbli,alamat,kode_kelurahan,modal_usaha,omzet_tahunan,omzet_bulanan_sebelum_pandemi,tenaga_kerja,nib';

describe('business import', () => {
  it('creates, updates and rejects rows and accounts for every one', async () => {
    const good1 = `${makeNik(1)},Siti Aminah,0812-3456-7890,,Warung Siti,kuliner,56101,Jl. Mawar 1,3671051001,50000000,240000000,20000000,2,9120001234567`;
    const good2 = `${makeNik(2)},Budi,+6281298765432,,"Konveksi Budi, Jaya",Fesyen,,,36.71.07.1001,,,15000000,,`;
    const badNik = `3671053102850001,Salah Tanggal,,,Usaha X,kuliner,,,3671051001,,,,,`;
    const badKel = `${makeNik(3)},Orang Luar,,,Usaha Y,kuliner,,,3273010001,,,,,`;
    const badMoney = `${makeNik(4)},Uang Salah,,,Usaha Z,kuliner,,,3671051001,-5,,,,`;
    const badSector = `${makeNik(5)},Sektor Salah,,,Usaha W,pertambangan,,,3671051001,,,,,`;
    const twice = `${makeNik(1)},Siti Aminah,,,Warung Siti,kuliner,,,3671051001,,,25000000,,`;
    const csv = [HEADER, good1, good2, badNik, badKel, badMoney, badSector, twice].join('\r\n');
    const { job } = await importFile(t, admin, 'businesses', `\uFEFF${csv}`);
    expect(job.status).toBe('done');
    expect(job.summary).toEqual({
      total: 7,
      created: 2,
      updated: 1,
      rejected: 4,
      reasons: { nik_invalid: 1, kelurahan_unknown: 1, money_invalid: 1, sector_invalid: 1 },
      rejectedStored: 4,
      rejectedLimit: 10_000,
      rejectedCapped: false,
    });
    const siti = await t.db
      .selectFrom('business')
      .selectAll()
      .where('name_key', '=', 'warung siti')
      .executeTakeFirstOrThrow();
    expect(siti).toMatchObject({
      baseline_omzet: 25_000_000,
      capital: 50_000_000,
      size_class: 'micro',
      kecamatan_code: '36.71.05',
    });
    const owner = await t.db
      .selectFrom('owner')
      .selectAll()
      .where('nik', '=', makeNik(1))
      .executeTakeFirstOrThrow();
    expect(owner).toMatchObject({ phone: '081234567890', gender: 'L' });

    // Same file again: nothing new, everything "updated", no second copy.
    const again = await importFile(t, admin, 'businesses', csv);
    expect(again.job.summary).toMatchObject({ total: 7, created: 0, updated: 3, rejected: 4 });
    const n = await t.db
      .selectFrom('business')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(n.n).toBe(2);

    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/imports?kind=businesses',
      headers: { cookie: admin },
    });
    expect(list.json().map((j: { id: number }) => j.id)).toContain(job.id);
    const otherProgram = await t.app.inject({
      method: 'GET',
      url: '/api/v1/imports?kind=businesses&program=BPUM2020',
      headers: { cookie: admin },
    });
    expect(otherProgram.json()).toEqual([]);

    const report = await t.app.inject({
      method: 'GET',
      url: `/api/v1/imports/${job.id}/rejections?format=csv`,
      headers: { cookie: admin },
    });
    expect(report.statusCode).toBe(200);
    expect(report.body).toContain('Tanggal lahir pada NIK tidak sah');
    expect(report.body.split('\n').filter(Boolean)).toHaveLength(5);
  });

  it('rejects a number-typed NIK cell in XLSX, saying Excel may have rounded it', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Data');
    ws.addRow(['NIK', 'Nama Pemilik', 'Nama Usaha', 'Sektor', 'Kode Kelurahan']);
    ws.addRow([makeNik(10), 'Teks', 'Usaha Teks', 'kriya', '36.71.05.1002']);
    ws.addRow([Number(makeNik(12)), 'Angka', 'Usaha Angka', 'kriya', '36.71.05.1002']);
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());
    const { job } = await importFile(t, admin, 'businesses', buffer, 'data.xlsx');
    expect(job.summary).toMatchObject({ total: 2, created: 1, rejected: 1, reasons: { nik_numeric: 1 } });
  });

  it('refuses files that are not CSV/XLSX or lack the required headers, writing nothing', async () => {
    const before = await t.db
      .selectFrom('business')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const png = await importFile(t, admin, 'businesses', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]));
    expect(png.job).toMatchObject({ status: 'failed', error: { code: 'FileType' } });
    const headers = await importFile(t, admin, 'businesses', 'nik,nama\n1,2\n');
    expect(headers.job).toMatchObject({ status: 'failed', error: { code: 'HeadersMissing' } });
    const empty = await importFile(t, admin, 'businesses', '');
    expect(empty.status).toBe(400);
    const after = await t.db
      .selectFrom('business')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('limits an area officer to rows of their area', async () => {
    const { cookie } = await t.signedIn({ role: 'area_officer', areaCode: '36.71.07' });
    const csv = [
      'nik;nama_pemilik;nama_usaha;sektor;kode_kelurahan',
      `${makeNik(20)};Dalam;Usaha Dalam;jasa;3671071001`,
      `${makeNik(21)};Luar;Usaha Luar;jasa;3671051001`,
    ].join('\n');
    const { job } = await importFile(t, cookie, 'businesses', csv);
    expect(job.summary).toMatchObject({ total: 2, created: 1, rejected: 1, reasons: { outside_scope: 1 } });
  });

  it("refuses an area officer's rows that would change a business or an owner outside their area", async () => {
    const { cookie } = await t.signedIn({ role: 'area_officer', areaCode: '36.71.05' });
    // The audit's file: another kecamatan's owner NIK with a kelurahan inside the officer's area.
    const away = await makeBusiness(t, admin, {
      owner: { nik: makeNik(401, '07'), name: 'Wati Karawaci', phone: '081344445555' },
      name: 'Toko Wati',
      kelurahanCode: '36.71.07.1001',
    });
    const near = await makeBusiness(t, admin, {
      owner: { nik: makeNik(403), name: 'Joko Cipondoh', phone: '081355556666' },
      name: 'Toko Joko',
      kelurahanCode: '36.71.05.1001',
    });
    const csv = [
      HEADER,
      // Would move the Karawaci business into Cipondoh and rename its owner city-wide.
      `${makeNik(401, '07')},Wati Diganti,081399999999,,Toko Wati,kuliner,,,3671051001,,,,,`,
      // Would rename the Karawaci owner through a new business in Cipondoh.
      `${makeNik(401, '07')},Wati Lain,,,Usaha Baru Wati,kuliner,,,3671051002,,,,,`,
      // A new business in Cipondoh for that owner, as the registry knows her: what a single registration may do.
      `${makeNik(401, '07')},Wati Karawaci,,,Kue Wati,kuliner,,,3671051002,,,,,`,
      // An owner of the officer's own area: changed, and audited.
      `${makeNik(403)},Joko Santoso,081377778888,,Toko Joko,kuliner,,,3671051001,,,,,`,
    ].join('\n');
    const { job } = await importFile(t, cookie, 'businesses', csv);
    expect(job.summary).toEqual({
      total: 4,
      created: 1,
      updated: 1,
      rejected: 2,
      reasons: { record_outside_scope: 2 },
      rejectedStored: 2,
      rejectedLimit: 10_000,
      rejectedCapped: false,
    });
    const business = await t.db
      .selectFrom('business')
      .select(['kelurahan_code'])
      .where('id', '=', away.id)
      .executeTakeFirstOrThrow();
    expect(business.kelurahan_code).toBe('36.71.07.1001');
    const owner = await t.db
      .selectFrom('owner')
      .select(['name', 'phone'])
      .where('id', '=', away.owner.id)
      .executeTakeFirstOrThrow();
    expect(owner).toEqual({ name: 'Wati Karawaci', phone: '081344445555' });
    const rejected = await t.app.inject({
      method: 'GET',
      url: `/api/v1/imports/${job.id}/rejections?format=csv`,
      headers: { cookie },
    });
    expect(rejected.body).toContain('record_outside_scope');
    expect(rejected.body).toContain('di luar wilayah kerja Anda');

    const audit = await t.db
      .selectFrom('audit_log')
      .select(['entity_id', 'old_values', 'new_values', 'request_id'])
      .where('entity', '=', 'owner')
      .where('action', '=', 'import_update')
      .where('request_id', '=', `import:${job.id}`)
      .execute();
    expect(audit).toEqual([
      {
        entity_id: String(near.owner.id),
        old_values: { name: 'Joko Cipondoh', phone: '081355556666' },
        new_values: { name: 'Joko Santoso', phone: '081377778888' },
        request_id: `import:${job.id}`,
      },
    ]);
  });

  it('audits every owner change an import makes, old beside new, the KK masked', async () => {
    const before = await makeBusiness(t, admin, {
      owner: { nik: makeNik(405), name: 'Ani', phone: '081311110000' },
      name: 'Toko Ani',
    });
    const kk = '3671050101200099';
    const csv = [HEADER, `${makeNik(405)},Ani,081322220000,${kk},Toko Ani,kuliner,,,3671051001,,,,,`].join(
      '\n',
    );
    const { job } = await importFile(t, admin, 'businesses', csv);
    expect(job.summary).toMatchObject({ updated: 1, rejected: 0 });
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['actor_label', 'old_values', 'new_values'])
      .where('entity', '=', 'owner')
      .where('entity_id', '=', String(before.owner.id))
      .where('action', '=', 'import_update')
      .execute();
    expect(audit).toEqual([
      {
        actor_label: expect.stringContaining('admin'),
        old_values: { phone: '081311110000', kk: null },
        new_values: { phone: '081322220000', kk: '3671********0099' },
      },
    ]);
  });

  it('moves and re-baselines registered businesses with their reports, audited, the aggregate equal to a rebuild', async () => {
    const a = await makeBusiness(t, admin, { owner: { nik: makeNik(301), name: 'Rina' }, name: 'Toko Rina' });
    const b = await makeBusiness(t, admin, {
      owner: { nik: makeNik(302), name: 'Eko' },
      name: 'Bengkel Eko',
    });
    for (const [id, amount] of [
      [a.id, 6_000_000],
      [b.id, 9_000_000],
    ] as const) {
      const res = await t.app.inject({
        method: 'PUT',
        url: `/api/v1/businesses/${id}/omzet/2020-08`,
        headers: { cookie: admin },
        payload: { amount },
      });
      expect(res.statusCode).toBe(200);
    }
    const csv = [
      HEADER,
      // Moved to Karawaci with a new baseline: its report leaves Cipondoh and changes class.
      `${makeNik(301)},Rina,,,Toko Rina,kuliner,,,3671071001,,,20000000,,`,
      // Unchanged: no audit entry.
      `${makeNik(302)},Eko,,,Bengkel Eko,kuliner,,,3671051001,,,10000000,,`,
      // A new business of a registered owner, named twice: one business, the later row wins.
      `${makeNik(302)},Eko,,,Cuci Motor Eko,jasa,,,3671051001,,,1000000,,`,
      `${makeNik(302)},Eko,,,Cuci Motor Eko,jasa,,,3671051002,,,,,`,
    ].join('\n');
    const { job } = await importFile(t, admin, 'businesses', csv);
    expect(job.summary).toEqual({
      total: 4,
      created: 1,
      updated: 3,
      rejected: 0,
      reasons: {},
      rejectedStored: 0,
      rejectedLimit: 10_000,
      rejectedCapped: false,
    });
    const washing = await t.db
      .selectFrom('business')
      .selectAll()
      .where('name_key', '=', 'cuci motor eko')
      .executeTakeFirstOrThrow();
    expect(washing).toMatchObject({
      kelurahan_code: '36.71.05.1002',
      baseline_omzet: 1_000_000,
      owner_id: b.owner.id,
    });
    const audit = await sql<{
      entity_id: string;
      old_values: Record<string, unknown>;
      new_values: Record<string, unknown>;
    }>`
      select entity_id, old_values, new_values from audit_log where request_id = ${`import:${job.id}`}`.execute(
      t.db,
    );
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]).toMatchObject({
      entity_id: String(a.id),
      old_values: { kecamatan_code: '36.71.05', baseline_omzet: 10_000_000 },
      new_values: { kecamatan_code: '36.71.07', baseline_omzet: 20_000_000 },
    });
    const report = await t.db
      .selectFrom('omzet_report')
      .select(['category', 'decline_x10'])
      .where('business_id', '=', a.id)
      .executeTakeFirstOrThrow();
    expect(report).toEqual({ category: 5, decline_x10: 700 });
    const histogram = async () =>
      (
        await sql<{ k: string }>`
          select period || dim || code || category || ':' || bin || '=' || n as k from omzet_stat where n <> 0 order by 1`.execute(
          t.db,
        )
      ).rows.map((r) => r.k);
    const maintained = await histogram();
    expect(maintained.some((k) => k.includes('kecamatan36.71.07'))).toBe(true);
    await t.db.transaction().execute((trx) => rebuildStats(trx));
    expect(await histogram()).toEqual(maintained);
  });

  it("takes a merged owner's NIK to the surviving owner and their business", async () => {
    const a = await makeBusiness(t, admin, {
      owner: { nik: makeNik(311), name: 'Dewi' },
      name: 'Jahit Dewi',
    });
    const b = await makeBusiness(t, admin, {
      owner: { nik: makeNik(313), name: 'Dewi S.' },
      name: 'Kue Dewi',
    });
    const merged = await t.app.inject({
      method: 'POST',
      url: `/api/v1/owners/${b.owner.id}/merge`,
      headers: { cookie: admin },
      payload: { intoOwnerId: a.owner.id },
    });
    expect(merged.statusCode).toBe(200);
    const csv = [HEADER, `${makeNik(313)},Dewi S.,,,Jahit Dewi,fesyen,,,3671051001,,,,3,`].join('\n');
    const { job } = await importFile(t, admin, 'businesses', csv);
    expect(job.summary).toMatchObject({ created: 0, updated: 1 });
    const jahit = await t.db
      .selectFrom('business')
      .selectAll()
      .where('id', '=', a.id)
      .executeTakeFirstOrThrow();
    expect(jahit).toMatchObject({ sector: 'fesyen', employees: 3, owner_id: a.owner.id });
  });

  it('leaves nothing of a file that turns out broken after rows were already written', async () => {
    const count = async () =>
      (
        await sql<{ owners: number; businesses: number }>`
        select (select count(*)::int from owner) as owners, (select count(*)::int from business) as businesses`.execute(
          t.db,
        )
      ).rows[0];
    const before = await count();
    const rows = Array.from(
      { length: 6000 },
      (_, i) => `${makeNik(10_000 + i, '07')},Pemilik ${i},,,Usaha ${i},jasa,,,3671071001,,,,,`,
    );
    const { job } = await importFile(
      t,
      admin,
      'businesses',
      `${[HEADER, ...rows].join('\n')}\n${makeNik(1)},"unclosed\n`,
    );
    expect(job).toMatchObject({ status: 'failed', error: { code: 'FileCorrupt' } });
    expect(await count()).toEqual(before);
    // The owner ids reserved for the rolled-back rows are skipped; new owners still get theirs.
    await makeBusiness(t, admin, { owner: { nik: makeNik(321), name: 'Setelah' }, name: 'Sesudah Gagal' });
  });
});
