import { z } from 'zod';
import { SIZE_CLASSES } from '../../../shared/identity.ts';
import { BUCKETS, LEGALITY_KINDS, SECTORS } from '../../../shared/sectors.ts';
import { IsoDate } from '../../http/dates.ts';
import { PageQuery, pageOf } from '../../http/pagination.ts';

const rupiah = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const legalityEntry = z.strictObject({
  number: z.string().trim().min(1).max(64),
  date: IsoDate.nullish(),
});
export const LegalitySchema = z.strictObject(
  Object.fromEntries(LEGALITY_KINDS.map((k) => [k, legalityEntry.optional()])) as Record<
    (typeof LEGALITY_KINDS)[number],
    z.ZodOptional<typeof legalityEntry>
  >,
);
export const OnlineSchema = z.strictObject({
  marketplaces: z.array(z.string().trim().min(1).max(200)).max(20).optional(),
  social: z.array(z.string().trim().min(1).max(200)).max(20).optional(),
});

export const OwnerInput = z.strictObject({
  nik: z.string().trim().min(1).max(32),
  name: z.string().trim().min(2).max(120),
  phone: z.string().trim().max(32).nullish(),
  kk: z.string().trim().max(32).nullish(),
});

const businessFields = {
  name: z.string().trim().min(2).max(160),
  sector: z.enum(SECTORS),
  kbli: z
    .string()
    .regex(/^\d{5}$/, 'KBLI harus 5 digit')
    .nullish(),
  address: z.string().trim().max(500).nullish(),
  kelurahanCode: z.string().trim().min(2).max(16),
  capital: rupiah.nullish(),
  annualSales: rupiah.nullish(),
  employees: z.number().int().min(0).max(1_000_000).nullish(),
  legality: LegalitySchema.optional(),
  online: OnlineSchema.optional(),
  baselineOmzet: rupiah.nullish().describe('Average monthly turnover in 2019, before the pandemic (rupiah)'),
  mentorId: z.number().int().positive().nullish(),
};

export const CreateBusinessBody = z.strictObject({
  owner: OwnerInput,
  /** Set after the API answered OwnerExists: attach the business to the existing owner of that NIK. */
  useExistingOwner: z.boolean().optional(),
  ...businessFields,
});
export type CreateBusinessInput = z.infer<typeof CreateBusinessBody>;

export const UpdateBusinessBody = z.strictObject(
  Object.fromEntries(Object.entries(businessFields).map(([k, v]) => [k, v.optional()])) as {
    [K in keyof typeof businessFields]: z.ZodOptional<(typeof businessFields)[K]>;
  },
);
export type UpdateBusinessInput = z.infer<typeof UpdateBusinessBody>;

export const OwnerSchema = z
  .object({
    id: z.number().int(),
    nik: z.string().describe('Masked (3671********0001) unless the caller may see it'),
    nikMasked: z.boolean(),
    name: z.string(),
    phone: z.string().nullable(),
    kk: z.string().nullable(),
    gender: z.enum(['L', 'P']),
    birthDate: z.string().nullable(),
    businesses: z.number().int(),
  })
  .meta({ id: 'Owner' });
export type OwnerDto = z.infer<typeof OwnerSchema>;

/** What the create form learns from a NIK: whether it is registered, and to whom (name only). */
export const OwnerLookupSchema = z
  .object({
    exists: z.boolean(),
    owner: z
      .object({
        id: z.number().int().optional().describe('For the office only (merging two records)'),
        name: z.string(),
        businesses: z.number().int(),
      })
      .optional(),
    derived: z.object({ gender: z.enum(['L', 'P']), birthDate: z.string() }),
  })
  .meta({ id: 'OwnerLookup' });
export type OwnerLookup = z.infer<typeof OwnerLookupSchema>;

export const LatestReportSchema = z.object({
  period: z.string(),
  amount: z.number(),
  declinePct: z.number().nullable(),
});

export const BusinessListItemSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    sector: z.enum(SECTORS),
    kelurahanCode: z.string(),
    kelurahanName: z.string(),
    kecamatanCode: z.string(),
    kecamatanName: z.string(),
    sizeClass: z.enum(SIZE_CLASSES).nullable(),
    baselineOmzet: z.number().nullable(),
    ownerId: z.number().int(),
    ownerName: z.string(),
    ownerNik: z.string(),
    ownerPhone: z.string().nullable(),
    legality: z.array(z.enum(LEGALITY_KINDS)),
    archived: z.boolean(),
    latest: LatestReportSchema.nullable(),
  })
  .meta({ id: 'BusinessListItem' });
export type BusinessListItem = z.infer<typeof BusinessListItemSchema>;

export const BusinessSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    sector: z.enum(SECTORS),
    kbli: z.string().nullable(),
    address: z.string().nullable(),
    kelurahanCode: z.string(),
    kelurahanName: z.string(),
    kecamatanCode: z.string(),
    kecamatanName: z.string(),
    capital: z.number().nullable(),
    annualSales: z.number().nullable(),
    sizeClass: z.enum(SIZE_CLASSES).nullable(),
    employees: z.number().nullable(),
    legality: LegalitySchema,
    online: OnlineSchema,
    onlineChannels: z
      .array(z.object({ channel: z.string(), since: z.string().nullable() }))
      .describe(
        'Where it sells online: `pasar_umkm` (an approved shop in this marketplace), the marketplaces in `online`, online-sales milestones',
      ),
    baselineOmzet: z.number().nullable(),
    mentorId: z.number().nullable(),
    mentorName: z.string().nullable(),
    archived: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
    owner: OwnerSchema,
    latest: LatestReportSchema.nullable(),
    canEdit: z.boolean(),
  })
  .meta({ id: 'Business' });
export type BusinessDto = z.infer<typeof BusinessSchema>;

export const SORTS = [
  'name',
  '-name',
  'created',
  '-created',
  'baseline',
  '-baseline',
  'kelurahan',
  '-kelurahan',
  // By the report of the list's period (`period`, default the latest representative one); none last.
  'turnover',
  '-turnover',
  'change',
  '-change',
] as const;

export const BusinessFilterQuery = z.object({
  q: z
    .string()
    .trim()
    .max(100)
    .optional()
    .describe('Business or owner name, phone; a full NIK for roles that see NIK'),
  kecamatan: z.string().max(16).optional(),
  kelurahan: z.string().max(16).optional(),
  sector: z.enum(SECTORS).optional(),
  size: z.enum(SIZE_CLASSES).optional(),
  legality: z.enum(LEGALITY_KINDS).optional().describe('Has this permit/certificate'),
  online: z
    .enum(['true', 'false'])
    .optional()
    .describe(
      'Sells online ("berjualan online"): this marketplace, a marketplace in the registry or a milestone',
    ),
  bucket: z
    .enum([...BUCKETS, 'noBaseline', 'noReport'])
    .optional()
    .describe('Decline bucket in `period`'),
  period: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional()
    .describe('Period for the bucket filter (default: the latest period with reports)'),
  archived: z.enum(['false', 'true', 'all']).default('false'),
});
export type BusinessFilter = z.infer<typeof BusinessFilterQuery>;

export const BusinessListQuery = PageQuery.extend(BusinessFilterQuery.shape).extend({
  sort: z.enum(SORTS).default('name'),
});
export type BusinessListQuery = z.infer<typeof BusinessListQuery>;
export const BusinessPage = pageOf(BusinessListItemSchema);

export const ExportQuery = BusinessFilterQuery.extend({ format: z.enum(['csv', 'xlsx']).default('xlsx') });

export const IdParam = z.object({ id: z.coerce.number().int().positive() });

export const TimelineEventSchema = z.object({
  at: z.string(),
  kind: z.string().describe('create, update, archive, unarchive, import_update, omzet, merge ...'),
  actor: z.string(),
  summary: z.record(z.string(), z.unknown()).nullable(),
  previous: z.record(z.string(), z.unknown()).nullable(),
});

export const MergeOwnersBody = z.strictObject({
  intoOwnerId: z
    .number()
    .int()
    .positive()
    .describe('The record that stays; the other is retired and points to it'),
});
