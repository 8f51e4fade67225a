import { z } from 'zod';
import { IsoDate } from '../../http/dates.ts';

export const CERTIFICATE_STATES = ['valid', 'expiring', 'expired', 'not_yet_valid'] as const;
export type CertificateState = (typeof CERTIFICATE_STATES)[number];
export const CertificateStateSchema = z.enum(CERTIFICATE_STATES);

export const CertificateSchema = z
  .object({
    id: z.number().int(),
    mentorId: z.number().int(),
    number: z.string(),
    scheme: z.string(),
    lsp: z.string(),
    issuedOn: z.string(),
    expiresOn: z.string(),
    state: CertificateStateSchema,
    /** Days from today to the last valid day (negative once expired). */
    daysLeft: z.number().int(),
    scan: z
      .object({ type: z.enum(['application/pdf', 'image/jpeg', 'image/png']), bytes: z.number().int() })
      .nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'MentorCertificate' });
export type CertificateDto = z.infer<typeof CertificateSchema>;

const text = (label: string, max: number) =>
  z
    .string({ error: `${label} wajib diisi.` })
    .trim()
    .min(1, { error: `${label} wajib diisi.` })
    .max(max, { error: `${label} paling panjang ${max} karakter.` });

const CertificateFields = z.strictObject({
  number: text('Nomor sertifikat', 80),
  scheme: text('Skema', 160),
  lsp: text('LSP', 160).describe('The certifying body, an LSP licensed by BNSP'),
  issuedOn: IsoDate,
  expiresOn: IsoDate,
});

const expiryNotBeforeIssue = (v: { issuedOn?: string; expiresOn?: string }) =>
  !v.issuedOn || !v.expiresOn || v.expiresOn >= v.issuedOn;
const expiryError = {
  error: 'Tanggal berlaku tidak boleh sebelum tanggal terbit.',
  path: ['expiresOn'],
};

export const CreateCertificateBody = CertificateFields.refine(expiryNotBeforeIssue, expiryError);
export type CreateCertificateInput = z.infer<typeof CreateCertificateBody>;
export const UpdateCertificateBody = CertificateFields.partial().refine(expiryNotBeforeIssue, expiryError);
export type UpdateCertificateInput = z.infer<typeof UpdateCertificateBody>;

export const CertificateParams = z.object({
  id: z.coerce.number().int().positive(),
  certificateId: z.coerce.number().int().positive(),
});

export const ExpiringCertificateSchema = z
  .object({
    id: z.number().int(),
    mentorId: z.number().int(),
    mentorName: z.string(),
    institutionId: z.number().int().nullable(),
    institutionName: z.string().nullable(),
    number: z.string(),
    scheme: z.string(),
    expiresOn: z.string(),
    daysLeft: z.number().int(),
  })
  .meta({ id: 'ExpiringCertificate' });
export type ExpiringCertificateDto = z.infer<typeof ExpiringCertificateSchema>;

export const ExpiringQuery = z.object({
  institution: z.coerce.number().int().positive().optional(),
});
