import { MENTOR_COLUMNS, SESSION_COLUMNS } from '../../shared/import-columns.ts';
import { EXPERTISE, type Expertise } from '../../shared/mentoring.ts';
import { prng } from './demo-data.ts';

/**
 * The mentoring part of the demo (issue 9) as files in the import formats, so that it goes through the
 * mentor and session importers like an institution's spreadsheets: three institutions, twelve mentors
 * (one certificate ending within 60 days, one expired), and sessions over the registry's businesses in
 * two phases: the program's first years (mid-2020 to 2021, the months the demo's turnover covers, so that
 * outcomes compare mentored and not mentored businesses) and follow-ups in the last six months (so that
 * coverage shows recent work), a few of them group sessions. Each mentor also holds the certificate that
 * was valid in the first phase. Deterministic for a seed and a day.
 */

export interface DemoBusiness {
  nik: string;
  name: string;
  kelurahan: string;
  kecamatan: string;
}

export interface DemoMentor {
  email: string;
  name: string;
  institution: string;
  expertise: Expertise[];
  kelurahan: string[];
  cap: number;
  issuedOn: string;
  expiresOn: string;
  /** Sessions are dated on or before this day (the expired certificate's last day, else today). */
  lastDay: string;
}

export const DEMO_INSTITUTIONS = [
  {
    name: 'LP3W Kota Tangerang',
    type: 'ngo',
    contact: 'Hj. Nurhayati',
    phone: '0215523311',
    address: 'Jl. Perintis Kemerdekaan No. 12',
  },
  {
    name: 'Universitas Muhammadiyah Tangerang',
    type: 'university',
    contact: 'Dr. Ahmad Fauzi',
    phone: '0215512345',
    address: 'Jl. Perintis Kemerdekaan I No. 33',
  },
  {
    name: 'Dinas Koperasi dan UKM Kota Tangerang',
    type: 'government',
    contact: 'Bambang Setiawan',
    phone: '0215581234',
    address: 'Jl. Satria Sudirman No. 1',
  },
] as const;

const MENTOR_NAMES = [
  ['Rina Lestari', 0],
  ['Dedi Kurniawan', 0],
  ['Siti Rahmawati', 0],
  ['Agus Pratama', 0],
  ['Maya Susanti', 0],
  ['Hendra Gunawan', 0],
  ['Dewi Kusuma', 1],
  ['Fajar Maulana', 1],
  ['Indah Permata', 1],
  ['Rizki Hidayat', 1],
  ['Yuli Hasanah', 2],
  ['Eko Santoso', 2],
] as const;
const DOMAINS = ['lp3w-tangerang.or.id', 'umt.ac.id', 'tangerangkota.go.id'];
const LSP = ['LSP Pendamping UMKM Indonesia', 'LSP Pendamping Usaha Kecil Menengah'];
const SCHEME = 'SSK.01.01/LSPPI/PEN/IV/2018 Pendamping UMKM';

const NOTES: Record<Expertise, readonly string[]> = {
  pemasaran: ['Foto produk untuk katalog', 'Menyusun harga jual', 'Membuat akun marketplace'],
  keuangan: ['Memisahkan uang usaha dan rumah tangga', 'Mulai mencatat kas harian', 'Menghitung HPP'],
  produksi: ['Menata alur produksi', 'Standar takaran resep', 'Mencari pemasok bahan baku'],
  kemasan: ['Desain label kemasan', 'Kemasan standing pouch', 'Mencantumkan tanggal kedaluwarsa'],
  legalitas: ['Mendaftar NIB di OSS', 'Menyiapkan berkas PIRT', 'Pendaftaran sertifikat halal'],
  permodalan: ['Simulasi pinjaman KUR', 'Menyiapkan laporan untuk bank', 'Membuka rekening usaha'],
  digital: ['Menggunakan QRIS', 'Profil Google Maps usaha', 'Promosi lewat WhatsApp Business'],
};

/** `day` plus `n` days, as YYYY-MM-DD. */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

const csv = (columns: readonly string[], rows: Record<string, string | number>[]) =>
  `${columns.join(',')}\n${rows
    .map((r) =>
      columns
        .map((c) => {
          const v = String(r[c] ?? '');
          return /[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
        })
        .join(','),
    )
    .join('\n')}\n`;

/**
 * Twelve mentors over the kecamatan that hold the most businesses, each covering up to three of their
 * busiest kelurahan. Mentor 3's certificate ends in 30 days, mentor 8's ended 20 days ago.
 */
export function demoMentors(businesses: readonly DemoBusiness[], today: string, seed = 2026): DemoMentor[] {
  const rand = prng(seed);
  const byKecamatan = new Map<string, Map<string, number>>();
  for (const b of businesses) {
    const villages = byKecamatan.get(b.kecamatan) ?? new Map<string, number>();
    villages.set(b.kelurahan, (villages.get(b.kelurahan) ?? 0) + 1);
    byKecamatan.set(b.kecamatan, villages);
  }
  const kecamatan = [...byKecamatan].sort((a, b) => sum(b[1]) - sum(a[1]) || (a[0] < b[0] ? -1 : 1));
  if (!kecamatan.length) return [];
  return MENTOR_NAMES.map(([name, institution], i) => {
    const [, villages] = kecamatan[i % kecamatan.length]!;
    const busiest = [...villages].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([k]) => k);
    // Two mentors of a kecamatan share it: the second takes the next kelurahan along.
    const offset = Math.floor(i / kecamatan.length) * 2;
    const kelurahan = busiest.slice(offset, offset + 3);
    const expertise = [EXPERTISE[i % EXPERTISE.length]!, EXPERTISE[(i * 3 + 2) % EXPERTISE.length]!];
    const ageDays = 200 + Math.floor(rand() * 700);
    let issuedOn = addDays(today, -ageDays);
    if (i === 3) issuedOn = addDays(today, 30 - 3 * 365 - 1); // ends within 60 days
    if (i === 8) issuedOn = addDays(today, -20 - 3 * 365 - 1); // ended 20 days ago
    const expiresOn = addDays(issuedOn, 3 * 365 + 1);
    const [first, last] = name.toLowerCase().split(' ');
    return {
      email: `${first}.${last}@${DOMAINS[institution]}`,
      name,
      institution: DEMO_INSTITUTIONS[institution]!.name,
      expertise: [...new Set(expertise)],
      kelurahan: kelurahan.length ? kelurahan : busiest.slice(0, 1),
      cap: i === 5 ? 10 : 25,
      issuedOn,
      expiresOn,
      lastDay: expiresOn < today ? expiresOn : today,
    };
  });
}

function sum(m: Map<string, number>) {
  let n = 0;
  for (const v of m.values()) n += v;
  return n;
}

/** The certificate every demo mentor held in the program's first phase (BNSP certificates last three years). */
export const FIRST_PHASE = {
  from: '2020-07-01',
  to: '2021-12-15',
  issuedOn: '2020-03-02',
  expiresOn: '2023-03-02',
};

export function demoMentorsCsv(mentors: readonly DemoMentor[]): string {
  const current = mentors.map((m, i) => ({
    email: m.email,
    nama: m.name,
    no_hp: `0812${String(70_000_000 + i * 1_234_567).slice(0, 8)}`,
    lembaga: m.institution,
    keahlian: m.expertise.join('|'),
    kode_kelurahan: m.kelurahan.join('|'),
    no_sertifikat: `${String(100 + i).padStart(5, '0')} 2420 ${m.issuedOn.slice(0, 4)}`,
    skema: SCHEME,
    lsp: LSP[i % 2]!,
    tanggal_terbit: m.issuedOn,
    tanggal_berlaku: m.expiresOn,
    batas_kasus: m.cap === 25 ? '' : m.cap,
  }));
  // The same mentors again with the first phase's certificate: one row per certificate, as a file lists them.
  const first = current.map((row, i) => ({
    ...row,
    no_sertifikat: `${String(100 + i).padStart(5, '0')} 2420 2020`,
    tanggal_terbit: FIRST_PHASE.issuedOn,
    tanggal_berlaku: FIRST_PHASE.expiresOn,
  }));
  return csv(MENTOR_COLUMNS, [...first, ...current]);
}

/**
 * Six months of sessions: each mentor takes 6–14 businesses of their kelurahan (then kecamatan), meets
 * each 1–6 times, and holds one or two group sessions for several of them. Business rows carry their
 * name, so owners with several businesses are no problem.
 */
export function demoSessionsCsv(
  mentors: readonly DemoMentor[],
  businesses: readonly DemoBusiness[],
  today: string,
  seed = 2026,
): string {
  const rand = prng(seed + 1);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)]!;
  const taken = new Set<DemoBusiness>();
  const rows: Record<string, string | number>[] = [];
  const first = addDays(today, -180);
  mentors.forEach((m, i) => {
    const mine = businesses.filter((b) => !taken.has(b) && m.kelurahan.includes(b.kelurahan));
    const near = businesses.filter(
      (b) => !taken.has(b) && !mine.includes(b) && b.kecamatan === m.kelurahan[0]?.slice(0, 8),
    );
    const want = Math.min(m.cap - 1, 6 + Math.floor(rand() * 9));
    const clients = [...mine, ...near].slice(0, want);
    for (const b of clients) taken.add(b);
    const last = m.lastDay;
    const span = Math.max(1, daysBetween(first, last) - 14);
    let n = 0;
    const code = () => {
      n += 1;
      return `DEMO-${String(i + 1).padStart(2, '0')}-${String(n).padStart(3, '0')}`;
    };
    // The first phase: most clients met one to four times during the program's first years.
    const firstSpan = daysBetween(FIRST_PHASE.from, FIRST_PHASE.to);
    for (const b of clients) {
      if (rand() < 0.2) continue;
      const visits = 1 + Math.floor(rand() * 4);
      let day = addDays(FIRST_PHASE.from, Math.floor(rand() * (firstSpan - 60)));
      for (let v = 0; v < visits && day <= FIRST_PHASE.to; v++) {
        const topic = v === 0 ? m.expertise[0]! : pick(EXPERTISE);
        rows.push({
          kode_sesi: code(),
          tanggal: day,
          email_pendamping: m.email,
          nik: b.nik,
          nama_usaha: b.name,
          mode: rand() < 0.4 ? 'daring' : 'kunjungan',
          menit_persiapan: 15 + 15 * Math.floor(rand() * 2),
          menit_tatap_muka: 60 + 15 * Math.floor(rand() * 4),
          topik: v === 0 ? m.expertise.join('|') : topic,
          catatan: pick(NOTES[topic]),
        });
        day = addDays(day, 20 + Math.floor(rand() * 40));
      }
    }
    for (const b of clients) {
      const visits = 1 + Math.floor(rand() * 6);
      let day = addDays(first, Math.floor(rand() * span));
      for (let v = 0; v < visits && day <= last; v++) {
        const topic = v === 0 ? m.expertise[0]! : pick(EXPERTISE);
        const online = rand() < 0.3;
        rows.push({
          kode_sesi: code(),
          tanggal: day,
          email_pendamping: m.email,
          nik: b.nik,
          nama_usaha: b.name,
          mode: online ? 'daring' : 'kunjungan',
          menit_persiapan: online ? 10 : 15 + 15 * Math.floor(rand() * 3),
          menit_tatap_muka: 45 + 15 * Math.floor(rand() * 4),
          topik: v === 0 ? m.expertise.join('|') : topic,
          catatan: pick(NOTES[topic]),
        });
        day = addDays(day, 10 + Math.floor(rand() * 25));
      }
    }
    // Group sessions (kelompok): several of the mentor's businesses at once, one code.
    const groups = clients.length >= 4 ? 1 + (i % 2) : 0;
    for (let g = 0; g < groups; g++) {
      const day = addDays(first, Math.floor(rand() * span));
      const topic = m.expertise[g % m.expertise.length]!;
      const groupCode = code();
      const size = 3 + Math.floor(rand() * Math.min(3, clients.length - 2));
      for (const b of clients.slice(g, g + size))
        rows.push({
          kode_sesi: groupCode,
          tanggal: day,
          email_pendamping: m.email,
          nik: b.nik,
          nama_usaha: b.name,
          mode: 'kelompok',
          menit_persiapan: 60,
          menit_tatap_muka: 120,
          topik: topic,
          catatan: `Pelatihan kelompok: ${NOTES[topic][0]!.toLowerCase()}`,
        });
    }
  });
  return csv(SESSION_COLUMNS, rows);
}

function daysBetween(a: string, b: string) {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}
