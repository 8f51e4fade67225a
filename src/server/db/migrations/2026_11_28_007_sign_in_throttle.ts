import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
export async function up(db: Kysely<any>): Promise<void> {
  // Failed password guesses, counted in the database so that every server process sees the same counts:
  // per account (the address typed, lower-cased) and address of the guesser, and per address alone
  // (account ''). A row is locked while locked_until lies ahead.
  await db.schema
    .createTable('sign_in_throttle')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('account', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('last_failure_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('locked_until', 'timestamptz')
    .addUniqueConstraint('sign_in_throttle_account_ip_key', ['account', 'ip'])
    .execute();
  await db.schema
    .createIndex('sign_in_throttle_locked_until_idx')
    .on('sign_in_throttle')
    .column('locked_until')
    .execute();
  // Sweeping expired sessions reads them by expiry.
  await db.schema.createIndex('session_expires_at_idx').on('session').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('session_expires_at_idx').ifExists().execute();
  await db.schema.dropTable('sign_in_throttle').ifExists().execute();
}
