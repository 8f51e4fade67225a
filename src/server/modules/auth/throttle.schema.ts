import { z } from 'zod';
import { PageQuery, pageOf } from '../../http/pagination.ts';

export const SignInLockSchema = z
  .object({
    id: z.number().int(),
    account: z
      .string()
      .nullable()
      .describe('The account guessed at (as typed); null: every account from `ip`'),
    ip: z.string().describe('The address the guesses came from'),
    failures: z.number().int().describe('Wrong passwords counted'),
    lastFailureAt: z.string(),
    lockedUntil: z.string().nullable(),
  })
  .meta({ id: 'SignInLock' });
export type SignInLockDto = z.infer<typeof SignInLockSchema>;

export const SignInLockQuery = PageQuery;
export const SignInLockPage = pageOf(SignInLockSchema);
export const SignInLockIdParam = z.object({ id: z.coerce.number().int().positive() });
