import { describe, expect, it } from 'vitest';
import { makeNik } from '../../../../test/support/builders.ts';
import type { Cell } from '../../files/tabular.ts';
import { type AssessContext, assessApplicant, isExcludedOccupation, parseYesNo } from './aid.rules.ts';
import { actorLevelOf, checkTransition } from './aid.service.ts';

const KELURAHAN: Record<string, string> = {
  '36.71.05.1001': '36.71.05',
  '36.71.07.1001': '36.71.07',
  '36.74.01.1001': '36.74.01', // Tangerang Selatan: exists, outside the program
};
const ctx: AssessContext = {
  regencyExists: (code) => ['36.71', '36.74', '31.74'].includes(code),
  kecamatanOf: (code) => KELURAHAN[code],
  program: { areaCode: '36.71', criteria: { occupation: true, kur: true, micro: true, area: true } },
  today: new Date('2026-11-28T00:00:00Z'),
};

const text = (t: string): Cell => ({ text: t, numeric: false });
function row(overrides: Record<string, string | Cell> = {}) {
  const base: Record<string, string> = {
    nik: makeNik(7),
    no_kk: '3671050101200001',
    nama: 'Siti Aminah',
    no_hp: '081234567890',
    alamat: 'Jl. Mawar 1',
    kode_kelurahan: '3671051001',
    bidang_usaha: 'Kuliner',
    pekerjaan: 'Pedagang',
    menerima_kur: 'tidak',
  };
  const cells: Record<string, Cell> = {};
  for (const [k, v] of Object.entries({ ...base, ...overrides }))
    cells[k] = typeof v === 'string' ? text(v) : v;
  return cells;
}
const codesOf = (cells: Record<string, Cell>) => {
  const a = assessApplicant(cells, ctx);
  return a.valid
    ? { valid: true, reasons: a.reasons, warnings: a.warnings }
    : { valid: false, codes: a.problems.map((p) => p.code) };
};

describe('aid intake rules', () => {
  it('accepts a complete row and normalises it', () => {
    const a = assessApplicant(
      row({ nik: ` ${makeNik(7)} `, no_hp: '+62 812-3456-7890', nib: '9120001234567' }),
      ctx,
    );
    expect(a).toMatchObject({
      valid: true,
      reasons: [],
      warnings: [],
      applicant: {
        nik: makeNik(7),
        phone: '081234567890',
        kelurahanCode: '36.71.05.1001',
        kecamatanCode: '36.71.05',
        sector: 'kuliner',
        receivesKur: false,
        nib: '9120001234567',
      },
    });
  });

  it('finds every kind of invalid row', () => {
    const cases: [Record<string, string | Cell>, string][] = [
      [{ nama: '' }, 'required_missing'],
      [{ menerima_kur: ' ' }, 'required_missing'],
      [{ nik: '36710512345' }, 'nik_invalid'],
      [{ nik: '9971051203850001' }, 'nik_invalid'], // no such province/regency
      [{ nik: '3671053102850001' }, 'nik_invalid'], // 31 February
      [{ nik: '3671057203850001' }, 'nik_invalid'], // 72 − 40 = 32
      [{ nik: '3671051203850000' }, 'nik_invalid'], // serial 0000
      [{ nik: { text: '3671051203850000', numeric: true } }, 'nik_numeric'],
      [{ no_kk: '12345' }, 'kk_invalid'],
      [{ no_kk: { text: '3671050101200001', numeric: true } }, 'kk_numeric'],
      [{ no_hp: '12345' }, 'phone_invalid'],
      [{ kode_kelurahan: '3671059999' }, 'kelurahan_unknown'],
      [{ kode_kelurahan_ktp: '99.99' }, 'kelurahan_ktp_unknown'],
      [{ menerima_kur: 'mungkin' }, 'kur_invalid'],
      [{ nib: '12345' }, 'nib_invalid'],
      [{ modal_usaha: '-5' }, 'money_invalid'],
      [{ omzet_tahunan: '1.5' }, 'money_invalid'],
    ];
    for (const [overrides, code] of cases) {
      expect({ overrides, ...codesOf(row(overrides)) }).toMatchObject({
        overrides,
        valid: false,
        codes: [code],
      });
    }
    // Several problems in one row are all named.
    expect(codesOf(row({ no_hp: 'x', nib: '1' }))).toEqual({
      valid: false,
      codes: ['phone_invalid', 'nib_invalid'],
    });
  });

  it('reads menerima_kur the Indonesian way: t is tidak', () => {
    for (const v of ['ya', 'Y', 'TRUE', '1']) expect(parseYesNo(v)).toBe(true);
    for (const v of ['tidak', 'T', 'n', 'False', '0']) expect(parseYesNo(v)).toBe(false);
    for (const v of ['yes', 'no', '2', '']) expect(parseYesNo(v)).toBeNull();
  });

  it('recognises excluded occupations in common wordings, not lookalikes', () => {
    for (const job of [
      'PNS',
      'P.N.S.',
      'Guru PNS',
      'ASN Pemkot Tangerang',
      'Pegawai Negeri Sipil',
      'aparatur sipil negara',
      'TNI-AD',
      'Anggota TNI AU',
      'Polri',
      'polisi',
      'Kepolisian RI',
      'Karyawan BUMN',
      'pegawai bumd',
      'Karyawan PT PLN (Persero)',
      'Staf Bank BRI',
      'Badan Usaha Milik Negara',
    ])
      expect({ job, excluded: isExcludedOccupation(job) }).toEqual({ job, excluded: true });
    for (const job of [
      'Pedagang',
      'Ibu rumah tangga',
      'Karyawan swasta',
      'Guru honorer',
      'Agen token PLN dan pulsa',
      'Pensiunan PNS',
      'Purnawirawan TNI',
      'Wiraswasta',
    ])
      expect({ job, excluded: isExcludedOccupation(job) }).toEqual({ job, excluded: false });
  });

  it('records every criterion a row fails, and warns about the SKU without changing the state', () => {
    expect(codesOf(row({ pekerjaan: 'PNS' }))).toMatchObject({ reasons: ['occupation_excluded'] });
    expect(codesOf(row({ menerima_kur: 'ya' }))).toMatchObject({ reasons: ['receives_kur'] });
    expect(codesOf(row({ modal_usaha: '1000000001' }))).toMatchObject({ reasons: ['not_micro'] });
    expect(codesOf(row({ omzet_tahunan: '2.000.000.001' }))).toMatchObject({ reasons: ['not_micro'] });
    expect(codesOf(row({ modal_usaha: '1000000000', omzet_tahunan: '2000000000' }))).toMatchObject({
      reasons: [],
    });
    expect(codesOf(row({ kode_kelurahan: '36.74.01.1001' }))).toMatchObject({ reasons: ['outside_area'] });
    expect(codesOf(row({ pekerjaan: 'Polisi', menerima_kur: 'y' }))).toMatchObject({
      reasons: ['occupation_excluded', 'receives_kur'],
    });
    expect(codesOf(row({ kode_kelurahan_ktp: '3671071001' }))).toMatchObject({
      valid: true,
      reasons: [],
      warnings: ['needs_sku'],
    });
    expect(codesOf(row({ kode_kelurahan_ktp: '36.71.05.1001' }))).toMatchObject({ warnings: [] });
  });

  it('applies only the criteria a program keeps', () => {
    const lenient = {
      ...ctx,
      program: { ...ctx.program, criteria: { occupation: false, kur: true, micro: true, area: true } },
    };
    expect(assessApplicant(row({ pekerjaan: 'PNS' }), lenient)).toMatchObject({ valid: true, reasons: [] });
  });
});

describe('the verification ladder', () => {
  it('allows each step only from the step before and only at its level', () => {
    expect(checkTransition('submitted', 'verified_kelurahan', 'kelurahan')).toBe('ok');
    expect(checkTransition('submitted', 'verified_kelurahan', 'kecamatan')).toBe('ok');
    expect(checkTransition('submitted', 'verified_kecamatan', 'kecamatan')).toBe('out_of_order');
    expect(checkTransition('submitted', 'approved', 'office')).toBe('out_of_order');
    expect(checkTransition('verified_kelurahan', 'verified_kecamatan', 'kelurahan')).toBe('wrong_level');
    expect(checkTransition('verified_kelurahan', 'verified_kecamatan', 'kecamatan')).toBe('ok');
    expect(checkTransition('verified_kecamatan', 'approved', 'kecamatan')).toBe('wrong_level');
    expect(checkTransition('verified_kecamatan', 'approved', 'office')).toBe('ok');
    expect(checkTransition('approved', 'approved', 'office')).toBe('out_of_order');
    expect(checkTransition('ineligible', 'verified_kelurahan', 'kelurahan')).toBe('out_of_order');
    expect(checkTransition('sent', 'rejected', 'office')).toBe('out_of_order');
    expect(checkTransition('verified_kelurahan', 'rejected', 'kelurahan')).toBe('wrong_level');
    expect(checkTransition('submitted', 'rejected', 'kelurahan')).toBe('ok');
  });

  it('reads the level from the officer’s area', () => {
    expect(actorLevelOf({ role: 'admin', areaCode: null })).toBe('office');
    expect(actorLevelOf({ role: 'area_officer', areaCode: '36.71.05' })).toBe('kecamatan');
    expect(actorLevelOf({ role: 'area_officer', areaCode: '36.71.05.1001' })).toBe('kelurahan');
    expect(actorLevelOf({ role: 'mentor', areaCode: null })).toBeNull();
  });
});
