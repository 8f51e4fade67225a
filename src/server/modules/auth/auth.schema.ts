import { z } from 'zod';
import { ROLES } from '../../../shared/roles.ts';
import { PASSWORD_MIN_LENGTH } from './password.ts';

export const LoginBody = z.strictObject({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(256),
});

export const ChangePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(PASSWORD_MIN_LENGTH).max(256),
});

export const MeSchema = z
  .object({
    id: z.number().int(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    areaCode: z.string().nullable(),
    areaName: z.string().nullable(),
    institutionId: z.number().int().nullable(),
    institutionName: z.string().nullable(),
    mustChangePassword: z.boolean(),
    consentRequired: z
      .boolean()
      .describe('A business owner who must first agree to the personal-data consent (GET /me/consent)'),
  })
  .meta({ id: 'Me' });
