import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';

let t: TestApp;
let admin: string;
let seq = 0;

beforeAll(async () => {
  t = await createTestApp();
  admin = (await t.signedIn({ role: 'admin' })).cookie;
}, 120_000);
afterAll(async () => {
  await t.close();
});

async function webinarWith(people: { name: string; phone: string; email?: string }[]) {
  const start = new Date(Date.now() + 3 * 24 * 3600 * 1000);
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/events',
    headers: { cookie: admin },
    payload: {
      title: 'Webinar Pemasaran Daring',
      type: 'webinar',
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 2 * 3600 * 1000).toISOString(),
      onlineUrl: 'https://meet.example.org/webinar',
    },
  });
  const event = created.json();
  await t.app.inject({
    method: 'POST',
    url: `/api/v1/events/${event.id}/publish`,
    headers: { cookie: admin },
  });
  for (const p of people) {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/events/${event.slug}/registrations`,
      payload: { name: p.name, phone: p.phone, email: p.email ?? null },
      remoteAddress: `10.1.0.${++seq}`,
    });
    expect(res.statusCode, res.body).toBe(201);
  }
  return event as { id: number; slug: string };
}

const upload = (eventId: number, csv: string) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/events/${eventId}/attendance-uploads?fileName=zoom.csv`,
    headers: { cookie: admin, 'content-type': 'text/csv' },
    payload: csv,
  });

describe('attendance from a webinar report', () => {
  it('proposes phone, e-mail and name matches, counts nothing until applied, then counts the accepted once', async () => {
    const event = await webinarWith([
      { name: 'Siti Aminah', phone: '081311110001' },
      { name: 'Budi Santoso', phone: '081311110002', email: 'budi@contoh.id' },
      { name: 'Dewi Lestari', phone: '081311110003' },
      { name: 'Rahmat Hidayat', phone: '081311110004' },
    ]);
    const csv = [
      'Name (Original Name),User Email,Phone',
      'Siti A.,,+62 813-1111-0001',
      'budi,BUDI@contoh.id,',
      'Dewi Lestary,,',
      'Orang Asing,asing@contoh.id,',
    ].join('\n');
    const res = await upload(event.id, csv);
    expect(res.statusCode, res.body).toBe(201);
    const review = res.json();
    expect(review.rows.map((r: { match: string; accepted: boolean }) => [r.match, r.accepted])).toEqual([
      ['phone', true],
      ['email', true],
      ['name', false],
      ['none', false],
    ]);
    expect(review.rows[2].registration.name).toBe('Dewi Lestari');
    expect(
      (await t.app.inject({ url: `/api/v1/events/${event.id}`, headers: { cookie: admin } })).json().attended,
    ).toBe(0);

    const refuseNone = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/events/${event.id}/attendance-uploads/${review.id}/rows/${review.rows[3].rowNumber}`,
      headers: { cookie: admin },
      payload: { accepted: true },
    });
    expect(refuseNone.statusCode).toBe(409);
    await t.app.inject({
      method: 'PUT',
      url: `/api/v1/events/${event.id}/attendance-uploads/${review.id}/rows/${review.rows[2].rowNumber}`,
      headers: { cookie: admin },
      payload: { accepted: true },
    });
    const applied = await t.app.inject({
      method: 'POST',
      url: `/api/v1/events/${event.id}/attendance-uploads/${review.id}/apply`,
      headers: { cookie: admin },
    });
    expect(applied.json().status).toBe('applied');
    const after = (
      await t.app.inject({ url: `/api/v1/events/${event.id}`, headers: { cookie: admin } })
    ).json();
    expect(after.attended).toBe(3);
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/v1/events/${event.id}/attendance-uploads/${review.id}/apply`,
      headers: { cookie: admin },
    });
    expect(again.statusCode).toBe(409);
    const list = await t.app.inject({
      url: `/api/v1/events/${event.id}/registrations?attended=yes`,
      headers: { cookie: admin },
    });
    expect(list.json().items.map((r: { attendanceSource: string }) => r.attendanceSource)).toEqual([
      'upload',
      'upload',
      'upload',
    ]);
  });

  it('refuses a file without a name, phone or e-mail column, in Indonesian, and keeps nothing', async () => {
    const event = await webinarWith([]);
    const res = await upload(event.id, 'kota,umur\nTangerang,30\n');
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toBe('Berkas harus memiliki kolom nama, no_hp atau email.');
    const kept = await t.db
      .selectFrom('attendance_upload')
      .select('id')
      .where('event_id', '=', event.id)
      .execute();
    expect(kept).toHaveLength(0);
  });
});
