import PDFDocument from 'pdfkit';
import { dayName, monthName } from './comparison.ts';
import type { Figures, Outcomes } from './outcomes.schema.ts';

/*
 * The office's monthly report (A4, generated on the server): the city's name and the month, the headline
 * figures, the recovery of mentored businesses against the comparison as a bar chart drawn with pdfkit's
 * own shapes, the method in words, and tables per institution and of the mentors with the most credited time.
 */

const MARGIN = 48;
const INK = '#1f2933';
const MUTED = '#616e7c';
const BRAND = '#0b7285';
const COMPARE = '#adb5bd';
const RULE = '#dee2e6';

/** The standard PDF fonts speak WinAnsi: characters outside it are written the closest way they can be. */
export const plain = (s: string) =>
  s
    .replace(/[−‒]/g, '-')
    .replace(/≤/g, '<=')
    .replace(/≥/g, '>=')
    .replace(/[“”]/g, '"')
    .replace(/[‘’]/g, "'")
    // biome-ignore lint/suspicious/noControlCharactersInRegex: keep only what the font can draw
    .replace(/[^\x09\x0a\x0d\x20-\x7e\u00a0-\u00ff–—•…×]/g, '?');

const id = (n: number, digits = 0) =>
  new Intl.NumberFormat('id-ID', { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(n);
const hours = (minutes: number) => id(minutes / 60, 1);
const percent = (value: number | null) => (value === null ? '–' : `${id(value, 1)} %`);

export function outcomesPdf(report: Outcomes, generatedOn: string): PDFKit.PDFDocument {
  const month = monthName(report.period, 'id');
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: {
      Title: plain(`Laporan Bulanan Pendampingan UMKM ${report.areaName} — ${month}`),
      Author: 'Bangkit',
      Subject: 'Hasil pendampingan UMKM',
    },
  });
  const width = doc.page.width - 2 * MARGIN;

  // Title.
  doc.rect(0, 0, doc.page.width, 6).fill(BRAND);
  doc
    .fillColor(MUTED)
    .font('Helvetica')
    .fontSize(10)
    .text(plain(report.areaName.toUpperCase()), MARGIN, MARGIN);
  doc
    .fillColor(INK)
    .font('Helvetica-Bold')
    .fontSize(20)
    .text(plain(`Laporan Bulanan Pendampingan UMKM — ${month}`), { width });
  doc
    .moveDown(0.3)
    .font('Helvetica')
    .fontSize(9)
    .fillColor(MUTED)
    .text(
      plain(
        `${report.scope.kind === 'city' ? report.areaName : report.scope.name}. Sesi sampai ${dayName(report.periodEnd, 'id')}; dibuat ${dayName(generatedOn, 'id')} oleh Bangkit.`,
      ),
      { width },
    );
  doc.moveDown(1);

  headline(doc, report.city, width);
  doc.moveDown(1);

  // The comparison: chart on the left, the method beside it.
  sectionTitle(doc, 'Pemulihan omzet: didampingi dibandingkan tidak didampingi', width);
  const top = doc.y;
  const chartWidth = 210;
  const chartBottom = recoveryChart(doc, report, MARGIN, top, chartWidth);
  doc
    .font('Helvetica')
    .fontSize(8.5)
    .fillColor(INK)
    .text(plain(report.comparison.method.id), MARGIN + chartWidth + 18, top, {
      width: width - chartWidth - 18,
      align: 'left',
      lineGap: 1.5,
    });
  doc.y = Math.max(doc.y, chartBottom) + 16;
  doc.x = MARGIN;

  sectionTitle(doc, 'Per lembaga', width);
  figuresTable(
    doc,
    [
      'Lembaga',
      'Usaha',
      'Sesi',
      'Jam pendamping',
      'Jam dikreditkan',
      'Jangka panjang',
      'Capaian (konfirmasi)',
    ],
    report.institutions.map((r) => [r.name, ...cells(r)]),
    width,
  );
  doc.moveDown(1);

  const top10 = report.mentors.filter((m) => m.sessions > 0).slice(0, 10);
  sectionTitle(doc, 'Pendamping dengan jam dikreditkan terbanyak', width);
  figuresTable(
    doc,
    [
      'Pendamping',
      'Usaha',
      'Sesi',
      'Jam pendamping',
      'Jam dikreditkan',
      'Jangka panjang',
      'Capaian (konfirmasi)',
    ],
    top10.map((r) => [r.name, ...cells(r)]),
    width,
  );

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    // Below the bottom margin: without lifting it, pdfkit would start a new page for the footer.
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor(MUTED)
      .text(
        plain(`Bangkit — ${report.areaName} — ${month} — halaman ${i + 1} dari ${range.count}`),
        MARGIN,
        doc.page.height - MARGIN + 16,
        { width, align: 'center', lineBreak: false },
      );
  }
  doc.end();
  return doc;
}

function cells(f: Figures): string[] {
  return [
    id(f.businesses),
    id(f.sessions),
    hours(f.prepMinutes + f.contactMinutes),
    hours(f.creditedMinutes),
    id(f.longTermClients),
    `${id(f.milestones.total)} (${id(f.milestones.confirmed)})`,
  ];
}

function sectionTitle(doc: PDFKit.PDFDocument, title: string, width: number) {
  if (doc.y > doc.page.height - MARGIN - 120) doc.addPage();
  doc.font('Helvetica-Bold').fontSize(12).fillColor(INK).text(plain(title), MARGIN, doc.y, { width });
  doc.moveDown(0.4);
}

/** Six figures in boxes, two rows of three. */
function headline(doc: PDFKit.PDFDocument, f: Figures, width: number) {
  const boxes: [string, string, string][] = [
    ['Usaha didampingi', id(f.businesses), 'usaha dengan sesi'],
    ['Sesi', id(f.sessions), 'sampai akhir bulan'],
    [
      'Jam pendamping',
      hours(f.prepMinutes + f.contactMinutes),
      `persiapan ${hours(f.prepMinutes)} · tatap muka ${hours(f.contactMinutes)}`,
    ],
    [
      'Jam dikreditkan',
      hours(f.creditedMinutes),
      `tatap muka ${hours(f.creditedContactMinutes)} · persiapan ${hours(f.creditedPrepMinutes)}`,
    ],
    ['Klien jangka panjang', id(f.longTermClients), '>= 5 jam dikreditkan'],
    ['Capaian', id(f.milestones.total), `${id(f.milestones.confirmed)} dikonfirmasi pemilik`],
  ];
  const gap = 10;
  const w = (width - 2 * gap) / 3;
  const h = 54;
  const top = doc.y;
  boxes.forEach(([label, value, note], i) => {
    const x = MARGIN + (i % 3) * (w + gap);
    const y = top + Math.floor(i / 3) * (h + gap);
    doc.roundedRect(x, y, w, h, 4).lineWidth(0.8).strokeColor(RULE).stroke();
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor(MUTED)
      .text(plain(label.toUpperCase()), x + 8, y + 7, { width: w - 16 });
    doc
      .font('Helvetica-Bold')
      .fontSize(18)
      .fillColor(INK)
      .text(plain(value), x + 8, y + 19, { width: w - 16 });
    doc
      .font('Helvetica')
      .fontSize(7.5)
      .fillColor(MUTED)
      .text(plain(note), x + 8, y + 42, { width: w - 16 });
  });
  doc.y = top + 2 * h + gap;
  doc.x = MARGIN;
}

/** Vertical bars of the share recovered, 0–100 %; returns the bottom of the drawing. */
function recoveryChart(doc: PDFKit.PDFDocument, report: Outcomes, x: number, y: number, w: number): number {
  const c = report.comparison;
  const bars: [string, number | null, string][] = [
    ['Didampingi', c.mentored.recoveredPct, BRAND],
    ['Pembanding (ditimbang)', c.notMentored.recoveredPct, COMPARE],
    ['Pembanding (mentah)', c.notMentored.crudePct, '#dee2e6'],
  ];
  const plotTop = y + 8;
  const plotHeight = 120;
  const axisX = x + 26;
  const plotWidth = w - 30;
  doc.font('Helvetica').fontSize(7).fillColor(MUTED);
  for (const tick of [0, 25, 50, 75, 100]) {
    const ty = plotTop + plotHeight - (tick / 100) * plotHeight;
    doc
      .moveTo(axisX, ty)
      .lineTo(axisX + plotWidth, ty)
      .lineWidth(0.4)
      .strokeColor(RULE)
      .stroke();
    doc.text(`${tick} %`, x, ty - 3, { width: 22, align: 'right', lineBreak: false });
  }
  const slot = plotWidth / bars.length;
  const barWidth = slot * 0.56;
  bars.forEach(([label, value, color], i) => {
    const bx = axisX + i * slot + (slot - barWidth) / 2;
    const bh = ((value ?? 0) / 100) * plotHeight;
    if (value !== null && bh > 0) doc.rect(bx, plotTop + plotHeight - bh, barWidth, bh).fill(color);
    doc
      .font('Helvetica-Bold')
      .fontSize(9)
      .fillColor(INK)
      .text(plain(percent(value)), bx - 8, plotTop + plotHeight - bh - 12, {
        width: barWidth + 16,
        align: 'center',
        lineBreak: false,
      });
    doc
      .font('Helvetica')
      .fontSize(7.5)
      .fillColor(MUTED)
      .text(plain(label), axisX + i * slot, plotTop + plotHeight + 4, { width: slot, align: 'center' });
  });
  doc
    .moveTo(axisX, plotTop + plotHeight)
    .lineTo(axisX + plotWidth, plotTop + plotHeight)
    .lineWidth(0.8)
    .strokeColor(INK)
    .stroke();
  return plotTop + plotHeight + 30;
}

/** A table whose first column is a name and the rest right-aligned numbers; new pages repeat the header. */
function figuresTable(doc: PDFKit.PDFDocument, head: string[], rows: string[][], width: number) {
  const first = width * 0.28;
  const rest = (width - first) / (head.length - 1);
  const colX = (i: number) => MARGIN + (i === 0 ? 0 : first + (i - 1) * rest);
  const colW = (i: number) => (i === 0 ? first : rest);
  const rowHeight = 15;
  const header = () => {
    const y = doc.y;
    doc.rect(MARGIN, y, width, rowHeight + 6).fill('#f1f3f5');
    doc.font('Helvetica-Bold').fontSize(7.5).fillColor(INK);
    head.forEach((h, i) => {
      doc.text(plain(h), colX(i) + 3, y + 3, {
        width: colW(i) - 6,
        align: i === 0 ? 'left' : 'right',
        height: rowHeight + 4,
        ellipsis: true,
      });
    });
    doc.y = y + rowHeight + 6;
  };
  header();
  if (rows.length === 0) {
    doc
      .font('Helvetica')
      .fontSize(8.5)
      .fillColor(MUTED)
      .text('Belum ada sesi.', MARGIN + 3, doc.y + 4);
    doc.moveDown(0.5);
    return;
  }
  rows.forEach((row, r) => {
    if (doc.y + rowHeight > doc.page.height - MARGIN - 10) {
      doc.addPage();
      header();
    }
    const y = doc.y;
    if (r % 2 === 1) doc.rect(MARGIN, y, width, rowHeight).fill('#f8f9fa');
    doc.font('Helvetica').fontSize(8).fillColor(INK);
    row.forEach((cell, i) => {
      doc.text(plain(cell), colX(i) + 3, y + 4, {
        width: colW(i) - 6,
        align: i === 0 ? 'left' : 'right',
        height: rowHeight - 4,
        lineBreak: false,
        ellipsis: true,
      });
    });
    doc.y = y + rowHeight;
  });
  doc.x = MARGIN;
}
