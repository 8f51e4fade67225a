import { sql } from 'kysely';
import { canonicalAreaCode, isWithinArea } from '../../../shared/area-code.ts';
import {
  isValidKk,
  isValidNib,
  NIK_PROBLEM_MESSAGES,
  normalizePhone,
  parseNik,
  parseRupiah,
} from '../../../shared/identity.ts';
import { BUSINESS_REQUIRED_COLUMNS, IMPORT_COLUMNS } from '../../../shared/import-columns.ts';
import { parseSector, SECTOR_LABELS } from '../../../shared/sectors.ts';
import type { DB, Session } from '../../db/database.ts';
import type { Cell, TabularRow } from '../../files/tabular.ts';
import { withinScopeSql } from '../../http/scope.ts';
import { type AreaLookups, loadAreaLookups } from '../areas/areas.service.ts';
import type { Executor } from '../audit/audit.repository.ts';
import { reserveIds } from '../imports/imports.repository.ts';
import { completeImport, type ImportContext, type Importer } from '../imports/imports.service.ts';
import { RejectionLog } from '../imports/rejections.ts';
import { ROW_PROBLEMS } from '../imports/row-problems.ts';
import { BatchCopies, copyLine, emptyToNull, nameKey, type StageValue } from '../imports/stage.ts';
import { lockForBulkLoad } from '../omzet/omzet.stats.repository.ts';
import { type FileBusiness, type FileOwner, mergeKept } from './businesses.import-merge.ts';

const REQUIRED = BUSINESS_REQUIRED_COLUMNS;

export const BUSINESS_REJECTION_REASONS = {
  ...ROW_PROBLEMS,
  sector_invalid: `Sektor tidak dikenal. Pilihan: ${Object.values(SECTOR_LABELS).join(', ')}.`,
  kbli_invalid: 'KBLI harus 5 digit angka.',
  kelurahan_unknown: 'Kode kelurahan tidak dikenal di daerah ini.',
  outside_scope: 'Kelurahan berada di luar wilayah kerja Anda.',
  record_outside_scope:
    'Usaha atau pemilik dengan NIK ini terdaftar di luar wilayah kerja Anda; baris ini tidak boleh mengubahnya.',
  employees_invalid: 'Tenaga kerja harus bilangan bulat tidak negatif.',
} as const;
export type BusinessRejection = keyof typeof BUSINESS_REJECTION_REASONS;

type Verdict = { ok: true; values: StageValue[] } | { ok: false; reason: BusinessRejection; message: string };

const reject = (reason: BusinessRejection, detail?: string): Verdict => ({
  ok: false,
  reason,
  message: detail ? `${BUSINESS_REJECTION_REASONS[reason]} ${detail}` : BUSINESS_REJECTION_REASONS[reason],
});

/**
 * Validates one row of a business file; on success returns its values in this order: row number, NIK,
 * owner name, phone, KK, gender, birth date, business name, name key, sector, KBLI, address, kelurahan,
 * kecamatan, capital, annual sales, employees, baseline turnover, NIB.
 */
export function validateBusinessRow(
  row: TabularRow,
  areas: AreaLookups,
  scope: string | null,
  today = new Date(),
): Verdict {
  const c = (name: string): Cell | undefined => row.cells[name];
  const text = (name: string) => c(name)?.text.trim() ?? '';
  const missing = REQUIRED.filter((k) => !text(k));
  if (missing.length) return reject('required_missing', `(${missing.join(', ')})`);

  if (c('nik')?.numeric) return reject('nik_numeric');
  const nik = parseNik(text('nik'), areas.regencyExists, today);
  if (!nik.ok) return reject('nik_invalid', NIK_PROBLEM_MESSAGES[nik.problem]);

  let kk: string | null = null;
  if (text('no_kk')) {
    if (c('no_kk')?.numeric) return reject('kk_numeric');
    if (!isValidKk(text('no_kk'), areas.regencyExists)) return reject('kk_invalid');
    kk = text('no_kk');
  }
  let phone: string | null = null;
  if (text('no_hp')) {
    phone = normalizePhone(text('no_hp'));
    if (!phone) return reject('phone_invalid');
  }
  const sector = parseSector(text('sektor'));
  if (!sector) return reject('sector_invalid');
  const kbli = emptyToNull(text('kbli'));
  if (kbli && !/^\d{5}$/.test(kbli)) return reject('kbli_invalid');

  const kelurahan = canonicalAreaCode(text('kode_kelurahan'));
  const kecamatan = kelurahan ? areas.kecamatanOf.get(kelurahan) : undefined;
  if (!kelurahan || !kecamatan) return reject('kelurahan_unknown');
  if (scope && !isWithinArea(kelurahan, scope)) return reject('outside_scope');

  const money: (number | null)[] = [];
  for (const col of ['modal_usaha', 'omzet_tahunan', 'omzet_bulanan_sebelum_pandemi']) {
    const cell = c(col);
    if (!cell?.text.trim()) {
      money.push(null);
      continue;
    }
    const value = parseRupiah(cell.numeric ? Number(cell.text) : cell.text);
    if (value === null) return reject('money_invalid', `(${col})`);
    money.push(value);
  }
  let employees: number | null = null;
  if (text('tenaga_kerja')) {
    employees = /^\d{1,7}$/.test(text('tenaga_kerja')) ? Number(text('tenaga_kerja')) : Number.NaN;
    if (!Number.isInteger(employees)) return reject('employees_invalid');
  }
  const nib = emptyToNull(text('nib'));
  if (nib && !isValidNib(nib)) return reject('nib_invalid');

  const businessName = text('nama_usaha').replace(/\s+/g, ' ');
  return {
    ok: true,
    values: [
      row.rowNumber,
      nik.value.nik,
      text('nama_pemilik').replace(/\s+/g, ' '),
      phone,
      kk,
      nik.value.gender,
      nik.value.birthDate,
      businessName,
      nameKey(businessName),
      sector,
      kbli,
      emptyToNull(text('alamat')),
      kelurahan,
      kecamatan,
      money[0]!,
      money[1]!,
      employees,
      money[2]!,
      nib,
    ],
  };
}

export type BusinessImportSummary = {
  total: number;
  created: number;
  updated: number;
  rejected: number;
  reasons: Record<string, number>;
};

/*
 * A registry file is merged in ONE transaction that is open while the file is read, like a turnover
 * file (docs/decisions/0003): owners and businesses the registry does not hold yet are COPYed straight
 * into their tables batch by batch, while the next batch is read and validated. What the registry holds
 * already, and businesses or owners the file names twice, are merged at the end by set-based UPDATEs
 * with the same rules as always (an empty cell keeps what is known, the dashboard aggregate and the
 * reports' decline in step, each changed business audited old beside new).
 */

/** Positions in a validated row (STAGE order). */
const V = {
  row: 0,
  nik: 1,
  ownerName: 2,
  phone: 3,
  kk: 4,
  gender: 5,
  birthDate: 6,
  name: 7,
  nameKey: 8,
  nib: 18,
} as const;
/** Owner name, phone and KK: positions 2..4 of a validated row. */
const OWNER_FIELDS = [2, 5] as const;

const OWNER_COLUMNS = ['id', 'nik', 'name', 'phone', 'kk', 'gender', 'birth_date'] as const;
const BUSINESS_COLUMNS_COPIED = [
  'owner_id',
  'name',
  'name_key',
  'sector',
  'kbli',
  'address',
  'kelurahan_code',
  'kecamatan_code',
  'capital',
  'annual_sales',
  'employees',
  'baseline_omzet',
  'legality',
] as const;

const legalityOf = (nib: StageValue) => (nib === null ? '{}' : JSON.stringify({ nib: { number: nib } }));
const businessLine = (ownerId: number, v: StageValue[]) =>
  copyLine([ownerId, v[7]!, v[8]!, ...v.slice(9, 18), legalityOf(v[V.nib]!)]);

/** Merges `values` into `known`: a later row wins, an empty cell keeps what an earlier one said. */
function mergeInto(known: StageValue[], values: StageValue[]) {
  for (let i = 0; i < values.length; i++) if (values[i] !== null) known[i] = values[i]!;
}

function rowData(row: TabularRow): Record<string, string> {
  return Object.fromEntries(Object.entries(row.cells).map(([k, v]) => [k, v.text]));
}

/** An owner the registry holds, as a batch of the file meets them. */
interface RegisteredOwner {
  nik: string;
  /** The surviving owner's id (a merged NIK leads to it). */
  id: number;
  kept: true;
  /** No business of theirs lies inside the importer's scope. */
  outside: boolean;
  /** Name, phone and KK of the record with this NIK (what the file's merge would change). */
  stored: StageValue[];
}

/** The owners of `niks` the registry holds, and whether each lies outside `scope` (never, without one). */
async function registeredOwners(db: DB, niks: string[], scope: string | null): Promise<RegisteredOwner[]> {
  const inScope = scope
    ? sql<boolean>`exists (select 1 from business b where b.owner_id = s.id and ${withinScopeSql('b.kelurahan_code', scope)})`
    : sql<boolean>`true`;
  const { rows } = await sql<{
    nik: string;
    id: number;
    name: string;
    phone: string | null;
    kk: string | null;
    in_scope: boolean;
  }>`
    select o.nik, s.id, o.name, o.phone, o.kk, ${inScope} as in_scope
    from owner o join owner s on s.id = coalesce(o.merged_into_id, o.id)
    where o.nik = any(${niks}::text[])`.execute(db);
  return rows.map((o) => ({
    nik: o.nik,
    id: Number(o.id),
    kept: true,
    outside: !o.in_scope,
    stored: [o.name, o.phone, o.kk],
  }));
}

/** Whether a row's owner name, phone and KK would change what the registry holds (an empty cell keeps it). */
function changesOwner(stored: StageValue[], values: StageValue[]) {
  return values.some((value, i) => (i === 0 || value !== null) && value !== stored[i]);
}

export const businessImporter: Importer = {
  kind: 'businesses',
  spec: IMPORT_COLUMNS.businesses,
  roles: ['admin', 'area_officer'],
  run(ctx, batches, progress) {
    return ctx.database.session((session) =>
      session.db.transaction().execute(async (trx) => {
        // Writers wait until this import ends (readers do not), so what the batches look up stays
        // true: the aggregate's tables first, in the order every writer takes them.
        await lockForBulkLoad(trx);
        await sql`lock table owner, business in share row exclusive mode`.execute(trx);
        return mergeFile(ctx, session, trx, batches, progress);
      }),
    );
  },
};

async function mergeFile(
  ctx: ImportContext,
  session: Session,
  trx: Executor,
  batches: AsyncIterable<TabularRow[]>,
  progress: (rowsRead: number) => Promise<void>,
): Promise<BusinessImportSummary> {
  const { database, config } = ctx;
  const pool = database.db;
  const areas = await loadAreaLookups(trx, config.deploymentArea);
  const scope = ctx.by?.role === 'area_officer' ? ctx.by.areaCode : null;
  const rejections = new RejectionLog(config.importRejectionsKept);
  const owners = new Map<string, FileOwner>();
  /** "owner id|name key" → the business's merged values, and whether the registry held it before. */
  const businesses = new Map<string, FileBusiness>();
  /** "owner id|name key" → the kelurahan of each business the registry holds for the file's owners. */
  const registered = new Map<string, string>();
  let total = 0;
  let accepted = 0;
  let created = 0;
  let ownersCopied = 0;

  const copies = new BatchCopies();

  for await (const batch of batches) {
    const rows: { values: StageValue[]; row: TabularRow }[] = [];
    const refuse = (row: TabularRow, reason: BusinessRejection, message: string) =>
      rejections.add(reason, () => ({ rowNumber: row.rowNumber, message, data: rowData(row) }));
    for (const row of batch) {
      const verdict = validateBusinessRow(row, areas, scope);
      if (verdict.ok) rows.push({ values: verdict.values, row });
      else refuse(row, verdict.reason, verdict.message);
    }

    // The owners this batch names first: which the registry holds (a merged one leads to the survivor),
    // which businesses those have, and ids for the new ones. Asked on connections of the pool: this
    // one may be busy with a COPY, and the locks keep the answers true.
    // For an area officer, also whether each has a business in their scope (else the file may not change them).
    const newNiks = [
      ...new Set(rows.map(({ values: v }) => v[V.nik] as string).filter((nik) => !owners.has(nik))),
    ];
    const keptOwners = newNiks.length ? await registeredOwners(pool, newNiks, scope) : [];
    const keptIds = new Map(keptOwners.map((o) => [o.nik, o]));
    const keptBusinesses = keptIds.size
      ? await sql<{ owner_id: number; name_key: string; kelurahan_code: string }>`
          select owner_id, name_key, kelurahan_code from business
          where owner_id = any(${[...new Set(keptOwners.map((o) => o.id))]}::bigint[])`.execute(pool)
      : { rows: [] };
    for (const b of keptBusinesses.rows) registered.set(`${b.owner_id}|${b.name_key}`, b.kelurahan_code);
    const fresh = newNiks.length - keptIds.size;
    const ids = (await reserveIds(pool, { owner: fresh })).owner.values();

    let ownerLines = '';
    let businessLines = '';
    for (const { values: v, row } of rows) {
      const nik = v[V.nik] as string;
      let owner = owners.get(nik);
      const ownerValues = v.slice(OWNER_FIELDS[0], OWNER_FIELDS[1]);
      // The scope rules of single edits: a row may not change a business outside the importer's area
      // (moving it in included), nor an owner who has no business inside it.
      if (scope) {
        const held = owner ?? keptIds.get(nik);
        const area = held ? registered.get(`${held.id}|${v[V.nameKey]}`) : undefined;
        const ownerOutside = held?.kept && held.outside && changesOwner(held.stored, ownerValues);
        if ((area !== undefined && !isWithinArea(area, scope)) || ownerOutside) {
          refuse(row, 'record_outside_scope', BUSINESS_REJECTION_REASONS.record_outside_scope);
          continue;
        }
      }
      accepted += 1;
      if (!owner) {
        const kept = keptIds.get(nik);
        owner = {
          id: kept?.id ?? ids.next().value!,
          kept: kept !== undefined,
          outside: kept?.outside ?? false,
          stored: kept?.stored ?? [],
          values: ownerValues,
          dirty: kept !== undefined,
        };
        owners.set(nik, owner);
        if (!owner.kept) {
          ownerLines += copyLine([owner.id, nik, ...ownerValues, v[V.gender]!, v[V.birthDate]!]);
          ownersCopied += 1;
        }
      } else {
        mergeInto(owner.values, ownerValues);
        owner.dirty = true;
      }
      const key = `${owner.id}|${v[V.nameKey]}`;
      const business = businesses.get(key);
      if (business) {
        mergeInto(business.values, v);
        business.dirty = true;
      } else if (registered.has(key)) {
        businesses.set(key, { values: [...v], kept: true, dirty: true });
      } else {
        businesses.set(key, { values: [...v], kept: false, dirty: false });
        businessLines += businessLine(owner.id, v);
        created += 1;
      }
    }
    await copies.add(async () => {
      if (ownerLines) await session.copyIn('owner', OWNER_COLUMNS, [ownerLines]);
      if (businessLines) await session.copyIn('business', BUSINESS_COLUMNS_COPIED, [businessLines]);
    });
    total += batch.length;
    await progress(total);
  }
  await copies.end();
  ctx.changed('owner', ownersCopied);
  ctx.changed('business', created);

  await mergeKept(ctx, session, trx, owners, businesses);
  const summary: BusinessImportSummary = {
    total,
    created,
    updated: accepted - created,
    rejected: rejections.count,
    reasons: rejections.reasons,
  };
  return completeImport(trx, ctx, summary, rejections);
}
