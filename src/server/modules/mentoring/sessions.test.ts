import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { makeBusiness } from '../../../../test/support/builders.ts';
import { makeCase, makeMentor } from '../../../../test/support/mentoring.ts';
import { localToday } from '../../http/dates.ts';

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = (await t.signedIn({ role: 'admin' })).cookie;
});
afterAll(async () => {
  await t.close();
});

const call = (method: 'GET' | 'POST' | 'PATCH', url: string, cookie: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie }, payload });

const counts = async () => {
  const n = async (table: 'mentoring_session' | 'session_business' | 'action_item') =>
    Number(
      (
        await t.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    sessions: await n('mentoring_session'),
    members: await n('session_business'),
    items: await n('action_item'),
  };
};

/** A mentor with `n` businesses in open cases. */
async function mentorWithCases(n = 1, mentorInput: Parameters<typeof makeMentor>[1] = {}) {
  const mentor = await makeMentor(t, mentorInput);
  const businesses = [];
  for (let i = 0; i < n; i++) {
    const business = await makeBusiness(t, admin);
    const kase = await makeCase(t, business.id, mentor.user.id, '2024-01-10');
    businesses.push({ ...business, caseId: kase.id });
  }
  return { mentor, businesses };
}

const visit = (businessIds: number[], extra: Record<string, unknown> = {}) => ({
  heldOn: '2024-05-02',
  mode: businessIds.length > 1 ? 'kelompok' : 'kunjungan',
  prepMinutes: 30,
  contactMinutes: 60,
  topics: ['pemasaran', 'kemasan'],
  problems: 'Kemasan mudah rusak',
  notes: 'Pemilik antusias',
  businessIds,
  actionItems: [],
  idempotencyKey: randomUUID(),
  ...extra,
});

describe('recording a session', () => {
  it('records a visit with its action items; mentor time once, the business credited contact + prep', async () => {
    const { mentor, businesses } = await mentorWithCases(1);
    const [b] = businesses;
    const res = await call(
      'POST',
      '/api/v1/mentoring/sessions',
      mentor.cookie,
      visit([b!.id], {
        actionItems: [
          { businessId: b!.id, what: 'Foto produk untuk katalog', side: 'owner', dueOn: '2024-05-09' },
          { businessId: b!.id, what: 'Cari pemasok kemasan', side: 'mentor', dueOn: null },
        ],
      }),
    );
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      heldOn: '2024-05-02',
      mode: 'kunjungan',
      mentorId: mentor.user.id,
      mentorMinutes: 90,
      businessCount: 1,
      businesses: [{ id: b!.id, caseId: b!.caseId, creditedMinutes: 90 }],
      topics: ['pemasaran', 'kemasan'],
    });
    const page = (await call('GET', `/api/v1/mentoring/cases/${b!.caseId}`, mentor.cookie)).json();
    expect(page.actionItems.map((i: { what: string }) => i.what).sort()).toEqual([
      'Cari pemasok kemasan',
      'Foto produk untuk katalog',
    ]);
    expect(page.creditedMinutes).toBe(90);
  });

  it('records a group session once for several businesses, each credited contact + prep / n', async () => {
    const { mentor, businesses } = await mentorWithCases(3);
    const ids = businesses.map((b) => b.id);
    const res = await call(
      'POST',
      '/api/v1/mentoring/sessions',
      mentor.cookie,
      visit(ids, { prepMinutes: 45, contactMinutes: 120 }),
    );
    expect(res.statusCode).toBe(201);
    const session = res.json();
    expect(session).toMatchObject({ mode: 'kelompok', businessCount: 3, mentorMinutes: 165 });
    expect(session.businesses.map((b: { creditedMinutes: number }) => b.creditedMinutes)).toEqual([
      135, 135, 135,
    ]);
    const row = await t.db
      .selectFrom('mentoring_session')
      .select('businesses')
      .where('id', '=', session.id)
      .executeTakeFirstOrThrow();
    expect(row.businesses).toBe(3);

    const single = await call(
      'POST',
      '/api/v1/mentoring/sessions',
      mentor.cookie,
      visit([ids[0]!], { mode: 'kelompok' }),
    );
    expect(single.statusCode).toBe(400);
    expect(single.json().errors[0]).toMatchObject({
      path: 'body.businessIds',
      message: 'Sesi kelompok memerlukan minimal 2 usaha.',
    });
    const visitOfTwo = await call(
      'POST',
      '/api/v1/mentoring/sessions',
      mentor.cookie,
      visit(ids.slice(0, 2), { mode: 'kunjungan' }),
    );
    expect(visitOfTwo.statusCode).toBe(400);
    expect(visitOfTwo.json().errors[0].path).toBe('body.mode');
  });

  it('lands once when the same write is sent twice (idempotency key)', async () => {
    const { mentor, businesses } = await mentorWithCases(1);
    const body = visit([businesses[0]!.id]);
    const first = await call('POST', '/api/v1/mentoring/sessions', mentor.cookie, body);
    expect(first.statusCode).toBe(201);
    const before = await counts();
    const [again, twice] = await Promise.all([
      call('POST', '/api/v1/mentoring/sessions', mentor.cookie, body),
      call('POST', '/api/v1/mentoring/sessions', mentor.cookie, { ...body, notes: 'dikirim ulang' }),
    ]);
    expect(again.statusCode).toBe(200);
    expect(twice.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    expect(twice.json().notes).toBe('Pemilik antusias');
    expect(await counts()).toEqual(before);
    // Two different first sends at once: both land (different keys), each once.
    const body2 = visit([businesses[0]!.id]);
    const [x, y] = await Promise.all([
      call('POST', '/api/v1/mentoring/sessions', mentor.cookie, body2),
      call('POST', '/api/v1/mentoring/sessions', mentor.cookie, body2),
    ]);
    expect([x.statusCode, y.statusCode].sort()).toEqual([200, 201]);
    expect(x.json().id).toBe(y.json().id);
    expect((await counts()).sessions).toBe(before.sessions + 1);
  });

  it('lets the office record for a mentor, and refuses a mentor recording for someone else', async () => {
    const { mentor, businesses } = await mentorWithCases(1);
    const other = await makeMentor(t);
    const noMentor = await call('POST', '/api/v1/mentoring/sessions', admin, visit([businesses[0]!.id]));
    expect(noMentor.statusCode).toBe(400);
    expect(noMentor.json().errors[0].path).toBe('body.mentorId');
    const forMentor = await call(
      'POST',
      '/api/v1/mentoring/sessions',
      admin,
      visit([businesses[0]!.id], { mentorId: mentor.user.id }),
    );
    expect(forMentor.statusCode).toBe(201);
    expect(forMentor.json().mentorId).toBe(mentor.user.id);
    const foreign = await call(
      'POST',
      '/api/v1/mentoring/sessions',
      other.cookie,
      visit([businesses[0]!.id]),
    );
    expect(foreign.statusCode).toBe(404);
    const elsewhere = await call(
      'POST',
      '/api/v1/mentoring/sessions',
      admin,
      visit([businesses[0]!.id], { mentorId: other.user.id }),
    );
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.json()).toMatchObject({ code: 'NoOpenCase', errors: [{ path: 'body.businessIds.0' }] });
    const owner = await t.signedIn({ role: 'business_owner' });
    expect(
      (await call('POST', '/api/v1/mentoring/sessions', owner.cookie, visit([businesses[0]!.id]))).statusCode,
    ).toBe(403);
  });
});

describe('who sees a group session', () => {
  it('names to an owner only their own business of a group session; a stranger gets 404', async () => {
    const { mentor, businesses } = await mentorWithCases(2);
    const [a, b] = businesses;
    const owner = await t.signedIn({ role: 'business_owner' });
    await t.db.updateTable('owner').set({ user_id: owner.user.id }).where('id', '=', a!.owner.id).execute();
    const session = (
      await call('POST', '/api/v1/mentoring/sessions', mentor.cookie, visit([a!.id, b!.id]))
    ).json();
    const seen = await call('GET', `/api/v1/mentoring/sessions/${session.id}`, owner.cookie);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().businessCount).toBe(2);
    expect(seen.json().businesses.map((x: { id: number }) => x.id)).toEqual([a!.id]);
    expect(
      (await call('GET', `/api/v1/mentoring/sessions/${session.id}`, mentor.cookie)).json().businesses,
    ).toHaveLength(2);
    const stranger = await t.signedIn({ role: 'business_owner' });
    expect((await call('GET', `/api/v1/mentoring/sessions/${session.id}`, stranger.cookie)).statusCode).toBe(
      404,
    );
    const officer = (await t.signedIn({ role: 'area_officer', areaCode: '36.71.07' })).cookie;
    expect((await call('GET', `/api/v1/mentoring/sessions/${session.id}`, officer)).statusCode).toBe(404);
  });
});

describe('bad input saves nothing', () => {
  it('refuses a future date, negative or fractional minutes, an item due before the session, an expired certificate', async () => {
    const { mentor, businesses } = await mentorWithCases(1, {
      certificate: { issuedOn: '2023-01-01', expiresOn: '2024-12-31' },
    });
    const id = businesses[0]!.id;
    const before = await counts();
    const tomorrow = new Date(Date.now() + 36 * 3600 * 1000);
    const future = localToday(t.config.timezone, tomorrow);
    const cases: [Record<string, unknown>, number, string, RegExp][] = [
      [{ heldOn: future }, 400, 'body.heldOn', /tidak boleh di masa depan/],
      [{ prepMinutes: -5 }, 400, 'body.prepMinutes', /Menit persiapan tidak boleh negatif/],
      [{ contactMinutes: 12.5 }, 400, 'body.contactMinutes', /Menit tatap muka harus bilangan bulat/],
      [{ contactMinutes: '60' }, 400, 'body.contactMinutes', /Menit tatap muka/],
      [
        { actionItems: [{ businessId: id, what: 'Daftar NIB', side: 'owner', dueOn: '2024-05-01' }] },
        400,
        'body.actionItems.0.dueOn',
        /Tenggat tindak lanjut tidak boleh sebelum tanggal sesi/,
      ],
      [{ heldOn: '2025-02-01' }, 409, 'body.heldOn', /Sertifikat kompetensi pendamping tidak berlaku/],
      [{ heldOn: '2024-01-05' }, 400, 'body.heldOn', /baru dibuka/],
      [{ topics: ['memasak'] }, 400, 'body.topics.0', /./],
      [{ mode: 'tatap_muka' }, 400, 'body.mode', /Mode sesi/],
      [{ businessIds: [] }, 400, 'body.businessIds', /minimal satu usaha/],
    ];
    for (const [change, status, path, message] of cases) {
      const res = await call('POST', '/api/v1/mentoring/sessions', mentor.cookie, visit([id], change));
      expect(res.statusCode, JSON.stringify(change)).toBe(status);
      const error = res.json().errors.find((e: { path: string }) => e.path === path);
      expect(error, `${JSON.stringify(change)}: ${res.body}`).toBeDefined();
      expect(error.message).toMatch(message);
    }
    expect(await counts()).toEqual(before);
  });
});

describe('action items', () => {
  it('the mentor ticks any, the owner only their own side; undo works; others get 404', async () => {
    const { mentor, businesses } = await mentorWithCases(1);
    const b = businesses[0]!;
    const owner = await t.signedIn({ role: 'business_owner' });
    await t.db.updateTable('owner').set({ user_id: owner.user.id }).where('id', '=', b.owner.id).execute();
    const session = (
      await call(
        'POST',
        '/api/v1/mentoring/sessions',
        mentor.cookie,
        visit([b.id], {
          actionItems: [
            { businessId: b.id, what: 'Urus PIRT', side: 'owner', dueOn: '2024-06-01' },
            { businessId: b.id, what: 'Hubungkan ke bank', side: 'mentor' },
          ],
        }),
      )
    ).json();
    const items = (await call('GET', `/api/v1/businesses/${b.id}/mentoring`, owner.cookie)).json()
      .actionItems as {
      id: number;
      side: string;
      overdue: boolean;
    }[];
    expect(session.id).toBeGreaterThan(0);
    const ownerItem = items.find((i) => i.side === 'owner')!;
    const mentorItem = items.find((i) => i.side === 'mentor')!;
    expect(ownerItem.overdue).toBe(true);

    const ticked = await call('PATCH', `/api/v1/mentoring/action-items/${ownerItem.id}`, owner.cookie, {
      done: true,
    });
    expect(ticked.statusCode).toBe(200);
    expect(ticked.json()).toMatchObject({ done: true, overdue: false });
    const refused = await call('PATCH', `/api/v1/mentoring/action-items/${mentorItem.id}`, owner.cookie, {
      done: true,
    });
    expect(refused.statusCode).toBe(403);
    expect(
      (
        await call('PATCH', `/api/v1/mentoring/action-items/${mentorItem.id}`, mentor.cookie, { done: true })
      ).json().done,
    ).toBe(true);
    expect(
      (
        await call('PATCH', `/api/v1/mentoring/action-items/${ownerItem.id}`, mentor.cookie, { done: false })
      ).json().done,
    ).toBe(false);

    const stranger = await makeMentor(t);
    expect(
      (await call('PATCH', `/api/v1/mentoring/action-items/${ownerItem.id}`, stranger.cookie, { done: true }))
        .statusCode,
    ).toBe(404);
    const otherOwner = await t.signedIn({ role: 'business_owner' });
    expect(
      (
        await call('PATCH', `/api/v1/mentoring/action-items/${ownerItem.id}`, otherOwner.cookie, {
          done: true,
        })
      ).statusCode,
    ).toBe(404);
    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'action_item')
      .where('entity_id', '=', String(ownerItem.id))
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['done', 'undone']);
  });
});

describe('photos', () => {
  it('keeps a photo as a JPEG of at most 1600 px without its metadata; refuses what is not a photo', async () => {
    const { mentor, businesses } = await mentorWithCases(1);
    const session = (
      await call('POST', '/api/v1/mentoring/sessions', mentor.cookie, visit([businesses[0]!.id]))
    ).json();
    const photo = await sharp({ create: { width: 3200, height: 2000, channels: 3, background: '#c05020' } })
      .withExif({ IFD0: { Make: 'KameraRahasia', Model: 'X' } })
      .jpeg()
      .toBuffer();
    expect((await sharp(photo).metadata()).exif).toBeDefined();
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/mentoring/sessions/${session.id}/photos`,
      headers: { cookie: mentor.cookie, 'content-type': 'image/jpeg' },
      payload: photo,
    });
    expect(res.statusCode).toBe(201);
    const row = await t.db
      .selectFrom('session_photo')
      .selectAll()
      .where('id', '=', res.json().id)
      .executeTakeFirstOrThrow();
    const kept = await sharp(fs.readFileSync(row.path)).metadata();
    expect(kept).toMatchObject({ format: 'jpeg', width: 1600, height: 1000 });
    expect(kept.exif).toBeUndefined();
    const folder = row.path.replace(/\/[^/]+$/, '');
    const filesBefore = fs.readdirSync(folder).length;

    const served = await call('GET', res.json().url, mentor.cookie);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/jpeg');
    const stranger = await makeMentor(t);
    expect((await call('GET', res.json().url, stranger.cookie)).statusCode).toBe(404);

    const pdf = await t.app.inject({
      method: 'POST',
      url: `/api/v1/mentoring/sessions/${session.id}/photos`,
      headers: { cookie: mentor.cookie, 'content-type': 'application/octet-stream' },
      payload: Buffer.from('%PDF-1.4 bukan foto'),
    });
    expect(pdf.statusCode).toBe(415);
    expect(pdf.json().detail).toMatch(/foto: berkas harus berupa JPEG\/PNG/);
    const broken = await t.app.inject({
      method: 'POST',
      url: `/api/v1/mentoring/sessions/${session.id}/photos`,
      headers: { cookie: mentor.cookie, 'content-type': 'image/png' },
      payload: Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        Buffer.alloc(40),
      ]),
    });
    expect(broken.statusCode).toBe(400);
    const photos = await t.db
      .selectFrom('session_photo')
      .select('id')
      .where('session_id', '=', session.id)
      .execute();
    expect(photos).toHaveLength(1);
    // The refused uploads left no file behind.
    expect(fs.readdirSync(folder)).toHaveLength(filesBefore);
  });
});

describe('the form’s defaults', () => {
  it('gives today, the last topics and the mentor’s open cases', async () => {
    const { mentor, businesses } = await mentorWithCases(2);
    await call(
      'POST',
      '/api/v1/mentoring/sessions',
      mentor.cookie,
      visit([businesses[0]!.id], { topics: ['legalitas'] }),
    );
    const res = await call('GET', '/api/v1/mentoring/sessions/form-defaults', mentor.cookie);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      today: localToday(t.config.timezone),
      mentorId: mentor.user.id,
      lastTopics: ['legalitas'],
      lastMode: 'kunjungan',
      certificateValidToday: true,
    });
    expect(
      res
        .json()
        .cases.map((c: { businessId: number }) => c.businessId)
        .sort(),
    ).toEqual(businesses.map((b) => b.id).sort());
  });
});
