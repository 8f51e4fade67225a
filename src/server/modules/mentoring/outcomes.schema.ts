import { z } from 'zod';
import { MILESTONE_KINDS } from '../../../shared/mentoring.ts';

export const OutcomesQuery = z.object({
  period: z
    .string()
    .describe('The month YYYY-MM: sessions dated up to its last day count, its turnover reports compare'),
});

const KindCount = z.object({ total: z.number().int(), confirmed: z.number().int() });

export const MilestoneFiguresSchema = z.object({
  total: z.number().int().describe('Milestones reached up to the end of the period'),
  confirmed: z.number().int().describe('Of them, confirmed by the owner (attribution)'),
  unconfirmed: z.number().int(),
  byKind: z.object(
    Object.fromEntries(MILESTONE_KINDS.map((k) => [k, KindCount])) as Record<
      (typeof MILESTONE_KINDS)[number],
      typeof KindCount
    >,
  ),
});

export const FiguresSchema = z.object({
  businesses: z.number().int().describe('Distinct businesses with a session'),
  sessions: z.number().int(),
  prepMinutes: z.number().int().describe('Mentor time: preparation, each session once'),
  contactMinutes: z.number().int().describe('Mentor time: contact, each session once'),
  creditedMinutes: z.number().describe('Time credited to businesses: contact + prep ÷ n per business'),
  creditedContactMinutes: z.number().int(),
  creditedPrepMinutes: z.number(),
  longTermClients: z.number().int().describe('Businesses credited at least 300 minutes by this group'),
  milestones: MilestoneFiguresSchema,
});
export type Figures = z.infer<typeof FiguresSchema>;

export const MentorOutcomeSchema = FiguresSchema.extend({
  id: z.number().int(),
  email: z.string(),
  name: z.string(),
  institutionId: z.number().int().nullable(),
  institutionName: z.string().nullable(),
});
export type MentorOutcome = z.infer<typeof MentorOutcomeSchema>;

export const InstitutionOutcomeSchema = FiguresSchema.extend({
  id: z.number().int().nullable().describe('null: mentors of no institution (the office)'),
  name: z.string(),
  mentors: z.number().int().describe('Mentors of the institution with a session'),
});
export type InstitutionOutcome = z.infer<typeof InstitutionOutcomeSchema>;

export const StratumSchema = z.object({
  sector: z.string(),
  kecamatanCode: z.string(),
  kecamatanName: z.string(),
  mentored: z.number().int(),
  mentoredRecovered: z.number().int(),
  notMentored: z.number().int(),
  notMentoredRecovered: z.number().int(),
  included: z
    .boolean()
    .describe('False: no not-mentored business of the stratum reported; left out of both sides'),
});
export type StratumDto = z.infer<typeof StratumSchema>;

export const ComparisonSchema = z.object({
  mentored: z.object({
    reporting: z
      .number()
      .int()
      .describe('Mentored businesses with a report and a baseline, in the strata used'),
    recovered: z.number().int(),
    recoveredShare: z.number().nullable().describe('0–1, unrounded'),
    recoveredPct: z.number().nullable(),
    withoutBaseline: z
      .number()
      .int()
      .describe('Mentored businesses that reported without a baseline (not counted)'),
  }),
  notMentored: z.object({
    reporting: z
      .number()
      .int()
      .describe('Not-mentored businesses with a report and a baseline, in the strata used'),
    recovered: z.number().int(),
    crudeShare: z.number().nullable().describe('Their own share recovered, not reweighted'),
    crudePct: z.number().nullable(),
    recoveredShare: z.number().nullable().describe("Standardised to the mentored group's mix of strata"),
    recoveredPct: z.number().nullable(),
  }),
  differencePts: z.number().nullable().describe('Mentored minus standardised comparison, percentage points'),
  strataUsed: z.number().int(),
  strataLeftOut: z.number().int(),
  mentoredLeftOut: z.number().int().describe('Mentored reporters in strata without a comparison'),
  strata: z.array(StratumSchema),
  method: z.object({ id: z.string(), en: z.string() }),
});
export type ComparisonDto = z.infer<typeof ComparisonSchema>;

export const OutcomesSchema = z.object({
  period: z.string(),
  periodEnd: z.string().describe('Sessions dated up to this day count'),
  areaName: z.string().describe("The deployment's city or regency"),
  scope: z.object({
    kind: z.enum(['city', 'area', 'institution', 'mentor']),
    name: z.string(),
  }),
  city: FiguresSchema.describe(
    'Everything the caller may see: the city, their area, institution or own work',
  ),
  institutions: z.array(InstitutionOutcomeSchema),
  mentors: z.array(MentorOutcomeSchema),
  comparison: ComparisonSchema,
});
export type Outcomes = z.infer<typeof OutcomesSchema>;
