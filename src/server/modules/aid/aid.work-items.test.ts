import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { makeMentor } from '../../../../test/support/mentoring.ts';
import { applicantJson, makeApplicant, makeProgram } from './aid.fixtures.ts';

/**
 * The aid proposals waiting on Home: each officer sees the proposals of their area waiting for their own
 * step (not a level after one they verified themselves), the office those waiting for approval; the link's
 * list (`awaiting=me`) shows exactly the counted proposals.
 */

let t: TestApp;
let admin: string;
let kelurahan: string; // 36.71.05.1001
let kecamatan: string; // 36.71.05, the one who also does field checks
let colleague: string; // another officer of the kecamatan 36.71.05
let karawaci: string; // 36.71.07
let mentor: string;
let program: string;
const ids: Record<string, number> = {};

const call = (method: 'GET' | 'POST' | 'PATCH', url: string, cookie: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie }, payload });

async function enter(serial: number, kelurahanCode: string) {
  const res = await call(
    'POST',
    `/api/v1/aid/programs/${program}/proposals`,
    admin,
    applicantJson(makeApplicant(serial, { kode_kelurahan: kelurahanCode })),
  );
  if (res.statusCode !== 201) throw new Error(`enter: ${res.statusCode} ${res.body}`);
  return res.json().proposal.id as number;
}

async function move(id: number, cookie: string, to: string) {
  const res = await call('POST', `/api/v1/aid/proposals/${id}/transitions`, cookie, { to, note: 'Dicek' });
  if (res.statusCode !== 200) throw new Error(`move: ${res.statusCode} ${res.body}`);
}

async function queue(cookie: string) {
  const res = await call('GET', '/api/v1/me/work-queue', cookie);
  expect(res.statusCode).toBe(200);
  return res.json().items as { key: string; count: number; params: Record<string, string>; link: string }[];
}

/** The aid item of the queue and the ids of the proposals its link lists. */
async function aidItem(cookie: string) {
  const items = (await queue(cookie)).filter((i) => i.key.startsWith('aid.'));
  if (items.length === 0) return null;
  expect(items).toHaveLength(1);
  const [item] = items;
  const [path, query] = item!.link.split('?');
  expect(path).toBe(`/aid/${program}/proposals`);
  const list = await call('GET', `/api/v1/aid/programs/${program}/proposals?${query}&pageSize=100`, cookie);
  expect(list.statusCode).toBe(200);
  const listed = (list.json().items as { id: number }[]).map((p) => p.id).sort((a, b) => a - b);
  expect(list.json().total).toBe(item!.count);
  return { ...item!, listed };
}

const idsOf = (...names: string[]) => names.map((n) => ids[n]!).sort((a, b) => a - b);

beforeAll(async () => {
  t = await createTestApp();
  admin = (await t.signedIn({ role: 'admin' })).cookie;
  kelurahan = (await t.signedIn({ role: 'area_officer', areaCode: '36.71.05.1001' })).cookie;
  kecamatan = (await t.signedIn({ role: 'area_officer', areaCode: '36.71.05' })).cookie;
  colleague = (await t.signedIn({ role: 'area_officer', areaCode: '36.71.05' })).cookie;
  karawaci = (await t.signedIn({ role: 'area_officer', areaCode: '36.71.07' })).cookie;
  mentor = (await makeMentor(t)).cookie;
  program = await makeProgram(t, admin, { name: 'Bantuan Usaha Mikro' });
  ids.a = await enter(501, '36.71.05.1001');
  ids.b = await enter(502, '36.71.05.1001');
  ids.c = await enter(503, '36.71.05.1001');
  ids.d = await enter(504, '36.71.05.1002');
  ids.k = await enter(505, '36.71.07.1001');
});
afterAll(() => t.close());

describe('aid proposals in the work queue', () => {
  it('gives each officer the proposals of their own area waiting for the field check', async () => {
    expect(await aidItem(kelurahan)).toMatchObject({
      key: 'aid.awaitingVerification',
      count: 3,
      params: { program: 'Bantuan Usaha Mikro' },
      listed: idsOf('a', 'b', 'c'),
    });
    // The kecamatan officer may do the field check too: the kecamatan's four.
    expect(await aidItem(kecamatan)).toMatchObject({ count: 4, listed: idsOf('a', 'b', 'c', 'd') });
    expect(await aidItem(karawaci)).toMatchObject({ count: 1, listed: idsOf('k') });
    // Nothing is approvable yet, and a mentor takes no step on the ladder.
    expect(await aidItem(admin)).toBeNull();
    expect(await aidItem(mentor)).toBeNull();
  });

  it('does not ask the officer who did the field check for the kecamatan check (separation of duties)', async () => {
    await move(ids.a!, kecamatan, 'verified_kelurahan');
    await move(ids.b!, kelurahan, 'verified_kelurahan');
    // The kelurahan officer's step is done for a and b.
    expect(await aidItem(kelurahan)).toMatchObject({ count: 1, listed: idsOf('c') });
    // a was checked in the field by this kecamatan officer: its kecamatan check is someone else's.
    expect(await aidItem(kecamatan)).toMatchObject({ count: 3, listed: idsOf('b', 'c', 'd') });
    expect(await aidItem(colleague)).toMatchObject({ count: 4, listed: idsOf('a', 'b', 'c', 'd') });
  });

  it("counts the officer's own field checks again when the program allows one person both levels", async () => {
    const allow = await call('PATCH', `/api/v1/aid/programs/${program}`, admin, {
      sameVerifierAllowed: true,
    });
    expect(allow.statusCode).toBe(200);
    expect(await aidItem(kecamatan)).toMatchObject({ count: 4, listed: idsOf('a', 'b', 'c', 'd') });
    const back = await call('PATCH', `/api/v1/aid/programs/${program}`, admin, {
      sameVerifierAllowed: false,
    });
    expect(back.statusCode).toBe(200);
  });

  it('gives the office the proposals verified by the kecamatan, waiting for approval', async () => {
    await move(ids.a!, colleague, 'verified_kecamatan');
    await move(ids.b!, kecamatan, 'verified_kecamatan');
    expect(await aidItem(admin)).toMatchObject({
      key: 'aid.awaitingApproval',
      count: 2,
      listed: idsOf('a', 'b'),
    });
    await move(ids.a!, admin, 'approved');
    expect(await aidItem(admin)).toMatchObject({ count: 1, listed: idsOf('b') });
    expect(await aidItem(colleague)).toMatchObject({ count: 2, listed: idsOf('c', 'd') });
  });
});
