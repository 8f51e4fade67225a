import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
//
// Maintained aggregates for the coverage board and the outcomes comparison (decision 0017), kept exact by
// statement-level triggers with transition tables on the tables they are computed from: whatever writes a
// business, a case, a session, a session's businesses or a turnover report (a route, an import's COPY or
// MERGE, a repair by hand) keeps them in step in the same transaction, one statement per written batch.
//
// - agg_kelurahan: registered businesses (not archived) per kelurahan.
// - agg_case_pair: per business (not archived) and mentor, the open cases (0 or 1) of the mentor there: the
//   businesses reached and with an open case, and the mentors with an open case, per kelurahan.
// - agg_session_area: per session and kelurahan of its businesses, the session's mentor and date: the
//   window's sessions (and their mentors) per kelurahan read by date, distinct per kecamatan row.
// - agg_business_session: per business, the date of its first session (of anyone).
// - agg_stratum: per month × kecamatan × kelurahan × sector × mentored-or-not, the turnover reports of
//   businesses not archived; mentored = the business's first session falls on or before the month's end.

/** The statement that adds (`sign` 1) or takes away (−1) the contributions of `rows` to agg_stratum. */
const stratumDelta = (rows: string) => `
  insert into agg_stratum as a (period, kecamatan_code, kelurahan_code, sector, mentored,
                                reports, measured, recovered, no_baseline)
  select d.period, d.kecamatan_code, d.kelurahan_code, d.sector, d.mentored,
         sum(d.sign), coalesce(sum(d.sign) filter (where d.category > 0), 0),
         coalesce(sum(d.sign) filter (where d.category in (1, 2)), 0),
         coalesce(sum(d.sign) filter (where d.category = 0), 0)
  from (${rows}) d
  group by 1, 2, 3, 4, 5
  on conflict (period, kecamatan_code, kelurahan_code, sector, mentored) do update
    set reports = a.reports + excluded.reports,
        measured = a.measured + excluded.measured,
        recovered = a.recovered + excluded.recovered,
        no_baseline = a.no_baseline + excluded.no_baseline`;

/** Reports of `reports` (business_id, period, category) with the current business and first session. */
const reportRows = (reports: string, sign: number) => `
  select r.period, b.kecamatan_code, b.kelurahan_code, b.sector,
         coalesce(f.first_on <= agg_month_end(r.period), false) as mentored, r.category, ${sign} as sign
  from ${reports} r
  join business b on b.id = r.business_id and b.archived_at is null
  left join agg_business_session f on f.business_id = r.business_id`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function agg_month_end(period text) returns date language sql immutable parallel safe
    as $$ select ((period || '-01')::date + interval '1 month' - interval '1 day')::date $$`.execute(db);

  await sql`create table agg_kelurahan (kelurahan_code text primary key, businesses integer not null)`.execute(db);
  await sql`
    create table agg_case_pair (
      business_id bigint not null, mentor_id bigint not null, kelurahan_code text not null,
      open_cases integer not null, primary key (business_id, mentor_id))`.execute(db);
  await sql`create index agg_case_pair_kelurahan_idx on agg_case_pair (kelurahan_code)`.execute(db);
  await sql`
    create table agg_session_area (
      session_id bigint not null, kelurahan_code text not null, mentor_id bigint not null, held_on date not null,
      primary key (session_id, kelurahan_code))`.execute(db);
  await sql`create index agg_session_area_held_on_idx on agg_session_area (held_on)`.execute(db);
  await sql`create table agg_business_session (business_id bigint primary key, first_on date not null)`.execute(db);
  await sql`
    create table agg_stratum (
      period text not null, kecamatan_code text not null, kelurahan_code text not null, sector text not null,
      mentored boolean not null, reports integer not null, measured integer not null, recovered integer not null,
      no_baseline integer not null,
      primary key (period, kecamatan_code, kelurahan_code, sector, mentored))`.execute(db);

  // Recomputations by key, from the source tables (set-based: the keys come as one array per statement).
  await sql`
    create function agg_refresh_cases(ids bigint[]) returns void language sql as $$
      delete from agg_case_pair a using unnest(ids) k(id) where a.business_id = k.id;
      insert into agg_case_pair (business_id, mentor_id, kelurahan_code, open_cases)
      select c.business_id, c.mentor_id, b.kelurahan_code, count(*) filter (where c.closed_on is null)
      from (select distinct unnest(ids) as id) k
      join mentoring_case c on c.business_id = k.id
      join business b on b.id = c.business_id and b.archived_at is null
      group by 1, 2, 3;
    $$`.execute(db);
  await sql`
    create function agg_refresh_sessions(ids bigint[]) returns void language sql as $$
      delete from agg_session_area a using unnest(ids) k(id) where a.session_id = k.id;
      insert into agg_session_area (session_id, kelurahan_code, mentor_id, held_on)
      select distinct sb.session_id, b.kelurahan_code, s.mentor_id, s.held_on
      from (select distinct unnest(ids) as id) k
      join mentoring_session s on s.id = k.id
      join session_business sb on sb.session_id = s.id
      join business b on b.id = sb.business_id;
    $$`.execute(db);
  // A business's first session moved: its reports change side (mentored or not) in the months between.
  await sql.raw(`
    create function agg_refresh_first(ids bigint[]) returns void language plpgsql as $$
    begin
      create temp table if not exists agg_first_changed
        (business_id bigint primary key, old_on date, new_on date) on commit drop;
      delete from agg_first_changed;
      insert into agg_first_changed
      select k.id, o.first_on, f.first_on
      from (select distinct unnest(ids) as id) k
      left join agg_business_session o on o.business_id = k.id
      cross join lateral (
        select min(s.held_on) as first_on from session_business sb join mentoring_session s on s.id = sb.session_id
        where sb.business_id = k.id) f
      where o.first_on is distinct from f.first_on;
      ${stratumDelta(`
        select r.period, b.kecamatan_code, b.kelurahan_code, b.sector, x.mentored, r.category, x.sign
        from agg_first_changed c
        join business b on b.id = c.business_id and b.archived_at is null
        join omzet_report r on r.business_id = c.business_id
        cross join lateral (values (coalesce(c.old_on <= agg_month_end(r.period), false), -1),
                                   (coalesce(c.new_on <= agg_month_end(r.period), false), 1)) x(mentored, sign)
        where coalesce(c.old_on <= agg_month_end(r.period), false)
              <> coalesce(c.new_on <= agg_month_end(r.period), false)`)};
      delete from agg_business_session a using agg_first_changed c
      where a.business_id = c.business_id and c.new_on is null;
      insert into agg_business_session (business_id, first_on)
      select business_id, new_on from agg_first_changed where new_on is not null
      on conflict (business_id) do update set first_on = excluded.first_on;
      delete from agg_first_changed;
    end $$`).execute(db);

  // The triggers: one function per source table, three statement triggers (insert, update, delete).
  await sql.raw(`
    create function agg_business_trg() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        insert into agg_kelurahan as a (kelurahan_code, businesses)
        select kelurahan_code, count(*) from new_rows where archived_at is null group by 1
        on conflict (kelurahan_code) do update set businesses = a.businesses + excluded.businesses;
        return null;
      end if;
      create temp table if not exists agg_business_changed (
        id bigint primary key, old_kelurahan text, old_kecamatan text, old_sector text, old_active boolean,
        new_kelurahan text, new_kecamatan text, new_sector text, new_active boolean) on commit drop;
      delete from agg_business_changed;
      if tg_op = 'UPDATE' then
        insert into agg_business_changed
        select n.id, o.kelurahan_code, o.kecamatan_code, o.sector, o.archived_at is null,
               n.kelurahan_code, n.kecamatan_code, n.sector, n.archived_at is null
        from new_rows n join old_rows o on o.id = n.id
        where (o.kelurahan_code, o.kecamatan_code, o.sector, o.archived_at is null)
              is distinct from (n.kelurahan_code, n.kecamatan_code, n.sector, n.archived_at is null);
      else
        insert into agg_business_changed
        select o.id, o.kelurahan_code, o.kecamatan_code, o.sector, o.archived_at is null, null, null, null, false
        from old_rows o;
      end if;
      insert into agg_kelurahan as a (kelurahan_code, businesses)
      select code, sum(n) from (
        select old_kelurahan as code, -1 as n from agg_business_changed where old_active
        union all
        select new_kelurahan, 1 from agg_business_changed where new_active) d
      group by 1
      on conflict (kelurahan_code) do update set businesses = a.businesses + excluded.businesses;
      ${stratumDelta(`
        select r.period, x.kecamatan_code, x.kelurahan_code, x.sector,
               coalesce(f.first_on <= agg_month_end(r.period), false) as mentored, r.category, x.sign
        from agg_business_changed c
        join omzet_report r on r.business_id = c.id
        left join agg_business_session f on f.business_id = c.id
        cross join lateral (
          select c.old_kecamatan, c.old_kelurahan, c.old_sector, -1 where c.old_active
          union all
          select c.new_kecamatan, c.new_kelurahan, c.new_sector, 1 where c.new_active
        ) x(kecamatan_code, kelurahan_code, sector, sign)`)};
      perform agg_refresh_cases(array(select id from agg_business_changed));
      perform agg_refresh_sessions(array(
        select distinct sb.session_id from agg_business_changed c join session_business sb on sb.business_id = c.id
        where c.old_kelurahan is distinct from c.new_kelurahan));
      delete from agg_business_changed;
      return null;
    end $$`).execute(db);

  await sql.raw(`
    create function agg_omzet_report_trg() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        ${stratumDelta(reportRows('new_rows', 1))};
      elsif tg_op = 'DELETE' then
        ${stratumDelta(reportRows('old_rows', -1))};
      else
        ${stratumDelta(`${reportRows('old_rows', -1)} union all ${reportRows('new_rows', 1)}`)};
      end if;
      return null;
    end $$`).execute(db);

  await sql.raw(`
    create function agg_case_trg() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        perform agg_refresh_cases(array(select business_id from new_rows));
      elsif tg_op = 'DELETE' then
        perform agg_refresh_cases(array(select business_id from old_rows));
      else
        perform agg_refresh_cases(array(
          select n.business_id from new_rows n join old_rows o on o.id = n.id
          where (o.business_id, o.mentor_id, o.closed_on is null)
                is distinct from (n.business_id, n.mentor_id, n.closed_on is null)
          union select o.business_id from new_rows n join old_rows o on o.id = n.id
          where o.business_id <> n.business_id));
      end if;
      return null;
    end $$`).execute(db);

  await sql.raw(`
    create function agg_session_business_trg() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        perform agg_refresh_sessions(array(select session_id from new_rows));
        perform agg_refresh_first(array(select business_id from new_rows));
      elsif tg_op = 'DELETE' then
        perform agg_refresh_sessions(array(select session_id from old_rows));
        perform agg_refresh_first(array(select business_id from old_rows));
      else
        perform agg_refresh_sessions(array(select session_id from old_rows union select session_id from new_rows));
        perform agg_refresh_first(array(select business_id from old_rows union select business_id from new_rows));
      end if;
      return null;
    end $$`).execute(db);

  // A session's date or mentor changed (its businesses are session_business's, above; deleting a session
  // deletes them by cascade, which runs that table's triggers).
  await sql.raw(`
    create function agg_session_trg() returns trigger language plpgsql as $$
    declare changed bigint[];
    begin
      changed := array(select n.id from new_rows n join old_rows o on o.id = n.id
                       where (o.held_on, o.mentor_id) is distinct from (n.held_on, n.mentor_id));
      if cardinality(changed) > 0 then
        perform agg_refresh_sessions(changed);
        perform agg_refresh_first(array(
          select sb.business_id from session_business sb join unnest(changed) k(id) on k.id = sb.session_id));
      end if;
      return null;
    end $$`).execute(db);

  const triggers: [string, string, string[]][] = [
    ['business', 'agg_business_trg', ['insert', 'update', 'delete']],
    ['omzet_report', 'agg_omzet_report_trg', ['insert', 'update', 'delete']],
    ['mentoring_case', 'agg_case_trg', ['insert', 'update', 'delete']],
    ['session_business', 'agg_session_business_trg', ['insert', 'update', 'delete']],
    ['mentoring_session', 'agg_session_trg', ['update']],
  ];
  for (const [table, fn, events] of triggers) {
    for (const event of events) {
      const referencing =
        event === 'insert'
          ? 'new table as new_rows'
          : event === 'delete'
            ? 'old table as old_rows'
            : 'old table as old_rows new table as new_rows';
      await sql
        .raw(`create trigger ${table}_agg_${event} after ${event} on ${table}
              referencing ${referencing} for each statement execute function ${fn}()`)
        .execute(db);
    }
  }

  // What is already there (a deployment with data): computed once, from the sources.
  await sql.raw(REBUILD).execute(db);
  await sql`select agg_rebuild()`.execute(db);
}

/** The aggregates recomputed from scratch (the repair `bangkit mentoring rebuild-aggregates` runs it). */
const REBUILD = `
  create function agg_rebuild() returns void language sql as $$
    truncate agg_kelurahan, agg_case_pair, agg_session_area, agg_business_session, agg_stratum;
    insert into agg_kelurahan (kelurahan_code, businesses)
    select kelurahan_code, count(*) from business where archived_at is null group by 1;
    insert into agg_case_pair (business_id, mentor_id, kelurahan_code, open_cases)
    select c.business_id, c.mentor_id, b.kelurahan_code, count(*) filter (where c.closed_on is null)
    from mentoring_case c join business b on b.id = c.business_id and b.archived_at is null
    group by 1, 2, 3;
    insert into agg_session_area (session_id, kelurahan_code, mentor_id, held_on)
    select distinct sb.session_id, b.kelurahan_code, s.mentor_id, s.held_on
    from session_business sb join mentoring_session s on s.id = sb.session_id join business b on b.id = sb.business_id;
    insert into agg_business_session (business_id, first_on)
    select sb.business_id, min(s.held_on) from session_business sb join mentoring_session s on s.id = sb.session_id
    group by 1;
    ${stratumDelta(reportRows('omzet_report', 1))};
  $$`;
