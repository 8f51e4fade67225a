import { type RawBuilder, sql } from 'kysely';
import { DEFAULT_CASELOAD_CAP } from '../../../shared/mentoring.ts';
import type { Executor } from '../audit/audit.repository.ts';
import type { ImportContext } from '../imports/imports.service.ts';

/**
 * The set-based half of the sessions import: every staged row (sessions.import.ts) is judged by a few
 * statements over the whole file, in the order a person would check it, and the first reason that
 * applies rejects it. Then the cases the file opens, the sessions, their businesses and the audit entries
 * are written by INSERT … SELECT. The rules are those of mentoring.rules.ts: a certificate valid on the
 * session's day (issued_on <= day <= expires_on), and a case opened only below the mentor's cap, counting
 * the mentor's open cases and those this file opens before it, in file order.
 */
export async function decideSessions(trx: Executor, ctx: ImportContext, S: RawBuilder<unknown>) {
  const run = <R = unknown>(query: RawBuilder<R>) => query.execute(trx);
  const by = ctx.by;
  const actor = ctx.actor;

  // The mentors' profile rows first (the cap's lock, as lockCaseload takes it), then the tables: a case
  // opened meanwhile by hand waits for this import, and this import for it.
  await run(sql`select 1 from mentor_profile where user_id in (
      select u.id from app_user u where lower(u.email) in (select distinct email from ${S})) for update`);
  await run(sql`lock table mentoring_case, mentoring_session, session_business in share row exclusive mode`);

  // 1. A group session's rows agree on the day, the mentor, the mode and the minutes, or none is taken.
  await run(sql`update ${S} s set reason = 'group_mismatch' from (
      select code from ${S} group by code
      having count(distinct (held_on, email, mode, prep, contact)) > 1) g
    where s.code = g.code`);

  // 2–3. In one pass: the mentor (an account of role mentor, within the importer's scope), the owner by
  //      NIK (a merged owner's NIK leads to the survivor), then their active business of that name, or
  //      their only one when the name is left empty. The first that fails is the row's reason.
  const scope =
    by?.role === 'institution_admin'
      ? sql`u.institution_id = ${by.institutionId ?? -1}`
      : by?.role === 'mentor'
        ? sql`u.id = ${by.id}`
        : sql`true`;
  await run(sql`update ${S} s set mentor_id = r.mentor_id, owner_id = r.owner_id, business_id = r.business_id,
      reason = case when r.mentor_id is null then 'mentor_unknown'
                    when not r.in_scope then 'outside_scope'
                    when r.owner_id is null then 'nik_unknown'
                    when r.business_id is not null then null
                    when s.name_key is null and r.businesses > 1 then 'business_ambiguous'
                    else 'business_unknown' end
    from (
      select t.row_number, u.id as mentor_id, coalesce(${scope}, false) as in_scope,
             coalesce(o.merged_into_id, o.id) as owner_id, bz.businesses,
             case when t.name_key is null and bz.businesses = 1 then bz.only_id else bz.named_id end as business_id
      from ${S} t
      left join app_user u on lower(u.email) = t.email and u.role = 'mentor'
      left join owner o on o.nik = t.nik
      left join lateral (
        select count(*) as businesses, min(b.id) as only_id,
               min(b.id) filter (where b.name_key = t.name_key) as named_id
        from business b where b.owner_id = coalesce(o.merged_into_id, o.id) and b.archived_at is null) bz on true
      where t.reason is null) r
    where r.row_number = s.row_number`);

  // 4. A business once per session.
  await run(sql`update ${S} s set reason = 'duplicate_in_session' where s.reason is null and exists (
      select 1 from ${S} t where t.code = s.code and t.business_id = s.business_id and t.reason is null
        and t.row_number < s.row_number)`);

  // 5. A code already stored: the same session again (its business in it: unchanged; not yet: joins it),
  //    unless the stored one says otherwise.
  const conflict = sql`(m.held_on, m.mentor_id, m.mode, m.prep_minutes, m.contact_minutes)
    is distinct from (s.held_on, s.mentor_id, s.mode, s.prep, s.contact)`;
  await run(sql`update ${S} s set session_id = m.id,
      reason = case when ${conflict} then 'session_conflict' end,
      outcome = case when ${conflict} then null
                     when exists (select 1 from session_business sb
                                  where sb.session_id = m.id and sb.business_id = s.business_id) then 'unchanged'
                     else 'updated' end
    from mentoring_session m where m.code = s.code and s.reason is null`);
  const pending = sql`s.reason is null and s.outcome is distinct from 'unchanged'`;

  // 6. The mentor's certificate is valid on the session's day.
  await run(sql`update ${S} s set reason = 'certificate_invalid' where ${pending} and not exists (
      select 1 from mentor_certificate c
      where c.user_id = s.mentor_id and c.issued_on <= s.held_on and c.expires_on >= s.held_on)`);

  // 7. The business's open case is this mentor's, or the file opens one: with the mentor of the business's
  //    first row, below that mentor's cap counting the cases the file opens before it, in file order.
  await run(sql`update ${S} s set case_id = case when c.mentor_id = s.mentor_id then c.id end,
      reason = case when c.mentor_id <> s.mentor_id then 'case_other_mentor' end
    from mentoring_case c where c.business_id = s.business_id and c.closed_on is null and ${pending}`);
  await run(sql`create temp table import_new_case on commit drop as
    with waiting as (
      select s.business_id, s.mentor_id, s.row_number, s.held_on from ${S} s
      where ${pending} and s.case_id is null),
    firsts as (
      select distinct on (business_id) business_id, mentor_id, row_number from waiting
      order by business_id, row_number),
    ranked as (
      select f.*, row_number() over (partition by f.mentor_id order by f.row_number) as nth from firsts f),
    open_cases as (
      select c.mentor_id, count(*) as n from mentoring_case c
      where c.closed_on is null and c.mentor_id in (select mentor_id from firsts) group by c.mentor_id),
    first_day as (
      select w.business_id, min(w.held_on) as opened_on from waiting w
      join firsts f on f.business_id = w.business_id and f.mentor_id = w.mentor_id group by w.business_id)
    select r.business_id, r.mentor_id, d.opened_on,
           r.nth + coalesce(o.n, 0) <= coalesce(p.caseload_cap, ${DEFAULT_CASELOAD_CAP}) as allowed
    from ranked r join first_day d on d.business_id = r.business_id
    left join open_cases o on o.mentor_id = r.mentor_id
    left join mentor_profile p on p.user_id = r.mentor_id`);
  await run(sql`update ${S} s set reason = case when n.mentor_id <> s.mentor_id then 'case_other_mentor'
                                          else 'cap_exceeded' end
    from import_new_case n
    where n.business_id = s.business_id and ${pending} and s.case_id is null
      and (n.mentor_id <> s.mentor_id or not n.allowed)`);
  const opened = await run<{ n: number }>(sql`
    with made as (
      insert into mentoring_case (business_id, mentor_id, opened_on, opened_by)
      select n.business_id, n.mentor_id, n.opened_on, ${actor.id}::bigint
      from import_new_case n where n.allowed
      returning id, business_id, mentor_id, opened_on),
    assigned as (
      insert into case_assignment (case_id, mentor_id, from_on, reason, assigned_by)
      select id, mentor_id, opened_on, 'Impor sesi', ${actor.id}::bigint from made),
    registry as (
      update business b set mentor_id = m.mentor_id from made m where b.id = m.business_id
      returning b.id, b.kelurahan_code),
    audited as (
      insert into audit_log (actor_id, actor_label, action, entity, entity_id, area_code, new_values, request_id, ip)
      select ${actor.id}::bigint, ${actor.label}::text, 'import_create', 'mentoring_case', m.id::text,
             r.kelurahan_code,
             jsonb_build_object('business_id', m.business_id, 'mentor_id', m.mentor_id,
                                'opened_on', m.opened_on, 'job', ${ctx.job.id}::bigint),
             ${actor.requestId ?? null}::text, ${actor.ip ?? null}::text
      from made m join registry r on r.id = m.business_id),
    staged as (
      update ${S} s set case_id = m.id from made m where s.business_id = m.business_id and ${pending}
        and s.case_id is null)
    select count(*)::int as n from made`);

  // 8. The new sessions, one per code, with the businesses their rows kept; stored ones gain theirs.
  const sessions = await run<{ n: number }>(sql`
    with made as (
      insert into mentoring_session (code, held_on, mode, mentor_id, prep_minutes, contact_minutes, topics,
                                     notes, businesses, job_id, created_by)
      select s.code, min(s.held_on), min(s.mode), min(s.mentor_id), min(s.prep), min(s.contact),
             coalesce(array_agg(distinct t.topic order by t.topic) filter (where t.topic is not null), '{}'),
             string_agg(distinct s.notes, ' | '), count(distinct s.row_number), ${ctx.job.id}::bigint,
             ${actor.id}::bigint
      from ${S} s left join lateral unnest(s.topics) as t(topic) on true
      where s.reason is null and s.session_id is null group by s.code
      returning id, code),
    staged as (
      update ${S} s set session_id = m.id, outcome = 'created' from made m
      where s.code = m.code and s.reason is null and s.session_id is null)
    select count(*)::int as n from made`);
  await run(sql`insert into session_business (session_id, business_id, case_id)
    select session_id, business_id, case_id from ${S}
    where reason is null and outcome in ('created', 'updated')`);
  await run(sql`update mentoring_session m set businesses = m.businesses + a.n, updated_at = now()
    from (select session_id, count(*)::int as n from ${S} where reason is null and outcome = 'updated'
          group by session_id) a
    where m.id = a.session_id`);

  const outcomes = await sql<{ outcome: string | null; reason: string | null; n: number }>`
    select outcome, reason, count(*)::int as n from ${S} group by outcome, reason`.execute(trx);
  const count = (outcome: string) =>
    outcomes.rows.filter((r) => r.outcome === outcome && r.reason === null).reduce((a, r) => a + r.n, 0);
  const created = count('created');
  const updated = count('updated');
  ctx.changed('mentoring_session', sessions.rows[0]!.n);
  ctx.changed('session_business', created + updated);
  ctx.changed('mentoring_case', opened.rows[0]!.n);
  return {
    created,
    updated,
    unchanged: count('unchanged'),
    sessions: sessions.rows[0]!.n,
    casesOpened: opened.rows[0]!.n,
    reasons: outcomes.rows
      .filter((r): r is { outcome: null; reason: string; n: number } => r.reason !== null)
      .map(({ reason, n }) => ({ reason, n })),
  };
}
