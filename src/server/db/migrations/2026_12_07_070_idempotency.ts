import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
export async function up(db: Kysely<any>): Promise<void> {
  // A write sent with an Idempotency-Key header, kept so that the same write sent again (a phone that lost the
  // answer, a queue resent after a reload) returns the first answer instead of writing twice. A row without a
  // status is a write still in progress.
  await db.schema
    .createTable('idempotent_request')
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('route', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('status', 'integer')
    .addColumn('response_body', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('idempotent_request_pkey', ['user_id', 'key'])
    .execute();
  await db.schema
    .createIndex('idempotent_request_created_at_idx')
    .on('idempotent_request')
    .column('created_at')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('idempotent_request').execute();
}
