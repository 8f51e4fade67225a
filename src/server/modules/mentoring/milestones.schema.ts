import { z } from 'zod';
import { MILESTONE_KINDS } from '../../../shared/mentoring.ts';
import { IsoDate } from '../../http/dates.ts';

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const whole = (label: string) =>
  z
    .number({ error: `${label} harus berupa angka.` })
    .int(`${label} harus bilangan bulat.`)
    .min(0, `${label} tidak boleh negatif.`)
    .max(Number.MAX_SAFE_INTEGER);

export const MilestoneDetailsInput = z.strictObject({
  channel: z
    .string()
    .trim()
    .max(120)
    .optional()
    .describe('online_sales: where (Shopee, Tokopedia, WhatsApp, ...)'),
  lender: z.string().trim().max(160).optional().describe('capital_access: the bank or lender'),
  amount: whole('Jumlah pembiayaan').optional().describe('capital_access: integer rupiah, > 0'),
  created: whole('Tenaga kerja baru').optional().describe('jobs: jobs created'),
  retained: whole('Tenaga kerja dipertahankan').optional().describe('jobs: jobs retained'),
});
export type MilestoneDetailsInput = z.infer<typeof MilestoneDetailsInput>;

export const CreateMilestoneBody = z.strictObject({
  businessId: id,
  kind: z.enum(MILESTONE_KINDS, { error: 'Jenis capaian tidak dikenal.' }),
  achievedOn: IsoDate,
  evidenceNumber: z.string().trim().max(100, 'Nomor bukti paling panjang 100 karakter.').nullish(),
  details: MilestoneDetailsInput.default({}),
});
export type CreateMilestoneInput = z.infer<typeof CreateMilestoneBody>;

/** The file variant: the evidence file is the raw body; the fields come in the query. */
export const MilestoneFileQuery = z.object({
  businessId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  kind: z.enum(MILESTONE_KINDS, { error: 'Jenis capaian tidak dikenal.' }),
  achievedOn: IsoDate,
  evidenceNumber: z.string().trim().max(100).optional(),
  channel: z.string().trim().max(120).optional(),
  lender: z.string().trim().max(160).optional(),
  amount: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  created: z.coerce.number().int().min(0).max(1_000_000).optional(),
  retained: z.coerce.number().int().min(0).max(1_000_000).optional(),
});
