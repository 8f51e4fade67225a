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
import { BUSINESS_COLUMNS, BUSINESS_REQUIRED_COLUMNS } from '../../../shared/import-columns.ts';
import { parseSector, SECTOR_LABELS } from '../../../shared/sectors.ts';
import type { Session } from '../../db/database.ts';
import type { Cell, TabularRow } from '../../files/tabular.ts';
import { type AreaLookups, loadAreaLookups } from '../areas/areas.service.ts';
import type { Executor } from '../audit/audit.repository.ts';
import { completeImport, type ImportContext, type Importer } from '../imports/imports.service.ts';
import { RejectionLog } from '../imports/rejections.ts';
import { ROW_PROBLEMS } from '../imports/row-problems.ts';
import { copyLine, emptyToNull, nameKey, type StageValue } from '../imports/stage.ts';
import { adjustStats, lockForBulkLoad, reclassifyReports } from '../omzet/omzet.stats.repository.ts';

const REQUIRED = BUSINESS_REQUIRED_COLUMNS;

export const BUSINESS_REJECTION_REASONS = {
  ...ROW_PROBLEMS,
  sector_invalid: `Sektor tidak dikenal. Pilihan: ${Object.values(SECTOR_LABELS).join(', ')}.`,
  kbli_invalid: 'KBLI harus 5 digit angka.',
  kelurahan_unknown: 'Kode kelurahan tidak dikenal di daerah ini.',
  outside_scope: 'Kelurahan berada di luar wilayah kerja Anda.',
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

interface FileOwner {
  /** Its id: the surviving owner's for a merged owner, reserved for a new one. */
  id: number;
  /** Held by the registry before this import. */
  kept: boolean;
  /** Name, phone and KK as the file's rows merged them. */
  values: StageValue[];
  /** Named again by a later row (a new owner) or kept: merged at the end. */
  dirty: boolean;
}

/** Merges `values` into `known`: a later row wins, an empty cell keeps what an earlier one said. */
function mergeInto(known: StageValue[], values: StageValue[]) {
  for (let i = 0; i < values.length; i++) if (values[i] !== null) known[i] = values[i]!;
}

function rowData(row: TabularRow): Record<string, string> {
  return Object.fromEntries(Object.entries(row.cells).map(([k, v]) => [k, v.text]));
}

export const businessImporter: Importer = {
  kind: 'businesses',
  spec: {
    required: REQUIRED,
    optional: BUSINESS_COLUMNS.filter((c) => !(REQUIRED as readonly string[]).includes(c)),
  },
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
  const businesses = new Map<string, { values: StageValue[]; kept: boolean; dirty: boolean }>();
  let total = 0;
  let accepted = 0;
  let created = 0;
  let ownersCopied = 0;

  // COPYs of one batch run while the next batch is read: at most one batch waits for its COPYs.
  let pending: Promise<void> = Promise.resolve();
  let copyFailure: unknown;
  const copyBatch = (ownerLines: string, businessLines: string) => {
    const previous = pending;
    pending = (async () => {
      await previous;
      if (copyFailure) return;
      if (ownerLines) await session.copyIn('owner', OWNER_COLUMNS, [ownerLines]);
      if (businessLines) await session.copyIn('business', BUSINESS_COLUMNS_COPIED, [businessLines]);
    })().catch((err) => {
      copyFailure ??= err;
    });
  };

  for await (const batch of batches) {
    const rows: StageValue[][] = [];
    for (const row of batch) {
      const verdict = validateBusinessRow(row, areas, scope);
      if (verdict.ok) rows.push(verdict.values);
      else
        rejections.add(verdict.reason, () => ({
          rowNumber: row.rowNumber,
          message: verdict.message,
          data: rowData(row),
        }));
    }

    // The owners this batch names first: which the registry holds (a merged one leads to the survivor),
    // which businesses those have, and ids for the new ones. Asked on connections of the pool: this
    // one may be busy with a COPY, and the locks keep the answers true.
    const newNiks = [...new Set(rows.map((v) => v[V.nik] as string).filter((nik) => !owners.has(nik)))];
    const keptOwners = newNiks.length
      ? await sql<{ nik: string; id: number }>`
          select nik, coalesce(merged_into_id, id) as id from owner where nik = any(${newNiks}::text[])`.execute(
          pool,
        )
      : { rows: [] };
    const keptIds = new Map(keptOwners.rows.map((o) => [o.nik, o.id]));
    const keptBusinesses = keptIds.size
      ? await sql<{ owner_id: number; name_key: string }>`
          select owner_id, name_key from business where owner_id = any(${[...new Set(keptIds.values())]}::bigint[])`.execute(
          pool,
        )
      : { rows: [] };
    const registered = new Set(keptBusinesses.rows.map((b) => `${b.owner_id}|${b.name_key}`));
    const fresh = newNiks.length - keptIds.size;
    const ids = fresh
      ? (
          await sql<{ id: number }>`
            select nextval(pg_get_serial_sequence('owner', 'id')) as id from generate_series(1, ${fresh})`.execute(
            pool,
          )
        ).rows.map((r) => Number(r.id))
      : [];

    let ownerLines = '';
    let businessLines = '';
    for (const v of rows) {
      accepted += 1;
      const nik = v[V.nik] as string;
      let owner = owners.get(nik);
      const ownerValues = v.slice(OWNER_FIELDS[0], OWNER_FIELDS[1]);
      if (!owner) {
        const keptId = keptIds.get(nik);
        owner = {
          id: keptId ?? ids.pop()!,
          kept: keptId !== undefined,
          values: ownerValues,
          dirty: keptId !== undefined,
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
    copyBatch(ownerLines, businessLines);
    total += batch.length;
    await progress(total);
    if (copyFailure) break;
  }
  await pending;
  if (copyFailure) throw copyFailure;
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

/**
 * Owners and businesses the registry held before, and new ones the file named again: their merged
 * values go to temporary tables, and set-based UPDATEs apply them with the rules of every import.
 */
async function mergeKept(
  ctx: ImportContext,
  session: Session,
  trx: Executor,
  owners: Map<string, FileOwner>,
  businesses: Map<string, { values: StageValue[]; kept: boolean; dirty: boolean }>,
) {
  let ownerLines = '';
  for (const [nik, owner] of owners) if (owner.dirty) ownerLines += copyLine([nik, ...owner.values]);
  if (ownerLines) {
    await sql`create temp table import_owner (nik text, name text, phone text, kk text) on commit drop`.execute(
      trx,
    );
    await session.copyIn('import_owner', ['nik', 'name', 'phone', 'kk'], [ownerLines]);
    // Empty cells keep what is known.
    const updated = await sql`
      update owner o set name = t.name, phone = coalesce(t.phone, o.phone), kk = coalesce(t.kk, o.kk), updated_at = now()
      from import_owner t
      where o.nik = t.nik and (o.name, o.phone, o.kk) is distinct from (t.name, coalesce(t.phone, o.phone), coalesce(t.kk, o.kk))`.execute(
      trx,
    );
    ctx.changed('owner', Number(updated.numAffectedRows ?? 0));
  }

  let businessLines = '';
  for (const [key, b] of businesses) {
    if (!b.dirty) continue;
    const ownerId = Number(key.slice(0, key.indexOf('|')));
    businessLines += copyLine([ownerId, ...b.values.slice(7, 19), b.kept]);
  }
  if (!businessLines) return;
  await sql`
    create temp table import_business (owner_id bigint, business_name text, name_key text, sector text, kbli text,
      address text, kelurahan_code text, kecamatan_code text, capital bigint, annual_sales bigint, employees integer,
      baseline bigint, nib text, kept boolean) on commit drop`.execute(trx);
  await session.copyIn(
    'import_business',
    [
      'owner_id',
      'business_name',
      'name_key',
      'sector',
      'kbli',
      'address',
      'kelurahan_code',
      'kecamatan_code',
      'capital',
      'annual_sales',
      'employees',
      'baseline',
      'nib',
      'kept',
    ],
    [businessLines],
  );
  await sql`analyze import_business`.execute(trx);
  const stage = sql`(select t.*, b.id as business_id from import_business t
    join business b on b.owner_id = t.owner_id and b.name_key = t.name_key)`;
  await sql`
    create temp table import_before on commit drop as
    select b.id, b.name, b.sector, b.kbli, b.address, b.kelurahan_code, b.kecamatan_code, b.capital, b.annual_sales,
           b.employees, b.baseline_omzet, b.legality
    from business b where b.id in (select business_id from ${stage} s where s.kept)`.execute(trx);
  // Businesses whose change the dashboard aggregate sees: their reports leave it, change, and return.
  await sql`
    create temp table import_stat_changed on commit drop as
    select s.business_id from ${stage} s join business b on b.id = s.business_id
    where b.kecamatan_code <> s.kecamatan_code or b.sector <> s.sector
       or b.baseline_omzet is distinct from coalesce(s.baseline, b.baseline_omzet)`.execute(trx);
  const changedIds = sql`select business_id from import_stat_changed`;
  await adjustStats(trx, -1, changedIds);

  const updated = await sql`
    update business b set
      name = s.business_name, sector = s.sector, kbli = coalesce(s.kbli, b.kbli), address = coalesce(s.address, b.address),
      kelurahan_code = s.kelurahan_code, kecamatan_code = s.kecamatan_code, capital = coalesce(s.capital, b.capital),
      annual_sales = coalesce(s.annual_sales, b.annual_sales), employees = coalesce(s.employees, b.employees),
      baseline_omzet = coalesce(s.baseline, b.baseline_omzet),
      legality = b.legality || (case when s.nib is null then '{}'::jsonb else jsonb_build_object('nib', jsonb_build_object('number', s.nib)) end),
      updated_at = now()
    from ${stage} s
    where b.id = s.business_id
      and (b.name, b.sector, b.kbli, b.address, b.kelurahan_code, b.capital, b.annual_sales, b.employees, b.baseline_omzet, b.legality)
        is distinct from
          (s.business_name, s.sector, coalesce(s.kbli, b.kbli), coalesce(s.address, b.address), s.kelurahan_code,
           coalesce(s.capital, b.capital), coalesce(s.annual_sales, b.annual_sales), coalesce(s.employees, b.employees),
           coalesce(s.baseline, b.baseline_omzet),
           b.legality || (case when s.nib is null then '{}'::jsonb else jsonb_build_object('nib', jsonb_build_object('number', s.nib)) end))`.execute(
    trx,
  );
  ctx.changed('business', Number(updated.numAffectedRows ?? 0));

  const reclassified = await reclassifyReports(trx, changedIds);
  await adjustStats(trx, 1, changedIds);
  ctx.changed('omzet_report', reclassified);
  const moved = await sql<{ n: number }>`select count(*)::int as n from import_stat_changed`.execute(trx);
  ctx.changed('omzet_stat', moved.rows[0]!.n);

  // The audit trail: each business the registry held whose values changed, old beside new (one this
  // import created is not audited, whatever its later rows changed).
  await sql`
    insert into audit_log (actor_id, actor_label, action, entity, entity_id, area_code, old_values, new_values, request_id)
    select ${ctx.actor.id}, ${ctx.actor.label}, 'import_update', 'business', b.id::text, b.kelurahan_code,
           to_jsonb(o) - 'id', jsonb_build_object('name', b.name, 'sector', b.sector, 'kbli', b.kbli, 'address', b.address,
             'kelurahan_code', b.kelurahan_code, 'kecamatan_code', b.kecamatan_code, 'capital', b.capital,
             'annual_sales', b.annual_sales, 'employees', b.employees, 'baseline_omzet', b.baseline_omzet, 'legality', b.legality),
           ${`import:${ctx.job.id}`}
    from import_before o join business b on b.id = o.id
    where (to_jsonb(o) - 'id') is distinct from jsonb_build_object('name', b.name, 'sector', b.sector, 'kbli', b.kbli,
             'address', b.address, 'kelurahan_code', b.kelurahan_code, 'kecamatan_code', b.kecamatan_code,
             'capital', b.capital, 'annual_sales', b.annual_sales, 'employees', b.employees,
             'baseline_omzet', b.baseline_omzet, 'legality', b.legality)`.execute(trx);
}
