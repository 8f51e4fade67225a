import { areaLevelOf, canonicalAreaCode, isWithinArea } from '../../../shared/area-code.ts';
import { whileUnchanged } from '../../cache/snapshot-cache.ts';
import type { Config } from '../../config.ts';
import type { DB } from '../../db/database.ts';
import { single, type TableCell, type TableColumn, writeTable } from '../../files/table-writer.ts';
import { localToday } from '../../http/dates.ts';
import { AppError, forbidden, notFound } from '../../http/errors.ts';
import type { SessionUser } from '../../http/guard.ts';
import { areaScopeOf } from '../../http/scope.ts';
import { type CoverageRecord, coverageRecords } from './coverage.repository.ts';
import type { CoverageDto, CoverageLevel, CoverageRowDto, PriorityReason } from './coverage.schema.ts';

/** The sessions window: the last 30 calendar days up to today, today included. */
export const WINDOW_DAYS = 30;

/**
 * Who sees which coverage (decision 0016): the office every kelurahan of the deployment with everything
 * counted; an area officer the kelurahan of their area, everything counted there; an institution admin every
 * kelurahan, the registry's businesses counted as they are but the mentoring figures (cases, mentors,
 * sessions, reached businesses) only of their institution's mentors, so the board shows where their
 * institution works and where it does not. Mentors and owners have no board.
 */
export interface CoverageViewer {
  scope: string;
  institutionId?: number;
}

export function coverageViewer(user: SessionUser | null, config: Config): CoverageViewer {
  if (!user) return { scope: config.deploymentArea };
  switch (user.role) {
    case 'admin':
    case 'area_officer':
      return { scope: areaScopeOf(user, config.deploymentArea) };
    case 'institution_admin':
      return { scope: config.deploymentArea, institutionId: user.institutionId ?? -1 };
    default:
      throw forbidden('Papan cakupan untuk kantor, petugas wilayah dan admin lembaga.');
  }
}

/** The kecamatan filter, checked: a kecamatan code of the deployment, inside (or holding) the viewer's area. */
export function coverageKecamatan(input: string | undefined, viewer: CoverageViewer, config: Config) {
  if (input === undefined || input.trim() === '') return undefined;
  const fieldError = (message: string) =>
    new AppError('AreaCodeInvalid', 400, message, { errors: [{ path: 'querystring.kecamatan', message }] });
  const code = canonicalAreaCode(input);
  if (!code) throw fieldError(`Kode kecamatan "${input}" tidak sah.`);
  if (areaLevelOf(code) !== 'district') throw fieldError(`Kode ${code} bukan kode kecamatan.`);
  if (!isWithinArea(code, config.deploymentArea)) throw notFound(`Kecamatan ${code}`);
  if (!isWithinArea(code, viewer.scope) && !isWithinArea(viewer.scope, code)) {
    throw new AppError('OutOfScope', 403, 'Kecamatan ini berada di luar wilayah kerja Anda.');
  }
  return code;
}

export async function coverageBoard(
  db: DB,
  config: Config,
  viewer: CoverageViewer,
  level: CoverageLevel,
  kecamatan: string | undefined,
  now = new Date(),
): Promise<CoverageDto> {
  const today = localToday(config.timezone, now);
  const filter = { level, scope: viewer.scope, kecamatan, today, institutionId: viewer.institutionId };
  // Kept while the database is unchanged (decision 0010): the board is read far more often than sessions are
  // written, and the same day, level, area and institution give the same rows.
  const key = `mentoring.coverage:${today}:${level}:${viewer.scope}:${kecamatan ?? ''}:${viewer.institutionId ?? ''}`;
  const records = await whileUnchanged(db, key, () => coverageRecords(db, filter), {
    weigh: (rows) => rows.length,
  });
  return {
    level,
    today,
    windowStart: addDays(today, -(WINDOW_DAYS - 1)),
    institutionOnly: viewer.institutionId !== undefined,
    rows: records.map(toRow),
  };
}

function addDays(day: string, days: number) {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const pct = (part: number, whole: number) => Math.round((part / whole) * 1000) / 10;

function toRow(r: CoverageRecord): CoverageRowDto {
  const priorityReasons: PriorityReason[] = [];
  if (r.active_mentors === 0) priorityReasons.push('noActiveMentor');
  if (r.sessions_30d === 0) priorityReasons.push('noSession30d');
  return {
    code: r.code,
    name: r.name,
    kecamatanCode: r.kecamatan_code,
    kecamatanName: r.kecamatan_name,
    kelurahan: r.kelurahan,
    businesses: r.businesses,
    sellingOnline: r.selling_online,
    sellingOnlinePct: r.businesses > 0 ? pct(r.selling_online, r.businesses) : null,
    activeCases: r.active_cases,
    reached: r.reached,
    sharePct: r.businesses > 0 ? pct(r.active_cases, r.businesses) : null,
    mentors: r.mentors,
    mentorsWithCases: r.mentors_with_cases,
    mentorsCovering: r.mentors_covering,
    activeMentors: r.active_mentors,
    sessions30d: r.sessions_30d,
    priority: priorityReasons.length > 0,
    priorityReasons,
    priorityKelurahan: r.priority_kelurahan,
    rollout:
      r.kelurahan_with_target > 0 && r.target_businesses && r.target_month && r.start_month
        ? {
            targetBusinesses: r.target_businesses,
            targetMonth: r.target_month,
            startMonth: r.start_month,
            reached: r.target_reached ?? 0,
            progressPct: pct(r.target_reached ?? 0, r.target_businesses),
            expectedNow: r.expected_now ?? 0,
            behind: r.behind_kelurahan > 0,
            kelurahanWithTarget: r.kelurahan_with_target,
            behindKelurahan: r.behind_kelurahan,
          }
        : null,
  };
}

const COLUMNS: TableColumn[] = [
  { key: 'code', header: 'kode', text: true, width: 16 },
  { key: 'name', header: 'nama', width: 28 },
  { key: 'kecamatanCode', header: 'kode_kecamatan', text: true, width: 14 },
  { key: 'kecamatanName', header: 'kecamatan', width: 22 },
  { key: 'kelurahan', header: 'jumlah_kelurahan' },
  { key: 'businesses', header: 'usaha_terdaftar' },
  { key: 'activeCases', header: 'usaha_didampingi' },
  { key: 'sharePct', header: 'persen_didampingi' },
  { key: 'mentors', header: 'pendamping' },
  { key: 'mentorsWithCases', header: 'pendamping_dengan_kasus' },
  { key: 'mentorsCovering', header: 'pendamping_wilayah_tugas' },
  { key: 'activeMentors', header: 'pendamping_aktif' },
  { key: 'sessions30d', header: 'sesi_30_hari' },
  { key: 'priority', header: 'prioritas', width: 34 },
  { key: 'priorityKelurahan', header: 'kelurahan_prioritas' },
  { key: 'targetBusinesses', header: 'target_usaha' },
  { key: 'startMonth', header: 'bulan_mulai', text: true },
  { key: 'targetMonth', header: 'bulan_target', text: true },
  { key: 'reached', header: 'usaha_pernah_didampingi' },
  { key: 'progressPct', header: 'persen_capaian' },
  { key: 'expectedNow', header: 'seharusnya_saat_ini' },
  { key: 'behind', header: 'tertinggal' },
  { key: 'sellingOnline', header: 'usaha_berjualan_online' },
  { key: 'sellingOnlinePct', header: 'persen_berjualan_online' },
];

const REASON_TEXT: Record<PriorityReason, string> = {
  noActiveMentor: 'tanpa pendamping aktif',
  noSession30d: 'tanpa sesi 30 hari',
};

/** The board as a workbook, the same rows as the page's table (text cells neutralised by the table writer). */
export function coverageWorkbook(board: CoverageDto) {
  const cells = board.rows.map(
    (r): Record<string, TableCell> => ({
      code: r.code,
      name: r.name,
      kecamatanCode: r.kecamatanCode,
      kecamatanName: r.kecamatanName,
      kelurahan: r.kelurahan,
      businesses: r.businesses,
      activeCases: r.activeCases,
      sharePct: r.sharePct,
      mentors: r.mentors,
      mentorsWithCases: r.mentorsWithCases,
      mentorsCovering: r.mentorsCovering,
      activeMentors: r.activeMentors,
      sessions30d: r.sessions30d,
      priority: r.priorityReasons.map((p) => REASON_TEXT[p]).join('; ') || 'tidak',
      priorityKelurahan: r.priorityKelurahan,
      targetBusinesses: r.rollout?.targetBusinesses,
      startMonth: r.rollout?.startMonth,
      targetMonth: r.rollout?.targetMonth,
      reached: r.reached,
      progressPct: r.rollout?.progressPct,
      expectedNow: r.rollout?.expectedNow,
      behind: r.rollout ? (r.rollout.behind ? 'ya' : 'tidak') : undefined,
      sellingOnline: r.sellingOnline,
      sellingOnlinePct: r.sellingOnlinePct,
    }),
  );
  return {
    fileName: `cakupan-pendampingan-${board.level}-${board.today}.xlsx`,
    stream: writeTable('xlsx', COLUMNS, single(cells), 'Cakupan'),
  };
}
