/**
 * The columns of the files offices import, in the order the templates write them: one list for the
 * importers (which find them by header, in any order) and for the web app's templates and help.
 */

export const BUSINESS_COLUMNS = [
  'nik',
  'nama_pemilik',
  'no_hp',
  'no_kk',
  'nama_usaha',
  'sektor',
  'kbli',
  'alamat',
  'kode_kelurahan',
  'modal_usaha',
  'omzet_tahunan',
  'omzet_bulanan_sebelum_pandemi',
  'tenaga_kerja',
  'nib',
] as const;
export const BUSINESS_REQUIRED_COLUMNS = [
  'nik',
  'nama_pemilik',
  'nama_usaha',
  'sektor',
  'kode_kelurahan',
] as const;

/** `nama_usaha` is needed only when the owner has several businesses. */
export const OMZET_COLUMNS = ['nik', 'nama_usaha', 'periode', 'omzet'] as const;
export const OMZET_REQUIRED_COLUMNS = ['nik', 'periode', 'omzet'] as const;

export const AID_REQUIRED_COLUMNS = [
  'nik',
  'no_kk',
  'nama',
  'no_hp',
  'alamat',
  'kode_kelurahan',
  'bidang_usaha',
  'pekerjaan',
  'menerima_kur',
] as const;
export const AID_OPTIONAL_COLUMNS = ['nib', 'modal_usaha', 'omzet_tahunan', 'kode_kelurahan_ktp'] as const;
export type AidColumn = (typeof AID_REQUIRED_COLUMNS)[number] | (typeof AID_OPTIONAL_COLUMNS)[number];

/** What each kind of import reads, by header name: the importers' specs and the CLI's help. */
export const IMPORT_COLUMNS = {
  businesses: {
    required: BUSINESS_REQUIRED_COLUMNS,
    optional: BUSINESS_COLUMNS.filter((c) => !(BUSINESS_REQUIRED_COLUMNS as readonly string[]).includes(c)),
  },
  omzet: { required: OMZET_REQUIRED_COLUMNS, optional: ['nama_usaha'] },
  aid: { required: AID_REQUIRED_COLUMNS, optional: AID_OPTIONAL_COLUMNS },
} as const satisfies Record<string, { required: readonly string[]; optional: readonly string[] }>;
