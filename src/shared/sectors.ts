/** Business sectors (a fixed list) with their Indonesian labels. */
export const SECTORS = [
  'kuliner',
  'fesyen',
  'kriya',
  'jasa',
  'perdagangan',
  'pertanian_perikanan',
  'industri_pengolahan',
  'lainnya',
] as const;
export type Sector = (typeof SECTORS)[number];

export const SECTOR_LABELS: Record<Sector, string> = {
  kuliner: 'Kuliner',
  fesyen: 'Fesyen',
  kriya: 'Kriya',
  jasa: 'Jasa',
  perdagangan: 'Perdagangan',
  pertanian_perikanan: 'Pertanian/Perikanan',
  industri_pengolahan: 'Industri Pengolahan',
  lainnya: 'Lainnya',
};

/** Reads a sector from a file cell: the code or the label, any capitalisation, `/` `-` or spaces. */
export function parseSector(input: string): Sector | null {
  const key = input
    .trim()
    .toLowerCase()
    .replace(/[\s/-]+/g, '_');
  if ((SECTORS as readonly string[]).includes(key)) return key as Sector;
  const aliases: Record<string, Sector> = {
    makanan: 'kuliner',
    makanan_minuman: 'kuliner',
    fashion: 'fesyen',
    kerajinan: 'kriya',
    dagang: 'perdagangan',
    pertanian: 'pertanian_perikanan',
    perikanan: 'pertanian_perikanan',
    industri: 'industri_pengolahan',
    pengolahan: 'industri_pengolahan',
    lain_lain: 'lainnya',
  };
  return aliases[key] ?? null;
}

export const LEGALITY_KINDS = ['nib', 'pirt', 'halal', 'bpom', 'hki'] as const;
export type LegalityKind = (typeof LEGALITY_KINDS)[number];

/** Decline buckets of a turnover report against the pre-pandemic baseline. */
export const BUCKETS = ['grew', 'lt20', 'd20_50', 'd50_80', 'gte80'] as const;
export type Bucket = (typeof BUCKETS)[number];
