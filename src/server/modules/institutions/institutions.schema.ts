import { z } from 'zod';

export const InstitutionSchema = z
  .object({ id: z.number().int(), name: z.string(), mentors: z.number().int(), createdAt: z.string() })
  .meta({ id: 'Institution' });
export type InstitutionDto = z.infer<typeof InstitutionSchema>;

export const CreateInstitutionBody = z.strictObject({ name: z.string().trim().min(2).max(160) });
