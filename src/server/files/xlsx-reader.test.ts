import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handWorkbook, MAIN_NS, RELS_NS, relationships, WORKSHEET, zip } from '../../../test/support/xlsx.ts';
import { openTabular, TabularFileError, type TabularRow, type TabularSpec } from './tabular.ts';

/** XLSX files as other programs write them: by hand, zipped here, and formulas written by exceljs. */

const SPEC: TabularSpec = { required: ['nik', 'nama_usaha'], optional: ['omzet', 'alamat'] };

let dir: string;
let counter = 0;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bangkit-xlsx-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function writeFile(content: Buffer, name = `book-${++counter}.xlsx`): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

async function writeXlsx(build: (workbook: ExcelJS.Workbook) => void): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  const file = path.join(dir, `exceljs-${++counter}.xlsx`);
  await workbook.xlsx.writeFile(file);
  return file;
}

async function collect(batches: AsyncIterable<TabularRow[]>): Promise<TabularRow[]> {
  const rows: TabularRow[] = [];
  for await (const batch of batches) rows.push(...batch);
  return rows;
}

async function readAll(file: string, spec = SPEC): Promise<TabularRow[]> {
  return collect((await openTabular(file, spec)).rows());
}

/** Rows as `rowNumber: text|text|...` over the given columns, for compact assertions. */
async function readTexts(file: string, columns: string[], spec = SPEC) {
  const rows = await readAll(file, spec);
  return rows.map((row) => `${row.rowNumber}: ${columns.map((c) => row.cells[c]!.text).join('|')}`);
}

/** The error a user would get from opening and reading the whole file, wherever it surfaces. */
async function readError(file: string): Promise<unknown> {
  return readAll(file).then(
    () => undefined,
    (e: unknown) => e,
  );
}

async function openError(file: string): Promise<TabularFileError> {
  const error = await openTabular(file, SPEC).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TabularFileError);
  return error as TabularFileError;
}

describe('XLSX written by other programs', () => {
  const SPEC_DATED = { required: ['nik', 'nama_usaha'], optional: ['tanggal', 'omzet', 'aktif'] };
  const inline = (text: string) => `t="inlineStr"><is><t>${text}</t></is></c>`;

  it('reads shared strings with entities and rich text, inline strings, typed cells and cells without r', async () => {
    const sharedStrings = [
      '<t>NIK</t>',
      '<t xml:space="preserve"> Nama  Usaha </t>',
      '<t>Toko &amp; Warung &lt;Maju&gt; &quot;Jaya&quot; &apos;88&apos; Caf&#233; &#xE9;&#x1F600;</t>',
      '<r><rPr><b/><sz val="11"/></rPr><t xml:space="preserve">Warung </t></r><r><t>Bu Sri</t></r><rPh sb="0" eb="1"><t>ワ</t></rPh><phoneticPr fontId="1"/>',
      '<t>tanggal</t>',
      '<t/>',
    ];
    const styles = [
      `<styleSheet xmlns="${MAIN_NS}">`,
      '<numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy\\ hh:mm"/><numFmt numFmtId="165" formatCode="&quot;Rp&quot;\\ #,##0"/></numFmts>',
      // Only cellXfs are the cells' styles; the number format of a conditional format (dxf) is not a cell's.
      '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>',
      '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs>',
      '<dxfs count="1"><dxf><numFmt numFmtId="165" formatCode="yyyy"/></dxf></dxfs></styleSheet>',
    ];
    const sheetData = [
      `<row r="1" spans="1:5"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>4</v></c><c r="D1" ${inline('Omzet')}<c r="E1" t="str"><v>aktif</v></c></row>`,
      '<row r="2"><c r="A2" t="inlineStr"><is><r><t>3671</t></r><r><rPr><i/></rPr><t>010101010001</t></r></is></c>',
      '<c r="B2" t="s"><v>2</v></c><c r="C2" s="1"><v>45672</v></c><c r="D2"><v>1500000</v></c><c r="E2" t="b"><v>1</v></c></row>',
      // Without r, a row follows the one before, a cell too.
      '<row><c t="str"><v>3671010101010002</v></c><c t="s"><v>3</v></c><c s="2"><v>45678.4375</v></c>',
      '<c><f>D2*2</f><v>3000000</v></c><c t="e"><v>#N/A</v></c></row>',
      '<row r="5"><c r="A5"><v>3671010101010003</v></c><c r="B5" t="inlineStr"><is><t><![CDATA[Kopi <Kenangan> & Co]]></t></is></c>',
      '<c r="C5" s="3"><v>0.1</v></c><c r="D5" s="3"/><c r="E5" t="b"><v>0</v></c></row>',
      '<row r="6" spans="1:5"><c r="A6" s="1"/><c r="B6" t="s"><v>5</v></c></row>',
      '<row r="7"><c r="B7" t="s"><v>2</v></c><c r="E7" t="s"><v>99</v></c></row>',
    ];
    const file = writeFile(
      zip(
        handWorkbook(sheetData.join(''), {
          'xl/styles.xml': styles.join(''),
          'xl/sharedStrings.xml': `<?xml version="1.0"?>\n<sst xmlns="${MAIN_NS}" count="6" uniqueCount="6">${sharedStrings.map((s) => `<si>${s}</si>`).join('')}</sst>`,
        }),
      ),
      'lain.xlsx',
    );
    const table = await openTabular(file, SPEC_DATED);
    expect(table.headers).toEqual(['nik', 'nama_usaha', 'tanggal', 'omzet', 'aktif']);
    const rows = await collect(table.rows());
    expect(rows.map((row) => row.rowNumber)).toEqual([2, 3, 5, 7]);
    expect(rows[0]!.cells).toEqual({
      nik: { text: '3671010101010001', numeric: false },
      nama_usaha: { text: 'Toko & Warung <Maju> "Jaya" \'88\' Café é😀', numeric: false },
      tanggal: { text: '2025-01-15', numeric: false },
      omzet: { text: '1500000', numeric: true },
      aktif: { text: 'true', numeric: false },
    });
    expect(rows[1]!.cells).toEqual({
      nik: { text: '3671010101010002', numeric: false },
      nama_usaha: { text: 'Warung Bu Sri', numeric: false },
      tanggal: { text: '2025-01-21 10:30:00', numeric: false },
      omzet: { text: '3000000', numeric: true },
      aktif: { text: '#N/A', numeric: false },
    });
    expect(rows[2]!.cells).toEqual({
      nik: { text: '3671010101010003', numeric: true },
      nama_usaha: { text: 'Kopi <Kenangan> & Co', numeric: false },
      tanggal: { text: '0.1', numeric: true },
      omzet: { text: '', numeric: false },
      aktif: { text: 'false', numeric: false },
    });
    expect(rows[3]!.cells.nama_usaha!.text).toBe(rows[0]!.cells.nama_usaha!.text);
    expect(rows[3]!.cells.aktif!.text).toBe('');
    expect(table.bytesRead()).toBe(table.totalBytes);
  });

  it('finds the first visible worksheet through the relationships: prefixed names, chart sheets, 1904 dates', async () => {
    const workbook = [
      `<x:workbook xmlns:x="${MAIN_NS}" xmlns:r="${RELS_NS}"><x:workbookPr date1904="true"/><x:sheets>`,
      '<x:sheet name="Petunjuk" sheetId="3" state="hidden" r:id="rId7"/>',
      '<x:sheet name="Grafik" sheetId="1" r:id="rId8"/>',
      '<x:sheet name="Data &amp; Isian" sheetId="2" r:id="rId9"/>',
      '</x:sheets></x:workbook>',
    ];
    const xInline = (ref: string, text: string) =>
      `<x:c r="${ref}" t="inlineStr"><x:is><x:t>${text}</x:t></x:is></x:c>`;
    const file = writeFile(
      zip({
        'xl/worksheets/sheet1.xml': `<worksheet xmlns="${MAIN_NS}"><sheetData><row r="1"><c r="A1" ${inline('nik')}<c r="B1" ${inline('nama_usaha')}</row><row r="2"><c r="A2" ${inline('9')}<c r="B2" ${inline('bukan ini')}</row></sheetData></worksheet>`,
        'xl/chartsheets/sheet1.xml': `<chartsheet xmlns="${MAIN_NS}"/>`,
        'xl/workbook.xml': workbook.join(''),
        'xl/_rels/workbook.xml.rels': relationships({
          rId7: [WORKSHEET, 'worksheets/sheet1.xml'],
          rId8: [`${RELS_NS}/chartsheet`, 'chartsheets/sheet1.xml'],
          rId9: [WORKSHEET, '/xl/worksheets/isian.xml'],
          rId10: [`${RELS_NS}/styles`, 'styles.xml'],
        }),
        'xl/worksheets/isian.xml': [
          `<?xml version="1.0"?><!-- written by hand --><x:worksheet xmlns:x="${MAIN_NS}"><x:sheetData>`,
          `<x:row r="2">${xInline('B2', 'nik')}${xInline('C2', 'nama_usaha')}${xInline('D2', 'tanggal')}</x:row>`,
          `<x:row r="3">${xInline('B3', '3671010101010001')}${xInline('C3', 'Toko Isian')}<x:c r="D3" s="1"><x:v>44210</x:v></x:c></x:row>`,
          '</x:sheetData></x:worksheet>',
        ].join(''),
        'xl/styles.xml': `<x:styleSheet xmlns:x="${MAIN_NS}"><x:cellXfs><x:xf numFmtId="0"/><x:xf numFmtId="14"/></x:cellXfs></x:styleSheet>`,
      }),
      'isian.xlsx',
    );
    expect(await readTexts(file, ['nik', 'nama_usaha', 'tanggal'], SPEC_DATED)).toEqual([
      '3: 3671010101010001|Toko Isian|2025-01-15',
    ]);
  });

  it('refuses a workbook that would unpack past the limits, before unpacking it', async () => {
    const sheet = `<row r="1"><c r="A1" ${inline('nik')}<c r="B1" ${inline('nama_usaha')}</row><row r="2"><c r="A2" ${inline('1')}</row>`;
    const parts = handWorkbook(sheet, { 'xl/sharedStrings.xml': `<sst xmlns="${MAIN_NS}"/>` });
    for (const [part, size] of [
      ['xl/worksheets/sheet1.xml', 3 * 1024 ** 3],
      ['xl/sharedStrings.xml', 300 * 1024 ** 2],
      ['xl/workbook.xml', 100 * 1024 ** 2],
    ] as const) {
      const error = await openError(writeFile(zip(parts, { [part]: size }), 'bom.xlsx'));
      expect(error).toMatchObject({ code: 'FileTooLarge', status: 413 });
      expect(error.message).toContain('setelah dibuka');
    }
  });

  it('refuses a zip bomb: a part that unpacks a thousand times its size, or more than it declares', async () => {
    const header = `<row r="1"><c r="A1" ${inline('nik')}<c r="B1" ${inline('nama_usaha')}</row>`;
    // 70 MB of one shared string repeated, honestly declared (under the 256 MiB limit): about 200 KB packed.
    const strings = Buffer.from(
      `<sst xmlns="${MAIN_NS}">${'<si><t>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa</t></si>'.repeat(1_300_000)}</sst>`,
    );
    const stringsBomb = zip(
      handWorkbook(`${header}<row r="2"><c r="A2" t="s"><v>0</v></c></row>`, {
        'xl/sharedStrings.xml': strings,
      }),
    );
    expect(stringsBomb.length).toBeLessThan(strings.length / 200);
    const refused = await openError(writeFile(stringsBomb, 'bom-teks.xlsx'));
    expect(refused).toMatchObject({ code: 'FileTooLarge', status: 413 });
    expect(refused.message).toMatch(
      /^Berkas XLSX tidak wajar: sebagian isinya mengembang \d+ kali saat dibuka/,
    );

    // The same in the worksheet: 64 MB of rows.
    const rows = `${header}${`<row><c t="s"><v>0</v></c></row>`.repeat(2_000_000)}`;
    const sheetBomb = zip(
      handWorkbook(rows, { 'xl/sharedStrings.xml': `<sst xmlns="${MAIN_NS}"><si><t>x</t></si></sst>` }),
    );
    expect(await openError(writeFile(sheetBomb, 'bom-lembar.xlsx'))).toMatchObject({ code: 'FileTooLarge' });

    // Shared strings that declare 1 KB and unpack to 70 MB: refused after the first kilobyte.
    const understated = zip(
      handWorkbook(`${header}<row r="2"><c r="A2" t="s"><v>0</v></c></row>`, {
        'xl/sharedStrings.xml': strings,
      }),
      { 'xl/sharedStrings.xml': 1024 },
    );
    expect(await openError(writeFile(understated, 'bom-bohong.xlsx'))).toMatchObject({
      code: 'FileCorrupt',
      message: 'Berkas XLSX rusak atau tidak dapat dibaca.',
    });
  });

  it('refuses a zip that is not a workbook, damaged data and cells past column XFD', async () => {
    expect(await openError(writeFile(zip({ 'surat.txt': 'halo' }), 'surat.zip'))).toMatchObject({
      code: 'FileType',
      message: 'Berkas bukan CSV atau XLSX.',
    });

    const rows = Array.from(
      { length: 3000 },
      (_, i) => `<row><c ${inline(`${i * 7919}`)}<c ${inline(`Toko ${i}`)}</row>`,
    );
    const damaged = zip(
      handWorkbook(`<row><c ${inline('nik')}<c ${inline('nama_usaha')}</row>${rows.join('')}`),
    );
    const middle = Math.floor(damaged.length / 2);
    damaged.fill(0xff, middle, middle + 64);
    expect(await readError(writeFile(damaged, 'rusak.xlsx'))).toMatchObject({
      code: 'FileCorrupt',
      message: 'Berkas XLSX rusak atau tidak dapat dibaca.',
    });

    const wide = zip(
      handWorkbook(`<row><c ${inline('nik')}<c ${inline('nama_usaha')}<c r="XFE1" ${inline('x')}</row>`),
    );
    expect(await readError(writeFile(wide, 'lebar.xlsx'))).toMatchObject({ code: 'FileCorrupt' });
  });
});

describe('XLSX formulas', () => {
  it('reads a formula by the value Excel shows for it: zero, false, an error, a date', async () => {
    const file = await writeXlsx((wb) => {
      const sheet = wb.addWorksheet('Data');
      sheet.addRow(['nik', 'nama_usaha', 'omzet', 'alamat']);
      sheet.addRow([
        { formula: 'TEXT(1,"0")', result: '3671010101010001' },
        { formula: '1=0', result: false },
        { formula: 'D9*0', result: 0 },
        { formula: '1/0', result: { error: '#DIV/0!' } },
      ]);
      sheet.addRow([
        '3671010101010002',
        { formula: '1=1', result: true },
        { formula: 'TODAY()', result: new Date(Date.UTC(2025, 5, 1)) },
      ]);
      sheet.getCell('C3').numFmt = 'dd/mm/yyyy';
    });
    expect(await readTexts(file, ['nik', 'nama_usaha', 'omzet', 'alamat'])).toEqual([
      '2: 3671010101010001|false|0|#DIV/0!',
      '3: 3671010101010002|true|2025-06-01|',
    ]);
  });
});
