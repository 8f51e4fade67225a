import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { makeBusiness } from '../../../../test/support/builders.ts';
import { makeCase, makeInstitution, makeMentor, makeSession } from '../../../../test/support/mentoring.ts';
import { localToday, shiftDay } from '../../http/dates.ts';

/**
 * The mentoring items of the work queue on Home, per role and scope: a mentor's overdue follow-ups and quiet
 * cases, an institution admin's quiet cases and expiring certificates, the office's expiring certificates,
 * an officer's kelurahan behind the rollout plan, an owner's own items and milestones. Each count equals
 * the total of the list its link opens, which lists exactly the counted records.
 */

let t: TestApp;
let admin: string;
let today: string;
const day = (days: number) => shiftDay(today, days);
const month = (months: number) => {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
};

const world = {} as {
  m1: Awaited<ReturnType<typeof makeMentor>>;
  m2: Awaited<ReturnType<typeof makeMentor>>;
  m3: Awaited<ReturnType<typeof makeMentor>>;
  inst1Admin: string;
  inst2Admin: string;
  cipondoh: string;
  karawaci: string;
  owner: string;
  ownerBusinessName: string;
  ownerBusinessId: number;
  cases: Record<string, number>;
};

type Item = { key: string; count: number; params: Record<string, string | number>; link: string };

async function queue(cookie: string): Promise<Item[]> {
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/me/work-queue', headers: { cookie } });
  expect(res.statusCode).toBe(200);
  return res.json().items;
}

const keyed = async (cookie: string, key: string) => (await queue(cookie)).filter((i) => i.key === key);

/** The one item of `key`, with the ids listed by the API list its link opens (same filters, same user). */
async function itemWithList(cookie: string, key: string, api: (link: URL) => string) {
  const items = await keyed(cookie, key);
  expect(items).toHaveLength(1);
  const link = new URL(items[0]!.link, 'http://app.local');
  const res = await t.app.inject({ method: 'GET', url: api(link), headers: { cookie } });
  expect(res.statusCode).toBe(200);
  const body = res.json();
  expect(body.total).toBe(items[0]!.count);
  return { ...items[0]!, listed: (body.items as { id: number }[]).map((r) => r.id).sort((a, b) => a - b) };
}

const casesApi = (link: URL) => {
  expect(link.pathname).toBe('/mentoring');
  return `/api/v1/mentoring/cases?${link.searchParams}&pageSize=100`;
};
const mentorsApi = (link: URL) => {
  expect(link.pathname).toBe('/mentors');
  return `/api/v1/mentors?${link.searchParams}&pageSize=100`;
};

beforeAll(async () => {
  t = await createTestApp();
  today = localToday(t.config.timezone);
  admin = (await t.signedIn({ role: 'admin' })).cookie;
  const inst1 = await makeInstitution(t, 'Lembaga Satu');
  const inst2 = await makeInstitution(t, 'Lembaga Dua');
  world.m1 = await makeMentor(t, {
    institutionId: inst1.id,
    certificate: { issuedOn: '2024-01-01', expiresOn: day(20) },
  });
  world.m2 = await makeMentor(t, { institutionId: inst1.id });
  world.m3 = await makeMentor(t, {
    institutionId: inst2.id,
    certificate: { issuedOn: '2024-01-01', expiresOn: day(45) },
  });
  // A mentor whose certificate ends in 90 days is not yet a concern (the window is 60 days).
  await makeMentor(t, {
    institutionId: inst2.id,
    certificate: { issuedOn: '2024-01-01', expiresOn: day(90) },
  });
  world.inst1Admin = (await t.signedIn({ role: 'institution_admin', institutionId: inst1.id })).cookie;
  world.inst2Admin = (await t.signedIn({ role: 'institution_admin', institutionId: inst2.id })).cookie;
  world.cipondoh = (await t.signedIn({ role: 'area_officer', areaCode: '36.71.05' })).cookie;
  world.karawaci = (await t.signedIn({ role: 'area_officer', areaCode: '36.71.07' })).cookie;

  const business = async () =>
    (await makeBusiness(t, admin, { kelurahanCode: '36.71.05.1001' })).id as number;
  const [b1, b2, b3, b4, b5] = [
    await business(),
    await business(),
    await business(),
    await business(),
    await business(),
  ];
  const m1 = world.m1.user.id;
  const cases: Record<string, number> = {};
  // m1: quiet (last session 40 days ago), active (session 5 days ago, with an overdue follow-up),
  // new (opened 10 days ago, no session yet: not quiet), closed long ago.
  cases.quiet = (await makeCase(t, b1, m1, day(-90))).id;
  await makeSession(t, { mentorId: m1, cases: [{ businessId: b1, caseId: cases.quiet }], heldOn: day(-40) });
  cases.active = (await makeCase(t, b2, m1, day(-90))).id;
  const recent = await makeSession(t, {
    mentorId: m1,
    cases: [{ businessId: b2, caseId: cases.active }],
    heldOn: day(-5),
  });
  cases.fresh = (await makeCase(t, b3, m1, day(-10))).id;
  cases.closed = (await makeCase(t, b5, m1, day(-200))).id;
  await t.db
    .updateTable('mentoring_case')
    .set({ closed_on: day(-100), outcome: 'goals_met' })
    .where('id', '=', cases.closed)
    .execute();
  // m2 (same institution): one case with no session since it opened 60 days ago.
  cases.untouched = (await makeCase(t, b4, world.m2.user.id, day(-60))).id;
  world.cases = cases;

  const item = (side: 'mentor' | 'owner', due: string, done = false) =>
    t.db
      .insertInto('action_item')
      .values({
        session_id: recent.id,
        business_id: b2,
        what: `Tindak lanjut ${side} ${due}`,
        owner_side: side,
        due_on: due,
        done_at: done ? new Date() : null,
        done_by: null,
      })
      .execute();
  await item('mentor', day(-1)); // overdue: counts
  await item('mentor', day(-3), true); // done: does not
  await item('mentor', today); // due today: not yet overdue
  await item('owner', day(-2)); // the owner's to do, not the mentor's
  await item('owner', day(7));

  // b2's owner has an account: their open items and a milestone to confirm.
  const ownerUser = await t.makeUser({ role: 'business_owner' });
  const b2Row = await t.db
    .selectFrom('business')
    .select(['owner_id', 'name'])
    .where('id', '=', b2)
    .executeTakeFirstOrThrow();
  await t.db.updateTable('owner').set({ user_id: ownerUser.id }).where('id', '=', b2Row.owner_id).execute();
  world.owner = await t.login(ownerUser.email, ownerUser.password);
  world.ownerBusinessName = b2Row.name;
  world.ownerBusinessId = b2;
  for (const confirmed of [false, true]) {
    await t.db
      .insertInto('milestone')
      .values({
        business_id: b2,
        case_id: cases.active,
        kind: 'nib',
        achieved_on: day(-3),
        evidence_number: '9120001234567',
        evidence_file: null,
        evidence_type: null,
        details: JSON.stringify({}),
        verified_by: m1,
        owner_confirmed_at: confirmed ? new Date() : null,
      })
      .execute();
  }
});
afterAll(() => t.close());

describe('mentoring items in the work queue', () => {
  it('gives a mentor their cases with a follow-up past due and their open cases quiet for 30 days', async () => {
    const { cookie } = world.m1;
    expect(await itemWithList(cookie, 'mentoring.followUpOverdue', casesApi)).toMatchObject({
      count: 1,
      listed: [world.cases.active],
    });
    expect(await itemWithList(cookie, 'mentoring.noRecentSession', casesApi)).toMatchObject({
      count: 1,
      listed: [world.cases.quiet],
    });
    // m2 sees only their own quiet case and has no follow-up due.
    expect(await itemWithList(world.m2.cookie, 'mentoring.noRecentSession', casesApi)).toMatchObject({
      count: 1,
      listed: [world.cases.untouched],
    });
    expect(await keyed(world.m2.cookie, 'mentoring.followUpOverdue')).toEqual([]);
    // m3 has no cases at all: nothing waits.
    expect(await queue(world.m3.cookie)).toEqual([]);
  });

  it("gives an institution admin their own mentors' quiet cases and expiring certificates", async () => {
    expect(await itemWithList(world.inst1Admin, 'mentoring.noRecentSession', casesApi)).toMatchObject({
      count: 2,
      listed: [world.cases.quiet, world.cases.untouched].sort((a, b) => a - b),
    });
    expect(await itemWithList(world.inst1Admin, 'mentoring.certificatesExpiring', mentorsApi)).toMatchObject({
      count: 1,
      listed: [world.m1.user.id],
    });
    expect(await itemWithList(world.inst2Admin, 'mentoring.certificatesExpiring', mentorsApi)).toMatchObject({
      count: 1,
      listed: [world.m3.user.id],
    });
    expect(await keyed(world.inst2Admin, 'mentoring.noRecentSession')).toEqual([]);
    expect(await keyed(world.inst1Admin, 'mentoring.followUpOverdue')).toEqual([]);
  });

  it('gives the office every institution’s certificates ending within 60 days', async () => {
    expect(await itemWithList(admin, 'mentoring.certificatesExpiring', mentorsApi)).toMatchObject({
      count: 2,
      listed: [world.m1.user.id, world.m3.user.id].sort((a, b) => a - b),
    });
  });

  it('gives an area officer the kelurahan of their area behind the rollout plan', async () => {
    expect(await keyed(world.cipondoh, 'mentoring.rolloutBehind')).toEqual([]);
    const put = (code: string, payload: object) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/v1/mentoring/rollout/kelurahan/${code}`,
        headers: { cookie: admin },
        payload,
      });
    // 36.71.05.1001 has reached 5 businesses: behind a target of 8 that ended last month, on track for 5.
    expect(
      (await put('36.71.05.1001', { targetBusinesses: 8, targetMonth: month(-1), startMonth: month(-6) }))
        .statusCode,
    ).toBe(200);
    expect(
      (await put('36.71.05.1002', { targetBusinesses: 4, targetMonth: month(-1), startMonth: month(-6) }))
        .statusCode,
    ).toBe(200);
    expect(
      (await put('36.71.07.1001', { targetBusinesses: 4, targetMonth: month(-1), startMonth: month(-6) }))
        .statusCode,
    ).toBe(200);
    const [item] = await keyed(world.cipondoh, 'mentoring.rolloutBehind');
    expect(item).toMatchObject({ count: 2, link: '/mentoring/coverage?behind=1' });
    // The board the link opens marks exactly those kelurahan of the officer's area.
    const board = await t.app.inject({
      method: 'GET',
      url: '/api/v1/mentoring/coverage?level=kelurahan',
      headers: { cookie: world.cipondoh },
    });
    const behind = (board.json().rows as { code: string; rollout: { behind: boolean } | null }[])
      .filter((r) => r.rollout?.behind)
      .map((r) => r.code);
    expect(behind).toEqual(['36.71.05.1001', '36.71.05.1002']);
    expect(await keyed(world.karawaci, 'mentoring.rolloutBehind')).toMatchObject([{ count: 1 }]);
    // Targets met: nothing waits.
    expect(
      (await put('36.71.05.1001', { targetBusinesses: 5, targetMonth: month(-1), startMonth: month(-6) }))
        .statusCode,
    ).toBe(200);
    expect(await keyed(world.cipondoh, 'mentoring.rolloutBehind')).toMatchObject([{ count: 1 }]);
  });

  it('gives an owner their own open action items and the milestones to confirm, per business', async () => {
    const items = await queue(world.owner);
    expect(items).toEqual([
      {
        key: 'mentoring.ownerActionItems',
        count: 2,
        params: { business: world.ownerBusinessName },
        link: `/my/businesses/${world.ownerBusinessId}#action-items`,
        severity: 'warning',
      },
      {
        key: 'mentoring.ownerMilestones',
        count: 1,
        params: { business: world.ownerBusinessName },
        link: `/my/businesses/${world.ownerBusinessId}#milestones`,
        severity: 'info',
      },
    ]);
  });
});
