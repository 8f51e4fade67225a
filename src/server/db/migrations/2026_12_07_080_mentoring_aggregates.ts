import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
//
// Maintained aggregates for the coverage board and the outcomes comparison (decision 0022), kept exact by
// statement-level triggers with transition tables on the tables they are computed from: whatever writes a
// business, a case, a session, a session's businesses or a turnover report (a route, an import's COPY or
// MERGE, a repair by hand) keeps them in step in the same transaction, one statement per written batch.
//
// - agg_kelurahan: registered businesses (not archived) per kelurahan.
// - agg_case_pair: per business (not archived) and mentor, the open cases (0 or 1) of the mentor there: the
//   businesses reached and with an open case, and the mentors with an open case, per kelurahan.
// - agg_session_area: per session and kelurahan of its businesses, the session's mentor and date: the
//   window's sessions (and their mentors) per kelurahan read by date, distinct per kecamatan row.
// - agg_business_session: per business, the month (YYYY-MM) of its first session (of anyone).
// - agg_mentor_month: per mentor and month, sessions, prep and contact minutes, and the credit of their businesses.
// - agg_client: per business and mentor / institution / city, the month of its first session and the month its
//   credit reached 300 minutes (a long-term client).
// - agg_milestone: each milestone of a case with the mentor it belongs to (who held the case that day).
// - agg_stratum: per month × kecamatan × kelurahan × sector × mentored-or-not, the turnover reports of
//   businesses not archived; mentored = the business's first session falls in that month or before.

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
         coalesce(f.first_month <= r.period, false) as mentored, r.category, ${sign} as sign
  from ${reports} r
  join business b on b.id = r.business_id and b.archived_at is null
  left join agg_business_session f on f.business_id = r.business_id`;

/**
 * A trigger function that gathers, into one array per entry of `keys` (variable → column), the values of
 * the rows written (new rows, old rows, or both for an update), then runs `body` with those arrays.
 */
const keysTrigger = (name: string, keys: Record<string, string>, body: string) => {
  const each = (f: (variable: string, column: string) => string) =>
    Object.entries(keys)
      .map(([variable, column]) => f(variable, column))
      .join('\n');
  return `
    create function ${name}() returns trigger language plpgsql as $$
    declare ${each((v) => `${v} bigint[];`)}
    begin
      if tg_op = 'INSERT' then
        ${each((v, c) => `${v} := array(select distinct ${c} from new_rows);`)}
      elsif tg_op = 'DELETE' then
        ${each((v, c) => `${v} := array(select distinct ${c} from old_rows);`)}
      else
        ${each((v, c) => `${v} := array(select ${c} from old_rows union select ${c} from new_rows);`)}
      end if;
      ${body}
      return null;
    end $$`;
};

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table agg_kelurahan (kelurahan_code text primary key, businesses integer not null)`.execute(
    db,
  );
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
  await sql`create table agg_business_session (business_id bigint primary key, first_month text not null)`.execute(
    db,
  );
  await sql`
    create table agg_mentor_month (
      mentor_id bigint not null, month text not null, sessions integer not null, prep bigint not null,
      contact bigint not null, credited_contact bigint not null, credited_prep float8 not null,
      primary key (mentor_id, month))`.execute(db);
  await sql`
    create table agg_client (
      level char(1) not null check (level in ('m', 'i', 'c')), grp bigint not null, business_id bigint not null,
      first_month text not null, long_term_month text, primary key (level, grp, business_id))`.execute(db);
  await sql`create index agg_client_business_idx on agg_client (business_id)`.execute(db);
  await sql`
    create table agg_milestone (
      milestone_id bigint primary key, mentor_id bigint not null, kind text not null, achieved_on date not null,
      confirmed boolean not null)`.execute(db);
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
  // Per mentor and month of the sessions (keys given as two arrays of the same length): sessions, minutes, and
  // the credit of their businesses (contact each, prep shared by the session's n).
  await sql`
    create function agg_refresh_mentor_months(mentors bigint[], months text[]) returns void language sql as $$
      delete from agg_mentor_month a using unnest(mentors, months) k(m, mo)
      where a.mentor_id = k.m and a.month = k.mo;
      insert into agg_mentor_month (mentor_id, month, sessions, prep, contact, credited_contact, credited_prep)
      select s.mentor_id, k.mo, count(*), sum(s.prep_minutes), sum(s.contact_minutes),
             coalesce(sum(s.contact_minutes * x.n), 0),
             coalesce(sum(s.prep_minutes::float8 * x.n / nullif(s.businesses, 0)), 0)
      from (select distinct m, mo from unnest(mentors, months) k(m, mo) where m is not null) k
      join mentoring_session s on s.mentor_id = k.m
       and s.held_on >= (k.mo || '-01')::date and s.held_on < (k.mo || '-01')::date + interval '1 month'
      cross join lateral (select count(*) as n from session_business sb where sb.session_id = s.id) x
      group by s.mentor_id, k.mo;
    $$`.execute(db);
  // Per business, its clients' rows: for its mentor ('m'), the mentor's institution ('i', 0 for none) and the
  // city ('c', 0), the month of the first session and the month its credit reached 300 minutes (long-term).
  await sql`
    create function agg_refresh_clients(ids bigint[]) returns void language sql as $$
      delete from agg_client a using (select distinct unnest(ids) as id) k where a.business_id = k.id;
      insert into agg_client (level, grp, business_id, first_month, long_term_month)
      with credit as (
        select s.mentor_id, coalesce(mu.institution_id, 0) as institution_id, sb.business_id,
               to_char(s.held_on, 'YYYY-MM') as month,
               s.contact_minutes + s.prep_minutes::float8 / s.businesses as credited
        from session_business sb
        join mentoring_session s on s.id = sb.session_id
        join app_user mu on mu.id = s.mentor_id
        where sb.business_id in (select unnest(ids))
      ),
      monthly as (
        select 'm' as level, mentor_id as grp, business_id, month, sum(credited) as credited
        from credit group by mentor_id, business_id, month
        union all
        select 'i', institution_id, business_id, month, sum(credited) from credit group by institution_id, business_id, month
        union all
        select 'c', 0, business_id, month, sum(credited) from credit group by business_id, month
      ),
      running as (
        select level, grp, business_id, month,
               sum(credited) over (partition by level, grp, business_id order by month) as total
        from monthly
      )
      select level, grp, business_id, min(month), min(month) filter (where total + 1e-6 >= 300)
      from running group by level, grp, business_id;
    $$`.execute(db);

  // Milestones with the mentor they belong to: the one who held the case on the day it was reached (the
  // case's assignment history), else the case's mentor; milestones without a case are not the program's.
  await sql`
    create function agg_refresh_milestones(ids bigint[]) returns void language sql as $$
      delete from agg_milestone a using (select distinct unnest(ids) as id) k where a.milestone_id = k.id;
      insert into agg_milestone (milestone_id, mentor_id, kind, achieved_on, confirmed)
      select m.id, coalesce(held.mentor_id, c.mentor_id), m.kind, m.achieved_on, m.owner_confirmed_at is not null
      from (select distinct unnest(ids) as id) k
      join milestone m on m.id = k.id
      join mentoring_case c on c.id = m.case_id
      left join lateral (
        select ca.mentor_id from case_assignment ca
        where ca.case_id = c.id and ca.from_on <= m.achieved_on
        order by ca.from_on desc, ca.id desc limit 1
      ) held on true;
    $$`.execute(db);

  // A business's first session moved: its reports change side (mentored or not) in the months between.
  await sql
    .raw(`
    create function agg_refresh_first(ids bigint[]) returns void language plpgsql as $$
    begin
      create temp table if not exists agg_first_changed
        (business_id bigint primary key, old_month text, new_month text) on commit drop;
      delete from agg_first_changed;
      -- Set-based (a hash join at worst), not a probe per business: the planner may not know the tables' sizes yet.
      insert into agg_first_changed
      select k.id, o.first_month, f.first_month
      from (select distinct unnest(ids) as id) k
      left join agg_business_session o on o.business_id = k.id
      left join (
        select sb.business_id, to_char(min(s.held_on), 'YYYY-MM') as first_month
        from session_business sb join mentoring_session s on s.id = sb.session_id
        where sb.business_id in (select unnest(ids))
        group by sb.business_id
      ) f on f.business_id = k.id
      where o.first_month is distinct from f.first_month;
      ${stratumDelta(`
        select r.period, b.kecamatan_code, b.kelurahan_code, b.sector, x.mentored, r.category, x.sign
        from agg_first_changed c
        join business b on b.id = c.business_id and b.archived_at is null
        join omzet_report r on r.business_id = c.business_id
        cross join lateral (values (coalesce(c.old_month <= r.period, false), -1),
                                   (coalesce(c.new_month <= r.period, false), 1)) x(mentored, sign)
        where coalesce(c.old_month <= r.period, false) <> coalesce(c.new_month <= r.period, false)`)};
      delete from agg_business_session a using agg_first_changed c
      where a.business_id = c.business_id and c.new_month is null;
      insert into agg_business_session (business_id, first_month)
      select business_id, new_month from agg_first_changed where new_month is not null
      on conflict (business_id) do update set first_month = excluded.first_month;
      delete from agg_first_changed;
    end $$`)
    .execute(db);

  // The triggers: one function per source table, three statement triggers (insert, update, delete).
  await sql
    .raw(`
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
               coalesce(f.first_month <= r.period, false) as mentored, r.category, x.sign
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
    end $$`)
    .execute(db);

  await sql
    .raw(`
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
    end $$`)
    .execute(db);

  // A case opened, moved, transferred or closed: its business's pairs, and its milestones' mentor.
  await sql
    .raw(
      keysTrigger(
        'agg_case_trg',
        { businesses: 'business_id', cases: 'id' },
        `perform agg_refresh_cases(businesses);
         perform agg_refresh_milestones(array(
           select m.id from milestone m join unnest(cases) k(id) on k.id = m.case_id));`,
      ),
    )
    .execute(db);

  await sql
    .raw(
      keysTrigger(
        'agg_session_business_trg',
        { sessions: 'session_id', businesses: 'business_id' },
        `perform agg_refresh_sessions(sessions);
         perform agg_refresh_first(businesses);
         perform agg_refresh_clients(businesses);
         -- The sessions still there (a session deleted is its own trigger's).
         perform agg_refresh_mentor_months(array_agg(m), array_agg(mo)) from (
           select distinct s.mentor_id as m, to_char(s.held_on, 'YYYY-MM') as mo
           from mentoring_session s join unnest(sessions) k(id) on k.id = s.id) x;`,
      ),
    )
    .execute(db);

  // A session written: its mentor's months (sessions, minutes, credit); a change of date or mentor also moves its
  // rows per kelurahan, its businesses' first session and clients; a change of minutes or n their credit.
  // Its businesses are session_business's (above; deleting a session deletes them by cascade, which runs
  // that table's triggers).
  await sql
    .raw(`
    create function agg_session_trg() returns trigger language plpgsql as $$
    declare moved bigint[]; credited bigint[];
    begin
      if tg_op = 'INSERT' then
        perform agg_refresh_mentor_months(array_agg(mentor_id), array_agg(to_char(held_on, 'YYYY-MM'))) from new_rows;
        return null;
      elsif tg_op = 'DELETE' then
        perform agg_refresh_mentor_months(array_agg(mentor_id), array_agg(to_char(held_on, 'YYYY-MM'))) from old_rows;
        return null;
      end if;
      moved := array(select n.id from new_rows n join old_rows o on o.id = n.id
                     where (o.held_on, o.mentor_id) is distinct from (n.held_on, n.mentor_id));
      credited := array(select n.id from new_rows n join old_rows o on o.id = n.id
                        where (o.held_on, o.mentor_id, o.prep_minutes, o.contact_minutes, o.businesses)
                              is distinct from (n.held_on, n.mentor_id, n.prep_minutes, n.contact_minutes, n.businesses));
      if cardinality(credited) = 0 then return null; end if;
      perform agg_refresh_mentor_months(array_agg(m), array_agg(mo)) from (
        select o.mentor_id as m, to_char(o.held_on, 'YYYY-MM') as mo from old_rows o join unnest(credited) k(id) on k.id = o.id
        union
        select n.mentor_id, to_char(n.held_on, 'YYYY-MM') from new_rows n join unnest(credited) k(id) on k.id = n.id) x;
      perform agg_refresh_clients(array(
        select sb.business_id from session_business sb join unnest(credited) k(id) on k.id = sb.session_id));
      if cardinality(moved) > 0 then
        perform agg_refresh_sessions(moved);
        perform agg_refresh_first(array(
          select sb.business_id from session_business sb join unnest(moved) k(id) on k.id = sb.session_id));
      end if;
      return null;
    end $$`)
    .execute(db);

  // A mentor moved to another institution: the institution's clients of their businesses.
  await sql
    .raw(`
    create function agg_app_user_trg() returns trigger language plpgsql as $$
    begin
      perform agg_refresh_clients(array(
        select distinct sb.business_id
        from new_rows n join old_rows o on o.id = n.id
        join mentoring_session s on s.mentor_id = n.id
        join session_business sb on sb.session_id = s.id
        where o.institution_id is distinct from n.institution_id));
      return null;
    end $$`)
    .execute(db);

  await sql
    .raw(keysTrigger('agg_milestone_trg', { ids: 'id' }, 'perform agg_refresh_milestones(ids);'))
    .execute(db);
  await sql
    .raw(
      keysTrigger(
        'agg_case_assignment_trg',
        { cases: 'case_id' },
        `perform agg_refresh_milestones(array(
           select m.id from milestone m join unnest(cases) k(id) on k.id = m.case_id));`,
      ),
    )
    .execute(db);

  const triggers: [string, string, string[]][] = [
    ['business', 'agg_business_trg', ['insert', 'update', 'delete']],
    ['omzet_report', 'agg_omzet_report_trg', ['insert', 'update', 'delete']],
    ['mentoring_case', 'agg_case_trg', ['insert', 'update', 'delete']],
    ['session_business', 'agg_session_business_trg', ['insert', 'update', 'delete']],
    ['mentoring_session', 'agg_session_trg', ['insert', 'update', 'delete']],
    ['app_user', 'agg_app_user_trg', ['update']],
    ['milestone', 'agg_milestone_trg', ['insert', 'update', 'delete']],
    ['case_assignment', 'agg_case_assignment_trg', ['insert', 'update', 'delete']],
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
    truncate agg_kelurahan, agg_case_pair, agg_session_area, agg_business_session, agg_stratum,
             agg_mentor_month, agg_client, agg_milestone;
    insert into agg_kelurahan (kelurahan_code, businesses)
    select kelurahan_code, count(*) from business where archived_at is null group by 1;
    insert into agg_case_pair (business_id, mentor_id, kelurahan_code, open_cases)
    select c.business_id, c.mentor_id, b.kelurahan_code, count(*) filter (where c.closed_on is null)
    from mentoring_case c join business b on b.id = c.business_id and b.archived_at is null
    group by 1, 2, 3;
    insert into agg_session_area (session_id, kelurahan_code, mentor_id, held_on)
    select distinct sb.session_id, b.kelurahan_code, s.mentor_id, s.held_on
    from session_business sb join mentoring_session s on s.id = sb.session_id join business b on b.id = sb.business_id;
    insert into agg_business_session (business_id, first_month)
    select sb.business_id, to_char(min(s.held_on), 'YYYY-MM')
    from session_business sb join mentoring_session s on s.id = sb.session_id
    group by 1;
    ${stratumDelta(reportRows('omzet_report', 1))};
    select agg_refresh_mentor_months(array_agg(m), array_agg(mo)) from (
      select distinct mentor_id as m, to_char(held_on, 'YYYY-MM') as mo from mentoring_session) x;
    select agg_refresh_clients(array(select distinct business_id from session_business));
    select agg_refresh_milestones(array(select id from milestone));
  $$`;
