/**
 * The aid intake benchmark (called by bench/run.ts): 76,000 applicants with ~2 % duplicate NIKs and ~3 %
 * invalid rows imported into one program through the real importer, beside the raw COPY of the same file
 * into a bare table in the same run.
 */

import type { Config } from '../src/server/config.ts';
import type { DatabaseHandle } from '../src/server/db/database.ts';
import type { DemoOptions } from '../src/server/db/seed/demo-data.ts';
import { prng } from '../src/server/db/seed/demo-data.ts';
import type { Actor } from '../src/server/http/guard.ts';
import { aidImporter } from '../src/server/modules/aid/aid.import.ts';
import { createProgram } from '../src/server/modules/aid/aid.service.ts';
import { AID_OPTIONAL_COLUMNS, AID_REQUIRED_COLUMNS } from '../src/shared/import-columns.ts';
import { type Figure, importTimed, rawCopy } from './run.ts';

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

/** Imports the applicants file into a fresh program and COPYs the same file into a bare table. */
export async function benchAid(
  database: DatabaseHandle,
  config: Config,
  actor: Actor,
  kind: string,
  file: string,
  applicants: number,
): Promise<Figure[]> {
  await createProgram(database.db, config, null, actor, {
    code: 'BPUM2020',
    name: 'Banpres Produktif Usaha Mikro 2020',
    amount: 2_400_000,
  });
  const aid = await importTimed(database, aidImporter, file, { program: 'BPUM2020' });
  const raw = await rawCopy(database, file, HEADER);
  console.error(`[${kind}] aid`, aid.summary, aid.seconds.toFixed(1), 's; raw COPY', raw.toFixed(1), 's');
  return [{ name: 'import aid proposals', rows: applicants, seconds: aid.seconds, baselineSeconds: raw }];
}
