import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
export async function up(db: Kysely<any>): Promise<void> {
  // An ineligible applicant who is not in the registry stays out of it: their proposal keeps the NIK and
  // the typed-in details, and links to no owner.
  await sql`alter table aid_proposal alter column owner_id drop not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table aid_proposal alter column owner_id set not null`.execute(db);
}
