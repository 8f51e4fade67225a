/**
 * The outcomes report at scale (issue 9): the computation behind GET /api/v1/mentoring/outcomes for the
 * whole city, timed beside a naive SQL baseline written plainly on the same database, and the same
 * report as a kept read (decision 0010), which is what a request costs while nothing is written.
 *
 * `outcomesFigures(db, config)` is what bench/run.ts calls on a database that holds the registry, the
 * turnover reports and the mentoring data. `generateMentoring` writes mentoring data with
 * generate_series (mentors, cases, sessions with their businesses, milestones) for a check on any
 * database. Run on its own (`npx tsx bench/mentoring-outcomes.ts`) it makes a modest world in an embedded
 * cluster of its own (BENCH_OUTCOMES_SCALE, default 0.1 of full scale) and prints the figures.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type { Config } from '../src/server/config.ts';
import type { DB } from '../src/server/db/database.ts';
import { localToday } from '../src/server/http/dates.ts';
import type { SessionUser } from '../src/server/http/guard.ts';
import {
  comparisonStrata,
  comparisonStrataReference,
} from '../src/server/modules/mentoring/outcomes.repository.ts';
import { computeOutcomes, outcomesFor, periodEnd } from '../src/server/modules/mentoring/outcomes.service.ts';
import { sessionWriter, timedAfterWrite } from './mentoring-coverage.ts';
import type { Figure } from './support.ts';

const CALLS = Math.max(20, Number(process.env.BENCH_REPEAT ?? 30));

async function timed(f: () => Promise<unknown>) {
  await f(); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const t0 = performance.now();
    await f();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const at = (p: number) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))]!;
  return { p50: at(0.5), p95: at(0.95) };
}

/** The latest month with turnover reports (the month an office would ask about). */
async function latestPeriod(db: DB): Promise<string> {
  const row = await sql<{ period: string | null }>`select max(period) as period from omzet_period`.execute(
    db,
  );
  return row.rows[0]?.period ?? '2021-12';
}

/**
 * The same figures the way one would first write them: per mentor and per institution from the view,
 * the city's totals, and the reports of the month split by mentored or not per sector and kecamatan.
 */
async function naive(db: DB, period: string) {
  const end = periodEnd(period);
  await sql`
    select sc.mentor_id, u.institution_id, count(distinct sc.session_id), count(distinct sc.business_id),
           sum(sc.credited_minutes)
    from session_credit sc join app_user u on u.id = sc.mentor_id
    where sc.held_on <= ${end} group by sc.mentor_id, u.institution_id`.execute(db);
  await sql`
    select mentor_id, sum(prep_minutes), sum(contact_minutes) from mentoring_session
    where held_on <= ${end} group by mentor_id`.execute(db);
  await sql`
    select count(*) filter (where t >= 300) from (
      select business_id, sum(credited_minutes) as t from session_credit where held_on <= ${end} group by business_id
    ) x`.execute(db);
  await sql`
    select b.sector, b.kecamatan_code, m.business_id is not null as mentored, count(*),
           count(*) filter (where r.category in (1, 2))
    from omzet_report r join business b on b.id = r.business_id
    left join (select distinct sb.business_id from session_business sb
               join mentoring_session s on s.id = sb.session_id where s.held_on <= ${end}) m
      on m.business_id = r.business_id
    where r.period = ${period} and r.category > 0
    group by 1, 2, 3`.execute(db);
}

const OFFICE: SessionUser = {
  id: -1,
  email: 'bench@bench.local',
  name: 'Bench',
  role: 'admin',
  areaCode: null,
  areaName: null,
  institutionId: null,
  institutionName: null,
  mustChangePassword: false,
};

/**
 * p50/p95 in ms of the city's outcomes: computed afresh (groups, milestones and the comparison from the
 * maintained aggregates, decision 0022), as a request gets them right after a write (a session recorded or
 * removed, so nothing kept can answer), as a kept read, and the comparison alone from the aggregates beside
 * the previous statement over the registry, reports and sessions; each beside the naive baseline.
 */
export async function outcomesFigures(db: DB, config: Config, period?: string): Promise<Figure[]> {
  const month = period ?? (await latestPeriod(db));
  const scope = { kind: 'city', area: config.deploymentArea } as const;
  const end = periodEnd(month);
  const computed = await timed(() => computeOutcomes(db, config, scope, month));
  const write = sessionWriter(db, localToday(config.timezone));
  const afterWrite = await timedAfterWrite(CALLS, write, async () => {
    await outcomesFor(db, config, OFFICE, month);
    return [];
  });
  const strata = await timed(() => comparisonStrata(db, scope, month));
  const strataReference = await timed(() => comparisonStrataReference(db, scope, month, end));
  const baseline = await timed(() => naive(db, month));
  const kept = await timed(() => outcomesFor(db, config, OFFICE, month));
  // An area officer's kecamatan (the one with most businesses: its figures read the source tables) and one
  // institution's (aggregates), computed.
  const kecamatan = await sql<{ code: string }>`select substr(kelurahan_code, 1, 8) as code from business
      where archived_at is null group by 1 order by count(*) desc limit 1`.execute(db);
  const institution = await sql<{ id: number }>`select u.institution_id as id from app_user u
      where u.role = 'mentor' and u.institution_id is not null
      group by 1 order by count(*) desc limit 1`.execute(db);
  const area = await timed(() =>
    computeOutcomes(
      db,
      config,
      { kind: 'area', area: kecamatan.rows[0]?.code ?? config.deploymentArea },
      month,
    ),
  );
  const ofInstitution = await timed(() =>
    computeOutcomes(
      db,
      config,
      { kind: 'institution', area: config.deploymentArea, institutionId: institution.rows[0]?.id ?? -1 },
      month,
    ),
  );
  const values = (t: { p50: number; p95: number }) => ({
    p50: t.p50,
    p95: t.p95,
    baselineP50: baseline.p50,
    baselineP95: baseline.p95,
  });
  return [
    { name: `mentoring outcomes ${month}: computed`, values: values(computed) },
    { name: `mentoring outcomes ${month}: right after a write (a request)`, values: values(afterWrite.read) },
    { name: `mentoring outcomes ${month}: comparison from the aggregates`, values: values(strata) },
    { name: `mentoring outcomes ${month}: comparison, previous statement`, values: values(strataReference) },
    { name: `mentoring outcomes ${month}: kept read`, values: values(kept) },
    { name: `mentoring outcomes ${month}: an area officer's kecamatan, computed`, values: values(area) },
    { name: `mentoring outcomes ${month}: one institution, computed`, values: values(ofInstitution) },
  ];
}

/**
 * Mentoring data over the businesses already in `db`: `mentors` mentors in three institutions, `cases` cases
 * on distinct businesses, `sessions` sessions (one in ten a group session of three) dated through the periods
 * of the turnover reports, and a milestone on every third case.
 */
export async function generateMentoring(db: DB, o: { mentors: number; cases: number; sessions: number }) {
  await sql`insert into institution (name) select 'Lembaga bench ' || g from generate_series(1, 3) g
            on conflict do nothing`.execute(db);
  await sql`
    insert into app_user (email, name, role, institution_id, password_hash)
    select 'mentor' || g || '@bench.local', 'Mentor ' || g, 'mentor',
           (select id from institution order by id offset (g % 3) limit 1), 'x'
    from generate_series(1, ${o.mentors}) g`.execute(db);
  await sql`insert into mentor_profile (user_id) select id from app_user where email like 'mentor%@bench.local'`.execute(
    db,
  );
  await sql`
    with m as (select id, row_number() over (order by id) - 1 as k from app_user where email like 'mentor%@bench.local'),
         b as (select id, row_number() over (order by md5(id::text)) - 1 as k from business where archived_at is null limit ${o.cases})
    insert into mentoring_case (business_id, mentor_id, opened_on)
    select b.id, m.id, date '2020-03-01' + (b.k % 60)::int from b join m on m.k = b.k % ${o.mentors}`.execute(
    db,
  );
  await sql`
    with c as (select id, mentor_id, opened_on, row_number() over (order by id) - 1 as k from mentoring_case)
    insert into mentoring_session (held_on, mode, mentor_id, prep_minutes, contact_minutes, businesses, code)
    select c.opened_on + (g % 600)::int, case when g % 10 = 0 then 'kelompok' else 'kunjungan' end, c.mentor_id,
           g % 45, 30 + g % 90, case when g % 10 = 0 then 3 else 1 end, 'bench-' || g || '-' || c.id
    from generate_series(0, ${o.sessions} - 1) g
    join c on c.k = g % (select count(*) from mentoring_case)`.execute(db);
  // A session's first business is its case's; a group session adds the next two cases of the same mentor.
  await sql`
    with cm as (select id, business_id, mentor_id, row_number() over (partition by mentor_id order by id) - 1 as j,
                       count(*) over (partition by mentor_id) as cnt from mentoring_case),
         s as (select id, businesses, split_part(code, '-', 3)::bigint as case_id from mentoring_session
               where code like 'bench-%')
    insert into session_business (session_id, business_id, case_id)
    select s.id, c2.business_id, c2.id
    from s join cm c on c.id = s.case_id
    join cm c2 on c2.mentor_id = c.mentor_id and (c2.j - c.j + c.cnt) % c.cnt < least(s.businesses, c.cnt)`.execute(
    db,
  );
  // Keep n equal to the businesses each session got (a mentor with fewer than three cases).
  await sql`
    update mentoring_session s set businesses = x.n
    from (select session_id, count(*)::int as n from session_business group by session_id) x
    where x.session_id = s.id and s.businesses <> x.n`.execute(db);
  await sql`
    insert into milestone (business_id, case_id, kind, achieved_on, evidence_number, owner_confirmed_at)
    select business_id, id, (array['nib','pirt','halal','online_sales','capital_access','jobs'])[1 + id % 6],
           opened_on + 90, 'B-' || id, case when id % 2 = 0 then now() end
    from mentoring_case where id % 3 = 0`.execute(db);
  await sql`analyze`.execute(db);
}

/** A registry of `businesses` with monthly reports for `periods` months from 2020-01 (for the check alone). */
async function generateRegistry(db: DB, businesses: number, periods: number) {
  await sql`
    insert into owner (nik, name, gender, birth_date)
    select '3671' || lpad(g::text, 12, '0'), 'Pemilik ' || g, case when g % 2 = 0 then 'P' else 'L' end, date '1980-01-01'
    from generate_series(1, ${businesses}) g`.execute(db);
  await sql`
    with kel as (select code, row_number() over (order by code) - 1 as k, count(*) over () as n
                 from area where code like '36.71.%.%')
    insert into business (owner_id, name, name_key, sector, kelurahan_code, kecamatan_code, baseline_omzet)
    select o.id, 'Usaha ' || o.id, 'usaha ' || o.id,
           (array['kuliner','fesyen','kriya','jasa','perdagangan','lainnya'])[1 + o.id % 6],
           kel.code, left(kel.code, 8), 5000000 + (o.id % 50) * 100000
    from owner o join kel on kel.k = o.id % kel.n`.execute(db);
  await sql`
    insert into omzet_report (business_id, period, amount, source, category, decline_x10)
    select b.id, to_char(date '2020-01-01' + make_interval(months => p), 'YYYY-MM'), a.amount, 'import',
           omzet_category(b.baseline_omzet, a.amount), omzet_decline_x10(b.baseline_omzet, a.amount)
    from business b cross join generate_series(0, ${periods} - 1) p
    cross join lateral (select (b.baseline_omzet * (0.3 + ((b.id * 7 + p * 13) % 90) / 100.0))::bigint as amount) a`.execute(
    db,
  );
  await sql`insert into omzet_period (period) select distinct period from omzet_report on conflict do nothing`.execute(
    db,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const scale = Number(process.env.BENCH_OUTCOMES_SCALE ?? 0.1);
  const { config, openRun, removeDir } = await import('./support.ts');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bangkit-outcomes-bench-'));
  fs.chmodSync(dir, 0o755);
  const run = await openRun('embedded', dir);
  try {
    const db = run.database.db;
    const t0 = performance.now();
    await generateRegistry(db, Math.round(76_000 * scale), 24);
    await generateMentoring(db, {
      mentors: Math.max(3, Math.round(300 * scale)),
      cases: Math.round(20_000 * scale),
      sessions: Math.round(200_000 * scale),
    });
    console.log(`generated at scale ${scale} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    if (process.env.BENCH_OUTCOMES_PARTS) {
      const r = await import('../src/server/modules/mentoring/outcomes.repository.ts');
      const scope = { kind: 'city', area: config.deploymentArea } as const;
      const parts: [string, () => Promise<unknown>][] = [
        ['groups', () => r.groupFigures(db, scope, '2021-12-31')],
        ['milestones', () => r.milestoneFigures(db, scope, '2021-12-31')],
        ['strata', () => r.comparisonStrata(db, scope, '2021-12')],
        [
          'strata (previous statement)',
          () => r.comparisonStrataReference(db, scope, '2021-12', '2021-12-31'),
        ],
      ];
      for (const [name, f] of parts) console.log(name, (await timed(f)).p50.toFixed(1), 'ms');
      for (const q of [
        r.groupFiguresQuery(scope, '2021-12-31'),
        r.comparisonStrataQuery(scope, '2021-12', '2021-12-31'),
      ]) {
        const plan = await sql<{ 'QUERY PLAN': string }>`explain (analyze, costs off) ${q}`.execute(db);
        console.log(plan.rows.map((x) => x['QUERY PLAN']).join('\n'));
      }
    }
    for (const f of await outcomesFigures(db, config)) {
      const v = f.values;
      console.log(
        `${f.name}: p50 ${v.p50!.toFixed(1)} ms, p95 ${v.p95!.toFixed(1)} ms; naive SQL p50 ${v.baselineP50!.toFixed(1)} ms, p95 ${v.baselineP95!.toFixed(1)} ms`,
      );
    }
  } finally {
    await run.close();
    removeDir(dir);
  }
}
