import { randomBytes } from 'node:crypto';
import type { Insertable } from 'kysely';
import {
  CODE_ALPHABET,
  CODE_LENGTH,
  certificateStatus,
  normalizeCode,
} from '../../../shared/certificates.ts';
import type { Config } from '../../config.ts';
import type { DB } from '../../db/database.ts';
import { localToday } from '../../http/dates.ts';
import { AppError, forbidden, notFound } from '../../http/errors.ts';
import type { Actor, SessionUser } from '../../http/guard.ts';
import type { Executor } from '../audit/audit.repository.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { OFFICE_NAME } from '../events/events.service.ts';
import { visibleMentor } from '../mentoring/mentors.service.ts';
import {
  certificateAccess,
  findByCode,
  insertCertificates,
  markRevoked,
  nextNumbers,
  searchCertificates,
} from './certificates.repository.ts';
import type {
  CertificateDto,
  CertificateListQuery,
  IssueForEventInput,
  IssueForMentorInput,
  Verification,
} from './certificates.schema.ts';
import type { CertificateRow, CertificateTable } from './certificates.table.ts';

/** 20 symbols of the 32-letter alphabet: each from 5 bits of one random byte (256 = 8 × 32, no bias). */
export function newVerificationCode(): string {
  const bytes = randomBytes(CODE_LENGTH);
  let code = '';
  for (const b of bytes) code += CODE_ALPHABET[b & 31];
  return code;
}

export const certificateNumber = (year: string, n: number) => `BKT/${year}/${String(n).padStart(6, '0')}`;

export const verifyPath = (code: string) => `/verify/${code}`;

/** The office's name as printed: the cooperatives office of the deployment's city or regency. */
export async function officeName(db: Executor, config: Pick<Config, 'deploymentArea'>): Promise<string> {
  const area = await db
    .selectFrom('area')
    .select('name')
    .where('code', '=', config.deploymentArea)
    .executeTakeFirst();
  return `${OFFICE_NAME} ${area ? titleCase(area.name) : ''}`.trim();
}

const titleCase = (s: string) =>
  s === s.toUpperCase() ? s.toLowerCase().replace(/(^|\s)\p{L}/gu, (c) => c.toUpperCase()) : s;

/** Whether `user` may revoke: the office any; an institution admin what its institution issued. */
export function mayManage(user: SessionUser | null, row: Pick<CertificateRow, 'issuer_institution_id'>) {
  if (user === null || user.role === 'admin') return true;
  return (
    user.role === 'institution_admin' &&
    user.institutionId !== null &&
    row.issuer_institution_id === user.institutionId
  );
}

export function toCertificateDto(
  row: CertificateRow,
  today: string,
  origin: string,
  user: SessionUser | null,
): CertificateDto {
  return {
    id: row.id,
    number: row.number,
    code: row.code,
    kind: row.kind,
    status: certificateStatus({ revokedAt: row.revoked_at, validUntil: row.valid_until }, today),
    holder: row.holder_name,
    title: row.title,
    issuedOn: row.issued_on,
    validUntil: row.valid_until,
    issuer: { institutionId: row.issuer_institution_id, name: row.issuer_name },
    signatory: { name: row.signatory_name, position: row.signatory_position },
    eventId: row.event_id,
    registrationId: row.event_registration_id,
    mentorId: row.mentor_id,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    revokedReason: row.revoked_reason,
    verifyUrl: `${origin}${verifyPath(row.code)}`,
    canRevoke: row.revoked_at === null && mayManage(user, row),
  };
}

const auditView = (r: CertificateRow) => ({
  number: r.number,
  kind: r.kind,
  holder_name: r.holder_name,
  title: r.title,
  issued_on: r.issued_on,
  valid_until: r.valid_until,
  issuer_name: r.issuer_name,
  event_id: r.event_id,
  event_registration_id: r.event_registration_id,
  mentor_id: r.mentor_id,
});

async function numbered(
  db: Executor,
  issuedOn: string,
  rows: Omit<Insertable<CertificateTable>, 'number' | 'code'>[],
): Promise<Insertable<CertificateTable>[]> {
  const numbers = await nextNumbers(db, rows.length);
  return rows.map((r, i) => ({
    ...r,
    number: certificateNumber(issuedOn.slice(0, 4), numbers[i]!),
    code: newVerificationCode(),
  }));
}

function checkValidUntil(validUntil: string | null | undefined, issuedOn: string) {
  if (validUntil && validUntil < issuedOn) {
    throw new AppError('InvalidDates', 400, 'Tanggal berlaku sampai tidak boleh sebelum tanggal terbit.', {
      errors: [{ path: 'body.validUntil', message: 'Tidak boleh sebelum tanggal terbit.' }],
    });
  }
}

/**
 * Certificates for the attendees of an event, in one action: only those who checked in. Naming someone who
 * did not attend refuses the whole request (nothing is issued); attendees who already hold one are skipped,
 * so running it again issues nothing twice.
 */
export async function issueForEvent(
  db: DB,
  config: Config,
  user: SessionUser | null,
  actor: Actor,
  eventId: number,
  input: IssueForEventInput,
  origin: string,
) {
  const today = localToday(config.timezone);
  checkValidUntil(input.validUntil, today);
  const result = await db.transaction().execute(async (trx) => {
    const event = await trx
      .selectFrom('event')
      .leftJoin('institution', 'institution.id', 'event.institution_id')
      .select(['event.id', 'event.title', 'event.institution_id', 'institution.name as institution_name'])
      .where('event.id', '=', eventId)
      .forUpdate('event')
      .executeTakeFirst();
    if (!event || !mayIssueFor(user, event.institution_id)) throw notFound('Acara');
    const registrations = await trx
      .selectFrom('event_registration as r')
      .leftJoin('certificate as c', 'c.event_registration_id', 'r.id')
      .select(['r.id', 'r.name', 'r.status', 'r.checked_in_at', 'c.id as certificate_id'])
      .where('r.event_id', '=', eventId)
      .$if(input.registrationIds !== undefined, (q) => q.where('r.id', 'in', input.registrationIds!))
      .$if(input.registrationIds === undefined, (q) => q.where('r.checked_in_at', 'is not', null))
      .orderBy('r.id')
      .execute();
    if (input.registrationIds) refuseNonAttendees(input.registrationIds, registrations);
    if (registrations.length === 0) {
      throw new AppError(
        'NoAttendees',
        409,
        'Belum ada peserta yang hadir (check-in) di acara ini: sertifikat hanya untuk peserta yang hadir.',
      );
    }
    const pending = registrations.filter((r) => r.certificate_id === null);
    const issuerName = event.institution_name ?? (await officeName(trx, config));
    const rows = await numbered(
      trx,
      today,
      pending.map((r) => ({
        kind: 'event_attendance' as const,
        holder_name: r.name,
        title: input.title ?? event.title,
        issued_on: today,
        valid_until: input.validUntil ?? null,
        issuer_institution_id: event.institution_id,
        issuer_name: issuerName,
        signatory_name: input.signatoryName,
        signatory_position: input.signatoryPosition,
        event_id: event.id,
        event_registration_id: r.id,
        mentor_id: null,
        issued_by: actor.id,
      })),
    );
    const inserted = await insertCertificates(trx, rows);
    if (inserted.length > 0) {
      await recordAudit(
        trx,
        actor,
        ...inserted.map((r) => ({
          action: 'issue',
          entity: 'certificate',
          entityId: r.id,
          newValues: auditView(r),
        })),
      );
    }
    return { inserted, already: registrations.length - inserted.length };
  });
  return {
    issued: result.inserted.length,
    alreadyIssued: result.already,
    certificates: result.inserted.map((r) => toCertificateDto(r, today, origin, user)),
  };
}

export function mayIssueFor(user: SessionUser | null, organizerId: number | null) {
  if (user === null || user.role === 'admin') return true;
  return user.role === 'institution_admin' && organizerId !== null && user.institutionId === organizerId;
}

function refuseNonAttendees(
  ids: readonly number[],
  found: readonly { id: number; name: string; checked_in_at: Date | null; status: string }[],
) {
  const byId = new Map(found.map((r) => [r.id, r]));
  const errors: { path: string; message: string }[] = [];
  const names: string[] = [];
  ids.forEach((id, i) => {
    const r = byId.get(id);
    if (!r) {
      errors.push({
        path: `body.registrationIds.${i}`,
        message: `Pendaftaran #${id} bukan peserta acara ini.`,
      });
      names.push(`#${id}`);
    } else if (r.checked_in_at === null) {
      errors.push({ path: `body.registrationIds.${i}`, message: `${r.name} tidak hadir (belum check-in).` });
      names.push(r.name);
    }
  });
  if (errors.length > 0) {
    throw new AppError(
      'NotAttended',
      409,
      `Sertifikat hanya untuk peserta yang hadir. Tidak hadir: ${names.join(', ')}. Tidak ada sertifikat yang diterbitkan.`,
      { errors },
    );
  }
}

/**
 * The program's own competency certificate for a mentor (an external BNSP one is recorded on the mentor as
 * a mentor_certificate instead). The office issues in its own name; an institution admin for its mentors,
 * in the institution's name.
 */
export async function issueForMentor(
  db: DB,
  config: Config,
  user: SessionUser | null,
  actor: Actor,
  input: IssueForMentorInput,
  origin: string,
) {
  const today = localToday(config.timezone);
  const issuedOn = input.issuedOn ?? today;
  if (issuedOn > today) {
    throw new AppError('InvalidDates', 400, 'Tanggal terbit tidak boleh di masa depan.', {
      errors: [{ path: 'body.issuedOn', message: 'Tidak boleh di masa depan.' }],
    });
  }
  checkValidUntil(input.validUntil, issuedOn);
  const mentor = await visibleMentor(db, config, user, input.mentorId);
  if (!mentor.rights.certificates) {
    throw forbidden('Hanya kantor dinas atau admin lembaga pendamping yang dapat menerbitkan sertifikat.');
  }
  const byInstitution = user?.role === 'institution_admin' ? user.institutionId : null;
  const row = await db.transaction().execute(async (trx) => {
    const duplicate = await trx
      .selectFrom('certificate')
      .select('number')
      .where('mentor_id', '=', input.mentorId)
      .where('revoked_at', 'is', null)
      .where(({ fn, val, eb }) => eb(fn('lower', ['title']), '=', val(input.title.toLowerCase())))
      .executeTakeFirst();
    if (duplicate) {
      throw new AppError(
        'CertificateExists',
        409,
        `Pendamping ini sudah memegang sertifikat "${input.title}" (${duplicate.number}); cabut yang lama dulu bila perlu diganti.`,
        { errors: [{ path: 'body.title', message: 'Sertifikat kompetensi ini sudah diterbitkan.' }] },
      );
    }
    const issuerName =
      byInstitution !== null
        ? ((
            await trx
              .selectFrom('institution')
              .select('name')
              .where('id', '=', byInstitution)
              .executeTakeFirst()
          )?.name ?? '')
        : await officeName(trx, config);
    const [values] = await numbered(trx, issuedOn, [
      {
        kind: 'mentor_competency',
        holder_name: mentor.row.name,
        title: input.title,
        issued_on: issuedOn,
        valid_until: input.validUntil ?? null,
        issuer_institution_id: byInstitution,
        issuer_name: issuerName,
        signatory_name: input.signatoryName,
        signatory_position: input.signatoryPosition,
        event_id: null,
        event_registration_id: null,
        mentor_id: input.mentorId,
        issued_by: actor.id,
      },
    ]);
    const [inserted] = await insertCertificates(trx, [values!]);
    await recordAudit(trx, actor, {
      action: 'issue',
      entity: 'certificate',
      entityId: inserted!.id,
      newValues: auditView(inserted!),
    });
    return inserted!;
  });
  return toCertificateDto(row, today, origin, user);
}

/** A certificate `user` sees; 404 beyond (a stranger learns nothing of what exists). */
export async function visibleCertificate(db: Executor, user: SessionUser, id: number) {
  const row = await db
    .selectFrom('certificate')
    .selectAll()
    .where('id', '=', id)
    .where(certificateAccess(user))
    .executeTakeFirst();
  if (!row) throw notFound('Sertifikat');
  return row;
}

export async function getCertificate(db: DB, config: Config, user: SessionUser, id: number, origin: string) {
  const row = await visibleCertificate(db, user, id);
  return toCertificateDto(row, localToday(config.timezone), origin, user);
}

export async function listCertificates(
  db: DB,
  config: Config,
  user: SessionUser,
  q: CertificateListQuery,
  origin: string,
) {
  const today = localToday(config.timezone);
  const { rows, total } = await searchCertificates(db, user, q, today);
  return {
    items: rows.map((r) => toCertificateDto(r, today, origin, user)),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** Revocation by the issuer, with a reason; the verification page shows it from then on. */
export async function revokeCertificate(
  db: DB,
  config: Config,
  user: SessionUser,
  actor: Actor,
  id: number,
  reason: string,
  origin: string,
) {
  const row = await db.transaction().execute(async (trx) => {
    const current = await visibleCertificate(trx, user, id);
    if (!mayManage(user, current)) {
      throw forbidden('Hanya penerbit sertifikat (kantor dinas atau lembaganya) yang dapat mencabutnya.');
    }
    const revoked = await markRevoked(trx, id, { revoked_by: actor.id, revoked_reason: reason });
    if (!revoked) {
      throw new AppError('AlreadyRevoked', 409, `Sertifikat ${current.number} sudah dicabut sebelumnya.`);
    }
    await recordAudit(trx, actor, {
      action: 'revoke',
      entity: 'certificate',
      entityId: id,
      oldValues: { number: current.number, revoked_at: null },
      newValues: {
        number: current.number,
        revoked_at: revoked.revoked_at?.toISOString() ?? null,
        revoked_reason: reason,
      },
    });
    return revoked;
  });
  return toCertificateDto(row, localToday(config.timezone), origin, user);
}

/** What anyone may learn from a code: the certificate's own words and its status, nothing personal. */
export async function verifyCode(
  db: Executor,
  config: Pick<Config, 'timezone'>,
  input: string,
): Promise<{ verification: Verification; row: CertificateRow | null }> {
  const checkedOn = localToday(config.timezone);
  const code = normalizeCode(input);
  const row = code === null ? undefined : await findByCode(db, code);
  if (!row) {
    return {
      row: null,
      verification: {
        code: code ?? input.slice(0, 64),
        status: 'unknown',
        holder: null,
        title: null,
        issuedAt: null,
        validUntil: null,
        number: null,
        kind: null,
        issuer: null,
        signatory: null,
        revokedAt: null,
        revokedReason: null,
        checkedOn,
      },
    };
  }
  return {
    row,
    verification: {
      code: row.code,
      status: certificateStatus({ revokedAt: row.revoked_at, validUntil: row.valid_until }, checkedOn),
      holder: row.holder_name,
      title: row.title,
      issuedAt: row.issued_on,
      validUntil: row.valid_until,
      number: row.number,
      kind: row.kind,
      issuer: row.issuer_name,
      signatory: { name: row.signatory_name, position: row.signatory_position },
      revokedAt: row.revoked_at ? localToday(config.timezone, row.revoked_at) : null,
      revokedReason: row.revoked_reason,
      checkedOn,
    },
  };
}
