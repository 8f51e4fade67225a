import type { Kysely } from 'kysely';

// Frozen in time: never import application code here.
export async function up(db: Kysely<any>): Promise<void> {
  // Separation of duties on the verification ladder: one person does one level of a proposal. A program
  // may allow one officer both levels (a kecamatan with a single officer), set by the office.
  await db.schema
    .alterTable('aid_program')
    .addColumn('same_verifier_allowed', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('aid_program').dropColumn('same_verifier_allowed').execute();
}
