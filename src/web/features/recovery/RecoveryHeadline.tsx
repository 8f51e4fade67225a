import { Button, Group, Paper, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconArrowRight } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { areaDisplayName, formatNumber, formatPeriod, formatShare } from '../../components/format.ts';
import { MetricLabel } from '../../components/MetricLabel.tsx';
import { ErrorAlert } from '../../components/states.tsx';
import { changeColor, changeOfDecline, formatChange, withBaseline } from './buckets.ts';
import { DeclineBadge } from './DeclineBadge.tsx';
import { usePeriods, useRecoveryStats } from './recovery.api.ts';

/**
 * The home page's headline for the office and officers: the recovery in their area in the month the
 * dashboard opens on (the newest month with representative reporting, not a month a few reported early).
 */
export function RecoveryHeadline() {
  const { t, i18n } = useTranslation();
  const periods = usePeriods();
  const period = periods.data?.defaultPeriod ?? undefined;
  const stats = useRecoveryStats(period ? { period, by: 'city' } : null);
  const row = stats.data?.rows[0];

  if (periods.isError || stats.isError) {
    return (
      <ErrorAlert
        error={periods.error ?? stats.error}
        onRetry={() => (periods.isError ? periods.refetch() : stats.refetch())}
      />
    );
  }
  if (periods.data && !period) return null;
  const n = (v: number) => formatNumber(v, i18n.language);
  const figures = row
    ? [
        { key: 'registered' as const, label: t('recovery.kpi.registered'), value: n(row.businesses) },
        {
          key: 'reporting' as const,
          label: t('recovery.kpi.reporting'),
          value: `${n(row.reporting)} (${formatShare(row.reporting, row.businesses, i18n.language)})`,
        },
        {
          key: 'median' as const,
          label: t('recovery.kpi.median'),
          value: formatChange(changeOfDecline(row.medianDeclinePct), i18n.language),
          color: changeColor(row.medianDeclinePct),
        },
        {
          key: 'recovered' as const,
          label: t('recovery.kpi.recovered'),
          value: `${n(row.recovered)} (${formatShare(row.recovered, withBaseline(row), i18n.language)})`,
        },
      ]
    : [];

  return (
    <Paper p={{ base: 'md', sm: 'lg' }} radius="md" data-testid="recovery-headline">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" gap="xs">
          <Stack gap={2}>
            <Title order={2} fz="h4">
              {t('home.recoveryTitle')}
            </Title>
            <Text size="sm" c="dimmed">
              {row && period
                ? t('home.recoverySubtitle', {
                    area: areaDisplayName(row.name),
                    period: formatPeriod(period, i18n.language, 'long'),
                  })
                : ' '}
            </Text>
            {row && (
              <Text size="xs" c="dimmed" data-testid="recovery-period-rule">
                {t('home.recoveryPeriodRule')}
              </Text>
            )}
          </Stack>
          {row && <DeclineBadge declinePct={row.medianDeclinePct} size="lg" />}
        </Group>
        <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
          {row
            ? figures.map((f) => (
                <Stack key={f.key} gap={0}>
                  <MetricLabel label={f.label} definition={t(`recovery.kpi.${f.key}Hint`)} />
                  <Text fz={{ base: 20, sm: 26 }} fw={700} c={'color' in f ? f.color : undefined}>
                    {f.value}
                  </Text>
                </Stack>
              ))
            : Array.from({ length: 4 }, (_, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
                <Skeleton key={i} height={52} />
              ))}
        </SimpleGrid>
        <Button
          component={Link}
          to="/recovery"
          variant="light"
          rightSection={<IconArrowRight size={16} />}
          style={{ alignSelf: 'flex-start' }}
        >
          {t('home.openRecovery')}
        </Button>
      </Stack>
    </Paper>
  );
}
