import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { makeBusiness, makeNik } from '../../../../test/support/builders.ts';
import { makeCase, makeInstitution, makeMentor } from '../../../../test/support/mentoring.ts';
import { injectHead } from '../../http/page-head.ts';

let t: TestApp;
let admin: string;
let instAdmin: string;
let otherAdmin: string;
let lp3w: number;
let ipSeq = 0;

beforeAll(async () => {
  t = await createTestApp();
  admin = (await t.signedIn({ role: 'admin' })).cookie;
  lp3w = (await makeInstitution(t, 'LP3W')).id;
  const other = (await makeInstitution(t, 'Lembaga Lain')).id;
  instAdmin = (await t.signedIn({ role: 'institution_admin', institutionId: lp3w })).cookie;
  otherAdmin = (await t.signedIn({ role: 'institution_admin', institutionId: other })).cookie;
}, 120_000);
afterAll(async () => {
  await t.close();
});

const HOUR = 3600 * 1000;
const inDays = (d: number) => new Date(Date.now() + d * 24 * HOUR);

function call(method: 'GET' | 'POST' | 'PUT', url: string, cookie?: string, payload?: object, ip?: string) {
  return t.app.inject({
    method,
    url,
    headers: cookie ? { cookie } : {},
    payload,
    // Each public caller its own address unless a test means one address (the rate limit).
    remoteAddress: ip ?? `10.0.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}`,
  });
}

async function makeEvent(overrides: Record<string, unknown> = {}, cookie = admin, publish = true) {
  const start = inDays(7);
  const res = await call('POST', '/api/v1/events', cookie, {
    title: 'Pelatihan Pemasaran Digital',
    type: 'training',
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + 3 * HOUR).toISOString(),
    venue: 'Aula Dinas Koperasi',
    capacity: 2,
    topics: ['pemasaran'],
    description: 'Belajar berjualan daring.',
    ...overrides,
  });
  expect(res.statusCode, res.body).toBe(201);
  const event = res.json();
  if (!publish) return event;
  const pub = await call('POST', `/api/v1/events/${event.id}/publish`, cookie);
  expect(pub.statusCode, pub.body).toBe(200);
  return pub.json();
}

let phoneSeq = 100;
const phone = () => `0812${String(++phoneSeq).padStart(8, '0')}`;

async function registerPublic(slug: string, body: Record<string, unknown> = {}) {
  return call('POST', `/api/v1/public/events/${slug}/registrations`, undefined, {
    name: 'Siti Aminah',
    phone: phone(),
    ...body,
  });
}

describe('events for the office and institutions', () => {
  it('creates a draft, publishes it on the public page, and copies it as a new draft', async () => {
    const draft = await makeEvent({}, admin, false);
    expect(draft).toMatchObject({ state: 'draft', organizer: 'Dinas Koperasi dan UMKM', registered: 0 });
    const hidden = await call('GET', `/api/v1/public/events/${draft.slug}`);
    expect(hidden.statusCode).toBe(404);
    await call('POST', `/api/v1/events/${draft.id}/publish`, admin);
    const shown = await call('GET', `/api/v1/public/events/${draft.slug}`);
    expect(shown.json()).toMatchObject({
      title: 'Pelatihan Pemasaran Digital',
      registrationOpen: true,
      seatsLeft: 2,
    });
    const list = await call('GET', '/api/v1/public/events');
    expect(list.json().items.map((e: { slug: string }) => e.slug)).toContain(draft.slug);

    const copy = await call('POST', `/api/v1/events/${draft.id}/copy`, admin);
    expect(copy.statusCode).toBe(201);
    expect(copy.json()).toMatchObject({ state: 'draft', title: 'Pelatihan Pemasaran Digital (salinan)' });
    expect(new Date(copy.json().startsAt).getTime() - new Date(draft.startsAt).getTime()).toBe(7 * 24 * HOUR);
  });

  it('lets an institution admin manage only their institution’s events', async () => {
    const own = await makeEvent({ institutionId: lp3w }, instAdmin);
    expect(own.organizer).toBe('LP3W');
    expect((await call('GET', `/api/v1/events/${own.id}`, otherAdmin)).statusCode).toBe(404);
    const office = await call('POST', '/api/v1/events', instAdmin, {
      title: 'Bukan acara saya',
      type: 'webinar',
      startsAt: inDays(3).toISOString(),
      endsAt: inDays(4).toISOString(),
      onlineUrl: 'https://meet.example.org/x',
    });
    expect(office.statusCode).toBe(400);
    expect(office.json().errors[0].path).toBe('institutionId');
    const mine = await call('GET', '/api/v1/events', otherAdmin);
    expect(mine.json().items.map((e: { id: number }) => e.id)).not.toContain(own.id);
  });

  it('refuses an event that ends before it starts, naming the field', async () => {
    const res = await call('POST', '/api/v1/events', admin, {
      title: 'Terbalik',
      type: 'workshop',
      startsAt: inDays(3).toISOString(),
      endsAt: inDays(2).toISOString(),
      venue: 'Aula',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      { path: 'endsAt', message: 'Waktu selesai harus setelah waktu mulai.' },
    ]);
  });
});

describe('public registration', () => {
  it('registers, matches the registry by NIK without echoing it, and shows the QR and calendar file', async () => {
    const owner = await makeBusiness(t, admin, {
      owner: { nik: makeNik(4242), phone: '081299990000' },
      name: 'Warung Bu Siti',
    });
    const event = await makeEvent({ capacity: 10 });
    const res = await registerPublic(event.slug, { nik: makeNik(4242), businessName: 'Warung Bu Siti' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.body).not.toContain(makeNik(4242));
    const mine = res.json();
    expect(mine).toMatchObject({ status: 'registered', waitlistPosition: null });
    expect(mine.token.length).toBeGreaterThanOrEqual(22);
    expect(mine.checkinCode.length).toBeGreaterThanOrEqual(16);

    const staff = await call('GET', `/api/v1/events/${event.id}/registrations`, admin);
    expect(staff.json().items[0].business).toMatchObject({ id: owner.id, match: 'nik', confirmed: false });
    const confirmed = await call(
      'PUT',
      `/api/v1/events/${event.id}/registrations/${staff.json().items[0].id}/business`,
      admin,
      { businessId: owner.id },
    );
    expect(confirmed.json().business).toMatchObject({ confirmed: true });

    const qr = await call('GET', `/api/v1/public/registrations/${mine.token}/qr.svg`);
    expect(qr.headers['content-type']).toContain('image/svg+xml');
    expect(qr.body).toContain('<svg');
    const ics = await call('GET', `/api/v1/public/registrations/${mine.token}/event.ics`);
    expect(ics.body).toContain('BEGIN:VEVENT');
    expect(ics.body).toContain('SUMMARY:Pelatihan Pemasaran Digital');
  });

  it('refuses a second registration by the same phone, in Indonesian, and changes nothing', async () => {
    const event = await makeEvent({ capacity: 10 });
    const first = await registerPublic(event.slug, { phone: '0813 1111 2222' });
    expect(first.statusCode).toBe(201);
    const again = await registerPublic(event.slug, { phone: '+6281311112222', name: 'Orang Lain' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({
      code: 'AlreadyRegistered',
      detail: 'Nomor HP ini sudah terdaftar di acara ini.',
    });
    expect((await call('GET', `/api/v1/events/${event.id}`, admin)).json().registered).toBe(1);
  });

  it('refuses registration after the deadline and for a past event', async () => {
    const start = inDays(5);
    const closed = await makeEvent({
      registrationDeadline: new Date(Date.now() + 2000).toISOString(),
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + HOUR).toISOString(),
    });
    await t.db
      .updateTable('event')
      .set({ registration_deadline: new Date(Date.now() - HOUR) })
      .where('id', '=', closed.id)
      .execute();
    const late = await registerPublic(closed.slug);
    expect(late.statusCode).toBe(409);
    expect(late.json().detail).toBe('Batas waktu pendaftaran acara ini sudah lewat.');

    const past = await makeEvent();
    await t.db
      .updateTable('event')
      .set({ starts_at: inDays(-2), ends_at: new Date(inDays(-2).getTime() + HOUR) })
      .where('id', '=', past.id)
      .execute();
    const res = await registerPublic(past.slug);
    expect(res.statusCode).toBe(409);
    expect(res.json().detail).toBe('Acara ini sudah berlalu; pendaftaran ditutup.');
    const count = await t.db
      .selectFrom('event_registration')
      .select('id')
      .where('event_id', 'in', [closed.id, past.id])
      .execute();
    expect(count).toHaveLength(0);
  });

  it('puts people on a waitlist when full and moves the first up when a seat is cancelled', async () => {
    const event = await makeEvent({ capacity: 1 });
    const seated = (await registerPublic(event.slug, { name: 'Pertama' })).json();
    const second = (await registerPublic(event.slug, { name: 'Kedua' })).json();
    const third = (await registerPublic(event.slug, { name: 'Ketiga' })).json();
    expect([second.status, second.waitlistPosition, second.checkinCode]).toEqual(['waitlisted', 1, null]);
    expect(third.waitlistPosition).toBe(2);
    const cancelled = await call('POST', `/api/v1/public/registrations/${seated.token}/cancel`);
    expect(cancelled.json().status).toBe('cancelled');
    const promoted = (await call('GET', `/api/v1/public/registrations/${second.token}`)).json();
    expect(promoted.status).toBe('registered');
    expect(promoted.checkinCode).toBeTruthy();
    expect((await call('GET', `/api/v1/public/registrations/${third.token}`)).json().waitlistPosition).toBe(
      1,
    );
  });

  it('gives the last seat to exactly one of many people registering at once', async () => {
    const event = await makeEvent({ capacity: 3 });
    await registerPublic(event.slug);
    await registerPublic(event.slug);
    const results = await Promise.all(Array.from({ length: 6 }, () => registerPublic(event.slug)));
    expect(results.every((r) => r.statusCode === 201)).toBe(true);
    const statuses = results.map((r) => r.json().status);
    expect(statuses.filter((s) => s === 'registered')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'waitlisted')).toHaveLength(5);
    const positions = results
      .map((r) => r.json().waitlistPosition)
      .filter((p) => p !== null)
      .sort();
    expect(positions).toEqual([1, 2, 3, 4, 5]);
  });

  it('limits how often one address may register', async () => {
    const event = await makeEvent({ capacity: 100 });
    const answers: number[] = [];
    for (let i = 0; i < 22; i += 1) {
      answers.push(
        (
          await call(
            'POST',
            `/api/v1/public/events/${event.slug}/registrations`,
            undefined,
            { name: 'Bot', phone: phone() },
            '10.9.9.9',
          )
        ).statusCode,
      );
    }
    expect(answers.slice(0, 20).every((s) => s === 201)).toBe(true);
    expect(answers.at(-1)).toBe(429);
  });
});

describe('check-in', () => {
  it('checks in by QR code once, says already on a repeat, and refuses other events’ and unknown codes', async () => {
    const event = await makeEvent({ capacity: 1 });
    const other = await makeEvent({ capacity: 5 });
    const seated = (await registerPublic(event.slug)).json();
    const waiting = (await registerPublic(event.slug)).json();
    const elsewhere = (await registerPublic(other.slug)).json();
    const scan = (code: string) => call('POST', `/api/v1/events/${event.id}/check-in`, admin, { code });

    const first = await scan(seated.checkinCode);
    expect(first.json()).toMatchObject({ outcome: 'checked_in', message: 'Check-in berhasil.' });
    const again = await scan(seated.checkinCode);
    expect(again.json()).toMatchObject({ outcome: 'already', message: 'Sudah check-in.' });
    expect((await call('GET', `/api/v1/events/${event.id}`, admin)).json().attended).toBe(1);

    const wrong = await scan(elsewhere.checkinCode);
    expect([wrong.statusCode, wrong.json().detail]).toEqual([409, 'Kode QR ini untuk acara lain.']);
    const unknown = await scan('tidak-ada-kode-seperti-ini');
    expect([unknown.statusCode, unknown.json().detail]).toEqual([404, 'Kode QR tidak dikenal.']);

    const list = (
      await call('GET', `/api/v1/events/${event.id}/registrations?status=waitlisted`, admin)
    ).json();
    const tick = await call(
      'POST',
      `/api/v1/events/${event.id}/registrations/${list.items[0].id}/check-in`,
      admin,
    );
    expect(tick.statusCode).toBe(409);
    expect(tick.json().code).toBe('NotRegistered');
    void waiting;
  });

  it('shows attendance on the business timeline and credits one group session of the host mentor, once', async () => {
    const mentor = await makeMentor(t, { institutionId: lp3w });
    const a = await makeBusiness(t, admin, { owner: { phone: '081277770001' } });
    const b = await makeBusiness(t, admin, { owner: { phone: '081277770002' } });
    await makeCase(t, a.id, mentor.user.id);
    await makeCase(t, b.id, mentor.user.id);
    const event = await makeEvent(
      { institutionId: lp3w, hostMentorId: mentor.user.id, capacity: 10 },
      instAdmin,
    );
    const ra = (await registerPublic(event.slug, { phone: '081277770001' })).json();
    const rb = (await registerPublic(event.slug, { phone: '081277770002' })).json();
    const scan = (code: string) => call('POST', `/api/v1/events/${event.id}/check-in`, instAdmin, { code });
    await scan(ra.checkinCode);
    await scan(ra.checkinCode);
    await scan(rb.checkinCode);

    const timeline = (await call('GET', `/api/v1/businesses/${a.id}/timeline`, admin)).json();
    const attended = timeline.filter((e: { kind: string }) => e.kind === 'event_attended');
    expect(attended).toHaveLength(1);
    expect(attended[0].summary.event).toBe('Pelatihan Pemasaran Digital');

    const credit = await t.db
      .selectFrom('session_credit')
      .selectAll()
      .where('mentor_id', '=', mentor.user.id)
      .execute();
    expect(credit.map((c) => c.business_id).sort()).toEqual([a.id, b.id].sort());
    expect(credit.every((c) => c.n === 2 && c.mode === 'kelompok' && c.contact_minutes === 180)).toBe(true);
  });
});

describe('reports', () => {
  it('counts registered and attended by event and kecamatan, with the no-show rate, and exports XLSX', async () => {
    const business = await makeBusiness(t, admin, {
      owner: { phone: '081266660001' },
      kelurahanCode: '36.71.07.1001',
    });
    const event = await makeEvent({ title: 'Klinik Kemasan', capacity: 10 });
    const r1 = (await registerPublic(event.slug, { phone: '081266660001' })).json();
    await registerPublic(event.slug);
    await call('POST', `/api/v1/events/${event.id}/check-in`, admin, { code: r1.checkinCode });
    await t.db
      .updateTable('event')
      .set({ starts_at: inDays(-3), ends_at: new Date(inDays(-3).getTime() + HOUR) })
      .where('id', '=', event.id)
      .execute();
    const report = (await call('GET', '/api/v1/events/report', admin)).json();
    expect(report.byEvent.find((l: { key: string }) => l.key === String(event.id))).toMatchObject({
      label: 'Klinik Kemasan',
      registered: 2,
      attended: 1,
      noShowRate: 0.5,
    });
    expect(report.byKecamatan.find((l: { key: string }) => l.key === '36.71.07')).toMatchObject({
      registered: 1,
      attended: 1,
      noShowRate: 0,
    });
    void business;
    const xlsx = await call('GET', '/api/v1/events/report.xlsx', admin);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });
});

describe('banner', () => {
  it('takes a JPEG or PNG told from its bytes, shows it publicly once published, and refuses anything else', async () => {
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(64),
    ]);
    const draft = await makeEvent({}, admin, false);
    const put = (body: Buffer) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/events/${draft.id}/banner`,
        headers: { cookie: admin, 'content-type': 'application/octet-stream' },
        payload: body,
      });
    const saved = await put(png);
    expect(saved.json().hasBanner).toBe(true);
    expect((await call('GET', `/api/v1/public/events/${draft.slug}/banner`)).statusCode).toBe(404);
    await call('POST', `/api/v1/events/${draft.id}/publish`, admin);
    const shown = await call('GET', `/api/v1/public/events/${draft.slug}/banner`);
    expect([shown.statusCode, shown.headers['content-type']]).toEqual([200, 'image/png']);
    const gif = await put(Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(64)]));
    expect(gif.statusCode).toBe(415);
    expect(gif.json().detail).toBe('Banner: berkas harus berupa JPEG/PNG.');
  });
});

describe('public page head', () => {
  it('puts the title, description, Open Graph tags and JSON-LD into the page, escaped', () => {
    const html =
      '<html><head><meta name="description" content="Bangkit" /><title>Bangkit</title></head><body></body></html>';
    const out = injectHead(html, {
      title: 'Pelatihan "A" & <B>',
      description: 'Deskripsi',
      url: 'https://bangkit.example/acara/a',
      jsonLd: { '@type': 'Event', name: '</script><script>alert(1)</script>' },
    });
    expect(out).toContain('<title>Pelatihan &quot;A&quot; &amp; &lt;B&gt;</title>');
    expect(out).toContain('<meta property="og:url" content="https://bangkit.example/acara/a" />');
    expect(out).toContain('<meta name="description" content="Deskripsi" />');
    expect(out).not.toContain('</script><script>alert(1)');
  });
});
