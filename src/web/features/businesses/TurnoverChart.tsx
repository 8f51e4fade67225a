import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Rectangle,
  ReferenceLine,
  Tooltip,
  type TooltipContentProps,
  XAxis,
  YAxis,
} from 'recharts';
import type { OmzetReport } from '../../api/types.ts';
import { ChartFrame, ChartTooltip } from '../../components/ChartFrame.tsx';
import { formatPeriod, formatRupiah, formatRupiahShort } from '../../components/format.ts';
import { everyMonth } from '../../components/periods.ts';
import { BUCKET_HEX, bucketOfDecline, CHART_HEX } from '../recovery/buckets.ts';
import { DeclineBadge } from '../recovery/DeclineBadge.tsx';

interface ChartPoint {
  period: string;
  /** Null for a month without a report: an empty slot on the axis. */
  amount: number | null;
  declinePct: number | null;
}

/**
 * The months' turnover as bars coloured by decline bucket, against a dashed baseline, on a regular monthly
 * axis: a month without a report is an empty slot, not skipped.
 */
export function TurnoverChart({
  reports,
  baseline,
  height,
}: {
  reports: OmzetReport[];
  baseline: number | null;
  height: number;
}) {
  const { t, i18n } = useTranslation();
  const data: ChartPoint[] = everyMonth(reports).map(({ period, item }) => ({
    period,
    amount: item?.amount ?? null,
    declinePct: item?.declinePct ?? null,
  }));
  const top = Math.max(baseline ?? 0, ...data.map((d) => d.amount ?? 0));
  const colorOf = (point: ChartPoint) => {
    const bucket = bucketOfDecline(point.declinePct);
    return bucket ? BUCKET_HEX[bucket] : CHART_HEX.turnover;
  };
  return (
    <ChartFrame
      height={height}
      minWidth={Math.max(280, data.length * 10 + 56)}
      label={t('turnover.chartLabel')}
      testId="turnover-chart"
      scrollToEnd
    >
      <ComposedChart responsive data={data} style={{ width: '100%', height }} margin={{ top: 16, right: 8 }}>
        <CartesianGrid vertical={false} stroke={CHART_HEX.grid} />
        <XAxis
          dataKey="period"
          tickFormatter={(p: string) => formatPeriod(p, i18n.language)}
          tick={{ fontSize: 11 }}
          minTickGap={12}
        />
        <YAxis
          width={48}
          domain={[0, Math.ceil(top * 1.1)]}
          tickFormatter={(v: number) => formatRupiahShort(v, i18n.language)}
          tick={{ fontSize: 11 }}
        />
        <Tooltip
          cursor={{ fill: 'rgba(0,0,0,0.04)' }}
          content={(props: TooltipContentProps) => {
            const point = props.payload?.[0]?.payload as ChartPoint | undefined;
            if (!props.active || !point) return null;
            return (
              <ChartTooltip title={formatPeriod(point.period, i18n.language, 'long')}>
                {point.amount == null ? (
                  <Text size="sm">{t('turnover.noReport')}</Text>
                ) : (
                  <>
                    <Text size="sm">{formatRupiah(point.amount, i18n.language)}</Text>
                    <DeclineBadge declinePct={point.declinePct} size="sm" />
                  </>
                )}
              </ChartTooltip>
            );
          }}
        />
        <Bar
          dataKey="amount"
          name={t('turnover.amount')}
          maxBarSize={28}
          isAnimationActive={false}
          shape={(props) => <Rectangle {...props} fill={colorOf(props.payload as ChartPoint)} />}
        />
        {baseline != null && (
          <ReferenceLine
            y={baseline}
            stroke={CHART_HEX.baseline}
            strokeDasharray="6 4"
            strokeWidth={2}
            ifOverflow="extendDomain"
          />
        )}
      </ComposedChart>
    </ChartFrame>
  );
}
