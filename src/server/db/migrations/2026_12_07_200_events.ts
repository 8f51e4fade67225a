import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here. The model is decision 0020.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('event')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) =>
      c.notNull().check(sql`type in ('webinar','training','workshop','expo')`),
    )
    // The organizer: null is the office (Dinas), otherwise an institution.
    .addColumn('institution_id', 'bigint', (c) => c.references('institution.id'))
    .addColumn('speakers', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('host', 'text')
    // The mentor who leads the event's group session in mentoring; without one, no session is recorded.
    .addColumn('host_mentor_id', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
    .addColumn('venue', 'text')
    .addColumn('online_url', 'text')
    .addColumn('capacity', 'integer', (c) => c.check(sql`capacity > 0`))
    .addColumn('registration_deadline', 'timestamptz')
    .addColumn('audience', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{public}'`))
    .addColumn('topics', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('banner_path', 'text')
    .addColumn('banner_type', 'text', (c) => c.check(sql`banner_type in ('image/jpeg','image/png')`))
    .addColumn('state', 'text', (c) =>
      c.notNull().defaultTo('draft').check(sql`state in ('draft','published','cancelled')`),
    )
    .addColumn('published_at', 'timestamptz')
    // The group session recorded for the attendees (one per event, rewritten in place, never duplicated).
    .addColumn('session_id', 'bigint', (c) =>
      c.unique().references('mentoring_session.id').onDelete('set null'),
    )
    .addColumn('created_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('event_dates_check', sql`ends_at > starts_at`)
    .addCheckConstraint(
      'event_audience_check',
      sql`audience <@ array['business','mentor','public']::text[] and cardinality(audience) > 0`,
    )
    .execute();
  await db.schema.createIndex('event_starts_idx').on('event').columns(['state', 'starts_at']).execute();
  await db.schema.createIndex('event_institution_idx').on('event').column('institution_id').execute();

  await db.schema
    .createTable('event_registration')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('event_id', 'bigint', (c) => c.notNull().references('event.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    // Normalised to 08…; one active registration per phone and event (index below).
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('business_name', 'text')
    // The registry match: proposed by phone, NIK or the signed-in owner's account; staff confirm it.
    // The NIK itself is used for the match and not kept here.
    .addColumn('business_id', 'bigint', (c) => c.references('business.id'))
    .addColumn('business_match', 'text', (c) =>
      c.check(sql`business_match in ('phone','nik','account','staff')`),
    )
    .addColumn('business_confirmed_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('business_confirmed_at', 'timestamptz')
    .addColumn('user_id', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('registered','waitlisted','cancelled')`),
    )
    // Waitlist order: earliest first; set when the registration joined the waitlist.
    .addColumn('waitlisted_at', 'timestamptz')
    .addColumn('promoted_at', 'timestamptz')
    .addColumn('cancelled_at', 'timestamptz')
    // The attendee's private link (≥ 128 bits) and the code in the QR (≥ 80 bits); both random, both unique.
    .addColumn('token', 'text', (c) => c.notNull().unique())
    .addColumn('checkin_code', 'text', (c) => c.notNull().unique())
    .addColumn('checked_in_at', 'timestamptz')
    .addColumn('checked_in_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('attendance_source', 'text', (c) =>
      c.check(sql`attendance_source in ('scan','list','upload')`),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'event_registration_token_check',
      sql`length(token) >= 22 and length(checkin_code) >= 16`,
    )
    .addCheckConstraint(
      'event_registration_checkin_check',
      sql`(checked_in_at is null) = (attendance_source is null) and (checked_in_at is null or status = 'registered')`,
    )
    .addCheckConstraint(
      'event_registration_waitlist_check',
      sql`status <> 'waitlisted' or waitlisted_at is not null`,
    )
    .execute();
  await sql`create unique index event_registration_active_phone_idx on event_registration (event_id, phone) where status <> 'cancelled'`.execute(
    db,
  );
  await db.schema
    .createIndex('event_registration_event_idx')
    .on('event_registration')
    .columns(['event_id', 'status'])
    .execute();
  await db.schema
    .createIndex('event_registration_business_idx')
    .on('event_registration')
    .column('business_id')
    .execute();
  await db.schema
    .createIndex('event_registration_user_idx')
    .on('event_registration')
    .column('user_id')
    .execute();
  await sql`create index event_registration_name_trgm on event_registration using gin (name gin_trgm_ops)`.execute(
    db,
  );

  // An online event's attendance report (a webinar tool's CSV/XLSX), held for review before it counts.
  await db.schema
    .createTable('attendance_upload')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('event_id', 'bigint', (c) => c.notNull().references('event.id').onDelete('cascade'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('review').check(sql`status in ('review','applied','discarded')`),
    )
    .addColumn('rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('decided_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('decided_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('attendance_upload_event_idx')
    .on('attendance_upload')
    .column('event_id')
    .execute();

  await db.schema
    .createTable('attendance_upload_row')
    .addColumn('upload_id', 'bigint', (c) =>
      c.notNull().references('attendance_upload.id').onDelete('cascade'),
    )
    .addColumn('row_number', 'integer', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('registration_id', 'bigint', (c) => c.references('event_registration.id'))
    .addColumn('match_kind', 'text', (c) =>
      c.notNull().check(sql`match_kind in ('phone','email','name','none')`),
    )
    .addColumn('similarity', 'real')
    // Exact matches (phone, email) start accepted; name matches wait for a person to accept them.
    .addColumn('accepted', 'boolean', (c) => c.notNull().defaultTo(false))
    .addPrimaryKeyConstraint('attendance_upload_row_pkey', ['upload_id', 'row_number'])
    .addCheckConstraint(
      'attendance_upload_row_match_check',
      sql`(match_kind = 'none') = (registration_id is null) and (not accepted or registration_id is not null)`,
    )
    .execute();
}
