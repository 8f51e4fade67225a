import { sql } from 'kysely';
import type { DatabaseHandle } from '../db/database.ts';
import type { Actor } from '../http/guard.ts';
import type { Executor } from '../modules/audit/audit.repository.ts';
import { markAttended, syncGroupSession } from '../modules/events/checkin.service.ts';
import { makeSlug } from '../modules/events/events.service.ts';
import type { EventRow } from '../modules/events/events.table.ts';
import { newCheckinCode, newToken } from '../modules/events/registration.service.ts';

const DAY = 24 * 3600 * 1000;
/** 09:00 WIB `days` from today. */
const at = (days: number, hour = 9) => {
  const d = new Date(Date.now() + days * DAY);
  d.setUTCHours(hour - 7, 0, 0, 0);
  return d;
};

interface Person {
  business_id: number;
  name: string;
  phone: string;
  business: string;
}

async function registerAll(trx: Executor, event: EventRow, people: Person[], capacity: number | null) {
  const rows = [];
  for (const [i, p] of people.entries()) {
    const seated = capacity === null || i < capacity;
    rows.push(
      await trx
        .insertInto('event_registration')
        .values({
          event_id: event.id,
          name: p.name,
          phone: p.phone,
          email: null,
          business_name: p.business,
          business_id: p.business_id,
          business_match: 'phone',
          user_id: null,
          status: seated ? 'registered' : 'waitlisted',
          waitlisted_at: seated ? undefined : new Date(Date.now() - (people.length - i) * 60_000),
          token: newToken(),
          checkin_code: newCheckinCode(),
        })
        .returningAll()
        .executeTakeFirstOrThrow(),
    );
  }
  return rows;
}

async function insertEvent(trx: Executor, values: Partial<EventRow> & Pick<EventRow, 'title' | 'type'>) {
  return trx
    .insertInto('event')
    .values({
      slug: makeSlug(values.title),
      title: values.title,
      type: values.type,
      institution_id: values.institution_id ?? null,
      speakers: values.speakers ?? [],
      host: values.host ?? null,
      host_mentor_id: values.host_mentor_id ?? null,
      starts_at: values.starts_at!,
      ends_at: values.ends_at!,
      venue: values.venue ?? null,
      online_url: values.online_url ?? null,
      capacity: values.capacity ?? null,
      registration_deadline: values.registration_deadline ?? null,
      audience: values.audience ?? ['business', 'public'],
      topics: values.topics ?? [],
      description: values.description ?? '',
      banner_path: null,
      banner_type: null,
      state: values.state ?? 'published',
      published_at: new Date(),
      session_id: null,
      created_by: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Three events over the demo registry: the webinar the news report names (past, with attendance and a group
 * session of its host mentor), an upcoming training with registrations, and a full workshop with a waitlist.
 */
export async function seedEventsDemo(database: DatabaseHandle, actor: Actor) {
  const { db } = database;
  const people = (
    await sql<Person>`
      select distinct on (o.phone) b.id as business_id, o.name, o.phone, b.name as business
      from business b join owner o on o.id = b.owner_id
      where o.phone is not null and b.archived_at is null and o.merged_into_id is null
      order by o.phone, b.id limit 60`.execute(db)
  ).rows;
  if (people.length < 20) return { events: 0 };
  // The host: a mentor of an institution whose businesses are under mentoring, so the session is credited.
  const host = await sql<{ mentor_id: number; institution_id: number; name: string }>`
    select c.mentor_id, u.institution_id, u.name from mentoring_case c join app_user u on u.id = c.mentor_id
    where c.closed_on is null group by 1, 2, 3 order by count(*) desc limit 1`.execute(db);
  const mentor = host.rows[0];
  const cased = mentor
    ? (
        await sql<Person>`
          select distinct on (o.phone) b.id as business_id, o.name, o.phone, b.name as business
          from mentoring_case c join business b on b.id = c.business_id join owner o on o.id = b.owner_id
          where c.closed_on is null and c.mentor_id = ${mentor.mentor_id} and o.phone is not null
          order by o.phone limit 8`.execute(db)
      ).rows
    : [];
  const phones = new Set(cased.map((p) => p.phone));
  const others = people.filter((p) => !phones.has(p.phone));

  await db.transaction().execute(async (trx) => {
    const webinar = await insertEvent(trx, {
      title: 'Webinar Program Pendampingan UMKM dan Mentoring Bisnis',
      type: 'webinar',
      institution_id: mentor?.institution_id ?? null,
      host_mentor_id: mentor?.mentor_id ?? null,
      host: mentor?.name ?? null,
      speakers: ['Kepala Dinas Koperasi dan UMKM', 'Ketua LP3W'],
      starts_at: at(-20),
      ends_at: at(-20, 11),
      online_url: 'https://meet.example.org/pendampingan-umkm',
      topics: ['pemasaran', 'digital'],
      description:
        'Pengenalan program pendampingan UMKM terdampak Covid-19: mentoring bisnis oleh pendamping bersertifikat BNSP, pemasaran daring dan akses permodalan.',
    });
    const attendees = await registerAll(trx, webinar, [...cased, ...others.slice(0, 22)], null);
    for (const [i, r] of attendees.entries()) {
      // Most came; every business under mentoring did.
      if (i < cased.length || i % 4 !== 0) await markAttended(trx, webinar, r, 'list', actor);
    }
    await syncGroupSession(trx, webinar.id);

    const training = await insertEvent(trx, {
      title: 'Pelatihan Foto Produk dan Katalog Marketplace',
      type: 'training',
      speakers: ['Fotografer produk', 'Pendamping UMKM'],
      starts_at: at(10),
      ends_at: at(10, 15),
      venue: 'Aula Dinas Koperasi dan UMKM Kota Tangerang',
      capacity: 40,
      registration_deadline: at(8, 23),
      topics: ['pemasaran', 'kemasan'],
      description:
        'Membuat foto produk yang menjual dengan ponsel, lalu menyusun katalog di marketplace kota.',
    });
    await registerAll(trx, training, others.slice(22, 34), 40);

    const workshop = await insertEvent(trx, {
      title: 'Lokakarya Pembukuan Sederhana',
      type: 'workshop',
      speakers: ['Konsultan keuangan UMKM'],
      starts_at: at(16),
      ends_at: at(16, 12),
      venue: 'Kantor Kecamatan Cipondoh',
      capacity: 6,
      topics: ['keuangan'],
      description: 'Mencatat penjualan harian dan memisahkan uang usaha dari uang rumah tangga.',
    });
    await registerAll(trx, workshop, others.slice(34, 42), 6);
  });
  return { events: 3 };
}
