import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { isWithinArea } from '../../../shared/area-code.ts';
import { isValidPeriod } from '../../../shared/identity.ts';
import { SECTOR_LABELS, SECTORS, type Sector } from '../../../shared/sectors.ts';
import { whileUnchanged } from '../../cache/snapshot-cache.ts';
import type { Config } from '../../config.ts';
import type { DB } from '../../db/database.ts';
import { AppError, forbidden } from '../../http/errors.ts';
import type { Actor, SessionUser } from '../../http/guard.ts';
import { areaScopeOf, assertInScope } from '../../http/scope.ts';
import { findAreas, listCodes } from '../areas/areas.repository.ts';
import { areaNames } from '../areas/areas.service.ts';
import type { Executor } from '../audit/audit.repository.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { mayEdit, visibleBusiness } from '../businesses/businesses.service.ts';
import type { StatGrouping, StatRowDto } from './omzet.schema.ts';
import {
  adjustStats,
  cachedFigures,
  figuresOf,
  registeredCounts,
  type StatRow,
  statsFromHistogram,
  statsFromReports,
} from './omzet.stats.repository.ts';
import type { OmzetSource } from './omzet.table.ts';

const periodError = (path: string) =>
  new AppError('PeriodInvalid', 400, 'Periode harus berbentuk YYYY-MM dan tidak boleh di masa depan.', {
    errors: [{ path, message: 'Periode harus berbentuk YYYY-MM dan tidak boleh di masa depan.' }],
  });

const round1 = (x: number | null) => (x == null ? null : Math.round(x * 10) / 10);

function toDto(code: string, name: string, businesses: number, s: StatRow | undefined): StatRowDto {
  return {
    code,
    name,
    businesses,
    reporting: s?.reporting ?? 0,
    noBaseline: s?.no_baseline ?? 0,
    medianDeclinePct: round1(s?.median ?? null),
    buckets: {
      grew: s?.grew ?? 0,
      lt20: s?.lt20 ?? 0,
      d20_50: s?.d20_50 ?? 0,
      d50_80: s?.d50_80 ?? 0,
      gte80: s?.gte80 ?? 0,
    },
    recovered: s?.recovered ?? 0,
  };
}

/**
 * Recovery figures for one period, grouped by city, kecamatan, kelurahan or sector, inside what the
 * caller may see (`scope`: the deployment for the office, their area for an officer). The office's
 * city/kecamatan/sector views read the maintained aggregate; the rest is computed from the reports
 * of the (small) area concerned.
 */
export async function recoveryStats(
  db: DB,
  config: Config,
  scope: string,
  period: string,
  by: StatGrouping,
  kecamatan?: string,
): Promise<StatRowDto[]> {
  if (!isValidPeriod(period)) throw periodError('query.period');
  let within = scope;
  if (kecamatan) {
    if (!isWithinArea(kecamatan, scope) && !isWithinArea(scope, kecamatan)) assertInScope(scope, kecamatan);
    within = isWithinArea(kecamatan, scope) ? kecamatan : scope;
  }
  // Every figure here changes only with a write: kept until the database changes.
  return whileUnchanged(db, `omzet.stats:${period}:${by}:${within}`, () =>
    computeStats(db, within === config.deploymentArea, within, period, by),
  );
}

async function computeStats(
  db: DB,
  wholeDeployment: boolean,
  within: string,
  period: string,
  by: StatGrouping,
): Promise<StatRowDto[]> {
  const groups = await groupsOf(db, by, within);
  const registered = await registeredCounts(db, by, within);
  let stats: StatRow[];
  if (wholeDeployment && by !== 'kelurahan') {
    const rows = await cachedFigures(db, period, by);
    stats = by === 'city' ? rows.map((r) => ({ ...r, code: within })) : rows;
  } else if (by === 'kecamatan' && within.split('.').length === 3) {
    stats = await statsFromHistogram(db, 'kecamatan', { period, codes: [within] });
  } else {
    stats = await statsFromReports(db, by, { period, within });
  }
  const byCode = new Map(stats.map((s) => [s.code, s]));
  return groups.map((g) => toDto(g.code, g.name, registered.get(g.code) ?? 0, byCode.get(g.code)));
}

async function groupsOf(db: DB, by: StatGrouping, within: string): Promise<{ code: string; name: string }[]> {
  if (by === 'sector') return SECTORS.map((s) => ({ code: s, name: SECTOR_LABELS[s] }));
  if (by === 'city') {
    const [area] = await findAreas(db, [within]);
    return [{ code: within, name: area?.name ?? within }];
  }
  const level = by === 'kecamatan' ? 3 : 4;
  const depth = within.split('.').length;
  if (depth >= level + 1) {
    // An officer of a kelurahan asking by kecamatan: one group, their own area.
    const [area] = await findAreas(db, [within]);
    return [{ code: within, name: area?.name ?? within }];
  }
  const codes = await listCodes(db, level, within);
  const areas = await findAreas(
    db,
    codes.map((c) => c.code),
  );
  return areas.map((a) => ({ code: a.code, name: a.name })).sort((a, b) => a.code.localeCompare(b.code));
}

/** Figures per month for one area (or sector), oldest first. */
export async function recoveryTrend(db: DB, config: Config, scope: string, area?: string, sector?: Sector) {
  const code = area ?? scope;
  if (!isWithinArea(code, scope)) assertInScope(scope, code);
  return whileUnchanged(db, `omzet.trend:${code}:${sector ?? ''}`, () =>
    computeTrend(db, code === config.deploymentArea, code, sector),
  );
}

async function computeTrend(db: DB, wholeDeployment: boolean, code: string, sector?: Sector) {
  const depth = code.split('.').length;
  // The deployment's city, sectors and kecamatan come from the per-period figures cache; other areas
  // (kelurahan, a sector inside an area) hold few businesses and are computed from their reports.
  let rows: (StatRow & { period: string })[];
  if (sector && wholeDeployment) rows = await figuresOf(db, 'sector', { code: sector });
  else if (sector) rows = await statsFromReports(db, 'city', { within: code, sector });
  else if (wholeDeployment) rows = await figuresOf(db, 'city', {});
  else if (depth === 3) rows = await figuresOf(db, 'kecamatan', { code });
  else rows = await statsFromReports(db, 'city', { within: code });
  const named = (await areaNames(db, [code])).get(code) ?? code;
  const name = sector ? `${named} · ${SECTOR_LABELS[sector]}` : named;
  return {
    code,
    name,
    points: rows.map((r) => {
      const { code: _c, name: _n, businesses: _b, ...rest } = toDto(code, name, 0, r);
      return { period: r.period, ...rest };
    }),
  };
}

export function statsScope(user: SessionUser, config: Config) {
  if (user.role !== 'admin' && user.role !== 'area_officer')
    throw forbidden('Dasbor pemulihan untuk admin dan petugas wilayah.');
  return areaScopeOf(user, config.deploymentArea);
}

/** The dashboard as a workbook: the figures of the period and the monthly trend of the area. */
export async function statsWorkbook(
  rows: StatRowDto[],
  trend: Awaited<ReturnType<typeof recoveryTrend>>,
  period: string,
) {
  const wb = new ExcelJS.Workbook();
  const head = [
    'kode',
    'nama',
    'usaha_terdaftar',
    'melapor',
    'tanpa_baseline',
    'median_penurunan_persen',
    'tumbuh',
    'turun_lt20',
    'turun_20_50',
    'turun_50_80',
    'turun_gte80',
    'pulih',
  ];
  const sheet = wb.addWorksheet(`Periode ${period}`);
  sheet.addRow(head).font = { bold: true };
  for (const r of rows) {
    sheet.addRow([
      r.code,
      r.name,
      r.businesses,
      r.reporting,
      r.noBaseline,
      r.medianDeclinePct,
      r.buckets.grew,
      r.buckets.lt20,
      r.buckets.d20_50,
      r.buckets.d50_80,
      r.buckets.gte80,
      r.recovered,
    ]);
  }
  const t = wb.addWorksheet('Tren');
  t.addRow(['periode', ...head.slice(3)]).font = { bold: true };
  for (const p of trend.points) {
    t.addRow([
      p.period,
      p.reporting,
      p.noBaseline,
      p.medianDeclinePct,
      p.buckets.grew,
      p.buckets.lt20,
      p.buckets.d20_50,
      p.buckets.d50_80,
      p.buckets.gte80,
      p.recovered,
    ]);
  }
  for (const ws of [sheet, t])
    ws.columns.forEach((c) => {
      c.width = 16;
    });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const SOURCE_OF: Record<SessionUser['role'], OmzetSource | null> = {
  admin: 'officer',
  area_officer: 'officer',
  mentor: 'mentor',
  business_owner: 'owner',
  institution_admin: null,
};

/** One report per business per period: a new one replaces the old, with the change in the audit log. */
export async function saveReport(
  db: DB,
  config: Config,
  user: SessionUser,
  actor: Actor,
  businessId: number,
  period: string,
  amount: number,
) {
  if (!isValidPeriod(period)) throw periodError('params.period');
  const business = await visibleBusiness(db, config, user, businessId);
  const source = SOURCE_OF[user.role];
  const owns = user.role === 'business_owner';
  if (!source || (!mayEdit(user, business) && !owns)) throw forbidden();
  if (business.archived_at != null)
    throw new AppError('BusinessArchived', 409, 'Usaha ini diarsipkan; aktifkan kembali untuk melapor.');
  await db.transaction().execute(async (trx) => {
    const before = await findReport(trx, businessId, period);
    const id = sql`${businessId}`;
    await adjustStats(trx, -1, id, [period]);
    await sql`
      insert into omzet_report (business_id, period, amount, source, category, decline_x10, reported_by)
      select b.id, ${period}, ${amount}, ${source}, omzet_category(b.baseline_omzet, ${amount}),
             omzet_decline_x10(b.baseline_omzet, ${amount}), ${user.id}
      from business b where b.id = ${businessId}
      on conflict (business_id, period) do update set amount = excluded.amount, source = excluded.source,
        category = excluded.category, decline_x10 = excluded.decline_x10, reported_by = excluded.reported_by, updated_at = now()`.execute(
      trx,
    );
    await adjustStats(trx, 1, id, [period]);
    await recordAudit(trx, actor, {
      action: before ? 'update' : 'create',
      entity: 'omzet_report',
      entityId: businessId,
      areaCode: business.kelurahan_code,
      oldValues: before ? { period, amount: before.amount, source: before.source } : null,
      newValues: { period, amount, source },
      keep: ['period'],
    });
  });
  return (await listReports(db, config, user, businessId)).find((r) => r.period === period)!;
}

async function findReport(db: Executor, businessId: number, period: string) {
  return db
    .selectFrom('omzet_report')
    .select(['amount', 'source'])
    .where('business_id', '=', businessId)
    .where('period', '=', period)
    .executeTakeFirst();
}

export async function listReports(db: DB, config: Config, user: SessionUser, businessId: number) {
  await visibleBusiness(db, config, user, businessId);
  const rows = await db
    .selectFrom('omzet_report as r')
    .leftJoin('app_user as u', 'u.id', 'r.reported_by')
    .select(['r.period', 'r.amount', 'r.source', 'r.decline_x10', 'r.updated_at', 'u.name as reporter'])
    .where('r.business_id', '=', businessId)
    .orderBy('r.period')
    .execute();
  return rows.map((r) => ({
    period: r.period,
    amount: r.amount,
    source: r.source,
    declinePct: r.decline_x10 == null ? null : r.decline_x10 / 10,
    reportedBy: r.reporter,
    updatedAt: r.updated_at.toISOString(),
  }));
}

/** Periods that have reports (a pass over the histogram, kept until the database changes). */
export async function reportPeriods(db: DB) {
  return whileUnchanged(db, 'omzet.periods', async () => {
    const rows = await db
      .selectFrom('omzet_stat')
      .select('period')
      .distinct()
      .where('dim', '=', 'city')
      .orderBy('period')
      .execute();
    return rows.map((r) => r.period);
  });
}
