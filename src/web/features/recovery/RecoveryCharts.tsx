import { Box, Group, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceLine,
  Tooltip,
  type TooltipContentProps,
  XAxis,
  YAxis,
} from 'recharts';
import type { StatRow, TrendPoint } from '../../api/types.ts';
import { ChartFrame, ChartTooltip } from '../../components/ChartFrame.tsx';
import { formatNumber, formatPercent, formatPeriod, formatShare } from '../../components/format.ts';
import { everyMonth } from '../../components/periods.ts';
import { BUCKET_HEX, BUCKETS, CHART_HEX, changeOfDecline, formatChange, withBaseline } from './buckets.ts';

interface GroupBar {
  name: string;
  row: StatRow;
  grew: number;
  lt20: number;
  d20_50: number;
  d50_80: number;
  gte80: number;
}

const truncate = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * Each group's reporting businesses split by decline bucket, as 100 % stacked horizontal bars (groups differ
 * in size; the shares compare). Horizontal bars keep long kelurahan names readable on a phone.
 */
export function BucketsByGroupChart({
  rows,
  label,
}: {
  rows: (StatRow & { label: string })[];
  label: string;
}) {
  const { t, i18n } = useTranslation();
  const phone = !useMediaQuery('(min-width: 36em)', true, { getInitialValueInEffect: false });
  const data: GroupBar[] = rows.map((row) => ({ name: row.label, row, ...row.buckets }));
  const height = Math.max(120, data.length * 30 + 48);
  const axisWidth = phone ? 92 : 140;
  return (
    <ChartFrame height={height} label={label} testId="buckets-chart">
      <BarChart
        responsive
        layout="vertical"
        data={data}
        stackOffset="expand"
        barCategoryGap={5}
        style={{ width: '100%', height }}
        margin={{ top: 4, right: 12, left: 0, bottom: 4 }}
      >
        <CartesianGrid horizontal={false} stroke={CHART_HEX.grid} />
        <XAxis
          type="number"
          domain={[0, 1]}
          ticks={[0, 0.25, 0.5, 0.75, 1]}
          tickFormatter={(v: number) => `${Math.round(v * 100)}%`}
          tick={{ fontSize: 11 }}
          orientation="top"
        />
        <YAxis
          type="category"
          dataKey="name"
          width={axisWidth}
          interval={0}
          tick={{ fontSize: 11 }}
          tickFormatter={(name: string) => truncate(name, phone ? 13 : 22)}
        />
        <Tooltip
          cursor={{ fill: 'rgba(0,0,0,0.04)' }}
          content={(props: TooltipContentProps) => {
            const bar = props.payload?.[0]?.payload as GroupBar | undefined;
            if (!props.active || !bar) return null;
            const whole = withBaseline(bar.row);
            return (
              <ChartTooltip title={bar.name}>
                {BUCKETS.map((bucket) => (
                  <Group key={bucket} gap={6} justify="space-between" wrap="nowrap">
                    <Group gap={6} wrap="nowrap">
                      <Box w={10} h={10} style={{ borderRadius: 2, background: BUCKET_HEX[bucket] }} />
                      <Text size="xs">{t(`recovery.buckets.${bucket}`)}</Text>
                    </Group>
                    <Text size="xs" fw={600}>
                      {formatNumber(bar[bucket], i18n.language)} (
                      {formatShare(bar[bucket], whole, i18n.language)})
                    </Text>
                  </Group>
                ))}
              </ChartTooltip>
            );
          }}
        />
        {BUCKETS.map((bucket) => (
          <Bar
            key={bucket}
            dataKey={bucket}
            stackId="buckets"
            fill={BUCKET_HEX[bucket]}
            name={t(`recovery.buckets.${bucket}`)}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </ChartFrame>
  );
}

interface TrendDatum {
  period: string;
  median: number | null;
  recoveredShare: number | null;
  /** Null for a month without reports: a gap in the lines. */
  point: TrendPoint | null;
}

/** A month with gaps on both sides draws no line: it shows as a dot. */
function lonelyDot(data: TrendDatum[], key: 'median' | 'recoveredShare', color: string) {
  return ({ cx, cy, index }: { cx?: number; cy?: number; index?: number }) => {
    const i = index ?? -1;
    const lonely = data[i]?.[key] != null && data[i - 1]?.[key] == null && data[i + 1]?.[key] == null;
    return lonely ? (
      <circle key={`${key}-${i}`} cx={cx} cy={cy} r={3} fill={color} />
    ) : (
      <g key={`${key}-${i}`} />
    );
  };
}

/** Month by month: the median decline and the share of businesses that recovered (decline ≤ 10 %). */
export function TrendChart({ points, label }: { points: TrendPoint[]; label: string }) {
  const { t, i18n } = useTranslation();
  // A regular monthly axis: a month nobody reported is a gap, not a line drawn across it.
  const data: TrendDatum[] = everyMonth(points).map(({ period, item: p }) => {
    if (!p) return { period, median: null, recoveredShare: null, point: null };
    const whole = withBaseline(p);
    return {
      period,
      median: p.medianDeclinePct,
      recoveredShare: whole > 0 ? Math.round((1000 * p.recovered) / whole) / 10 : null,
      point: p,
    };
  });
  // Growth shows as a negative decline: the axis reaches below zero in steps of 20 when it must.
  const lowest = Math.min(0, ...data.map((d) => d.median ?? 0));
  const low = Math.floor(lowest / 20) * 20;
  const ticks = Array.from({ length: (100 - low) / 20 + 1 }, (_, i) => low + i * 20);
  return (
    <>
      <ChartFrame
        height={300}
        minWidth={Math.max(280, data.length * 10 + 60)}
        label={label}
        testId="trend-chart"
        scrollToEnd
      >
        <ComposedChart
          responsive
          data={data}
          style={{ width: '100%', height: 300 }}
          margin={{ top: 8, right: 12, left: 0 }}
        >
          <CartesianGrid vertical={false} stroke={CHART_HEX.grid} />
          <XAxis
            dataKey="period"
            tickFormatter={(p: string) => formatPeriod(p, i18n.language)}
            tick={{ fontSize: 11 }}
            minTickGap={16}
          />
          <YAxis
            width={44}
            domain={[low, 100]}
            ticks={ticks}
            tickFormatter={(v: number) => `${v}%`}
            tick={{ fontSize: 11 }}
          />
          <ReferenceLine y={0} stroke={CHART_HEX.noBaseline} />
          <Tooltip
            content={(props: TooltipContentProps) => {
              const d = props.payload?.[0]?.payload as TrendDatum | undefined;
              if (!props.active || !d) return null;
              return (
                <ChartTooltip title={formatPeriod(d.period, i18n.language, 'long')}>
                  {d.point ? (
                    <>
                      <Text size="xs">
                        {t('recovery.kpi.median')}:{' '}
                        <b>{formatChange(changeOfDecline(d.median), i18n.language)}</b>
                      </Text>
                      <Text size="xs">
                        {t('recovery.recoveredShare')}:{' '}
                        <b>{formatPercent(d.recoveredShare, i18n.language)}</b>
                      </Text>
                      <Text size="xs" c="dimmed">
                        {t('recovery.kpi.reporting')}: {formatNumber(d.point.reporting, i18n.language)}
                      </Text>
                    </>
                  ) : (
                    <Text size="xs">{t('turnover.noReport')}</Text>
                  )}
                </ChartTooltip>
              );
            }}
          />
          <Line
            type="linear"
            dataKey="median"
            name={t('recovery.medianDeclineLine')}
            stroke={CHART_HEX.decline}
            strokeWidth={2.5}
            dot={lonelyDot(data, 'median', CHART_HEX.decline)}
            connectNulls={false}
            isAnimationActive={false}
          />
          <Line
            type="linear"
            dataKey="recoveredShare"
            name={t('recovery.recoveredShare')}
            stroke={CHART_HEX.recovered}
            strokeWidth={2.5}
            dot={lonelyDot(data, 'recoveredShare', CHART_HEX.recovered)}
            connectNulls={false}
            isAnimationActive={false}
          />
        </ComposedChart>
      </ChartFrame>
      <Group gap="md" mt="xs">
        {(
          [
            ['median', CHART_HEX.decline],
            ['recoveredShare', CHART_HEX.recovered],
          ] as const
        ).map(([key, color]) => (
          <Group key={key} gap={6} wrap="nowrap">
            <Box w={18} h={3} style={{ background: color, borderRadius: 2 }} />
            <Text size="xs">
              {key === 'median' ? t('recovery.medianDeclineLine') : t('recovery.recoveredShare')}
            </Text>
          </Group>
        ))}
      </Group>
    </>
  );
}
