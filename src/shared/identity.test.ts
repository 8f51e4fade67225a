import { describe, expect, it } from 'vitest';
import {
  isValidKk,
  isValidNib,
  isValidPeriod,
  maskNik,
  normalizePhone,
  parseNik,
  parseRupiah,
  sizeClassOf,
} from './identity.ts';

const known = (code: string) => ['36.71', '36.03', '32.73'].includes(code);
const today = new Date('2026-11-28T00:00:00Z');

describe('NIK', () => {
  it('reads a woman born 12-03-1985 (day + 40)', () => {
    const r = parseNik('3671055203850001', known, today);
    expect(r).toEqual({
      ok: true,
      value: {
        nik: '3671055203850001',
        provinceCode: '36',
        regencyCode: '36.71',
        kecamatanCode: '36.71.05',
        gender: 'P',
        birthDate: '1985-03-12',
      },
    });
  });

  it('reads a man born 07-08-1990 and trims whitespace', () => {
    const r = parseNik(' 3671070708900002 ', known, today);
    expect(r.ok && r.value).toMatchObject({
      gender: 'L',
      birthDate: '1990-08-07',
      kecamatanCode: '36.71.07',
    });
  });

  it('reads a two-digit year as the latest year not in the future', () => {
    const r = parseNik('3671050101100001', known, today);
    expect(r.ok && r.value.birthDate).toBe('2010-01-01');
    const old = parseNik('3671050101300001', known, today);
    expect(old.ok && old.value.birthDate).toBe('1930-01-01');
  });

  it('reads a day of this year still to come as a birth in the last century', () => {
    // `today` is 28-11-2026: 28-12-26 has not come yet this year, so the person was born in 1926.
    const born1926 = parseNik('3671012812260001', known, today);
    expect(born1926).toMatchObject({ ok: true, value: { birthDate: '1926-12-28', gender: 'L' } });
    expect(parseNik('3671016911260001', known, today)).toMatchObject({
      ok: true,
      value: { birthDate: '1926-11-29', gender: 'P' },
    });
    // Today and the days before it are this century.
    expect(parseNik('3671012811260001', known, today)).toMatchObject({ value: { birthDate: '2026-11-28' } });
    expect(parseNik('3671012711260001', known, today)).toMatchObject({ value: { birthDate: '2026-11-27' } });
    // Once the day has passed, the same NIK reads as this century.
    const nextYear = new Date('2027-01-05T00:00:00Z');
    expect(parseNik('3671012812260001', known, nextYear)).toMatchObject({
      value: { birthDate: '2026-12-28' },
    });
    // 29 February: 2000 is a leap year; 1900, where a future 29-02-00 would fall, is not.
    expect(parseNik('3671012902000001', known, today)).toMatchObject({ value: { birthDate: '2000-02-29' } });
    expect(parseNik('3671012902000001', known, new Date('1999-12-31T00:00:00Z'))).toEqual({
      ok: false,
      problem: 'date',
    });
  });

  it('rejects each kind of invalid NIK with its reason', () => {
    expect(parseNik('367105520385000', known, today)).toEqual({ ok: false, problem: 'format' });
    expect(parseNik('36710552038500a1', known, today)).toEqual({ ok: false, problem: 'format' });
    expect(parseNik('3699055203850001', known, today)).toEqual({ ok: false, problem: 'region' });
    expect(parseNik('3671053102850001', known, today)).toEqual({ ok: false, problem: 'date' }); // 31 Feb
    expect(parseNik('3671057203850001', known, today)).toEqual({ ok: false, problem: 'date' }); // day 32 for a woman
    expect(parseNik('3671053202850001', known, today)).toEqual({ ok: false, problem: 'date' }); // day 32
    expect(parseNik('3671050013850001', known, today)).toEqual({ ok: false, problem: 'date' }); // month 13
    expect(parseNik('3671055203850000', known, today)).toEqual({ ok: false, problem: 'serial' });
  });

  it('masks all but region and serial', () => {
    expect(maskNik('3671055203850001')).toBe('3671********0001');
  });
});

describe('other numbers', () => {
  it('validates KK and NIB', () => {
    expect(isValidKk('3671051203120003', known)).toBe(true);
    expect(isValidKk('9971051203120003', known)).toBe(false);
    expect(isValidKk('367105120312', known)).toBe(false);
    expect(isValidNib('9120001234567')).toBe(true);
    expect(isValidNib('912000123456')).toBe(false);
  });

  it('normalises mobile numbers to 08…', () => {
    expect(normalizePhone('+62 812-3456-7890')).toBe('081234567890');
    expect(normalizePhone('6281234567890')).toBe('081234567890');
    expect(normalizePhone('0812 3456 78')).toBe('0812345678');
    expect(normalizePhone('021 5551234')).toBeNull();
    expect(normalizePhone('08123')).toBeNull();
    expect(normalizePhone('08123456789012')).toBeNull();
  });

  it('parses rupiah as whole non-negative numbers', () => {
    expect(parseRupiah('1500000')).toBe(1_500_000);
    expect(parseRupiah('1.500.000')).toBe(1_500_000);
    expect(parseRupiah('Rp 2.400.000')).toBe(2_400_000);
    expect(parseRupiah(2400000)).toBe(2_400_000);
    for (const bad of ['-5', '1,5', '1500000.50', 'abc', '', '1.50.000'])
      expect(parseRupiah(bad), bad).toBeNull();
    expect(parseRupiah(12.5)).toBeNull();
    expect(parseRupiah(-1)).toBeNull();
  });

  it('accepts periods up to the current month only', () => {
    expect(isValidPeriod('2020-08', today)).toBe(true);
    expect(isValidPeriod('2026-11', today)).toBe(true);
    expect(isValidPeriod('2026-12', today)).toBe(false);
    expect(isValidPeriod('2020-13', today)).toBe(false);
    expect(isValidPeriod('2020-8', today)).toBe(false);
  });

  it('classifies size by capital first, else by sales (PP 7/2021)', () => {
    expect(sizeClassOf(1_000_000_000, null)).toBe('micro');
    expect(sizeClassOf(1_000_000_001, null)).toBe('small');
    expect(sizeClassOf(6_000_000_000, 1)).toBe('medium');
    expect(sizeClassOf(11_000_000_000, null)).toBe('large');
    expect(sizeClassOf(null, 2_000_000_000)).toBe('micro');
    expect(sizeClassOf(null, 14_000_000_000)).toBe('small');
    expect(sizeClassOf(null, 50_000_000_000)).toBe('medium');
    expect(sizeClassOf(null, null)).toBeNull();
  });
});
