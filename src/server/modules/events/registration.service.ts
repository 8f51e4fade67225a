import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import {
  audienceAdmits,
  type BusinessMatch,
  type EventAudience,
  type Registrant as Who,
} from '../../../shared/events.ts';
import { normalizePhone } from '../../../shared/identity.ts';
import type { DB } from '../../db/database.ts';
import { AppError, notFound } from '../../http/errors.ts';
import type { Actor, SessionUser } from '../../http/guard.ts';
import type { Executor } from '../audit/audit.repository.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { consume, RATE_LIMITS } from '../auth/rate-limits.ts';
import { findEvent, findEventBySlug, lockEvent } from './events.repository.ts';
import type { MyRegistrationDto, RegisterInput } from './events.schema.ts';
import { managedEvent, publicEventDto, registrationCloses } from './events.service.ts';
import type { EventRegistrationRow, EventRow } from './events.table.ts';

/** 128 random bits: the attendee's private link. */
export const newToken = () => randomBytes(16).toString('base64url');
/** 96 random bits: the code in the attendee's QR (≥ 80 bits, short enough for a small, easily read code). */
export const newCheckinCode = () => randomBytes(12).toString('base64url');

const AUDIENCE_NAMES: Record<EventAudience, string> = {
  business: 'pelaku usaha',
  mentor: 'pendamping',
  public: 'umum',
};

/**
 * Refuses a registrant the event's audience does not admit (403 `AudienceRestricted`), saying whom the event is
 * for and, on the public form, that its people register signed in.
 */
function assertAudience(event: EventRow, who: Who) {
  if (audienceAdmits(event.audience, who)) return;
  const names = event.audience.map((a) => AUDIENCE_NAMES[a]);
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} dan ${names.at(-1)}` : names[0];
  const how =
    who === 'anonymous'
      ? ' Masuk dengan akun Anda untuk mendaftar.'
      : ' Akun Anda tidak termasuk sasaran peserta acara ini.';
  throw new AppError('AudienceRestricted', 403, `Pendaftaran acara ini khusus untuk ${list}.${how}`);
}

function fieldError(code: string, status: number, path: string, message: string) {
  return new AppError(code, status, message, { errors: [{ path, message }] });
}

/** Registration is open: a published event, before its deadline (or start), not over. */
function assertOpen(event: EventRow, now: Date) {
  if (event.state === 'cancelled') throw new AppError('EventCancelled', 409, 'Acara ini dibatalkan.');
  if (event.state !== 'published') throw notFound('Acara');
  if (event.ends_at <= now)
    throw new AppError('EventPast', 409, 'Acara ini sudah berlalu; pendaftaran ditutup.');
  if (registrationCloses(event) <= now) {
    throw new AppError('RegistrationClosed', 409, 'Batas waktu pendaftaran acara ini sudah lewat.');
  }
}

async function seatsTaken(db: Executor, eventId: number) {
  const row = await db
    .selectFrom('event_registration')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('event_id', '=', eventId)
    .where('status', '=', 'registered')
    .executeTakeFirstOrThrow();
  return row.n;
}

/** The registry's business of a person, by the NIK (when given) or the phone of its owner. */
async function matchBusiness(
  db: Executor,
  phone: string,
  nik: string | null,
  businessName: string | null,
): Promise<{ id: number; match: BusinessMatch } | null> {
  const pick = async (ownerWhere: 'nik' | 'phone', value: string) => {
    const row = await db
      .selectFrom('business as b')
      .innerJoin('owner as o', 'o.id', 'b.owner_id')
      .select('b.id')
      .where(`o.${ownerWhere}`, '=', value)
      .where('o.merged_into_id', 'is', null)
      .where('b.archived_at', 'is', null)
      .orderBy(sql`similarity(b.name, ${businessName ?? ''})`, 'desc')
      .orderBy('b.id')
      .executeTakeFirst();
    return row ? row.id : null;
  };
  if (nik && /^\d{16}$/.test(nik)) {
    const id = await pick('nik', nik);
    if (id) return { id, match: 'nik' };
  }
  const id = await pick('phone', phone);
  return id ? { id, match: 'phone' } : null;
}

export interface Registrant {
  /** How they came: the public form, or signed in (checked against the event's audience). */
  as: Who;
  name: string;
  phone: string;
  email: string | null;
  businessName: string | null;
  nik: string | null;
  userId: number | null;
  /** A business known from the signed-in account (an owner's own). */
  accountBusinessId: number | null;
}

/**
 * One registration: a seat when one is free, otherwise the waitlist. The event row is locked first, so two people
 * taking the last seat at once are served one after the other. Bad input changes nothing.
 */
export async function register(db: DB, eventId: number, who: Registrant, actor: Actor, now = new Date()) {
  const phone = normalizePhone(who.phone);
  if (!phone) throw fieldError('PhoneInvalid', 400, 'phone', 'Nomor HP tidak valid (contoh: 081234567890).');
  if (who.nik && !/^\d{16}$/.test(who.nik.replace(/\s/g, ''))) {
    throw fieldError('NikInvalid', 400, 'nik', 'NIK harus 16 angka.');
  }
  return db.transaction().execute(async (trx) => {
    const event = await lockEvent(trx, eventId);
    if (!event) throw notFound('Acara');
    assertOpen(event, now);
    assertAudience(event, who.as);
    const existing = await trx
      .selectFrom('event_registration')
      .select('id')
      .where('event_id', '=', eventId)
      .where('phone', '=', phone)
      .where('status', '<>', 'cancelled')
      .executeTakeFirst();
    if (existing) {
      throw fieldError('AlreadyRegistered', 409, 'phone', 'Nomor HP ini sudah terdaftar di acara ini.');
    }
    const full = event.capacity !== null && (await seatsTaken(trx, eventId)) >= event.capacity;
    const matched = who.accountBusinessId
      ? { id: who.accountBusinessId, match: 'account' as const }
      : await matchBusiness(trx, phone, who.nik?.replace(/\s/g, '') ?? null, who.businessName);
    const row = await trx
      .insertInto('event_registration')
      .values({
        event_id: eventId,
        name: who.name,
        phone,
        email: who.email,
        business_name: who.businessName,
        business_id: matched?.id ?? null,
        business_match: matched?.match ?? null,
        user_id: who.userId,
        status: full ? 'waitlisted' : 'registered',
        // The database's clock after the lock: the waitlist's order is the order the lock was taken in.
        waitlisted_at: full ? sql<Date>`clock_timestamp()` : undefined,
        token: newToken(),
        checkin_code: newCheckinCode(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: full ? 'waitlist' : 'register',
      entity: 'event_registration',
      entityId: row.id,
      newValues: { eventId, name: who.name, status: row.status, businessId: row.business_id },
    });
    return row;
  });
}

/** The earliest waitlisted registration takes a freed seat (call inside the transaction that locked the event). */
export async function promoteFromWaitlist(trx: Executor, event: EventRow, actor: Actor) {
  if (event.capacity !== null && (await seatsTaken(trx, event.id)) >= event.capacity) return null;
  const next = await trx
    .selectFrom('event_registration')
    .select('id')
    .where('event_id', '=', event.id)
    .where('status', '=', 'waitlisted')
    .orderBy('waitlisted_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  if (!next) return null;
  await trx
    .updateTable('event_registration')
    .set({ status: 'registered', promoted_at: new Date(), updated_at: new Date() })
    .where('id', '=', next.id)
    .execute();
  await recordAudit(trx, actor, {
    action: 'promote',
    entity: 'event_registration',
    entityId: next.id,
    oldValues: { status: 'waitlisted' },
    newValues: { status: 'registered' },
  });
  return next.id;
}

/** Cancels a registration (by its private link or by staff); a freed seat goes to the waitlist's first. */
export async function cancelRegistration(db: DB, registrationId: number, actor: Actor) {
  return db.transaction().execute(async (trx) => {
    const reg = await trx
      .selectFrom('event_registration')
      .select(['event_id'])
      .where('id', '=', registrationId)
      .executeTakeFirst();
    if (!reg) throw notFound('Pendaftaran');
    const event = (await lockEvent(trx, reg.event_id))!;
    const current = await trx
      .selectFrom('event_registration')
      .selectAll()
      .where('id', '=', registrationId)
      .executeTakeFirstOrThrow();
    if (current.status === 'cancelled')
      throw new AppError('AlreadyCancelled', 409, 'Pendaftaran ini sudah dibatalkan.');
    if (current.checked_in_at) {
      throw new AppError(
        'AlreadyCheckedIn',
        409,
        'Peserta sudah check-in; pendaftaran tidak dapat dibatalkan.',
      );
    }
    if (event.ends_at <= new Date()) throw new AppError('EventPast', 409, 'Acara ini sudah berlalu.');
    await trx
      .updateTable('event_registration')
      .set({ status: 'cancelled', cancelled_at: new Date(), updated_at: new Date() })
      .where('id', '=', registrationId)
      .execute();
    await recordAudit(trx, actor, {
      action: 'cancel',
      entity: 'event_registration',
      entityId: registrationId,
      oldValues: { status: current.status },
      newValues: { status: 'cancelled' },
    });
    if (current.status === 'registered') await promoteFromWaitlist(trx, event, actor);
  });
}

export async function findByToken(db: Executor, token: string) {
  const reg = await db
    .selectFrom('event_registration')
    .selectAll()
    .where('token', '=', token)
    .executeTakeFirst();
  if (!reg) throw notFound('Pendaftaran');
  return reg;
}

export async function waitlistPosition(db: Executor, reg: EventRegistrationRow): Promise<number | null> {
  if (reg.status !== 'waitlisted') return null;
  // Compared in the database: its timestamps are finer than a JavaScript Date.
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from event_registration w, event_registration me
    where me.id = ${reg.id} and w.event_id = me.event_id and w.status = 'waitlisted'
      and (w.waitlisted_at, w.id) <= (me.waitlisted_at, me.id)`.execute(db);
  return rows[0]!.n;
}

export async function myRegistration(db: DB, token: string): Promise<MyRegistrationDto> {
  const reg = await findByToken(db, token);
  const event = (await findEvent(db, reg.event_id))!;
  return {
    token: reg.token,
    name: reg.name,
    status: reg.status,
    waitlistPosition: await waitlistPosition(db, reg),
    checkedInAt: reg.checked_in_at?.toISOString() ?? null,
    checkinCode: reg.status === 'registered' ? reg.checkin_code : null,
    event: publicEventDto(event),
  };
}

const publicActor = (ip: string, requestId: string, label = 'publik'): Actor => ({
  id: null,
  label,
  ip,
  requestId,
});

/** The public form: an event by its slug, a person by what they typed. */
export async function registerPublic(
  db: DB,
  slug: string,
  input: RegisterInput,
  request: { ip: string; id: string },
) {
  await consume(db, RATE_LIMITS.eventRegistration, request.ip);
  const event = await findEventBySlug(db, slug);
  if (!event || event.state === 'draft') throw notFound('Acara');
  const row = await register(
    db,
    event.id,
    {
      as: 'anonymous',
      name: input.name,
      phone: input.phone,
      email: input.email,
      businessName: input.businessName,
      nik: input.nik,
      userId: null,
      accountBusinessId: null,
    },
    publicActor(request.ip, request.id),
  );
  return myRegistration(db, row.token);
}

/** One click for a signed-in owner (their business and phone) or mentor (their profile's phone). */
export async function registerSignedIn(db: DB, user: SessionUser, actor: Actor, slug: string) {
  const event = await findEventBySlug(db, slug);
  if (!event || event.state === 'draft') throw notFound('Acara');
  let phone: string | null = null;
  let businessId: number | null = null;
  let businessName: string | null = null;
  if (user.role === 'business_owner') {
    const own = await db
      .selectFrom('owner as o')
      .leftJoin('business as b', (j) => j.onRef('b.owner_id', '=', 'o.id').on('b.archived_at', 'is', null))
      .select(['o.phone', 'b.id', 'b.name'])
      .where('o.user_id', '=', user.id)
      .orderBy('b.id')
      .executeTakeFirst();
    phone = own?.phone ?? null;
    businessId = own?.id ?? null;
    businessName = own?.name ?? null;
  } else if (user.role === 'mentor') {
    const profile = await db
      .selectFrom('mentor_profile')
      .select('phone')
      .where('user_id', '=', user.id)
      .executeTakeFirst();
    phone = profile?.phone ?? null;
  } else {
    throw new AppError('Forbidden', 403, 'Pendaftaran satu klik hanya untuk pemilik usaha dan pendamping.');
  }
  if (!phone) {
    throw new AppError(
      'PhoneMissing',
      409,
      'Akun Anda belum memiliki nomor HP; daftar lewat formulir publik.',
    );
  }
  const row = await register(
    db,
    event.id,
    {
      as: user.role,
      name: user.name,
      phone,
      email: user.email,
      businessName,
      nik: null,
      userId: user.id,
      accountBusinessId: businessId,
    },
    actor,
  );
  return myRegistration(db, row.token);
}

export async function cancelByToken(db: DB, token: string, request: { ip: string; id: string }) {
  await consume(db, RATE_LIMITS.eventCancellation, request.ip);
  const reg = await findByToken(db, token);
  await cancelRegistration(db, reg.id, publicActor(request.ip, request.id, 'peserta'));
  return myRegistration(db, token);
}

/** The signed-in person's own registrations ("Acara saya"). */
export async function myEvents(db: DB, user: SessionUser) {
  const regs = await db
    .selectFrom('event_registration')
    .selectAll()
    .where('user_id', '=', user.id)
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();
  const out = [];
  for (const r of regs) {
    const event = await findEvent(db, r.event_id);
    if (!event) continue;
    out.push({
      token: r.token,
      status: r.status,
      checkedInAt: r.checked_in_at?.toISOString() ?? null,
      event: publicEventDto(event),
    });
  }
  return out;
}

/** Staff cancel a registration for the attendee (who phoned in, say). */
export async function cancelByStaff(
  db: DB,
  user: SessionUser,
  actor: Actor,
  eventId: number,
  registrationId: number,
) {
  await managedEvent(db, user, eventId);
  const reg = await db
    .selectFrom('event_registration')
    .select('id')
    .where('id', '=', registrationId)
    .where('event_id', '=', eventId)
    .executeTakeFirst();
  if (!reg) throw notFound('Pendaftaran');
  await cancelRegistration(db, reg.id, actor);
}
