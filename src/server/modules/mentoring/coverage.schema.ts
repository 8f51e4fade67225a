import { z } from 'zod';

export const COVERAGE_LEVELS = ['kelurahan', 'kecamatan'] as const;
export type CoverageLevel = (typeof COVERAGE_LEVELS)[number];

/** Why a kelurahan (or kecamatan) stands out: nobody mentors there, or no session was held there lately. */
export const PRIORITY_REASONS = ['noActiveMentor', 'noSession30d'] as const;
export type PriorityReason = (typeof PRIORITY_REASONS)[number];

export const CoverageQuery = z.strictObject({
  level: z.enum(COVERAGE_LEVELS).default('kelurahan').describe('One row per kelurahan or per kecamatan'),
  kecamatan: z.string().max(16).optional().describe('Only the kelurahan of this kecamatan (e.g. 36.71.05)'),
});

/** The rollout plan of a row: a kelurahan's target, or the sum over the kelurahan of a kecamatan that have one. */
export const RolloutProgressSchema = z
  .object({
    targetBusinesses: z.number().int().describe('Businesses to reach (sum over the kelurahan with a target)'),
    targetMonth: z.string().describe('By the end of this month (a kecamatan: its latest)'),
    startMonth: z
      .string()
      .describe('Linear progress is expected from the start of this month (a kecamatan: its earliest)'),
    reached: z.number().int().describe('Businesses with a case ever opened (of the kelurahan with a target)'),
    progressPct: z.number().describe('reached ÷ target × 100, one decimal'),
    expectedNow: z.number().int().describe('Businesses the linear plan expects by now'),
    behind: z.boolean(),
    kelurahanWithTarget: z.number().int(),
    behindKelurahan: z.number().int(),
  })
  .meta({ id: 'RolloutProgress' });

/** One row of the coverage board; the contract of the API, the XLSX and `bangkit mentoring coverage --json`. */
export const CoverageRowSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    kecamatanCode: z.string(),
    kecamatanName: z.string(),
    kelurahan: z.number().int().describe('Kelurahan in the row (1 for a kelurahan)'),
    businesses: z.number().int().describe('Registered businesses, not archived'),
    sellingOnline: z
      .number()
      .int()
      .describe(
        'Registered businesses selling online: an approved shop on this marketplace, a marketplace recorded in ' +
          'the registry, or an online-sales milestone with its channel',
      ),
    sellingOnlinePct: z
      .number()
      .nullable()
      .describe('sellingOnline ÷ businesses × 100, one decimal; null without businesses'),
    activeCases: z.number().int().describe('Businesses with an open case'),
    reached: z.number().int().describe('Businesses with a case ever opened'),
    sharePct: z
      .number()
      .nullable()
      .describe('activeCases ÷ businesses × 100, one decimal; null without businesses'),
    mentors: z
      .number()
      .int()
      .describe('Distinct mentors with an open case there or covering it (mentor_area)'),
    mentorsWithCases: z.number().int().describe('… of them with an open case there'),
    mentorsCovering: z.number().int().describe('… of them covering it in their profile'),
    activeMentors: z
      .number()
      .int()
      .describe('Distinct mentors with an open case there or a session there in the last 30 days'),
    sessions30d: z
      .number()
      .int()
      .describe('Sessions with a business there, held in the last 30 days up to today'),
    priority: z.boolean().describe('No active mentor, or no session in 30 days'),
    priorityReasons: z.array(z.enum(PRIORITY_REASONS)),
    priorityKelurahan: z.number().int().describe('Kelurahan of the row that are priorities'),
    rollout: RolloutProgressSchema.nullable(),
  })
  .meta({ id: 'CoverageRow' });
export type CoverageRowDto = z.infer<typeof CoverageRowSchema>;

export const CoverageSchema = z
  .object({
    level: z.enum(COVERAGE_LEVELS),
    today: z.string().describe('Today in the deployment’s time zone'),
    windowStart: z.string().describe('The first day of the 30-day window'),
    institutionOnly: z
      .boolean()
      .describe('Mentoring figures count only the caller’s institution (an institution admin)'),
    rows: z.array(CoverageRowSchema),
  })
  .meta({ id: 'Coverage' });
export type CoverageDto = z.infer<typeof CoverageSchema>;
