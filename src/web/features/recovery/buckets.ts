import { DEFAULT_THEME } from '@mantine/core';
import { BUCKETS } from '../../../shared/sectors.ts';
import type { Bucket } from '../../api/types.ts';
import { formatPercent } from '../../components/format.ts';

export { BUCKETS };

/**
 * Green for growth (or no change) only; every decline is orange to red, deeper as it grows, in the Mantine
 * palette (badges: the bucket's name tells the two reds apart) and as hex (charts).
 */
export const BUCKET_COLORS: Record<Bucket, string> = {
  grew: 'green',
  lt20: 'orange',
  d20_50: 'orange',
  d50_80: 'red',
  gte80: 'red',
};

/** The colour of a change of turnover (text, figures): green when it held or grew, orange to red when it fell. */
export function changeColor(declinePct: number | null | undefined): string | undefined {
  if (declinePct == null) return undefined;
  if (declinePct <= 0) return 'green.8';
  return declinePct < 20 ? 'orange.8' : 'red.8';
}

const shade = (color: string, index: number) => DEFAULT_THEME.colors[color]![index]!;

export const BUCKET_HEX: Record<Bucket, string> = {
  grew: shade('green', 7),
  lt20: shade('orange', 4),
  d20_50: shade('orange', 7),
  d50_80: shade('red', 6),
  gte80: shade('red', 9),
};

export const CHART_HEX = {
  recovered: shade('green', 7),
  decline: shade('red', 7),
  baseline: shade('orange', 7),
  turnover: '#2262c0',
  noBaseline: shade('gray', 5),
  grid: shade('gray', 3),
};

/**
 * The bucket of a month's turnover against the pre-pandemic baseline, with the server's exact rule
 * (integer arithmetic, so a boundary such as exactly 20 % lands where the dashboard counts it).
 */
export function bucketOf(baseline: number | null | undefined, amount: number): Bucket | null {
  if (baseline == null || baseline <= 0) return null;
  const drop = baseline - amount;
  if (drop <= 0) return 'grew';
  if (5 * drop < baseline) return 'lt20';
  if (2 * drop < baseline) return 'd20_50';
  if (5 * drop < 4 * baseline) return 'd50_80';
  return 'gte80';
}

/** The same bucket from a reported decline in percent (one decimal, as the API sends it). */
export function bucketOfDecline(declinePct: number | null | undefined): Bucket | null {
  if (declinePct == null) return null;
  if (declinePct <= 0) return 'grew';
  if (declinePct < 20) return 'lt20';
  if (declinePct < 50) return 'd20_50';
  if (declinePct < 80) return 'd50_80';
  return 'gte80';
}

/** Decline in percent, one decimal; negative is growth. */
export function declineOf(baseline: number | null | undefined, amount: number): number | null {
  if (baseline == null || baseline <= 0) return null;
  return Math.round((1000 * (baseline - amount)) / baseline) / 10;
}

/** Recovered: turnover back to at least 90 % of the baseline (decline ≤ 10 %). */
export function isRecovered(declinePct: number | null | undefined): boolean {
  return declinePct != null && declinePct <= 10;
}

/** Reporting businesses that have a baseline: the whole the buckets and the recovered share divide. */
export const withBaseline = (row: { reporting: number; noBaseline: number }) =>
  row.reporting - row.noBaseline;

/**
 * A change as a signed percentage, with a true minus sign: `−2,5 %` (fell), `+3,1 %` (grew), `0,0 %`.
 * Turnover is told as its change, never as a "decline" that can itself be negative.
 */
export function formatChange(changePct: number | null | undefined, language: string): string {
  if (changePct == null) return '—';
  const text = formatPercent(Math.abs(changePct), language);
  if (Math.abs(changePct) < 0.05) return text;
  return changePct < 0 ? `−${text}` : `+${text}`;
}

/** The change of turnover from a decline against the baseline (a decline of 2.5 % is a change of −2.5 %). */
export const changeOfDecline = (declinePct: number | null | undefined) =>
  declinePct == null ? null : -declinePct;
