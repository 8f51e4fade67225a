import { randomBytes } from 'node:crypto';
import type { TestApp } from './app.ts';

/**
 * An event with registrations, written straight to the tables (the events module's own tests cover how
 * people register and check in): `attended` are checked in, `absent` registered but never came.
 */
let seq = 0;

export async function makeEventWithAttendees(
  t: TestApp,
  input: { institutionId?: number | null; attended: string[]; absent?: string[]; title?: string },
) {
  seq += 1;
  const event = await t.db
    .insertInto('event')
    .values({
      slug: `pelatihan-${seq}-${randomBytes(3).toString('hex')}`,
      title: input.title ?? `Pelatihan Pemasaran Digital ${seq}`,
      type: 'training',
      institution_id: input.institutionId ?? null,
      starts_at: '2026-11-20T02:00:00Z',
      ends_at: '2026-11-20T06:00:00Z',
      state: 'published',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const people = [
    ...input.attended.map((name) => ({ name, attended: true })),
    ...(input.absent ?? []).map((name) => ({ name, attended: false })),
  ];
  const registrations = [];
  for (const [i, p] of people.entries()) {
    registrations.push(
      await t.db
        .insertInto('event_registration')
        .values({
          event_id: event.id,
          name: p.name,
          phone: `08123${String(seq).padStart(3, '0')}${String(i).padStart(4, '0')}`,
          email: `peserta${seq}.${i}@contoh.id`,
          status: 'registered',
          token: randomBytes(24).toString('base64url'),
          checkin_code: randomBytes(12).toString('hex'),
          ...(p.attended
            ? { checked_in_at: new Date('2026-11-20T02:10:00Z'), attendance_source: 'list' as const }
            : {}),
        })
        .returningAll()
        .executeTakeFirstOrThrow(),
    );
  }
  return { event, registrations };
}
