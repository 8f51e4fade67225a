import type { Config } from '../config.ts';
import type { DatabaseHandle } from '../db/database.ts';
import type { Actor } from '../http/guard.ts';
import { issueForEvent, issueForMentor } from '../modules/certificates/certificates.service.ts';

const SIGNATORY = {
  signatoryName: 'Drs. H. Rahmat Hidayat, M.Si.',
  signatoryPosition: 'Kepala Dinas Koperasi dan UMKM',
};

/**
 * Certificates through the real service: one for every attendee of the demo events that already took place,
 * and the program's own competency certificate for the first mentor. A second run adds nothing.
 */
export async function seedCertificatesDemo(database: DatabaseHandle, config: Config, actor: Actor) {
  const { db } = database;
  const held = await db
    .selectFrom('event')
    .select('id')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('event_registration as r')
          .select('r.id')
          .whereRef('r.event_id', '=', 'event.id')
          .where('r.checked_in_at', 'is not', null),
      ),
    )
    .orderBy('id')
    .execute();
  let certificates = 0;
  for (const event of held) {
    certificates += (await issueForEvent(db, config, null, actor, event.id, SIGNATORY, '')).issued;
  }
  const mentor = await db
    .selectFrom('app_user')
    .select('id')
    .where('role', '=', 'mentor')
    .where('disabled_at', 'is', null)
    .orderBy('id')
    .executeTakeFirst();
  const already =
    mentor &&
    (await db.selectFrom('certificate').select('id').where('mentor_id', '=', mentor.id).executeTakeFirst());
  if (mentor && !already) {
    await issueForMentor(
      db,
      config,
      null,
      actor,
      { ...SIGNATORY, mentorId: mentor.id, title: 'Pendamping UMKM Pemasaran Digital (Program Bangkit)' },
      '',
    );
    certificates += 1;
  }
  return { certificates };
}
