import { z } from 'zod';
import { EXPERTISE, MILESTONE_KINDS, SESSION_MODES } from '../../../shared/mentoring.ts';
import { SECTORS } from '../../../shared/sectors.ts';
import { UserSchema } from '../users/users.schema.ts';

/** The owner's own view (`/api/v1/me/...`) and the owner accounts officers and mentors create. */

export const IdParam = z.object({ id: z.coerce.number().int().positive() });

export const ConsentSchema = z
  .object({
    version: z.string().describe('The version of the consent text in force (CONSENT_VERSION)'),
    required: z.boolean().describe('The owner has not agreed to this version yet'),
    agreedAt: z.string().nullable().describe('When the owner agreed to this version'),
    history: z.array(z.object({ version: z.string(), agreedAt: z.string() })),
  })
  .meta({ id: 'OwnerConsent' });
export type ConsentDto = z.infer<typeof ConsentSchema>;

export const ConsentBody = z.strictObject({
  version: z.string().trim().min(1).max(40).describe('The version of the text the owner read and agreed to'),
});

export const MentorContactSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  institutionName: z.string().nullable(),
  phone: z.string().nullable(),
});

export const CaseStateSchema = z.object({
  openedOn: z.string(),
  closedOn: z.string().nullable(),
  outcome: z.string().nullable(),
});

export const MyBusinessSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    sector: z.enum(SECTORS),
    kelurahanName: z.string(),
    kecamatanName: z.string(),
    archived: z.boolean(),
    mentor: MentorContactSchema.nullable(),
    sessions: z.number().int(),
    creditedMinutes: z.number(),
    openOwnerItems: z.number().int().describe("Open action items on the owner's side"),
    unconfirmedMilestones: z.number().int(),
    latestPeriod: z.string().nullable(),
  })
  .meta({ id: 'MyBusiness' });
export type MyBusinessDto = z.infer<typeof MyBusinessSchema>;

export const ActionItemSchema = z
  .object({
    id: z.number().int(),
    what: z.string(),
    side: z.enum(['mentor', 'owner']),
    dueOn: z.string().nullable(),
    doneAt: z.string().nullable(),
    sessionOn: z.string(),
  })
  .meta({ id: 'MyActionItem' });
export type ActionItemDto = z.infer<typeof ActionItemSchema>;

export const MilestoneSchema = z
  .object({
    id: z.number().int(),
    kind: z.enum(MILESTONE_KINDS),
    achievedOn: z.string(),
    evidenceNumber: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
    verifiedBy: z.string().nullable(),
    ownerConfirmedAt: z.string().nullable(),
  })
  .meta({ id: 'MyMilestone' });
export type MilestoneDto = z.infer<typeof MilestoneSchema>;

export const SessionSchema = z.object({
  id: z.number().int(),
  heldOn: z.string(),
  mode: z.enum(SESSION_MODES),
  topics: z.array(z.enum(EXPERTISE)),
  businesses: z.number().int().describe('Businesses the session served (a group session has several)'),
  creditedMinutes: z.number().describe('Contact minutes plus an equal share of the preparation (SBDC)'),
  mentorName: z.string(),
});

export const MyMentoringSchema = z
  .object({
    business: z.object({ id: z.number().int(), name: z.string(), archived: z.boolean() }),
    mentor: MentorContactSchema.nullable(),
    case: CaseStateSchema.nullable(),
    sessions: z.array(SessionSchema),
    creditedMinutes: z.number(),
    longTermClient: z.boolean().describe('Credited at least 300 minutes in total'),
    actionItems: z.array(ActionItemSchema).describe('Open items first, then those done (newest first)'),
    milestones: z.array(MilestoneSchema),
  })
  .meta({ id: 'MyMentoring' });
export type MyMentoringDto = z.infer<typeof MyMentoringSchema>;

export const TickBody = z.strictObject({
  done: z.boolean().describe('true: done; false: not done after all'),
});

export const OwnerAccountBody = z.strictObject({
  email: z.email({ error: 'Email tidak valid.' }).max(254),
});

export const OwnerAccountSchema = z
  .object({
    ownerId: z.number().int(),
    ownerName: z.string(),
    account: z
      .object({
        id: z.number().int(),
        email: z.string(),
        disabled: z.boolean(),
        mustChangePassword: z.boolean(),
        lastLoginAt: z.string().nullable(),
      })
      .nullable(),
  })
  .meta({ id: 'OwnerAccount' });
export type OwnerAccountDto = z.infer<typeof OwnerAccountSchema>;

export const CreatedOwnerAccountSchema = z.object({
  user: UserSchema,
  oneTimePassword: z.string().describe('Shown once; the owner changes it at first sign-in'),
});
