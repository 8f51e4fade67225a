import { Card, SimpleGrid, Skeleton, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { StatRow } from '../../api/types.ts';
import { areaDisplayName, formatNumber, formatShare } from '../../components/format.ts';
import { MetricLabel } from '../../components/MetricLabel.tsx';
import { ErrorAlert } from '../../components/states.tsx';
import { changeColor, changeOfDecline, formatChange, withBaseline } from './buckets.ts';

/**
 * The dashboard's key figures for the whole area shown (the period's city row, or the kecamatan chosen), each
 * with its definition one tap away; beside the recovery, the businesses selling online (decision 0025).
 */
export function Kpis({
  row,
  loading,
  error,
  onRetry,
}: {
  row: StatRow | undefined;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
}) {
  const { t, i18n } = useTranslation();
  if (error) return <ErrorAlert error={error} onRetry={onRetry} />;
  if (loading || !row) {
    return (
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm">
        {Array.from({ length: 6 }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
          <Skeleton key={i} height={104} radius="md" />
        ))}
      </SimpleGrid>
    );
  }
  const n = (v: number) => formatNumber(v, i18n.language);
  const cards = [
    { key: 'registered', value: n(row.businesses), note: areaDisplayName(row.name) },
    {
      key: 'reporting',
      value: n(row.reporting),
      note: t('recovery.kpi.ofRegistered', {
        share: formatShare(row.reporting, row.businesses, i18n.language),
      }),
    },
    {
      key: 'median',
      value: formatChange(changeOfDecline(row.medianDeclinePct), i18n.language),
      note: t('recovery.kpi.medianNote'),
      color: changeColor(row.medianDeclinePct),
    },
    {
      key: 'recovered',
      value: n(row.recovered),
      note: t('recovery.kpi.ofWithBaseline', {
        share: formatShare(row.recovered, withBaseline(row), i18n.language),
      }),
      color: 'green.8',
    },
    { key: 'noBaseline', value: n(row.noBaseline), note: t('recovery.kpi.noBaselineNote') },
  ] as const;
  const online = {
    label: t('onlineReadiness.kpi'),
    definition: t('onlineReadiness.kpiHint'),
    value: n(row.sellingOnline),
    note: t('onlineReadiness.ofRegistered', {
      share: formatShare(row.sellingOnline, row.businesses, i18n.language),
    }),
  };
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm" data-testid="kpis">
      {[
        ...cards.map((card) => ({
          ...card,
          label: t(`recovery.kpi.${card.key}`),
          definition: t(`recovery.kpi.${card.key}Hint`),
        })),
        { key: 'online', color: 'grape.8', ...online },
      ].map((card) => (
        <Card key={card.key} padding="md" radius="md" data-testid={`kpi-${card.key}`}>
          <MetricLabel label={card.label} definition={card.definition} />
          <Text fz={{ base: 24, sm: 28 }} fw={700} lh={1.25} c={'color' in card ? card.color : undefined}>
            {card.value}
          </Text>
          <Text size="xs" c="dimmed" component="div" mt={2}>
            {card.note}
          </Text>
        </Card>
      ))}
    </SimpleGrid>
  );
}
