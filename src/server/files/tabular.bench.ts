/**
 * How fast openTabular reads the biggest files offices send: a 1.8M-row monthly turnover CSV and a
 * 76k-row business registry workbook. Not part of the test run:
 *   npx tsx src/server/files/tabular.bench.ts [csvRows] [xlsxRows]
 */
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { openTabular, type TabularSpec } from './tabular.ts';

const csvRows = Number(process.argv[2] ?? 1_824_000);
const xlsxRows = Number(process.argv[3] ?? 76_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bangkit-tabular-bench-'));

async function writeTurnoverCsv(file: string, rows: number) {
  const out = fs.createWriteStream(file);
  let chunk = 'nik;nama_usaha;periode;omzet\n';
  for (let i = 0; i < rows; i++) {
    const month = String((i % 12) + 1).padStart(2, '0');
    chunk += `${3671050000000000 + i};Toko Maju ${i % 977};2025-${month};${(i * 7919) % 50_000_000}\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

async function writeRegistryXlsx(file: string, rows: number) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const sheet = workbook.addWorksheet('Data');
  sheet
    .addRow(['NIK', 'Nama Usaha', 'Kecamatan', 'Alamat', 'Sektor', 'Tanggal Daftar', 'Omzet', 'Telepon'])
    .commit();
  const districts = ['Tangerang', 'Cipondoh', 'Karawaci', 'Ciledug', 'Benda'];
  for (let i = 0; i < rows; i++) {
    sheet
      .addRow([
        String(3671050000000000 + i),
        `Usaha ${i}`,
        districts[i % districts.length],
        `Jl. Melati No. ${i % 300}`,
        i % 2 ? 'Kuliner' : 'Kerajinan',
        new Date(Date.UTC(2024, i % 12, (i % 28) + 1)),
        (i * 7919) % 50_000_000,
        `08${String(1_000_000_000 + i)}`,
      ])
      .commit();
  }
  sheet.commit();
  await workbook.commit();
}

/** Wall time, and CPU time of the whole process (less disturbed by other work on a shared machine). */
async function time(work: () => Promise<number>): Promise<[number, number, number]> {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const rows = await work();
  const cpu = process.cpuUsage(cpuStart);
  return [rows, (performance.now() - start) / 1000, (cpu.user + cpu.system) / 1e6];
}

async function readAll(file: string, spec: TabularSpec): Promise<number> {
  const table = await openTabular(file, spec);
  let count = 0;
  for await (const batch of table.rows()) count += batch.length;
  return count;
}

async function plainCsvParse(file: string): Promise<number> {
  let count = 0;
  const records = fs
    .createReadStream(file)
    .pipe(parse({ bom: true, delimiter: ';', relax_column_count: true, skip_empty_lines: true }));
  for await (const _ of records) count++;
  return count - 1;
}

async function plainExcelJs(file: string): Promise<number> {
  let count = 0;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { styles: 'cache', hyperlinks: 'ignore' });
  for await (const worksheet of reader) {
    for await (const row of worksheet) if (row.values) count++;
    break;
  }
  return count - 1;
}

function report(label: string, file: string, [rows, seconds, cpuSeconds]: [number, number, number]) {
  const megabytes = (fs.statSync(file).size / 1024 / 1024).toFixed(1);
  const perSecond = (s: number) => Math.round(rows / s).toLocaleString('en');
  console.log(
    `${label.padEnd(27)} ${rows} rows (${megabytes} MB)  wall ${seconds.toFixed(2)} s = ${perSecond(seconds)} rows/s` +
      `  cpu ${cpuSeconds.toFixed(2)} s = ${perSecond(cpuSeconds)} rows/s`,
  );
}

try {
  const csv = path.join(dir, 'omzet.csv');
  await writeTurnoverCsv(csv, csvRows);
  const csvSpec = { required: ['nik', 'periode', 'omzet'], optional: ['nama_usaha'] };
  report('csv-parse alone (baseline)', csv, await time(() => plainCsvParse(csv)));
  report('openTabular CSV', csv, await time(() => readAll(csv, csvSpec)));

  const xlsx = path.join(dir, 'registry.xlsx');
  await writeRegistryXlsx(xlsx, xlsxRows);
  const xlsxSpec = {
    required: ['nik', 'nama_usaha', 'kecamatan'],
    optional: ['tanggal_daftar', 'omzet', 'telepon'],
  };
  report('exceljs alone (baseline)', xlsx, await time(() => plainExcelJs(xlsx)));
  report('openTabular XLSX', xlsx, await time(() => readAll(xlsx, xlsxSpec)));
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
