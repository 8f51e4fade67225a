/** Turnover is reported per month, as `YYYY-MM`; the program's reports start in the first pandemic year. */
export const FIRST_PERIOD = '2020-01';

export function currentPeriod(today: Date = new Date()): string {
  return `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}`;
}

export function nextPeriod(period: string): string {
  const [year, month] = period.split('-').map(Number) as [number, number];
  return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
}

/** Every month from `from` to `to`, newest first. */
export function periodsBetween(from: string, to: string): string[] {
  const periods: string[] = [];
  for (let p = from; p <= to; p = nextPeriod(p)) periods.push(p);
  return periods.reverse();
}

/**
 * Monthly items on a regular axis: every month from the first item's to the last one's, oldest first, a
 * month without an item as `{ period, item: null }`, so a chart shows it as a gap instead of skipping it.
 * `items` are oldest first.
 */
export function everyMonth<T extends { period: string }>(
  items: readonly T[],
): { period: string; item: T | null }[] {
  const first = items[0];
  const last = items.at(-1);
  if (!first || !last) return [];
  const byPeriod = new Map(items.map((i) => [i.period, i]));
  return periodsBetween(first.period, last.period)
    .reverse()
    .map((period) => ({ period, item: byPeriod.get(period) ?? null }));
}
