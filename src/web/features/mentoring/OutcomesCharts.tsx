import './texts.ts';
import { Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  LabelList,
  Tooltip,
  type TooltipContentProps,
  XAxis,
  YAxis,
} from 'recharts';
import { ChartFrame, ChartTooltip } from '../../components/ChartFrame.tsx';
import { formatNumber, formatPercent } from '../../components/format.ts';
import { CHART_HEX } from '../recovery/buckets.ts';
import type { ComparisonDto, InstitutionOutcome } from './outcomes.api.ts';

export const OUTCOME_HEX = {
  mentored: '#0b7285',
  standardised: '#868e96',
  crude: '#ced4da',
  contact: '#0b7285',
  prep: '#66d9e8',
};

interface ShareBar {
  key: 'mentored' | 'standardised' | 'crude';
  name: string;
  value: number | null;
  color: string;
}

/** The share recovered: mentored, the reweighted comparison and (paler) the unweighted one. */
export function ComparisonChart({ comparison }: { comparison: ComparisonDto }) {
  const { t, i18n } = useTranslation();
  const data: ShareBar[] = [
    {
      key: 'mentored',
      name: t('outcomes.comparison.chartMentored'),
      value: comparison.mentored.recoveredPct,
      color: OUTCOME_HEX.mentored,
    },
    {
      key: 'standardised',
      name: t('outcomes.comparison.chartStandardised'),
      value: comparison.notMentored.recoveredPct,
      color: OUTCOME_HEX.standardised,
    },
    {
      key: 'crude',
      name: t('outcomes.comparison.chartCrude'),
      value: comparison.notMentored.crudePct,
      color: OUTCOME_HEX.crude,
    },
  ];
  return (
    <ChartFrame height={260} label={t('outcomes.comparison.title')} testId="comparison-chart">
      <BarChart
        responsive
        data={data}
        style={{ width: '100%', height: 260 }}
        margin={{ top: 24, right: 8, left: 0, bottom: 4 }}
      >
        <CartesianGrid vertical={false} stroke={CHART_HEX.grid} />
        <XAxis dataKey="name" interval={0} tick={{ fontSize: 11 }} height={40} />
        <YAxis
          width={44}
          domain={[0, 100]}
          ticks={[0, 25, 50, 75, 100]}
          tickFormatter={(v: number) => `${v}%`}
          tick={{ fontSize: 11 }}
        />
        <Bar dataKey="value" isAnimationActive={false} radius={[4, 4, 0, 0]} maxBarSize={72}>
          {data.map((d) => (
            <Cell key={d.key} fill={d.color} />
          ))}
          <LabelList
            dataKey="value"
            position="top"
            formatter={(v: unknown) => formatPercent(typeof v === 'number' ? v : null, i18n.language)}
            style={{ fontSize: 13, fontWeight: 700, fill: '#1f2933' }}
          />
        </Bar>
      </BarChart>
    </ChartFrame>
  );
}

interface HoursBar {
  name: string;
  contact: number;
  prep: number;
}

/** Credited hours per institution, contact and prep stacked. */
export function HoursChart({ rows }: { rows: InstitutionOutcome[] }) {
  const { t, i18n } = useTranslation();
  const phone = !useMediaQuery('(min-width: 36em)', true, { getInitialValueInEffect: false });
  const data: HoursBar[] = rows.map((r) => ({
    name: r.name,
    contact: Math.round((r.creditedContactMinutes / 60) * 10) / 10,
    prep: Math.round((r.creditedPrepMinutes / 60) * 10) / 10,
  }));
  const height = Math.max(120, data.length * 34 + 40);
  const hours = (v: number) => formatNumber(v, i18n.language);
  return (
    <ChartFrame height={height} label={t('outcomes.chartHours')} testId="hours-chart">
      <BarChart
        responsive
        layout="vertical"
        data={data}
        style={{ width: '100%', height }}
        margin={{ top: 4, right: 16, left: 0, bottom: 4 }}
        barCategoryGap={6}
      >
        <CartesianGrid horizontal={false} stroke={CHART_HEX.grid} />
        <XAxis type="number" tick={{ fontSize: 11 }} orientation="top" />
        <YAxis
          type="category"
          dataKey="name"
          width={phone ? 100 : 170}
          interval={0}
          tick={{ fontSize: 11 }}
          tickFormatter={(name: string) =>
            name.length > (phone ? 14 : 26) ? `${name.slice(0, phone ? 13 : 25)}…` : name
          }
        />
        <Tooltip
          cursor={{ fill: 'rgba(0,0,0,0.04)' }}
          content={(props: TooltipContentProps) => {
            const bar = props.payload?.[0]?.payload as HoursBar | undefined;
            if (!props.active || !bar) return null;
            return (
              <ChartTooltip title={bar.name}>
                <Text size="xs">
                  {t('outcomes.columns.contactHours')}: <b>{hours(bar.contact)}</b>
                </Text>
                <Text size="xs">
                  {t('outcomes.columns.prepHours')}: <b>{hours(bar.prep)}</b>
                </Text>
              </ChartTooltip>
            );
          }}
        />
        <Bar
          dataKey="contact"
          stackId="h"
          fill={OUTCOME_HEX.contact}
          name={t('outcomes.columns.contactHours')}
          isAnimationActive={false}
        />
        <Bar
          dataKey="prep"
          stackId="h"
          fill={OUTCOME_HEX.prep}
          name={t('outcomes.columns.prepHours')}
          isAnimationActive={false}
        />
      </BarChart>
    </ChartFrame>
  );
}
