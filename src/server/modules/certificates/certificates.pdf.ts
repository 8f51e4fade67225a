import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { groupedCode } from '../../../shared/certificates.ts';
import { dayName } from '../mentoring/comparison.ts';
import { plain } from '../mentoring/outcomes.pdf.ts';
import type { CertificateRow } from './certificates.table.ts';

/*
 * One certificate, A4 landscape, in Indonesian: the organizer's name under the program's mark, the holder,
 * what it is for, the dates, the signatory, the number, and a QR code to the public verification page
 * (drawn module by module with pdfkit's shapes, so the file needs no image).
 */

const INK = '#1f2933';
const MUTED = '#616e7c';
const BRAND = '#1a4f8b';
const ACCENT = '#f5b82e';

export type CertificatePdfInput = Pick<
  CertificateRow,
  | 'number'
  | 'code'
  | 'kind'
  | 'holder_name'
  | 'title'
  | 'issued_on'
  | 'valid_until'
  | 'issuer_name'
  | 'signatory_name'
  | 'signatory_position'
>;

/** The document, ended: pipe it or append it to an archive. */
export function certificatePdf(c: CertificatePdfInput, verifyUrl: string): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 0,
    info: {
      Title: plain(`Sertifikat ${c.number} — ${c.holder_name}`),
      Author: plain(c.issuer_name),
      Subject: plain(c.title),
    },
  });
  const W = doc.page.width;
  const H = doc.page.height;

  // Frame: a brand border and an accent line inside it.
  doc
    .rect(18, 18, W - 36, H - 36)
    .lineWidth(6)
    .stroke(BRAND);
  doc
    .rect(30, 30, W - 60, H - 60)
    .lineWidth(1)
    .stroke(ACCENT);

  // The program's mark and the organizer.
  logo(doc, 60, 56, 44);
  doc
    .fillColor(INK)
    .font('Helvetica-Bold')
    .fontSize(15)
    .text(plain(c.issuer_name), 116, 62, { width: W - 360 });
  doc
    .fillColor(MUTED)
    .font('Helvetica')
    .fontSize(10)
    .text('Program Pemulihan UMKM — Bangkit', 116, doc.y + 2);
  doc
    .fillColor(MUTED)
    .fontSize(9)
    .text(`Nomor: ${plain(c.number)}`, W - 260, 62, { width: 200, align: 'right' });

  const center = { width: W - 160, align: 'center' as const };
  doc.fillColor(BRAND).font('Helvetica-Bold').fontSize(38).text('SERTIFIKAT', 80, 150, center);
  doc
    .fillColor(MUTED)
    .font('Helvetica')
    .fontSize(13)
    .text(c.kind === 'event_attendance' ? 'KEHADIRAN' : 'KOMPETENSI', 80, doc.y + 2, {
      ...center,
      characterSpacing: 4,
    });
  doc
    .fillColor(INK)
    .fontSize(13)
    .text('diberikan kepada', 80, doc.y + 22, center);
  doc
    .font('Helvetica-Bold')
    .fontSize(28)
    .text(plain(c.holder_name), 80, doc.y + 8, center);
  const lineY = doc.y + 6;
  doc
    .moveTo(W / 2 - 180, lineY)
    .lineTo(W / 2 + 180, lineY)
    .lineWidth(1)
    .stroke(ACCENT);
  doc
    .font('Helvetica')
    .fontSize(13)
    .text(
      c.kind === 'event_attendance' ? 'atas kehadirannya sebagai peserta' : 'atas kompetensi',
      80,
      lineY + 16,
      center,
    );
  doc
    .font('Helvetica-Bold')
    .fontSize(17)
    .text(plain(c.title), 100, doc.y + 6, { width: W - 200, align: 'center' });

  const dates = [`Diterbitkan ${dayName(c.issued_on, 'id')}`];
  if (c.valid_until) dates.push(`berlaku sampai ${dayName(c.valid_until, 'id')}`);
  doc
    .font('Helvetica')
    .fontSize(11)
    .fillColor(MUTED)
    .text(dates.join(', '), 80, doc.y + 12, center);

  // Bottom: the QR code and the way to verify on the left, the signatory on the right.
  const qrSize = 96;
  const bottom = H - 70;
  qr(doc, verifyUrl, 60, bottom - qrSize, qrSize);
  doc
    .fillColor(INK)
    .font('Helvetica-Bold')
    .fontSize(9)
    .text('Verifikasi keaslian:', 60 + qrSize + 14, bottom - qrSize + 14, { width: 260 });
  doc.font('Helvetica').fontSize(8.5).fillColor(BRAND).text(plain(verifyUrl), { width: 260 });
  doc.fillColor(MUTED).text(`Kode: ${groupedCode(c.code)}`, { width: 260 });

  const signX = W - 320;
  doc
    .moveTo(signX, bottom - 34)
    .lineTo(signX + 240, bottom - 34)
    .lineWidth(0.8)
    .stroke(INK);
  doc
    .fillColor(INK)
    .font('Helvetica-Bold')
    .fontSize(12)
    .text(plain(c.signatory_name), signX, bottom - 28, { width: 240, align: 'center' });
  doc
    .font('Helvetica')
    .fontSize(10)
    .fillColor(MUTED)
    .text(plain(c.signatory_position), signX, doc.y + 1, {
      width: 240,
      align: 'center',
    });

  doc.end();
  return doc;
}

/** The program's mark (the app's icon): a rounded square with a rising line. */
function logo(doc: PDFKit.PDFDocument, x: number, y: number, size: number) {
  const k = size / 32;
  doc.roundedRect(x, y, size, size, 7 * k).fill(BRAND);
  doc
    .save()
    .translate(x, y)
    .scale(k)
    .path('M7 22l6-6 4 4 8-9')
    .lineWidth(3)
    .lineCap('round')
    .lineJoin('round')
    .stroke('#ffffff')
    .path('M19 11h6v6')
    .stroke(ACCENT)
    .restore();
}

function qr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number) {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const cell = size / (modules.size + 2); // a quiet zone of one module each side
  doc.rect(x, y, size, size).fill('#ffffff');
  for (let r = 0; r < modules.size; r++) {
    for (let col = 0; col < modules.size; col++) {
      if (modules.get(r, col)) doc.rect(x + (col + 1) * cell, y + (r + 1) * cell, cell, cell);
    }
  }
  doc.fill('#000000');
}

/** The file's name: the number with its slashes turned to dashes. */
export const certificateFileName = (c: Pick<CertificateRow, 'number'>) =>
  `sertifikat-${c.number.replaceAll('/', '-')}.pdf`;
