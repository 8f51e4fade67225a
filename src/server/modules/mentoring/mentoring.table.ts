import type { ColumnType, Generated, JSONColumnType, Selectable } from 'kysely';
import type { CaseOutcome, Expertise, MilestoneKind, SessionMode } from '../../../shared/mentoring.ts';

/** The mentoring tables (decision 0013). Dates are `YYYY-MM-DD` strings, as the pg driver is told to give them. */
type Timestamp = ColumnType<Date, never, never>;

export interface MentorProfileTable {
  user_id: number;
  phone: string | null;
  expertise: ColumnType<Expertise[], Expertise[] | undefined, Expertise[]>;
  caseload_cap: Generated<number>;
  created_at: Timestamp;
  updated_at: ColumnType<Date, never, Date>;
}

export interface MentorAreaTable {
  user_id: number;
  kelurahan_code: string;
}

export interface MentorCertificateTable {
  id: Generated<number>;
  user_id: number;
  number: string;
  scheme: string;
  lsp: string;
  issued_on: string;
  expires_on: string;
  scan_path: string | null;
  scan_type: 'application/pdf' | 'image/jpeg' | 'image/png' | null;
  scan_bytes: number | null;
  recorded_by: number | null;
  created_at: Timestamp;
}

export interface MentoringCaseTable {
  id: Generated<number>;
  business_id: number;
  mentor_id: number;
  opened_on: string;
  closed_on: string | null;
  outcome: CaseOutcome | null;
  outcome_note: string | null;
  opened_by: number | null;
  created_at: Timestamp;
  updated_at: ColumnType<Date, never, Date>;
}

export interface CaseAssignmentTable {
  id: Generated<number>;
  case_id: number;
  mentor_id: number;
  from_on: string;
  to_on: string | null;
  reason: string | null;
  assigned_by: number | null;
  created_at: Timestamp;
}

export interface MentoringSessionTable {
  id: Generated<number>;
  /** The import's `kode_sesi`; unique when given, so importing a file again changes nothing. */
  code: string | null;
  /** Sent by the web app with each write: the same write sent twice lands once. */
  idempotency_key: string | null;
  held_on: string;
  mode: SessionMode;
  mentor_id: number;
  prep_minutes: number;
  contact_minutes: number;
  topics: ColumnType<Expertise[], Expertise[] | undefined, Expertise[]>;
  problems: string | null;
  notes: string | null;
  /** How many businesses the session served (n of the SBDC rule); kept with `session_business`. */
  businesses: Generated<number>;
  job_id: number | null;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: ColumnType<Date, never, Date>;
}

export interface SessionBusinessTable {
  session_id: number;
  business_id: number;
  case_id: number;
}

export interface SessionPhotoTable {
  id: Generated<number>;
  session_id: number;
  path: string;
  bytes: number;
  created_at: Timestamp;
}

export interface ActionItemTable {
  id: Generated<number>;
  session_id: number;
  business_id: number;
  what: string;
  owner_side: 'mentor' | 'owner';
  due_on: string | null;
  done_at: Date | null;
  done_by: number | null;
  created_at: Timestamp;
}

export interface MilestoneDetails {
  channel?: string;
  lender?: string;
  amount?: number;
  created?: number;
  retained?: number;
}

export interface MilestoneTable {
  id: Generated<number>;
  business_id: number;
  case_id: number | null;
  kind: MilestoneKind;
  achieved_on: string;
  evidence_number: string | null;
  evidence_file: string | null;
  evidence_type: string | null;
  details: JSONColumnType<MilestoneDetails, string, string>;
  verified_by: number | null;
  owner_confirmed_at: Date | null;
  created_at: Timestamp;
}

export interface OwnerConsentTable {
  id: Generated<number>;
  user_id: number;
  text_version: string;
  agreed_at: Generated<Date>;
  ip: string | null;
}

export interface RolloutTargetTable {
  kelurahan_code: string;
  target_businesses: number;
  target_month: string;
  /** From this month progress is expected to grow linearly to the target (migration 2026_12_07_050). */
  start_month: ColumnType<string, string | undefined, string>;
  updated_by: number | null;
  updated_at: ColumnType<Date, never, Date>;
}

/** The SBDC time rule as a view (read only). */
export interface SessionCreditView {
  session_id: number;
  business_id: number;
  case_id: number;
  mentor_id: number;
  held_on: string;
  mode: SessionMode;
  prep_minutes: number;
  contact_minutes: number;
  n: number;
  credited_x_n: number;
  credited_minutes: number;
}

export type MentoringCaseRow = Selectable<MentoringCaseTable>;
export type MentoringSessionRow = Selectable<MentoringSessionTable>;
export type MilestoneRow = Selectable<MilestoneTable>;
