import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { makeBusiness } from '../../../../test/support/builders.ts';
import { makeCase, makeMentor } from '../../../../test/support/mentoring.ts';

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = (await t.signedIn({ role: 'admin' })).cookie;
});
afterAll(async () => {
  await t.close();
});

const post = (url: string, cookie: string, payload?: object) =>
  t.app.inject({ method: 'POST', url, headers: { cookie }, payload });
const milestones = async (businessId: number) =>
  t.db.selectFrom('milestone').selectAll().where('business_id', '=', businessId).execute();

async function mentoredBusiness() {
  const mentor = await makeMentor(t);
  const business = await makeBusiness(t, admin);
  const kase = await makeCase(t, business.id, mentor.user.id);
  return { mentor, business, kase };
}

describe('milestones and their evidence', () => {
  it('refuses a milestone without the evidence its kind needs, naming the field; nothing is saved', async () => {
    const { mentor, business } = await mentoredBusiness();
    const base = { businessId: business.id, achievedOn: '2025-02-01' };
    const refusals: [Record<string, unknown>, string, RegExp][] = [
      [{ kind: 'nib' }, 'body.evidenceNumber', /Nomor dokumen wajib diisi untuk capaian "NIB terbit"/],
      [{ kind: 'halal', evidenceNumber: '   ' }, 'body.evidenceNumber', /Nomor dokumen wajib/],
      [{ kind: 'cooperative' }, 'body.evidenceNumber', /nomor keanggotaan atau berkas bukti/],
      [{ kind: 'online_sales', details: {} }, 'body.details.channel', /Saluran penjualan online/],
      [{ kind: 'capital_access', details: { lender: 'BRI' } }, 'body.details.amount', /lebih dari 0/],
      [
        { kind: 'capital_access', details: { lender: 'BRI', amount: 0 } },
        'body.details.amount',
        /lebih dari 0/,
      ],
      [{ kind: 'capital_access', details: { amount: 5_000_000 } }, 'body.details.lender', /pemberi modal/],
      [
        { kind: 'capital_access', details: { lender: 'BRI', amount: 1.5 } },
        'body.details.amount',
        /bilangan bulat/,
      ],
      [
        { kind: 'jobs', details: { created: 0, retained: 0 } },
        'body.details.created',
        /tidak boleh keduanya 0/,
      ],
      [{ kind: 'jobs', details: { created: -1 } }, 'body.details.created', /tidak boleh negatif/],
      [{ kind: 'nib', evidenceNumber: '123', achievedOn: '2099-01-01' }, 'body.achievedOn', /masa depan/],
      [{ kind: 'omzet_pulih', evidenceNumber: '1' }, 'body.kind', /Jenis capaian/],
    ];
    for (const [change, path, message] of refusals) {
      const res = await post('/api/v1/mentoring/milestones', mentor.cookie, { ...base, ...change });
      expect(res.statusCode, JSON.stringify(change)).toBe(400);
      const error = res.json().errors.find((e: { path: string }) => e.path === path);
      expect(error, `${JSON.stringify(change)}: ${res.body}`).toBeDefined();
      expect(error.message).toMatch(message);
    }
    expect(await milestones(business.id)).toEqual([]);
  });

  it('records each kind with its evidence, verified by the user', async () => {
    const { mentor, business, kase } = await mentoredBusiness();
    const base = { businessId: business.id, achievedOn: '2025-02-01' };
    const ok = [
      { kind: 'online_sales', details: { channel: 'Shopee' } },
      { kind: 'capital_access', details: { lender: 'BRI KUR Mikro', amount: 25_000_000 } },
      { kind: 'jobs', details: { created: 2 } },
      { kind: 'cooperative', evidenceNumber: 'KOP-77' },
    ];
    for (const body of ok) {
      const res = await post('/api/v1/mentoring/milestones', mentor.cookie, { ...base, ...body });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({
        kind: body.kind,
        caseId: kase.id,
        verifiedBy: mentor.user.name,
        ownerConfirmedAt: null,
      });
    }
    const rows = await milestones(business.id);
    expect(rows.find((m) => m.kind === 'jobs')!.details).toEqual({ created: 2, retained: 0 });
    expect(rows.find((m) => m.kind === 'capital_access')!.details).toEqual({
      lender: 'BRI KUR Mikro',
      amount: 25_000_000,
    });
    expect(rows.every((m) => m.verified_by === mentor.user.id)).toBe(true);
  });

  it('a legality milestone writes the registry’s legality in the same transaction, with its audit entry', async () => {
    const { mentor, business } = await mentoredBusiness();
    const res = await post('/api/v1/mentoring/milestones', mentor.cookie, {
      businessId: business.id,
      kind: 'pirt',
      achievedOn: '2025-03-03',
      evidenceNumber: 'P-IRT 2063671010123-30',
    });
    expect(res.statusCode).toBe(201);
    const read = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/businesses/${business.id}`,
        headers: { cookie: admin },
      })
    ).json();
    expect(read.legality.pirt).toEqual({ number: 'P-IRT 2063671010123-30', date: '2025-03-03' });
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'new_values'])
      .where('entity', '=', 'business')
      .where('entity_id', '=', String(business.id))
      .where('action', '=', 'update')
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]!.new_values)).toContain('P-IRT 2063671010123-30');
    // The same step twice is refused; the registry keeps the first.
    const twice = await post('/api/v1/mentoring/milestones', mentor.cookie, {
      businessId: business.id,
      kind: 'pirt',
      achievedOn: '2025-04-01',
      evidenceNumber: 'LAIN',
    });
    expect(twice.statusCode).toBe(409);
    expect((await milestones(business.id)).length).toBe(1);
  });

  it('takes a cooperative’s evidence as a file (type checked from the bytes)', async () => {
    const { mentor, business } = await mentoredBusiness();
    const url = `/api/v1/mentoring/milestones/with-file?businessId=${business.id}&kind=cooperative&achievedOn=2025-05-05`;
    const pdf = Buffer.from('%PDF-1.4\n% kartu anggota koperasi\n');
    const res = await t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: mentor.cookie, 'content-type': 'application/pdf' },
      payload: pdf,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'cooperative', hasEvidenceFile: true, evidenceNumber: null });
    const file = await t.app.inject({
      method: 'GET',
      url: `/api/v1/mentoring/milestones/${res.json().id}/evidence`,
      headers: { cookie: admin },
    });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    const notPdf = await t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: mentor.cookie, 'content-type': 'application/octet-stream' },
      payload: Buffer.from('PK\u0003\u0004 bukan pdf'),
    });
    expect(notPdf.statusCode).toBe(415);
    expect(notPdf.json().detail).toMatch(/bukti: berkas harus berupa/);
    expect((await milestones(business.id)).length).toBe(1);
  });

  it('lets only the business’s own mentor (or the office) record, and only its owner confirm', async () => {
    const { mentor, business } = await mentoredBusiness();
    const stranger = await makeMentor(t);
    const body = {
      businessId: business.id,
      kind: 'online_sales',
      achievedOn: '2025-02-01',
      details: { channel: 'Tokopedia' },
    };
    expect((await post('/api/v1/mentoring/milestones', stranger.cookie, body)).statusCode).toBe(404);
    const instAdmin = (await t.signedIn({ role: 'institution_admin', institutionId: mentor.institutionId }))
      .cookie;
    expect((await post('/api/v1/mentoring/milestones', instAdmin, body)).statusCode).toBe(403);
    const created = await post('/api/v1/mentoring/milestones', mentor.cookie, body);
    expect(created.statusCode).toBe(201);
    const id = created.json().id;

    const owner = await t.signedIn({ role: 'business_owner' });
    const otherOwner = await t.signedIn({ role: 'business_owner' });
    await t.db
      .updateTable('owner')
      .set({ user_id: owner.user.id })
      .where('id', '=', business.owner.id)
      .execute();
    expect((await post(`/api/v1/mentoring/milestones/${id}/confirm`, mentor.cookie)).statusCode).toBe(403);
    expect((await post(`/api/v1/mentoring/milestones/${id}/confirm`, otherOwner.cookie)).statusCode).toBe(
      404,
    );
    const before = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/businesses/${business.id}/mentoring`,
        headers: { cookie: owner.cookie },
      })
    ).json();
    expect(before.milestones[0].ownerConfirmedAt).toBeNull();
    const confirmed = await post(`/api/v1/mentoring/milestones/${id}/confirm`, owner.cookie);
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json().ownerConfirmedAt).not.toBeNull();
    const after = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/businesses/${business.id}/mentoring`,
        headers: { cookie: owner.cookie },
      })
    ).json();
    expect(after.milestones[0].ownerConfirmedAt).not.toBeNull();
  });
});
