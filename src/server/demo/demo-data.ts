import type { Sector } from '../../shared/sectors.ts';

/**
 * Synthetic but plausible data for a deployment: owners with valid NIKs across every kelurahan,
 * sectors in realistic shares, pre-pandemic baselines, and monthly turnover 2020-01 … 2021-12 with
 * the Covid drop of spring 2020, the Delta wave of mid-2021 and an uneven recovery. Deterministic
 * for a given seed, so benchmarks and screenshots are repeatable. Output is CSV in the import
 * formats, so demo data goes through the same importers as an office's files.
 */

/** mulberry32: a small, fast, seedable PRNG. */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
type Rand = ReturnType<typeof prng>;

const pick = <T>(rand: Rand, items: readonly T[]) => items[Math.floor(rand() * items.length)]!;
function weighted<T>(rand: Rand, items: readonly (readonly [T, number])[]): T {
  let r = rand() * items.reduce((s, [, w]) => s + w, 0);
  for (const [item, w] of items) {
    r -= w;
    if (r < 0) return item;
  }
  return items[items.length - 1]![0];
}
function normal(rand: Rand) {
  return Math.sqrt(-2 * Math.log(rand() || 1e-9)) * Math.cos(2 * Math.PI * rand());
}

const WOMEN = [
  'Siti',
  'Sri',
  'Dewi',
  'Nur',
  'Rina',
  'Yuli',
  'Ani',
  'Wati',
  'Lina',
  'Eka',
  'Rahma',
  'Fitri',
  'Ratna',
  'Dian',
  'Maya',
  'Indah',
  'Tuti',
  'Ida',
  'Euis',
  'Neneng',
];
const MEN = [
  'Budi',
  'Agus',
  'Ahmad',
  'Dedi',
  'Joko',
  'Rudi',
  'Hendra',
  'Asep',
  'Iwan',
  'Bambang',
  'Eko',
  'Yusuf',
  'Hasan',
  'Dodi',
  'Ujang',
  'Slamet',
  'Rizki',
  'Fajar',
  'Andi',
  'Wahyu',
];
const FAMILY = [
  'Saputra',
  'Rahmawati',
  'Hidayat',
  'Lestari',
  'Nugroho',
  'Kusuma',
  'Wijaya',
  'Permana',
  'Suryani',
  'Pratama',
  'Santoso',
  'Setiawan',
  'Maulana',
  'Fauzi',
  'Hasanah',
  'Sulastri',
  'Gunawan',
  'Irawan',
  'Kurniawan',
  'Susanti',
];

const SECTOR_SHARES: readonly (readonly [Sector, number])[] = [
  ['kuliner', 40],
  ['perdagangan', 20],
  ['jasa', 12],
  ['fesyen', 10],
  ['kriya', 7],
  ['industri_pengolahan', 6],
  ['pertanian_perikanan', 3],
  ['lainnya', 2],
];
const NAMES: Record<Sector, readonly string[]> = {
  kuliner: [
    'Warung Makan',
    'Keripik',
    'Kue Basah',
    'Bakso',
    'Catering',
    'Sambal',
    'Kopi',
    'Nasi Uduk',
    'Seblak',
    'Dimsum',
  ],
  perdagangan: ['Toko Sembako', 'Warung Kelontong', 'Toko Pulsa', 'Agen Gas', 'Toko Plastik'],
  jasa: ['Laundry', 'Bengkel Motor', 'Salon', 'Servis HP', 'Jahit Permak'],
  fesyen: ['Konveksi', 'Batik', 'Hijab', 'Kaos Sablon', 'Sepatu'],
  kriya: ['Kerajinan Bambu', 'Anyaman', 'Souvenir', 'Rajutan', 'Lukisan'],
  industri_pengolahan: ['Tahu', 'Tempe', 'Roti', 'Kerupuk', 'Minuman Jahe'],
  pertanian_perikanan: ['Ikan Hias', 'Lele', 'Hidroponik', 'Tanaman Hias', 'Jamur Tiram'],
  lainnya: ['Percetakan', 'Rental', 'Kursus', 'Fotokopi', 'Studio Foto'],
};
/** How hard the first wave hit each sector (mean decline in April–June 2020). */
const HIT: Record<Sector, number> = {
  kuliner: 0.55,
  perdagangan: 0.35,
  jasa: 0.6,
  fesyen: 0.65,
  kriya: 0.6,
  industri_pengolahan: 0.4,
  pertanian_perikanan: 0.25,
  lainnya: 0.5,
};

export const DEMO_PERIODS = Array.from(
  { length: 24 },
  (_, i) => `${2020 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
);

/** The level of turnover relative to the baseline in month i (0 = 2020-01) for a business hit `hit` and recovering at `pace`. */
function level(i: number, hit: number, pace: number, rand: Rand) {
  let depth: number;
  if (i < 2) depth = 0;
  else if (i === 2) depth = hit * 0.5;
  else if (i <= 5) depth = hit;
  else depth = hit * Math.max(0, 1 - pace * (i - 5));
  if (i === 18 || i === 19) depth = Math.max(depth, hit * 0.6); // PPKM Darurat, July–August 2021
  return Math.max(0, (1 - depth) * (1 + 0.06 * normal(rand)));
}

export interface DemoArea {
  kelurahan: string;
  kecamatan: string;
}

export interface DemoOptions {
  businesses: number;
  kelurahan: readonly DemoArea[];
  /** Regency codes NIKs may come from (mostly the deployment, some neighbours). */
  regencies: readonly string[];
  seed?: number;
  /** Every business reports every month (benchmarks want exactly businesses × 24 reports). */
  allMonths?: boolean;
}

/** Yields the business CSV and the turnover CSV, each in chunks (for 76,000 × 24 rows, never one huge string). */
export function* demoBusinessesCsv(o: DemoOptions): Generator<string> {
  yield 'nik,nama_pemilik,no_hp,no_kk,nama_usaha,sektor,kbli,alamat,kode_kelurahan,modal_usaha,omzet_tahunan,omzet_bulanan_sebelum_pandemi,tenaga_kerja,nib\n';
  let chunk = '';
  for (const b of demoBusinesses(o)) {
    chunk += `${b.nik},${b.owner},${b.phone},,${b.name},${b.sector},,${b.address},${b.kelurahan},${b.capital},${b.sales},${b.baseline ?? ''},${b.employees},${b.nib}\n`;
    if (chunk.length > 1 << 20) {
      yield chunk;
      chunk = '';
    }
  }
  yield chunk;
}

export function* demoOmzetCsv(o: DemoOptions): Generator<string> {
  yield 'nik,nama_usaha,periode,omzet\n';
  let chunk = '';
  for (const b of demoBusinesses(o)) {
    for (const [period, amount] of b.reports) {
      chunk += `${b.nik},${b.name},${period},${amount}\n`;
      if (chunk.length > 1 << 20) {
        yield chunk;
        chunk = '';
      }
    }
  }
  yield chunk;
}

function* demoBusinesses(o: DemoOptions) {
  const rand = prng(o.seed ?? 2020);
  const paceOf = new Map<string, number>();
  const usedNik = new Set<string>();
  for (let i = 0; i < o.businesses; i++) {
    const area = o.kelurahan[i % o.kelurahan.length]!;
    if (!paceOf.has(area.kecamatan)) paceOf.set(area.kecamatan, 0.03 + rand() * 0.06);
    const woman = rand() < 0.58;
    const first = pick(rand, woman ? WOMEN : MEN);
    const owner = `${first} ${pick(rand, FAMILY)}`;
    const regency = rand() < 0.85 ? o.regencies[0]! : pick(rand, o.regencies);
    let nik: string;
    do {
      const year = 1955 + Math.floor(rand() * 47);
      const month = 1 + Math.floor(rand() * 12);
      const day = 1 + Math.floor(rand() * 28) + (woman ? 40 : 0);
      const kec =
        regency === o.regencies[0]
          ? area.kecamatan.slice(-2)
          : String(1 + Math.floor(rand() * 9)).padStart(2, '0');
      nik = `${regency.replace('.', '')}${kec}${String(day).padStart(2, '0')}${String(month).padStart(2, '0')}${String(year % 100).padStart(2, '0')}${String(1 + Math.floor(rand() * 9998)).padStart(4, '0')}`;
    } while (usedNik.has(nik));
    usedNik.add(nik);
    const sector = weighted(rand, SECTOR_SHARES);
    const name = `${pick(rand, NAMES[sector])} ${first} ${i + 1}`;
    const hasBaseline = rand() > 0.05;
    const baseline = Math.round(Math.exp(15.9 + 0.7 * normal(rand)) / 1000) * 1000; // ~Rp 8 juta median
    const capital = Math.round(Math.exp(17.5 + 1.1 * normal(rand)) / 100_000) * 100_000;
    const hit = Math.min(0.95, Math.max(0.1, HIT[sector] + 0.18 * normal(rand)));
    const pace = paceOf.get(area.kecamatan)! * (0.5 + rand());
    const reports: [string, number][] = [];
    DEMO_PERIODS.forEach((period, m) => {
      if (rand() < 0.08 && !o.allMonths) return; // some months are not reported
      reports.push([period, Math.round((baseline * level(m, hit, pace, rand)) / 1000) * 1000]);
    });
    yield {
      nik,
      owner,
      phone: `08${String(1100000000 + Math.floor(rand() * 8899999999)).slice(0, 10)}`,
      name,
      sector,
      address: `"Jl. ${pick(rand, ['Melati', 'Mawar', 'Kenanga', 'Merdeka', 'Veteran', 'Raya Ciledug', 'KH Hasyim Ashari'])} No. ${1 + Math.floor(rand() * 200)}"`,
      kelurahan: area.kelurahan,
      capital,
      sales: baseline * 12,
      baseline: hasBaseline ? baseline : null,
      employees: Math.floor(rand() * 6),
      nib: rand() < 0.35 ? `9120${String(Math.floor(rand() * 1e9)).padStart(9, '0')}` : '',
      reports,
    };
  }
}
