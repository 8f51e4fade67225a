import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
// The rollout plan's start: from this month the businesses reached are expected to grow linearly to the target
// by the end of the target month (decision 0016). Rows set before it existed start in the month they were set.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('rollout_target')
    .addColumn('start_month', 'text', (c) =>
      c
        .notNull()
        .defaultTo(sql`to_char(now(), 'YYYY-MM')`)
        .check(sql`start_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`),
    )
    .execute();
  await sql`update rollout_target set start_month = least(to_char(updated_at, 'YYYY-MM'), target_month)`.execute(
    db,
  );
  await db.schema
    .alterTable('rollout_target')
    .addCheckConstraint('rollout_target_months_check', sql`start_month <= target_month`)
    .execute();
}
