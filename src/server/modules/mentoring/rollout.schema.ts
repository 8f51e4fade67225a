import { z } from 'zod';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const month = (field: string) =>
  z
    .string({ error: `${field} wajib diisi (YYYY-MM).` })
    .regex(MONTH, { error: `${field} harus berbentuk YYYY-MM, misalnya 2027-06.` });

/** A kelurahan's rollout target as the office sets it (one kelurahan, or every kelurahan of a kecamatan). */
export const RolloutBody = z.strictObject({
  targetBusinesses: z
    .number({ error: 'Target usaha harus berupa angka.' })
    .int({ error: 'Target usaha harus bilangan bulat.' })
    .min(1, { error: 'Target usaha harus lebih dari 0.' })
    .max(100_000, { error: 'Target usaha paling banyak 100.000.' })
    .describe('Businesses to reach in the kelurahan'),
  targetMonth: month('Bulan target').describe('By the end of this month (YYYY-MM)'),
  startMonth: month('Bulan mulai')
    .optional()
    .describe(
      'Linear progress is expected from the start of this month (YYYY-MM); default: the month already set, else this month',
    ),
});
export type RolloutInput = z.infer<typeof RolloutBody>;

export const AreaParams = z.object({ code: z.string().max(20) });

export const RolloutTargetSchema = z
  .object({
    kelurahanCode: z.string(),
    kelurahanName: z.string(),
    targetBusinesses: z.number().int(),
    targetMonth: z.string(),
    startMonth: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'RolloutTarget' });
export type RolloutTargetDto = z.infer<typeof RolloutTargetSchema>;

export const KecamatanRolloutSchema = z
  .object({ kecamatanCode: z.string(), targets: z.array(RolloutTargetSchema) })
  .meta({ id: 'KecamatanRollout' });
