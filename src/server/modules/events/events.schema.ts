import { z } from 'zod';
import {
  ATTENDANCE_SOURCES,
  BUSINESS_MATCHES,
  EVENT_AUDIENCES,
  EVENT_STATES,
  EVENT_TYPES,
  REGISTRATION_STATUSES,
} from '../../../shared/events.ts';
import { EXPERTISE } from '../../../shared/mentoring.ts';
import { IsoDate } from '../../http/dates.ts';
import { PageQuery, pageOf } from '../../http/pagination.ts';

const text = (max: number) => z.string().trim().max(max);
const instant = z.iso
  .datetime({ offset: true })
  .describe('ISO 8601 with an offset, e.g. 2026-12-20T09:00:00+07:00');

export const EventIdParam = z.object({ id: z.coerce.number().int().positive() });
export const SlugParam = z.object({ slug: z.string().min(1).max(120) });
export const TokenParam = z.object({ token: z.string().min(1).max(64) });

export const EventBody = z.strictObject({
  title: text(200).min(3, 'Judul minimal 3 huruf.'),
  type: z.enum(EVENT_TYPES),
  institutionId: z.number().int().positive().nullable().default(null).describe('null: the office organizes'),
  speakers: z.array(text(120).min(1)).max(20).default([]),
  host: text(120).nullable().default(null),
  hostMentorId: z.number().int().positive().nullable().default(null),
  startsAt: instant,
  endsAt: instant,
  venue: text(300).nullable().default(null),
  onlineUrl: z.url().max(500).nullable().default(null),
  capacity: z.number().int().positive().max(100_000).nullable().default(null),
  registrationDeadline: instant.nullable().default(null),
  audience: z
    .array(z.enum(EVENT_AUDIENCES))
    .min(1, 'Pilih minimal satu sasaran peserta.')
    .default(['public']),
  topics: z.array(z.enum(EXPERTISE)).default([]),
  description: text(10_000).default(''),
});
export type EventInput = z.infer<typeof EventBody>;

export const EventSchema = z.object({
  id: z.number(),
  slug: z.string(),
  title: z.string(),
  type: z.enum(EVENT_TYPES),
  institutionId: z.number().nullable(),
  organizer: z.string(),
  speakers: z.array(z.string()),
  host: z.string().nullable(),
  hostMentorId: z.number().nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  venue: z.string().nullable(),
  onlineUrl: z.string().nullable(),
  capacity: z.number().nullable(),
  registrationDeadline: z.string().nullable(),
  audience: z.array(z.enum(EVENT_AUDIENCES)),
  topics: z.array(z.enum(EXPERTISE)),
  description: z.string(),
  hasBanner: z.boolean(),
  state: z.enum(EVENT_STATES),
  publishedAt: z.string().nullable(),
  registered: z.number(),
  waitlisted: z.number(),
  attended: z.number(),
  canManage: z.boolean(),
});
export type EventDto = z.infer<typeof EventSchema>;

export const EventListQuery = PageQuery.extend({
  q: z.string().trim().max(100).optional(),
  state: z.enum(EVENT_STATES).optional(),
  when: z.enum(['upcoming', 'past']).optional(),
});
export const EventPage = pageOf(EventSchema);

/** What the public sees of an event: no counts of people, no internal ids beyond the slug. */
export const PublicEventSchema = z.object({
  slug: z.string(),
  title: z.string(),
  type: z.enum(EVENT_TYPES),
  organizer: z.string(),
  speakers: z.array(z.string()),
  host: z.string().nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  venue: z.string().nullable(),
  online: z.boolean(),
  registrationDeadline: z.string().nullable(),
  audience: z.array(z.enum(EVENT_AUDIENCES)),
  topics: z.array(z.enum(EXPERTISE)),
  description: z.string(),
  hasBanner: z.boolean(),
  cancelled: z.boolean(),
  registrationOpen: z.boolean(),
  seatsLeft: z.number().nullable().describe('null: no limit; 0: new registrations join the waitlist'),
});
export type PublicEventDto = z.infer<typeof PublicEventSchema>;

export const RegisterBody = z.strictObject({
  name: text(120).min(2, 'Nama minimal 2 huruf.'),
  phone: text(20).min(1, 'Nomor HP wajib diisi.'),
  email: z.email('Email tidak valid.').max(200).nullable().default(null),
  businessName: text(200).nullable().default(null),
  nik: z.string().trim().max(32).nullable().default(null).describe('Only to find the business; never stored'),
});
export type RegisterInput = z.infer<typeof RegisterBody>;

/** The attendee's own view through the private link. */
export const MyRegistrationSchema = z.object({
  token: z.string(),
  name: z.string(),
  status: z.enum(REGISTRATION_STATUSES),
  waitlistPosition: z.number().nullable(),
  checkedInAt: z.string().nullable(),
  checkinCode: z.string().nullable().describe('null unless registered (a waitlisted person has no seat)'),
  event: PublicEventSchema,
});
export type MyRegistrationDto = z.infer<typeof MyRegistrationSchema>;

export const RegistrationSchema = z.object({
  id: z.number(),
  name: z.string(),
  phone: z.string(),
  email: z.string().nullable(),
  businessName: z.string().nullable(),
  business: z
    .object({
      id: z.number(),
      name: z.string(),
      match: z.enum(BUSINESS_MATCHES),
      confirmed: z.boolean(),
    })
    .nullable(),
  status: z.enum(REGISTRATION_STATUSES),
  waitlistPosition: z.number().nullable(),
  checkedInAt: z.string().nullable(),
  attendanceSource: z.enum(ATTENDANCE_SOURCES).nullable(),
  createdAt: z.string(),
});
export type RegistrationDto = z.infer<typeof RegistrationSchema>;

export const RegistrationListQuery = PageQuery.extend({
  q: z.string().trim().max(100).optional(),
  status: z.enum(REGISTRATION_STATUSES).optional(),
  attended: z.enum(['yes', 'no']).optional(),
});
export const RegistrationPage = pageOf(RegistrationSchema);

export const RegistrationParams = z.object({
  id: z.coerce.number().int().positive(),
  registrationId: z.coerce.number().int().positive(),
});

export const ScanBody = z.strictObject({ code: z.string().trim().min(1).max(200) });
export const CheckInResultSchema = z.object({
  outcome: z.enum(['checked_in', 'already']),
  message: z.string(),
  registration: RegistrationSchema,
});

export const ConfirmBusinessBody = z.strictObject({
  businessId: z.number().int().positive().nullable(),
});

export const MyEventSchema = z.object({
  token: z.string(),
  status: z.enum(REGISTRATION_STATUSES),
  checkedInAt: z.string().nullable(),
  event: PublicEventSchema,
});

export const ReportQuery = z.object({
  from: IsoDate.optional(),
  to: IsoDate.optional(),
});
const ReportLine = z.object({
  key: z.string(),
  label: z.string(),
  registered: z.number(),
  attended: z.number(),
  noShowRate: z.number().nullable().describe('Share of registered people who did not attend, 0..1'),
});
export const EventReportSchema = z.object({
  byEvent: z.array(ReportLine),
  byKecamatan: z.array(ReportLine),
  bySector: z.array(ReportLine),
  total: ReportLine,
});
export type EventReportDto = z.infer<typeof EventReportSchema>;
export type ReportLineDto = z.infer<typeof ReportLine>;
