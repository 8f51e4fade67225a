import '../marketplace/texts.ts';
import './texts.ts';
import {
  Button,
  Grid,
  Group,
  Paper,
  ScrollArea,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconChartLine, IconTrendingUp } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { SECTORS } from '../../../shared/sectors.ts';
import type { Sector, StatGrouping, StatRow, TrendPoint } from '../../api/types.ts';
import { DownloadButton } from '../../components/DownloadButton.tsx';
import {
  areaDisplayName,
  formatNumber,
  formatPeriod,
  formatRupiahShort,
  formatShare,
} from '../../components/format.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmptyMessage, ErrorAlert, SkeletonRows } from '../../components/states.tsx';
import { useUrlFilters } from '../../components/use-url-filters.ts';
import { useKecamatan, useKelurahan } from '../areas/areas.api.ts';
import { useCurrentUser } from '../auth/auth.api.ts';
import { BucketLegend } from './BucketLegend.tsx';
import { BUCKET_HEX, BUCKETS, changeColor, changeOfDecline, formatChange, withBaseline } from './buckets.ts';
import { BucketsByGroupChart, TrendChart } from './RecoveryCharts.tsx';
import { Kpis } from './RecoveryKpis.tsx';
import { usePeriods, useRecoveryStats, useRecoveryTrend } from './recovery.api.ts';

const GROUPINGS: StatGrouping[] = ['city', 'kecamatan', 'kelurahan', 'sector'];

/**
 * The recovery dashboard: how the businesses of the user's area fared in a month against their pre-pandemic
 * turnover, by area or sector, and how the figures moved month by month.
 */
export function RecoveryPage() {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const filters = useUrlFilters();
  const { params } = filters;
  const phone = !useMediaQuery('(min-width: 36em)', true, { getInitialValueInEffect: false });
  const periods = usePeriods();
  const kecamatanList = useKecamatan();

  // The month the dashboard opens on: the newest with representative reporting (the same on Home and in
  // the business list); later, sparsely reported months stay in the picker.
  const latest = periods.data?.defaultPeriod ?? undefined;
  const periodParam = params.get('period');
  const period = periodParam && periods.data?.periods.includes(periodParam) ? periodParam : latest;
  const byParam = params.get('by') as StatGrouping | null;
  const by: StatGrouping =
    byParam && GROUPINGS.includes(byParam) ? byParam : me.role === 'area_officer' ? 'kelurahan' : 'kecamatan';
  const kecamatan = params.get('kecamatan') || undefined;
  const trendArea = params.get('area') || undefined;
  const trendSectorParam = params.get('sector');
  const trendSector = SECTORS.includes(trendSectorParam as Sector) ? (trendSectorParam as Sector) : undefined;

  const stats = useRecoveryStats(period ? { period, by, kecamatan } : null);
  const headline = useRecoveryStats(period ? { period, by: 'city', kecamatan } : null);
  const showKecamatanFilter = (kecamatanList.data?.length ?? 0) > 1;

  const groupName = (row: StatRow) =>
    by === 'sector' && SECTORS.includes(row.code as Sector)
      ? t(`sectors.${row.code as Sector}`)
      : areaDisplayName(row.name);

  if (periods.isPending) {
    return (
      <>
        <PageHeader title={t('recovery.title')} description={t('recovery.description')} />
        <SkeletonRows rows={4} height={96} />
      </>
    );
  }
  if (periods.isError) return <ErrorAlert error={periods.error} onRetry={() => periods.refetch()} />;
  if (!period) {
    return (
      <>
        <PageHeader title={t('recovery.title')} description={t('recovery.description')} />
        <Paper radius="md">
          <EmptyMessage
            icon={<IconChartLine size={28} />}
            title={t('recovery.emptyTitle')}
            description={t('recovery.empty')}
            action={
              <Button component={Link} to="/imports?kind=omzet" variant="light">
                {t('recovery.importTurnover')}
              </Button>
            }
          />
        </Paper>
      </>
    );
  }

  const rows = (stats.data?.rows ?? []).map((row) => ({ ...row, label: groupName(row) }));
  const total = headline.data?.rows[0];
  const openTrend = (row: StatRow) => {
    if (by === 'sector') filters.setMany({ sector: row.code, area: kecamatan ?? null });
    else if (by === 'city') filters.setMany({ area: null, sector: null });
    else filters.setMany({ area: row.code, sector: null });
    document.getElementById('trend')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  };

  return (
    <>
      <PageHeader
        title={t('recovery.title')}
        description={t('recovery.description')}
        actions={
          <DownloadButton
            path="/omzet/stats.xlsx"
            query={{ period, by, kecamatan, area: trendArea, sector: trendSector }}
          >
            {t('recovery.exportXlsx')}
          </DownloadButton>
        }
      />
      <Stack gap="md">
        <Paper p="sm" radius="md" data-testid="recovery-filters">
          <Grid gap="sm" align="flex-end">
            <Grid.Col span={{ base: 12, xs: 6, md: 3 }}>
              <Select
                label={t('recovery.period')}
                allowDeselect={false}
                searchable
                description={t('recovery.defaultPeriodRule')}
                data={[...(periods.data?.periods ?? [])]
                  .reverse()
                  .map((p) => ({ value: p, label: formatPeriod(p, i18n.language, 'long') }))}
                value={period}
                onChange={(value) => filters.set('period', value === latest ? null : value)}
              />
            </Grid.Col>
            {showKecamatanFilter && (
              <Grid.Col span={{ base: 12, xs: 6, md: 3 }}>
                <Select
                  label={t('businesses.filters.kecamatan')}
                  placeholder={t('recovery.allKecamatan')}
                  clearable
                  searchable
                  nothingFoundMessage={t('common.nothingFound')}
                  data={(kecamatanList.data ?? []).map((a) => ({ value: a.code, label: a.name }))}
                  value={kecamatan ?? null}
                  onChange={(value) => filters.set('kecamatan', value)}
                />
              </Grid.Col>
            )}
            <Grid.Col span={{ base: 12, md: 6 }}>
              <Stack gap={4}>
                <Text size="sm" fw={500} id="grouping-label">
                  {t('recovery.groupBy')}
                </Text>
                <SegmentedControl
                  fullWidth
                  size={phone ? 'xs' : 'sm'}
                  aria-labelledby="grouping-label"
                  value={by}
                  onChange={(value) => filters.set('by', value)}
                  data={GROUPINGS.map((g) => ({ value: g, label: t(`recovery.groupings.${g}`) }))}
                  data-testid="grouping"
                />
              </Stack>
            </Grid.Col>
          </Grid>
        </Paper>

        <Kpis
          row={total}
          loading={headline.isPending}
          error={headline.error}
          onRetry={() => headline.refetch()}
        />

        <Paper p={{ base: 'sm', sm: 'md' }} radius="md" data-testid="groups">
          <Stack gap="sm">
            <Group justify="space-between" align="flex-end" gap="xs">
              <Stack gap={2}>
                <Title order={3} fz="h4">
                  {t(`recovery.groupTitles.${by}`)}
                </Title>
                <Text size="sm" c="dimmed">
                  {t('recovery.groupSubtitle', { period: formatPeriod(period, i18n.language, 'long') })}
                </Text>
              </Stack>
              <BucketLegend />
            </Group>
            {stats.isPending ? (
              <SkeletonRows rows={6} />
            ) : stats.isError ? (
              <ErrorAlert error={stats.error} onRetry={() => stats.refetch()} />
            ) : rows.length === 0 ? (
              <EmptyMessage title={t('recovery.noGroupsTitle')} description={t('recovery.noGroups')} />
            ) : (
              <div style={{ opacity: stats.isPlaceholderData ? 0.6 : 1, transition: 'opacity 120ms' }}>
                <ScrollArea.Autosize mah={rows.length > 20 ? 560 : undefined} type="auto">
                  <BucketsByGroupChart rows={rows} label={t(`recovery.groupTitles.${by}`)} />
                </ScrollArea.Autosize>
                <GroupTable rows={rows} total={by === 'city' ? undefined : total} onOpenTrend={openTrend} />
              </div>
            )}
          </Stack>
        </Paper>

        <TrendSection area={trendArea} sector={trendSector} />
      </Stack>
    </>
  );
}

/**
 * Every figure of every group, the key one first (on a phone the table scrolls sideways: "Pulih" stays
 * in view beside the name); a row opens its trend below.
 */
function GroupTable({
  rows,
  total,
  onOpenTrend,
}: {
  rows: (StatRow & { label: string })[];
  total: StatRow | undefined;
  onOpenTrend: (row: StatRow) => void;
}) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  const sum = (pick: (r: StatRow) => number) => rows.reduce((s, r) => s + pick(r), 0);
  return (
    <Table.ScrollContainer minWidth={860} mt="md">
      <Table
        striped
        highlightOnHover
        verticalSpacing={6}
        horizontalSpacing={6}
        fz="sm"
        stickyHeader
        data-testid="groups-table"
        style={{ fontVariantNumeric: 'tabular-nums' }}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('recovery.columns.name')}</Table.Th>
            <Table.Th ta="right">{t('recovery.kpi.recovered')}</Table.Th>
            <Table.Th ta="right">{t('recovery.kpi.median')}</Table.Th>
            <Table.Th ta="right">{t('recovery.kpi.reporting')}</Table.Th>
            <Table.Th ta="right">{t('recovery.kpi.registered')}</Table.Th>
            <Table.Th ta="right">{t('recovery.kpi.noBaseline')}</Table.Th>
            <Table.Th ta="right">{t('onlineReadiness.column')}</Table.Th>
            <Table.Th ta="right">{t('market.recovery.verifiedSales')}</Table.Th>
            {BUCKETS.map((b) => (
              <Table.Th key={b} ta="right" style={{ whiteSpace: 'nowrap' }}>
                <Group gap={3} justify="flex-end" wrap="nowrap">
                  <span
                    style={{
                      width: 8,
                      height: 8,
                      borderRadius: 2,
                      background: BUCKET_HEX[b],
                      display: 'inline-block',
                    }}
                  />
                  {t(`recovery.bucketsShort.${b}`)}
                </Group>
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr
              key={row.code}
              onClick={() => onOpenTrend(row)}
              style={{ cursor: 'pointer' }}
              data-testid="group-row"
            >
              <Table.Td fw={500} style={{ whiteSpace: 'nowrap' }}>
                {row.label}
              </Table.Td>
              <Table.Td ta="right" fw={600} style={{ whiteSpace: 'nowrap' }} data-testid="group-recovered">
                {n(row.recovered)}
                <Text size="xs" c="dimmed" fw={400}>
                  {formatShare(row.recovered, withBaseline(row), i18n.language)}
                </Text>
              </Table.Td>
              <Table.Td ta="right" c={changeColor(row.medianDeclinePct)}>
                {formatChange(changeOfDecline(row.medianDeclinePct), i18n.language)}
              </Table.Td>
              <Table.Td ta="right">{n(row.reporting)}</Table.Td>
              <Table.Td ta="right">{n(row.businesses)}</Table.Td>
              <Table.Td ta="right">{n(row.noBaseline)}</Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }} data-testid="group-online">
                {n(row.sellingOnline)}
                <Text size="xs" c="dimmed" fw={400}>
                  {formatShare(row.sellingOnline, row.businesses, i18n.language)}
                </Text>
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {formatRupiahShort(row.verifiedSales, i18n.language)}
              </Table.Td>
              {BUCKETS.map((b) => (
                <Table.Td key={b} ta="right">
                  {n(row.buckets[b])}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
        {total && rows.length > 1 && (
          <Table.Tfoot>
            <Table.Tr fw={700}>
              <Table.Td>{t('recovery.columns.total')}</Table.Td>
              <Table.Td ta="right">
                {n(sum((r) => r.recovered))}
                <Text size="xs" c="dimmed" fw={400}>
                  {formatShare(total.recovered, withBaseline(total), i18n.language)}
                </Text>
              </Table.Td>
              <Table.Td ta="right" c={changeColor(total.medianDeclinePct)}>
                {formatChange(changeOfDecline(total.medianDeclinePct), i18n.language)}
              </Table.Td>
              <Table.Td ta="right">{n(sum((r) => r.reporting))}</Table.Td>
              <Table.Td ta="right">{n(sum((r) => r.businesses))}</Table.Td>
              <Table.Td ta="right">{n(sum((r) => r.noBaseline))}</Table.Td>
              <Table.Td ta="right">
                {n(sum((r) => r.sellingOnline))}
                <Text size="xs" c="dimmed" fw={400}>
                  {formatShare(total.sellingOnline, total.businesses, i18n.language)}
                </Text>
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {formatRupiahShort(
                  sum((r) => r.verifiedSales),
                  i18n.language,
                )}
              </Table.Td>
              {BUCKETS.map((b) => (
                <Table.Td key={b} ta="right">
                  {n(sum((r) => r.buckets[b]))}
                </Table.Td>
              ))}
            </Table.Tr>
          </Table.Tfoot>
        )}
      </Table>
    </Table.ScrollContainer>
  );
}

/** The trend of the whole visible area, a kecamatan or kelurahan, and optionally one sector. */
function TrendSection({ area, sector }: { area?: string; sector?: Sector }) {
  const { t } = useTranslation();
  const filters = useUrlFilters();
  const wide = useMediaQuery('(min-width: 75em)', true, { getInitialValueInEffect: false });
  const kecamatanList = useKecamatan();
  // An officer sees one kecamatan: it is theirs, so its kelurahan are offered at once.
  const ownKecamatan = kecamatanList.data?.length === 1 ? kecamatanList.data[0]!.code : null;
  const areaKecamatan = area ? area.split('.').slice(0, 3).join('.') : ownKecamatan;
  const kelurahanList = useKelurahan(areaKecamatan);
  const trend = useRecoveryTrend({ area, sector });
  const points = trend.data?.points ?? [];
  const title = trend.data
    ? sector && !area
      ? t('recovery.trendTitleSector', { sector: t(`sectors.${sector}`) })
      : t('recovery.trendTitle', {
          // The server names an area's sector in Indonesian ("… · Kuliner"): the sector in the reader's language.
          name: sector
            ? `${areaDisplayName(trend.data.name.split(' · ')[0]!)} · ${t(`sectors.${sector}`)}`
            : areaDisplayName(trend.data.name),
        })
    : t('recovery.trend');

  return (
    <Paper p={{ base: 'sm', sm: 'md' }} radius="md" id="trend" data-testid="trend">
      <Stack gap="sm">
        <Group gap="xs" wrap="nowrap">
          <IconTrendingUp size={22} color="var(--mantine-color-civic-7)" />
          <Title order={3} fz="h4" data-testid="trend-title">
            {title}
          </Title>
        </Group>
        <Grid gap="sm">
          {(kecamatanList.data?.length ?? 0) > 1 && (
            <Grid.Col span={{ base: 12, sm: 4 }}>
              <Select
                label={t('businesses.filters.kecamatan')}
                placeholder={t('recovery.allKecamatan')}
                clearable
                searchable
                data={(kecamatanList.data ?? []).map((a) => ({ value: a.code, label: a.name }))}
                value={areaKecamatan}
                onChange={(value) => filters.set('area', value)}
              />
            </Grid.Col>
          )}
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <Select
              label={t('businesses.filters.kelurahan')}
              placeholder={areaKecamatan ? t('common.all') : t('businesses.filters.chooseKecamatanFirst')}
              clearable
              searchable
              disabled={!areaKecamatan}
              data={(kelurahanList.data ?? []).map((a) => ({ value: a.code, label: a.name }))}
              value={area && area.split('.').length === 4 ? area : null}
              onChange={(value) => filters.set('area', value ?? (ownKecamatan ? null : areaKecamatan))}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <Select
              label={t('businesses.filters.sector')}
              placeholder={t('common.all')}
              clearable
              data={SECTORS.map((s) => ({ value: s, label: t(`sectors.${s}`) }))}
              value={sector ?? null}
              onChange={(value) => filters.set('sector', value)}
            />
          </Grid.Col>
        </Grid>
        {trend.isPending ? (
          <SkeletonRows rows={5} height={48} />
        ) : trend.isError ? (
          <ErrorAlert error={trend.error} onRetry={() => trend.refetch()} />
        ) : points.length === 0 ? (
          <EmptyMessage title={t('recovery.noTrendTitle')} description={t('recovery.noTrend')} />
        ) : (
          <Grid gap="md" style={{ opacity: trend.isPlaceholderData ? 0.6 : 1 }}>
            <Grid.Col span={{ base: 12, xl: 7 }}>
              <TrendChart points={points} label={title} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, xl: 5 }}>
              <TrendTable points={points} height={wide ? 300 : 360} />
              <Text size="xs" c="dimmed" mt={4}>
                {t('recovery.noBaselineExcluded')}
              </Text>
            </Grid.Col>
          </Grid>
        )}
      </Stack>
    </Paper>
  );
}

function TrendTable({ points, height }: { points: TrendPoint[]; height: number }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  return (
    <ScrollArea h={height} type="auto" offsetScrollbars>
      <Table
        striped
        verticalSpacing={4}
        fz="sm"
        stickyHeader
        miw={560}
        data-testid="trend-table"
        style={{ fontVariantNumeric: 'tabular-nums' }}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('turnover.period')}</Table.Th>
            <Table.Th ta="right">{t('recovery.kpi.recovered')}</Table.Th>
            <Table.Th ta="right">{t('recovery.kpi.median')}</Table.Th>
            <Table.Th ta="right">{t('recovery.kpi.reporting')}</Table.Th>
            {BUCKETS.map((b) => (
              <Table.Th key={b} ta="right" style={{ whiteSpace: 'nowrap' }}>
                {t(`recovery.bucketsShort.${b}`)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {[...points].reverse().map((p) => (
            <Table.Tr key={p.period}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatPeriod(p.period, i18n.language)}</Table.Td>
              <Table.Td ta="right" fw={600} style={{ whiteSpace: 'nowrap' }}>
                {n(p.recovered)}{' '}
                <Text span size="xs" c="dimmed" fw={400}>
                  ({formatShare(p.recovered, withBaseline(p), i18n.language)})
                </Text>
              </Table.Td>
              <Table.Td ta="right" c={changeColor(p.medianDeclinePct)}>
                {formatChange(changeOfDecline(p.medianDeclinePct), i18n.language)}
              </Table.Td>
              <Table.Td ta="right">{n(p.reporting)}</Table.Td>
              {BUCKETS.map((b) => (
                <Table.Td key={b} ta="right">
                  {n(p.buckets[b])}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea>
  );
}
