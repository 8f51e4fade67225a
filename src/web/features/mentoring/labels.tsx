import './texts.ts';
import { Alert, Badge, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconAward } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import type { Role } from '../../api/types.ts';
import { errorText } from '../../components/error-text.ts';
import i18n from '../../i18n/index.ts';

/** Minutes as people read them: "45 menit", "5 j 15 m"; credited minutes may carry a fraction. */
export function formatMinutes(t: TFunction, minutes: number): string {
  const rounded = Math.round(minutes);
  const text =
    rounded < 60
      ? t('cases.minutes', { value: Math.round(minutes * 10) / 10 })
      : rounded % 60 === 0
        ? t('cases.hours', { hours: rounded / 60 })
        : t('cases.hoursMinutes', { hours: Math.floor(rounded / 60), minutes: rounded % 60 });
  // One figure: never broken over two lines ("1 j 15" / "m").
  return text.replaceAll(' ', '\u00a0');
}

export function CaseStateBadge({ closedOn }: { closedOn: string | null }) {
  const { t } = useTranslation();
  return (
    <Badge
      variant="light"
      color={closedOn ? 'gray' : 'teal'}
      radius="sm"
      style={{ flexShrink: 0 }}
      // The state is two short words: shown whole, never cut to "Berja…" by a narrow column.
      styles={{ root: { minWidth: 'max-content' }, label: { overflow: 'visible' } }}
    >
      {closedOn ? t('cases.states.closed') : t('cases.states.open')}
    </Badge>
  );
}

export function LongTermBadge() {
  const { t } = useTranslation();
  return (
    <Tooltip label={t('cases.longTermHint')}>
      <Badge
        variant="light"
        color="grape"
        radius="sm"
        leftSection={<IconAward size={12} />}
        data-testid="long-term-badge"
        style={{ flexShrink: 0 }}
      >
        {t('cases.longTerm')}
      </Badge>
    </Tooltip>
  );
}

/** What each role may do with mentoring; the server enforces the same rules. */
export const mentoringAccess = {
  opensCases: (role: Role) => role === 'admin' || role === 'area_officer' || role === 'institution_admin',
  recordsSessions: (role: Role) => role !== 'business_owner',
  recordsMilestones: (role: Role) => role === 'admin' || role === 'area_officer' || role === 'mentor',
  picksMentor: (role: Role) => role !== 'mentor' && role !== 'business_owner',
};

/**
 * A mentoring refusal in the reader's language: the rule it broke by its code (cases.errors.*), else the
 * server's own sentence (Indonesian) for an Indonesian reader, else the app's generic text.
 */
export function mentoringErrorText(t: TFunction, error: unknown): string {
  if (error instanceof ApiError) {
    const key = `cases.errors.${error.code}`;
    if (i18n.exists(key)) return t(key as 'cases.errors.CaseloadFull');
    if (i18n.language === 'id' && error.detail) return error.detail;
  }
  return errorText(t, error);
}

/** A refused write, said in words (see mentoringErrorText). */
export function RefusalAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
      {mentoringErrorText(t, error)}
    </Alert>
  );
}
