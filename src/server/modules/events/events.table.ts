import type { ColumnType, Generated, Selectable } from 'kysely';
import type {
  AttendanceSource,
  BusinessMatch,
  EventAudience,
  EventState,
  EventType,
  RegistrationStatus,
  UploadMatchKind,
  UploadStatus,
} from '../../../shared/events.ts';
import type { Expertise } from '../../../shared/mentoring.ts';

/** The events tables (decision 0020). Timestamps are `Date`s; the organizer null means the office. */
type Timestamp = ColumnType<Date, never, never>;
type TextArray<T extends string> = ColumnType<T[], T[] | undefined, T[]>;

export interface EventTable {
  id: Generated<number>;
  slug: string;
  title: string;
  type: EventType;
  institution_id: number | null;
  speakers: TextArray<string>;
  host: string | null;
  host_mentor_id: number | null;
  starts_at: ColumnType<Date, Date | string, Date | string>;
  ends_at: ColumnType<Date, Date | string, Date | string>;
  venue: string | null;
  online_url: string | null;
  capacity: number | null;
  registration_deadline: ColumnType<Date | null, Date | string | null, Date | string | null>;
  audience: TextArray<EventAudience>;
  topics: TextArray<Expertise>;
  description: Generated<string>;
  banner_path: string | null;
  banner_type: 'image/jpeg' | 'image/png' | null;
  state: Generated<EventState>;
  published_at: ColumnType<Date | null, Date | undefined, Date | null>;
  session_id: number | null;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: ColumnType<Date, never, Date>;
}
export type EventRow = Selectable<EventTable>;

export interface EventRegistrationTable {
  id: Generated<number>;
  event_id: number;
  name: string;
  phone: string;
  email: string | null;
  business_name: string | null;
  business_id: number | null;
  business_match: BusinessMatch | null;
  business_confirmed_by: number | null;
  business_confirmed_at: ColumnType<Date | null, Date | undefined, Date | null>;
  user_id: number | null;
  status: RegistrationStatus;
  waitlisted_at: ColumnType<Date | null, Date | undefined, Date | null>;
  promoted_at: ColumnType<Date | null, Date | undefined, Date | null>;
  cancelled_at: ColumnType<Date | null, Date | undefined, Date | null>;
  token: string;
  checkin_code: string;
  checked_in_at: ColumnType<Date | null, Date | undefined, Date | null>;
  checked_in_by: number | null;
  attendance_source: AttendanceSource | null;
  created_at: Timestamp;
  updated_at: ColumnType<Date, never, Date>;
}
export type EventRegistrationRow = Selectable<EventRegistrationTable>;

export interface AttendanceUploadTable {
  id: Generated<number>;
  event_id: number;
  file_name: string;
  status: Generated<UploadStatus>;
  rows: Generated<number>;
  created_by: number | null;
  created_at: Timestamp;
  decided_by: number | null;
  decided_at: ColumnType<Date | null, Date | undefined, Date | null>;
}

export interface AttendanceUploadRowTable {
  upload_id: number;
  row_number: number;
  name: string | null;
  phone: string | null;
  email: string | null;
  registration_id: number | null;
  match_kind: UploadMatchKind;
  similarity: number | null;
  accepted: Generated<boolean>;
}
