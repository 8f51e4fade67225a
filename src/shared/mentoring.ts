/**
 * The mentoring program's codes, one list for the web forms, the imports and the API (decision 0013).
 * The codes are the Indonesian ones the institutions' spreadsheets use; labels are for people.
 */

/** Expertise of a mentor and topics of a session: the same list. */
export const EXPERTISE = [
  'pemasaran',
  'keuangan',
  'produksi',
  'kemasan',
  'legalitas',
  'permodalan',
  'digital',
] as const;
export type Expertise = (typeof EXPERTISE)[number];

export const EXPERTISE_LABELS: Record<Expertise, { id: string; en: string }> = {
  pemasaran: { id: 'Pemasaran & penjualan online', en: 'Marketing and online sales' },
  keuangan: { id: 'Keuangan & pembukuan', en: 'Finance and bookkeeping' },
  produksi: { id: 'Produksi', en: 'Production' },
  kemasan: { id: 'Kemasan', en: 'Packaging' },
  legalitas: { id: 'Legalitas', en: 'Legality' },
  permodalan: { id: 'Akses permodalan', en: 'Access to capital' },
  digital: { id: 'Digital', en: 'Digital' },
};

/** How a session was held. */
export const SESSION_MODES = ['kunjungan', 'daring', 'kelompok'] as const;
export type SessionMode = (typeof SESSION_MODES)[number];
export const SESSION_MODE_LABELS: Record<SessionMode, { id: string; en: string }> = {
  kunjungan: { id: 'Kunjungan', en: 'Visit' },
  daring: { id: 'Daring', en: 'Online' },
  kelompok: { id: 'Kelompok', en: 'Group' },
};

export const INSTITUTION_TYPES = ['government', 'ngo', 'university', 'association', 'company'] as const;
export type InstitutionType = (typeof INSTITUTION_TYPES)[number];
export const INSTITUTION_TYPE_LABELS: Record<InstitutionType, { id: string; en: string }> = {
  government: { id: 'Instansi pemerintah', en: 'Government office' },
  ngo: { id: 'LSM', en: 'NGO' },
  university: { id: 'Perguruan tinggi', en: 'University' },
  association: { id: 'Asosiasi', en: 'Association' },
  company: { id: 'Perusahaan', en: 'Company' },
};

export const CASE_OUTCOMES = [
  'goals_met',
  'partly_met',
  'stopped_by_owner',
  'unreachable',
  'moved_or_closed',
] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];
export const CASE_OUTCOME_LABELS: Record<CaseOutcome, { id: string; en: string }> = {
  goals_met: { id: 'Tujuan tercapai', en: 'Goals met' },
  partly_met: { id: 'Sebagian tercapai', en: 'Partly met' },
  stopped_by_owner: { id: 'Dihentikan pemilik', en: 'Stopped by the owner' },
  unreachable: { id: 'Tidak dapat dihubungi', en: 'Unreachable' },
  moved_or_closed: { id: 'Pindah atau tutup usaha', en: 'Moved or closed' },
};

/**
 * Milestones and the evidence each needs. The legality ones (`nib` … `hki`) write the business's legality
 * in the registry. "Turnover recovered" is not here: it is derived from the turnover reports, never typed.
 */
export const MILESTONE_KINDS = [
  'nib',
  'pirt',
  'halal',
  'bpom',
  'hki',
  'cooperative',
  'online_sales',
  'capital_access',
  'jobs',
] as const;
export type MilestoneKind = (typeof MILESTONE_KINDS)[number];
export const LEGALITY_MILESTONES = [
  'nib',
  'pirt',
  'halal',
  'bpom',
  'hki',
] as const satisfies readonly MilestoneKind[];

/** What a milestone of each kind must carry: a document number, a file, or the named details. */
export const MILESTONE_EVIDENCE: Record<MilestoneKind, 'number' | 'number_or_file' | 'details'> = {
  nib: 'number',
  pirt: 'number',
  halal: 'number',
  bpom: 'number',
  hki: 'number',
  cooperative: 'number_or_file',
  online_sales: 'details', // details.channel
  capital_access: 'details', // details.lender, details.amount
  jobs: 'details', // details.created, details.retained
};
export const MILESTONE_LABELS: Record<MilestoneKind, { id: string; en: string }> = {
  nib: { id: 'NIB terbit', en: 'NIB obtained' },
  pirt: { id: 'PIRT terbit', en: 'PIRT obtained' },
  halal: { id: 'Sertifikat halal', en: 'Halal certificate' },
  bpom: { id: 'Izin BPOM', en: 'BPOM registration' },
  hki: { id: 'Merek terdaftar (HKI)', en: 'Brand registered (HKI)' },
  cooperative: { id: 'Bergabung koperasi/kelompok usaha', en: 'Joined a cooperative or business group' },
  online_sales: { id: 'Mulai berjualan online', en: 'Started selling online' },
  capital_access: { id: 'Akses permodalan', en: 'Access to capital' },
  jobs: { id: 'Tenaga kerja diciptakan/dipertahankan', en: 'Jobs created or retained' },
};

/** A long-term client has been credited at least this many minutes in total (SBDC: 5 hours). */
export const LONG_TERM_MINUTES = 300;
/** A certificate that ends within this many days is flagged. */
export const CERTIFICATE_WARNING_DAYS = 60;
export const DEFAULT_CASELOAD_CAP = 25;

/** Reads a `|`-separated list of codes from a file cell; unknown codes come back apart. */
export function parseCodeList<T extends string>(
  cell: string,
  codes: readonly T[],
): { values: T[]; unknown: string[] } {
  const values: T[] = [];
  const unknown: string[] = [];
  for (const part of cell.split('|')) {
    const code = part.trim().toLowerCase();
    if (!code) continue;
    if ((codes as readonly string[]).includes(code)) {
      if (!values.includes(code as T)) values.push(code as T);
    } else unknown.push(part.trim());
  }
  return { values, unknown };
}

/**
 * Credited minutes of one business in a session, SBDC rule: the full contact time plus an equal share of
 * the preparation. Kept exact (× businesses) in SQL; this is the same rule for one row on screen.
 */
export function creditedMinutes(prep: number, contact: number, businesses: number): number {
  return contact + prep / Math.max(1, businesses);
}

/** The version of the personal-data consent text (UU 27/2022) owners agree to; bump when the text changes. */
export const CONSENT_VERSION = '2026-12-07';
