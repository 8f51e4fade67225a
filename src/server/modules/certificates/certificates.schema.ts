import { z } from 'zod';
import { CERTIFICATE_KINDS, CERTIFICATE_STATUSES } from '../../../shared/certificates.ts';
import { IsoDate } from '../../http/dates.ts';
import { PageQuery, pageOf } from '../../http/pagination.ts';

const text = (label: string, max: number) =>
  z
    .string({ error: `${label} wajib diisi.` })
    .trim()
    .min(2, { error: `${label} minimal 2 karakter.` })
    .max(max, { error: `${label} paling banyak ${max} karakter.` });

/** Who signs: printed on the certificate under the signature line. */
const Signatory = {
  signatoryName: text('Nama penanda tangan', 120),
  signatoryPosition: text('Jabatan penanda tangan', 160),
};

export const IssueForEventBody = z.strictObject({
  ...Signatory,
  title: text('Judul sertifikat', 200)
    .optional()
    .describe('What the certificate is for; the event’s title when omitted'),
  registrationIds: z
    .array(z.number().int().positive())
    .min(1, { error: 'Pilih minimal satu peserta.' })
    .max(5000)
    .optional()
    .describe('Only these attendees (each must have checked in); every checked-in attendee when omitted'),
  validUntil: IsoDate.nullish(),
});
export type IssueForEventInput = z.infer<typeof IssueForEventBody>;

export const IssueForMentorBody = z.strictObject({
  ...Signatory,
  mentorId: z.number({ error: 'Pilih pendamping.' }).int().positive(),
  title: text('Kompetensi', 200).describe('The competency the certificate recognises'),
  issuedOn: IsoDate.optional().describe('Today (BANGKIT_TIMEZONE) when omitted; never in the future'),
  validUntil: IsoDate.nullish(),
});
export type IssueForMentorInput = z.infer<typeof IssueForMentorBody>;

export const RevokeBody = z.strictObject({
  reason: z
    .string({ error: 'Alasan pencabutan wajib diisi.' })
    .trim()
    .min(5, { error: 'Alasan pencabutan minimal 5 karakter.' })
    .max(500, { error: 'Alasan pencabutan paling banyak 500 karakter.' }),
});

export const CertificateIdParam = z.object({ id: z.coerce.number().int().positive() });
export const EventIdParam = z.object({ eventId: z.coerce.number().int().positive() });
export const CodeParam = z.object({ code: z.string().max(64) });

export const CertificateListQuery = PageQuery.extend({
  q: z.string().trim().max(100).optional().describe('Part of the holder’s name, the title or the number'),
  kind: z.enum(CERTIFICATE_KINDS).optional(),
  status: z.enum(CERTIFICATE_STATUSES).optional(),
  event: z.coerce.number().int().positive().optional(),
  mentor: z.coerce.number().int().positive().optional(),
});
export type CertificateListQuery = z.infer<typeof CertificateListQuery>;

export const CertificateSchema = z.object({
  id: z.number().int(),
  number: z.string(),
  code: z.string(),
  kind: z.enum(CERTIFICATE_KINDS),
  status: z.enum(CERTIFICATE_STATUSES),
  holder: z.string(),
  title: z.string(),
  issuedOn: z.string(),
  validUntil: z.string().nullable(),
  issuer: z.object({ institutionId: z.number().int().nullable(), name: z.string() }),
  signatory: z.object({ name: z.string(), position: z.string() }),
  eventId: z.number().int().nullable(),
  registrationId: z.number().int().nullable(),
  mentorId: z.number().int().nullable(),
  revokedAt: z.string().nullable(),
  revokedReason: z.string().nullable(),
  verifyUrl: z.string().describe('The public verification page'),
  canRevoke: z.boolean(),
});
export type CertificateDto = z.infer<typeof CertificateSchema>;
export const CertificatePage = pageOf(CertificateSchema);

export const IssueResultSchema = z.object({
  issued: z.number().int().describe('New certificates'),
  alreadyIssued: z.number().int().describe('Attendees who had one already (nothing new for them)'),
  certificates: z.array(CertificateSchema).describe('The new certificates'),
});

/** The public answer: never a NIK, phone or email — only what the certificate itself says. */
export const VerificationSchema = z.object({
  code: z.string(),
  status: z.enum(['valid', 'revoked', 'expired', 'unknown']),
  holder: z.string().nullable(),
  title: z.string().nullable(),
  issuedAt: z.string().nullable().describe('Issue date, YYYY-MM-DD'),
  validUntil: z.string().nullable(),
  number: z.string().nullable(),
  kind: z.enum(CERTIFICATE_KINDS).nullable(),
  issuer: z.string().nullable(),
  signatory: z.object({ name: z.string(), position: z.string() }).nullable(),
  revokedAt: z.string().nullable().describe('Day of revocation, YYYY-MM-DD'),
  revokedReason: z.string().nullable(),
  checkedOn: z.string().describe('The day the status holds for (BANGKIT_TIMEZONE)'),
});
export type Verification = z.infer<typeof VerificationSchema>;
