import { DEFAULT_CASELOAD_CAP } from '../../../shared/mentoring.ts';
import type { Config } from '../../config.ts';
import type { DB } from '../../db/database.ts';
import { AppError, forbidden, notFound } from '../../http/errors.ts';
import type { Actor, SessionUser } from '../../http/guard.ts';
import { requireAreaWithin } from '../areas/areas.service.ts';
import type { Executor } from '../audit/audit.repository.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { insertAccount, prepareAccount } from '../users/users.service.ts';
import { listCertificatesOf } from './certificates.repository.ts';
import { certificateWindow, toCertificateDto } from './certificates.service.ts';
import {
  findMentorRow,
  findProfile,
  listAreaCodes,
  type MentorRow,
  replaceAreas,
  searchMentors,
  upsertProfile,
} from './mentors.repository.ts';
import {
  type CreateMentorInput,
  type MentorDetailDto,
  type MentorDto,
  type MentorQueryInput,
  OWN_PROFILE_FIELDS,
  type UpdateMentorInput,
} from './mentors.schema.ts';

/** What a user may do with a mentor they see. `null` is the operator at the command line (everything). */
export interface MentorRights {
  profile: MentorDetailDto['canEdit'];
  certificates: boolean;
}

export function rightsOver(user: SessionUser | null, mentor: { id: number; institution_id: number | null }) {
  if (user === null || user.role === 'admin') return { profile: 'all', certificates: true } as MentorRights;
  if (
    user.role === 'institution_admin' &&
    user.institutionId != null &&
    user.institutionId === mentor.institution_id
  )
    return { profile: 'all', certificates: true } as MentorRights;
  if (user.role === 'mentor' && user.id === mentor.id)
    return { profile: 'own', certificates: false } as MentorRights;
  return { profile: 'none', certificates: false } as MentorRights;
}

function toMentorDto(r: MentorRow): MentorDto {
  return {
    id: r.id,
    name: r.name,
    email: r.email,
    disabled: r.disabled_at != null,
    institutionId: r.institution_id,
    institutionName: r.institution_name,
    phone: r.phone,
    expertise: r.expertise ?? [],
    kelurahan: r.kelurahan,
    caseloadCap: r.caseload_cap ?? DEFAULT_CASELOAD_CAP,
    openCases: r.open_cases,
    certificateState: r.certificate_state,
    certifiedUntil: r.certified_until,
  };
}

/** The mentor as `user` may see them (scope: `mentorAccess`), with `user`'s rights; 404 beyond the scope. */
export async function visibleMentor(db: Executor, config: Config, user: SessionUser | null, id: number) {
  const { today, soon } = certificateWindow(config);
  const row = await findMentorRow(db, user, id, today, soon);
  if (!row) throw notFound('Pendamping');
  return { row, rights: rightsOver(user, row), today };
}

export async function getMentor(
  db: DB,
  config: Config,
  user: SessionUser | null,
  id: number,
): Promise<MentorDetailDto> {
  const { row, rights, today } = await visibleMentor(db, config, user, id);
  const certificates = await listCertificatesOf(db, id);
  return {
    ...toMentorDto(row),
    certificates: certificates.map((c) => toCertificateDto(c, today)),
    canEdit: rights.profile,
    canManageCertificates: rights.certificates,
  };
}

export async function listMentors(db: DB, config: Config, user: SessionUser, q: MentorQueryInput) {
  const { today, soon } = certificateWindow(config);
  const { items, total } = await searchMentors(
    db,
    user,
    {
      q: q.q,
      institutionId: q.institution,
      area: q.kelurahan || q.kecamatan,
      expertise: q.expertise,
      certificate: q.certificate,
    },
    { limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
    today,
    soon,
  );
  return { items: items.map(toMentorDto), total, page: q.page, pageSize: q.pageSize };
}

/** Each code a kelurahan of the deployment (canonical form, once each); a field error naming the one that is not. */
async function checkedKelurahan(db: DB, config: Config, codes: string[]) {
  const out: string[] = [];
  for (const [i, code] of codes.entries()) {
    try {
      const area = await requireAreaWithin(db, code, config.deploymentArea, [4]);
      if (!out.includes(area.code)) out.push(area.code);
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 400) throw err;
      const message = `Kelurahan ${code} tidak dikenal di daerah ini.`;
      throw new AppError('AreaUnknown', 400, message, { errors: [{ path: `body.kelurahan.${i}`, message }] });
    }
  }
  return out;
}

const profileAudit = (
  p: { phone: string | null; expertise: string[]; caseload_cap: number },
  areas: string[],
) => ({
  phone: p.phone,
  expertise: p.expertise,
  caseload_cap: p.caseload_cap,
  kelurahan: areas,
});

/**
 * A mentor: the account (through the users service, with a one-time password), the profile and the
 * kelurahan covered, in one transaction. The office names any institution; an institution admin creates
 * mentors of their own. Everything is checked before anything is written. `user` null: the command line.
 */
export async function createMentor(
  db: DB,
  config: Config,
  user: SessionUser | null,
  actor: Actor,
  input: CreateMentorInput,
) {
  if (user !== null && user.role !== 'admin' && user.role !== 'institution_admin') throw forbidden();
  if (user?.role !== 'institution_admin' && input.institutionId === undefined) {
    const message = 'Pilih lembaga pendamping.';
    throw new AppError('InstitutionRequired', 400, message, {
      errors: [{ path: 'body.institutionId', message }],
    });
  }
  const areas = await checkedKelurahan(db, config, input.kelurahan);
  const prepared = await prepareAccount(db, config, user, {
    email: input.email,
    name: input.name,
    role: 'mentor',
    institutionId: input.institutionId,
  });
  const profile = {
    phone: input.phone || null,
    expertise: [...new Set(input.expertise)],
    caseload_cap: input.caseloadCap,
  };
  const id = await db.transaction().execute(async (trx) => {
    const account = await insertAccount(trx, actor, prepared);
    await upsertProfile(trx, { user_id: account.id, ...profile });
    await replaceAreas(trx, account.id, areas);
    await recordAudit(trx, actor, {
      action: 'create',
      entity: 'mentor_profile',
      entityId: account.id,
      newValues: profileAudit(profile, areas),
    });
    return account.id;
  });
  return { mentor: await getMentor(db, config, user, id), oneTimePassword: prepared.oneTimePassword! };
}

/**
 * Changes a mentor's profile: the office and the mentor's institution admin every field, the mentor their
 * own phone and expertise (naming another field is refused). A mentor without a profile yet gets one.
 */
export async function updateMentor(
  db: DB,
  config: Config,
  user: SessionUser | null,
  actor: Actor,
  id: number,
  input: UpdateMentorInput,
) {
  const { rights } = await visibleMentor(db, config, user, id);
  if (rights.profile === 'none') throw forbidden();
  if (rights.profile === 'own') {
    const beyond = Object.keys(input).filter((k) => !(OWN_PROFILE_FIELDS as readonly string[]).includes(k));
    if (beyond.length > 0) {
      throw new AppError(
        'Forbidden',
        403,
        'Pendamping hanya dapat mengubah nomor telepon dan keahliannya sendiri.',
        {
          errors: beyond.map((k) => ({
            path: `body.${k}`,
            message: 'Hanya kantor dinas atau admin lembaga yang dapat mengubahnya.',
          })),
        },
      );
    }
  }
  const areas =
    input.kelurahan === undefined ? undefined : await checkedKelurahan(db, config, input.kelurahan);
  await db.transaction().execute(async (trx) => {
    const before = await findProfile(trx, id);
    const beforeAreas = await listAreaCodes(trx, id);
    const old = {
      phone: before?.phone ?? null,
      expertise: before?.expertise ?? [],
      caseload_cap: before?.caseload_cap ?? DEFAULT_CASELOAD_CAP,
    };
    const next = {
      phone: input.phone === undefined ? old.phone : input.phone || null,
      expertise: input.expertise === undefined ? old.expertise : [...new Set(input.expertise)],
      caseload_cap: input.caseloadCap ?? old.caseload_cap,
    };
    await upsertProfile(trx, { user_id: id, ...next });
    if (areas !== undefined) await replaceAreas(trx, id, areas);
    await recordAudit(trx, actor, {
      action: before ? 'update' : 'create',
      entity: 'mentor_profile',
      entityId: id,
      oldValues: before ? profileAudit(old, beforeAreas) : null,
      newValues: profileAudit(next, areas ?? beforeAreas),
    });
  });
  return getMentor(db, config, user, id);
}
