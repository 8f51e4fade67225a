import { sql } from 'kysely';
import type { AttendanceSource } from '../../../shared/events.ts';
import type { Config } from '../../config.ts';
import type { DB } from '../../db/database.ts';
import { AppError, notFound } from '../../http/errors.ts';
import type { Actor, SessionUser } from '../../http/guard.ts';
import { offsetOf, type PageQuery } from '../../http/pagination.ts';
import type { Executor } from '../audit/audit.repository.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { lockEvent } from './events.repository.ts';
import type { RegistrationDto } from './events.schema.ts';
import { managedEvent } from './events.service.ts';
import type { EventRegistrationRow, EventRow } from './events.table.ts';
import { waitlistPosition } from './registration.service.ts';

/** The program's clock: a session's day is the event's start day there. */
export type TimeZoned = Pick<Config, 'timezone'>;

type RegistrationWithBusiness = EventRegistrationRow & { matched_business_name: string | null };

function registrationsOf(db: Executor, eventId: number) {
  return db
    .selectFrom('event_registration as r')
    .leftJoin('business as b', 'b.id', 'r.business_id')
    .selectAll('r')
    .select('b.name as matched_business_name')
    .where('r.event_id', '=', eventId);
}

export async function registrationDto(db: Executor, r: RegistrationWithBusiness): Promise<RegistrationDto> {
  return {
    id: r.id,
    name: r.name,
    phone: r.phone,
    email: r.email,
    businessName: r.business_name,
    business:
      r.business_id && r.business_match
        ? {
            id: r.business_id,
            name: r.matched_business_name ?? '',
            match: r.business_match,
            confirmed: r.business_confirmed_at !== null,
          }
        : null,
    status: r.status,
    waitlistPosition: await waitlistPosition(db, r),
    checkedInAt: r.checked_in_at?.toISOString() ?? null,
    attendanceSource: r.attendance_source,
    createdAt: r.created_at.toISOString(),
  };
}

export async function listRegistrations(
  db: DB,
  user: SessionUser,
  eventId: number,
  query: PageQuery & { q?: string; status?: EventRegistrationRow['status']; attended?: 'yes' | 'no' },
) {
  await managedEvent(db, user, eventId);
  let base = registrationsOf(db, eventId);
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    base = base.where((eb) =>
      eb.or([eb('r.name', 'ilike', like), eb('r.phone', 'like', like), eb('r.business_name', 'ilike', like)]),
    );
  }
  if (query.status) base = base.where('r.status', '=', query.status);
  if (query.attended === 'yes') base = base.where('r.checked_in_at', 'is not', null);
  if (query.attended === 'no') base = base.where('r.checked_in_at', 'is', null);
  const [rows, total] = await Promise.all([
    base
      .orderBy(sql`case r.status when 'registered' then 0 when 'waitlisted' then 1 else 2 end`)
      .orderBy('r.waitlisted_at')
      .orderBy('r.name')
      .orderBy('r.id')
      .limit(query.pageSize)
      .offset(offsetOf(query))
      .execute(),
    base.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  const items = [];
  for (const r of rows) items.push(await registrationDto(db, r));
  return { items, total: total.n, page: query.page, pageSize: query.pageSize };
}

/**
 * Marks a registration as attended. Safe to repeat: the second time answers `already` and changes nothing.
 * The attendance lands on the business's timeline and, with a host mentor, in the event's group session.
 */
async function markAttended(
  trx: Executor,
  event: EventRow,
  reg: EventRegistrationRow,
  source: AttendanceSource,
  actor: Actor,
): Promise<'checked_in' | 'already'> {
  if (reg.checked_in_at) return 'already';
  if (reg.status !== 'registered') {
    throw new AppError(
      'NotRegistered',
      409,
      reg.status === 'waitlisted'
        ? `${reg.name} masih dalam daftar tunggu, belum mendapat tempat.`
        : `Pendaftaran ${reg.name} sudah dibatalkan.`,
    );
  }
  const now = new Date();
  await trx
    .updateTable('event_registration')
    .set({ checked_in_at: now, checked_in_by: actor.id, attendance_source: source, updated_at: now })
    .where('id', '=', reg.id)
    .execute();
  await recordAudit(trx, actor, {
    action: 'check_in',
    entity: 'event_registration',
    entityId: reg.id,
    newValues: { eventId: event.id, source },
  });
  if (reg.business_id) {
    const business = await trx
      .selectFrom('business')
      .select('kelurahan_code')
      .where('id', '=', reg.business_id)
      .executeTakeFirst();
    await recordAudit(trx, actor, {
      action: 'event_attended',
      entity: 'business',
      entityId: reg.business_id,
      areaCode: business?.kelurahan_code ?? null,
      newValues: {
        event: event.title,
        eventId: event.id,
        type: event.type,
        date: event.starts_at.toISOString(),
      },
    });
  }
  return 'checked_in';
}

const MESSAGES = { checked_in: 'Check-in berhasil.', already: 'Sudah check-in.' } as const;

/** The code read from an attendee's QR. Another event's code or an unknown one is an error. */
export async function checkInByCode(
  db: DB,
  config: TimeZoned,
  user: SessionUser,
  actor: Actor,
  eventId: number,
  code: string,
) {
  return db.transaction().execute(async (trx) => {
    await managedEvent(trx, user, eventId);
    const event = (await lockEvent(trx, eventId))!;
    const reg = await trx
      .selectFrom('event_registration')
      .selectAll()
      .where('checkin_code', '=', code.trim())
      .executeTakeFirst();
    if (!reg) throw new AppError('UnknownCode', 404, 'Kode QR tidak dikenal.');
    if (reg.event_id !== eventId) {
      throw new AppError('OtherEventCode', 409, 'Kode QR ini untuk acara lain.');
    }
    return finish(trx, config, event, reg, 'scan', actor);
  });
}

/** A name ticked on the check-in list. */
export async function checkInFromList(
  db: DB,
  config: TimeZoned,
  user: SessionUser,
  actor: Actor,
  eventId: number,
  registrationId: number,
) {
  return db.transaction().execute(async (trx) => {
    await managedEvent(trx, user, eventId);
    const event = (await lockEvent(trx, eventId))!;
    const reg = await trx
      .selectFrom('event_registration')
      .selectAll()
      .where('id', '=', registrationId)
      .where('event_id', '=', eventId)
      .executeTakeFirst();
    if (!reg) throw notFound('Pendaftaran');
    return finish(trx, config, event, reg, 'list', actor);
  });
}

async function finish(
  trx: Executor,
  config: TimeZoned,
  event: EventRow,
  reg: EventRegistrationRow,
  source: AttendanceSource,
  actor: Actor,
) {
  if (event.state === 'cancelled') throw new AppError('EventCancelled', 409, 'Acara ini dibatalkan.');
  const outcome = await markAttended(trx, event, reg, source, actor);
  if (outcome === 'checked_in') await syncGroupSession(trx, event.id, config.timezone);
  const row = await registrationsOf(trx, event.id).where('r.id', '=', reg.id).executeTakeFirstOrThrow();
  return { outcome, message: MESSAGES[outcome], registration: await registrationDto(trx, row) };
}

export { markAttended };

/**
 * The event as one group session (decision 0020): led by the host mentor, dated the start day, contact = the
 * event's length, one row per attending business with an open case. Rewritten in place: counted once.
 */
export async function syncGroupSession(trx: Executor, eventId: number, timezone: string) {
  const event = await trx.selectFrom('event').selectAll().where('id', '=', eventId).executeTakeFirstOrThrow();
  const attending = event.host_mentor_id
    ? await trx
        .selectFrom('event_registration as r')
        .innerJoin('mentoring_case as c', (j) =>
          j.onRef('c.business_id', '=', 'r.business_id').on('c.closed_on', 'is', null),
        )
        .select(['r.business_id', 'c.id as case_id'])
        .distinctOn('r.business_id')
        .where('r.event_id', '=', eventId)
        .where('r.checked_in_at', 'is not', null)
        .where('r.business_id', 'is not', null)
        .execute()
    : [];
  if (attending.length === 0) {
    if (event.session_id) {
      await trx.updateTable('event').set({ session_id: null }).where('id', '=', eventId).execute();
      await trx.deleteFrom('mentoring_session').where('id', '=', event.session_id).execute();
    }
    return;
  }
  const heldOn = await sql<{
    d: string;
  }>`select to_char(${event.starts_at}::timestamptz at time zone ${timezone}, 'YYYY-MM-DD') as d`.execute(
    trx,
  );
  const minutes = Math.max(1, Math.round((event.ends_at.getTime() - event.starts_at.getTime()) / 60_000));
  const values = {
    held_on: heldOn.rows[0]!.d,
    mode: 'kelompok' as const,
    mentor_id: event.host_mentor_id!,
    prep_minutes: 0,
    contact_minutes: minutes,
    topics: event.topics,
    notes: `Acara: ${event.title}`,
    businesses: attending.length,
  };
  let sessionId = event.session_id;
  if (sessionId) {
    await trx
      .updateTable('mentoring_session')
      .set({ ...values, updated_at: new Date() })
      .where('id', '=', sessionId)
      .execute();
    await trx.deleteFrom('session_business').where('session_id', '=', sessionId).execute();
  } else {
    const s = await trx
      .insertInto('mentoring_session')
      .values({
        ...values,
        code: `acara-${event.id}`,
        idempotency_key: null,
        problems: null,
        job_id: null,
        created_by: event.created_by,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    sessionId = s.id;
    await trx.updateTable('event').set({ session_id: sessionId }).where('id', '=', eventId).execute();
  }
  await trx
    .insertInto('session_business')
    .values(
      attending.map((a) => ({ session_id: sessionId!, business_id: a.business_id!, case_id: a.case_id })),
    )
    .execute();
}

/** Staff confirm (or clear, or set) the registry business of a registration. */
export async function confirmBusiness(
  db: DB,
  config: TimeZoned,
  user: SessionUser,
  actor: Actor,
  eventId: number,
  registrationId: number,
  businessId: number | null,
) {
  return db.transaction().execute(async (trx) => {
    await managedEvent(trx, user, eventId);
    const reg = await trx
      .selectFrom('event_registration')
      .selectAll()
      .where('id', '=', registrationId)
      .where('event_id', '=', eventId)
      .executeTakeFirst();
    if (!reg) throw notFound('Pendaftaran');
    if (businessId !== null) {
      const b = await trx.selectFrom('business').select('id').where('id', '=', businessId).executeTakeFirst();
      if (!b) {
        throw new AppError('InvalidBusiness', 400, 'Usaha tidak ditemukan.', {
          errors: [{ path: 'businessId', message: 'Usaha tidak ditemukan.' }],
        });
      }
    }
    const now = new Date();
    await trx
      .updateTable('event_registration')
      .set({
        business_id: businessId,
        business_match:
          businessId === null ? null : businessId === reg.business_id ? reg.business_match : 'staff',
        business_confirmed_by: businessId === null ? null : actor.id,
        business_confirmed_at: businessId === null ? null : now,
        updated_at: now,
      })
      .where('id', '=', registrationId)
      .execute();
    await recordAudit(trx, actor, {
      action: 'confirm_business',
      entity: 'event_registration',
      entityId: registrationId,
      oldValues: { businessId: reg.business_id },
      newValues: { businessId },
      keep: ['businessId'],
    });
    await syncGroupSession(trx, eventId, config.timezone);
    const row = await registrationsOf(trx, eventId)
      .where('r.id', '=', registrationId)
      .executeTakeFirstOrThrow();
    return registrationDto(trx, row);
  });
}
