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
  // Who entered a report: users are disabled, never deleted, and every writer takes the id from the
  // signed-in session. A per-row check of the key cost 6.7 s of a 1.8M-row import (measured), for
  // one value repeated on every row; the import job and the audit log name the person as well.
  await sql`alter table omzet_report drop constraint if exists omzet_report_reported_by_fkey`.execute(db);

  // The registry list at 76,000+ businesses: its default order (name, then id) read from an index,
  // however deep the page. (An index on omzet_report by period and category would make the
  // decline-bucket filter 6× faster but the 1.8M-report import 10 s slower: left out, BENCHMARKS.md.)
  await sql`create index business_name_sort_idx on business (name_key, id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists business_name_sort_idx`.execute(db);
  await sql`alter table omzet_report add constraint omzet_report_reported_by_fkey foreign key (reported_by) references app_user (id)`.execute(
    db,
  );
  await db.schema.alterTable('import_rejection').dropColumn('state').execute();
  await sql`alter table import_job alter column summary type jsonb using summary::jsonb`.execute(db);
}
