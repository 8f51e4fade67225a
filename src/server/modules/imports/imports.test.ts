import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { importFile, makeNik, tempFile } from '../../../../test/support/builders.ts';
import { handWorkbook, MAIN_NS, zip } from '../../../../test/support/xlsx.ts';
import { openTabular } from '../../files/tabular.ts';
import { SYSTEM_ACTOR } from '../../http/guard.ts';
import { applicantsCsv, importForProgram, makeApplicant, makeProgram } from '../aid/aid.fixtures.ts';
import { businessImporter } from '../businesses/businesses.import.ts';
import { findJob, insertJob, streamRejections } from './imports.repository.ts';

/** Bad input and resource limits of the import pipeline: zip bombs, stored rejections, large downloads. */

const KEPT = 5;
let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await createTestApp({ BANGKIT_IMPORT_REJECTIONS_KEPT: String(KEPT) });
  admin = (await t.signedIn({ role: 'admin' })).cookie;
});
afterAll(() => t.close());

const BUSINESS_HEADER = 'nik,nama_pemilik,nama_usaha,sektor,kode_kelurahan';

describe('an XLSX zip bomb', () => {
  it('uploaded by a mentor to the turnover import fails the job with a clear reason', async () => {
    const institution = await t.db
      .insertInto('institution')
      .values({ name: 'LP3W' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const mentor = (await t.signedIn({ role: 'mentor', institutionId: institution.id })).cookie;
    const header =
      '<row r="1"><c t="inlineStr"><is><t>nik</t></is></c><c t="inlineStr"><is><t>periode</t></is></c><c t="inlineStr"><is><t>omzet</t></is></c></row>';
    // 70 MB of shared strings packed into about 200 KB.
    const strings = `<sst xmlns="${MAIN_NS}">${'<si><t>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa</t></si>'.repeat(1_300_000)}</sst>`;
    const bomb = zip(
      handWorkbook(`${header}<row r="2"><c t="s"><v>0</v></c></row>`, { 'xl/sharedStrings.xml': strings }),
    );
    const { status, job } = await importFile(t, mentor, 'omzet', bomb, 'omzet.xlsx');
    expect(status).toBe(202);
    expect(job.status).toBe('failed');
    expect(job.error).toMatchObject({ code: 'FileTooLarge' });
    expect(job.error.message).toMatch(
      /^Berkas XLSX tidak wajar: sebagian isinya mengembang \d+ kali saat dibuka/,
    );
    const health = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(health.statusCode).toBe(200);
  });
});

describe('rejected rows kept per job', () => {
  it('stores the first ones up to the limit, counts all by reason, and says so', async () => {
    const good = [1, 2, 3].map((i) => `${makeNik(7000 + i)},Pemilik ${i},Usaha ${i},kuliner,36.71.05.1001`);
    const bad = Array.from(
      { length: 12 },
      (_, i) => `3671053102850${String(i).padStart(3, '0')},Salah ${i},Usaha X${i},kuliner,36.71.05.1001`,
    );
    const noSector = [`${makeNik(7100)},Tanpa Sektor,Usaha Y,,36.71.05.1001`];
    const csv = [BUSINESS_HEADER, ...good, ...bad, ...noSector].join('\n');
    const { job } = await importFile(t, admin, 'businesses', csv);
    expect(job.status).toBe('done');
    expect(job.summary).toMatchObject({
      total: 16,
      created: 3,
      updated: 0,
      rejected: 13,
      reasons: { nik_invalid: 12, required_missing: 1 },
      rejectedStored: KEPT,
      rejectedLimit: KEPT,
      rejectedCapped: true,
    });
    // Every row is accounted for.
    const s = job.summary as { total: number; created: number; updated: number; rejected: number };
    expect(s.created + s.updated + s.rejected).toBe(s.total);
    expect(job.rejectedRows).toEqual({ stored: KEPT, limit: KEPT, capped: true });
    const stored = await t.db
      .selectFrom('import_rejection')
      .select('row_number')
      .where('job_id', '=', job.id)
      .orderBy('row_number')
      .execute();
    expect(stored.map((r) => r.row_number)).toEqual([5, 6, 7, 8, 9]);
    const download = await t.app.inject({
      method: 'GET',
      url: `/api/v1/imports/${job.id}/rejections?format=csv`,
      headers: { cookie: admin },
    });
    expect(download.body.trim().split('\n')).toHaveLength(1 + KEPT);
  });

  it('says nothing is left out when the rejected rows fit', async () => {
    const csv = [BUSINESS_HEADER, `3671053102850001,Salah,Usaha Z,kuliner,36.71.05.1001`].join('\n');
    const { job } = await importFile(t, admin, 'businesses', csv);
    expect(job.summary).toMatchObject({ rejected: 1, rejectedStored: 1, rejectedCapped: false });
    expect(job.rejectedRows).toEqual({ stored: 1, limit: KEPT, capped: false });
  });

  it('holds in the aid intake and the ministry answer too', async () => {
    const program = await makeProgram(t, admin);
    const rows = Array.from({ length: 9 }, (_, i) =>
      makeApplicant(8000 + i, { nik: `36710531028500${i}${i}` }),
    );
    const intake = await importForProgram(t, admin, program, applicantsCsv([makeApplicant(8100), ...rows]));
    expect(intake.job.summary).toMatchObject({
      total: 10,
      eligible: 1,
      invalid: 9,
      rejectedStored: KEPT,
      rejectedCapped: true,
    });
    expect(intake.job.rejectedRows).toEqual({ stored: KEPT, limit: KEPT, capped: true });
    const answer = Array.from({ length: 8 }, (_, i) => `${makeNik(9000 + i)},disalurkan`);
    const answered = await importForProgram(t, admin, program, ['nik,status', ...answer].join('\n'), {
      kind: 'aid_answer',
    });
    expect(answered.job.summary).toMatchObject({
      total: 8,
      unknown: 8,
      rejectedStored: KEPT,
      rejectedCapped: true,
    });
  });
});

describe('import help', () => {
  it('gives each template with an example row, as CSV and as XLSX', async () => {
    const csv = await t.app.inject({
      method: 'GET',
      url: '/api/v1/imports/templates/businesses?format=csv',
      headers: { cookie: admin },
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toContain('template-usaha.csv');
    const [header, example, ...rest] = csv.body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split(/\r?\n/);
    expect(header).toBe(
      'nik,nama_pemilik,no_hp,no_kk,nama_usaha,sektor,kbli,alamat,kode_kelurahan,modal_usaha,omzet_tahunan,omzet_bulanan_sebelum_pandemi,tenaga_kerja,nib',
    );
    expect(example).toMatch(/^3671051203850001,Siti Aminah,081234567890,.*,kuliner,.*,36\.71\.05\.1001,/);
    expect(rest).toEqual([]);

    const xlsx = await t.app.inject({
      method: 'GET',
      url: '/api/v1/imports/templates/aid?format=xlsx',
      headers: { cookie: admin },
    });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-disposition']).toContain('template-usulan.xlsx');
    const table = await openTabular(tempFile('template-usulan.xlsx', xlsx.rawPayload), {
      required: ['nik', 'menerima_kur'],
    });
    const rows = [];
    for await (const batch of table.rows()) rows.push(...batch);
    expect(rows).toHaveLength(1);
    // The NIK stays text in the spreadsheet, never a rounded number.
    expect(rows[0]!.cells.nik).toMatchObject({ text: '3671051203850001', numeric: false });
    expect(rows[0]!.cells.menerima_kur!.text).toBe('tidak');

    const unknown = await t.app.inject({
      method: 'GET',
      url: '/api/v1/imports/templates/rahasia',
      headers: { cookie: admin },
    });
    expect(unknown.statusCode).toBe(400);
  });

  it('gives the example row that the importer itself accepts', async () => {
    const csv = await t.app.inject({
      method: 'GET',
      url: '/api/v1/imports/templates/businesses?format=csv',
      headers: { cookie: admin },
    });
    const { job } = await importFile(t, admin, 'businesses', csv.rawPayload, 'template-usaha.csv');
    expect(job.summary).toMatchObject({ total: 1, rejected: 0 });
  });

  it('writes rejected rows with the file’s cells in the template’s column order', async () => {
    // The columns of this file are in an order of its own; the download follows the template.
    const csv = [
      'kode_kelurahan,sektor,nama_usaha,nama_pemilik,nik',
      `36.71.05.1001,kuliner,Usaha Salah,Pemilik Salah,3671053213889873`,
    ].join('\n');
    const { job } = await importFile(t, admin, 'businesses', csv);
    expect(job.summary).toMatchObject({ rejected: 1 });
    const download = await t.app.inject({
      method: 'GET',
      url: `/api/v1/imports/${job.id}/rejections?format=csv`,
      headers: { cookie: admin },
    });
    expect(download.body.replace(/^\uFEFF/, '').split(/\r?\n/)[0]).toBe(
      'baris,alasan,kode_alasan,nik,nama_pemilik,no_hp,no_kk,nama_usaha,sektor,kbli,alamat,kode_kelurahan,modal_usaha,omzet_tahunan,omzet_bulanan_sebelum_pandemi,tenaga_kerja,nib',
    );
  });
});

describe('an import thread that fails before the job does', () => {
  it('leaves the job failed with a clear reason, not queued for ever', async () => {
    const job = await insertJob(t.db, {
      kind: 'businesses',
      fileName: 'usaha.csv',
      params: {},
      createdBy: null,
      createdByLabel: 'uji',
      totalBytes: 1,
    });
    // A kind the import thread does not know: it answers with an error before runJob could fail the job.
    const unknown = { ...businessImporter, kind: 'tidak_dikenal' };
    await t.app.importQueue.enqueue(unknown, job, tempFile('usaha.csv', 'nik\n1\n'), SYSTEM_ACTOR, null);
    expect(await findJob(t.db, job.id)).toMatchObject({
      status: 'failed',
      error: { code: 'ImportFailed', message: expect.stringMatching(/^Impor gagal/) },
    });
  });
});

describe('downloading the rejected rows of a large job', () => {
  const ROWS = 200_000;
  let jobId: number;
  beforeAll(async () => {
    const job = await insertJob(t.db, {
      kind: 'omzet',
      fileName: 'besar.csv',
      params: {},
      createdBy: null,
      createdByLabel: 'uji',
      totalBytes: 1,
    });
    jobId = job.id;
    await sql`
      insert into import_rejection (job_id, row_number, reason, message, data)
      select ${jobId}, n + 1, 'nik_invalid', 'NIK tidak sah.',
             jsonb_build_object('nik', '=1+' || n, 'periode', '2020-08', 'omzet', n::text)
      from generate_series(1, ${ROWS}) as n`.execute(t.db);
  });

  it('reads them page by page: no query returns more than a page, and the next page waits for the reader', async () => {
    let queries = 0;
    let largest = 0;
    const counted = t.db.withPlugin({
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        queries += 1;
        largest = Math.max(largest, args.result.rows.length);
        return args.result;
      },
    });
    const pages = streamRejections(counted, jobId, 1000);
    const first = await pages.next();
    expect(first.value).toHaveLength(1000);
    expect(queries).toBe(1);
    let rows = first.value!.length;
    for await (const page of pages) rows += page.length;
    expect(rows).toBe(ROWS);
    expect(largest).toBe(1000);
    expect(queries).toBe(ROWS / 1000 + 1);
  });

  it('downloads all of them as CSV and XLSX', async () => {
    const csv = await t.app.inject({
      method: 'GET',
      url: `/api/v1/imports/${jobId}/rejections?format=csv`,
      headers: { cookie: admin },
    });
    expect(csv.statusCode).toBe(200);
    const lines = csv.body.trimEnd().split('\n');
    expect(lines).toHaveLength(1 + ROWS);
    // The file's cells in the template's order: nik, (nama_usaha,) periode, omzet.
    expect(lines[0]).toBe('\uFEFFbaris,alasan,kode_alasan,nik,periode,omzet');
    expect(lines[1]).toBe("2,NIK tidak sah.,nik_invalid,'=1+1,2020-08,1");
    expect(lines[ROWS]).toBe(`${ROWS + 1},NIK tidak sah.,nik_invalid,'=1+${ROWS},2020-08,${ROWS}`);

    const xlsx = await t.app.inject({
      method: 'GET',
      url: `/api/v1/imports/${jobId}/rejections?format=xlsx`,
      headers: { cookie: admin },
    });
    expect(xlsx.statusCode).toBe(200);
    const file = tempFile('ditolak.xlsx', xlsx.rawPayload);
    const table = await openTabular(file, { required: ['baris', 'nik'] });
    let count = 0;
    let last = '';
    for await (const batch of table.rows()) {
      count += batch.length;
      last = batch[batch.length - 1]!.cells.nik!.text;
    }
    expect(count).toBe(ROWS);
    expect(last).toBe(`=1+${ROWS}`);
  });
});
