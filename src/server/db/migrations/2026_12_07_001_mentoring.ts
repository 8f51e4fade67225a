import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here. The model is decision 0013.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('institution')
    .addColumn('type', 'text', (c) =>
      c
        .notNull()
        .defaultTo('ngo')
        .check(sql`type in ('government','ngo','university','association','company')`),
    )
    .addColumn('contact_name', 'text')
    .addColumn('phone', 'text')
    .addColumn('address', 'text')
    .addColumn('kelurahan_code', 'text', (c) => c.references('area.code'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('mentor_profile')
    .addColumn('user_id', 'bigint', (c) => c.primaryKey().references('app_user.id').onDelete('cascade'))
    .addColumn('phone', 'text')
    .addColumn('expertise', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('caseload_cap', 'integer', (c) => c.notNull().defaultTo(25).check(sql`caseload_cap > 0`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('mentor_area')
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('kelurahan_code', 'text', (c) => c.notNull().references('area.code'))
    .addPrimaryKeyConstraint('mentor_area_pkey', ['user_id', 'kelurahan_code'])
    .execute();
  await db.schema
    .createIndex('mentor_area_kelurahan_idx')
    .on('mentor_area')
    .column('kelurahan_code')
    .execute();

  await db.schema
    .createTable('mentor_certificate')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('scheme', 'text', (c) => c.notNull())
    .addColumn('lsp', 'text', (c) => c.notNull())
    .addColumn('issued_on', 'date', (c) => c.notNull())
    .addColumn('expires_on', 'date', (c) => c.notNull())
    .addColumn('scan_path', 'text')
    .addColumn('scan_type', 'text', (c) =>
      c.check(sql`scan_type in ('application/pdf','image/jpeg','image/png')`),
    )
    .addColumn('scan_bytes', 'integer')
    .addColumn('recorded_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('mentor_certificate_dates_check', sql`expires_on >= issued_on`)
    .addUniqueConstraint('mentor_certificate_user_number_key', ['user_id', 'number'])
    .execute();
  await db.schema
    .createIndex('mentor_certificate_user_idx')
    .on('mentor_certificate')
    .columns(['user_id', 'expires_on'])
    .execute();

  await db.schema
    .createTable('mentoring_case')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('business_id', 'bigint', (c) => c.notNull().references('business.id'))
    .addColumn('mentor_id', 'bigint', (c) => c.notNull().references('app_user.id'))
    .addColumn('opened_on', 'date', (c) => c.notNull())
    .addColumn('closed_on', 'date')
    .addColumn('outcome', 'text', (c) =>
      c.check(sql`outcome in ('goals_met','partly_met','stopped_by_owner','unreachable','moved_or_closed')`),
    )
    .addColumn('outcome_note', 'text')
    .addColumn('opened_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'mentoring_case_closed_check',
      sql`(closed_on is null and outcome is null) or (closed_on is not null and outcome is not null and closed_on >= opened_on)`,
    )
    .execute();
  // At most one open case per business, kept by the database: two officers assigning at once cannot both win.
  await sql`create unique index mentoring_case_one_open_idx on mentoring_case (business_id) where closed_on is null`.execute(
    db,
  );
  await sql`create index mentoring_case_mentor_open_idx on mentoring_case (mentor_id) where closed_on is null`.execute(
    db,
  );
  await db.schema
    .createIndex('mentoring_case_business_idx')
    .on('mentoring_case')
    .column('business_id')
    .execute();
  await db.schema.createIndex('mentoring_case_mentor_idx').on('mentoring_case').column('mentor_id').execute();

  // Who held a case when: a transfer closes one row and opens the next; history is never overwritten.
  await db.schema
    .createTable('case_assignment')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('case_id', 'bigint', (c) => c.notNull().references('mentoring_case.id').onDelete('cascade'))
    .addColumn('mentor_id', 'bigint', (c) => c.notNull().references('app_user.id'))
    .addColumn('from_on', 'date', (c) => c.notNull())
    .addColumn('to_on', 'date')
    .addColumn('reason', 'text')
    .addColumn('assigned_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('case_assignment_case_idx').on('case_assignment').column('case_id').execute();

  await db.schema
    .createTable('mentoring_session')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.unique())
    .addColumn('idempotency_key', 'text', (c) => c.unique())
    .addColumn('held_on', 'date', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull().check(sql`mode in ('kunjungan','daring','kelompok')`))
    .addColumn('mentor_id', 'bigint', (c) => c.notNull().references('app_user.id'))
    .addColumn('prep_minutes', 'integer', (c) => c.notNull().check(sql`prep_minutes >= 0`))
    .addColumn('contact_minutes', 'integer', (c) => c.notNull().check(sql`contact_minutes >= 0`))
    .addColumn('topics', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('problems', 'text')
    .addColumn('notes', 'text')
    .addColumn('businesses', 'integer', (c) => c.notNull().defaultTo(1).check(sql`businesses > 0`))
    .addColumn('job_id', 'bigint')
    .addColumn('created_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('mentoring_session_mentor_idx')
    .on('mentoring_session')
    .columns(['mentor_id', 'held_on'])
    .execute();
  await db.schema
    .createIndex('mentoring_session_held_idx')
    .on('mentoring_session')
    .column('held_on')
    .execute();

  // One row per business of a session; `businesses` on the session is their count (n of the SBDC rule).
  await db.schema
    .createTable('session_business')
    .addColumn('session_id', 'bigint', (c) =>
      c.notNull().references('mentoring_session.id').onDelete('cascade'),
    )
    .addColumn('business_id', 'bigint', (c) => c.notNull().references('business.id'))
    .addColumn('case_id', 'bigint', (c) => c.notNull().references('mentoring_case.id'))
    .addPrimaryKeyConstraint('session_business_pkey', ['session_id', 'business_id'])
    .execute();
  await db.schema
    .createIndex('session_business_business_idx')
    .on('session_business')
    .column('business_id')
    .execute();
  await db.schema.createIndex('session_business_case_idx').on('session_business').column('case_id').execute();

  await db.schema
    .createTable('session_photo')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('session_id', 'bigint', (c) =>
      c.notNull().references('mentoring_session.id').onDelete('cascade'),
    )
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('session_photo_session_idx').on('session_photo').column('session_id').execute();

  await db.schema
    .createTable('action_item')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('session_id', 'bigint', (c) =>
      c.notNull().references('mentoring_session.id').onDelete('cascade'),
    )
    .addColumn('business_id', 'bigint', (c) => c.notNull().references('business.id'))
    .addColumn('what', 'text', (c) => c.notNull())
    .addColumn('owner_side', 'text', (c) => c.notNull().check(sql`owner_side in ('mentor','owner')`))
    .addColumn('due_on', 'date')
    .addColumn('done_at', 'timestamptz')
    .addColumn('done_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('action_item_business_idx').on('action_item').column('business_id').execute();
  await db.schema.createIndex('action_item_session_idx').on('action_item').column('session_id').execute();

  await db.schema
    .createTable('milestone')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('business_id', 'bigint', (c) => c.notNull().references('business.id'))
    .addColumn('case_id', 'bigint', (c) => c.references('mentoring_case.id'))
    .addColumn('kind', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`kind in ('nib','pirt','halal','bpom','hki','cooperative','online_sales','capital_access','jobs')`,
        ),
    )
    .addColumn('achieved_on', 'date', (c) => c.notNull())
    .addColumn('evidence_number', 'text')
    .addColumn('evidence_file', 'text')
    .addColumn('evidence_type', 'text')
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('verified_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('owner_confirmed_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('milestone_business_idx').on('milestone').column('business_id').execute();
  await db.schema.createIndex('milestone_achieved_idx').on('milestone').column('achieved_on').execute();

  await db.schema
    .createTable('owner_consent')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('text_version', 'text', (c) => c.notNull())
    .addColumn('agreed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('ip', 'text')
    .addUniqueConstraint('owner_consent_user_version_key', ['user_id', 'text_version'])
    .execute();

  await db.schema
    .createTable('rollout_target')
    .addColumn('kelurahan_code', 'text', (c) => c.primaryKey().references('area.code'))
    .addColumn('target_businesses', 'integer', (c) => c.notNull().check(sql`target_businesses > 0`))
    .addColumn('target_month', 'text', (c) =>
      c.notNull().check(sql`target_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`),
    )
    .addColumn('updated_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // The SBDC time rule in one place: each business of a session is credited the contact minutes plus an
  // equal share of the preparation. `credited_x_n` is that credit times n, exact in integers.
  await sql`
    create view session_credit as
    select sb.session_id, sb.business_id, sb.case_id, s.mentor_id, s.held_on, s.mode,
           s.prep_minutes, s.contact_minutes, s.businesses as n,
           s.contact_minutes * s.businesses + s.prep_minutes as credited_x_n,
           s.contact_minutes::numeric + s.prep_minutes::numeric / s.businesses as credited_minutes
    from session_business sb join mentoring_session s on s.id = sb.session_id
  `.execute(db);
}
