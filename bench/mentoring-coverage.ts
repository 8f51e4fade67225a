/**
 * The coverage board's figures for `npm run bench` (issue 9: p50 ≤ 100 ms on PostgreSQL at full scale):
 * the board's one set-based statement, per kelurahan and per kecamatan, each timed beside a naive SQL
 * baseline on the same database: one row per kelurahan with a correlated subquery per figure, written
 * plainly. Only exports; `fillMentoring` makes a world with generate_series for checking it by hand.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { Config } from '../src/server/config.ts';
import type { DB } from '../src/server/db/database.ts';
import { localToday } from '../src/server/http/dates.ts';
import { coverageRecords, coverageReference } from '../src/server/modules/mentoring/coverage.repository.ts';
import { coverageBoard } from '../src/server/modules/mentoring/coverage.service.ts';

export interface CoverageTiming {
  /** Milliseconds: the median (p50) and p95 of `calls` calls after one warm-up call. */
  p50: number;
  p95: number;
  calls: number;
  rows: number;
}

export interface CoverageFigures {
  /** The statement computed afresh from the maintained aggregates (decision 0022). */
  kelurahan: CoverageTiming;
  kecamatan: CoverageTiming;
  /** The board as a request gets it right after a write (a session recorded or removed): computed. */
  afterWrite: CoverageTiming;
  afterWriteKecamatan: CoverageTiming;
  /** The write itself (a one-business session inserted or deleted, with the triggers that keep the aggregates). */
  write: CoverageTiming;
  /** The previous statement, over the registry, cases and sessions (the reference the tests compare with). */
  reference: CoverageTiming;
  /** What a request costs while nothing is written: the board kept for the database's snapshot. */
  kept: CoverageTiming;
  /** The naive statement, one row per kelurahan with a correlated subquery per figure. */
  naive: CoverageTiming;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function timed(calls: number, f: () => Promise<{ length: number }>): Promise<CoverageTiming> {
  const rows = (await f()).length;
  const ms: number[] = [];
  for (let i = 0; i < calls; i++) {
    const start = performance.now();
    await f();
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p95: percentile(ms, 95), calls, rows };
}

/** The board as the office sees it (every kelurahan of the deployment), written the naive way. */
export async function naiveCoverage(db: DB, config: Config, today = localToday(config.timezone)) {
  const { rows } = await sql`
    select a.code, a.name, a.parent_code as kecamatan_code,
      (select count(*) from business b where b.kelurahan_code = a.code and b.archived_at is null) as businesses,
      (select count(*) from mentoring_case c join business b on b.id = c.business_id
        where b.kelurahan_code = a.code and b.archived_at is null and c.closed_on is null) as active_cases,
      (select count(distinct c.business_id) from mentoring_case c join business b on b.id = c.business_id
        where b.kelurahan_code = a.code and b.archived_at is null) as reached,
      (select count(distinct m) from (
         select c.mentor_id as m from mentoring_case c join business b on b.id = c.business_id
           where b.kelurahan_code = a.code and b.archived_at is null and c.closed_on is null
         union
         select ma.user_id from mentor_area ma join app_user u on u.id = ma.user_id
           where ma.kelurahan_code = a.code and u.role = 'mentor' and u.disabled_at is null) x) as mentors,
      (select count(distinct m) from (
         select c.mentor_id as m from mentoring_case c join business b on b.id = c.business_id
           where b.kelurahan_code = a.code and b.archived_at is null and c.closed_on is null
         union
         select s.mentor_id from mentoring_session s join session_business sb on sb.session_id = s.id
           join business b on b.id = sb.business_id
           where b.kelurahan_code = a.code and s.held_on > ${today}::date - 30 and s.held_on <= ${today}::date) x)
        as active_mentors,
      (select count(distinct s.id) from mentoring_session s join session_business sb on sb.session_id = s.id
        join business b on b.id = sb.business_id
        where b.kelurahan_code = a.code and s.held_on > ${today}::date - 30 and s.held_on <= ${today}::date)
        as sessions_30d,
      (select t.target_businesses from rollout_target t where t.kelurahan_code = a.code) as target
    from area a
    where a.level = 4 and a.code like ${`${config.deploymentArea}.%`}
    order by a.code`.execute(db);
  return rows;
}

/**
 * A write the board and the outcomes depend on, alternately: a session held today for a random open case
 * (a session and its business row, through the same triggers as every write path), then its removal.
 */
export function sessionWriter(db: DB, today: string) {
  let held: number | null = null;
  return async () => {
    if (held !== null) {
      await sql`delete from mentoring_session where id = ${held}`.execute(db);
      held = null;
      return;
    }
    const { rows } = await sql<{ id: number }>`
      with c as materialized (
        select id, business_id, mentor_id from mentoring_case where closed_on is null
        offset floor(random() * 1000) limit 1
      ),
      s as (
        insert into mentoring_session (code, held_on, mode, mentor_id, prep_minutes, contact_minutes, businesses)
        select 'bench-write-' || gen_random_uuid(), ${today}::date, 'kunjungan', mentor_id, 10, 30, 1 from c
        returning id
      )
      insert into session_business (session_id, business_id, case_id)
      select s.id, c.business_id, c.id from s, c
      returning session_id as id`.execute(db);
    held = rows[0] ? Number(rows[0].id) : null;
  };
}

/**
 * `calls` reads each right after a write (`write` untimed here, timed apart): what a request costs when
 * the data has just changed, so that nothing kept can answer it.
 */
export async function timedAfterWrite(
  calls: number,
  write: () => Promise<void>,
  read: () => Promise<{ length: number }>,
): Promise<{ read: CoverageTiming; write: CoverageTiming }> {
  await write();
  const rows = (await read()).length;
  const reads: number[] = [];
  const writes: number[] = [];
  for (let i = 0; i < calls; i++) {
    const w0 = performance.now();
    await write();
    writes.push(performance.now() - w0);
    const start = performance.now();
    await read();
    reads.push(performance.now() - start);
  }
  const figure = (ms: number[]) => {
    ms.sort((a, b) => a - b);
    return { p50: percentile(ms, 50), p95: percentile(ms, 95), calls, rows };
  };
  return { read: figure(reads), write: figure(writes) };
}

/**
 * Times the coverage board (kelurahan and kecamatan, `calls` ≥ 20 each) computed from the aggregates, as a
 * request gets it right after a write, as a kept read, beside the previous statement over the source tables
 * and the naive statement. The naive one takes seconds at full scale (a correlated subquery per kelurahan and
 * figure reads the session table for every kelurahan), so it gets `naiveCalls` (5 by default) for its median.
 */
export async function coverageFigures(
  db: DB,
  config: Config,
  { calls = 25, naiveCalls = 5 }: { calls?: number; naiveCalls?: number } = {},
): Promise<CoverageFigures> {
  const office = { scope: config.deploymentArea };
  const today = localToday(config.timezone);
  const computed = (level: 'kelurahan' | 'kecamatan') => async () =>
    coverageRecords(db, { level, scope: office.scope, today });
  const write = sessionWriter(db, today);
  const served = (level: 'kelurahan' | 'kecamatan') => async () =>
    (await coverageBoard(db, config, office, level, undefined)).rows;
  const afterWrite = await timedAfterWrite(Math.max(40, calls), write, served('kelurahan'));
  const afterWriteKecamatan = await timedAfterWrite(Math.max(40, calls), write, served('kecamatan'));
  return {
    kelurahan: await timed(Math.max(20, calls), computed('kelurahan')),
    kecamatan: await timed(Math.max(20, calls), computed('kecamatan')),
    afterWrite: afterWrite.read,
    afterWriteKecamatan: afterWriteKecamatan.read,
    write: afterWrite.write,
    reference: await timed(Math.max(20, calls), () =>
      coverageReference(db, { level: 'kelurahan', scope: office.scope, today }),
    ),
    kept: await timed(
      Math.max(20, calls),
      async () => (await coverageBoard(db, config, office, 'kelurahan', undefined)).rows,
    ),
    naive: await timed(Math.max(1, naiveCalls), () => naiveCoverage(db, config)),
  };
}

export interface MentoringScale {
  /** Businesses to add (owners too); 0 uses the registry as it is. */
  businesses: number;
  mentors: number;
  cases: number;
  sessions: number;
}

/**
 * A mentoring world made with generate_series, for checking the figures by hand: mentors of one
 * institution each covering two kelurahan, open cases (every fifth closed) on distinct businesses, and
 * sessions over the last two years on those cases (every tenth a group session of two businesses).
 */
export async function fillMentoring(db: DB, config: Config, scale: MentoringScale) {
  const today = localToday(config.timezone);
  const like = `${config.deploymentArea}.%`;
  await db.transaction().execute(async (trx) => {
    if (scale.businesses > 0) {
      await sql`
        insert into owner (nik, name, gender, birth_date)
        select lpad((9100000000000000 + g)::text, 16, '0'), 'Pemilik ' || g, case when g % 2 = 0 then 'P' else 'L' end,
               date '1970-01-01' + (g % 15000)
        from generate_series(1, ${scale.businesses}) g`.execute(trx);
      await sql`
        with kel as (select code, parent_code, row_number() over (order by code) - 1 as i, count(*) over () as n
                     from area where level = 4 and code like ${like}),
             o as (select id, row_number() over (order by id) as g from owner
                   where nik like '91%' order by id desc limit ${scale.businesses})
        insert into business (owner_id, name, name_key, sector, kelurahan_code, kecamatan_code)
        select o.id, 'Usaha ' || o.g, 'usaha ' || o.g, 'kuliner', kel.code, kel.parent_code
        from o join kel on kel.i = o.g % kel.n`.execute(trx);
    }
    await sql`
      with i as (insert into institution (name) values ('Lembaga Bench ' || now()) returning id)
      insert into app_user (email, name, role, institution_id, password_hash)
      select 'bench-mentor-' || g || '-' || extract(epoch from now())::bigint || '@bench.local', 'Pendamping ' || g,
             'mentor', i.id, 'x'
      from i, generate_series(1, ${scale.mentors}) g`.execute(trx);
    await sql`
      create temp table bench_mentor on commit drop as
      select id, row_number() over (order by id) - 1 as i from app_user
      where role = 'mentor' and email like 'bench-mentor-%' order by id desc limit ${scale.mentors}`.execute(
      trx,
    );
    await sql`
      insert into mentor_profile (user_id) select id from bench_mentor on conflict do nothing`.execute(trx);
    await sql`
      with kel as (select code, row_number() over (order by code) - 1 as i, count(*) over () as n
                   from area where level = 4 and code like ${like})
      insert into mentor_area (user_id, kelurahan_code)
      select m.id, kel.code from bench_mentor m join kel on kel.i in (m.i % kel.n, (m.i * 7 + 3) % kel.n)
      on conflict do nothing`.execute(trx);
    await sql`
      with b as (select id, row_number() over (order by random()) - 1 as g from business
                 where archived_at is null and id not in (select business_id from mentoring_case)
                 limit ${scale.cases}),
           m as (select id, i, count(*) over () as n from bench_mentor)
      insert into mentoring_case (business_id, mentor_id, opened_on, closed_on, outcome)
      select b.id, m.id, ${today}::date - 700 + (b.g % 600)::int,
             case when b.g % 5 = 0 then ${today}::date - 10 end, case when b.g % 5 = 0 then 'goals_met' end
      from b join m on m.i = b.g % m.n`.execute(trx);
    await sql`
      create temp table bench_case on commit drop as
      select id, business_id, mentor_id, row_number() over (order by id) - 1 as i, count(*) over () as n,
             row_number() over (partition by mentor_id order by id) - 1 as k,
             count(*) over (partition by mentor_id) as km
      from mentoring_case where mentor_id in (select id from bench_mentor)`.execute(trx);
    // The sessions planned first (which case, and for every tenth a second case of the same mentor).
    await sql`
      create temp table bench_plan on commit drop as
      select g, c.mentor_id, c.id as case1, c.business_id as business1, c2.id as case2, c2.business_id as business2
      from generate_series(0, ${scale.sessions - 1}) g
      join bench_case c on c.i = g % c.n
      left join bench_case c2 on g % 10 = 0 and c.km > 1 and c2.mentor_id = c.mentor_id and c2.k = (c.k + 1) % c.km`.execute(
      trx,
    );
    const tag = `BENCH-${Date.now()}-`;
    await sql`
      insert into mentoring_session (code, held_on, mode, mentor_id, prep_minutes, contact_minutes, businesses)
      select ${tag} || g, ${today}::date - (g % 730)::int,
             case when case2 is null then 'kunjungan' else 'kelompok' end, mentor_id, 15, 60,
             case when case2 is null then 1 else 2 end
      from bench_plan`.execute(trx);
    await sql`
      insert into session_business (session_id, business_id, case_id)
      select s.id, p.business1, p.case1 from bench_plan p join mentoring_session s on s.code = ${tag} || p.g
      union all
      select s.id, p.business2, p.case2 from bench_plan p join mentoring_session s on s.code = ${tag} || p.g
      where p.case2 is not null`.execute(trx);
  });
  await sql`analyze`.execute(db);
}
