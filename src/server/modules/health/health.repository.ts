import { sql } from 'kysely';
import type { DB } from '../../db/database.ts';

/** Round trip that reads nothing: is the database there at all. */
export async function ping(db: DB) {
  await sql`select 1`.execute(db);
}

/** A real, committed write (and WAL flush): fails on a read-only database or one that cannot write. */
export async function touchHealthCheck(db: DB) {
  await db
    .insertInto('health_check')
    .values({ id: 1, checked_at: new Date() })
    .onConflict((oc) => oc.column('id').doUpdateSet({ checked_at: (eb) => eb.ref('excluded.checked_at') }))
    .execute();
}
