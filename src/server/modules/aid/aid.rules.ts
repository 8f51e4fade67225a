import { canonicalAreaCode, isWithinArea } from '../../../shared/area-code.ts';
import {
  type Gender,
  isValidKk,
  isValidNib,
  NIK_PROBLEM_MESSAGES,
  normalizePhone,
  parseNik,
  parseRupiah,
  type RegencyExists,
} from '../../../shared/identity.ts';
import { AID_REQUIRED_COLUMNS, type AidColumn } from '../../../shared/import-columns.ts';
import { parseSector, type Sector } from '../../../shared/sectors.ts';
import type { Cell } from '../../files/tabular.ts';
import { ROW_PROBLEMS } from '../imports/row-problems.ts';
import type { AidCriteria, IntakeState } from './aid.table.ts';

/**
 * The intake rules of an aid program (BPUM 2020): a row is invalid, a duplicate, ineligible or
 * eligible, decided in that order. Pure functions over the cells of one row; the importer and the
 * single-entry form share them.
 */

export const INVALID_REASONS = {
  ...ROW_PROBLEMS,
  kelurahan_unknown: 'Kode kelurahan tidak dikenal.',
  kelurahan_ktp_unknown: 'Kode kelurahan KTP tidak dikenal.',
  kur_invalid: 'Kolom menerima_kur harus ya/tidak (y/t/n, true/false, 1/0).',
} as const;

export const DUPLICATE_REASONS = {
  duplicate_in_file: 'NIK sudah ada di baris sebelumnya dalam berkas ini.',
  duplicate_in_program: 'NIK sudah diusulkan dalam program ini (impor atau entri sebelumnya).',
} as const;

export const INELIGIBLE_REASONS = {
  occupation_excluded: 'Pekerjaan ASN/PNS, TNI, Polri atau pegawai BUMN/BUMD tidak dapat diusulkan.',
  receives_kur: 'Sedang menerima KUR atau kredit bank.',
  not_micro: 'Bukan usaha mikro (modal usaha di atas Rp 1 miliar atau omzet tahunan di atas Rp 2 miliar).',
  outside_area: 'Lokasi usaha di luar wilayah program.',
} as const;

export const WARNINGS = {
  needs_sku:
    'Alamat KTP berbeda dengan lokasi usaha: perlu Surat Keterangan Usaha (SKU) dari kelurahan lokasi usaha.',
} as const;

export type InvalidReason = keyof typeof INVALID_REASONS;
export type IneligibleReason = keyof typeof INELIGIBLE_REASONS;
export type WarningCode = keyof typeof WARNINGS;

/** Every code an intake row or proposal may carry, with its Indonesian text, in the order summaries list them. */
export const REASON_MESSAGES: Record<string, string> = {
  ...INVALID_REASONS,
  ...DUPLICATE_REASONS,
  ...INELIGIBLE_REASONS,
};
export const REASON_ORDER = Object.keys(REASON_MESSAGES);

export const INTAKE_STATE_LABELS: Record<IntakeState, string> = {
  invalid: 'Tidak sah',
  duplicate: 'Ganda',
  ineligible: 'Tidak memenuhi syarat',
  eligible: 'Memenuhi syarat',
};

const MICRO_CAPITAL = 1_000_000_000;
const MICRO_ANNUAL_SALES = 2_000_000_000;

/** `menerima_kur`: ya/y/true/1 or tidak/t/n/false/0 (here `t` is "tidak"); anything else is null. */
export function parseYesNo(input: string): boolean | null {
  const v = input.trim().toLowerCase();
  if (['ya', 'y', 'true', '1'].includes(v)) return true;
  if (['tidak', 't', 'n', 'false', '0'].includes(v)) return false;
  return null;
}

const EXCLUDED_WORDS = new Set([
  'asn',
  'pns',
  'cpns',
  'pppk',
  'tni',
  'abri',
  'tentara',
  'prajurit',
  'polri',
  'polisi',
  'polwan',
  'kepolisian',
  'bhayangkara',
  'brimob',
  'bumn',
  'bumd',
]);
const EXCLUDED_PHRASES = [
  'pegawai negeri',
  'pegawai pemerintah',
  'aparatur sipil negara',
  'aparatur negara',
  'angkatan darat',
  'angkatan laut',
  'angkatan udara',
  'badan usaha milik negara',
  'badan usaha milik daerah',
  'perusahaan daerah',
  'perusahaan umum daerah',
];
/** Well-known state and regional companies; they exclude only with an employee word ("karyawan PLN", not "agen token PLN"). */
const STATE_COMPANIES = [
  'pertamina',
  'pln',
  'telkom',
  'bri',
  'bni',
  'btn',
  'bank mandiri',
  'pos indonesia',
  'kai',
  'garuda indonesia',
  'angkasa pura',
  'pelindo',
  'jasa marga',
  'taspen',
  'pegadaian',
  'pdam',
  'perumda',
  'bank bjb',
  'bank dki',
  'bank banten',
];
const EMPLOYEE_WORDS = new Set(['karyawan', 'karyawati', 'pegawai', 'staf', 'staff', 'pekerja', 'buruh']);
/** A former civil servant, soldier or police officer may apply. */
const FORMER_WORDS = new Set(['pensiunan', 'purnawirawan', 'mantan', 'eks', 'ex']);

/** Lower case, abbreviation dots dropped (P.N.S → pns), other punctuation to spaces, padded for phrase search. */
function normalizeWords(input: string): string {
  const text = input
    .toLowerCase()
    .replace(/[.'’]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  return ` ${text} `;
}

/** True when `pekerjaan` names a civil servant, soldier, police officer or employee of a state or regional company. */
export function isExcludedOccupation(pekerjaan: string): boolean {
  const text = normalizeWords(pekerjaan);
  const words = text.trim().split(' ');
  if (words.some((w) => FORMER_WORDS.has(w))) return false;
  if (words.some((w) => EXCLUDED_WORDS.has(w))) return true;
  if (EXCLUDED_PHRASES.some((p) => text.includes(` ${p} `))) return true;
  return words.some((w) => EMPLOYEE_WORDS.has(w)) && STATE_COMPANIES.some((c) => text.includes(` ${c} `));
}

/** An applicant's row once it is valid: normalised values, ready for the registry and the proposal. */
export interface Applicant {
  nik: string;
  gender: Gender;
  birthDate: string;
  kk: string;
  name: string;
  phone: string;
  address: string;
  businessField: string;
  sector: Sector;
  occupation: string;
  receivesKur: boolean;
  nib: string | null;
  capital: number | null;
  annualSales: number | null;
  kelurahanCode: string;
  kecamatanCode: string;
  ktpKelurahanCode: string | null;
}

export interface AssessContext {
  regencyExists: RegencyExists;
  /** kelurahan code → its kecamatan, or undefined when the code does not exist. */
  kecamatanOf: (kelurahanCode: string) => string | undefined;
  program: { areaCode: string; criteria: AidCriteria };
  today?: Date;
}

export interface Problem {
  code: string;
  /** The columns the problem is about (the form shows it beside those fields). */
  columns: AidColumn[];
  message: string;
}

export type Assessment =
  | { valid: false; problems: Problem[] }
  | {
      valid: true;
      applicant: Applicant;
      /** Ineligibility reasons, empty when eligible. */
      reasons: IneligibleReason[];
      warnings: WarningCode[];
    };

/**
 * Checks one row: every problem that makes it invalid, or — when valid — the criteria it fails
 * (each recorded) and its warnings. Whether it is a duplicate is for the caller, who knows the
 * other rows.
 */
export function assessApplicant(cells: Partial<Record<string, Cell>>, ctx: AssessContext): Assessment {
  const cell = (c: AidColumn) => cells[c];
  const text = (c: AidColumn) => cell(c)?.text.trim() ?? '';
  const problems: Problem[] = [];
  const problem = (code: InvalidReason, column: AidColumn | AidColumn[], detail?: string) =>
    problems.push({
      code,
      columns: Array.isArray(column) ? column : [column],
      message: detail ? `${INVALID_REASONS[code]} ${detail}` : INVALID_REASONS[code],
    });

  const missing = AID_REQUIRED_COLUMNS.filter((c) => !text(c));
  if (missing.length) problem('required_missing', [...missing], `(${missing.join(', ')})`);

  let nik: ReturnType<typeof parseNik> | null = null;
  if (text('nik')) {
    if (cell('nik')?.numeric) problem('nik_numeric', 'nik');
    else {
      nik = parseNik(text('nik'), ctx.regencyExists, ctx.today);
      if (!nik.ok) problem('nik_invalid', 'nik', NIK_PROBLEM_MESSAGES[nik.problem]);
    }
  }
  if (text('no_kk')) {
    if (cell('no_kk')?.numeric) problem('kk_numeric', 'no_kk');
    else if (!isValidKk(text('no_kk'), ctx.regencyExists)) problem('kk_invalid', 'no_kk');
  }
  let phone: string | null = null;
  if (text('no_hp')) {
    // A number-typed phone cell has lost its leading zero (81234567890).
    const raw = cell('no_hp')?.numeric && text('no_hp').startsWith('8') ? `0${text('no_hp')}` : text('no_hp');
    phone = normalizePhone(raw);
    if (!phone) problem('phone_invalid', 'no_hp');
  }
  const kelurahan = text('kode_kelurahan') ? canonicalAreaCode(text('kode_kelurahan')) : null;
  const kecamatan = kelurahan ? ctx.kecamatanOf(kelurahan) : undefined;
  if (text('kode_kelurahan') && !kecamatan) problem('kelurahan_unknown', 'kode_kelurahan');
  let ktpKelurahan: string | null = null;
  if (text('kode_kelurahan_ktp')) {
    ktpKelurahan = canonicalAreaCode(text('kode_kelurahan_ktp'));
    if (!ktpKelurahan || !ctx.kecamatanOf(ktpKelurahan))
      problem('kelurahan_ktp_unknown', 'kode_kelurahan_ktp');
  }
  const kur = text('menerima_kur') ? parseYesNo(text('menerima_kur')) : null;
  if (text('menerima_kur') && kur === null) problem('kur_invalid', 'menerima_kur');
  const nib = text('nib') || null;
  if (nib && !isValidNib(nib)) problem('nib_invalid', 'nib');
  const money: Partial<Record<'modal_usaha' | 'omzet_tahunan', number>> = {};
  for (const c of ['modal_usaha', 'omzet_tahunan'] as const) {
    if (!text(c)) continue;
    const value = parseRupiah(cell(c)!.numeric ? Number(text(c)) : text(c));
    if (value === null) problem('money_invalid', c, `(${c})`);
    else money[c] = value;
  }
  if (problems.length || !nik?.ok || !phone || !kelurahan || !kecamatan || kur === null) {
    return { valid: false, problems };
  }

  const applicant: Applicant = {
    nik: nik.value.nik,
    gender: nik.value.gender,
    birthDate: nik.value.birthDate,
    kk: text('no_kk'),
    name: text('nama').replace(/\s+/g, ' '),
    phone,
    address: text('alamat').replace(/\s+/g, ' '),
    businessField: text('bidang_usaha').replace(/\s+/g, ' '),
    sector: parseSector(text('bidang_usaha')) ?? 'lainnya',
    occupation: text('pekerjaan').replace(/\s+/g, ' '),
    receivesKur: kur,
    nib,
    capital: money.modal_usaha ?? null,
    annualSales: money.omzet_tahunan ?? null,
    kelurahanCode: kelurahan,
    kecamatanCode: kecamatan,
    ktpKelurahanCode: ktpKelurahan,
  };
  const { criteria, areaCode } = ctx.program;
  const reasons: IneligibleReason[] = [];
  if (criteria.occupation && isExcludedOccupation(applicant.occupation)) reasons.push('occupation_excluded');
  if (criteria.kur && applicant.receivesKur) reasons.push('receives_kur');
  if (
    criteria.micro &&
    ((applicant.capital ?? 0) > MICRO_CAPITAL || (applicant.annualSales ?? 0) > MICRO_ANNUAL_SALES)
  )
    reasons.push('not_micro');
  if (criteria.area && !isWithinArea(kelurahan, areaCode)) reasons.push('outside_area');
  const warnings: WarningCode[] =
    reasons.length === 0 && ktpKelurahan && ktpKelurahan !== kelurahan ? ['needs_sku'] : [];
  return { valid: true, applicant, reasons, warnings };
}

/** The cells of a row that hold something, as text: what an intake row keeps of what came in. */
export function filledCells(cells: Partial<Record<string, Cell>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [column, cell] of Object.entries(cells)) if (cell?.text) out[column] = cell.text;
  return out;
}

/** The Indonesian text of a set of reason codes, as the rejected-rows report shows it. */
export function describeReasons(codes: readonly string[]): string {
  return codes.map((c) => REASON_MESSAGES[c] ?? c).join(' ');
}
