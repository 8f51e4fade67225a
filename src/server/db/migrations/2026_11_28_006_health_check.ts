import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
export async function up(db: Kysely<any>): Promise<void> {
  // One row that the health check writes (and commits) every few seconds: a database that answers
  // reads but refuses writes (read-only, a full disk) is reported as unhealthy.
  await db.schema
    .createTable('health_check')
    .addColumn('id', 'smallint', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('checked_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('health_check').ifExists().execute();
}
