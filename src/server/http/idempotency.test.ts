import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { makeBusiness } from '../../../test/support/builders.ts';
import { applicantJson, makeApplicant, makeProgram } from '../modules/aid/aid.fixtures.ts';
import { forgetOldIdempotentRequests } from './idempotency.ts';

let t: TestApp;
let admin: string;
let otherAdmin: string;
/** Officers of the kelurahan 36.71.05.1001 (Cipondoh) and of the kecamatan Karawaci. */
let kelurahan: string;
let karawaci: string;
let program: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = (await t.signedIn({ role: 'admin' })).cookie;
  otherAdmin = (await t.signedIn({ role: 'admin' })).cookie;
  kelurahan = (await t.signedIn({ role: 'area_officer', areaCode: '36.71.05.1001' })).cookie;
  karawaci = (await t.signedIn({ role: 'area_officer', areaCode: '36.71.07' })).cookie;
  program = await makeProgram(t, admin);
});
afterAll(() => t.close());

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]);

const count = async (table: 'audit_log' | 'aid_attachment' | 'aid_transition' | 'idempotent_request') =>
  Number(
    (
      await t.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

const report = (businessId: number, amount: number, cookie: string, key?: string) =>
  t.app.inject({
    method: 'PUT',
    url: `/api/v1/businesses/${businessId}/omzet/2024-05`,
    headers: { cookie, ...(key ? { 'idempotency-key': key } : {}) },
    payload: { amount },
  });

const upload = (proposalId: number, cookie: string, key?: string) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/aid/proposals/${proposalId}/attachments?fileName=foto.png`,
    headers: { cookie, 'content-type': 'image/png', ...(key ? { 'idempotency-key': key } : {}) },
    payload: PNG,
  });

const verify = (proposalId: number, cookie: string, key: string, note = 'Usaha ada') =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/aid/proposals/${proposalId}/transitions`,
    headers: { cookie, 'idempotency-key': key },
    payload: { to: 'verified_kelurahan', note },
  });

let serial = 700;
async function newProposal() {
  serial += 1;
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/aid/programs/${program}/proposals`,
    headers: { cookie: admin },
    payload: applicantJson(makeApplicant(serial)),
  });
  if (res.statusCode !== 201) throw new Error(`enter: ${res.statusCode} ${res.body}`);
  return res.json().proposal.id as number;
}

describe('the Idempotency-Key header', () => {
  it('answers a repeat with the first answer and writes once', async () => {
    const business = await makeBusiness(t, admin);
    const key = randomUUID();
    const auditBefore = await count('audit_log');

    const first = await report(business.id, 4_000_000, admin, key);
    expect(first.statusCode).toBe(200);
    const again = await report(business.id, 4_000_000, admin, key);
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());

    expect(await count('audit_log')).toBe(auditBefore + 1);
    const rows = await t.db.selectFrom('idempotent_request').selectAll().where('key', '=', key).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      status: 200,
      route: `PUT /api/v1/businesses/${business.id}/omzet/2024-05`,
    });
  });

  it('refuses the same key with another body (422) and keeps the first write', async () => {
    const business = await makeBusiness(t, admin);
    const key = randomUUID();
    expect((await report(business.id, 1_000_000, admin, key)).statusCode).toBe(200);
    const changed = await report(business.id, 9_000_000, admin, key);
    expect(changed.statusCode).toBe(422);
    expect(changed.json()).toMatchObject({ code: 'IdempotencyKeyReused' });
    const stored = await t.db
      .selectFrom('omzet_report')
      .select('amount')
      .where('business_id', '=', business.id)
      .where('period', '=', '2024-05')
      .executeTakeFirstOrThrow();
    expect(Number(stored.amount)).toBe(1_000_000);
  });

  it('keeps each user’s keys apart, and leaves requests without the header as they were', async () => {
    const proposalId = await newProposal();
    const key = randomUUID();
    const before = await count('aid_attachment');
    const mine = await upload(proposalId, admin, key);
    const theirs = await upload(proposalId, otherAdmin, key);
    expect(mine.statusCode).toBe(201);
    expect(theirs.statusCode).toBe(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.json().id).not.toBe(mine.json().id);
    await upload(proposalId, admin);
    await upload(proposalId, admin);
    expect(await count('aid_attachment')).toBe(before + 4);
  });

  it('writes once when the same upload and the same step arrive together', async () => {
    const proposalId = await newProposal();
    const attachmentsBefore = await count('aid_attachment');
    const uploadKey = randomUUID();
    const uploads = await Promise.all([1, 2, 3].map(() => upload(proposalId, kelurahan, uploadKey)));
    expect(uploads.map((r) => r.statusCode)).toEqual([201, 201, 201]);
    expect(new Set(uploads.map((r) => r.json().id)).size).toBe(1);
    expect(await count('aid_attachment')).toBe(attachmentsBefore + 1);

    const stepKey = randomUUID();
    const steps = await Promise.all([1, 2].map(() => verify(proposalId, kelurahan, stepKey)));
    // Without the key the second would be refused as a stale step (409); with it both see the one step.
    expect(steps.map((r) => r.statusCode)).toEqual([200, 200]);
    expect(steps[1]!.json()).toEqual(steps[0]!.json());
    const transitions = await t.db
      .selectFrom('aid_transition')
      .select('id')
      .where('proposal_id', '=', proposalId)
      .execute();
    expect(transitions).toHaveLength(1);
  });

  it('replays a refusal as it was, and refuses a malformed key', async () => {
    const proposalId = await newProposal();
    const key = randomUUID();
    const refused = await verify(proposalId, karawaci, key);
    expect(refused.statusCode).toBe(403);
    const again = await verify(proposalId, karawaci, key);
    expect(again.statusCode).toBe(403);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.json()).toEqual(refused.json());

    const bad = await verify(proposalId, kelurahan, 'kunci salah!');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('headers.idempotency-key');
    expect(
      await t.db.selectFrom('aid_transition').select('id').where('proposal_id', '=', proposalId).execute(),
    ).toHaveLength(0);
  });

  it('forgets answers after a week (housekeeping), keeping newer ones', async () => {
    const business = await makeBusiness(t, admin);
    const recent = randomUUID();
    expect((await report(business.id, 2_000_000, admin, recent)).statusCode).toBe(200);
    const old = randomUUID();
    const userId = (
      await t.db
        .selectFrom('idempotent_request')
        .select('user_id')
        .where('key', '=', recent)
        .executeTakeFirstOrThrow()
    ).user_id;
    await t.db
      .insertInto('idempotent_request')
      .values({
        user_id: userId,
        key: old,
        route: 'PUT /x',
        request_hash: 'x',
        status: 200,
        response_body: '{}',
        created_at: new Date(Date.now() - 8 * 24 * 3600_000),
      })
      .execute();
    await forgetOldIdempotentRequests(t.db);
    const keys = (await t.db.selectFrom('idempotent_request').select('key').execute()).map((r) => r.key);
    expect(keys).toContain(recent);
    expect(keys).not.toContain(old);
  });
});
