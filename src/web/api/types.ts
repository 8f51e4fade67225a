/**
 * The shapes the API answers with, read from the server's zod schemas (type-only imports, erased at build time),
 * so the web app breaks at compile time when a response changes.
 */
import type { z } from 'zod';
import type { AnswerSummary as AidAnswerSummaryOf } from '../../server/modules/aid/aid.answer.ts';
import type {
  ApplicantInput,
  AttachmentDto,
  BatchDto,
  CreateProgramInput,
  EntryResultSchema,
  IntakeRowDto,
  IntakeSummary,
  ProgramDto,
  ProgressDto,
  ProposalDetailDto,
  ProposalDto,
  ProposalListQuery,
  SummaryDto,
  TransitionInput,
  TransitionTarget,
  UpdateProgramInput,
} from '../../server/modules/aid/aid.schema.ts';
import type { ProposalState } from '../../server/modules/aid/aid.table.ts';
import type { AreaDto, AreaLookupSchema } from '../../server/modules/areas/areas.schema.ts';
import type { AuditEntryDto } from '../../server/modules/audit/audit.schema.ts';
import type { MeSchema } from '../../server/modules/auth/auth.schema.ts';
import type { SignInLockDto } from '../../server/modules/auth/throttle.schema.ts';
import type {
  BusinessDto,
  BusinessListItem,
  BusinessListQuery as BusinessListQueryInput,
  CreateBusinessInput,
  OwnerDto,
  OwnerLookup as OwnerLookupDto,
  TimelineEventSchema,
  UpdateBusinessInput,
} from '../../server/modules/businesses/businesses.schema.ts';
import type { jobView } from '../../server/modules/imports/imports.service.ts';
import type { InstitutionDto } from '../../server/modules/institutions/institutions.schema.ts';
import type {
  PeriodsSchema,
  ReportSchema,
  StatsSchema,
  TrendPointSchema,
  TrendSchema,
} from '../../server/modules/omzet/omzet.schema.ts';
import type {
  CreatedUserSchema,
  CreateUserInput,
  UpdateUserInput,
  UserDto,
} from '../../server/modules/users/users.schema.ts';

export type { SizeClass } from '../../shared/identity.ts';
export type { Role } from '../../shared/roles.ts';
export type { Bucket, LegalityKind, Sector } from '../../shared/sectors.ts';
export type Me = z.infer<typeof MeSchema>;
export type User = UserDto;
export type CreateUserBody = CreateUserInput;
export type UpdateUserBody = UpdateUserInput;
export type CreatedUser = z.infer<typeof CreatedUserSchema>;
export type Institution = InstitutionDto;
export type Area = AreaDto;
export type AreaLookup = z.infer<typeof AreaLookupSchema>;
export type AuditEntry = AuditEntryDto;
export type SignInLock = SignInLockDto;

export type Business = BusinessDto;
export type BusinessItem = BusinessListItem;
export type Owner = OwnerDto;
export type CreateBusinessBody = CreateBusinessInput;
export type UpdateBusinessBody = UpdateBusinessInput;
/** The list's filters and sort as the query string carries them (page and size come from the pager). */
export type BusinessQuery = Partial<Omit<BusinessListQueryInput, 'page' | 'pageSize'>>;
export type TimelineEvent = z.infer<typeof TimelineEventSchema>;
export type OwnerLookup = OwnerLookupDto;
export type OmzetReport = z.infer<typeof ReportSchema>;
export type RecoveryStats = z.infer<typeof StatsSchema>;
export type ReportPeriods = z.infer<typeof PeriodsSchema>;
export type StatRow = RecoveryStats['rows'][number];
export type StatGrouping = RecoveryStats['by'];
export type Trend = z.infer<typeof TrendSchema>;
export type TrendPoint = z.infer<typeof TrendPointSchema>;
export type ImportJob = ReturnType<typeof jobView>;

export type AidProgram = ProgramDto;
export type CreateAidProgramBody = CreateProgramInput;
export type UpdateAidProgramBody = UpdateProgramInput;
export type AidSummary = SummaryDto;
export type AidProgress = ProgressDto;
export type AidProgressRow = ProgressDto['rows'][number];
export type AidProposal = ProposalDto;
export type AidProposalDetail = ProposalDetailDto;
export type AidTransition = ProposalDetailDto['transitions'][number];
export type AidAttachment = AttachmentDto;
export type AidIntakeRow = IntakeRowDto;
export type AidBatch = BatchDto;
export type AidState = ProposalState;
export type AidTransitionTarget = TransitionTarget;
export type AidTransitionBody = TransitionInput;
export type AidApplicantBody = ApplicantInput;
export type AidEntryResult = z.infer<typeof EntryResultSchema>;
/** What an aid intake import reports when it is done. */
export type AidIntakeSummary = IntakeSummary;
/** What a ministry answer import reports when it is done. */
export type AidAnswerSummary = AidAnswerSummaryOf;
/** The proposals list's filters as the query string carries them (page and size come from the pager). */
export type AidProposalQuery = Partial<Omit<ProposalListQuery, 'page' | 'pageSize'>>;

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
