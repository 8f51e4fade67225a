import type { Generated, Selectable } from 'kysely';

/** Failed password guesses per (account, address) and per address alone (account ''). */
export interface SignInThrottleTable {
  id: Generated<number>;
  account: string;
  ip: string;
  failures: number;
  last_failure_at: Generated<Date>;
  locked_until: Date | null;
}
export type SignInThrottleRow = Selectable<SignInThrottleTable>;
