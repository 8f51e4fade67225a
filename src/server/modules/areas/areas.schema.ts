import { z } from 'zod';

export const AreaSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    level: z.enum(['province', 'regency', 'district', 'village']),
    parentCode: z.string().nullable(),
    children: z.number().int().optional().describe('Number of child areas visible to the caller'),
  })
  .meta({ id: 'Area' });
export type AreaDto = z.infer<typeof AreaSchema>;

export const AreaLookupSchema = AreaSchema.extend({ ancestors: z.array(AreaSchema) });

export const AreaCodeParam = z.object({
  code: z.string().min(2).max(16).describe('Area code, dotted (36.71.05) or plain digits (367105)'),
});
