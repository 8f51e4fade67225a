import { z } from 'zod';
import { IsoDate } from '../../http/dates.ts';
import { PageQuery, pageOf } from '../../http/pagination.ts';
import { INTAKE_STATES, PROPOSAL_STATES } from './aid.table.ts';

const rupiah = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const ProgramCodeParam = z.object({
  code: z
    .string()
    .trim()
    .min(2)
    .max(32)
    .transform((v) => v.toUpperCase()),
});
export const IdParam = z.object({ id: z.coerce.number().int().positive() });

export const CriteriaSchema = z.object({
  occupation: z.boolean().describe('Not ASN/PNS, TNI, Polri, nor an employee of a BUMN/BUMD'),
  kur: z.boolean().describe('Not receiving KUR or other bank credit'),
  micro: z.boolean().describe('Capital ≤ Rp 1 billion and annual sales ≤ Rp 2 billion (where given)'),
  area: z.boolean().describe('The business lies in the program’s area'),
});

const windowFields = {
  intakeStart: IsoDate.nullish(),
  intakeEnd: IsoDate.nullish(),
  reviewEnd: IsoDate.nullish().describe('End of the document review'),
  verificationEnd: IsoDate.nullish().describe('End of the field verification'),
  submissionEnd: IsoDate.nullish().describe('Last day to send proposals to the ministry'),
};

export const CreateProgramBody = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{1,31}$/, 'Kode 2–32 huruf/angka, boleh - dan _')
    .transform((v) => v.toUpperCase()),
  name: z.string().trim().min(3).max(160),
  amount: rupiah.min(1).describe('Rupiah per recipient'),
  areaCode: z
    .string()
    .trim()
    .max(16)
    .optional()
    .describe('The area the program covers (default: the deployment’s city)'),
  ...windowFields,
  criteria: CriteriaSchema.partial().optional(),
  sameVerifierAllowed: z
    .boolean()
    .optional()
    .describe('Allow one person both verification levels of a proposal (default: not allowed)'),
});
export type CreateProgramInput = z.infer<typeof CreateProgramBody>;

export const UpdateProgramBody = z.strictObject({
  name: z.string().trim().min(3).max(160).optional(),
  amount: rupiah.min(1).optional(),
  ...windowFields,
  criteria: CriteriaSchema.partial().optional(),
  sameVerifierAllowed: z
    .boolean()
    .optional()
    .describe('Allow one person both verification levels of a proposal (default: not allowed)'),
});
export type UpdateProgramInput = z.infer<typeof UpdateProgramBody>;

export const WindowsSchema = z.object({
  intakeStart: z.string().nullable(),
  intakeEnd: z.string().nullable(),
  reviewEnd: z.string().nullable(),
  verificationEnd: z.string().nullable(),
  submissionEnd: z.string().nullable(),
});

export const ProgramSchema = z
  .object({
    id: z.number().int(),
    code: z.string(),
    name: z.string(),
    amount: z.number(),
    areaCode: z.string(),
    areaName: z.string(),
    windows: WindowsSchema,
    criteria: CriteriaSchema,
    sameVerifierAllowed: z
      .boolean()
      .describe('One person may do both verification levels of a proposal (an exception set by the office)'),
    proposals: z.number().int().describe('Proposals (eligible and ineligible)'),
    createdAt: z.string(),
  })
  .meta({ id: 'AidProgram' });
export type ProgramDto = z.infer<typeof ProgramSchema>;

const cellText = z.string().max(500);
const cellNumber = z.union([z.number(), z.string().max(32)]);
/** One applicant typed in by an officer: the columns of the import file, the same rules. */
export const ApplicantBody = z.strictObject({
  nik: cellText,
  no_kk: cellText,
  nama: cellText,
  no_hp: cellText,
  alamat: cellText,
  kode_kelurahan: cellText,
  bidang_usaha: cellText,
  pekerjaan: cellText,
  menerima_kur: z.union([z.boolean(), z.string().max(10), z.number()]),
  nib: cellText.nullish(),
  modal_usaha: cellNumber.nullish(),
  omzet_tahunan: cellNumber.nullish(),
  kode_kelurahan_ktp: cellText.nullish(),
});
export type ApplicantInput = z.infer<typeof ApplicantBody>;

export const ReasonSchema = z.object({ code: z.string(), message: z.string() });

export const ProposalSchema = z
  .object({
    id: z.number().int(),
    programCode: z.string(),
    nik: z.string().describe('Masked (3671********0001) unless the caller may see it'),
    nikMasked: z.boolean(),
    kk: z.string(),
    name: z.string(),
    phone: z.string(),
    address: z.string(),
    businessField: z.string(),
    occupation: z.string(),
    receivesKur: z.boolean(),
    nib: z.string().nullable(),
    capital: z.number().nullable(),
    annualSales: z.number().nullable(),
    kelurahanCode: z.string(),
    kelurahanName: z.string(),
    kecamatanCode: z.string(),
    kecamatanName: z.string(),
    ktpKelurahanCode: z.string().nullable(),
    state: z.enum(PROPOSAL_STATES),
    eligible: z.boolean(),
    reasons: z.array(ReasonSchema),
    warnings: z.array(ReasonSchema),
    amount: z.number(),
    ownerId: z
      .number()
      .int()
      .nullable()
      .describe('The registry owner; null for an ineligible applicant not in it'),
    businessId: z.number().int().nullable(),
    batchId: z.number().int().nullable(),
    lastNote: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'AidProposal' });
export type ProposalDto = z.infer<typeof ProposalSchema>;

export const AttachmentSchema = z
  .object({
    id: z.number().int(),
    fileName: z.string(),
    contentType: z.string(),
    sizeBytes: z.number().int(),
    uploadedBy: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'AidAttachment' });
export type AttachmentDto = z.infer<typeof AttachmentSchema>;

export const TransitionSchema = z.object({
  id: z.number().int(),
  from: z.enum(PROPOSAL_STATES),
  to: z.enum(PROPOSAL_STATES),
  actor: z.string(),
  at: z.string(),
  note: z.string().nullable(),
  attachmentId: z.number().int().nullable(),
  batchId: z.number().int().nullable(),
  jobId: z.number().int().nullable(),
});

export const IntakeRowSchema = z
  .object({
    id: z.number().int(),
    jobId: z.number().int().nullable(),
    rowNumber: z.number().int().nullable(),
    state: z.enum(INTAKE_STATES),
    reasons: z.array(ReasonSchema),
    warnings: z.array(ReasonSchema),
    message: z.string().nullable(),
    nik: z.string().nullable(),
    name: z.string().nullable(),
    data: z.record(z.string(), z.string()),
    firstRowId: z.number().int().nullable().describe('A duplicate: the row that came first'),
    firstRowNumber: z.number().int().nullable(),
    firstJobId: z.number().int().nullable(),
    proposalId: z.number().int().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'AidIntakeRow' });
export type IntakeRowDto = z.infer<typeof IntakeRowSchema>;

export const ProposalDetailSchema = ProposalSchema.extend({
  transitions: z.array(TransitionSchema),
  attachments: z.array(AttachmentSchema),
  intakeRows: z.array(IntakeRowSchema).describe('The row that made the proposal and any duplicates of it'),
  earlierLevelByYou: z
    .boolean()
    .describe('The signed-in person did an earlier verification level, so may not do the next one'),
}).meta({ id: 'AidProposalDetail' });
export type ProposalDetailDto = z.infer<typeof ProposalDetailSchema>;

export const EntryResultSchema = z.object({
  state: z.enum(['eligible', 'ineligible']),
  reasons: z.array(ReasonSchema),
  warnings: z.array(ReasonSchema),
  intakeRowId: z.number().int(),
  proposal: ProposalSchema,
});

export const ProposalListQuery = PageQuery.extend({
  awaiting: z
    .enum(['me'])
    .optional()
    .describe(
      'me: only proposals waiting for the caller’s own next step on the ladder (the work queue on Home); a person who verified an earlier level is not asked again unless the program allows it',
    ),
  state: z.enum(PROPOSAL_STATES).optional(),
  kecamatan: z.string().max(16).optional(),
  kelurahan: z.string().max(16).optional(),
  reason: z.string().max(40).optional().describe('Has this ineligibility reason or warning'),
  q: z.string().trim().max(100).optional().describe('Name or phone; a full NIK for roles that see NIK'),
});
export type ProposalListQuery = z.infer<typeof ProposalListQuery>;
export const ProposalPage = pageOf(ProposalSchema);

export const IntakeListQuery = PageQuery.extend({
  jobId: z.coerce.number().int().positive().optional(),
  state: z.enum(INTAKE_STATES).optional(),
});
export type IntakeListQuery = z.infer<typeof IntakeListQuery>;
export const IntakePage = pageOf(IntakeRowSchema);

export const TRANSITION_TARGETS = [
  'verified_kelurahan',
  'verified_kecamatan',
  'approved',
  'rejected',
] as const;
export type TransitionTarget = (typeof TRANSITION_TARGETS)[number];
export const TransitionBody = z.strictObject({
  to: z.enum(TRANSITION_TARGETS),
  note: z.string().trim().max(2000).optional().describe('Required for the field check and for a rejection'),
  attachmentId: z.number().int().positive().optional().describe('An attachment uploaded for this proposal'),
});
export type TransitionInput = z.infer<typeof TransitionBody>;

export const CreateBatchBody = z.strictObject({
  kecamatan: z
    .string()
    .trim()
    .max(16)
    .optional()
    .describe('Only this kecamatan; all approved proposals when absent'),
});

export const BatchSchema = z
  .object({
    id: z.number().int(),
    programCode: z.string(),
    number: z.number().int(),
    kecamatanCode: z.string().nullable(),
    kecamatanName: z.string().nullable(),
    proposals: z.number().int(),
    totalAmount: z.number(),
    createdBy: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'AidBatch' });
export type BatchDto = z.infer<typeof BatchSchema>;

const ByStateSchema = z.record(z.enum(PROPOSAL_STATES), z.number().int());
export const SummarySchema = z
  .object({
    program: z.string(),
    total: z.number().int().describe('Proposals, eligible and ineligible (not duplicates nor invalid rows)'),
    byState: ByStateSchema,
    byKecamatan: z.array(
      z.object({ code: z.string(), name: z.string(), total: z.number().int(), byState: ByStateSchema }),
    ),
  })
  .meta({ id: 'AidSummary' });
export type SummaryDto = z.infer<typeof SummarySchema>;

export const ProgressQuery = z.object({
  by: z.enum(['kecamatan', 'kelurahan']).default('kecamatan'),
  kecamatan: z.string().max(16).optional().describe('Only the kelurahan of this kecamatan'),
});
export type ProgressQuery = z.infer<typeof ProgressQuery>;

export const ProgressRowSchema = z.object({
  code: z.string(),
  name: z.string(),
  proposals: z.number().int().describe('Eligible proposals'),
  toVerify: z.number().int().describe('Still waiting for the field check'),
  verified: z.number().int().describe('Passed the field check (any later state)'),
  rejected: z.number().int().describe('Rejected by an officer or the office'),
  doneShare: z.number().nullable().describe('(verified + rejected) / proposals'),
  behind: z.boolean().describe('Fewer checked than the verification window expects by today'),
});
export const ProgressSchema = z
  .object({
    program: z.string(),
    today: z.string(),
    windows: WindowsSchema,
    daysLeft: z.object({
      intake: z.number().int().nullable(),
      review: z.number().int().nullable(),
      verification: z.number().int().nullable(),
      submission: z.number().int().nullable(),
    }),
    expectedShare: z
      .number()
      .nullable()
      .describe('Share of proposals that should be checked by today (null without windows)'),
    rows: z.array(ProgressRowSchema),
  })
  .meta({ id: 'AidProgress' });
export type ProgressDto = z.infer<typeof ProgressSchema>;

export const IntakeSummarySchema = z
  .object({
    total: z.number().int(),
    eligible: z.number().int(),
    ineligible: z.number().int(),
    duplicate: z.number().int(),
    invalid: z.number().int(),
    reasons: z.record(z.string(), z.number().int()),
    warnings: z.record(z.string(), z.number().int()),
    rejectedStored: z.number().int().describe('Non-eligible rows stored for the download (the first ones)'),
    rejectedLimit: z.number().int().describe('The most a job stores'),
    rejectedCapped: z.boolean().describe('More rows were not eligible than stored'),
  })
  .meta({ id: 'AidIntakeSummary' });
export type IntakeSummary = z.infer<typeof IntakeSummarySchema>;

export const ExportQuery = z.object({ format: z.enum(['csv', 'xlsx']).default('xlsx') });
