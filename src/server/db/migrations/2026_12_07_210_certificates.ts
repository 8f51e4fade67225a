import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here. The model is decision 0021.
export async function up(db: Kysely<any>): Promise<void> {
  // The running part of a certificate's number (BKT/2026/000123): one sequence, so two issuers at once
  // never draw the same number.
  await sql`create sequence certificate_number_seq`.execute(db);

  await db.schema
    .createTable('certificate')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    // What the verification URL carries: 20 symbols of a 32-letter alphabet (100 bits), random.
    .addColumn('code', 'text', (c) => c.notNull().unique().check(sql`code ~ '^[2-9A-HJ-NP-Z]{20}$'`))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('event_attendance','mentor_competency')`),
    )
    .addColumn('holder_name', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('issued_on', 'date', (c) => c.notNull())
    .addColumn('valid_until', 'date')
    // The issuer: null is the office (Dinas), otherwise an institution; its name is kept as printed.
    .addColumn('issuer_institution_id', 'bigint', (c) => c.references('institution.id'))
    .addColumn('issuer_name', 'text', (c) => c.notNull())
    .addColumn('signatory_name', 'text', (c) => c.notNull())
    .addColumn('signatory_position', 'text', (c) => c.notNull())
    .addColumn('event_id', 'bigint', (c) => c.references('event.id'))
    // One certificate per attendance: re-issuing an event adds only the attendees still without one.
    .addColumn('event_registration_id', 'bigint', (c) => c.unique().references('event_registration.id'))
    .addColumn('mentor_id', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('issued_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('revoked_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('revoked_reason', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'certificate_link_check',
      sql`case kind
            when 'event_attendance' then event_registration_id is not null and event_id is not null
              and mentor_id is null
            else mentor_id is not null and event_registration_id is null and event_id is null end`,
    )
    .addCheckConstraint('certificate_dates_check', sql`valid_until is null or valid_until >= issued_on`)
    .addCheckConstraint('certificate_revoked_check', sql`(revoked_at is null) = (revoked_reason is null)`)
    .execute();
  await db.schema.createIndex('certificate_event_idx').on('certificate').column('event_id').execute();
  await db.schema.createIndex('certificate_mentor_idx').on('certificate').column('mentor_id').execute();
  await db.schema
    .createIndex('certificate_issuer_idx')
    .on('certificate')
    .columns(['issuer_institution_id', 'id'])
    .execute();
}
