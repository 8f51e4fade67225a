import type { Migration } from 'kysely/migration';
import * as m001 from './2026_11_28_001_foundation.ts';

/** Every migration, in order. Names sort by date; add new ones at the end. */
export const migrations: Record<string, Migration> = {
  '2026_11_28_001_foundation': m001,
};
