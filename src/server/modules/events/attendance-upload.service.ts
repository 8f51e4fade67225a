import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type { UploadMatchKind } from '../../../shared/events.ts';
import { normalizePhone } from '../../../shared/identity.ts';
import type { DB } from '../../db/database.ts';
import { openTabular } from '../../files/tabular.ts';
import { MAX_UPLOAD_BYTES } from '../../files/uploads.ts';
import { AppError, notFound } from '../../http/errors.ts';
import type { Actor, SessionUser } from '../../http/guard.ts';
import type { Executor } from '../audit/audit.repository.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { markAttended, syncGroupSession } from './checkin.service.ts';
import { lockEvent } from './events.repository.ts';
import { managedEvent } from './events.service.ts';

/** A webinar tool's attendance report has at most this many rows here; a bigger file is not a report. */
export const MAX_ATTENDANCE_ROWS = 5000;
/** Names at least this similar (pg_trgm) are proposed; a person accepts or refuses each. */
export const NAME_SIMILARITY = 0.45;

/** Headers as the common webinar tools write them (Zoom, Google Meet, Teams), and ours. */
const ALIASES = {
  name: ['nama', 'name', 'nama_lengkap', 'full_name', 'name_(original_name)', 'participant', 'peserta'],
  phone: ['no_hp', 'nomor_hp', 'hp', 'phone', 'telepon', 'whatsapp', 'phone_number'],
  email: ['email', 'e-mail', 'user_email', 'email_address', 'surel'],
} as const;

export interface AttendanceRowDto {
  rowNumber: number;
  name: string | null;
  phone: string | null;
  email: string | null;
  match: UploadMatchKind;
  similarity: number | null;
  accepted: boolean;
  registration: { id: number; name: string; phone: string; checkedIn: boolean } | null;
}

export interface AttendanceUploadDto {
  id: number;
  fileName: string;
  status: 'review' | 'applied' | 'discarded';
  rows: AttendanceRowDto[];
  counts: Record<UploadMatchKind, number>;
}

async function readReport(bytes: Buffer) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bangkit-attendance-'));
  const file = path.join(dir, 'upload');
  fs.writeFileSync(file, bytes);
  try {
    const table = await openTabular(
      file,
      { required: [], optional: [...ALIASES.name, ...ALIASES.phone, ...ALIASES.email] },
      { maxBytes: MAX_UPLOAD_BYTES },
    );
    if (!table.headers.length) {
      await table.close();
      throw new AppError('HeadersMissing', 400, 'Berkas harus memiliki kolom nama, no_hp atau email.');
    }
    const out: { rowNumber: number; name: string | null; phone: string | null; email: string | null }[] = [];
    const first = (cells: Record<string, { text: string }>, keys: readonly string[]) => {
      for (const k of keys) {
        const v = cells[k]?.text.trim();
        if (v) return v.slice(0, 200);
      }
      return null;
    };
    for await (const batch of table.rows(1000)) {
      for (const row of batch) {
        out.push({
          rowNumber: row.rowNumber,
          name: first(row.cells, ALIASES.name),
          phone: first(row.cells, ALIASES.phone),
          email: first(row.cells, ALIASES.email)?.toLowerCase() ?? null,
        });
        if (out.length > MAX_ATTENDANCE_ROWS) {
          await table.close();
          throw new AppError('TooManyRows', 400, `Berkas berisi lebih dari ${MAX_ATTENDANCE_ROWS} baris.`);
        }
      }
    }
    return out;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The best seated registration for one row: phone exactly, then e-mail exactly, then the most similar name. */
async function matchRow(
  db: Executor,
  eventId: number,
  row: { name: string | null; phone: string | null; email: string | null },
) {
  const phone = row.phone ? normalizePhone(row.phone) : null;
  const seated = () =>
    db
      .selectFrom('event_registration')
      .select('id')
      .where('event_id', '=', eventId)
      .where('status', '=', 'registered');
  if (phone) {
    const hit = await seated().where('phone', '=', phone).executeTakeFirst();
    if (hit) return { registration_id: hit.id, match_kind: 'phone' as const, similarity: null };
  }
  if (row.email) {
    const hit = await seated().where(sql`lower(email)`, '=', row.email).executeTakeFirst();
    if (hit) return { registration_id: hit.id, match_kind: 'email' as const, similarity: null };
  }
  if (row.name) {
    const hit = await seated()
      .select(sql<number>`similarity(name, ${row.name})`.as('score'))
      .where(sql<boolean>`similarity(name, ${row.name}) >= ${NAME_SIMILARITY}`)
      .orderBy('score', 'desc')
      .orderBy('id')
      .executeTakeFirst();
    if (hit)
      return {
        registration_id: hit.id,
        match_kind: 'name' as const,
        similarity: Math.round(hit.score * 100) / 100,
      };
  }
  return { registration_id: null, match_kind: 'none' as const, similarity: null };
}

/** Reads the report and proposes a match per row; nothing counts until a person applies it. */
export async function uploadAttendance(
  db: DB,
  user: SessionUser,
  actor: Actor,
  eventId: number,
  fileName: string,
  bytes: Buffer,
) {
  await managedEvent(db, user, eventId);
  const rows = await readReport(bytes);
  const id = await db.transaction().execute(async (trx) => {
    const upload = await trx
      .insertInto('attendance_upload')
      .values({ event_id: eventId, file_name: fileName, rows: rows.length, created_by: actor.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const row of rows) {
      const m = await matchRow(trx, eventId, row);
      await trx
        .insertInto('attendance_upload_row')
        .values({
          upload_id: upload.id,
          row_number: row.rowNumber,
          name: row.name,
          phone: row.phone,
          email: row.email,
          ...m,
          accepted: m.match_kind === 'phone' || m.match_kind === 'email',
        })
        .execute();
    }
    await recordAudit(trx, actor, {
      action: 'upload_attendance',
      entity: 'event',
      entityId: eventId,
      newValues: { fileName, rows: rows.length },
    });
    return upload.id;
  });
  return attendanceUpload(db, user, eventId, id);
}

export async function attendanceUpload(db: Executor, user: SessionUser, eventId: number, uploadId: number) {
  await managedEvent(db, user, eventId);
  const upload = await db
    .selectFrom('attendance_upload')
    .selectAll()
    .where('id', '=', uploadId)
    .where('event_id', '=', eventId)
    .executeTakeFirst();
  if (!upload) throw notFound('Unggahan kehadiran');
  const rows = await db
    .selectFrom('attendance_upload_row as u')
    .leftJoin('event_registration as r', 'r.id', 'u.registration_id')
    .selectAll('u')
    .select(['r.name as reg_name', 'r.phone as reg_phone', 'r.checked_in_at'])
    .where('u.upload_id', '=', uploadId)
    .orderBy('u.row_number')
    .execute();
  const counts: Record<UploadMatchKind, number> = { phone: 0, email: 0, name: 0, none: 0 };
  for (const r of rows) counts[r.match_kind] += 1;
  return {
    id: upload.id,
    fileName: upload.file_name,
    status: upload.status,
    counts,
    rows: rows.map((r) => ({
      rowNumber: r.row_number,
      name: r.name,
      phone: r.phone,
      email: r.email,
      match: r.match_kind,
      similarity: r.similarity,
      accepted: r.accepted,
      registration: r.registration_id
        ? {
            id: r.registration_id,
            name: r.reg_name ?? '',
            phone: r.reg_phone ?? '',
            checkedIn: r.checked_in_at !== null,
          }
        : null,
    })),
  } satisfies AttendanceUploadDto;
}

async function reviewing(trx: Executor, user: SessionUser, eventId: number, uploadId: number) {
  await managedEvent(trx, user, eventId);
  const upload = await trx
    .selectFrom('attendance_upload')
    .selectAll()
    .where('id', '=', uploadId)
    .where('event_id', '=', eventId)
    .forUpdate()
    .executeTakeFirst();
  if (!upload) throw notFound('Unggahan kehadiran');
  if (upload.status !== 'review') {
    throw new AppError('UploadDecided', 409, 'Unggahan ini sudah diterapkan atau dibuang.');
  }
  return upload;
}

/** A person accepts or refuses one proposed match. */
export async function decideRow(
  db: DB,
  user: SessionUser,
  eventId: number,
  uploadId: number,
  rowNumber: number,
  accepted: boolean,
) {
  await db.transaction().execute(async (trx) => {
    await reviewing(trx, user, eventId, uploadId);
    const row = await trx
      .selectFrom('attendance_upload_row')
      .select('registration_id')
      .where('upload_id', '=', uploadId)
      .where('row_number', '=', rowNumber)
      .executeTakeFirst();
    if (!row) throw notFound('Baris');
    if (accepted && !row.registration_id) {
      throw new AppError('NoMatch', 409, 'Baris ini tidak cocok dengan pendaftar mana pun.');
    }
    await trx
      .updateTable('attendance_upload_row')
      .set({ accepted })
      .where('upload_id', '=', uploadId)
      .where('row_number', '=', rowNumber)
      .execute();
  });
  return attendanceUpload(db, user, eventId, uploadId);
}

/** The accepted rows count as attendance (source `upload`); someone already checked in stays as they were. */
export async function applyUpload(
  db: DB,
  user: SessionUser,
  actor: Actor,
  eventId: number,
  uploadId: number,
) {
  await db.transaction().execute(async (trx) => {
    await reviewing(trx, user, eventId, uploadId);
    const event = (await lockEvent(trx, eventId))!;
    const regs = await trx
      .selectFrom('attendance_upload_row as u')
      .innerJoin('event_registration as r', 'r.id', 'u.registration_id')
      .selectAll('r')
      .where('u.upload_id', '=', uploadId)
      .where('u.accepted', '=', true)
      .where('r.status', '=', 'registered')
      .execute();
    const seen = new Set<number>();
    let counted = 0;
    for (const reg of regs) {
      if (seen.has(reg.id)) continue;
      seen.add(reg.id);
      if ((await markAttended(trx, event, reg, 'upload', actor)) === 'checked_in') counted += 1;
    }
    await syncGroupSession(trx, eventId);
    await trx
      .updateTable('attendance_upload')
      .set({ status: 'applied', decided_by: actor.id, decided_at: new Date() })
      .where('id', '=', uploadId)
      .execute();
    await recordAudit(trx, actor, {
      action: 'apply_attendance',
      entity: 'event',
      entityId: eventId,
      newValues: { uploadId, counted },
    });
  });
  return attendanceUpload(db, user, eventId, uploadId);
}

export async function discardAttendanceUpload(
  db: DB,
  user: SessionUser,
  actor: Actor,
  eventId: number,
  uploadId: number,
) {
  await db.transaction().execute(async (trx) => {
    await reviewing(trx, user, eventId, uploadId);
    await trx
      .updateTable('attendance_upload')
      .set({ status: 'discarded', decided_by: actor.id, decided_at: new Date() })
      .where('id', '=', uploadId)
      .execute();
    await recordAudit(trx, actor, {
      action: 'discard_attendance',
      entity: 'event',
      entityId: eventId,
      newValues: { uploadId },
    });
  });
  return attendanceUpload(db, user, eventId, uploadId);
}
