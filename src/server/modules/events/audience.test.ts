import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { makeBusiness } from '../../../../test/support/builders.ts';
import { makeMentor } from '../../../../test/support/mentoring.ts';
import type { EventAudience } from '../../../shared/events.ts';

let t: TestApp;
let admin: string;
let owner: string;
let mentor: string;
let ipSeq = 0;

beforeAll(async () => {
  t = await createTestApp();
  admin = (await t.signedIn({ role: 'admin' })).cookie;
  const business = await makeBusiness(t, admin, { owner: { phone: '081255550001' } });
  const signedOwner = await t.signedIn({ role: 'business_owner' });
  await t.db
    .updateTable('owner')
    .set({ user_id: signedOwner.user.id })
    .where('id', '=', business.owner.id)
    .execute();
  owner = signedOwner.cookie;
  mentor = (await makeMentor(t)).cookie;
}, 120_000);
afterAll(() => t.close());

function call(method: 'GET' | 'POST', url: string, cookie?: string, payload?: object) {
  return t.app.inject({
    method,
    url,
    headers: cookie ? { cookie } : {},
    payload,
    remoteAddress: `10.44.0.${++ipSeq}`,
  });
}

async function eventFor(audience: EventAudience[]) {
  const start = new Date(Date.now() + 7 * 24 * 3600 * 1000);
  const res = await call('POST', '/api/v1/events', admin, {
    title: `Acara untuk ${audience.join(' dan ')}`,
    type: 'training',
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + 2 * 3600 * 1000).toISOString(),
    venue: 'Aula Dinas',
    audience,
  });
  expect(res.statusCode, res.body).toBe(201);
  const pub = await call('POST', `/api/v1/events/${res.json().id}/publish`, admin);
  expect(pub.statusCode, pub.body).toBe(200);
  return pub.json() as { id: number; slug: string };
}

const byForm = (slug: string) =>
  call('POST', `/api/v1/public/events/${slug}/registrations`, undefined, {
    name: 'Siti Aminah',
    phone: `0813${String(10_000_000 + ipSeq)}`,
  });
const oneClick = (slug: string, cookie: string) =>
  call('POST', `/api/v1/public/events/${slug}/registrations/me`, cookie);

/** What a refusal must leave behind: nothing — no registration, no audit entry. */
async function traces(eventId: number) {
  const regs = await t.db
    .selectFrom('event_registration')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('event_id', '=', eventId)
    .executeTakeFirstOrThrow();
  const audits = await t.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('entity', '=', 'event_registration')
    .executeTakeFirstOrThrow();
  return { registrations: Number(regs.n), audits: Number(audits.n) };
}

function expectRefused(res: Awaited<ReturnType<typeof call>>, detail: string) {
  expect(res.statusCode, res.body).toBe(403);
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(res.json()).toMatchObject({ code: 'AudienceRestricted', status: 403, detail });
}

describe('who may register, by the event’s audience', () => {
  it('a public event takes the public form and one click of an owner or a mentor', async () => {
    const event = await eventFor(['public']);
    expect((await byForm(event.slug)).statusCode).toBe(201);
    expect((await oneClick(event.slug, owner)).statusCode).toBe(201);
    expect((await oneClick(event.slug, mentor)).statusCode).toBe(201);
    expect((await traces(event.id)).registrations).toBe(3);
  });

  it('an event for businesses refuses the public form and mentors, and takes a signed-in owner', async () => {
    const event = await eventFor(['business']);
    const before = await traces(event.id);
    expectRefused(
      await byForm(event.slug),
      'Pendaftaran acara ini khusus untuk pelaku usaha. Masuk dengan akun Anda untuk mendaftar.',
    );
    expectRefused(
      await oneClick(event.slug, mentor),
      'Pendaftaran acara ini khusus untuk pelaku usaha. Akun Anda tidak termasuk sasaran peserta acara ini.',
    );
    expect(await traces(event.id)).toEqual(before);

    const mine = await oneClick(event.slug, owner);
    expect(mine.statusCode, mine.body).toBe(201);
    expect(mine.json()).toMatchObject({ status: 'registered' });
    expect((await traces(event.id)).registrations).toBe(1);
  });

  it('an event for mentors refuses the public form and owners, and takes a signed-in mentor', async () => {
    const event = await eventFor(['mentor']);
    const before = await traces(event.id);
    expectRefused(
      await byForm(event.slug),
      'Pendaftaran acara ini khusus untuk pendamping. Masuk dengan akun Anda untuk mendaftar.',
    );
    expectRefused(
      await oneClick(event.slug, owner),
      'Pendaftaran acara ini khusus untuk pendamping. Akun Anda tidak termasuk sasaran peserta acara ini.',
    );
    expect(await traces(event.id)).toEqual(before);
    expect((await oneClick(event.slug, mentor)).statusCode).toBe(201);
  });

  it('an event for businesses and mentors names both, and takes both signed in', async () => {
    const event = await eventFor(['business', 'mentor']);
    expectRefused(
      await byForm(event.slug),
      'Pendaftaran acara ini khusus untuk pelaku usaha dan pendamping. Masuk dengan akun Anda untuk mendaftar.',
    );
    expect((await oneClick(event.slug, owner)).statusCode).toBe(201);
    expect((await oneClick(event.slug, mentor)).statusCode).toBe(201);
  });

  it('tells the public page whom the event is for', async () => {
    const event = await eventFor(['business', 'mentor']);
    const page = await call('GET', `/api/v1/public/events/${event.slug}`);
    expect(page.json().audience).toEqual(['business', 'mentor']);
  });
});
