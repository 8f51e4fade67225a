import { z } from 'zod';
import { DEFAULT_CASELOAD_CAP, EXPERTISE } from '../../../shared/mentoring.ts';
import { PageQuery, pageOf } from '../../http/pagination.ts';
import { PhoneField } from '../institutions/institutions.schema.ts';
import { CertificateSchema, CertificateStateSchema } from './certificates.schema.ts';

const ExpertiseField = z.enum(EXPERTISE, {
  error: `Keahlian tidak dikenal: pilih dari ${EXPERTISE.join(', ')}.`,
});
const ExpertiseList = z
  .array(ExpertiseField)
  .max(EXPERTISE.length * 2, { error: 'Terlalu banyak keahlian.' });
const KelurahanList = z
  .array(z.string().trim().min(1, { error: 'Kode kelurahan kosong.' }).max(20))
  .max(120, { error: 'Terlalu banyak kelurahan.' })
  .describe('Codes of the kelurahan the mentor covers, each inside the deployment');
const CapField = z
  .number({ error: 'Batas kasus harus berupa angka.' })
  .int({ error: 'Batas kasus harus bilangan bulat.' })
  .positive({ error: 'Batas kasus harus lebih dari 0.' })
  .max(1000, { error: 'Batas kasus paling banyak 1000.' });

export const CreateMentorBody = z.strictObject({
  email: z.email({ error: 'Email tidak sah.' }).max(254),
  name: z.string().trim().min(2, { error: 'Nama minimal 2 karakter.' }).max(120),
  institutionId: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('Required for the office; an institution admin’s own institution when omitted'),
  phone: PhoneField.nullish(),
  expertise: ExpertiseList.default([]),
  kelurahan: KelurahanList.default([]),
  caseloadCap: CapField.default(DEFAULT_CASELOAD_CAP),
});
export type CreateMentorInput = z.infer<typeof CreateMentorBody>;

export const UpdateMentorBody = z.strictObject({
  phone: PhoneField.nullish(),
  expertise: ExpertiseList.optional(),
  kelurahan: KelurahanList.optional(),
  caseloadCap: CapField.optional(),
});
export type UpdateMentorInput = z.infer<typeof UpdateMentorBody>;

/** What the mentor themself may change on their own profile. */
export const OWN_PROFILE_FIELDS = ['phone', 'expertise'] as const;

export const MentorSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    email: z.string(),
    disabled: z.boolean(),
    institutionId: z.number().int().nullable(),
    institutionName: z.string().nullable(),
    phone: z.string().nullable(),
    expertise: z.array(z.enum(EXPERTISE)),
    kelurahan: z.array(z.object({ code: z.string(), name: z.string(), kecamatanName: z.string() })),
    caseloadCap: z.number().int(),
    openCases: z.number().int(),
    /** The best of the mentor's certificates today: valid, expiring (valid, ends within 60 days), … none. */
    certificateState: CertificateStateSchema.or(z.literal('none')),
    /** The last day of the certificate that is valid today, if any. */
    certifiedUntil: z.string().nullable(),
  })
  .meta({ id: 'Mentor' });
export type MentorDto = z.infer<typeof MentorSchema>;

export const MentorDetailSchema = MentorSchema.extend({
  certificates: z.array(CertificateSchema),
  /** `all`: phone, expertise, kelurahan and cap; `own`: the mentor's own phone and expertise. */
  canEdit: z.enum(['all', 'own', 'none']),
  canManageCertificates: z.boolean(),
}).meta({ id: 'MentorDetail' });
export type MentorDetailDto = z.infer<typeof MentorDetailSchema>;

export const CreatedMentorSchema = z.object({
  mentor: MentorDetailSchema,
  oneTimePassword: z.string().describe('Shown once; the mentor must change it at first sign-in'),
});

export const MENTOR_CERTIFICATE_FILTERS = ['valid', 'expiring', 'expired', 'not_yet_valid', 'none'] as const;

export const MentorQuery = PageQuery.extend({
  q: z.string().trim().max(100).optional().describe('Name or e-mail'),
  institution: z.coerce.number().int().positive().optional(),
  kecamatan: z.string().trim().max(20).optional(),
  kelurahan: z.string().trim().max(20).optional(),
  expertise: z.enum(EXPERTISE).optional(),
  certificate: z.enum(MENTOR_CERTIFICATE_FILTERS).optional(),
});
export type MentorQueryInput = z.infer<typeof MentorQuery>;
export const MentorPage = pageOf(MentorSchema);
export const MentorIdParam = z.object({ id: z.coerce.number().int().positive() });
