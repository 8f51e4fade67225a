/**
 * The bench's data files, written once before the runs: the demo generator's businesses and monthly
 * reports, aid applicants, and the same rows as XLSX. Deterministic, so every run and every engine
 * reads the same files. Only exports.
 */
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import type { DatabaseHandle } from '../src/server/db/database.ts';
import { demoOptions, writeChunks } from '../src/server/demo/demo.ts';
import { type DemoOptions, demoBusinessesCsv, demoOmzetCsv, prng } from '../src/server/demo/demo-data.ts';
import { AID_OPTIONAL_COLUMNS, AID_REQUIRED_COLUMNS } from '../src/shared/import-columns.ts';
import { type BenchFiles, BUSINESSES, config, WITH_XLSX } from './support.ts';

const HEADER = [...AID_REQUIRED_COLUMNS, ...AID_OPTIONAL_COLUMNS];

const FIRST = ['Siti', 'Sri', 'Dewi', 'Nur', 'Rina', 'Budi', 'Agus', 'Ahmad', 'Dedi', 'Joko', 'Asep', 'Eko'];
const LAST = ['Saputra', 'Rahmawati', 'Hidayat', 'Lestari', 'Nugroho', 'Kusuma', 'Wijaya', 'Santoso'];
const FIELDS = ['Kuliner', 'Perdagangan', 'Jasa', 'Fesyen', 'Kriya', 'Warung kelontong', 'Katering'];
const JOBS = ['Pedagang', 'Wiraswasta', 'Ibu rumah tangga', 'Penjahit', 'Karyawan swasta', 'Pengrajin'];
const EXCLUDED_JOBS = ['PNS', 'Guru PNS', 'Anggota TNI', 'Polri', 'Karyawan BUMN', 'Pegawai BUMD'];

/**
 * Applicants as CSV chunks, deterministic for a seed. About 3 % of rows are invalid (each kind of
 * mistake in turn), about 2 % repeat an earlier applicant's NIK; among the rest some fail a criterion.
 */
export function* aidApplicantsCsv(o: DemoOptions, applicants: number): Generator<string> {
  const rand = prng((o.seed ?? 2020) + 7);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)]!;
  const used = new Set<string>();
  const valid: string[] = [];
  let invalidKind = 0;
  yield `${HEADER.join(',')}\n`;
  let chunk = '';
  for (let i = 0; i < applicants; i++) {
    const area = o.kelurahan[i % o.kelurahan.length]!;
    const woman = rand() < 0.55;
    let nik: string;
    do {
      const day = 1 + Math.floor(rand() * 28) + (woman ? 40 : 0);
      const month = 1 + Math.floor(rand() * 12);
      const year = 55 + Math.floor(rand() * 45);
      nik = `${o.regencies[0]!.replace('.', '')}${area.kecamatan.slice(-2)}${String(day).padStart(2, '0')}${String(month).padStart(2, '0')}${String(year).padStart(2, '0')}${String(1 + Math.floor(rand() * 9998)).padStart(4, '0')}`;
    } while (used.has(nik));
    used.add(nik);
    const row: Record<string, string> = {
      nik,
      no_kk: `${nik.slice(0, 6)}${String(Math.floor(rand() * 1e10)).padStart(10, '1')}`,
      nama: `${pick(FIRST)} ${pick(LAST)}`,
      no_hp: `08${String(1_100_000_000 + Math.floor(rand() * 8_899_999_999)).slice(0, 10)}`,
      alamat: `Jl. Melati No. ${1 + Math.floor(rand() * 200)}`,
      kode_kelurahan: rand() < 0.5 ? area.kelurahan : area.kelurahan.replaceAll('.', ''),
      bidang_usaha: pick(FIELDS),
      pekerjaan: rand() < 0.04 ? pick(EXCLUDED_JOBS) : pick(JOBS),
      menerima_kur: rand() < 0.05 ? 'ya' : pick(['tidak', 't', 'n', '0']),
      nib: rand() < 0.3 ? `9120${String(Math.floor(rand() * 1e9)).padStart(9, '0')}` : '',
      modal_usaha: rand() < 0.01 ? '1500000000' : String(Math.round(rand() * 200) * 500_000),
      omzet_tahunan: String(Math.round(rand() * 400) * 1_000_000),
      kode_kelurahan_ktp: rand() < 0.1 ? pick(o.kelurahan).kelurahan : '',
    };
    const r = rand();
    if (r < 0.03) {
      const mistakes: (() => void)[] = [
        () => (row.nik = `${nik.slice(0, 6)}3102${nik.slice(10)}`),
        () => (row.nama = ''),
        () => (row.no_hp = '12345'),
        () => (row.kode_kelurahan = `${area.kecamatan}.9999`),
        () => (row.menerima_kur = 'mungkin'),
        () => (row.nib = '12345'),
        () => (row.modal_usaha = '-1'),
        () => (row.no_kk = '3671'),
      ];
      mistakes[invalidKind++ % mistakes.length]!();
    } else if (r < 0.05 && valid.length > 0) {
      row.nik = pick(valid);
    } else valid.push(nik);
    chunk += `${HEADER.map((c) => row[c]).join(',')}\n`;
    if (chunk.length > 1 << 20) {
      yield chunk;
      chunk = '';
    }
  }
  yield chunk;
}

/** Columns an office's workbook holds as numbers; every other cell is text (NIK, KK, phone, KBLI, codes). */
const NUMERIC_COLUMNS = new Set([
  'modal_usaha',
  'omzet_tahunan',
  'omzet_bulanan_sebelum_pandemi',
  'tenaga_kerja',
  'omzet',
]);
/** A worksheet holds at most 1,048,576 rows (the header among them). */
const MAX_SHEET_ROWS = 1_000_000;

/**
 * The rows of a CSV file as XLSX, written with exceljs' streaming writer and shared strings as Excel
 * writes them: one workbook, or as many as needed at MAX_SHEET_ROWS data rows each. Returns their paths.
 */
export async function csvToXlsx(csvFile: string, rowsPerWorkbook = MAX_SHEET_ROWS): Promise<string[]> {
  const parser = fs.createReadStream(csvFile).pipe(parse({ relax_column_count: true }));
  const files: string[] = [];
  let header: string[] | undefined;
  let numeric: boolean[] = [];
  let workbook: ExcelJS.stream.xlsx.WorkbookWriter | undefined;
  let sheet: ExcelJS.Worksheet | undefined;
  let rows = 0;
  const close = async () => {
    sheet?.commit();
    await workbook?.commit();
  };
  for await (const record of parser as AsyncIterable<string[]>) {
    if (!header) {
      header = record;
      numeric = header.map((h) => NUMERIC_COLUMNS.has(h));
      continue;
    }
    if (!workbook || rows === rowsPerWorkbook) {
      await close();
      const file = csvFile.replace(/\.csv$/, files.length ? `-${files.length + 1}.xlsx` : '.xlsx');
      files.push(file);
      workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
      sheet = workbook.addWorksheet('Data');
      sheet.addRow(header).commit();
      rows = 0;
    }
    sheet!.addRow(record.map((v, i) => (numeric[i] && v !== '' ? Number(v) : v))).commit();
    rows += 1;
    // Lets the zip stream drain to disk, so that a million rows never wait in memory.
    if (rows % 10_000 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  await close();
  return files;
}

/** Splits a CSV's data rows into `parts` files of about equal size, each with the header. */
export async function splitCsv(file: string, parts: number): Promise<string[]> {
  const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
  const [header, ...rows] = lines;
  const size = Math.ceil(rows.length / parts);
  const out: string[] = [];
  for (let p = 0; p < parts; p++) {
    const target = file.replace(/\.csv$/, `-${p + 1}.csv`);
    const out$ = fs.createWriteStream(target);
    out$.write(`${header}\n`);
    for (let i = p * size; i < Math.min(rows.length, (p + 1) * size); i += 10_000) {
      if (!out$.write(`${rows.slice(i, Math.min(rows.length, (p + 1) * size, i + 10_000)).join('\n')}\n`))
        await once(out$, 'drain');
    }
    out$.end();
    await once(out$, 'finish');
    out.push(target);
  }
  return out;
}

/**
 * Writes the bench's files into `dir`: the business registry, every business's 24 monthly reports and
 * the aid applicants as CSV and (unless BENCH_XLSX=0) as XLSX. `probe` is any migrated database with
 * the area data (the generator draws kelurahan codes from it).
 */
export async function writeBenchFiles(probe: DatabaseHandle, dir: string): Promise<BenchFiles> {
  const options = { ...(await demoOptions(probe, config, BUSINESSES, 76)), allMonths: true };
  const files: BenchFiles = {
    businesses: path.join(dir, 'usaha.csv'),
    omzet: path.join(dir, 'omzet.csv'),
    aid: path.join(dir, 'usulan.csv'),
  };
  writeChunks(files.businesses, demoBusinessesCsv(options));
  writeChunks(files.omzet, demoOmzetCsv(options));
  writeChunks(files.aid, aidApplicantsCsv(options, BUSINESSES));
  if (WITH_XLSX) {
    // Turnover in two workbooks (each half of the businesses' reports; more at a larger scale), one per
    // part of the CSV: a worksheet cannot hold 1.8M rows. The CSV parts stay, for the same imports from CSV.
    const halves = await splitCsv(files.omzet, Math.max(2, Math.ceil((BUSINESSES * 24) / MAX_SHEET_ROWS)));
    const omzet: string[] = [];
    for (const half of halves) omzet.push(...(await csvToXlsx(half)));
    files.xlsx = {
      businesses: (await csvToXlsx(files.businesses))[0]!,
      omzet,
      omzetCsv: halves,
      aid: (await csvToXlsx(files.aid))[0]!,
    };
  }
  return files;
}
