import './texts.ts';
import { Badge, Box, Group, Paper, SimpleGrid, Stack, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { IconAlertTriangleFilled, IconFlag3Filled } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { areaDisplayName, formatPercent } from '../../components/format.ts';
import { type CoverageRow, SHARE_BANDS, shareBand } from './coverage.api.ts';

/** What the tiles are coloured by: the share of businesses mentored, or of businesses selling online. */
export type MapMeasure = 'mentored' | 'online';
const shareOf = (row: CoverageRow, measure: MapMeasure) =>
  measure === 'online' ? row.sellingOnlinePct : row.sharePct;

/**
 * The map-like grid: one panel per kecamatan holding a tile per kelurahan, coloured by the share of its
 * businesses being mentored (or selling online); a priority has a red ring and a warning mark, a kelurahan behind
 * its target a flag.
 */
export function CoverageMap({
  rows,
  measure = 'mentored',
  onSelect,
}: {
  rows: CoverageRow[];
  measure?: MapMeasure;
  onSelect: (row: CoverageRow) => void;
}) {
  const { t } = useTranslation();
  const byKecamatan = new Map<string, CoverageRow[]>();
  for (const row of rows)
    byKecamatan.set(row.kecamatanCode, [...(byKecamatan.get(row.kecamatanCode) ?? []), row]);
  return (
    <Stack gap="sm">
      <Legend />
      <SimpleGrid cols={{ base: 1, sm: 2, xl: 3 }} spacing="sm" data-testid="coverage-map">
        {[...byKecamatan.entries()].map(([code, kelurahan]) => {
          const priorities = kelurahan.filter((k) => k.priority).length;
          return (
            <Paper key={code} withBorder radius="md" p="xs">
              <Group justify="space-between" gap={4} mb={6} wrap="nowrap">
                <Text fw={600} size="sm" truncate>
                  {areaDisplayName(kelurahan[0]!.kecamatanName)}
                </Text>
                <Text size="xs" c={priorities > 0 ? 'red.8' : 'dimmed'} style={{ flexShrink: 0 }}>
                  {t('coverage.priorityKelurahan', { count: priorities, total: kelurahan.length })}
                </Text>
              </Group>
              <Box
                style={{
                  display: 'grid',
                  gridTemplateColumns: 'repeat(auto-fill, minmax(5.5rem, 1fr))',
                  gap: 4,
                }}
              >
                {kelurahan.map((k) => (
                  <Tile key={k.code} row={k} measure={measure} onSelect={onSelect} />
                ))}
              </Box>
            </Paper>
          );
        })}
      </SimpleGrid>
    </Stack>
  );
}

function Tile({
  row,
  measure,
  onSelect,
}: {
  row: CoverageRow;
  measure: MapMeasure;
  onSelect: (row: CoverageRow) => void;
}) {
  const { t, i18n } = useTranslation();
  const share = shareOf(row, measure);
  const band = shareBand(share);
  const behind = row.rollout?.behind ?? false;
  const reasons = row.priorityReasons.map((r) => t(`coverage.priorityReasons.${r}`));
  const label = [
    areaDisplayName(row.name),
    share === null
      ? t('coverage.map.noBusinesses')
      : measure === 'online'
        ? t('coverage.map.onlineOf', { pct: formatPercent(share, i18n.language) })
        : formatPercent(share, i18n.language),
    ...reasons,
    ...(behind ? [t('coverage.map.behind')] : []),
  ].join(' · ');
  return (
    <Tooltip label={label} multiline maw={260} openDelay={200}>
      <UnstyledButton
        onClick={() => onSelect(row)}
        aria-label={label}
        data-testid="coverage-tile"
        data-priority={row.priority || undefined}
        bg={band.color}
        style={{
          borderRadius: 6,
          minHeight: 48,
          padding: '4px 6px',
          position: 'relative',
          outline: row.priority ? '2px solid var(--mantine-color-red-6)' : undefined,
          outlineOffset: -2,
        }}
      >
        <Text size="xs" c={band.text} lh={1.15} lineClamp={2} fw={500} pr={row.priority || behind ? 12 : 0}>
          {areaDisplayName(row.name)}
        </Text>
        <Text size="xs" c={band.text} fw={700} lh={1.3}>
          {share === null ? '—' : formatPercent(share, i18n.language)}
        </Text>
        {(row.priority || behind) && (
          <Stack gap={0} style={{ position: 'absolute', top: 3, right: 3 }}>
            {row.priority && <IconAlertTriangleFilled size={11} color="var(--mantine-color-red-7)" />}
            {behind && <IconFlag3Filled size={11} color="var(--mantine-color-orange-7)" />}
          </Stack>
        )}
      </UnstyledButton>
    </Tooltip>
  );
}

function Legend() {
  const { t } = useTranslation();
  const bands = [...SHARE_BANDS].reverse();
  const labelOf = (i: number) => {
    const band = bands[i]!;
    if (band.min === 0) return '0 %';
    const next = bands[i + 1];
    const from = band.min < 1 ? '>0' : `${band.min}`;
    return next ? `${from}–${next.min} %` : `≥ ${band.min} %`;
  };
  return (
    <Group gap={6} wrap="wrap" data-testid="coverage-legend">
      {bands.map((band, i) => (
        <Badge key={band.color} variant="filled" color={band.color} c={band.text} radius="sm" size="sm">
          {labelOf(i)}
        </Badge>
      ))}
      <Badge variant="filled" color="gray.1" c="dimmed" radius="sm" size="sm">
        {t('coverage.map.noBusinesses')}
      </Badge>
      <Badge
        variant="outline"
        color="red"
        radius="sm"
        size="sm"
        leftSection={<IconAlertTriangleFilled size={10} />}
      >
        {t('coverage.map.priority')}
      </Badge>
      <Badge
        variant="outline"
        color="orange"
        radius="sm"
        size="sm"
        leftSection={<IconFlag3Filled size={10} />}
      >
        {t('coverage.map.behind')}
      </Badge>
    </Group>
  );
}
