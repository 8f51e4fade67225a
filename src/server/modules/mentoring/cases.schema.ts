import { z } from 'zod';
import { CASE_OUTCOMES, EXPERTISE, MILESTONE_KINDS, SESSION_MODES } from '../../../shared/mentoring.ts';
import { IsoDate } from '../../http/dates.ts';
import { PageQuery, pageOf } from '../../http/pagination.ts';

export const IdParam = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const note = (label: string, max = 2000) =>
  z
    .string({ error: `${label} harus berupa teks.` })
    .trim()
    .max(max, `${label} paling panjang ${max} karakter.`);

// --- cases -------------------------------------------------------------------------------------------

/** Cases needing attention: no session for a while, or the mentor's own follow-ups overdue. */
export const CASE_NEEDS = ['session', 'follow_up'] as const;
/** A case without a session in this many days (today included, as the coverage board counts) needs one. */
export const IDLE_CASE_DAYS = 30;

export const CaseListQuery = PageQuery.extend({
  state: z.enum(['open', 'closed']).optional(),
  mentorId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  kecamatan: z.string().trim().max(16).optional(),
  kelurahan: z.string().trim().max(16).optional(),
  q: z.string().trim().max(100).optional(),
  needs: z
    .enum(CASE_NEEDS)
    .optional()
    .describe(
      `What a case needs (the work queue on Home): session = open, opened before and without a session in the last ${IDLE_CASE_DAYS} days (today included); follow_up = open, with a mentor's action item past its due date and not done`,
    ),
});
export type CaseListQuery = z.infer<typeof CaseListQuery>;

export const CaseListItem = z.object({
  id: z.number().int(),
  businessId: z.number().int(),
  businessName: z.string(),
  sector: z.string(),
  kelurahanCode: z.string(),
  kelurahanName: z.string(),
  kecamatanCode: z.string(),
  kecamatanName: z.string(),
  mentorId: z.number().int(),
  mentorName: z.string(),
  openedOn: z.string(),
  closedOn: z.string().nullable(),
  outcome: z.enum(CASE_OUTCOMES).nullable(),
  sessions: z.number().int(),
  lastSessionOn: z.string().nullable(),
  creditedMinutes: z.number(),
  longTermClient: z.boolean(),
});
export type CaseListItem = z.infer<typeof CaseListItem>;
export const CasePage = pageOf(CaseListItem);

export const OpenCaseBody = z.strictObject({
  businessId: id,
  mentorId: id,
  openedOn: IsoDate.optional().describe('Default: today in the deployment’s time zone'),
  reason: note('Catatan', 500).optional(),
});
export type OpenCaseInput = z.infer<typeof OpenCaseBody>;

export const TransferBody = z.strictObject({
  mentorId: id,
  on: IsoDate.optional().describe('The day the new mentor takes over (default: today)'),
  reason: note('Alasan', 500).optional(),
});
export type TransferInput = z.infer<typeof TransferBody>;

export const CloseBody = z.strictObject({
  outcome: z.enum(CASE_OUTCOMES, { error: 'Pilih hasil pendampingan.' }),
  note: note('Catatan penutupan', 2000).min(1, 'Catatan penutupan wajib diisi.'),
  closedOn: IsoDate.optional(),
});
export type CloseInput = z.infer<typeof CloseBody>;

export const SuggestionQuery = z.object({
  businessId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  topics: z
    .string()
    .max(200)
    .optional()
    .describe('Topics the business needs, comma or | separated (pemasaran, keuangan, ...)'),
});

export const SuggestionSchema = z.object({
  mentorId: z.number().int(),
  name: z.string(),
  institutionName: z.string().nullable(),
  expertise: z.array(z.enum(EXPERTISE)),
  sameKelurahan: z.boolean(),
  matching: z.array(z.enum(EXPERTISE)),
  open: z.number().int(),
  cap: z.number().int(),
  spare: z.number().int(),
  certificateValid: z.boolean(),
  eligible: z.boolean(),
  explanation: z.string(),
});
export const SuggestionsSchema = z.object({
  businessId: z.number().int(),
  kelurahanName: z.string(),
  topics: z.array(z.enum(EXPERTISE)),
  items: z.array(SuggestionSchema),
});

// --- what hangs on a case or business ----------------------------------------------------------------

export const SessionSchema = z.object({
  id: z.number().int(),
  heldOn: z.string(),
  mode: z.enum(SESSION_MODES),
  mentorId: z.number().int(),
  mentorName: z.string(),
  prepMinutes: z.number().int(),
  contactMinutes: z.number().int(),
  /** prep + contact, once (SBDC). */
  mentorMinutes: z.number().int(),
  topics: z.array(z.enum(EXPERTISE)),
  problems: z.string().nullable(),
  notes: z.string().nullable(),
  /** The businesses the reader may see, each with its credited minutes (contact + prep / n). */
  businesses: z.array(
    z.object({
      id: z.number().int(),
      name: z.string(),
      caseId: z.number().int(),
      creditedMinutes: z.number(),
    }),
  ),
  /** n: how many businesses the session served (a group session several). */
  businessCount: z.number().int(),
  photos: z.array(z.object({ id: z.number().int(), url: z.string() })),
});
export type SessionDto = z.infer<typeof SessionSchema>;

export const ActionItemSchema = z.object({
  id: z.number().int(),
  sessionId: z.number().int(),
  sessionOn: z.string(),
  businessId: z.number().int(),
  what: z.string(),
  side: z.enum(['mentor', 'owner']),
  dueOn: z.string().nullable(),
  done: z.boolean(),
  doneAt: z.string().nullable(),
  overdue: z.boolean(),
});
export type ActionItemDto = z.infer<typeof ActionItemSchema>;

export const MilestoneSchema = z.object({
  id: z.number().int(),
  businessId: z.number().int(),
  caseId: z.number().int().nullable(),
  kind: z.enum(MILESTONE_KINDS),
  achievedOn: z.string(),
  evidenceNumber: z.string().nullable(),
  hasEvidenceFile: z.boolean(),
  details: z.object({
    channel: z.string().optional(),
    lender: z.string().optional(),
    amount: z.number().optional(),
    created: z.number().optional(),
    retained: z.number().optional(),
  }),
  verifiedBy: z.string().nullable(),
  ownerConfirmedAt: z.string().nullable(),
});
export type MilestoneDto = z.infer<typeof MilestoneSchema>;

export const TurnoverSchema = z
  .object({
    period: z.string(),
    amount: z.number(),
    declinePct: z.number().nullable(),
    /** Decline against the baseline ≤ 10 %: derived from the latest report, never typed. */
    recovered: z.boolean(),
  })
  .nullable();

const assignment = z.object({
  mentorId: z.number().int(),
  mentorName: z.string(),
  fromOn: z.string(),
  toOn: z.string().nullable(),
  reason: z.string().nullable(),
});

export const CaseDetailSchema = z.object({
  id: z.number().int(),
  openedOn: z.string(),
  closedOn: z.string().nullable(),
  outcome: z.enum(CASE_OUTCOMES).nullable(),
  outcomeNote: z.string().nullable(),
  mentorId: z.number().int(),
  mentorName: z.string(),
  business: z.object({
    id: z.number().int(),
    name: z.string(),
    sector: z.string(),
    ownerName: z.string(),
    kelurahanCode: z.string(),
    kelurahanName: z.string(),
    kecamatanName: z.string(),
    address: z.string().nullable(),
  }),
  assignments: z.array(assignment),
  sessions: z.array(SessionSchema),
  actionItems: z.array(ActionItemSchema),
  milestones: z.array(MilestoneSchema),
  /** Credited minutes of the business over all its sessions, and whether that makes it a long-term client. */
  creditedMinutes: z.number(),
  longTermClient: z.boolean(),
  turnover: TurnoverSchema,
  /** The reader may record sessions and milestones, tick items, transfer or close. */
  canRecord: z.boolean(),
  canManage: z.boolean(),
});
export type CaseDetailDto = z.infer<typeof CaseDetailSchema>;

export const BusinessMentoringSchema = z.object({
  businessId: z.number().int(),
  openCase: z
    .object({
      id: z.number().int(),
      mentorId: z.number().int(),
      mentorName: z.string(),
      openedOn: z.string(),
    })
    .nullable(),
  cases: z.array(
    z.object({
      id: z.number().int(),
      mentorName: z.string(),
      openedOn: z.string(),
      closedOn: z.string().nullable(),
      outcome: z.enum(CASE_OUTCOMES).nullable(),
    }),
  ),
  sessions: z.array(SessionSchema),
  actionItems: z.array(ActionItemSchema),
  milestones: z.array(MilestoneSchema),
  creditedMinutes: z.number(),
  longTermClient: z.boolean(),
  turnover: TurnoverSchema,
});
