import type { ColumnType, Generated, JSONColumnType, Selectable } from 'kysely';

/** The states of a proposal: `ineligible` is final; the eligible ones climb from `submitted`. */
export const PROPOSAL_STATES = [
  'ineligible',
  'submitted',
  'verified_kelurahan',
  'verified_kecamatan',
  'approved',
  'sent',
  'disbursed',
  'rejected',
  'rejected_by_ministry',
] as const;
export type ProposalState = (typeof PROPOSAL_STATES)[number];

/** What became of one intake row, decided in this order. */
export const INTAKE_STATES = ['invalid', 'duplicate', 'ineligible', 'eligible'] as const;
export type IntakeState = (typeof INTAKE_STATES)[number];

/** Which criteria a program applies; all of them unless a program says otherwise. */
export interface AidCriteria {
  occupation: boolean;
  kur: boolean;
  micro: boolean;
  area: boolean;
}

export interface AidProgramTable {
  id: Generated<number>;
  code: string;
  name: string;
  amount: number;
  area_code: string;
  intake_start: string | null;
  intake_end: string | null;
  review_end: string | null;
  verification_end: string | null;
  submission_end: string | null;
  criteria: JSONColumnType<AidCriteria, string, string>;
  /** The exception to separation of duties: one person may do both verification levels of a proposal. */
  same_verifier_allowed: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, Date>;
}
export type AidProgramRow = Selectable<AidProgramTable>;

export interface AidBatchTable {
  id: Generated<number>;
  program_id: number;
  number: number;
  kecamatan_code: string | null;
  proposals: number;
  total_amount: number;
  created_by: number | null;
  created_by_label: string;
  created_at: ColumnType<Date, never, never>;
}
export type AidBatchRow = Selectable<AidBatchTable>;

export interface AidProposalTable {
  id: Generated<number>;
  program_id: number;
  nik: string;
  /** Null for an ineligible applicant entered by hand who was not in the registry: they stay out of it. */
  owner_id: number | null;
  /** Null for an applicant whose business lies outside the deployment's area, or an ineligible one not in the registry. */
  business_id: number | null;
  state: ProposalState;
  eligible: boolean;
  reasons: ColumnType<string[], string[] | undefined, string[]>;
  warnings: ColumnType<string[], string[] | undefined, string[]>;
  name: string;
  kk: string;
  phone: string;
  address: string;
  business_field: string;
  occupation: string;
  receives_kur: boolean;
  nib: string | null;
  capital: number | null;
  annual_sales: number | null;
  kelurahan_code: string;
  kecamatan_code: string;
  ktp_kelurahan_code: string | null;
  amount: number;
  batch_id: number | null;
  job_id: number | null;
  /** The note of the latest transition (a rejection's reason). */
  last_note: string | null;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, Date>;
}
export type AidProposalRow = Selectable<AidProposalTable>;

export interface AidIntakeRowTable {
  id: Generated<number>;
  program_id: number;
  job_id: number | null;
  row_number: number | null;
  state: IntakeState;
  reasons: ColumnType<string[], string[] | undefined, string[]>;
  warnings: ColumnType<string[], string[] | undefined, string[]>;
  /** The reasons in Indonesian, with details (which columns, which earlier row). */
  message: string | null;
  /** The cells as they came in. */
  data: JSONColumnType<Record<string, string>, string, string>;
  nik: string | null;
  first_row_id: number | null;
  proposal_id: number | null;
  created_at: ColumnType<Date, never, never>;
}
export type AidIntakeRow = Selectable<AidIntakeRowTable>;

export interface AidAttachmentTable {
  id: Generated<number>;
  proposal_id: number;
  file_name: string;
  content_type: string;
  size_bytes: number;
  storage_path: string;
  uploaded_by: number | null;
  uploaded_by_label: string;
  created_at: ColumnType<Date, never, never>;
}
export type AidAttachmentRow = Selectable<AidAttachmentTable>;

export interface AidTransitionTable {
  id: Generated<number>;
  proposal_id: number;
  from_state: ProposalState;
  to_state: ProposalState;
  actor_id: number | null;
  actor_label: string;
  at: ColumnType<Date, never, never>;
  note: string | null;
  attachment_id: number | null;
  batch_id: number | null;
  job_id: number | null;
}
export type AidTransitionRow = Selectable<AidTransitionTable>;
