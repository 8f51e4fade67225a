import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);

  await db.schema
    .createTable('owner')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('nik', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('kk', 'text')
    .addColumn('gender', 'text', (c) => c.notNull().check(sql`gender in ('L','P')`))
    .addColumn('birth_date', 'date', (c) => c.notNull())
    .addColumn('user_id', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('merged_into_id', 'bigint', (c) => c.references('owner.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index owner_name_trgm on owner using gin (name gin_trgm_ops)`.execute(db);
  await db.schema.createIndex('owner_phone_idx').on('owner').column('phone').execute();
  await db.schema.createIndex('owner_user_idx').on('owner').column('user_id').execute();

  await db.schema
    .createTable('business')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('owner_id', 'bigint', (c) => c.notNull().references('owner.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('sector', 'text', (c) => c.notNull())
    .addColumn('kbli', 'text', (c) => c.check(sql`kbli ~ '^[0-9]{5}$'`))
    .addColumn('address', 'text')
    .addColumn('kelurahan_code', 'text', (c) => c.notNull().references('area.code'))
    .addColumn('kecamatan_code', 'text', (c) => c.notNull())
    .addColumn('capital', 'bigint', (c) => c.check(sql`capital >= 0`))
    .addColumn('annual_sales', 'bigint', (c) => c.check(sql`annual_sales >= 0`))
    // PP 7/2021: by capital when known, else by annual sales; above medium a business is large.
    .addColumn('size_class', 'text', (c) =>
      c
        .generatedAlwaysAs(sql`case
        when capital is not null then case when capital <= 1000000000 then 'micro' when capital <= 5000000000 then 'small'
          when capital <= 10000000000 then 'medium' else 'large' end
        when annual_sales is not null then case when annual_sales <= 2000000000 then 'micro'
          when annual_sales <= 15000000000 then 'small' when annual_sales <= 50000000000 then 'medium' else 'large' end
        end`)
        .stored(),
    )
    .addColumn('employees', 'integer', (c) => c.check(sql`employees >= 0`))
    .addColumn('legality', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('online', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('baseline_omzet', 'bigint', (c) => c.check(sql`baseline_omzet >= 0`))
    .addColumn('mentor_id', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('archived_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('business_owner_name_key', ['owner_id', 'name_key'])
    .execute();
  await sql`create index business_kelurahan_idx on business (kelurahan_code text_pattern_ops)`.execute(db);
  await db.schema
    .createIndex('business_kecamatan_idx')
    .on('business')
    .columns(['kecamatan_code', 'sector'])
    .execute();
  await sql`create index business_name_trgm on business using gin (name gin_trgm_ops)`.execute(db);
  await db.schema.createIndex('business_mentor_idx').on('business').column('mentor_id').execute();
  await sql`create index business_legality_idx on business using gin (legality)`.execute(db);

  // Decline d = (baseline − turnover) / baseline × 100, classified exactly in integer arithmetic:
  // 0 no baseline, 1 grew (d ≤ 0), 2 0<d≤10 (recovered but below), 3 10<d<20, 4 20≤d<50, 5 50≤d<80, 6 d≥80.
  await sql`
    create function omzet_category(baseline bigint, amount bigint) returns smallint
    language sql immutable parallel safe as $$
      select case
        when baseline is null or baseline <= 0 then 0
        when amount >= baseline then 1
        when 10 * (baseline - amount) <= baseline then 2
        when 5 * (baseline - amount) < baseline then 3
        when 2 * (baseline - amount) < baseline then 4
        when 5 * (baseline - amount) < 4 * baseline then 5
        else 6 end::smallint
    $$`.execute(db);
  // The decline in tenths of a percent, for medians; growth beyond −1000 % is held at −1000 %.
  await sql`
    create function omzet_decline_x10(baseline bigint, amount bigint) returns integer
    language sql immutable parallel safe as $$
      select case when baseline is null or baseline <= 0 then null
        else greatest(-10000, round(1000.0 * (baseline - amount) / baseline))::integer end
    $$`.execute(db);

  await db.schema
    .createTable('omzet_report')
    // No foreign key to business: businesses are archived, never deleted, and every writer resolves the
    // id from the business table first; a per-row FK check would double the cost of a 1.8M-row import.
    .addColumn('business_id', 'bigint', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull().check(sql`period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`))
    .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount >= 0`))
    .addColumn('source', 'text', (c) =>
      c.notNull().check(sql`source in ('owner','mentor','officer','import')`),
    )
    .addColumn('category', 'smallint', (c) => c.notNull())
    .addColumn('decline_x10', 'integer')
    .addColumn('reported_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('omzet_report_pk', ['business_id', 'period'])
    .execute();

  // The maintained aggregate behind the recovery dashboard: per period, a histogram of declines
  // (tenths of a percent) by category, for the whole city, each kecamatan and each sector.
  await db.schema
    .createTable('omzet_stat')
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('dim', 'text', (c) => c.notNull().check(sql`dim in ('city','kecamatan','sector')`))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('category', 'smallint', (c) => c.notNull())
    .addColumn('bin', 'integer', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('omzet_stat_pk', ['period', 'dim', 'code', 'category', 'bin'])
    .execute();

  // The dashboard's figures per period, computed from the histogram once per change of that period:
  // every change to omzet_stat bumps the period's version (statement triggers), and figures carry the
  // version they were computed from.
  await db.schema
    .createTable('omzet_period')
    .addColumn('period', 'text', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('computed', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('omzet_figure')
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('dim', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('reporting', 'integer', (c) => c.notNull())
    .addColumn('no_baseline', 'integer', (c) => c.notNull())
    .addColumn('grew', 'integer', (c) => c.notNull())
    .addColumn('lt20', 'integer', (c) => c.notNull())
    .addColumn('d20_50', 'integer', (c) => c.notNull())
    .addColumn('d50_80', 'integer', (c) => c.notNull())
    .addColumn('gte80', 'integer', (c) => c.notNull())
    .addColumn('recovered', 'integer', (c) => c.notNull())
    .addColumn('median', 'float8')
    .addPrimaryKeyConstraint('omzet_figure_pk', ['period', 'dim', 'code'])
    .execute();
  await sql`
    create function omzet_period_touch() returns trigger language plpgsql as $$
    begin
      insert into omzet_period (period) select distinct period from changed
      on conflict (period) do update set version = omzet_period.version + 1;
      return null;
    end $$`.execute(db);
  for (const event of ['insert', 'update']) {
    await sql`
      create trigger ${sql.raw(`omzet_stat_${event}_touch`)} after ${sql.raw(event)} on omzet_stat
      referencing new table as changed for each statement execute function omzet_period_touch()`.execute(db);
  }
  await sql`
    create trigger omzet_stat_delete_touch after delete on omzet_stat
    referencing old table as changed for each statement execute function omzet_period_touch()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['omzet_figure', 'omzet_period', 'omzet_stat', 'omzet_report', 'business', 'owner'])
    await db.schema.dropTable(t).ifExists().execute();
  await sql`drop function if exists omzet_period_touch()`.execute(db);
  await sql`drop function if exists omzet_category(bigint, bigint)`.execute(db);
  await sql`drop function if exists omzet_decline_x10(bigint, bigint)`.execute(db);
}
