import { randomBytes } from 'node:crypto';
import type { SideFixture, World } from './world.ts';

/**
 * Events for the authorization matrix, written straight to the tables: each side's event is organized by that
 * side's institution (the institution admin manages the own side's only), published and a week ahead.
 */
export async function freshEvent(f: SideFixture, w: World, state: 'draft' | 'published' = 'published') {
  const n = w.next();
  const start = new Date(Date.now() + 7 * 24 * 3600 * 1000);
  return w.t.db
    .insertInto('event')
    .values({
      slug: `matriks-${n}`,
      title: `Acara matriks ${n}`,
      type: 'training',
      institution_id: f.institutionId,
      starts_at: start,
      ends_at: new Date(start.getTime() + 2 * 3600 * 1000),
      venue: 'Aula',
      online_url: null,
      capacity: 50,
      registration_deadline: null,
      host: null,
      host_mentor_id: null,
      audience: ['public'],
      topics: [],
      speakers: [],
      banner_path: null,
      banner_type: null,
      state,
      session_id: null,
      created_by: null,
    })
    .returning(['id', 'slug'])
    .executeTakeFirstOrThrow();
}

export async function freshRegistration(f: SideFixture, w: World) {
  const event = await freshEvent(f, w);
  const n = w.next();
  const reg = await w.t.db
    .insertInto('event_registration')
    .values({
      event_id: event.id,
      name: `Peserta ${n}`,
      phone: `0812${String(n).padStart(8, '0')}`,
      email: null,
      business_name: null,
      business_id: null,
      business_match: null,
      user_id: null,
      status: 'registered',
      token: randomBytes(16).toString('base64url'),
      checkin_code: randomBytes(12).toString('base64url'),
    })
    .returning(['id', 'token', 'checkin_code'])
    .executeTakeFirstOrThrow();
  return { event, reg };
}

export const eventBody = (f: SideFixture, w: World) => {
  const start = new Date(Date.now() + 10 * 24 * 3600 * 1000);
  return {
    title: `Pelatihan matriks ${w.next()}`,
    type: 'training',
    institutionId: f.institutionId,
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + 3600 * 1000).toISOString(),
    venue: 'Aula kecamatan',
    capacity: 30,
  };
};

/** An attendance upload in review on the side's event (one row, row number 2). */
export async function freshUpload(f: SideFixture, w: World) {
  const event = await freshEvent(f, w);
  const upload = await w.t.db
    .insertInto('attendance_upload')
    .values({ event_id: event.id, file_name: 'zoom.csv', rows: 1, created_by: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await w.t.db
    .insertInto('attendance_upload_row')
    .values({
      upload_id: upload.id,
      row_number: 2,
      name: 'Siapa Saja',
      phone: null,
      email: null,
      registration_id: null,
      match_kind: 'none',
      similarity: null,
      accepted: false,
    })
    .execute();
  return { id: event.id, uploadId: upload.id };
}
