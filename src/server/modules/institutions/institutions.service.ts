import type { Config } from '../../config.ts';
import type { DB } from '../../db/database.ts';
import { AppError, forbidden, notFound } from '../../http/errors.ts';
import type { Actor, SessionUser } from '../../http/guard.ts';
import { requireAreaWithin } from '../areas/areas.service.ts';
import { recordAudit } from '../audit/audit.service.ts';
import {
  findInstitutionByName,
  findInstitutionView,
  type InstitutionView,
  insertInstitution,
  listInstitutionAdmins,
  listInstitutions,
  searchInstitutions,
  updateInstitution,
} from './institutions.repository.ts';
import {
  CONTACT_FIELDS,
  type CreateInstitutionInput,
  type InstitutionDetailDto,
  type InstitutionDto,
  type InstitutionQueryInput,
  type UpdateInstitutionInput,
} from './institutions.schema.ts';
import type { InstitutionRow } from './institutions.table.ts';

function toDto(r: InstitutionView): InstitutionDto {
  return {
    id: r.id,
    name: r.name,
    type: r.type,
    contactName: r.contact_name,
    phone: r.phone,
    address: r.address,
    kelurahanCode: r.kelurahan_code,
    kelurahanName: r.kelurahan_name,
    mentors: r.mentors ?? 0,
    admins: r.admins ?? 0,
    openCases: r.open_cases ?? 0,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

const auditView = (r: InstitutionRow) => ({
  name: r.name,
  type: r.type,
  contact_name: r.contact_name,
  phone: r.phone,
  address: r.address,
  kelurahan_code: r.kelurahan_code,
});

export async function allInstitutions(db: DB): Promise<InstitutionDto[]> {
  return (await listInstitutions(db)).map(toDto);
}

export async function pageOfInstitutions(db: DB, q: InstitutionQueryInput) {
  const { items, total } = await searchInstitutions(db, {
    q: q.q,
    type: q.type,
    limit: q.pageSize,
    offset: (q.page - 1) * q.pageSize,
  });
  return { items: items.map(toDto), total, page: q.page, pageSize: q.pageSize };
}

/** Who may open an institution's page: the office and area officers any, its own admins and mentors theirs. */
function mayRead(user: SessionUser, institutionId: number) {
  if (user.role === 'admin' || user.role === 'area_officer') return true;
  if (user.role === 'institution_admin' || user.role === 'mentor')
    return user.institutionId === institutionId;
  return false;
}

function editRight(user: SessionUser | null, institutionId: number): InstitutionDetailDto['canEdit'] {
  if (user === null || user.role === 'admin') return 'all';
  if (user.role === 'institution_admin' && user.institutionId === institutionId) return 'contact';
  return 'none';
}

export async function getInstitution(db: DB, user: SessionUser, id: number): Promise<InstitutionDetailDto> {
  const view = await findInstitutionView(db, id);
  // Another institution's page is as absent as one that does not exist.
  if (!view || !mayRead(user, id)) throw notFound('Lembaga');
  const admins = await listInstitutionAdmins(db, id);
  return {
    ...toDto(view),
    adminAccounts: admins.map((a) => ({
      id: a.id,
      name: a.name,
      email: a.email,
      disabled: a.disabled_at != null,
    })),
    canEdit: editRight(user, id),
  };
}

const fieldError = (code: string, path: string, message: string, status = 400) =>
  new AppError(code, status, message, { errors: [{ path: `body.${path}`, message }] });

async function checkedKelurahan(
  db: DB,
  config: Pick<Config, 'deploymentArea'>,
  code: string | null | undefined,
) {
  if (!code) return code === undefined ? undefined : null;
  try {
    return (await requireAreaWithin(db, code, config.deploymentArea, [4])).code;
  } catch (err) {
    if (err instanceof AppError && err.status === 400) {
      throw fieldError('AreaUnknown', 'kelurahanCode', `Kelurahan ${code} tidak dikenal di daerah ini.`);
    }
    throw err;
  }
}

const duplicateName = (name: string) =>
  fieldError('InstitutionExists', 'name', `Lembaga "${name}" sudah terdaftar.`, 409);

export async function createInstitution(
  db: DB,
  config: Pick<Config, 'deploymentArea'>,
  actor: Actor,
  input: CreateInstitutionInput,
): Promise<InstitutionDto> {
  const kelurahan = await checkedKelurahan(db, config, input.kelurahanCode);
  const id = await db.transaction().execute(async (trx) => {
    if (await findInstitutionByName(trx, input.name)) throw duplicateName(input.name);
    const row = await insertInstitution(trx, {
      name: input.name,
      type: input.type ?? 'ngo',
      contact_name: input.contactName || null,
      phone: input.phone || null,
      address: input.address || null,
      kelurahan_code: kelurahan ?? null,
    });
    await recordAudit(trx, actor, {
      action: 'create',
      entity: 'institution',
      entityId: row.id,
      areaCode: row.kelurahan_code,
      newValues: auditView(row),
    });
    return row.id;
  });
  return toDto((await findInstitutionView(db, id))!);
}

/**
 * The office changes any field; an institution's own admin only its contact person, phone and address
 * (naming another field is refused, not ignored). Everyone else is refused.
 */
export async function editInstitution(
  db: DB,
  config: Pick<Config, 'deploymentArea'>,
  user: SessionUser,
  actor: Actor,
  id: number,
  input: UpdateInstitutionInput,
): Promise<InstitutionDetailDto> {
  const before = await findInstitutionView(db, id);
  if (!before || !mayRead(user, id)) throw notFound('Lembaga');
  const right = editRight(user, id);
  if (right === 'none') throw forbidden();
  if (right === 'contact') {
    const beyond = Object.keys(input).filter((k) => !(CONTACT_FIELDS as readonly string[]).includes(k));
    if (beyond.length > 0) {
      throw new AppError('Forbidden', 403, 'Admin lembaga hanya dapat mengubah kontak, telepon dan alamat.', {
        errors: beyond.map((k) => ({
          path: `body.${k}`,
          message: 'Hanya kantor dinas yang dapat mengubahnya.',
        })),
      });
    }
  }
  const kelurahan = await checkedKelurahan(db, config, input.kelurahanCode);
  await db.transaction().execute(async (trx) => {
    if (input.name && input.name.toLowerCase() !== before.name.toLowerCase()) {
      const same = await findInstitutionByName(trx, input.name);
      if (same && same.id !== id) throw duplicateName(input.name);
    }
    const text = (v: string | null | undefined, old: string | null) => (v === undefined ? old : v || null);
    const after = await updateInstitution(trx, id, {
      name: input.name ?? before.name,
      type: input.type ?? before.type,
      contact_name: text(input.contactName, before.contact_name),
      phone: text(input.phone, before.phone),
      address: text(input.address, before.address),
      kelurahan_code: kelurahan === undefined ? before.kelurahan_code : kelurahan,
      updated_at: new Date(),
    });
    await recordAudit(trx, actor, {
      action: 'update',
      entity: 'institution',
      entityId: id,
      areaCode: after.kelurahan_code,
      oldValues: auditView(before),
      newValues: auditView(after),
    });
  });
  return getInstitution(db, user, id);
}
