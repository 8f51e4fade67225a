import { sql } from 'kysely';
import {
  isValidKk,
  maskNik,
  NIK_PROBLEM_MESSAGES,
  normalizePhone,
  parseNik,
} from '../../../shared/identity.ts';
import { LEGALITY_KINDS, type LegalityKind } from '../../../shared/sectors.ts';
import { currentSnapshot } from '../../cache/snapshot-cache.ts';
import type { Config } from '../../config.ts';
import type { DB } from '../../db/database.ts';
import { AppError, forbidden, notFound } from '../../http/errors.ts';
import type { Actor, SessionUser } from '../../http/guard.ts';
import { withinScope } from '../../http/scope.ts';
import { areaNames, loadAreaLookups, requireAreaWithin } from '../areas/areas.service.ts';
import type { Executor } from '../audit/audit.repository.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { type Disclosure, disclose, listDisclosure, seesFullIdentity } from '../audit/identity-reads.ts';
import { nameKey } from '../imports/stage.ts';
import { adjustStats, reclassifyReports } from '../omzet/omzet.stats.repository.ts';
import { findUserById } from '../users/users.repository.ts';
import {
  type AccessCondition,
  auditEntriesOf,
  type BusinessAccess,
  type BusinessListRow,
  type BusinessView,
  countBusinessesOfOwner,
  findBusinessByKey,
  findBusinessRow,
  findBusinessView,
  findOwner,
  findOwnerByNik,
  findVisibleOwner,
  insertBusiness,
  insertOwner,
  latestPeriod,
  listBusinesses,
  updateBusiness,
  updateOwner,
} from './businesses.repository.ts';
import type {
  BusinessDto,
  BusinessFilter,
  BusinessListItem,
  BusinessListQuery,
  CreateBusinessInput,
  OwnerDto,
  UpdateBusinessInput,
} from './businesses.schema.ts';
import type { BusinessRow, Legality, OwnerRow } from './businesses.table.ts';

/** Roles that see a NIK in full; everyone else sees it masked (UU 27/2022). Owners see their own. */
export const canSeeFullNik = seesFullIdentity;
/** Roles that register businesses (and so may ask whether a NIK is registered). */
export const REGISTRARS = [
  'admin',
  'area_officer',
  'mentor',
] as const satisfies readonly SessionUser['role'][];
const WRITERS: readonly SessionUser['role'][] = REGISTRARS;

/**
 * Which businesses a user may see: the office all of the deployment's, an officer those in their
 * area, a mentor those they mentor, an institution admin those of the institution's mentors, an
 * owner their own.
 */
export function accessFor(user: SessionUser, config: Config): AccessCondition {
  return businessAccess(user, config).condition;
}

/**
 * The same condition with a key that names what it depends on: two users with the same key see the same
 * businesses, so that a list kept for one may be served to the other. Each case builds both from the
 * same values.
 */
export function businessAccess(user: SessionUser, config: Config): BusinessAccess {
  switch (user.role) {
    case 'admin':
    case 'area_officer': {
      const area = user.role === 'admin' ? config.deploymentArea : (user.areaCode ?? '-');
      return {
        key: `area:${area}`,
        condition: (eb) => eb.and([withinScope(eb, 'b.kelurahan_code', area)]),
      };
    }
    case 'mentor': {
      const mentorId = user.id;
      return { key: `mentor:${mentorId}`, condition: (eb) => eb.and([eb('b.mentor_id', '=', mentorId)]) };
    }
    case 'institution_admin': {
      const institutionId = user.institutionId ?? -1;
      return {
        key: `institution:${institutionId}`,
        condition: (eb) =>
          eb.and([
            eb(
              'b.mentor_id',
              'in',
              eb.selectFrom('app_user as mu').select('mu.id').where('mu.institution_id', '=', institutionId),
            ),
          ]),
      };
    }
    case 'business_owner': {
      const userId = user.id;
      return { key: `owner:${userId}`, condition: (eb) => eb.and([eb('o.user_id', '=', userId)]) };
    }
  }
}

/**
 * Which owners a user may see: an area-scoped user (and every other role but the office) only those with
 * a business the user may see; the office every owner (a retired, merged one has no business left).
 */
export function ownerAccessFor(user: SessionUser, config: Config): AccessCondition | null {
  return user.role === 'admin' ? null : accessFor(user, config);
}

const fieldError = (
  code: string,
  path: string,
  message: string,
  status = 400,
  details: Record<string, unknown> = {},
) => new AppError(code, status, message, { errors: [{ path, message }], ...details });

function declinePct(decline_x10: number | null) {
  return decline_x10 == null ? null : decline_x10 / 10;
}

function legalityKinds(legality: Legality): LegalityKind[] {
  return LEGALITY_KINDS.filter((k) => legality[k]);
}

function toListItem(identity: Disclosure, r: BusinessListRow, names: Map<string, string>): BusinessListItem {
  return {
    id: r.id,
    name: r.name,
    sector: r.sector,
    kelurahanCode: r.kelurahan_code,
    kelurahanName: names.get(r.kelurahan_code) ?? r.kelurahan_code,
    kecamatanCode: r.kecamatan_code,
    kecamatanName: names.get(r.kecamatan_code) ?? r.kecamatan_code,
    sizeClass: r.size_class,
    baselineOmzet: r.baseline_omzet,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    ownerNik: identity.nik({ ownerId: r.owner_id, ownerUserId: r.owner_user_id }, r.owner_nik).nik,
    ownerPhone: r.owner_phone,
    legality: legalityKinds(r.legality),
    archived: r.archived_at != null,
    latest: r.period ? { period: r.period, amount: r.amount!, declinePct: declinePct(r.decline_x10) } : null,
  };
}

/** Whether the user may change a business they can see (a mentor only those they mentor). */
export function mayEdit(user: SessionUser, v: { mentor_id: number | null }) {
  if (user.role === 'mentor') return v.mentor_id === user.id;
  return user.role === 'admin' || user.role === 'area_officer';
}

function toDto(user: SessionUser, identity: Disclosure, v: BusinessView): BusinessDto {
  const subject = { ownerId: v.owner_id, ownerUserId: v.owner_user_id, areaCode: v.kelurahan_code };
  const latest = v.latest_json
    ? (JSON.parse(v.latest_json) as { period: string; amount: number; decline_x10: number | null })
    : null;
  return {
    id: v.id,
    name: v.name,
    sector: v.sector,
    kbli: v.kbli,
    address: v.address,
    kelurahanCode: v.kelurahan_code,
    kelurahanName: v.kelurahan_name,
    kecamatanCode: v.kecamatan_code,
    kecamatanName: v.kecamatan_name,
    capital: v.capital,
    annualSales: v.annual_sales,
    sizeClass: v.size_class,
    employees: v.employees,
    legality: v.legality,
    online: v.online,
    onlineChannels: v.online_channels ?? [],
    baselineOmzet: v.baseline_omzet,
    mentorId: v.mentor_id,
    mentorName: v.mentor_name,
    archived: v.archived_at != null,
    createdAt: v.created_at.toISOString(),
    updatedAt: v.updated_at.toISOString(),
    owner: {
      id: v.owner_id,
      ...identity.nik(subject, v.owner_nik),
      name: v.owner_name,
      phone: v.owner_phone,
      kk: identity.kk(subject, v.owner_kk),
      gender: v.owner_gender,
      birthDate: identity.full(subject) ? v.owner_birth_date : null,
      businesses: v.owner_businesses ?? 0,
    },
    latest: latest
      ? { period: latest.period, amount: latest.amount, declinePct: declinePct(latest.decline_x10) }
      : null,
    canEdit: mayEdit(user, v),
  };
}

function ownerDto(identity: Disclosure, o: OwnerRow, businesses: number): OwnerDto {
  const subject = { ownerId: o.id, ownerUserId: o.user_id };
  return {
    id: o.id,
    ...identity.nik(subject, o.nik),
    name: o.name,
    phone: o.phone,
    kk: identity.kk(subject, o.kk),
    gender: o.gender,
    birthDate: identity.full(subject) ? o.birth_date : null,
    businesses,
  };
}

/** The subset of a business row that the audit log keeps. */
const auditView = (b: BusinessRow) => ({
  name: b.name,
  sector: b.sector,
  kbli: b.kbli,
  address: b.address,
  kelurahan_code: b.kelurahan_code,
  capital: b.capital,
  annual_sales: b.annual_sales,
  employees: b.employees,
  legality: b.legality,
  online: b.online,
  baseline_omzet: b.baseline_omzet,
  mentor_id: b.mentor_id,
  archived: b.archived_at != null,
});

async function validateOwner(db: DB, config: Config, input: CreateBusinessInput['owner']) {
  const lookups = await loadAreaLookups(db, config.deploymentArea);
  const nik = parseNik(input.nik, lookups.regencyExists);
  if (!nik.ok) throw fieldError('NikInvalid', 'body.owner.nik', NIK_PROBLEM_MESSAGES[nik.problem]);
  let phone: string | null = null;
  if (input.phone) {
    phone = normalizePhone(input.phone);
    if (!phone)
      throw fieldError('PhoneInvalid', 'body.owner.phone', 'No. HP tidak sah (contoh: 081234567890).');
  }
  if (input.kk && !isValidKk(input.kk, lookups.regencyExists)) {
    throw fieldError('KkInvalid', 'body.owner.kk', 'No. KK harus 16 digit dengan kode wilayah yang dikenal.');
  }
  return { nik: nik.value, phone, kk: input.kk?.trim() || null };
}

async function resolveKelurahan(db: DB, config: Config, user: SessionUser, code: string) {
  try {
    const area = await requireAreaWithin(db, code, config.deploymentArea, [4]);
    if (
      user.role === 'area_officer' &&
      !(area.code === user.areaCode || area.code.startsWith(`${user.areaCode}.`))
    ) {
      throw fieldError(
        'OutOfScope',
        'body.kelurahanCode',
        'Kelurahan berada di luar wilayah kerja Anda.',
        403,
      );
    }
    return { kelurahan: area.code, kecamatan: area.parent_code! };
  } catch (err) {
    if (err instanceof AppError && err.code === 'AreaUnknown') {
      throw fieldError('AreaUnknown', 'body.kelurahanCode', 'Kode kelurahan tidak dikenal di daerah ini.');
    }
    throw err;
  }
}

async function resolveMentor(db: Executor, mentorId: number | null | undefined) {
  if (mentorId == null) return null;
  const mentor = await findUserById(db, mentorId);
  if (mentor?.role !== 'mentor' || mentor.disabled_at) {
    throw fieldError('MentorUnknown', 'body.mentorId', 'Pendamping tidak ditemukan.');
  }
  return mentor.id;
}

/**
 * The create form's duplicate guard: is this NIK registered? It answers only what the form shows: the
 * owner's name (to confirm the person) and how many businesses they have; gender and birth date come
 * from the NIK itself. No phone, KK or birth date of the record: the caller typed the NIK, not the rest.
 * The office also gets the record's id, to merge two records of one person.
 */
export async function lookupOwner(db: DB, config: Config, user: SessionUser, nikInput: string) {
  if (!(REGISTRARS as readonly string[]).includes(user.role)) throw forbidden();
  const lookups = await loadAreaLookups(db, config.deploymentArea);
  const nik = parseNik(nikInput, lookups.regencyExists);
  if (!nik.ok) throw fieldError('NikInvalid', 'query.nik', NIK_PROBLEM_MESSAGES[nik.problem]);
  const derived = { gender: nik.value.gender, birthDate: nik.value.birthDate };
  const owner = await findOwnerByNik(db, nik.value.nik);
  if (!owner) return { exists: false as const, derived };
  const target = owner.merged_into_id ? await findOwner(db, owner.merged_into_id) : owner;
  return {
    exists: true as const,
    owner: {
      ...(user.role === 'admin' ? { id: target!.id } : {}),
      name: target!.name,
      businesses: await countBusinessesOfOwner(db, target!.id),
    },
    derived,
  };
}

export async function createBusiness(
  db: DB,
  config: Config,
  user: SessionUser,
  actor: Actor,
  input: CreateBusinessInput,
) {
  if (!WRITERS.includes(user.role)) throw forbidden();
  const owner = await validateOwner(db, config, input.owner);
  const { kelurahan, kecamatan } = await resolveKelurahan(db, config, user, input.kelurahanCode);
  const mentorId = user.role === 'mentor' ? user.id : await resolveMentor(db, input.mentorId);

  const id = await db.transaction().execute(async (trx) => {
    let ownerRow = await findOwnerByNik(trx, owner.nik.nik);
    if (ownerRow?.merged_into_id) ownerRow = await findOwner(trx, ownerRow.merged_into_id);
    if (ownerRow && !input.useExistingOwner) {
      throw new AppError(
        'OwnerExists',
        409,
        `NIK ini sudah terdaftar atas nama ${ownerRow.name}. Gunakan data pemilik tersebut?`,
        {
          ownerId: ownerRow.id,
          ownerName: ownerRow.name,
          errors: [{ path: 'body.owner.nik', message: 'NIK sudah terdaftar.' }],
        },
      );
    }
    if (!ownerRow) {
      ownerRow = await insertOwner(trx, {
        nik: owner.nik.nik,
        name: input.owner.name,
        phone: owner.phone,
        kk: owner.kk,
        gender: owner.nik.gender,
        birth_date: owner.nik.birthDate,
      });
      await recordAudit(trx, actor, {
        action: 'create',
        entity: 'owner',
        entityId: ownerRow.id,
        newValues: { name: ownerRow.name, phone: ownerRow.phone, nik: maskNik(ownerRow.nik) },
      });
    }
    const key = nameKey(input.name);
    const twin = await findBusinessByKey(trx, ownerRow.id, key);
    if (twin) {
      throw new AppError('BusinessExists', 409, `Pemilik ini sudah memiliki usaha bernama "${twin.name}".`, {
        businessId: twin.id,
        errors: [{ path: 'body.name', message: 'Usaha dengan nama ini sudah terdaftar untuk pemilik ini.' }],
      });
    }
    const row = await insertBusiness(trx, {
      owner_id: ownerRow.id,
      name: input.name.replace(/\s+/g, ' '),
      name_key: key,
      sector: input.sector,
      kbli: input.kbli ?? null,
      address: input.address ?? null,
      kelurahan_code: kelurahan,
      kecamatan_code: kecamatan,
      capital: input.capital ?? null,
      annual_sales: input.annualSales ?? null,
      employees: input.employees ?? null,
      legality: JSON.stringify(input.legality ?? {}),
      online: JSON.stringify(input.online ?? {}),
      baseline_omzet: input.baselineOmzet ?? null,
      mentor_id: mentorId,
    });
    await recordAudit(trx, actor, {
      action: 'create',
      entity: 'business',
      entityId: row.id,
      areaCode: row.kelurahan_code,
      newValues: auditView(row),
    });
    return row.id;
  });
  return getBusiness(db, config, user, actor, id);
}

/** A business the user may see, or 404: for routes that answer about it without showing it. */
export async function visibleBusiness(db: DB, config: Config, user: SessionUser, id: number) {
  const view = await findBusinessView(db, id, accessFor(user, config));
  if (!view) throw notFound('Usaha');
  return view;
}

/** One business as the user may see it; a full NIK in it is audit-logged as read. */
export async function getBusiness(db: DB, config: Config, user: SessionUser, actor: Actor, id: number) {
  const view = await visibleBusiness(db, config, user, id);
  return disclose(db, actor, user, { entity: 'business', id }, (identity) => toDto(user, identity, view));
}

/** A row the user may change, or 404 (not visible) / 403 (visible, not theirs to change). */
async function loadEditable(db: DB, config: Config, user: SessionUser, id: number) {
  const view = await findBusinessView(db, id, accessFor(user, config));
  if (!view) throw notFound('Usaha');
  if (!mayEdit(user, view)) throw forbidden();
  return view;
}

const ids = (id: number) => sql`${id}`;

/** Applies a change to one business, keeping the dashboard aggregate and the reports' decline in step. */
async function changeBusiness(
  db: DB,
  actor: Actor,
  id: number,
  action: string,
  change: (trx: Executor, before: BusinessRow) => Promise<BusinessRow>,
) {
  await db.transaction().execute(async (trx) => {
    const before = (await findBusinessRow(trx, id))!;
    await adjustStats(trx, -1, ids(id));
    const after = await change(trx, before);
    if (after.baseline_omzet !== before.baseline_omzet) await reclassifyReports(trx, ids(id));
    await adjustStats(trx, 1, ids(id));
    await recordAudit(trx, actor, {
      action,
      entity: 'business',
      entityId: id,
      areaCode: after.kelurahan_code,
      oldValues: auditView(before),
      newValues: auditView(after),
    });
  });
}

export async function updateBusinessDetails(
  db: DB,
  config: Config,
  user: SessionUser,
  actor: Actor,
  id: number,
  input: UpdateBusinessInput,
) {
  const view = await loadEditable(db, config, user, id);
  const area = input.kelurahanCode ? await resolveKelurahan(db, config, user, input.kelurahanCode) : null;
  const mentorId =
    input.mentorId === undefined || user.role === 'mentor'
      ? view.mentor_id
      : await resolveMentor(db, input.mentorId);
  await changeBusiness(db, actor, id, 'update', async (trx, before) => {
    if (input.name && nameKey(input.name) !== before.name_key) {
      const twin = await findBusinessByKey(trx, before.owner_id, nameKey(input.name));
      if (twin) {
        throw new AppError(
          'BusinessExists',
          409,
          `Pemilik ini sudah memiliki usaha bernama "${twin.name}".`,
          {
            businessId: twin.id,
            errors: [
              { path: 'body.name', message: 'Usaha dengan nama ini sudah terdaftar untuk pemilik ini.' },
            ],
          },
        );
      }
    }
    const pick = <T>(value: T | undefined, current: T) => (value === undefined ? current : value);
    return updateBusiness(trx, id, {
      name: input.name ? input.name.replace(/\s+/g, ' ') : before.name,
      name_key: input.name ? nameKey(input.name) : before.name_key,
      sector: input.sector ?? before.sector,
      kbli: pick(input.kbli, before.kbli),
      address: pick(input.address, before.address),
      kelurahan_code: area?.kelurahan ?? before.kelurahan_code,
      kecamatan_code: area?.kecamatan ?? before.kecamatan_code,
      capital: pick(input.capital, before.capital),
      annual_sales: pick(input.annualSales, before.annual_sales),
      employees: pick(input.employees, before.employees),
      legality: JSON.stringify(input.legality ?? before.legality),
      online: JSON.stringify(input.online ?? before.online),
      baseline_omzet: pick(input.baselineOmzet, before.baseline_omzet),
      mentor_id: mentorId,
      updated_at: new Date(),
    });
  });
  return getBusiness(db, config, user, actor, id);
}

export async function setArchived(
  db: DB,
  config: Config,
  user: SessionUser,
  actor: Actor,
  id: number,
  archived: boolean,
) {
  if (user.role === 'mentor') throw forbidden('Hanya petugas dan admin yang dapat mengarsipkan usaha.');
  await loadEditable(db, config, user, id);
  await changeBusiness(db, actor, id, archived ? 'archive' : 'unarchive', (trx) =>
    updateBusiness(trx, id, { archived_at: archived ? new Date() : null, updated_at: new Date() }),
  );
  return getBusiness(db, config, user, actor, id);
}

export async function searchBusinesses(db: DB, config: Config, user: SessionUser, q: BusinessListQuery) {
  // The latest period, the page and its total are read against one snapshot (nothing is written before).
  const snapshot = currentSnapshot(db);
  const period = q.period ?? (await latestPeriod(db, snapshot));
  const { items, total } = await listBusinesses(
    db,
    { ...q, period },
    businessAccess(user, config),
    canSeeFullNik(user),
    q.pageSize,
    (q.page - 1) * q.pageSize,
    snapshot,
  );
  const names = await areaNames(
    db,
    items.flatMap((r) => [r.kelurahan_code, r.kecamatan_code]),
  );
  return {
    items: items.map((r) => toListItem(listDisclosure(user), r, names)),
    total,
    page: q.page,
    pageSize: q.pageSize,
    period: period ?? null,
  };
}

export async function resolveFilterPeriod(db: DB, f: BusinessFilter) {
  return f.period ?? (await latestPeriod(db));
}

/** What happened to a business: its own audit trail (creation, edits, imports, archive) and its reports. */
export async function businessTimeline(db: DB, config: Config, user: SessionUser, id: number) {
  await visibleBusiness(db, config, user, id);
  const entries = await auditEntriesOf(db, 'business', String(id));
  const omzet = (await auditEntriesOf(db, 'omzet_report', String(id))).map((e) => ({
    ...e,
    // A report entered or replaced: omzet_create, omzet_update, omzet_import_update.
    action: `omzet_${e.action}`,
  }));
  return [...entries, ...omzet]
    .map((e) => ({
      at: e.at.toISOString(),
      kind: e.action,
      actor: e.actor_label,
      summary: e.new_values,
      previous: e.old_values,
    }))
    .sort((a, b) => a.at.localeCompare(b.at));
}

/**
 * One owner, if the user may see them (an area officer only an owner with a business in their area:
 * 404 otherwise, as for a business); the full NIK in it is audit-logged as read.
 */
export async function getOwner(db: DB, config: Config, user: SessionUser, actor: Actor, id: number) {
  const owner = await findVisibleOwner(db, id, ownerAccessFor(user, config));
  if (!owner) throw notFound('Pemilik');
  const businesses = await countBusinessesOfOwner(db, id);
  return disclose(db, actor, user, { entity: 'owner', id }, (identity) =>
    ownerDto(identity, owner, businesses),
  );
}

/**
 * Two owner records that turn out to be one person: the businesses of `fromId` move to `intoId`,
 * and `fromId` is retired, pointing to `intoId` so its NIK still leads to the right record.
 */
export async function mergeOwners(
  db: DB,
  config: Config,
  user: SessionUser,
  actor: Actor,
  fromId: number,
  intoId: number,
) {
  if (user.role !== 'admin') throw forbidden();
  if (fromId === intoId) throw new AppError('MergeSelf', 400, 'Pilih dua data pemilik yang berbeda.');
  await db.transaction().execute(async (trx) => {
    const from = await findOwner(trx, fromId);
    const into = await findOwner(trx, intoId);
    if (!from || !into || from.merged_into_id || into.merged_into_id) throw notFound('Pemilik');
    const clash = await sql<{ name: string }>`
      select a.name from business a join business b on a.name_key = b.name_key
      where a.owner_id = ${fromId} and b.owner_id = ${intoId} limit 1`.execute(trx);
    if (clash.rows.length) {
      throw new AppError(
        'MergeConflict',
        409,
        `Kedua pemilik memiliki usaha bernama "${clash.rows[0]!.name}"; ubah salah satu nama dahulu.`,
      );
    }
    await sql`update business set owner_id = ${intoId}, updated_at = now() where owner_id = ${fromId}`.execute(
      trx,
    );
    await updateOwner(trx, fromId, { merged_into_id: intoId, updated_at: new Date() });
    await updateOwner(trx, intoId, {
      phone: into.phone ?? from.phone,
      kk: into.kk ?? from.kk,
      user_id: into.user_id ?? from.user_id,
      updated_at: new Date(),
    });
    await sql`update owner set merged_into_id = ${intoId} where merged_into_id = ${fromId}`.execute(trx);
    await recordAudit(trx, actor, {
      action: 'merge',
      entity: 'owner',
      entityId: intoId,
      oldValues: { merged_owner_id: fromId, merged_name: from.name, merged_nik: maskNik(from.nik) },
      newValues: { owner_id: intoId, name: into.name },
    });
  });
  return getOwner(db, config, user, actor, intoId);
}
