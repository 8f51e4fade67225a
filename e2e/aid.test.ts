import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/support/app.ts';
import { makeBusiness, makeNik } from '../test/support/builders.ts';
import {
  choose,
  collectErrors,
  DESKTOP,
  field,
  HAS_CHROMIUM,
  launchBrowser,
  PHONE,
  prepareJourney,
  ROOT,
  serve,
  shotsIn,
  signIn,
} from './support.ts';

const SHOTS = path.join(ROOT, 'test-results/aid');
const shot = shotsIn(SHOTS);

const ADMIN = { email: 'admin@tangerangkota.go.id', password: 'admin-password-1', name: 'Admin Dinas' };
/** The field officer of kelurahan Cipondoh and the officer of kecamatan Cipondoh above them. */
const KELURAHAN_OFFICER = {
  email: 'rina.kel-cipondoh@tangerangkota.go.id',
  password: 'kelurahan-bangkit-2026',
  name: 'Rina Kelurahan',
  areaCode: '36.71.05.1001',
};
const KECAMATAN_OFFICER = {
  email: 'budi.kec-cipondoh@tangerangkota.go.id',
  password: 'kecamatan-bangkit-2026',
  name: 'Budi Kecamatan',
  areaCode: '36.71.05',
};
const PROGRAM = { code: 'BPUM2020', name: 'Banpres Produktif Usaha Mikro 2020' };

const HEADER =
  'nik,no_kk,nama,no_hp,alamat,kode_kelurahan,bidang_usaha,pekerjaan,menerima_kur,nib,modal_usaha,omzet_tahunan,kode_kelurahan_ktp';
const ELIGIBLE = { nik: makeNik(7101), name: 'Siti Aminah' };
const CIVIL_SERVANT = { nik: makeNik(7102), name: 'Bambang Pegawai' };
/** The smallest PNG there is: a field-check "photo". */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** Today in Kota Tangerang plus some days, as the program windows are written (YYYY-MM-DD). */
function jakartaDay(offset: number) {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(new Date());
  const date = new Date(`${today}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + offset);
  return date.toISOString().slice(0, 10);
}

async function readXlsx(file: string) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const rows: string[][] = [];
  workbook.worksheets[0]!.eachRow((row) => {
    rows.push((row.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v))));
  });
  return rows;
}

describe.skipIf(!HAS_CHROMIUM)('aid proposals in the browser', () => {
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let adminCookie: string;

  async function apiGet<T>(url: string): Promise<T> {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { cookie: adminCookie } });
    expect(res.statusCode).toBe(200);
    return res.json() as T;
  }

  async function newPage(
    viewport: { width: number; height: number },
    account: { email: string; password: string },
  ) {
    const context = await browser.newContext({ viewport, locale: 'id-ID', acceptDownloads: true });
    const page = await context.newPage();
    const pageErrors = collectErrors(page, { console: false });
    await page.goto(`${baseUrl}/login`);
    await signIn(page, account.email, account.password);
    await page.getByRole('heading', { name: /^Selamat datang/ }).waitFor();
    return { context, page, pageErrors };
  }

  /** The one eligible proposal of the file, as the API lists it. */
  async function eligibleProposal() {
    const list = await apiGet<{ items: { id: number; nik: string; state: string }[] }>(
      `/aid/programs/${PROGRAM.code}/proposals?q=${ELIGIBLE.nik}`,
    );
    expect(list.items).toHaveLength(1);
    return list.items[0]!;
  }

  beforeAll(async () => {
    prepareJourney(SHOTS);
    t = await createTestApp();
    await t.makeUser({ role: 'admin', ...ADMIN });
    await t.makeUser({ role: 'area_officer', ...KELURAHAN_OFFICER });
    await t.makeUser({ role: 'area_officer', ...KECAMATAN_OFFICER });
    adminCookie = await t.login(ADMIN.email, ADMIN.password);
    baseUrl = await serve(t);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('an admin creates a program and imports applicants: eligible, not eligible, duplicate and invalid', async () => {
    const { context, page, pageErrors } = await newPage(DESKTOP, ADMIN);
    const nav = page.getByRole('navigation');
    await nav.getByRole('link', { name: 'Bantuan' }).click();
    await page.getByRole('heading', { name: 'Bantuan', exact: true }).waitFor();
    await page.getByText('Belum ada program bantuan').waitFor();

    // The program: code, amount, the deployment's city by default, a calendar whose field check runs now.
    await page.getByRole('link', { name: 'Buat program' }).first().click();
    await page.getByRole('heading', { name: 'Buat program bantuan' }).waitFor();
    await field(page, 'Kode program').fill('bpum2020');
    expect(await field(page, 'Kode program').inputValue()).toBe('BPUM2020');
    await field(page, 'Nama program').fill(PROGRAM.name);
    await field(page, 'Nilai bantuan per penerima').fill('2400000');
    expect(await field(page, 'Nilai bantuan per penerima').inputValue()).toBe('2.400.000');
    expect(await field(page, 'Wilayah program').inputValue()).toBe('Seluruh Kota Tangerang');
    // Windows out of order are refused beside the date, before anything is sent.
    await field(page, 'Pendaftaran dibuka').fill(jakartaDay(-20));
    await field(page, 'Pendaftaran ditutup').fill(jakartaDay(-25));
    await page.getByRole('button', { name: 'Buat program' }).click();
    await page.getByText(/Tidak boleh sebelum “Pendaftaran dibuka”/).waitFor();
    await field(page, 'Pendaftaran ditutup').fill(jakartaDay(-10));
    await field(page, 'Akhir pemeriksaan dokumen').fill(jakartaDay(-7));
    await field(page, 'Akhir verifikasi lapangan').fill(jakartaDay(7));
    await field(page, 'Batas pengiriman usulan').fill(jakartaDay(12));
    await shot(page, 'program-form-desktop');
    await page.getByRole('button', { name: 'Buat program' }).click();
    await page.getByRole('heading', { name: PROGRAM.name }).waitFor();
    expect(await page.getByText('BPUM2020 · Rp 2.400.000 per penerima · Kota Tangerang').count()).toBe(1);
    await page.getByText('Belum ada usulan').waitFor();

    // Intake: the template has exactly the importer's columns.
    await page.getByTestId('tab-intake').click();
    await page.getByRole('heading', { name: 'Unggah daftar pengusul' }).waitFor();
    const [template] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Unduh template CSV' }).click(),
    ]);
    const [templateHeader, ...templateRows] = fs
      .readFileSync((await template.path())!, 'utf8')
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split(/\r?\n/);
    expect(templateHeader).toBe(HEADER);
    // One example row, showing how the cells are written.
    expect(templateRows).toHaveLength(1);
    expect(templateRows[0]).toContain('36.71.05.1001');

    // Four rows: an eligible trader, a civil servant, the trader again, and a NIK that cannot be.
    const file = [
      HEADER,
      `${ELIGIBLE.nik},3671050101200001,${ELIGIBLE.name},081234567801,Jl. Melati No. 1,36.71.05.1001,Kuliner,Pedagang,tidak,,15000000,,`,
      `${CIVIL_SERVANT.nik},3671050101200002,${CIVIL_SERVANT.name},081234567802,Jl. Melati No. 2,36.71.05.1001,Jasa,PNS,tidak,,,,`,
      `${ELIGIBLE.nik},3671050101200001,${ELIGIBLE.name} (lagi),081234567801,Jl. Melati No. 1,36.71.05.1001,Kuliner,Pedagang,tidak,,,,`,
      `3671053213889873,3671050101200004,Tanggal Salah,081234567804,Jl. Melati No. 4,36.71.05.1001,Kuliner,Pedagang,tidak,,,,`,
    ].join('\n');
    await page.getByTestId('file-input').setInputFiles({
      name: 'usulan-cipondoh.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(file),
    });
    await page.getByTestId('chosen-file').waitFor();
    await page.getByRole('button', { name: 'Unggah dan impor' }).click();
    const summary = page.getByTestId('intake-summary');
    await summary.waitFor({ timeout: 30_000 });
    /** The number a figure card shows. */
    const figure = (id: string) => page.getByTestId(id).getByTestId('figure').textContent();
    expect(await figure('intake-total')).toBe('4');
    expect(await figure('intake-eligible')).toBe('1');
    expect(await figure('intake-ineligible')).toBe('1');
    expect(await figure('intake-duplicate')).toBe('1');
    expect(await figure('intake-invalid')).toBe('1');
    expect(await page.getByTestId('intake-equation').textContent()).toBe(
      '4 baris = 1 memenuhi syarat + 1 tidak memenuhi syarat + 1 ganda + 1 tidak sah',
    );
    const reasons = page.getByTestId('intake-reasons');
    expect(await reasons.locator('[data-code="occupation_excluded"]').textContent()).toContain(
      'Pekerjaan ASN/PNS, TNI, Polri atau pegawai BUMN/BUMD tidak dapat diusulkan.',
    );
    expect(await reasons.locator('[data-code="duplicate_in_file"]').textContent()).toContain(
      'NIK sudah ada di baris sebelumnya dalam berkas ini.',
    );
    expect(await reasons.locator('[data-code="nik_invalid"]').textContent()).toContain('NIK tidak sah.');
    await shot(page, 'intake-summary-desktop');

    // The rows that did not pass, in Indonesian: row number, state and reason.
    const [rejected] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('intake-summary').getByRole('button', { name: 'Unduh XLSX' }).click(),
    ]);
    const rows = await readXlsx((await rejected.path())!);
    expect(rows[0]!.slice(0, 4)).toEqual(['baris', 'status', 'alasan', 'kode_alasan']);
    const byRow = new Map(rows.slice(1).map((r) => [r[0], `${r[1]}: ${r[2]}`]));
    expect([...byRow.keys()].sort()).toEqual(['3', '4', '5']);
    expect(byRow.get('3')).toMatch(/^Tidak memenuhi syarat: Pekerjaan ASN\/PNS/);
    expect(byRow.get('4')).toMatch(/^Ganda: NIK sudah ada di baris 2/);
    expect(byRow.get('5')).toMatch(/^Tidak sah: NIK tidak sah/);

    // The summary of the program: two proposals, one waiting for the field check, one not eligible.
    await page.getByTestId('tab-overview').click();
    await page.getByTestId('by-state').waitFor();
    const count = (state: string) =>
      page.locator(`[data-testid="state-count"][data-state="${state}"]`).textContent();
    expect(await figure('kpi-total')).toBe('2');
    expect(await count('submitted')).toContain('1');
    expect(await count('ineligible')).toContain('1');
    expect(await page.getByTestId('kecamatan-row').textContent()).toContain('Cipondoh');
    await shot(page, 'overview-desktop');

    await page.setViewportSize(PHONE);
    await shot(page, 'overview-phone');
    await page.getByTestId('tab-intake').click();
    await page.getByTestId('recent-imports').getByText('usulan-cipondoh.csv').click();
    await summary.waitFor();
    await shot(page, 'intake-summary-phone');

    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('a kelurahan officer checks the proposal in the field; a stale step is refused in Indonesian', async () => {
    // A second applicant of the same kelurahan, entered through the form by the kecamatan officer.
    const kecamatan = await newPage(DESKTOP, KECAMATAN_OFFICER);
    await kecamatan.page.goto(`${baseUrl}/aid/${PROGRAM.code}/entry`);
    const form = kecamatan.page.getByTestId('applicant-form');
    await form.waitFor();
    const p = kecamatan.page;
    // Kecamatan Cipondoh is the officer's; the kelurahan is theirs to pick.
    await expect.poll(() => field(p, 'Kecamatan').inputValue()).toBe('Cipondoh');
    await field(p, 'NIK').fill('9971054101900003'); // the form cannot know region 99.71 does not exist
    await field(p, 'No. KK').fill('3671050101200003');
    await field(p, 'Nama lengkap').fill('Dewi Lestari');
    await field(p, 'No. HP').fill('0812-34');
    await field(p, 'Pekerjaan').fill('Penjahit');
    await p.keyboard.press('Escape');
    await p.getByRole('radio', { name: 'Tidak' }).check();
    await choose(p, 'Kelurahan', 'Cipondoh');
    await field(p, 'Alamat usaha').fill('Jl. Kenanga No. 3');
    await field(p, 'Bidang usaha').fill('Fesyen');
    await p.keyboard.press('Escape');
    await p.getByRole('button', { name: 'Simpan usulan' }).click();
    // The form's own check, in the words of the intake rules ...
    await form.getByText('No. HP tidak sah (contoh: 081234567890).').waitFor();
    await field(p, 'No. HP').fill('081234567803');
    await p.getByRole('button', { name: 'Simpan usulan' }).click();
    // ... and the server's, under the field it is about.
    await form.getByText('NIK tidak sah. Kode provinsi/kabupaten-kota pada NIK tidak dikenal.').waitFor();
    await shot(p, 'entry-errors-desktop');
    const second = { nik: makeNik(7103), name: 'Dewi Lestari' };
    await field(p, 'NIK').fill(second.nik);
    await p.getByRole('button', { name: 'Simpan usulan' }).click();
    await p.getByRole('heading', { name: second.name }).waitFor();
    expect(await p.getByTestId('proposal-state').first().getAttribute('data-state')).toBe('submitted');
    const secondId = Number(new URL(p.url()).pathname.split('/').pop());

    // The kelurahan officer on a phone: Bantuan, the program, their kelurahan's proposals only.
    const { context, page, pageErrors } = await newPage(PHONE, KELURAHAN_OFFICER);
    await page.getByRole('button', { name: 'Buka menu' }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'Bantuan' }).click();
    await page.getByTestId('program-row').click();
    await page.getByRole('heading', { name: PROGRAM.name }).waitFor();
    await page.getByTestId('tab-proposals').click();
    await page.getByTestId('proposals-cards').waitFor();
    const listed = await page.getByTestId('proposal-row').allTextContents();
    expect(listed).toHaveLength(3);
    for (const row of listed) expect(row).toContain('Cipondoh');
    await shot(page, 'proposals-officer-phone');

    // The eligible trader: NIK in full for an officer, the business in the registry, one step offered.
    await page.getByTestId('proposal-row').filter({ hasText: ELIGIBLE.name }).click();
    await page.getByRole('heading', { name: ELIGIBLE.name }).waitFor();
    expect(await page.getByTestId('proposal-nik').textContent()).toBe(ELIGIBLE.nik);
    expect(await page.getByTestId('business-link').getAttribute('href')).toMatch(/^\/businesses\/\d+$/);
    const actions = page.getByTestId('proposal-actions');
    expect(await actions.getByRole('button').allTextContents()).toEqual(['Verifikasi lapangan', 'Tolak']);
    await actions.getByRole('button', { name: 'Verifikasi lapangan' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Simpan verifikasi' }).click();
    await dialog.getByText('Tuliskan catatan hasil verifikasi lapangan.').waitFor();
    await field(dialog, 'Catatan').fill('Warung makan buka setiap hari; KTP dan KK dicocokkan.');
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      dialog.getByTestId('attachment-input').click(),
    ]);
    await chooser.setFiles({ name: 'foto-warung.png', mimeType: 'image/png', buffer: PNG });
    await dialog.getByText('foto-warung.png').waitFor();
    await shot(page, 'verify-kelurahan-phone', false);
    await dialog.getByRole('button', { name: 'Simpan verifikasi' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect
      .poll(() => page.getByTestId('proposal-state').first().getAttribute('data-state'))
      .toBe('verified_kelurahan');
    const entry = page.locator('[data-testid="history-entry"][data-to="verified_kelurahan"]');
    expect(await entry.textContent()).toContain(KELURAHAN_OFFICER.email);
    expect(await entry.textContent()).toContain('Warung makan buka setiap hari');
    expect(await entry.textContent()).toContain('foto-warung.png');
    expect(await page.getByTestId('attachment').textContent()).toContain('foto-warung.png');
    // Nothing is left for the kelurahan to do.
    expect(await actions.getByRole('button').count()).toBe(0);
    await shot(page, 'proposal-verified-phone');

    // A step on a page gone stale: the kecamatan officer rejects the second proposal meanwhile.
    await page.goto(`${baseUrl}/aid/${PROGRAM.code}/proposals/${secondId}`);
    await page.getByRole('heading', { name: second.name }).waitFor();
    await actions.getByRole('button', { name: 'Verifikasi lapangan' }).click();
    await field(dialog, 'Catatan').fill('Sudah dikunjungi.');
    const rejected = await t.app.inject({
      method: 'POST',
      url: `/api/v1/aid/proposals/${secondId}/transitions`,
      headers: { cookie: await t.login(KECAMATAN_OFFICER.email, KECAMATAN_OFFICER.password) },
      payload: { to: 'rejected', note: 'Usaha sudah tutup.' },
    });
    expect(rejected.statusCode).toBe(200);
    await dialog.getByRole('button', { name: 'Simpan verifikasi' }).click();
    await dialog
      .getByTestId('move-error')
      .getByText(/^Tahap ini tidak dapat dilakukan: status usulan sudah berubah/)
      .waitFor();
    await shot(page, 'stale-step-phone', false);
    await dialog.getByRole('button', { name: 'Batal' }).click();
    await expect
      .poll(() => page.getByTestId('proposal-state').first().getAttribute('data-state'))
      .toBe('rejected');
    expect(await page.getByTestId('proposal-rejection').textContent()).toContain('Usaha sudah tutup.');

    // Progress: the officer's kelurahan against the calendar.
    await page.goto(`${baseUrl}/aid/${PROGRAM.code}/progress`);
    await page.getByTestId('progress-row').waitFor();
    expect(await page.getByTestId('progress-row').count()).toBe(1);
    expect(await page.getByTestId('progress-status').getAttribute('data-status')).toBe('done');
    await shot(page, 'progress-officer-phone');

    expect(pageErrors).toEqual([]);
    expect(kecamatan.pageErrors).toEqual([]);
    await context.close();
    await kecamatan.context.close();
  });

  it('the kecamatan officer verifies it; the admin approves, sends a batch, downloads it and reads the answer', async () => {
    const proposal = await eligibleProposal();
    expect(proposal.state).toBe('verified_kelurahan');
    // Another eligible applicant of the kecamatan, in Cipondoh Makmur, whom nobody has visited yet.
    const entered = await t.app.inject({
      method: 'POST',
      url: `/api/v1/aid/programs/${PROGRAM.code}/proposals`,
      headers: { cookie: adminCookie },
      payload: {
        nik: makeNik(7104),
        no_kk: '3671050101200005',
        nama: 'Agus Salim',
        no_hp: '081234567805',
        alamat: 'Jl. Mawar No. 5',
        kode_kelurahan: '36.71.05.1002',
        bidang_usaha: 'Kuliner',
        pekerjaan: 'Pedagang',
        menerima_kur: 'tidak',
      },
    });
    expect(entered.statusCode).toBe(201);
    const kecamatan = await newPage(DESKTOP, KECAMATAN_OFFICER);
    await kecamatan.page.goto(`${baseUrl}/aid/${PROGRAM.code}/proposals/${proposal.id}`);
    const actions = kecamatan.page.getByTestId('proposal-actions');
    await actions.getByRole('button', { name: 'Verifikasi kecamatan' }).click();
    await kecamatan.page.getByRole('dialog').getByRole('button', { name: 'Simpan verifikasi' }).click();
    await expect
      .poll(() => kecamatan.page.getByTestId('proposal-state').first().getAttribute('data-state'))
      .toBe('verified_kecamatan');
    await shot(kecamatan.page, 'proposal-kecamatan-desktop');
    // The kecamatan's progress: halfway through the field check, Cipondoh is done and Cipondoh Makmur,
    // with nobody visited, stands out.
    await kecamatan.page.goto(`${baseUrl}/aid/${PROGRAM.code}/progress`);
    await kecamatan.page.getByTestId('progress-table').waitFor();
    const behind = kecamatan.page.locator('[data-testid="progress-row"][data-behind="true"]');
    expect(await behind.allTextContents()).toEqual([expect.stringContaining('Cipondoh Makmur')]);
    expect(await behind.getByTestId('progress-status').textContent()).toContain('Tertinggal');
    expect(await kecamatan.page.getByTestId('behind-count').textContent()).toBe(
      '1 dari 2 wilayah tertinggal dari jadwal',
    );
    await shot(kecamatan.page, 'progress-kecamatan-desktop');
    expect(kecamatan.pageErrors).toEqual([]);
    await kecamatan.context.close();

    const { context, page, pageErrors } = await newPage(DESKTOP, ADMIN);
    await page.goto(`${baseUrl}/aid/${PROGRAM.code}/proposals/${proposal.id}`);
    await page.getByTestId('proposal-actions').getByRole('button', { name: 'Setujui' }).click();
    await page.getByRole('dialog').getByText('Nilai bantuan: Rp 2.400.000').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Setujui' }).click();
    await expect
      .poll(() => page.getByTestId('proposal-state').first().getAttribute('data-state'))
      .toBe('approved');
    // The whole ladder is in the history, each step with its officer.
    const history = await page.getByTestId('history-entry').allTextContents();
    expect(history).toHaveLength(3);
    expect(history[0]).toContain(KELURAHAN_OFFICER.email);
    expect(history[1]).toContain(KECAMATAN_OFFICER.email);
    expect(history[2]).toContain(ADMIN.email);
    await shot(page, 'proposal-approved-desktop');

    // A batch of everything approved: one proposal, Rp 2.400.000.
    await page.goto(`${baseUrl}/aid/${PROGRAM.code}/batches`);
    expect(await page.getByTestId('batch-preview').textContent()).toBe('1 usulan · Rp 2.400.000');
    await page.getByRole('button', { name: 'Buat batch pengiriman' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Buat batch pengiriman' }).click();
    const batchRow = page.getByTestId('batch-row');
    await batchRow.waitFor();
    expect(await batchRow.textContent()).toContain('Batch #1');
    expect(await batchRow.textContent()).toContain('Rp 2.400.000');
    await page.getByTestId('none-ready').waitFor();

    // The ministry's file carries full NIKs: the user is told before it downloads, and it is audit-logged.
    await batchRow.getByRole('button', { name: /Unduh/ }).click();
    const warning = page.getByTestId('full-nik-warning');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('Berkas ini berisi NIK lengkap');
    expect(await warning.textContent()).toContain('dicatat di log audit');
    await shot(page, 'batch-download-warning-desktop', false);
    const [batchFile] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Saya mengerti, unduh' }).click(),
    ]);
    expect(batchFile.suggestedFilename()).toBe('BPUM2020-batch-1.xlsx');
    const batch = await readXlsx((await batchFile.path())!);
    expect(batch[0]).toEqual([
      'NIK',
      'NO_KK',
      'NAMA_LENGKAP',
      'ALAMAT',
      'BIDANG_USAHA',
      'NO_HP',
      'NILAI_BANTUAN',
    ]);
    expect(batch.slice(1).map((r) => r[0])).toEqual([ELIGIBLE.nik]);
    const audit = await apiGet<{ items: { action: string; entity: string }[] }>(
      '/audit?action=export_full_nik&pageSize=5',
    );
    expect(audit.items.some((e) => e.entity === 'aid_batch')).toBe(true);

    // The ministry answers: the trader is paid; a NIK it names is not among the proposals.
    await page.getByText('Unggah berkas jawaban').waitFor();
    await page.getByTestId('file-input').setInputFiles({
      name: 'jawaban-kementerian.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        `nik,status,alasan\n${ELIGIBLE.nik},disalurkan,\n${makeNik(7999)},ditolak,Data ganda\n`,
      ),
    });
    await page.getByRole('button', { name: 'Unggah dan impor' }).click();
    await page.getByTestId('answer-summary').waitFor({ timeout: 30_000 });
    /** The number a figure card shows. */
    const figure = (id: string) => page.getByTestId(id).getByTestId('figure').textContent();
    expect(await figure('answer-disbursed')).toBe('1');
    expect(await figure('answer-unknown')).toBe('1');
    expect(await page.getByTestId('answer-unknown-note').textContent()).toContain(
      '1 NIK tidak ada di antara usulan',
    );
    await shot(page, 'batches-desktop');
    await page.setViewportSize(PHONE);
    await shot(page, 'batches-phone');

    // The proposal is paid; the program's figures say so.
    await page.goto(`${baseUrl}/aid/${PROGRAM.code}`);
    await page.getByTestId('by-state').waitFor();
    expect(await page.locator('[data-testid="state-count"][data-state="disbursed"]').textContent()).toContain(
      '1',
    );
    await page.goto(`${baseUrl}/aid/${PROGRAM.code}/proposals/${proposal.id}`);
    await expect
      .poll(() => page.getByTestId('proposal-state').first().getAttribute('data-state'))
      .toBe('disbursed');
    await shot(page, 'proposal-disbursed-phone');

    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('the entry form names empty fields and recognises a registered owner; one officer does one level', async () => {
    // A trader already in the registry applies; the kecamatan officer types her in.
    const registered = { nik: makeNik(7201), name: 'Yuliana Registri' };
    await makeBusiness(t, adminCookie, { owner: { nik: registered.nik, name: registered.name } });
    const { context, page, pageErrors } = await newPage(PHONE, KECAMATAN_OFFICER);
    await page.goto(`${baseUrl}/aid/${PROGRAM.code}/entry`);
    const form = page.getByTestId('applicant-form');
    await form.waitFor();
    await page.getByRole('button', { name: 'Simpan usulan' }).click();
    // Each empty field says which it is, not a bare "Kolom wajib kosong."
    await form.getByText('NIK wajib diisi.').waitFor();
    await form.getByText('Nama lengkap wajib diisi.').waitFor();
    expect(await form.getByText('Kolom wajib kosong.').count()).toBe(0);
    await shot(page, 'entry-required-phone');
    await field(page, 'NIK').fill(registered.nik);
    const known = page.getByTestId('owner-registered');
    await known.waitFor();
    expect(await known.textContent()).toContain(`Pemilik sudah terdaftar: ${registered.name}`);
    await expect.poll(() => field(page, 'Nama lengkap').inputValue()).toBe(registered.name);
    await shot(page, 'entry-registered-phone');
    await page.setViewportSize(DESKTOP);
    await shot(page, 'entry-registered-desktop');

    // The same officer checks a proposal in the field, then may not confirm it at the kecamatan level.
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/aid/programs/${PROGRAM.code}/proposals`,
      headers: { cookie: adminCookie },
      payload: {
        nik: makeNik(7202),
        no_kk: '3671050101207202',
        nama: 'Rudi Satu Petugas',
        no_hp: '081234567202',
        alamat: 'Jl. Anggrek No. 2',
        kode_kelurahan: '36.71.05.1001',
        bidang_usaha: 'Kuliner',
        pekerjaan: 'Pedagang',
        menerima_kur: false,
      },
    });
    expect(res.statusCode).toBe(201);
    const id = res.json().proposal.id as number;
    const officerCookie = await t.login(KECAMATAN_OFFICER.email, KECAMATAN_OFFICER.password);
    const fieldCheck = await t.app.inject({
      method: 'POST',
      url: `/api/v1/aid/proposals/${id}/transitions`,
      headers: { cookie: officerCookie },
      payload: { to: 'verified_kelurahan', note: 'Dicek sendiri' },
    });
    expect(fieldCheck.statusCode).toBe(200);
    await page.goto(`${baseUrl}/aid/${PROGRAM.code}/proposals/${id}`);
    const actions = page.getByTestId('proposal-actions');
    await actions.getByTestId('earlier-level-by-you').waitFor();
    expect(await actions.getByTestId('earlier-level-by-you').textContent()).toContain('petugas lain');
    expect(await actions.getByRole('button', { name: 'Verifikasi kecamatan' }).count()).toBe(0);
    expect(await actions.getByRole('button', { name: 'Tolak' }).count()).toBe(1);
    await shot(page, 'proposal-same-officer-desktop');
    await page.setViewportSize(PHONE);
    await shot(page, 'proposal-same-officer-phone');
    expect(pageErrors).toEqual([]);
    await context.close();

    // The office reads it in the audit log: the proposal by name, linked; the kelurahan by name; an export.
    const office = await newPage(DESKTOP, ADMIN);
    await office.page.goto(`${baseUrl}/audit?entity=aid_proposal`);
    const subject = office.page.getByTestId('audit-subject').filter({ hasText: 'Rudi Satu Petugas' }).first();
    await subject.waitFor();
    expect(await subject.getByRole('link', { name: 'Rudi Satu Petugas' }).getAttribute('href')).toBe(
      `/aid/${PROGRAM.code}/proposals/${id}`,
    );
    expect(await office.page.getByText(`#${id}`, { exact: true }).count()).toBe(0);
    expect(await office.page.getByRole('table').textContent()).toContain('Cipondoh');
    expect(await office.page.getByRole('table').textContent()).not.toContain('36.71.05.1001');
    const [exported] = await Promise.all([
      office.page.waitForEvent('download'),
      office.page.getByRole('button', { name: 'Unduh XLSX' }).click(),
    ]);
    expect(exported.suggestedFilename()).toBe('log-audit.xlsx');
    const exportedRows = await readXlsx((await exported.path())!);
    expect(exportedRows[0]).toEqual([
      'waktu',
      'pelaku',
      'aksi',
      'jenis',
      'id',
      'nama',
      'wilayah',
      'perubahan',
      'id_permintaan',
    ]);
    expect(exportedRows.some((r) => r[5] === 'Rudi Satu Petugas')).toBe(true);
    await shot(office.page, 'audit-names-desktop');
    await office.page.setViewportSize(PHONE);
    await office.page.getByTestId('audit-cards').waitFor();
    await shot(office.page, 'audit-names-phone');
    expect(office.pageErrors).toEqual([]);
    await office.context.close();
  });
});
