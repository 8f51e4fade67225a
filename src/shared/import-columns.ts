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

/** Every kind's template columns, in the order the templates (and the rejected-rows files) write them. */
export const TEMPLATE_COLUMNS = {
  businesses: BUSINESS_COLUMNS,
  omzet: OMZET_COLUMNS,
  aid: [...AID_REQUIRED_COLUMNS, ...AID_OPTIONAL_COLUMNS],
  mentors: MENTOR_COLUMNS,
  sessions: SESSION_COLUMNS,
} as const satisfies Record<keyof typeof IMPORT_COLUMNS, readonly string[]>;
export type TemplateKind = keyof typeof TEMPLATE_COLUMNS;

/**
 * One example row of each template, so an office sees how a cell is written (codes, dates, money in
 * whole rupiah, a NIK as text). Synthetic people; delete the row before importing real data.
 */
export const TEMPLATE_EXAMPLES: {
  [K in TemplateKind]: Record<(typeof TEMPLATE_COLUMNS)[K][number], string>;
} = {
  businesses: {
    nik: '3671051203850001',
    nama_pemilik: 'Siti Aminah',
    no_hp: '081234567890',
    no_kk: '3671050101200001',
    nama_usaha: 'Warung Siti',
    sektor: 'kuliner',
    kbli: '56103',
    alamat: 'Jl. Melati No. 1',
    kode_kelurahan: '36.71.05.1001',
    modal_usaha: '15000000',
    omzet_tahunan: '120000000',
    omzet_bulanan_sebelum_pandemi: '10000000',
    tenaga_kerja: '2',
    nib: '',
  },
  omzet: { nik: '3671051203850001', nama_usaha: 'Warung Siti', periode: '2026-10', omzet: '9500000' },
  aid: {
    nik: '3671051203850001',
    no_kk: '3671050101200001',
    nama: 'Siti Aminah',
    no_hp: '081234567890',
    alamat: 'Jl. Melati No. 1',
    kode_kelurahan: '36.71.05.1001',
    bidang_usaha: 'Kuliner',
    pekerjaan: 'Pedagang',
    menerima_kur: 'tidak',
    nib: '',
    modal_usaha: '15000000',
    omzet_tahunan: '120000000',
    kode_kelurahan_ktp: '',
  },
  mentors: {
    email: 'rahmat@lp3w.example',
    nama: 'Rahmat Hidayat',
    no_hp: '081298765432',
    lembaga: 'LP3W Kota Tangerang',
    keahlian: 'pemasaran|keuangan',
    kode_kelurahan: '36.71.05.1001',
    no_sertifikat: 'BNSP-0001',
    skema: 'Pendamping UMKM',
    lsp: 'LSP Pendamping UMKM',
    tanggal_terbit: '2025-01-15',
    tanggal_berlaku: '2028-01-14',
    batas_kasus: '25',
  },
  sessions: {
    kode_sesi: 'LP3W-2026-0001',
    tanggal: '2026-11-03',
    email_pendamping: 'rahmat@lp3w.example',
    nik: '3671051203850001',
    nama_usaha: 'Warung Siti',
    mode: 'kunjungan',
    menit_persiapan: '30',
    menit_tatap_muka: '60',
    topik: 'pemasaran',
    catatan: 'Foto produk untuk katalog daring',
  },
};
