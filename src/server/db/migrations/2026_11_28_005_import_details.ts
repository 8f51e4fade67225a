import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
export async function up(db: Kysely<any>): Promise<void> {
  // An import's summary is a contract whose keys offices' scripts read in the documented order
  // ({"total","created","updated","rejected","reasons"}; the aid intake's {"total","eligible",…}).
  // jsonb reorders keys by length; json keeps the text as written.
  await sql`alter table import_job alter column summary type json using summary::json`.execute(db);
  // A row an import did not take may have a state besides its reasons (the aid intake's invalid,
  // duplicate or ineligible); registry imports leave it empty.
  await db.schema.alterTable('import_rejection').addColumn('state', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('import_rejection').dropColumn('state').execute();
  await sql`alter table import_job alter column summary type jsonb using summary::jsonb`.execute(db);
}
