import { Badge, Tooltip } from '@mantine/core';
import { IconAward } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../api/types.ts';

/** Minutes as people read them: "45 menit", "5 j 15 m"; credited minutes may carry a fraction. */
export function formatMinutes(t: TFunction, minutes: number): string {
  const rounded = Math.round(minutes);
  if (rounded < 60) return t('cases.minutes', { value: Math.round(minutes * 10) / 10 });
  if (rounded % 60 === 0) return t('cases.hours', { hours: rounded / 60 });
  return t('cases.hoursMinutes', { hours: Math.floor(rounded / 60), minutes: rounded % 60 });
}

export function CaseStateBadge({ closedOn }: { closedOn: string | null }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={closedOn ? 'gray' : 'teal'} radius="sm" style={{ flexShrink: 0 }}>
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
