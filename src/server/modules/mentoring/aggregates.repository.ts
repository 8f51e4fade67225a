import { sql } from 'kysely';
import type { Executor } from '../audit/audit.repository.ts';

/**
 * Recomputes every maintained aggregate of the coverage board and the outcomes from the source tables
 * (decision 0022): a repair after writing to the tables with their triggers disabled. Every write path keeps
 * them exact by itself.
 */
export async function rebuildAggregates(db: Executor) {
  await sql`select agg_rebuild()`.execute(db);
}
