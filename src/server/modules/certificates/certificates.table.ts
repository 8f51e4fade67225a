import type { ColumnType, Generated, Selectable } from 'kysely';
import type { CertificateKind } from '../../../shared/certificates.ts';

/** A certificate the program issues itself (decision 0021); external BNSP ones stay `mentor_certificate`. */
export interface CertificateTable {
  id: Generated<number>;
  number: string;
  code: string;
  kind: CertificateKind;
  holder_name: string;
  title: string;
  issued_on: string;
  valid_until: string | null;
  /** Null: the office. */
  issuer_institution_id: number | null;
  issuer_name: string;
  signatory_name: string;
  signatory_position: string;
  event_id: number | null;
  event_registration_id: number | null;
  mentor_id: number | null;
  issued_by: number | null;
  revoked_at: Date | null;
  revoked_by: number | null;
  revoked_reason: string | null;
  created_at: ColumnType<Date, never, never>;
}
export type CertificateRow = Selectable<CertificateTable>;
