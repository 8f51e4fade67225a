import ExcelJS from 'exceljs';
import { MILESTONE_KINDS, MILESTONE_LABELS } from '../../../shared/mentoring.ts';
import { neutralizeFormula } from '../../files/table-writer.ts';
import { monthName } from './comparison.ts';
import type { Figures, Outcomes } from './outcomes.schema.ts';
import { sectorLabel } from './outcomes.service.ts';

const hours = (minutes: number) => Math.round((minutes / 60) * 100) / 100;

const FIGURE_HEAD = [
  'usaha_didampingi',
  'sesi',
  'menit_persiapan',
  'menit_tatap_muka',
  'jam_pendamping',
  'jam_dikreditkan',
  'menit_dikreditkan_tatap_muka',
  'menit_dikreditkan_persiapan',
  'klien_jangka_panjang',
  'capaian',
  'capaian_dikonfirmasi_pemilik',
];

function figureCells(f: Figures) {
  return [
    f.businesses,
    f.sessions,
    f.prepMinutes,
    f.contactMinutes,
    hours(f.prepMinutes + f.contactMinutes),
    hours(f.creditedMinutes),
    f.creditedContactMinutes,
    f.creditedPrepMinutes,
    f.longTermClients,
    f.milestones.total,
    f.milestones.confirmed,
  ];
}

const text = (value: string | null) => (value === null ? '' : neutralizeFormula(value));

/** The report as a workbook: sheets Kota, Lembaga, Pendamping and Perbandingan. */
export async function outcomesWorkbook(report: Outcomes): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Bangkit';

  const city = wb.addWorksheet('Kota');
  city.addRow([`Hasil pendampingan ${text(report.scope.name)} — ${monthName(report.period, 'id')}`]).font = {
    bold: true,
  };
  city.addRow(['periode', report.period]);
  city.addRow(['sesi_sampai_tanggal', report.periodEnd]);
  city.addRow([]);
  const c = figureCells(report.city);
  FIGURE_HEAD.forEach((head, i) => {
    city.addRow([head, c[i]]);
  });
  city.addRow([]);
  city.addRow(['capaian_per_jenis', 'jumlah', 'dikonfirmasi_pemilik']).font = { bold: true };
  for (const kind of MILESTONE_KINDS) {
    const k = report.city.milestones.byKind[kind];
    city.addRow([MILESTONE_LABELS[kind].id, k.total, k.confirmed]);
  }
  city.addRow(['Omzet pulih (usaha didampingi, periode ini)', report.comparison.mentored.recovered, null]);

  const institutions = wb.addWorksheet('Lembaga');
  institutions.addRow(['lembaga', 'pendamping_aktif', ...FIGURE_HEAD]).font = { bold: true };
  for (const r of report.institutions) institutions.addRow([text(r.name), r.mentors, ...figureCells(r)]);

  const mentors = wb.addWorksheet('Pendamping');
  mentors.addRow(['email', 'nama', 'lembaga', ...FIGURE_HEAD]).font = { bold: true };
  for (const r of report.mentors) {
    mentors.addRow([text(r.email), text(r.name), text(r.institutionName), ...figureCells(r)]);
  }

  const cmp = report.comparison;
  const sheet = wb.addWorksheet('Perbandingan');
  sheet.addRow(['kelompok', 'melapor', 'pulih', 'persen_pulih']).font = { bold: true };
  sheet.addRow(['didampingi', cmp.mentored.reporting, cmp.mentored.recovered, cmp.mentored.recoveredPct]);
  sheet.addRow([
    'tidak didampingi (ditimbang)',
    cmp.notMentored.reporting,
    cmp.notMentored.recovered,
    cmp.notMentored.recoveredPct,
  ]);
  sheet.addRow([
    'tidak didampingi (tanpa penimbangan)',
    cmp.notMentored.reporting,
    cmp.notMentored.recovered,
    cmp.notMentored.crudePct,
  ]);
  sheet.addRow(['selisih_poin_persentase', null, null, cmp.differencePts]);
  sheet.addRow(['kelompok_dipakai', cmp.strataUsed]);
  sheet.addRow([
    'kelompok_tanpa_pembanding',
    cmp.strataLeftOut,
    'usaha_didampingi_tidak_dihitung',
    cmp.mentoredLeftOut,
  ]);
  sheet.addRow([]);
  sheet.addRow(['cara_menghitung', cmp.method.id]);
  sheet.addRow([]);
  sheet.addRow([
    'sektor',
    'kode_kecamatan',
    'kecamatan',
    'didampingi_melapor',
    'didampingi_pulih',
    'tidak_didampingi_melapor',
    'tidak_didampingi_pulih',
    'dihitung',
  ]).font = { bold: true };
  for (const s of cmp.strata) {
    sheet.addRow([
      sectorLabel(s.sector),
      s.kecamatanCode,
      s.kecamatanName,
      s.mentored,
      s.mentoredRecovered,
      s.notMentored,
      s.notMentoredRecovered,
      s.included ? 'ya' : 'tidak',
    ]);
  }

  for (const ws of [city, institutions, mentors, sheet]) {
    ws.columns.forEach((col, i) => {
      col.width = i === 0 ? 34 : 18;
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
