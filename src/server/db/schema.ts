import type { IdempotentRequestTable } from '../http/idempotency.table.ts';
import type {
  AidAttachmentTable,
  AidBatchTable,
  AidIntakeRowTable,
  AidProgramTable,
  AidProposalTable,
  AidTransitionTable,
} from '../modules/aid/aid.table.ts';
import type { AreaTable } from '../modules/areas/areas.table.ts';
import type { AuditLogTable } from '../modules/audit/audit.table.ts';
import type { SessionTable } from '../modules/auth/auth.table.ts';
import type { SignInThrottleTable } from '../modules/auth/throttle.table.ts';
import type { BusinessTable, OwnerTable } from '../modules/businesses/businesses.table.ts';
import type { CertificateTable } from '../modules/certificates/certificates.table.ts';
import type {
  AttendanceUploadRowTable,
  AttendanceUploadTable,
  EventRegistrationTable,
  EventTable,
} from '../modules/events/events.table.ts';
import type { HealthCheckTable } from '../modules/health/health.table.ts';
import type { ImportJobTable, ImportRejectionTable } from '../modules/imports/imports.table.ts';
import type { InstitutionTable } from '../modules/institutions/institutions.table.ts';
import type {
  BusinessOnlineChannelView,
  CampaignProductTable,
  CampaignTable,
  MarketplaceSalesMonthView,
  OrderEventTable,
  OrderItemTable,
  OrderRequestTable,
  ProductPhotoTable,
  ProductTable,
  ProductVariantTable,
  PublicProductView,
  PublicShopView,
  ShopTable,
} from '../modules/marketplace/marketplace.table.ts';
import type {
  AggBusinessOnlineTable,
  AggBusinessSessionTable,
  AggCasePairTable,
  AggClientTable,
  AggKelurahanOnlineTable,
  AggKelurahanTable,
  AggMentorMonthTable,
  AggMilestoneTable,
  AggSessionAreaTable,
  AggStratumTable,
} from '../modules/mentoring/aggregates.table.ts';
import type {
  ActionItemTable,
  CaseAssignmentTable,
  MentorAreaTable,
  MentorCertificateTable,
  MentoringCaseTable,
  MentoringSessionTable,
  MentorProfileTable,
  MilestoneTable,
  OwnerConsentTable,
  RolloutTargetTable,
  SessionBusinessTable,
  SessionCreditView,
  SessionPhotoTable,
} from '../modules/mentoring/mentoring.table.ts';
import type {
  OmzetFigureTable,
  OmzetPeriodTable,
  OmzetReportTable,
  OmzetStatTable,
} from '../modules/omzet/omzet.table.ts';
import type { UserTable } from '../modules/users/users.table.ts';

/** The whole database as Kysely sees it; each module owns the types of its tables. */
export interface Database {
  area: AreaTable;
  institution: InstitutionTable;
  app_user: UserTable;
  session: SessionTable;
  sign_in_throttle: SignInThrottleTable;
  audit_log: AuditLogTable;
  idempotent_request: IdempotentRequestTable;
  owner: OwnerTable;
  business: BusinessTable;
  omzet_report: OmzetReportTable;
  omzet_stat: OmzetStatTable;
  omzet_period: OmzetPeriodTable;
  omzet_figure: OmzetFigureTable;
  import_job: ImportJobTable;
  import_rejection: ImportRejectionTable;
  aid_program: AidProgramTable;
  aid_batch: AidBatchTable;
  aid_proposal: AidProposalTable;
  aid_intake_row: AidIntakeRowTable;
  aid_attachment: AidAttachmentTable;
  aid_transition: AidTransitionTable;
  health_check: HealthCheckTable;
  mentor_profile: MentorProfileTable;
  mentor_area: MentorAreaTable;
  mentor_certificate: MentorCertificateTable;
  mentoring_case: MentoringCaseTable;
  case_assignment: CaseAssignmentTable;
  mentoring_session: MentoringSessionTable;
  session_business: SessionBusinessTable;
  session_photo: SessionPhotoTable;
  action_item: ActionItemTable;
  milestone: MilestoneTable;
  owner_consent: OwnerConsentTable;
  rollout_target: RolloutTargetTable;
  session_credit: SessionCreditView;
  shop: ShopTable;
  product: ProductTable;
  product_variant: ProductVariantTable;
  product_photo: ProductPhotoTable;
  order_request: OrderRequestTable;
  order_item: OrderItemTable;
  order_event: OrderEventTable;
  campaign: CampaignTable;
  campaign_product: CampaignProductTable;
  public_shop: PublicShopView;
  public_product: PublicProductView;
  marketplace_sales_month: MarketplaceSalesMonthView;
  business_online_channel: BusinessOnlineChannelView;
  certificate: CertificateTable;
  event: EventTable;
  event_registration: EventRegistrationTable;
  attendance_upload: AttendanceUploadTable;
  attendance_upload_row: AttendanceUploadRowTable;
  agg_kelurahan: AggKelurahanTable;
  agg_case_pair: AggCasePairTable;
  agg_session_area: AggSessionAreaTable;
  agg_business_session: AggBusinessSessionTable;
  agg_stratum: AggStratumTable;
  agg_mentor_month: AggMentorMonthTable;
  agg_client: AggClientTable;
  agg_milestone: AggMilestoneTable;
  agg_business_online: AggBusinessOnlineTable;
  agg_kelurahan_online: AggKelurahanOnlineTable;
}
