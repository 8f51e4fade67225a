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
import type { Cell, TabularRow } from '../../files/tabular.ts';
import { type AreaLookups, loadAreaLookups } from '../areas/areas.service.ts';
import {
  completeImport,
  countReasons,
  type ImportContext,
  type Importer,
  type Rejection,
} from '../imports/imports.service.ts';
import { ROW_PROBLEMS } from '../imports/row-problems.ts';
import {
  copyIntoStage,
  createStageTable,
  emptyToNull,
  nameKey,
  type StageColumns,
  type StageValue,
} from '../imports/stage.ts';
import { adjustStats, reclassifyReports } from '../omzet/omzet.stats.repository.ts';

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

const STAGE: StageColumns = [
  ['row_number', 'integer'],
  ['nik', 'text'],
  ['owner_name', 'text'],
  ['phone', 'text'],
  ['kk', 'text'],
  ['gender', 'text'],
  ['birth_date', 'date'],
  ['business_name', 'text'],
  ['name_key', 'text'],
  ['sector', 'text'],
  ['kbli', 'text'],
  ['address', 'text'],
  ['kelurahan_code', 'text'],
  ['kecamatan_code', 'text'],
  ['capital', 'bigint'],
  ['annual_sales', 'bigint'],
  ['employees', 'integer'],
  ['baseline', 'bigint'],
  ['nib', 'text'],
];

type Verdict = { ok: true; values: StageValue[] } | { ok: false; reason: BusinessRejection; message: string };

const reject = (reason: BusinessRejection, detail?: string): Verdict => ({
  ok: false,
  reason,
  message: detail ? `${BUSINESS_REJECTION_REASONS[reason]} ${detail}` : BUSINESS_REJECTION_REASONS[reason],
});

/** Validates one row of a business file; on success returns its staged values in STAGE order. */
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

export const businessImporter: Importer = {
  kind: 'businesses',
  spec: {
    required: REQUIRED,
    optional: BUSINESS_COLUMNS.filter((c) => !(REQUIRED as readonly string[]).includes(c)),
  },
  roles: ['admin', 'area_officer'],
  async run(ctx, batches, progress) {
    const { database, config, stageTable } = ctx;
    const areas = await loadAreaLookups(database.db, config.deploymentArea);
    const scope = ctx.by?.role === 'area_officer' ? ctx.by.areaCode : null;
    const rejections: Rejection[] = [];
    let total = 0;

    // Rows of one business in one file apply in order: the last row wins and an empty cell keeps what
    // an earlier row said. Merged here, so that the database receives one row per business and per owner.
    const byBusiness = new Map<string, StageValue[]>();
    const owners = new Map<string, StageValue[]>();
    let accepted = 0;
    for await (const batch of batches) {
      for (const row of batch) {
        const verdict = validateBusinessRow(row, areas, scope);
        if (!verdict.ok) {
          rejections.push({
            rowNumber: row.rowNumber,
            reason: verdict.reason,
            message: verdict.message,
            data: rowData(row),
          });
          continue;
        }
        accepted += 1;
        const v = verdict.values;
        mergeInto(byBusiness, `${v[1]}|${v[8]}`, v);
        mergeInto(owners, v[1] as string, v.slice(OWNER_FIELDS[0], OWNER_FIELDS[1]));
      }
      total += batch.length;
      await progress(total);
    }
    await createStageTable(database, stageTable, STAGE);
    async function* staged() {
      let out: StageValue[][] = [];
      for (const values of byBusiness.values()) {
        const owner = owners.get(values[1] as string)!;
        values.splice(OWNER_FIELDS[0], owner.length, ...owner);
        out.push(values);
        if (out.length === 5000) {
          yield out;
          out = [];
        }
      }
      yield out;
    }
    await copyIntoStage(database, stageTable, STAGE, staged());
    return mergeBusinesses(ctx, total, accepted, rejections);
  },
};

/** Owner name, phone and KK: positions 2..4 of a staged row. */
const OWNER_FIELDS = [2, 5] as const;

function mergeInto(map: Map<string, StageValue[]>, key: string, values: StageValue[]) {
  const known = map.get(key);
  if (!known) {
    map.set(key, [...values]);
    return;
  }
  for (let i = 0; i < values.length; i++) if (values[i] !== null) known[i] = values[i]!;
}

function rowData(row: TabularRow): Record<string, string> {
  return Object.fromEntries(Object.entries(row.cells).map(([k, v]) => [k, v.text]));
}

/** One transaction: owners, businesses, the dashboard aggregate, the audit trail and the job's end. */
async function mergeBusinesses(
  ctx: ImportContext,
  total: number,
  accepted: number,
  rejections: Rejection[],
): Promise<BusinessImportSummary> {
  const stage = sql.table(ctx.stageTable);
  return ctx.database.db.transaction().execute(async (trx) => {
    // Owners: one per NIK (the file's rows were merged per NIK already); empty cells keep what is known.
    const owners = await sql`
      insert into owner (nik, name, phone, kk, gender, birth_date)
      select distinct on (nik) nik, owner_name, phone, kk, gender, birth_date from ${stage} order by nik
      on conflict (nik) do update set
        name = excluded.name, phone = coalesce(excluded.phone, owner.phone), kk = coalesce(excluded.kk, owner.kk), updated_at = now()
      where (owner.name, owner.phone, owner.kk) is distinct from
            (excluded.name, coalesce(excluded.phone, owner.phone), coalesce(excluded.kk, owner.kk))`.execute(
      trx,
    );
    ctx.changed('owner', Number(owners.numAffectedRows ?? 0));

    // Resolve each row to its owner (a merged owner's NIK leads to the surviving record) and mark
    // which businesses exist already and which change in a way the dashboard aggregate sees.
    await sql`alter table ${stage} add column owner_id bigint, add column business_id bigint`.execute(trx);
    await sql`update ${stage} s set owner_id = coalesce(o.merged_into_id, o.id) from owner o where o.nik = s.nik`.execute(
      trx,
    );
    await sql`update ${stage} s set business_id = b.id from business b where b.owner_id = s.owner_id and b.name_key = s.name_key`.execute(
      trx,
    );
    // Every accepted row either creates a business (the first row of a business not yet registered)
    // or updates one. Two NIKs of one merged owner may name the same business: the later row wins.
    const counts = await sql<{ created: number }>`
      select count(distinct (owner_id, name_key)) filter (where business_id is null)::int as created from ${stage}`.execute(
      trx,
    );
    const last = sql`(select distinct on (owner_id, name_key) * from ${stage} order by owner_id, name_key, row_number desc)`;
    await sql`
      create temp table import_before on commit drop as
      select b.id, b.name, b.sector, b.kbli, b.address, b.kelurahan_code, b.kecamatan_code, b.capital, b.annual_sales,
             b.employees, b.baseline_omzet, b.legality
      from business b where b.id in (select business_id from ${stage} where business_id is not null)`.execute(
      trx,
    );
    const statChanged = sql`
      select s.business_id from ${last} s join business b on b.id = s.business_id
      where b.kecamatan_code <> s.kecamatan_code or b.sector <> s.sector
         or b.baseline_omzet is distinct from coalesce(s.baseline, b.baseline_omzet)`;
    await sql`create temp table import_stat_changed on commit drop as ${statChanged}`.execute(trx);
    const changedIds = sql`select business_id from import_stat_changed`;
    await adjustStats(trx, -1, changedIds);

    const businesses = await sql`
      insert into business (owner_id, name, name_key, sector, kbli, address, kelurahan_code, kecamatan_code, capital,
                            annual_sales, employees, baseline_omzet, legality)
      select owner_id, business_name, name_key, sector, kbli, address, kelurahan_code, kecamatan_code, capital,
             annual_sales, employees, baseline,
             case when nib is null then '{}'::jsonb else jsonb_build_object('nib', jsonb_build_object('number', nib)) end
      from ${last} s
      on conflict (owner_id, name_key) do update set
        name = excluded.name, sector = excluded.sector, kbli = coalesce(excluded.kbli, business.kbli),
        address = coalesce(excluded.address, business.address), kelurahan_code = excluded.kelurahan_code,
        kecamatan_code = excluded.kecamatan_code, capital = coalesce(excluded.capital, business.capital),
        annual_sales = coalesce(excluded.annual_sales, business.annual_sales),
        employees = coalesce(excluded.employees, business.employees),
        baseline_omzet = coalesce(excluded.baseline_omzet, business.baseline_omzet),
        legality = business.legality || excluded.legality, updated_at = now()
      where (business.name, business.sector, business.kbli, business.address, business.kelurahan_code, business.capital,
             business.annual_sales, business.employees, business.baseline_omzet, business.legality)
        is distinct from
            (excluded.name, excluded.sector, coalesce(excluded.kbli, business.kbli), coalesce(excluded.address, business.address),
             excluded.kelurahan_code, coalesce(excluded.capital, business.capital),
             coalesce(excluded.annual_sales, business.annual_sales), coalesce(excluded.employees, business.employees),
             coalesce(excluded.baseline_omzet, business.baseline_omzet), business.legality || excluded.legality)`.execute(
      trx,
    );

    ctx.changed('business', Number(businesses.numAffectedRows ?? 0));

    const reclassified = await reclassifyReports(trx, changedIds);
    await adjustStats(trx, 1, changedIds);
    ctx.changed('omzet_report', reclassified);
    const moved = await sql<{ n: number }>`select count(*)::int as n from import_stat_changed`.execute(trx);
    ctx.changed('omzet_stat', moved.rows[0]!.n);

    // The audit trail: each business whose values changed, old beside new, and the import itself.
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

    const summary: BusinessImportSummary = {
      total,
      created: counts.rows[0]!.created,
      updated: accepted - counts.rows[0]!.created,
      rejected: rejections.length,
      reasons: countReasons(rejections),
    };
    return completeImport(trx, ctx, summary, rejections);
  });
}
