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

/**
 * Mentors (issue 9): one row per mentor, or per certificate of a mentor (rows with the same email
 * describe one mentor). `keahlian` and `kode_kelurahan` may list several codes separated by `|`.
 */
export const MENTOR_COLUMNS = [
  'email',
  'nama',
  'no_hp',
  'lembaga',
  'keahlian',
  'kode_kelurahan',
  'no_sertifikat',
  'skema',
  'lsp',
  'tanggal_terbit',
  'tanggal_berlaku',
  'batas_kasus',
] as const;
export const MENTOR_REQUIRED_COLUMNS = ['email', 'nama', 'lembaga'] as const;

/**
 * Mentoring sessions (issue 9): one row per business of a session; rows sharing a `kode_sesi` are one
 * group session. `nama_usaha` is needed only when the owner has several businesses.
 */
export const SESSION_COLUMNS = [
  'kode_sesi',
  'tanggal',
  'email_pendamping',
  'nik',
  'nama_usaha',
  'mode',
  'menit_persiapan',
  'menit_tatap_muka',
  'topik',
  'catatan',
] as const;
export const SESSION_REQUIRED_COLUMNS = [
  'kode_sesi',
  'tanggal',
  'email_pendamping',
  'nik',
  'mode',
  'menit_persiapan',
  'menit_tatap_muka',
] as const;

const optionalOf = (all: readonly string[], required: readonly string[]) =>
  all.filter((c) => !required.includes(c));

/** What each kind of import reads, by header name: the importers' specs and the CLI's help. */
export const IMPORT_COLUMNS = {
  businesses: {
    required: BUSINESS_REQUIRED_COLUMNS,
    optional: BUSINESS_COLUMNS.filter((c) => !(BUSINESS_REQUIRED_COLUMNS as readonly string[]).includes(c)),
  },
  omzet: { required: OMZET_REQUIRED_COLUMNS, optional: ['nama_usaha'] },
  aid: { required: AID_REQUIRED_COLUMNS, optional: AID_OPTIONAL_COLUMNS },
  mentors: {
    required: MENTOR_REQUIRED_COLUMNS,
    optional: optionalOf(MENTOR_COLUMNS, MENTOR_REQUIRED_COLUMNS),
  },
  sessions: {
    required: SESSION_REQUIRED_COLUMNS,
    optional: optionalOf(SESSION_COLUMNS, SESSION_REQUIRED_COLUMNS),
  },
} as const satisfies Record<string, { required: readonly string[]; optional: readonly string[] }>;
