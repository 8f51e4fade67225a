import type { SideFixture, World } from './world.ts';

/*
 * Mentoring records on a side for the owner's routes (`/api/v1/me/...`): an action item of the owner's side
 * and a milestone, fresh for each request, on the side's business (through its open case and one session).
 */

const sessions = new Map<number, number>();

async function sessionOf(f: SideFixture, w: World): Promise<number> {
  const known = sessions.get(f.businessId);
  if (known) return known;
  const db = w.t.db;
  const business = await db
    .selectFrom('business')
    .select('mentor_id')
    .where('id', '=', f.businessId)
    .executeTakeFirstOrThrow();
  const mentorId = business.mentor_id ?? f.mentorUserId;
  const open = await db
    .selectFrom('mentoring_case')
    .select(['id', 'mentor_id'])
    .where('business_id', '=', f.businessId)
    .where('closed_on', 'is', null)
    .executeTakeFirst();
  const kase =
    open ??
    (await db
      .insertInto('mentoring_case')
      .values({ business_id: f.businessId, mentor_id: mentorId, opened_on: '2024-01-10', opened_by: null })
      .returning(['id', 'mentor_id'])
      .executeTakeFirstOrThrow());
  const session = await db
    .insertInto('mentoring_session')
    .values({
      code: null,
      idempotency_key: null,
      held_on: '2024-02-01',
      mode: 'kunjungan',
      mentor_id: kase.mentor_id,
      prep_minutes: 15,
      contact_minutes: 45,
      topics: ['pemasaran'],
      problems: null,
      notes: null,
      businesses: 1,
      job_id: null,
      created_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('session_business')
    .values({ session_id: session.id, business_id: f.businessId, case_id: kase.id })
    .execute();
  sessions.set(f.businessId, session.id);
  return session.id;
}

export async function freshOwnerItem(f: SideFixture, w: World): Promise<number> {
  const sessionId = await sessionOf(f, w);
  const row = await w.t.db
    .insertInto('action_item')
    .values({ session_id: sessionId, business_id: f.businessId, what: 'Foto produk', owner_side: 'owner' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function freshMilestone(f: SideFixture, w: World): Promise<number> {
  const row = await w.t.db
    .insertInto('milestone')
    .values({
      business_id: f.businessId,
      case_id: null,
      kind: 'nib',
      achieved_on: '2024-03-01',
      evidence_number: `91200${w.next()}`,
      evidence_file: null,
      evidence_type: null,
      details: '{}',
      verified_by: null,
      owner_confirmed_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
