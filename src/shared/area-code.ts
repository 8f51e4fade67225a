/**
 * Indonesian administrative area codes (Kepmendagri): province `36`, regency/city `36.71`,
 * kecamatan `36.71.05`, kelurahan/desa `36.71.05.1001`. Input may be dotted or plain digits;
 * the canonical form stored everywhere is dotted.
 */
export const AREA_LEVELS = ['province', 'regency', 'district', 'village'] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];

const PLAIN_LENGTHS: Record<number, AreaLevel> = {
  2: 'province',
  4: 'regency',
  6: 'district',
  10: 'village',
};
const DOTTED = /^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/;

/** Returns the dotted canonical code, or null when the input is not shaped like an area code. */
export function canonicalAreaCode(input: string): string | null {
  const value = input.trim();
  if (DOTTED.test(value)) return value;
  if (!/^\d+$/.test(value) || !PLAIN_LENGTHS[value.length]) return null;
  const parts = [value.slice(0, 2), value.slice(2, 4), value.slice(4, 6), value.slice(6, 10)].filter(Boolean);
  return parts.join('.');
}

export function areaLevelOf(code: string): AreaLevel {
  return AREA_LEVELS[code.split('.').length - 1]!;
}

export function parentAreaCode(code: string): string | null {
  const i = code.lastIndexOf('.');
  return i < 0 ? null : code.slice(0, i);
}

/** True when `code` is `scope` itself or lies inside it (codes are hierarchical). */
export function isWithinArea(code: string, scope: string): boolean {
  return code === scope || code.startsWith(`${scope}.`);
}
