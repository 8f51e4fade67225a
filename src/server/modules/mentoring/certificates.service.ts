import fs from 'node:fs';
import { CERTIFICATE_WARNING_DAYS } from '../../../shared/mentoring.ts';
import type { Config } from '../../config.ts';
import type { DB } from '../../db/database.ts';
import { discardUpload, storeUpload } from '../../files/uploads.ts';
import { localToday } from '../../http/dates.ts';
import { AppError, forbidden, notFound } from '../../http/errors.ts';
import type { Actor, SessionUser } from '../../http/guard.ts';
import { recordAudit } from '../audit/audit.service.ts';
import {
  deleteCertificate,
  findCertificate,
  findCertificateByNumber,
  insertCertificate,
  listExpiring,
  updateCertificate,
} from './certificates.repository.ts';
import type {
  CertificateDto,
  CertificateState,
  CreateCertificateInput,
  ExpiringCertificateDto,
  UpdateCertificateInput,
} from './certificates.schema.ts';
import type { MentorCertificateTable } from './mentoring.table.ts';
import { visibleMentor } from './mentors.service.ts';

type CertificateRow = Omit<MentorCertificateTable, 'id' | 'created_at'> & { id: number; created_at: Date };

const DAY_MS = 86_400_000;
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY_MS;

export function addDays(day: string, days: number): string {
  return new Date((dayNumber(day) + days) * DAY_MS).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round(dayNumber(to) - dayNumber(from));
}

/** Today and the first day past the warning window, in the deployment's time zone. */
export function certificateWindow(config: Pick<Config, 'timezone'>, now = new Date()) {
  const today = localToday(config.timezone, now);
  return { today, soon: addDays(today, CERTIFICATE_WARNING_DAYS) };
}

/**
 * A certificate on `today` (decision 0013): valid when issued_on ≤ today ≤ expires_on, and "expiring" when
 * so and its last day is less than CERTIFICATE_WARNING_DAYS away.
 */
export function certificateState(issuedOn: string, expiresOn: string, today: string): CertificateState {
  if (issuedOn > today) return 'not_yet_valid';
  if (expiresOn < today) return 'expired';
  return expiresOn < addDays(today, CERTIFICATE_WARNING_DAYS) ? 'expiring' : 'valid';
}

export function toCertificateDto(row: CertificateRow, today: string): CertificateDto {
  return {
    id: row.id,
    mentorId: row.user_id,
    number: row.number,
    scheme: row.scheme,
    lsp: row.lsp,
    issuedOn: row.issued_on,
    expiresOn: row.expires_on,
    state: certificateState(row.issued_on, row.expires_on, today),
    daysLeft: daysBetween(today, row.expires_on),
    scan: row.scan_type && row.scan_bytes != null ? { type: row.scan_type, bytes: row.scan_bytes } : null,
    createdAt: row.created_at.toISOString(),
  };
}

const auditView = (r: CertificateRow) => ({
  mentor_id: r.user_id,
  number: r.number,
  scheme: r.scheme,
  lsp: r.lsp,
  issued_on: r.issued_on,
  expires_on: r.expires_on,
});

/** The mentor, seen by `user` and whose certificates `user` may change. */
async function managedMentor(db: DB, config: Config, user: SessionUser | null, mentorId: number) {
  const mentor = await visibleMentor(db, config, user, mentorId);
  if (!mentor.rights.certificates)
    throw forbidden('Hanya kantor dinas atau admin lembaganya yang dapat mengubah sertifikat.');
  return mentor;
}

const duplicateNumber = (number: string) =>
  new AppError('CertificateExists', 409, `Sertifikat nomor ${number} sudah tercatat untuk pendamping ini.`, {
    errors: [{ path: 'body.number', message: 'Nomor sertifikat sudah tercatat untuk pendamping ini.' }],
  });

export async function addCertificate(
  db: DB,
  config: Config,
  user: SessionUser | null,
  actor: Actor,
  mentorId: number,
  input: CreateCertificateInput,
): Promise<CertificateDto> {
  await managedMentor(db, config, user, mentorId);
  const row = await db.transaction().execute(async (trx) => {
    if (await findCertificateByNumber(trx, mentorId, input.number)) throw duplicateNumber(input.number);
    const inserted = await insertCertificate(trx, {
      user_id: mentorId,
      number: input.number,
      scheme: input.scheme,
      lsp: input.lsp,
      issued_on: input.issuedOn,
      expires_on: input.expiresOn,
      scan_path: null,
      scan_type: null,
      scan_bytes: null,
      recorded_by: actor.id,
    });
    await recordAudit(trx, actor, {
      action: 'create',
      entity: 'mentor_certificate',
      entityId: inserted.id,
      newValues: auditView(inserted),
    });
    return inserted;
  });
  return toCertificateDto(row, certificateWindow(config).today);
}

async function loadCertificate(db: DB, mentorId: number, id: number) {
  const row = await findCertificate(db, mentorId, id);
  if (!row) throw notFound('Sertifikat');
  return row;
}

export async function editCertificate(
  db: DB,
  config: Config,
  user: SessionUser | null,
  actor: Actor,
  mentorId: number,
  id: number,
  input: UpdateCertificateInput,
): Promise<CertificateDto> {
  await managedMentor(db, config, user, mentorId);
  const before = await loadCertificate(db, mentorId, id);
  const issuedOn = input.issuedOn ?? before.issued_on;
  const expiresOn = input.expiresOn ?? before.expires_on;
  if (expiresOn < issuedOn) {
    const message = 'Tanggal berlaku tidak boleh sebelum tanggal terbit.';
    throw new AppError('ValidationFailed', 400, message, {
      errors: [{ path: input.expiresOn ? 'body.expiresOn' : 'body.issuedOn', message }],
    });
  }
  const after = await db.transaction().execute(async (trx) => {
    if (input.number && input.number.toLowerCase() !== before.number.toLowerCase()) {
      if (await findCertificateByNumber(trx, mentorId, input.number)) throw duplicateNumber(input.number);
    }
    const row = await updateCertificate(trx, id, {
      number: input.number ?? before.number,
      scheme: input.scheme ?? before.scheme,
      lsp: input.lsp ?? before.lsp,
      issued_on: issuedOn,
      expires_on: expiresOn,
    });
    await recordAudit(trx, actor, {
      action: 'update',
      entity: 'mentor_certificate',
      entityId: id,
      oldValues: auditView(before),
      newValues: auditView(row),
      keep: ['mentor_id'],
    });
    return row;
  });
  return toCertificateDto(after, certificateWindow(config).today);
}

export async function removeCertificate(
  db: DB,
  config: Config,
  user: SessionUser | null,
  actor: Actor,
  mentorId: number,
  id: number,
) {
  await managedMentor(db, config, user, mentorId);
  const before = await loadCertificate(db, mentorId, id);
  await db.transaction().execute(async (trx) => {
    await deleteCertificate(trx, id);
    await recordAudit(trx, actor, {
      action: 'delete',
      entity: 'mentor_certificate',
      entityId: id,
      oldValues: auditView(before),
    });
  });
  if (before.scan_path) fs.rmSync(before.scan_path, { force: true });
}

/** Stores the scan (PDF/JPEG/PNG by its bytes, ≤ 5 MB) of a certificate, replacing an earlier one. */
export async function attachScan(
  db: DB,
  config: Config,
  user: SessionUser | null,
  actor: Actor,
  mentorId: number,
  id: number,
  content: Buffer,
): Promise<CertificateDto> {
  await managedMentor(db, config, user, mentorId);
  const before = await loadCertificate(db, mentorId, id);
  const stored = storeUpload(config, ['mentors', String(mentorId)], content, {
    field: 'Pindaian sertifikat',
  });
  let after: CertificateRow;
  try {
    after = await db.transaction().execute(async (trx) => {
      const row = await updateCertificate(trx, id, {
        scan_path: stored.path,
        scan_type: stored.type,
        scan_bytes: stored.bytes,
      });
      await recordAudit(trx, actor, {
        action: 'upload_scan',
        entity: 'mentor_certificate',
        entityId: id,
        oldValues: before.scan_type ? { scan_type: before.scan_type, scan_bytes: before.scan_bytes } : null,
        newValues: {
          mentor_id: mentorId,
          number: before.number,
          scan_type: stored.type,
          scan_bytes: stored.bytes,
        },
      });
      return row;
    });
  } catch (err) {
    discardUpload(stored);
    throw err;
  }
  if (before.scan_path) fs.rmSync(before.scan_path, { force: true });
  return toCertificateDto(after, certificateWindow(config).today);
}

/** The scan of a certificate, for whoever may see the mentor. */
export async function readScan(db: DB, config: Config, user: SessionUser, mentorId: number, id: number) {
  await visibleMentor(db, config, user, mentorId);
  const row = await loadCertificate(db, mentorId, id);
  if (!row.scan_path || !row.scan_type || !fs.existsSync(row.scan_path))
    throw notFound('Pindaian sertifikat');
  const ext = row.scan_type === 'application/pdf' ? 'pdf' : row.scan_type === 'image/png' ? 'png' : 'jpg';
  const safeNumber = row.number.replace(/[^\p{L}\p{N}._-]+/gu, '-').slice(0, 80);
  return {
    name: `sertifikat-${safeNumber}.${ext}`,
    type: row.scan_type,
    stream: fs.createReadStream(row.scan_path),
  };
}

/** Certificates of the mentors `user` sees that are valid today and end within the warning window. */
export async function expiringCertificates(
  db: DB,
  config: Config,
  user: SessionUser,
  institutionId?: number,
): Promise<ExpiringCertificateDto[]> {
  const { today, soon } = certificateWindow(config);
  const rows = await listExpiring(db, user, today, soon, institutionId);
  return rows.map((r) => ({
    id: r.id,
    mentorId: r.user_id,
    mentorName: r.mentor_name,
    institutionId: r.institution_id,
    institutionName: r.institution_name,
    number: r.number,
    scheme: r.scheme,
    expiresOn: r.expires_on,
    daysLeft: daysBetween(today, r.expires_on),
  }));
}
