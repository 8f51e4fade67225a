import { type ExpressionBuilder, sql } from 'kysely';
import type { DB } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import type { Executor } from '../audit/audit.repository.ts';

/**
 * The SQL of the owner's own view. Every read here is limited to the businesses whose owner record is linked
 * to the signed-in account (`owner.user_id`); a row of anyone else's business is simply not found.
 */

type BusinessEB = ExpressionBuilder<Database & { b: Database['business'] }, 'b'>;

/** The business `b` belongs to the owner account `userId`. */
const ownedBy = (userId: number) => (eb: BusinessEB) =>
  eb('b.owner_id', 'in', eb.selectFrom('owner as o').select('o.id').where('o.user_id', '=', userId));

export async function listOwnBusinesses(db: DB, userId: number) {
  return db
    .selectFrom('business as b')
    .innerJoin('area as kel', 'kel.code', 'b.kelurahan_code')
    .innerJoin('area as kec', 'kec.code', 'b.kecamatan_code')
    .leftJoin('app_user as mu', 'mu.id', 'b.mentor_id')
    .leftJoin('institution as i', 'i.id', 'mu.institution_id')
    .leftJoin('mentor_profile as mp', 'mp.user_id', 'mu.id')
    .select((eb) => [
      'b.id',
      'b.name',
      'b.sector',
      'b.archived_at',
      'kel.name as kelurahan_name',
      'kec.name as kecamatan_name',
      'mu.id as mentor_id',
      'mu.name as mentor_name',
      'i.name as institution_name',
      'mp.phone as mentor_phone',
      eb
        .selectFrom('session_credit as sc')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('sc.business_id', '=', 'b.id')
        .as('sessions'),
      eb
        .selectFrom('session_credit as sc')
        .select(sql<number>`coalesce(sum(sc.credited_x_n::float8 / sc.n), 0)::float8`.as('m'))
        .whereRef('sc.business_id', '=', 'b.id')
        .as('credited_minutes'),
      eb
        .selectFrom('action_item as ai')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('ai.business_id', '=', 'b.id')
        .where('ai.owner_side', '=', 'owner')
        .where('ai.done_at', 'is', null)
        .as('open_owner_items'),
      eb
        .selectFrom('milestone as m')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('m.business_id', '=', 'b.id')
        .where('m.owner_confirmed_at', 'is', null)
        .as('unconfirmed_milestones'),
      eb
        .selectFrom('omzet_report as r')
        .select(sql<string>`max(r.period)`.as('p'))
        .whereRef('r.business_id', '=', 'b.id')
        .as('latest_period'),
    ])
    .where(ownedBy(userId))
    .orderBy('b.archived_at', (ob) => ob.nullsFirst())
    .orderBy('b.name')
    .execute();
}

/** One business of the owner with its mentor, or undefined when it is not theirs. */
export async function findOwnBusiness(db: DB, userId: number, businessId: number) {
  return db
    .selectFrom('business as b')
    .leftJoin('app_user as mu', 'mu.id', 'b.mentor_id')
    .leftJoin('institution as i', 'i.id', 'mu.institution_id')
    .leftJoin('mentor_profile as mp', 'mp.user_id', 'mu.id')
    .select([
      'b.id',
      'b.name',
      'b.archived_at',
      'mu.id as mentor_id',
      'mu.name as mentor_name',
      'i.name as institution_name',
      'mp.phone as mentor_phone',
    ])
    .where('b.id', '=', businessId)
    .where(ownedBy(userId))
    .executeTakeFirst();
}

/** The business's open case, else its last one. */
export async function findCurrentCase(db: DB, businessId: number) {
  return db
    .selectFrom('mentoring_case')
    .select(['opened_on', 'closed_on', 'outcome'])
    .where('business_id', '=', businessId)
    .orderBy(sql`closed_on is null`, 'desc')
    .orderBy('opened_on', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function listSessionsOf(db: DB, businessId: number) {
  return db
    .selectFrom('session_credit as sc')
    .innerJoin('mentoring_session as s', 's.id', 'sc.session_id')
    .innerJoin('app_user as mu', 'mu.id', 'sc.mentor_id')
    .select([
      'sc.session_id as id',
      'sc.held_on',
      'sc.mode',
      's.topics',
      'sc.n',
      'sc.credited_x_n',
      'mu.name as mentor_name',
    ])
    .where('sc.business_id', '=', businessId)
    .orderBy('sc.held_on', 'desc')
    .orderBy('sc.session_id', 'desc')
    .execute();
}

/** Open items (soonest due first), then the 20 done most recently. */
export async function listActionItemsOf(db: DB, businessId: number) {
  const columns = [
    'ai.id',
    'ai.what',
    'ai.owner_side',
    'ai.due_on',
    'ai.done_at',
    's.held_on as session_on',
  ] as const;
  const open = await db
    .selectFrom('action_item as ai')
    .innerJoin('mentoring_session as s', 's.id', 'ai.session_id')
    .select(columns)
    .where('ai.business_id', '=', businessId)
    .where('ai.done_at', 'is', null)
    .orderBy('ai.due_on', (ob) => ob.asc().nullsLast())
    .orderBy('ai.id')
    .execute();
  const done = await db
    .selectFrom('action_item as ai')
    .innerJoin('mentoring_session as s', 's.id', 'ai.session_id')
    .select(columns)
    .where('ai.business_id', '=', businessId)
    .where('ai.done_at', 'is not', null)
    .orderBy('ai.done_at', 'desc')
    .orderBy('ai.id', 'desc')
    .limit(20)
    .execute();
  return [...open, ...done];
}

/** A milestone as the owner sees it: what, when, its evidence and who verified it. */
function milestoneQuery(db: Executor) {
  return db
    .selectFrom('milestone as m')
    .leftJoin('app_user as vu', 'vu.id', 'm.verified_by')
    .select([
      'm.id',
      'm.kind',
      'm.achieved_on',
      'm.evidence_number',
      'm.details',
      'm.owner_confirmed_at',
      'vu.name as verified_by',
    ]);
}

export async function listMilestonesOf(db: DB, businessId: number) {
  return milestoneQuery(db)
    .where('m.business_id', '=', businessId)
    .orderBy('m.achieved_on', 'desc')
    .orderBy('m.id', 'desc')
    .execute();
}

/** An action item of one of the owner's businesses as their view shows it; undefined when not theirs. */
export async function findOwnActionItem(db: Executor, userId: number, itemId: number) {
  return db
    .selectFrom('action_item as ai')
    .innerJoin('business as b', 'b.id', 'ai.business_id')
    .innerJoin('mentoring_session as s', 's.id', 'ai.session_id')
    .select(['ai.id', 'ai.what', 'ai.owner_side', 'ai.due_on', 'ai.done_at', 's.held_on as session_on'])
    .where('ai.id', '=', itemId)
    .where(ownedBy(userId))
    .executeTakeFirst();
}

export async function findMilestone(db: Executor, milestoneId: number) {
  return milestoneQuery(db).where('m.id', '=', milestoneId).executeTakeFirstOrThrow();
}

export async function listConsents(db: Executor, userId: number) {
  return db
    .selectFrom('owner_consent')
    .select(['text_version', 'agreed_at'])
    .where('user_id', '=', userId)
    .orderBy('agreed_at', 'desc')
    .execute();
}

/** Records the agreement once per version; true when this call recorded it. */
export async function insertConsent(trx: Executor, userId: number, version: string, ip: string | null) {
  const row = await trx
    .insertInto('owner_consent')
    .values({ user_id: userId, text_version: version, ip })
    .onConflict((oc) => oc.columns(['user_id', 'text_version']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** A business with its owner record locked (the account is linked to the owner), for the account's creation. */
export async function lockBusinessOwner(trx: Executor, businessId: number) {
  return trx
    .selectFrom('business as b')
    .innerJoin('owner as o', 'o.id', 'b.owner_id')
    .select([
      'b.id',
      'b.kelurahan_code',
      'b.mentor_id',
      'o.id as owner_id',
      'o.name as owner_name',
      'o.user_id',
    ])
    .where('b.id', '=', businessId)
    .forUpdate('o')
    .executeTakeFirst();
}

export async function findBusinessOwnerAccount(db: Executor, businessId: number) {
  return db
    .selectFrom('business as b')
    .innerJoin('owner as o', 'o.id', 'b.owner_id')
    .leftJoin('app_user as u', 'u.id', 'o.user_id')
    .select([
      'b.id',
      'b.kelurahan_code',
      'b.mentor_id',
      'o.id as owner_id',
      'o.name as owner_name',
      'u.id as user_id',
      'u.email',
      'u.disabled_at',
      'u.must_change_password',
      'u.last_login_at',
    ])
    .where('b.id', '=', businessId)
    .executeTakeFirst();
}

export async function linkOwnerAccount(trx: Executor, ownerId: number, userId: number) {
  await trx
    .updateTable('owner')
    .set({ user_id: userId, updated_at: new Date() })
    .where('id', '=', ownerId)
    .execute();
}
