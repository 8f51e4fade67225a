import { z } from 'zod';
import { INSTITUTION_TYPES } from '../../../shared/mentoring.ts';
import { PageQuery, pageOf } from '../../http/pagination.ts';

/** A telephone number as people write it: digits, spaces and dashes, a leading + allowed. */
export const PhoneField = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 -]{5,22}$/, {
    error: 'Nomor telepon hanya boleh berisi angka, spasi dan tanda -, boleh diawali +.',
  });

export const InstitutionSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    type: z.enum(INSTITUTION_TYPES),
    contactName: z.string().nullable(),
    phone: z.string().nullable(),
    address: z.string().nullable(),
    kelurahanCode: z.string().nullable(),
    kelurahanName: z.string().nullable(),
    mentors: z.number().int(),
    admins: z.number().int(),
    openCases: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Institution' });
export type InstitutionDto = z.infer<typeof InstitutionSchema>;

export const InstitutionDetailSchema = InstitutionSchema.extend({
  adminAccounts: z.array(
    z.object({ id: z.number().int(), name: z.string(), email: z.string(), disabled: z.boolean() }),
  ),
  /** The office changes everything; the institution's own admin its contact fields. */
  canEdit: z.enum(['all', 'contact', 'none']),
}).meta({ id: 'InstitutionDetail' });
export type InstitutionDetailDto = z.infer<typeof InstitutionDetailSchema>;

const typeField = z.enum(INSTITUTION_TYPES, {
  error: `Jenis lembaga harus salah satu dari: ${INSTITUTION_TYPES.join(', ')}.`,
});
const optionalText = (max: number) => z.string().trim().max(max).nullish();

export const CreateInstitutionBody = z.strictObject({
  name: z.string().trim().min(2).max(160),
  type: typeField.optional(),
  contactName: optionalText(120),
  phone: PhoneField.nullish(),
  address: optionalText(300),
  kelurahanCode: z
    .string()
    .trim()
    .max(20)
    .nullish()
    .describe('Where it works: a kelurahan of the deployment'),
});
export type CreateInstitutionInput = z.infer<typeof CreateInstitutionBody>;

export const UpdateInstitutionBody = CreateInstitutionBody.partial();
export type UpdateInstitutionInput = z.infer<typeof UpdateInstitutionBody>;

/** What an institution's own admin may change. */
export const CONTACT_FIELDS = ['contactName', 'phone', 'address'] as const;

export const InstitutionQuery = PageQuery.extend({
  q: z.string().trim().max(100).optional(),
  type: z.enum(INSTITUTION_TYPES).optional(),
});
export type InstitutionQueryInput = z.infer<typeof InstitutionQuery>;
export const InstitutionPage = pageOf(InstitutionSchema);
export const InstitutionIdParam = z.object({ id: z.coerce.number().int().positive() });
