import './texts.ts';
import { Badge, Group, Progress, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { EXPERTISE_LABELS, type Expertise } from '../../../shared/mentoring.ts';
import { formatDay } from '../../components/format.ts';
import type { Certificate, Mentor } from './mentors.api.ts';

export type CertificateStateOrNone = Mentor['certificateState'];

export const STATE_COLORS: Record<CertificateStateOrNone, string> = {
  valid: 'teal',
  expiring: 'orange',
  expired: 'red',
  not_yet_valid: 'gray',
  none: 'gray',
};

/** The label of an expertise code in the reader's language. */
export function useExpertiseLabel() {
  const { i18n } = useTranslation();
  return (code: Expertise) => EXPERTISE_LABELS[code][i18n.language === 'en' ? 'en' : 'id'];
}

export function CertificateBadge({
  state,
  until,
  size = 'sm',
}: {
  state: CertificateStateOrNone;
  until?: string | null;
  size?: 'sm' | 'md' | 'lg';
}) {
  const { t, i18n } = useTranslation();
  return (
    <Stack gap={2} align="flex-start" style={{ flexShrink: 0 }}>
      <Badge
        color={STATE_COLORS[state]}
        variant="light"
        radius="sm"
        size={size}
        data-testid="certificate-state"
        styles={{ root: { overflow: 'visible', minWidth: 'max-content' }, label: { overflow: 'visible' } }}
      >
        {t(`mentors.states.${state}`)}
      </Badge>
      {until && (
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {t('mentors.until', { date: formatDay(until, i18n.language) })}
        </Text>
      )}
    </Stack>
  );
}

export function ExpertiseBadges({ codes }: { codes: Expertise[] }) {
  const { t } = useTranslation();
  const label = useExpertiseLabel();
  if (codes.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('mentors.noExpertise')}
      </Text>
    );
  }
  return (
    <Group gap={4}>
      {codes.map((code) => (
        <Badge
          key={code}
          variant="outline"
          color="civic"
          radius="sm"
          size="sm"
          tt="none"
          styles={{
            root: { height: 'auto', minHeight: 18, maxWidth: '100%' },
            label: { whiteSpace: 'normal', overflow: 'visible', lineHeight: 1.3, paddingBlock: 1 },
          }}
        >
          {label(code)}
        </Badge>
      ))}
    </Group>
  );
}

/** Open cases against the cap: a bar that turns orange near the cap and red at it. */
export function CaseloadBar({ open, cap, size = 'sm' }: { open: number; cap: number; size?: 'sm' | 'lg' }) {
  const { t } = useTranslation();
  const share = cap > 0 ? Math.min(100, (open / cap) * 100) : 100;
  const color = open >= cap ? 'red' : share >= 80 ? 'orange' : 'civic';
  return (
    <Stack gap={4} miw={size === 'sm' ? 110 : undefined}>
      <Text
        size={size === 'sm' ? 'sm' : 'lg'}
        fw={size === 'lg' ? 700 : undefined}
        style={{ whiteSpace: 'nowrap' }}
      >
        {t('mentors.caseload', { open, cap })}
      </Text>
      <Progress value={share} color={color} size={size === 'sm' ? 'sm' : 'lg'} radius="xl" aria-hidden />
    </Stack>
  );
}

/** The kelurahan a mentor covers, the first few by name and a count of the rest. */
export function KelurahanList({ items, max = 2 }: { items: Mentor['kelurahan']; max?: number }) {
  const { t } = useTranslation();
  if (items.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('mentors.noKelurahan')}
      </Text>
    );
  }
  const shown = items.slice(0, max);
  return (
    <Text size="sm">
      {shown.map((k) => k.name).join(', ')}
      {items.length > max && (
        <Text span size="xs" c="dimmed">
          {' '}
          {t('mentors.moreKelurahan', { count: items.length - max })}
        </Text>
      )}
    </Text>
  );
}

/** "12 days left" or "ended 3 days ago". */
export function DaysLeft({ certificate }: { certificate: Pick<Certificate, 'daysLeft'> }) {
  const { t } = useTranslation();
  const days = certificate.daysLeft;
  return (
    <>
      {days >= 0
        ? t('mentors.certificates.daysLeft', { count: days })
        : t('mentors.certificates.daysAgo', { count: -days })}
    </>
  );
}
