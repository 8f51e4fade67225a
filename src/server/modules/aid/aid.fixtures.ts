import type { TestApp } from '../../../../test/support/app.ts';
import { makeNik } from '../../../../test/support/builders.ts';
import { AID_OPTIONAL_COLUMNS, AID_REQUIRED_COLUMNS } from '../../../shared/import-columns.ts';

/** Test data for aid proposals: applicants as file rows or JSON, programs through the API. */

export const AID_HEADER = [...AID_REQUIRED_COLUMNS, ...AID_OPTIONAL_COLUMNS];
export type ApplicantRow = Record<(typeof AID_HEADER)[number], string>;

/** A valid, eligible applicant of Kota Tangerang (Cipondoh) for a serial number. */
export function makeApplicant(serial: number, overrides: Partial<ApplicantRow> = {}): ApplicantRow {
  return {
    nik: makeNik(serial),
    no_kk: `367105010120${String(serial % 10_000).padStart(4, '0')}`,
    nama: `Pelamar ${serial}`,
    no_hp: `0812${String(10_000_000 + serial).slice(-8)}`,
    alamat: `Jl. Melati No. ${serial}`,
    kode_kelurahan: '36.71.05.1001',
    bidang_usaha: 'Kuliner',
    pekerjaan: 'Pedagang',
    menerima_kur: 'tidak',
    nib: '',
    modal_usaha: '',
    omzet_tahunan: '',
    kode_kelurahan_ktp: '',
    ...overrides,
  };
}

/** Rows as CSV (quoted where needed) with the given delimiter and line ending. */
export function applicantsCsv(
  rows: ApplicantRow[],
  options: { delimiter?: string; eol?: string; bom?: boolean } = {},
) {
  const { delimiter = ',', eol = '\n', bom = false } = options;
  const cell = (v: string) => (/[",;\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  const lines = [
    AID_HEADER.join(delimiter),
    ...rows.map((r) => AID_HEADER.map((c) => cell(r[c])).join(delimiter)),
  ];
  return `${bom ? '\uFEFF' : ''}${lines.join(eol)}${eol}`;
}

/** JSON for the single-entry endpoint (the same fields). */
export function applicantJson(row: ApplicantRow) {
  return Object.fromEntries(Object.entries(row).filter(([, v]) => v !== ''));
}

let programSeq = 0;

/** Creates a program through the API as the given admin; returns its code. */
export async function makeProgram(t: TestApp, cookie: string, overrides: Record<string, unknown> = {}) {
  programSeq += 1;
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/aid/programs',
    headers: { cookie },
    payload: {
      code: `TEST${programSeq}`,
      name: `Program uji ${programSeq}`,
      amount: 2_400_000,
      ...overrides,
    },
  });
  if (res.statusCode !== 201) throw new Error(`makeProgram: ${res.statusCode} ${res.body}`);
  return res.json().code as string;
}

/** Uploads a file to /imports/<kind>?program=<code> and waits for the job to end. */
export async function importForProgram(
  t: TestApp,
  cookie: string,
  program: string,
  content: string | Buffer,
  options: { kind?: 'aid' | 'aid_answer'; fileName?: string } = {},
) {
  const { kind = 'aid', fileName = 'usulan.csv' } = options;
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/imports/${kind}?fileName=${encodeURIComponent(fileName)}&program=${encodeURIComponent(program)}`,
    headers: { cookie, 'content-type': 'application/octet-stream' },
    payload: content,
  });
  if (res.statusCode !== 202) return { status: res.statusCode, body: res.json(), job: null };
  await t.app.importQueue.idle();
  const job = await t.app.inject({
    method: 'GET',
    url: `/api/v1/imports/${res.json().id}`,
    headers: { cookie },
  });
  return { status: res.statusCode, body: res.json(), job: job.json() };
}
