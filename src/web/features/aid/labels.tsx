import { Badge, type BadgeProps } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ANSWER_REJECTION_REASONS } from '../../../server/modules/aid/aid.answer.ts';
import type {
  DUPLICATE_REASONS,
  INELIGIBLE_REASONS,
  INVALID_REASONS,
  WARNINGS,
} from '../../../server/modules/aid/aid.rules.ts';
import { parseSector } from '../../../shared/sectors.ts';
import type { AidState } from '../../api/types.ts';
import i18n from '../../i18n/index.ts';

/** The states in the order a proposal climbs them; the two ends that stop it come last. */
export const AID_STATES: AidState[] = [
  'submitted',
  'verified_kelurahan',
  'verified_kecamatan',
  'approved',
  'sent',
  'disbursed',
  'ineligible',
  'rejected',
  'rejected_by_ministry',
];

export const STATE_COLORS: Record<AidState, string> = {
  submitted: 'civic',
  verified_kelurahan: 'cyan',
  verified_kecamatan: 'indigo',
  approved: 'teal',
  sent: 'grape',
  disbursed: 'green',
  ineligible: 'gray',
  rejected: 'red',
  rejected_by_ministry: 'orange',
};

type ReasonCode =
  | keyof typeof INVALID_REASONS
  | keyof typeof DUPLICATE_REASONS
  | keyof typeof INELIGIBLE_REASONS;
export type ReasonGroup = 'invalid' | 'duplicate' | 'ineligible';

/**
 * Every code an intake row may carry and the state it leads to; a code added on the server fails the type
 * check here until it is translated.
 */
export const REASON_GROUPS: Record<ReasonCode, ReasonGroup> = {
  required_missing: 'invalid',
  nik_invalid: 'invalid',
  nik_numeric: 'invalid',
  kk_invalid: 'invalid',
  kk_numeric: 'invalid',
  phone_invalid: 'invalid',
  kelurahan_unknown: 'invalid',
  kelurahan_ktp_unknown: 'invalid',
  kur_invalid: 'invalid',
  nib_invalid: 'invalid',
  money_invalid: 'invalid',
  duplicate_in_file: 'duplicate',
  duplicate_in_program: 'duplicate',
  occupation_excluded: 'ineligible',
  receives_kur: 'ineligible',
  not_micro: 'ineligible',
  outside_area: 'ineligible',
};
export const WARNING_CODES: Record<keyof typeof WARNINGS, true> = { needs_sku: true };
export const ANSWER_REASONS: Record<keyof typeof ANSWER_REJECTION_REASONS, true> = {
  required_missing: true,
  nik_numeric: true,
  nik_unknown: true,
  status_invalid: true,
  not_sent: true,
  already_answered: true,
  duplicate_in_file: true,
};

type T = TFunction;

/** A reason or warning code in the reader's language; a code this app does not know yet shows the server's text. */
/**
 * The applicant's business field as written ("Kuliner"), in the reader's language when it names one of the
 * registry's sectors; free text stays as it was entered.
 */
export function businessFieldText(t: T, text: string): string {
  const sector = parseSector(text);
  return sector ? t(`sectors.${sector}`) : text;
}

export function reasonText(t: T, code: string, fallback?: string): string {
  const key = Object.hasOwn(WARNING_CODES, code) ? `aid.warnings.${code}` : `aid.reasons.${code}`;
  return i18n.exists(key) ? t(key as 'aid.warnings.needs_sku') : (fallback ?? code);
}

/** A few words for a badge: why a proposal is ineligible, or what it needs. */
export function reasonShort(t: T, code: string, fallback?: string): string {
  const key = `aid.reasonsShort.${code}`;
  return i18n.exists(key) ? t(key as 'aid.reasonsShort.needs_sku') : reasonText(t, code, fallback);
}

export function answerReasonText(t: T, code: string): string {
  return Object.hasOwn(ANSWER_REASONS, code)
    ? t(`aid.answer.reasons.${code as keyof typeof ANSWER_REJECTION_REASONS}`)
    : reasonText(t, code);
}

export function StateBadge({ state, ...props }: { state: AidState } & BadgeProps) {
  const { t } = useTranslation();
  return (
    <Badge
      color={STATE_COLORS[state]}
      variant="light"
      radius="sm"
      data-testid="proposal-state"
      data-state={state}
      style={{ flexShrink: 0 }}
      {...props}
    >
      {t(`aid.states.${state}`)}
    </Badge>
  );
}
