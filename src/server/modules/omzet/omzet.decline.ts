/**
 * The same classification as the SQL functions omzet_category() and omzet_decline_x10() (migration
 * 002), for imports that aggregate millions of rows in JS before they reach the database. A test
 * checks both against each other on boundary cases, and imports check that their deltas equal a rebuild.
 */
export function omzetCategory(baseline: number | null, amount: number): number {
  if (baseline === null || baseline <= 0) return 0;
  const drop = baseline - amount;
  if (amount >= baseline) return 1;
  if (10 * drop <= baseline) return 2;
  if (5 * drop < baseline) return 3;
  if (2 * drop < baseline) return 4;
  if (5 * drop < 4 * baseline) return 5;
  return 6;
}

/** Amounts up to this (about 1.5 trillion rupiah) keep 2 × 1000 × amount + baseline below 2^53. */
const SAFE_RUPIAH = Math.floor(Number.MAX_SAFE_INTEGER / 6000);

/** round(1000 × (baseline − amount) / baseline), half away from zero like PostgreSQL's numeric round, floored at −10000. */
export function declineX10(baseline: number | null, amount: number): number | null {
  if (baseline === null || baseline <= 0) return null;
  if (baseline <= SAFE_RUPIAH && amount <= SAFE_RUPIAH) {
    // Every intermediate below is an integer under 2^53, so plain numbers are exact (and a
    // million rows faster than BigInt); the quotient is corrected for the division's rounding.
    const num = 1000 * (baseline - amount);
    const abs = Math.abs(num);
    const x = 2 * abs + baseline;
    const y = 2 * baseline;
    let q = Math.floor(x / y);
    if (q * y > x) q -= 1;
    else if ((q + 1) * y <= x) q += 1;
    return Math.max(-10000, num < 0 && q !== 0 ? -q : q);
  }
  const b = BigInt(baseline);
  const num = 1000n * (b - BigInt(amount));
  const abs = num < 0n ? -num : num;
  const rounded = (2n * abs + b) / (2n * b);
  return Math.max(-10000, Number(num < 0n ? -rounded : rounded));
}
