import { randomBytes } from 'node:crypto';
import { newVerificationCode } from '../../src/server/modules/certificates/certificates.service.ts';
import type { SideFixture, World } from './world.ts';

/*
 * For the certificates' rows of the matrix: per side, an event its institution organized with one attendee
 * who checked in and holds a certificate, and competency certificates of the side's mentor issued by the
 * side's institution — written straight to the tables.
 */

const events = new Map<number, Promise<number>>();

export function sideEvent(f: SideFixture, w: World): Promise<number> {
  let made = events.get(f.institutionId);
  if (!made) {
    made = (async () => {
      const n = w.next();
      const event = await w.t.db
        .insertInto('event')
        .values({
          slug: `matriks-${n}`,
          title: `Pelatihan Matriks ${n}`,
          type: 'training',
          institution_id: f.institutionId,
          starts_at: '2026-11-01T02:00:00Z',
          ends_at: '2026-11-01T05:00:00Z',
          state: 'published',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const registration = await w.t.db
        .insertInto('event_registration')
        .values({
          event_id: event.id,
          name: `Peserta ${n}`,
          phone: `0812${String(n).padStart(8, '0')}`,
          status: 'registered',
          token: randomBytes(24).toString('base64url'),
          checkin_code: randomBytes(12).toString('hex'),
          checked_in_at: new Date('2026-11-01T02:05:00Z'),
          attendance_source: 'list',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await w.t.db
        .insertInto('certificate')
        .values({
          ...common(n, f),
          kind: 'event_attendance',
          holder_name: `Peserta ${n}`,
          event_id: event.id,
          event_registration_id: registration.id,
        })
        .execute();
      return event.id;
    })();
    events.set(f.institutionId, made);
  }
  return made;
}

const common = (n: number, f: SideFixture) => ({
  number: `BKT/2026/9${String(n).padStart(5, '0')}`,
  code: newVerificationCode(),
  title: 'Kompetensi Matriks',
  issued_on: '2026-11-01',
  issuer_institution_id: f.institutionId,
  issuer_name: 'Lembaga',
  signatory_name: 'Penanda Tangan',
  signatory_position: 'Ketua',
});

/** A new competency certificate of the side's mentor, issued by the side's institution. */
export async function freshProgramCertificate(f: SideFixture, w: World) {
  const n = w.next();
  return w.t.db
    .insertInto('certificate')
    .values({
      ...common(n, f),
      kind: 'mentor_competency',
      holder_name: `Pendamping ${n}`,
      mentor_id: f.mentorUserId,
    })
    .returning(['id', 'code'])
    .executeTakeFirstOrThrow();
}
