import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { Config } from '../../config.ts';
import type { DB } from '../../db/database.ts';
import { discardUpload, storeUpload } from '../../files/uploads.ts';
import { AppError, forbidden, notFound } from '../../http/errors.ts';
import type { Actor, SessionUser } from '../../http/guard.ts';
import { offsetOf, type PageQuery } from '../../http/pagination.ts';
import type { Executor } from '../audit/audit.repository.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { type EventWithCounts, findEvent, listEvents, lockEvent } from './events.repository.ts';
import type { EventDto, EventInput, PublicEventDto } from './events.schema.ts';
import type { EventRow } from './events.table.ts';

export const OFFICE_NAME = 'Dinas Koperasi dan UMKM';

/** Who may manage an event: the office (admin) any, an institution admin their institution's. */
export function canManage(user: SessionUser, event: Pick<EventRow, 'institution_id'>): boolean {
  if (user.role === 'admin') return true;
  return (
    user.role === 'institution_admin' &&
    event.institution_id !== null &&
    event.institution_id === user.institutionId
  );
}

/** The event if the user may manage it: 404 for one they may not even know about. */
export async function managedEvent(db: Executor, user: SessionUser, id: number): Promise<EventWithCounts> {
  const event = await findEvent(db, id);
  if (!event || !canManage(user, event)) throw notFound('Acara');
  return event;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function eventDto(user: SessionUser, e: EventWithCounts): EventDto {
  return {
    id: e.id,
    slug: e.slug,
    title: e.title,
    type: e.type,
    institutionId: e.institution_id,
    organizer: e.organizer_name ?? OFFICE_NAME,
    speakers: e.speakers,
    host: e.host,
    hostMentorId: e.host_mentor_id,
    startsAt: e.starts_at.toISOString(),
    endsAt: e.ends_at.toISOString(),
    venue: e.venue,
    onlineUrl: e.online_url,
    capacity: e.capacity,
    registrationDeadline: iso(e.registration_deadline),
    audience: e.audience,
    topics: e.topics,
    description: e.description,
    hasBanner: e.banner_path !== null,
    state: e.state,
    publishedAt: iso(e.published_at),
    registered: e.registered,
    waitlisted: e.waitlisted,
    attended: e.attended,
    canManage: canManage(user, e),
  };
}

/** Registration closes at the deadline, or at the start when there is none. */
export function registrationCloses(e: Pick<EventRow, 'registration_deadline' | 'starts_at'>): Date {
  return e.registration_deadline ?? e.starts_at;
}

export function publicEventDto(e: EventWithCounts, now = new Date()): PublicEventDto {
  const open = e.state === 'published' && registrationCloses(e) > now;
  return {
    slug: e.slug,
    title: e.title,
    type: e.type,
    organizer: e.organizer_name ?? OFFICE_NAME,
    speakers: e.speakers,
    host: e.host,
    startsAt: e.starts_at.toISOString(),
    endsAt: e.ends_at.toISOString(),
    venue: e.venue,
    online: e.online_url !== null,
    registrationDeadline: iso(e.registration_deadline),
    audience: e.audience,
    topics: e.topics,
    description: e.description,
    hasBanner: e.banner_path !== null,
    cancelled: e.state === 'cancelled',
    registrationOpen: open,
    seatsLeft: e.capacity === null ? null : Math.max(0, e.capacity - e.registered),
  };
}

/** A readable, unguessable-enough address: the title's words and a random suffix (the slug is public anyway). */
export function makeSlug(title: string): string {
  const words = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `${words || 'acara'}-${randomBytes(3).toString('hex')}`;
}

async function checkInput(db: Executor, user: SessionUser, input: EventInput) {
  const errors: { path: string; message: string }[] = [];
  if (new Date(input.endsAt) <= new Date(input.startsAt)) {
    errors.push({ path: 'endsAt', message: 'Waktu selesai harus setelah waktu mulai.' });
  }
  if (input.registrationDeadline && new Date(input.registrationDeadline) > new Date(input.startsAt)) {
    errors.push({
      path: 'registrationDeadline',
      message: 'Batas pendaftaran tidak boleh setelah acara dimulai.',
    });
  }
  if (input.type === 'webinar' && !input.onlineUrl) {
    errors.push({ path: 'onlineUrl', message: 'Webinar memerlukan tautan daring.' });
  }
  if (input.type !== 'webinar' && !input.venue && !input.onlineUrl) {
    errors.push({ path: 'venue', message: 'Isi tempat atau tautan daring.' });
  }
  if (user.role === 'institution_admin' && input.institutionId !== user.institutionId) {
    errors.push({ path: 'institutionId', message: 'Penyelenggara harus lembaga Anda sendiri.' });
  }
  if (input.institutionId !== null) {
    const inst = await db
      .selectFrom('institution')
      .select('id')
      .where('id', '=', input.institutionId)
      .executeTakeFirst();
    if (!inst) errors.push({ path: 'institutionId', message: 'Lembaga penyelenggara tidak ditemukan.' });
  }
  if (input.hostMentorId !== null) {
    const mentor = await db
      .selectFrom('app_user')
      .select(['id', 'institution_id'])
      .where('id', '=', input.hostMentorId)
      .where('role', '=', 'mentor')
      .executeTakeFirst();
    if (!mentor) errors.push({ path: 'hostMentorId', message: 'Pendamping pemandu tidak ditemukan.' });
    else if (input.institutionId !== null && mentor.institution_id !== input.institutionId) {
      errors.push({ path: 'hostMentorId', message: 'Pendamping pemandu harus dari lembaga penyelenggara.' });
    }
  }
  if (errors.length) throw new AppError('InvalidEvent', 400, errors[0]!.message, { errors });
}

function columns(input: EventInput) {
  return {
    title: input.title,
    type: input.type,
    institution_id: input.institutionId,
    speakers: input.speakers,
    host: input.host || null,
    host_mentor_id: input.hostMentorId,
    starts_at: input.startsAt,
    ends_at: input.endsAt,
    venue: input.venue || null,
    online_url: input.onlineUrl || null,
    capacity: input.capacity,
    registration_deadline: input.registrationDeadline,
    audience: [...new Set(input.audience)],
    topics: [...new Set(input.topics)],
    description: input.description,
  };
}

function auditValues(input: EventInput) {
  return { ...input };
}

export async function createEvent(db: DB, user: SessionUser, actor: Actor, input: EventInput) {
  return db.transaction().execute(async (trx) => {
    await checkInput(trx, user, input);
    const row = await trx
      .insertInto('event')
      .values({ ...columns(input), slug: makeSlug(input.title), created_by: actor.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'create',
      entity: 'event',
      entityId: row.id,
      newValues: auditValues(input),
    });
    return eventDto(user, (await findEvent(trx, row.id))!);
  });
}

export async function updateEvent(db: DB, user: SessionUser, actor: Actor, id: number, input: EventInput) {
  return db.transaction().execute(async (trx) => {
    const before = await managedEvent(trx, user, id);
    await lockEvent(trx, id);
    if (before.state === 'cancelled') {
      throw new AppError('EventCancelled', 409, 'Acara yang dibatalkan tidak dapat diubah.');
    }
    await checkInput(trx, user, input);
    if (input.capacity !== null && input.capacity < before.registered) {
      throw new AppError(
        'InvalidEvent',
        400,
        `Kapasitas tidak boleh kurang dari ${before.registered} peserta terdaftar.`,
        {
          errors: [{ path: 'capacity', message: `Sudah ${before.registered} peserta terdaftar.` }],
        },
      );
    }
    await trx
      .updateTable('event')
      .set({ ...columns(input), updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actor, {
      action: 'update',
      entity: 'event',
      entityId: id,
      oldValues: auditValues(inputOf(before)),
      newValues: auditValues(input),
    });
    return eventDto(user, (await findEvent(trx, id))!);
  });
}

function inputOf(e: EventRow): EventInput {
  return {
    title: e.title,
    type: e.type,
    institutionId: e.institution_id,
    speakers: e.speakers,
    host: e.host,
    hostMentorId: e.host_mentor_id,
    startsAt: e.starts_at.toISOString(),
    endsAt: e.ends_at.toISOString(),
    venue: e.venue,
    onlineUrl: e.online_url,
    capacity: e.capacity,
    registrationDeadline: iso(e.registration_deadline),
    audience: e.audience,
    topics: e.topics,
    description: e.description,
  };
}

/** A copy as a new draft, a week later, without its people: the usual way to run an event again. */
export async function copyEvent(db: DB, user: SessionUser, actor: Actor, id: number) {
  return db.transaction().execute(async (trx) => {
    const source = await managedEvent(trx, user, id);
    const week = 7 * 24 * 3600 * 1000;
    const shift = (d: Date | null) => (d ? new Date(d.getTime() + week) : null);
    const row = await trx
      .insertInto('event')
      .values({
        ...columns(inputOf(source)),
        title: `${source.title} (salinan)`,
        starts_at: shift(source.starts_at)!,
        ends_at: shift(source.ends_at)!,
        registration_deadline: shift(source.registration_deadline),
        banner_path: source.banner_path,
        banner_type: source.banner_type,
        slug: makeSlug(source.title),
        created_by: actor.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'copy',
      entity: 'event',
      entityId: row.id,
      newValues: { copiedFrom: id, title: `${source.title} (salinan)` },
    });
    return eventDto(user, (await findEvent(trx, row.id))!);
  });
}

/** draft → published → cancelled; publishing a past event is refused. */
export async function changeEventState(
  db: DB,
  user: SessionUser,
  actor: Actor,
  id: number,
  to: 'published' | 'cancelled',
) {
  return db.transaction().execute(async (trx) => {
    const before = await managedEvent(trx, user, id);
    await lockEvent(trx, id);
    if (to === 'published') {
      if (before.state !== 'draft') {
        throw new AppError('InvalidTransition', 409, 'Hanya draf yang dapat diterbitkan.');
      }
      if (before.ends_at <= new Date()) {
        throw new AppError('EventPast', 409, 'Acara yang sudah lewat tidak dapat diterbitkan.');
      }
    } else if (before.state === 'cancelled') {
      throw new AppError('InvalidTransition', 409, 'Acara sudah dibatalkan.');
    }
    await trx
      .updateTable('event')
      .set({
        state: to,
        updated_at: new Date(),
        ...(to === 'published' ? { published_at: new Date() } : {}),
      })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actor, {
      action: to === 'published' ? 'publish' : 'cancel',
      entity: 'event',
      entityId: id,
      oldValues: { state: before.state },
      newValues: { state: to },
    });
    return eventDto(user, (await findEvent(trx, id))!);
  });
}

export async function getEvent(db: DB, user: SessionUser, id: number) {
  return eventDto(user, await managedEvent(db, user, id));
}

export async function searchEvents(
  db: DB,
  _config: Config,
  user: SessionUser,
  query: PageQuery & { q?: string; state?: EventRow['state']; when?: 'upcoming' | 'past' },
) {
  if (user.role !== 'admin' && user.role !== 'institution_admin') throw forbidden();
  const { items, total } = await listEvents(
    db,
    {
      institutionId: user.role === 'institution_admin' ? (user.institutionId ?? -1) : undefined,
      q: query.q,
      state: query.state,
      when: query.when,
    },
    query.pageSize,
    offsetOf(query),
  );
  return { items: items.map((e) => eventDto(user, e)), total, page: query.page, pageSize: query.pageSize };
}

/** The event's banner (JPEG or PNG, told from its bytes), replacing the one before. */
export async function setBanner(
  db: DB,
  config: Config,
  user: SessionUser,
  actor: Actor,
  id: number,
  content: Buffer,
) {
  const stored = storeUpload(config, ['events'], content, {
    accept: ['image/jpeg', 'image/png'],
    field: 'Banner',
  });
  try {
    const before = await db.transaction().execute(async (trx) => {
      const event = await managedEvent(trx, user, id);
      await trx
        .updateTable('event')
        .set({
          banner_path: stored.path,
          banner_type: stored.type as 'image/jpeg' | 'image/png',
          updated_at: new Date(),
        })
        .where('id', '=', id)
        .execute();
      await recordAudit(trx, actor, {
        action: 'banner',
        entity: 'event',
        entityId: id,
        newValues: { bytes: stored.bytes, type: stored.type },
      });
      return event.banner_path;
    });
    // A copied event shares its source's banner file: remove the old file only when no event points to it.
    if (before) {
      const shared = await db
        .selectFrom('event')
        .select('id')
        .where('banner_path', '=', before)
        .executeTakeFirst();
      if (!shared) fs.rmSync(before, { force: true });
    }
  } catch (error) {
    discardUpload(stored);
    throw error;
  }
  return eventDto(user, (await findEvent(db, id))!);
}

/** The banner of a published (or cancelled) event, for the public page and link previews. */
export async function publicBanner(db: DB, slug: string) {
  const event = await db
    .selectFrom('event')
    .select(['banner_path', 'banner_type', 'state'])
    .where('slug', '=', slug)
    .executeTakeFirst();
  if (
    !event ||
    event.state === 'draft' ||
    !event.banner_path ||
    !event.banner_type ||
    !fs.existsSync(event.banner_path)
  ) {
    throw notFound('Banner');
  }
  return { type: event.banner_type, stream: fs.createReadStream(event.banner_path) };
}
