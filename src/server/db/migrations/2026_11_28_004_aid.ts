import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('aid_program')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique().check(sql`code ~ '^[A-Z0-9][A-Z0-9_-]{1,31}$'`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount > 0`))
    .addColumn('area_code', 'text', (c) => c.notNull().references('area.code'))
    .addColumn('intake_start', 'date')
    .addColumn('intake_end', 'date')
    .addColumn('review_end', 'date')
    .addColumn('verification_end', 'date')
    .addColumn('submission_end', 'date')
    .addColumn('criteria', 'jsonb', (c) =>
      c.notNull().defaultTo(sql`'{"occupation":true,"kur":true,"micro":true,"area":true}'::jsonb`),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // A submission to the ministry: approved proposals, exported in the ministry's layout.
  await db.schema
    .createTable('aid_batch')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('program_id', 'bigint', (c) => c.notNull().references('aid_program.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('kecamatan_code', 'text')
    .addColumn('proposals', 'integer', (c) => c.notNull())
    .addColumn('total_amount', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('created_by_label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('aid_batch_program_number_key', ['program_id', 'number'])
    .execute();

  // One per NIK per program (the unique index is the guarantee): eligible ones travel the ladder,
  // ineligible ones stay as they were decided, with their reasons. Foreign keys only to the program and the
  // registry: the area code is checked against the area data before a row gets here, and the batch and job
  // are written by this module in the same transaction; a per-row check of each would cost a 76,000-row
  // import seconds.
  await db.schema
    .createTable('aid_proposal')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('program_id', 'bigint', (c) => c.notNull().references('aid_program.id'))
    .addColumn('nik', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'bigint', (c) => c.notNull().references('owner.id'))
    .addColumn('business_id', 'bigint', (c) => c.references('business.id'))
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`state in ('ineligible','submitted','verified_kelurahan','verified_kecamatan','approved','sent','disbursed','rejected','rejected_by_ministry')`,
        ),
    )
    .addColumn('eligible', 'boolean', (c) => c.notNull())
    .addColumn('reasons', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('warnings', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kk', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('business_field', 'text', (c) => c.notNull())
    .addColumn('occupation', 'text', (c) => c.notNull())
    .addColumn('receives_kur', 'boolean', (c) => c.notNull())
    .addColumn('nib', 'text')
    .addColumn('capital', 'bigint', (c) => c.check(sql`capital >= 0`))
    .addColumn('annual_sales', 'bigint', (c) => c.check(sql`annual_sales >= 0`))
    .addColumn('kelurahan_code', 'text', (c) => c.notNull())
    .addColumn('kecamatan_code', 'text', (c) => c.notNull())
    .addColumn('ktp_kelurahan_code', 'text')
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('batch_id', 'bigint')
    .addColumn('job_id', 'bigint')
    .addColumn('last_note', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('aid_proposal_program_nik_key', ['program_id', 'nik'])
    .execute();
  await db.schema
    .createIndex('aid_proposal_state_idx')
    .on('aid_proposal')
    .columns(['program_id', 'state'])
    .execute();
  await sql`create index aid_proposal_kelurahan_idx on aid_proposal (program_id, kelurahan_code text_pattern_ops)`.execute(
    db,
  );
  await sql`create index aid_proposal_batch_idx on aid_proposal (batch_id) where batch_id is not null`.execute(
    db,
  );

  // Every row that came in, by file or by hand, with the state it was given: nothing is lost. An append-only
  // record written only by the import and the entry form, in the same transaction as what it points to; like
  // omzet_report it has no foreign keys, whose per-row checks would double the cost of a large import.
  await db.schema
    .createTable('aid_intake_row')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('program_id', 'bigint', (c) => c.notNull())
    .addColumn('job_id', 'bigint')
    .addColumn('row_number', 'integer')
    .addColumn('state', 'text', (c) =>
      c.notNull().check(sql`state in ('invalid','duplicate','ineligible','eligible')`),
    )
    .addColumn('reasons', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('warnings', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('message', 'text')
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('nik', 'text')
    .addColumn('first_row_id', 'bigint')
    .addColumn('proposal_id', 'bigint')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('aid_intake_row_job_row_key', ['job_id', 'row_number'])
    .execute();
  await db.schema
    .createIndex('aid_intake_row_program_idx')
    .on('aid_intake_row')
    .columns(['program_id', 'state'])
    .execute();
  // The row that made a proposal (state eligible or ineligible) and the duplicates that point at it.
  await db.schema
    .createIndex('aid_intake_row_proposal_idx')
    .on('aid_intake_row')
    .column('proposal_id')
    .execute();

  await db.schema
    .createTable('aid_attachment')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('proposal_id', 'bigint', (c) => c.notNull().references('aid_proposal.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('storage_path', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('uploaded_by_label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('aid_attachment_proposal_idx')
    .on('aid_attachment')
    .column('proposal_id')
    .execute();

  // Who moved a proposal from which state to which, when and why.
  await db.schema
    .createTable('aid_transition')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('proposal_id', 'bigint', (c) => c.notNull().references('aid_proposal.id'))
    .addColumn('from_state', 'text', (c) => c.notNull())
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('note', 'text')
    .addColumn('attachment_id', 'bigint', (c) => c.references('aid_attachment.id'))
    .addColumn('batch_id', 'bigint', (c) => c.references('aid_batch.id'))
    .addColumn('job_id', 'bigint', (c) => c.references('import_job.id'))
    .execute();
  await db.schema
    .createIndex('aid_transition_proposal_idx')
    .on('aid_transition')
    .columns(['proposal_id', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'aid_transition',
    'aid_attachment',
    'aid_intake_row',
    'aid_proposal',
    'aid_batch',
    'aid_program',
  ])
    await db.schema.dropTable(t).ifExists().execute();
}
