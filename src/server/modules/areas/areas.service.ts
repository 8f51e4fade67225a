import { getDistricts, getProvinces, getRegencies, getVillages } from 'idn-area-data';
import { areaLevelOf, canonicalAreaCode, isWithinArea } from '../../../shared/area-code.ts';
import type { DB } from '../../db/database.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { assertInScope } from '../../http/scope.ts';
import {
  countAreas,
  findArea,
  findAreas,
  insertAreas,
  listAreasInScope,
  listCodes,
} from './areas.repository.ts';
import type { AreaTable } from './areas.table.ts';

const LEVEL = { province: 1, regency: 2, district: 3, village: 4 } as const;

/** Loads Indonesia's administrative areas from idn-area-data once (about 91,000 rows). Returns rows loaded. */
export async function loadAreasIfEmpty(db: DB): Promise<number> {
  if ((await countAreas(db)) > 0) return 0;
  const [provinces, regencies, districts, villages] = await Promise.all([
    getProvinces(),
    getRegencies(),
    getDistricts(),
    getVillages(),
  ]);
  const rows: AreaTable[] = [
    ...provinces.map((p) => ({ code: p.code, parent_code: null, level: 1, name: p.name })),
    ...regencies.map((r) => ({ code: r.code, parent_code: r.province_code, level: 2, name: r.name })),
    ...districts.map((d) => ({ code: d.code, parent_code: d.regency_code, level: 3, name: d.name })),
    ...villages.map((v) => ({ code: v.code, parent_code: v.district_code, level: 4, name: v.name })),
  ];
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 20_000) await insertAreas(trx as DB, rows.slice(i, i + 20_000));
  });
  return rows.length;
}

export interface AreaDto {
  code: string;
  name: string;
  level: keyof typeof LEVEL;
  parentCode: string | null;
  children?: number;
}

function toDto(row: {
  code: string;
  name: string;
  parent_code: string | null;
  children?: number | null;
}): AreaDto {
  return {
    code: row.code,
    name: row.name,
    level: areaLevelOf(row.code),
    parentCode: row.parent_code,
    ...(row.children == null ? {} : { children: row.children }),
  };
}

/**
 * Area names by code, from memory once read. Areas are reference data: loaded in one transaction into
 * an empty table (loadAreasIfEmpty, before anything else runs) and never changed afterwards, so a name
 * once read stays right. Codes without an area are left out of the answer.
 */
export async function areaNames(db: DB, codes: Iterable<string>): Promise<Map<string, string>> {
  let known = areaNameCache.get(db);
  if (!known) {
    known = new Map();
    areaNameCache.set(db, known);
  }
  const wanted = [...new Set(codes)];
  const missing = wanted.filter((c) => !known.has(c));
  if (missing.length) for (const a of await findAreas(db, missing)) known.set(a.code, a.name);
  const names = new Map<string, string>();
  for (const c of wanted) {
    const name = known.get(c);
    if (name !== undefined) names.set(c, name);
  }
  return names;
}
const areaNameCache = new WeakMap<DB, Map<string, string>>();

/** Parses a code given dotted or as plain digits; a malformed one is a 400. */
export function parseAreaCode(input: string): string {
  const code = canonicalAreaCode(input);
  if (!code) throw new AppError('AreaCodeInvalid', 400, `Kode wilayah "${input}" tidak sah.`);
  return code;
}

export async function getDeploymentArea(db: DB, deploymentArea: string): Promise<AreaDto> {
  const row = await findArea(db, deploymentArea);
  if (!row) throw notFound(`Wilayah ${deploymentArea}`);
  return toDto(row);
}

export async function listKecamatan(db: DB, deploymentArea: string, scope: string): Promise<AreaDto[]> {
  return (await listAreasInScope(db, LEVEL.district, deploymentArea, scope)).map(toDto);
}

export async function listKelurahan(db: DB, kecamatanInput: string, deploymentArea: string, scope: string) {
  const kecamatan = parseAreaCode(kecamatanInput);
  if (areaLevelOf(kecamatan) !== 'district') {
    throw new AppError('AreaCodeInvalid', 400, `Kode ${kecamatan} bukan kode kecamatan.`);
  }
  if (!isWithinArea(kecamatan, deploymentArea)) throw notFound(`Kecamatan ${kecamatan}`);
  if (!isWithinArea(kecamatan, scope) && !isWithinArea(scope, kecamatan)) assertInScope(scope, kecamatan);
  const kec = await findArea(db, kecamatan);
  if (!kec) throw notFound(`Kecamatan ${kecamatan}`);
  return (await listAreasInScope(db, LEVEL.village, kecamatan, scope)).map(toDto);
}

/** Any code in Indonesia, with its ancestors (province → regency → kecamatan). */
export async function lookupArea(db: DB, input: string) {
  const code = parseAreaCode(input);
  const parts = code.split('.');
  const chain = parts.map((_, i) => parts.slice(0, i + 1).join('.'));
  const rows = await findAreas(db, chain);
  const area = rows.find((r) => r.code === code);
  if (!area) throw notFound(`Wilayah ${code}`);
  return { ...toDto(area), ancestors: rows.filter((r) => r.code !== code).map(toDto) };
}

/** Checks that a code exists and lies inside `within` (e.g. the deployment); returns the canonical code. */
export async function requireAreaWithin(db: DB, input: string, within: string, levels?: number[]) {
  const code = parseAreaCode(input);
  const row = await findArea(db, code);
  if (!row || !isWithinArea(code, within) || (levels && !levels.includes(row.level))) {
    throw new AppError('AreaUnknown', 400, `Wilayah ${code} tidak dikenal di daerah ini.`);
  }
  return row;
}

/** In-memory lookups for validating many rows: every regency of Indonesia, every kelurahan of the deployment. */
export interface AreaLookups {
  regencyExists: (code: string) => boolean;
  /** kelurahan code → its kecamatan code, for the deployment's kelurahan only. */
  kecamatanOf: Map<string, string>;
}

export async function loadAreaLookups(db: DB, deploymentArea: string): Promise<AreaLookups> {
  const [regencies, villages] = await Promise.all([
    listCodes(db, LEVEL.regency),
    listCodes(db, LEVEL.village, deploymentArea),
  ]);
  const regencySet = new Set(regencies.map((r) => r.code));
  return {
    regencyExists: (code) => regencySet.has(code),
    kecamatanOf: new Map(villages.map((v) => [v.code, v.parent_code!])),
  };
}
