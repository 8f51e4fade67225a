import type { ColumnType } from 'kysely';

export const OMZET_SOURCES = ['owner', 'mentor', 'officer', 'import'] as const;
export type OmzetSource = (typeof OMZET_SOURCES)[number];

export interface OmzetReportTable {
  business_id: number;
  period: string;
  amount: number;
  source: OmzetSource;
  /** omzet_category(baseline, amount): 0 no baseline, 1 grew … 6 ≥80 % (see the migration). */
  category: number;
  /** omzet_decline_x10(baseline, amount): the decline in tenths of a percent, null without a baseline. */
  decline_x10: number | null;
  reported_by: number | null;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, Date>;
}

export interface OmzetStatTable {
  period: string;
  dim: 'city' | 'kecamatan' | 'sector';
  code: string;
  category: number;
  bin: number;
  n: number;
}

export interface OmzetPeriodTable {
  period: string;
  version: number;
  computed: number;
}

export interface OmzetFigureTable {
  period: string;
  dim: 'city' | 'kecamatan' | 'sector';
  code: string;
  reporting: number;
  no_baseline: number;
  grew: number;
  lt20: number;
  d20_50: number;
  d50_80: number;
  gte80: number;
  recovered: number;
  median: number | null;
}
