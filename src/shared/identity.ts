/**
 * Indonesian identity and business numbers (see DOMAIN.md). Pure functions shared by the server,
 * the imports and the web forms. Region existence needs the area data, so it is passed in.
 */

export type Gender = 'L' | 'P'; // laki-laki, perempuan

export interface NikInfo {
  nik: string;
  provinceCode: string; // '36'
  regencyCode: string; // '36.71'
  kecamatanCode: string; // '36.71.05' (where the NIK was first registered, not the domicile)
  gender: Gender;
  birthDate: string; // YYYY-MM-DD
}

export type NikProblem = 'format' | 'region' | 'date' | 'serial';

/** Messages in Indonesian, the language of the people who fix the data. */
export const NIK_PROBLEM_MESSAGES: Record<NikProblem, string> = {
  format: 'NIK harus 16 digit angka.',
  region: 'Kode provinsi/kabupaten-kota pada NIK tidak dikenal.',
  date: 'Tanggal lahir pada NIK tidak sah.',
  serial: 'Nomor urut NIK tidak boleh 0000.',
};

export type RegencyExists = (regencyCode: string) => boolean;
/**
 * For forms in the browser, which do not hold the country's area data: the shape, date and serial of
 * a NIK are checked at once and its region is left to the server.
 */
export const ANY_REGENCY: RegencyExists = () => true;

/**
 * Parses a NIK: 16 digits = province(2) regency(2) kecamatan(2) DDMMYY(6) serial(4); women have day + 40.
 * The two-digit year is read as the latest birth date not after `today`: a day and month still to come
 * this year in this century belong to the last one (28-12-26 is 1926 until 28 December 2026).
 */
export function parseNik(
  input: string,
  regencyExists: RegencyExists,
  today: Date = new Date(),
): { ok: true; value: NikInfo } | { ok: false; problem: NikProblem } {
  const nik = input.trim();
  if (!/^\d{16}$/.test(nik)) return { ok: false, problem: 'format' };
  const regencyCode = `${nik.slice(0, 2)}.${nik.slice(2, 4)}`;
  if (!regencyExists(regencyCode)) return { ok: false, problem: 'region' };
  let day = Number(nik.slice(6, 8));
  const month = Number(nik.slice(8, 10));
  const yy = Number(nik.slice(10, 12));
  const gender: Gender = day > 40 ? 'P' : 'L';
  if (day > 40) day -= 40;
  const century = Math.floor(today.getUTCFullYear() / 100) * 100;
  let birthDate = isoDate(century + yy, month, day);
  if (birthDate && birthDate > todayText(today)) birthDate = isoDate(century - 100 + yy, month, day);
  if (!birthDate) return { ok: false, problem: 'date' };
  if (nik.slice(12) === '0000') return { ok: false, problem: 'serial' };
  return {
    ok: true,
    value: {
      nik,
      provinceCode: nik.slice(0, 2),
      regencyCode,
      kecamatanCode: `${regencyCode}.${nik.slice(4, 6)}`,
      gender,
      birthDate,
    },
  };
}

function isoDate(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1) return null;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  // Written out rather than by toISOString(): imports parse a NIK per row of 76,000-row files.
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/** `today` as YYYY-MM-DD, remembered for the Date an import passes with every row. */
let todayCache: { time: number; text: string } | undefined;
function todayText(today: Date): string {
  const time = today.getTime();
  if (todayCache?.time !== time)
    todayCache = {
      time,
      text: isoDate(today.getUTCFullYear(), today.getUTCMonth() + 1, today.getUTCDate())!,
    };
  return todayCache.text;
}

/** `3671********0001`: the region and serial stay readable, the birth date and kecamatan do not. */
export function maskNik(nik: string): string {
  return nik.length === 16 ? `${nik.slice(0, 4)}********${nik.slice(12)}` : '****************';
}

/** No. KK (family card): 16 digits with an existing province/regency prefix. */
export function isValidKk(input: string, regencyExists: RegencyExists): boolean {
  const kk = input.trim();
  return (
    /^\d{16}$/.test(kk) && regencyExists(`${kk.slice(0, 2)}.${kk.slice(2, 4)}`) && !/^0+$/.test(kk.slice(6))
  );
}

/** NIB (Nomor Induk Berusaha, OSS-RBA): 13 digits. */
export function isValidNib(input: string): boolean {
  return /^\d{13}$/.test(input.trim());
}

/** Mobile numbers normalised to `08…`, 10–13 digits; accepts +62 / 62 prefixes and common separators. */
export function normalizePhone(input: string): string | null {
  let p = input.trim().replace(/[\s\-.()]/g, '');
  if (p.startsWith('+62')) p = `0${p.slice(3)}`;
  else if (p.startsWith('62')) p = `0${p.slice(2)}`;
  if (!/^08\d{8,11}$/.test(p)) return null;
  return p;
}

/**
 * Rupiah as a non-negative whole number. Accepts `1500000`, `1.500.000` and `1,500,000`
 * (thousand separators); refuses decimals, negatives and anything else.
 */
export function parseRupiah(input: string | number): number | null {
  if (typeof input === 'number') return Number.isSafeInteger(input) && input >= 0 ? input : null;
  const s = input.trim().replace(/^rp\.?\s*/i, '');
  if (/^\d+$/.test(s) || /^\d{1,3}(\.\d{3})+$/.test(s) || /^\d{1,3}(,\d{3})+$/.test(s)) {
    const n = Number(s.replace(/[.,]/g, ''));
    return Number.isSafeInteger(n) ? n : null;
  }
  return null;
}

/** A month `YYYY-MM` from 2000-01 up to the current month. */
export function isValidPeriod(input: string, today: Date = new Date()): boolean {
  const m = /^(\d{4})-(\d{2})$/.exec(input);
  if (!m) return false;
  const month = Number(m[2]);
  if (month < 1 || month > 12 || Number(m[1]) < 2000) return false;
  const current = `${today.getUTCFullYear()}-${String(today.getUTCMonth() + 1).padStart(2, '0')}`;
  return input <= current;
}

export const SIZE_CLASSES = ['micro', 'small', 'medium', 'large'] as const;
export type SizeClass = (typeof SIZE_CLASSES)[number];

const BILLION = 1_000_000_000;

/**
 * Size class by PP 7/2021: by business capital (excluding land and buildings) when known,
 * otherwise by annual sales. Above the medium ceiling a business is large (not UMKM).
 */
export function sizeClassOf(
  capital: number | null | undefined,
  annualSales: number | null | undefined,
): SizeClass | null {
  if (capital != null) {
    if (capital <= 1 * BILLION) return 'micro';
    if (capital <= 5 * BILLION) return 'small';
    if (capital <= 10 * BILLION) return 'medium';
    return 'large';
  }
  if (annualSales != null) {
    if (annualSales <= 2 * BILLION) return 'micro';
    if (annualSales <= 15 * BILLION) return 'small';
    if (annualSales <= 50 * BILLION) return 'medium';
    return 'large';
  }
  return null;
}
