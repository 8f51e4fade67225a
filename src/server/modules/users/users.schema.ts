import { z } from 'zod';
import { ROLES } from '../../../shared/roles.ts';
import { PageQuery, pageOf } from '../../http/pagination.ts';
import { PASSWORD_MIN_LENGTH } from '../auth/password.ts';

export const UserSchema = z
  .object({
    id: z.number().int(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    areaCode: z.string().nullable(),
    areaName: z.string().nullable(),
    institutionId: z.number().int().nullable(),
    institutionName: z.string().nullable(),
    disabled: z.boolean(),
    mustChangePassword: z.boolean(),
    lastLoginAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'User' });
export type UserDto = z.infer<typeof UserSchema>;

export const CreateUserBody = z.strictObject({
  email: z.email().max(254),
  name: z.string().trim().min(2).max(120),
  role: z.enum(ROLES),
  areaCode: z
    .string()
    .trim()
    .max(16)
    .nullish()
    .describe('Required for area_officer: a kecamatan or kelurahan code'),
  institutionId: z.number().int().positive().nullish().describe('Required for institution_admin and mentor'),
  password: z
    .string()
    .min(PASSWORD_MIN_LENGTH)
    .max(256)
    .optional()
    .describe('Omit to generate a one-time password that must be changed at first sign-in'),
});
export type CreateUserInput = z.infer<typeof CreateUserBody>;

export const UpdateUserBody = z.strictObject({
  name: z.string().trim().min(2).max(120).optional(),
  role: z.enum(ROLES).optional(),
  areaCode: z.string().trim().max(16).nullish(),
  institutionId: z.number().int().positive().nullish(),
  disabled: z.boolean().optional(),
});
export type UpdateUserInput = z.infer<typeof UpdateUserBody>;

export const CreatedUserSchema = z.object({
  user: UserSchema,
  oneTimePassword: z.string().optional().describe('Shown once; the user must change it at first sign-in'),
});

export const UserQuery = PageQuery.extend({
  role: z.enum(ROLES).optional(),
  q: z.string().max(100).optional(),
  status: z.enum(['active', 'disabled']).optional(),
});

export const UserPage = pageOf(UserSchema);
export const UserIdParam = z.object({ id: z.coerce.number().int().positive() });
export const OneTimePasswordSchema = z.object({ oneTimePassword: z.string() });

export const MentorOptionSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  institutionName: z.string().nullable(),
});
