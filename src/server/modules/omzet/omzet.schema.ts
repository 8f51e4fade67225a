import { z } from 'zod';
import { SECTORS } from '../../../shared/sectors.ts';
import { STAT_GROUPINGS, type StatGrouping } from '../../../shared/stat-groupings.ts';
import { MarketColumns } from '../marketplace/market-columns.schema.ts';
import { OMZET_SOURCES } from './omzet.table.ts';

export const PERIOD = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Periode harus berbentuk YYYY-MM');
export { STAT_GROUPINGS, type StatGrouping };

export const BucketsSchema = z.object({
  grew: z.number().int(),
  lt20: z.number().int(),
  d20_50: z.number().int(),
  d50_80: z.number().int(),
  gte80: z.number().int(),
});

/** One row of the recovery figures; the contract of `bangkit omzet stats --json` and the API. */
export const StatRowSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    businesses: z.number().int().describe('Registered (not archived) businesses'),
    reporting: z.number().int().describe('Businesses with a report in the period'),
    noBaseline: z.number().int().describe('Reporting businesses without a pre-pandemic baseline'),
    medianDeclinePct: z.number().nullable().describe('Median decline against the baseline, one decimal'),
    buckets: BucketsSchema,
    recovered: z.number().int().describe('Decline ≤ 10 %'),
  })
  .meta({ id: 'RecoveryStatRow' });
export type StatRowDto = z.infer<typeof StatRowSchema>;

export const StatsQuery = z.object({
  period: PERIOD,
  by: z.enum(STAT_GROUPINGS).default('kecamatan'),
  kecamatan: z.string().max(16).optional().describe('Limit to one kecamatan (e.g. for by=kelurahan)'),
});

export const StatsSchema = z.object({
  period: z.string(),
  by: z.enum(STAT_GROUPINGS),
  rows: z.array(StatRowSchema.extend(MarketColumns)),
});

export const TrendQuery = z.object({
  area: z
    .string()
    .max(16)
    .optional()
    .describe('A kecamatan or kelurahan code; the whole visible area when absent'),
  sector: z.enum(SECTORS).optional(),
});
export const TrendPointSchema = StatRowSchema.omit({ code: true, name: true, businesses: true }).extend({
  period: z.string(),
});
export const TrendSchema = z.object({
  code: z.string(),
  name: z.string(),
  points: z.array(TrendPointSchema),
});

export const ReportSchema = z
  .object({
    period: z.string(),
    amount: z.number(),
    source: z.enum(OMZET_SOURCES),
    declinePct: z.number().nullable(),
    reportedBy: z.string().nullable(),
    updatedAt: z.string(),
  })
  .meta({ id: 'OmzetReport' });

export const ReportBody = z.strictObject({ amount: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) });
export const ReportParams = z.object({ id: z.coerce.number().int().positive(), period: z.string().max(16) });

/**
 * The months that have reports and the one Home, the dashboard and the business list open on: the newest
 * month in which at least half as many businesses reported as in the busiest month, so that a few early
 * (or mistaken future) reports do not move the headline; the later months stay selectable.
 */
export const PeriodsSchema = z
  .object({ periods: z.array(z.string()), defaultPeriod: z.string().nullable() })
  .meta({ id: 'OmzetPeriods' });
