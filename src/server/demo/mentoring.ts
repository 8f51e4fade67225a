import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Config } from '../config.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { localToday } from '../http/dates.ts';
import type { Actor } from '../http/guard.ts';
import type { Executor } from '../modules/audit/audit.repository.ts';
import { createJob, type Importer, runJob } from '../modules/imports/imports.service.ts';
import { mentorImporter } from '../modules/mentoring/mentors.import.ts';
import { sessionImporter } from '../modules/mentoring/sessions.import.ts';
import {
  DEMO_INSTITUTIONS,
  type DemoBusiness,
  demoMentors,
  demoMentorsCsv,
  demoSessionsCsv,
} from './mentoring-data.ts';

/**
 * The mentoring demo: institutions, mentors, cases and sessions through the mentor and session importers
 * (the path an institution's files take), then what no import carries, in a few set-based statements:
 * the institutions' details, action items, milestones (the legality ones written to the registry, as the
 * milestone rule does), a few closed cases and rollout targets. Only the sessions this run stored get
 * action items and milestones, so a second seed adds nothing.
 */
export async function seedMentoringDemo(database: DatabaseHandle, config: Config, actor: Actor, dir: string) {
  const { db } = database;
  const today = localToday(config.timezone);
  const registry = await sql<DemoBusiness>`
    select o.nik, b.name, b.kelurahan_code as kelurahan, b.kecamatan_code as kecamatan
    from business b join owner o on o.id = b.owner_id
    where b.archived_at is null and o.merged_into_id is null
    order by b.id`.execute(db);
  const mentors = demoMentors(registry.rows, today);
  const run = async (importer: Importer, name: string, content: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    const job = await createJob(database, importer, { path: file, name }, actor, null);
    return { job: job.id, summary: await runJob({ database, config }, importer, job, file, actor, null) };
  };
  const mentorJob = await run(mentorImporter, 'demo-pendamping.csv', demoMentorsCsv(mentors));
  const sessionJob = await run(
    sessionImporter,
    'demo-sesi.csv',
    demoSessionsCsv(mentors, registry.rows, today),
  );
  await db.transaction().execute(async (trx) => {
    for (const i of DEMO_INSTITUTIONS)
      await trx
        .updateTable('institution')
        .set({ type: i.type, contact_name: i.contact, phone: i.phone, address: i.address })
        .where('name', '=', i.name)
        .where('contact_name', 'is', null)
        .execute();
    await demoFollowUps(trx, sessionJob.job, today, actor);
  });
  return { mentors: mentorJob.summary, sessions: sessionJob.summary };
}

async function demoFollowUps(trx: Executor, job: number, today: string, actor: Actor) {
  // Action items: two in five business-sessions, the older ones mostly done.
  await sql`insert into action_item (session_id, business_id, what, owner_side, due_on, done_at, done_by)
    select sb.session_id, sb.business_id,
           (array['Foto ulang produk dengan latar putih', 'Catat penjualan harian selama dua minggu',
                  'Lengkapi berkas pendaftaran NIB', 'Coba kemasan baru ke lima pelanggan',
                  'Unggah katalog ke marketplace', 'Siapkan fotokopi KTP dan KK untuk bank',
                  'Kirim contoh label ke pendamping'])[1 + (sb.session_id + sb.business_id) % 7],
           case when (sb.session_id + sb.business_id) % 3 = 0 then 'mentor' else 'owner' end,
           s.held_on + 14,
           case when s.held_on + 14 < ${today}::date and (sb.session_id * 7 + sb.business_id) % 10 < 7
                then (s.held_on + 12)::timestamptz end,
           case when s.held_on + 14 < ${today}::date and (sb.session_id * 7 + sb.business_id) % 10 < 7
                then case when (sb.session_id + sb.business_id) % 3 = 0 then s.mentor_id end end
    from session_business sb join mentoring_session s on s.id = sb.session_id
    where s.job_id = ${job} and (sb.session_id * 3 + sb.business_id) % 5 < 2`.execute(trx);

  // Milestones on about a third of the cases this run opened, each with the evidence its kind needs.
  await sql`create temp table demo_milestone on commit drop as
    select c.id as case_id, c.business_id, c.mentor_id,
           (array['nib','pirt','halal','online_sales','capital_access','jobs','hki','cooperative'])[1 + c.id % 8] as kind,
           least(c.opened_on + (20 + c.id % 90)::int, ${today}::date) as achieved_on
    from mentoring_case c
    where c.id in (select sb.case_id from session_business sb join mentoring_session s on s.id = sb.session_id
                   where s.job_id = ${job})
      and c.id % 3 = 0`.execute(trx);
  await sql`insert into milestone (business_id, case_id, kind, achieved_on, evidence_number, details,
                                   verified_by, owner_confirmed_at)
    select m.business_id, m.case_id, m.kind, m.achieved_on,
           case m.kind when 'nib' then lpad((9120000000000 + m.business_id)::text, 13, '0')
                       when 'pirt' then 'P-IRT ' || (2036710000000 + m.business_id)::text || '-26'
                       when 'halal' then 'ID36110000' || lpad(m.business_id::text, 6, '0') || '1125'
                       when 'hki' then 'IDM000' || lpad(m.business_id::text, 6, '0')
                       when 'cooperative' then 'KOP/' || m.business_id || '/2026' end,
           case m.kind when 'online_sales' then jsonb_build_object('channel', 'Shopee')
                       when 'capital_access' then jsonb_build_object('lender', 'BRI (KUR Mikro)',
                                                                     'amount', 10000000 + (m.case_id % 5) * 5000000)
                       when 'jobs' then jsonb_build_object('created', 1 + m.case_id % 3, 'retained', 2)
                       else '{}'::jsonb end,
           m.mentor_id,
           case when m.case_id % 5 < 3 then (m.achieved_on + 5)::timestamptz end
    from demo_milestone m`.execute(trx);
  // The legality ladder's milestones are the registry's legality, as the milestone rule writes them.
  await sql`update business b set legality = b.legality || jsonb_build_object(m.kind,
      jsonb_build_object('number', ms.evidence_number, 'date', m.achieved_on)), updated_at = now()
    from demo_milestone m join milestone ms on ms.case_id = m.case_id and ms.kind = m.kind
    where b.id = m.business_id and m.kind in ('nib', 'pirt', 'halal', 'hki')`.execute(trx);

  // A few cases closed with an outcome a week after their last session.
  await sql`with closing as (
      select c.id, max(s.held_on) + 7 as closed_on from mentoring_case c
      join session_business sb on sb.case_id = c.id join mentoring_session s on s.id = sb.session_id
      where s.job_id = ${job} and c.closed_on is null and c.id % 11 = 5
      group by c.id having max(s.held_on) + 7 <= ${today}::date),
    closed as (
      update mentoring_case c set closed_on = x.closed_on,
        outcome = case when c.id % 2 = 0 then 'goals_met' else 'partly_met' end,
        outcome_note = 'Ditutup setelah target pendampingan tercapai.', updated_at = now()
      from closing x where c.id = x.id returning c.id, c.closed_on)
    update case_assignment a set to_on = x.closed_on from closed x where a.case_id = x.id and a.to_on is null`.execute(
    trx,
  );

  // Rollout targets: the kelurahan the demo's mentors cover, due over the coming months.
  await sql`insert into rollout_target (kelurahan_code, target_businesses, target_month, updated_by)
    select a.kelurahan_code, 15 + (row_number() over (order by a.kelurahan_code))::int % 4 * 5,
           to_char(${today}::date + ((row_number() over (order by a.kelurahan_code)) % 6 * 30)::int, 'YYYY-MM'),
           ${actor.id}::bigint
    from (select distinct kelurahan_code from mentor_area) a
    on conflict (kelurahan_code) do nothing`.execute(trx);
}
