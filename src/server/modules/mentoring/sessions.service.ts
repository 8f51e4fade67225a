import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import sharp from 'sharp';
import type { Config } from '../../config.ts';
import type { DB } from '../../db/database.ts';
import { discardUpload, type StoredUpload, storeUpload } from '../../files/uploads.ts';
import { AppError, forbidden, notFound } from '../../http/errors.ts';
import type { Actor, SessionUser } from '../../http/guard.ts';
import { areaNames } from '../areas/areas.service.ts';
import type { Executor } from '../audit/audit.repository.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findMentor, isUniqueViolation } from './cases.repository.ts';
import type { SessionDto } from './cases.schema.ts';
import { CASE_MANAGERS, fieldError, todayOf } from './cases.service.ts';
import { caseAccess } from './mentoring.access.ts';
import { hasValidCertificate } from './mentoring.rules.ts';
import { actionItemsOf, sessionsOf } from './mentoring.view.ts';
import type { CreateSessionInput } from './sessions.schema.ts';

/** A photo is kept as a JPEG at most this many pixels on its long side, its metadata (GPS, camera) dropped. */
export const PHOTO_MAX_PIXELS = 1600;
const PHOTOS_PER_SESSION = 10;

/**
 * The mentor a session is recorded for: a mentor records their own; the office, officers and institution
 * admins record for a mentor they may see (`mentorId`).
 */
async function sessionMentor(db: DB, user: SessionUser, mentorId: number | undefined) {
  if (user.role === 'mentor') {
    if (mentorId !== undefined && mentorId !== user.id) {
      throw fieldError('Forbidden', 403, 'body.mentorId', 'Pendamping hanya mencatat sesinya sendiri.');
    }
    return user.id;
  }
  if (!(CASE_MANAGERS as readonly string[]).includes(user.role)) throw forbidden();
  if (mentorId === undefined) {
    throw fieldError('MentorRequired', 400, 'body.mentorId', 'Pilih pendamping yang memimpin sesi.');
  }
  const mentor = await findMentor(db, user, mentorId);
  if (!mentor) throw fieldError('MentorUnknown', 400, 'body.mentorId', 'Pendamping tidak ditemukan.');
  if (!mentor.visible) {
    throw fieldError('MentorOutOfScope', 403, 'body.mentorId', 'Pendamping ini bukan dari lembaga Anda.');
  }
  return mentorId;
}

async function sessionByKey(db: DB, key: string) {
  return db
    .selectFrom('mentoring_session')
    .select(['id', 'created_by'])
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
}

/** The same write sent twice (a phone on a bad connection) lands once: the first session comes back. */
async function replay(
  db: DB,
  config: Config,
  user: SessionUser,
  found: { id: number; created_by: number | null },
) {
  if (found.created_by !== user.id) {
    throw fieldError('IdempotencyKeyUsed', 409, 'body.idempotencyKey', 'Kunci idempotensi sudah dipakai.');
  }
  return { created: false, session: await getSession(db, config, user, found.id) };
}

export async function createSession(
  db: DB,
  config: Config,
  user: SessionUser,
  actor: Actor,
  input: CreateSessionInput,
): Promise<{ created: boolean; session: SessionDto }> {
  const earlier = await sessionByKey(db, input.idempotencyKey);
  if (earlier) return replay(db, config, user, earlier);

  const mentorId = await sessionMentor(db, user, input.mentorId);
  const today = todayOf(config);
  if (input.heldOn > today) {
    throw fieldError('SessionInFuture', 400, 'body.heldOn', 'Tanggal sesi tidak boleh di masa depan.');
  }
  const businessIds = input.businessIds;
  const duplicate = businessIds.findIndex((b, i) => businessIds.indexOf(b) !== i);
  if (duplicate >= 0) {
    throw fieldError(
      'BusinessTwice',
      400,
      `body.businessIds.${duplicate}`,
      'Usaha yang sama dipilih dua kali.',
    );
  }
  if (input.mode === 'kelompok' && businessIds.length < 2) {
    throw fieldError('GroupTooSmall', 400, 'body.businessIds', 'Sesi kelompok memerlukan minimal 2 usaha.');
  }
  if (input.mode !== 'kelompok' && businessIds.length > 1) {
    throw fieldError(
      'GroupModeRequired',
      400,
      'body.mode',
      'Sesi dengan beberapa usaha harus bermode kelompok.',
    );
  }
  input.actionItems.forEach((item, i) => {
    if (!businessIds.includes(item.businessId)) {
      throw fieldError(
        'ActionItemBusiness',
        400,
        `body.actionItems.${i}.businessId`,
        'Tindak lanjut harus untuk salah satu usaha dalam sesi ini.',
      );
    }
    if (item.dueOn && item.dueOn < input.heldOn) {
      throw fieldError(
        'ActionItemDueBeforeSession',
        400,
        `body.actionItems.${i}.dueOn`,
        'Tenggat tindak lanjut tidak boleh sebelum tanggal sesi.',
      );
    }
  });
  if (!(await hasValidCertificate(db, mentorId, input.heldOn))) {
    throw fieldError(
      'CertificateInvalid',
      409,
      'body.heldOn',
      `Sertifikat kompetensi pendamping tidak berlaku pada tanggal sesi (${input.heldOn}).`,
    );
  }
  // Each business: an open case the user may see (404 beyond their scope), with this mentor, opened by the
  // session's date.
  const cases = await db
    .selectFrom('mentoring_case as c')
    .innerJoin('business as b', 'b.id', 'c.business_id')
    .select(['c.id', 'c.business_id', 'c.mentor_id', 'c.opened_on', 'b.name', 'b.kelurahan_code'])
    .select((eb) => caseAccess(user, config)(eb).as('visible'))
    .where('c.business_id', 'in', businessIds)
    .where('c.closed_on', 'is', null)
    .execute();
  businessIds.forEach((businessId, i) => {
    const c = cases.find((row) => row.business_id === businessId);
    if (c && !c.visible) throw notFound('Usaha');
    if (c?.mentor_id !== mentorId) {
      throw fieldError(
        'NoOpenCase',
        400,
        `body.businessIds.${i}`,
        'Usaha ini tidak memiliki kasus pendampingan terbuka dengan pendamping ini.',
      );
    }
    if (c.opened_on > input.heldOn) {
      throw fieldError(
        'SessionBeforeCase',
        400,
        'body.heldOn',
        `Kasus usaha ${c.name} baru dibuka pada ${c.opened_on}; tanggal sesi tidak boleh sebelumnya.`,
      );
    }
  });

  try {
    const id = await db.transaction().execute(async (trx) => {
      const session = await trx
        .insertInto('mentoring_session')
        .values({
          code: null,
          idempotency_key: input.idempotencyKey,
          held_on: input.heldOn,
          mode: input.mode,
          mentor_id: mentorId,
          prep_minutes: input.prepMinutes,
          contact_minutes: input.contactMinutes,
          topics: [...new Set(input.topics)],
          problems: input.problems || null,
          notes: input.notes || null,
          businesses: businessIds.length,
          job_id: null,
          created_by: user.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('session_business')
        .values(
          businessIds.map((businessId) => ({
            session_id: session.id,
            business_id: businessId,
            case_id: cases.find((c) => c.business_id === businessId)!.id,
          })),
        )
        .execute();
      if (input.actionItems.length) {
        await trx
          .insertInto('action_item')
          .values(
            input.actionItems.map((item) => ({
              session_id: session.id,
              business_id: item.businessId,
              what: item.what,
              owner_side: item.side,
              due_on: item.dueOn ?? null,
            })),
          )
          .execute();
      }
      await recordAudit(trx, actor, {
        action: 'create',
        entity: 'mentoring_session',
        entityId: session.id,
        areaCode: cases[0]!.kelurahan_code,
        newValues: {
          held_on: input.heldOn,
          mode: input.mode,
          mentor_id: mentorId,
          prep_minutes: input.prepMinutes,
          contact_minutes: input.contactMinutes,
          topics: input.topics,
          business_ids: businessIds,
          action_items: input.actionItems.length,
        },
      });
      return session.id;
    });
    return { created: true, session: await getSession(db, config, user, id) };
  } catch (err) {
    if (isUniqueViolation(err, 'mentoring_session_idempotency_key_key')) {
      const first = await sessionByKey(db, input.idempotencyKey);
      if (first) return replay(db, config, user, first);
    }
    throw err;
  }
}

/** A session the user may see: one of its businesses' cases is within their access. */
async function visibleSession(db: DB, config: Config, user: SessionUser, id: number) {
  const row = await db
    .selectFrom('mentoring_session as s')
    .select(['s.id', 's.mentor_id', 's.held_on'])
    .where('s.id', '=', id)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('session_business as sb')
          .innerJoin('mentoring_case as c', 'c.id', 'sb.case_id')
          .innerJoin('business as b', 'b.id', 'sb.business_id')
          .select('sb.session_id')
          .whereRef('sb.session_id', '=', 's.id')
          .where(caseAccess(user, config)),
      ),
    )
    .executeTakeFirst();
  if (!row) throw notFound('Sesi');
  return row;
}

export async function getSession(db: DB, config: Config, user: SessionUser, id: number) {
  await visibleSession(db, config, user, id);
  const [session] = await sessionsOf(db, config, user, { businessId: -1 }, [id]);
  if (!session) throw notFound('Sesi');
  return session;
}

/** A session's photo: checked from its bytes, re-encoded to a bounded JPEG without metadata, kept. */
export async function addPhoto(
  db: DB,
  config: Config,
  user: SessionUser,
  actor: Actor,
  sessionId: number,
  content: Buffer,
) {
  const session = await visibleSession(db, config, user, sessionId);
  if (user.role === 'mentor' ? session.mentor_id !== user.id : user.role === 'business_owner')
    throw forbidden();
  const { n } = await db
    .selectFrom('session_photo')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('session_id', '=', sessionId)
    .executeTakeFirstOrThrow();
  if (n >= PHOTOS_PER_SESSION) {
    throw new AppError('TooManyPhotos', 409, `Satu sesi paling banyak ${PHOTOS_PER_SESSION} foto.`);
  }
  const folder = ['mentoring', 'sessions', String(sessionId)];
  const original = storeUpload(config, folder, content, {
    accept: ['image/jpeg', 'image/png'],
    field: 'foto',
  });
  let kept: StoredUpload | null = null;
  try {
    let jpeg: Buffer;
    try {
      jpeg = await sharp(content)
        .rotate()
        .resize(PHOTO_MAX_PIXELS, PHOTO_MAX_PIXELS, { fit: 'inside', withoutEnlargement: true })
        .jpeg({ quality: 82, mozjpeg: true })
        .toBuffer();
    } catch {
      throw new AppError('ImageUnreadable', 400, 'foto: gambar tidak dapat dibaca.', {
        errors: [{ path: 'body', message: 'foto: gambar tidak dapat dibaca.' }],
      });
    }
    const target = path.join(
      path.dirname(original.path),
      `${path.basename(original.path, path.extname(original.path))}.jpg`,
    );
    fs.writeFileSync(target, jpeg);
    kept = { path: target, type: 'image/jpeg', bytes: jpeg.length };
    if (target !== original.path) discardUpload(original);
    const photo = await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('session_photo')
        .values({ session_id: sessionId, path: target, bytes: jpeg.length })
        .returning(['id', 'bytes'])
        .executeTakeFirstOrThrow();
      await recordAudit(trx, actor, {
        action: 'add_photo',
        entity: 'mentoring_session',
        entityId: sessionId,
        newValues: { photo_id: row.id, bytes: row.bytes },
      });
      return row;
    });
    return { id: photo.id, url: `/api/v1/mentoring/photos/${photo.id}`, bytes: photo.bytes };
  } catch (err) {
    discardUpload(kept);
    discardUpload(original);
    throw err;
  }
}

export async function readPhoto(db: DB, config: Config, user: SessionUser, photoId: number) {
  const photo = await db
    .selectFrom('session_photo')
    .select(['id', 'session_id', 'path'])
    .where('id', '=', photoId)
    .executeTakeFirst();
  if (!photo) throw notFound('Foto');
  await visibleSession(db, config, user, photo.session_id).catch(() => {
    throw notFound('Foto');
  });
  if (!fs.existsSync(photo.path)) throw notFound('Foto');
  return photo.path;
}

/**
 * The one rule for ticking an action item done or undoing it, behind both routes that do it
 * (`PATCH /mentoring/action-items/:id` and the owner's own `PATCH /me/action-items/:id`): whoever may see the
 * item's case (`caseAccess`: the office, an area officer in their area, the institution's admin, the case's
 * mentor, the business's owner) finds it (else 404); a mentor only on their own case, the owner only the items
 * on their own side (403). Locks the item, writes only a change, and records it in the audit log, in `trx`.
 */
export async function changeActionItem(
  trx: Executor,
  config: Config,
  user: SessionUser,
  actor: Actor,
  id: number,
  done: boolean,
) {
  const item = await trx
    .selectFrom('action_item as a')
    .innerJoin('session_business as sb', (j) =>
      j.onRef('sb.session_id', '=', 'a.session_id').onRef('sb.business_id', '=', 'a.business_id'),
    )
    .innerJoin('mentoring_case as c', 'c.id', 'sb.case_id')
    .innerJoin('business as b', 'b.id', 'a.business_id')
    .select(['a.id', 'a.what', 'a.owner_side', 'a.done_at', 'c.mentor_id', 'b.kelurahan_code'])
    .where('a.id', '=', id)
    .where(caseAccess(user, config))
    .forUpdate('a')
    .executeTakeFirst();
  if (!item) throw notFound('Tindak lanjut');
  if (user.role === 'business_owner' && item.owner_side !== 'owner') {
    throw forbidden('Tindak lanjut ini tugas pendamping; hanya pendamping yang menandainya selesai.');
  }
  if (user.role === 'mentor' && item.mentor_id !== user.id) throw forbidden();
  if ((item.done_at != null) === done) return;
  await trx
    .updateTable('action_item')
    .set(done ? { done_at: new Date(), done_by: user.id } : { done_at: null, done_by: null })
    .where('id', '=', id)
    .execute();
  await recordAudit(trx, actor, {
    action: done ? 'done' : 'undone',
    entity: 'action_item',
    entityId: id,
    areaCode: item.kelurahan_code,
    oldValues: { what: item.what, done: item.done_at != null },
    newValues: { what: item.what, done },
    keep: ['what'],
  });
}

/** `PATCH /mentoring/action-items/:id`: `changeActionItem`, answered as the case's item. */
export async function setActionItemDone(
  db: DB,
  config: Config,
  user: SessionUser,
  actor: Actor,
  id: number,
  done: boolean,
) {
  await db.transaction().execute((trx) => changeActionItem(trx, config, user, actor, id, done));
  const [dto] = await actionItemsOf(db, { businessId: -1 }, todayOf(config), [id]);
  return dto!;
}

/** What the phone form starts from: today, the mentor's last topics and minutes, and their open cases. */
export async function sessionFormDefaults(
  db: DB,
  config: Config,
  user: SessionUser,
  mentorIdParam: number | undefined,
) {
  const today = todayOf(config);
  let mentorId: number | null = user.role === 'mentor' ? user.id : null;
  if (user.role !== 'mentor' && mentorIdParam !== undefined) {
    const mentor = await findMentor(db, user, mentorIdParam);
    if (!mentor?.visible) throw notFound('Pendamping');
    mentorId = mentorIdParam;
  }
  if (mentorId === null) {
    return {
      today,
      mentorId,
      lastTopics: [],
      lastMode: null,
      lastPrepMinutes: null,
      lastContactMinutes: null,
      certificateValidToday: false,
      cases: [],
    };
  }
  const [last, cases, certificate] = await Promise.all([
    db
      .selectFrom('mentoring_session')
      .select(['topics', 'mode', 'prep_minutes', 'contact_minutes'])
      .where('mentor_id', '=', mentorId)
      .orderBy('held_on', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst(),
    db
      .selectFrom('mentoring_case as c')
      .innerJoin('business as b', 'b.id', 'c.business_id')
      .innerJoin('owner as o', 'o.id', 'b.owner_id')
      .select([
        'c.id',
        'c.business_id',
        'b.name',
        'o.name as owner_name',
        'b.kelurahan_code',
        (eb) =>
          eb
            .selectFrom('session_business as sb')
            .innerJoin('mentoring_session as s', 's.id', 'sb.session_id')
            .whereRef('sb.case_id', '=', 'c.id')
            .select(sql<string | null>`max(s.held_on)::text`.as('d'))
            .as('last_session_on'),
      ])
      .where('c.mentor_id', '=', mentorId)
      .where('c.closed_on', 'is', null)
      .where(caseAccess(user, config))
      .orderBy('b.name')
      .limit(500)
      .execute(),
    hasValidCertificate(db, mentorId, today),
  ]);
  const names = await areaNames(
    db,
    cases.map((c) => c.kelurahan_code),
  );
  return {
    today,
    mentorId,
    lastTopics: last?.topics ?? [],
    lastMode: last?.mode ?? null,
    lastPrepMinutes: last?.prep_minutes ?? null,
    lastContactMinutes: last?.contact_minutes ?? null,
    certificateValidToday: certificate,
    cases: cases.map((c) => ({
      caseId: c.id,
      businessId: c.business_id,
      businessName: c.name,
      ownerName: c.owner_name,
      kelurahanName: names.get(c.kelurahan_code) ?? c.kelurahan_code,
      lastSessionOn: c.last_session_on ?? null,
    })),
  };
}
