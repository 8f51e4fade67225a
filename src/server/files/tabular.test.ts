import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTabular, TabularFileError, type TabularRow, type TabularSpec } from './tabular.ts';

const SPEC: TabularSpec = { required: ['nik', 'nama_usaha'], optional: ['omzet', 'alamat'] };

let dir: string;
let counter = 0;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bangkit-tabular-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function writeFile(content: string | Buffer, name = `file-${++counter}.csv`): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

async function writeXlsx(
  build: (workbook: ExcelJS.Workbook) => void,
  name = `book-${++counter}.xlsx`,
): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  const file = path.join(dir, name);
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
async function readTexts(file: string, columns = ['nik', 'nama_usaha', 'omzet'], spec = SPEC) {
  const rows = await readAll(file, spec);
  return rows.map((row) => `${row.rowNumber}: ${columns.map((c) => row.cells[c]!.text).join('|')}`);
}

/** The error a user would get from opening and reading the whole file, wherever it surfaces. */
async function readError(file: string): Promise<unknown> {
  return openTabular(file, SPEC)
    .then((table) => collect(table.rows()))
    .then(
      () => undefined,
      (e: unknown) => e,
    );
}

async function openError(file: string, spec = SPEC, options?: { maxBytes?: number }) {
  const error = await openTabular(file, spec, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TabularFileError);
  return error as TabularFileError;
}

describe('CSV', () => {
  it('reads comma-separated files', async () => {
    const file = writeFile(
      'nik,nama_usaha,omzet\n3671010101010001,Toko Maju,1500000\n3671010101010002,Warung Sari,\n',
    );
    const table = await openTabular(file, SPEC);
    expect(table.format).toBe('csv');
    expect(table.headers).toEqual(['nik', 'nama_usaha', 'omzet']);
    await table.close();
    expect(await readTexts(file)).toEqual([
      '2: 3671010101010001|Toko Maju|1500000',
      '3: 3671010101010002|Warung Sari|',
    ]);
  });

  it('reads semicolon-separated files, the default of Indonesian Excel', async () => {
    const file = writeFile('nik;nama_usaha;omzet\n3671010101010001;Toko Maju, Cabang 2;1.500.000\n');
    expect(await readTexts(file)).toEqual(['2: 3671010101010001|Toko Maju, Cabang 2|1.500.000']);
  });

  it('reads a UTF-8 BOM and CRLF line endings', async () => {
    const file = writeFile(
      '\uFEFFnik;nama_usaha\r\n3671010101010001;Kedai Kopi Pâté\r\n3671010101010002;Bengkel\r\n',
    );
    expect(await readTexts(file, ['nik', 'nama_usaha'])).toEqual([
      '2: 3671010101010001|Kedai Kopi Pâté',
      '3: 3671010101010002|Bengkel',
    ]);
  });

  it('reads quoted fields holding delimiters, line breaks and doubled quotes', async () => {
    const file = writeFile(
      [
        'nik;nama_usaha;alamat',
        '3671010101010001;"Toko ""Maju""; Jaya";"Jl. Merdeka 1,\nRT 02"',
        '3671010101010002;Warung;"a,b"',
      ].join('\n'),
    );
    const rows = await readAll(file);
    expect(rows.map((r) => [r.rowNumber, r.cells.nama_usaha!.text, r.cells.alamat!.text])).toEqual([
      [2, 'Toko "Maju"; Jaya', 'Jl. Merdeka 1,\nRT 02'],
      // The record above spans two lines but is one row in Excel.
      [3, 'Warung', 'a,b'],
    ]);
  });

  it('accepts ragged rows: missing cells are empty, extra cells ignored', async () => {
    const file = writeFile('nik,nama_usaha,omzet\n3671010101010001\n3671010101010002,Toko,100,extra,more\n');
    expect(await readTexts(file)).toEqual(['2: 3671010101010001||', '3: 3671010101010002|Toko|100']);
  });

  it('matches headers by name whatever their case, spacing and order; extra columns and later duplicates are ignored', async () => {
    const file = writeFile(
      'No,  Nama Usaha ,Keterangan, NIK ,OMZET,nik\n1,Toko Maju,lunas,3671010101010001,2000000,9999\n',
    );
    const table = await openTabular(file, SPEC);
    expect(table.headers).toEqual(['nik', 'nama_usaha', 'omzet']);
    const [row] = await collect(table.rows());
    expect(row!.cells).toEqual({
      nik: { text: '3671010101010001', numeric: false },
      nama_usaha: { text: 'Toko Maju', numeric: false },
      omzet: { text: '2000000', numeric: false },
      alamat: { text: '', numeric: false },
    });
  });

  it('lists the missing required columns', async () => {
    const error = await openError(writeFile('NIK KTP;nama;omzet\n1;2;3\n'));
    expect(error.code).toBe('HeadersMissing');
    expect(error.status).toBe(422);
    expect(error.message).toBe('Kolom wajib tidak ada: nik, nama_usaha');
    expect(error.details).toEqual({ missing: ['nik', 'nama_usaha'] });
  });

  it('skips blank lines and lines of only delimiters, counting them in row numbers as Excel does', async () => {
    const file = writeFile(
      '\nnik;nama_usaha;omzet\n3671010101010001;A;1\n\n;;\n  ; ;\n3671010101010002;B;2\n\n',
    );
    expect(await readTexts(file)).toEqual(['3: 3671010101010001|A|1', '7: 3671010101010002|B|2']);
  });

  it('keeps a row that has text only in columns the spec ignores', async () => {
    const file = writeFile('nik;nama_usaha;catatan\n;;pindah alamat\n');
    expect(await readTexts(file, ['nik', 'nama_usaha'])).toEqual(['2: |']);
  });

  it('rejects an empty file and a file of blank lines', async () => {
    for (const content of ['', '\n\r\n  \n', '\uFEFF']) {
      const error = await openError(writeFile(content));
      expect(error.code).toBe('FileEmpty');
      expect(error.message).toBe('Berkas kosong.');
    }
  });

  it('rejects a file with headers but no data rows', async () => {
    for (const content of ['nik;nama_usaha\n', 'nik;nama_usaha\r\n;\r\n\r\n']) {
      const error = await openError(writeFile(content));
      expect(error.code).toBe('FileEmpty');
      expect(error.message).toBe('Berkas tidak berisi baris data.');
    }
  });

  it('reports an unclosed quote as a corrupt file, naming the row where it starts', async () => {
    const file = writeFile('nik;nama_usaha\n1;Toko\n\n2;"Toko Maju\n3;Toko\n');
    expect(await readError(file)).toMatchObject({
      code: 'FileCorrupt',
      message: 'Berkas CSV rusak di baris 4: ada tanda kutip (") yang tidak ditutup.',
    });
  });

  it('rejects text that is not UTF-8, also when the bad byte comes after the first chunk', async () => {
    // What Excel's plain "CSV (Comma delimited)" writes on Windows: the ANSI code page.
    const latin1 = Buffer.from('nik;nama_usaha\n1;Caf\xe9\n', 'latin1');
    const early = await openError(writeFile(latin1));
    expect(early).toMatchObject({ code: 'FileType', message: expect.stringContaining('UTF-8') });

    const filler = '1;Toko\n'.repeat(20_000);
    const late = writeFile(Buffer.concat([Buffer.from(`nik;nama_usaha\n${filler}`), latin1.subarray(15)]));
    const table = await openTabular(late, SPEC);
    const error = await collect(table.rows()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'FileType', message: expect.stringContaining('UTF-8') });
  });

  it('rejects a NUL byte, also after the first chunk', async () => {
    const filler = '1;Toko\n'.repeat(20_000);
    const late = writeFile(Buffer.from(`nik;nama_usaha\n${filler}2;Wa\u0000rung\n`));
    const table = await openTabular(late, SPEC);
    const error = await collect(table.rows()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'FileType', message: 'Berkas bukan CSV atau XLSX.' });
  });

  it('keeps a multi-byte character that straddles two read chunks', async () => {
    // 'é' is two bytes; put it across the 64 KiB boundary of the file stream.
    const prefix = 'nik;nama_usaha\n';
    const pad = 'x'.repeat(64 * 1024 - prefix.length - 3);
    const file = writeFile(`${prefix}1;${pad}é\n2;Toko\n`);
    const rows = await readAll(file);
    expect(rows.map((r) => r.cells.nama_usaha!.text.slice(-2))).toEqual(['xé', 'ko']);
  });

  it('yields batches of the requested size, once, and reports progress in bytes', async () => {
    const lines = Array.from({ length: 5 }, (_, i) => `36710101010100${i}0;Toko ${i}`);
    const file = writeFile(`nik;nama_usaha\n${lines.join('\n')}\n`);
    const table = await openTabular(file, SPEC);
    expect(table.totalBytes).toBe(fs.statSync(file).size);
    const sizes: number[] = [];
    for await (const batch of table.rows(2)) sizes.push(batch.length);
    expect(sizes).toEqual([2, 2, 1]);
    expect(table.bytesRead()).toBe(table.totalBytes);
    await expect(table.rows().next()).rejects.toThrow('only once');
  });

  it('reads a file mixing quoted and unquoted lines as one reader would', async () => {
    const file = writeFile(
      [
        'nik,nama_usaha,omzet,alamat',
        '3671010101010001,Toko Maju,100,Jl. Melati 1',
        '3671010101010002,"Toko ""Jaya"", Cabang 2",200,"Jl. Mawar, RT 02"',
        '3671010101010003,Warung 5" Inch,300,',
        '"3671010101010004",Bengkel,"400",Jl. Anggrek',
        ' "3671010101010005",Apotek,500,',
        '',
        '3671010101010006,Toko,600,"Jl. Kenanga ""Blok C"""',
      ].join('\r\n'),
    );
    const rows = await readAll(file);
    expect(
      rows.map((r) => [r.rowNumber, r.cells.nik!.text, r.cells.nama_usaha!.text, r.cells.alamat!.text]),
    ).toEqual([
      [2, '3671010101010001', 'Toko Maju', 'Jl. Melati 1'],
      [3, '3671010101010002', 'Toko "Jaya", Cabang 2', 'Jl. Mawar, RT 02'],
      // A quote inside an unquoted field is text, as csv-parse reads it with relax_quotes.
      [4, '3671010101010003', 'Warung 5" Inch', ''],
      [5, '3671010101010004', 'Bengkel', 'Jl. Anggrek'],
      // A quote after a space does not open a quoted field either.
      [6, '"3671010101010005"', 'Apotek', ''],
      [8, '3671010101010006', 'Toko', 'Jl. Kenanga "Blok C"'],
    ]);
  });

  it('reads a quoted field with line breaks right after a run of unquoted lines, across read chunks', async () => {
    const unquoted = Array.from(
      { length: 1500 },
      (_, i) => `36710101${String(i).padStart(8, '0')};Toko ${i}`,
    );
    const before = `nik;nama_usaha;alamat\n${unquoted.join('\n')}\n`;
    // The quoted field starts a few bytes before the 64 KiB boundary of the file stream and ends after it.
    const pad = 'x'.repeat(64 * 1024 - Buffer.byteLength(before) - 40);
    const quoted = `3671010199999999;${pad};"Jl. Merdeka 1\nRT 02;""RW"" 03\n\nKel. Sukasari"\n`;
    const rows = await readAll(writeFile(`${before}${quoted}1;Toko Akhir\n`));
    expect(rows).toHaveLength(1502);
    expect(rows[1499]!.rowNumber).toBe(1501);
    expect(rows[1500]!.rowNumber).toBe(1502);
    expect(rows[1500]!.cells.alamat!.text).toBe('Jl. Merdeka 1\nRT 02;"RW" 03\n\nKel. Sukasari');
    // The record spans four lines but is one row; the line after it is the next row.
    expect(rows[1501]).toMatchObject({
      rowNumber: 1503,
      cells: { nik: { text: '1' }, nama_usaha: { text: 'Toko Akhir' } },
    });
  });

  it('takes the line break from the first line, quoted or not: CR alone, or LF with stray CRs', async () => {
    const mac = writeFile('"nik";"nama_usaha"\r3671010101010001;Toko\r\r3671010101010002;"Warung\rBaru"\r');
    expect(await readTexts(mac, ['nik', 'nama_usaha'])).toEqual([
      '2: 3671010101010001|Toko',
      '4: 3671010101010002|Warung\rBaru',
    ]);
    const mixed = writeFile('nik;nama_usaha\n3671010101010001;Toko\r\n3671010101010002;"Warung"\r\n');
    expect(await readTexts(mixed, ['nik', 'nama_usaha'])).toEqual([
      '2: 3671010101010001|Toko',
      // After LF lines a CR is text, so this quote is followed by text and stays (csv-parse's relax_quotes).
      '3: 3671010101010002|"Warung"',
    ]);
  });

  it('refuses a record over a megabyte, quoted or not, naming the row where it starts', async () => {
    const long = 'x'.repeat(1024 * 1024 + 1);
    for (const line of [`2;${long}`, `2;"${long}"`, `2;"Toko\n${long}`]) {
      expect(await readError(writeFile(`nik;nama_usaha\n1;Toko\n\n${line}\n3;Toko\n`))).toMatchObject({
        code: 'FileCorrupt',
        message: 'Berkas CSV rusak di baris 4: ada tanda kutip (") yang tidak ditutup.',
      });
    }
  });

  it('gives no rows after close()', async () => {
    const table = await openTabular(writeFile('nik;nama_usaha\n1;Toko\n'), SPEC);
    await table.close();
    expect(await collect(table.rows())).toEqual([]);
  });
});

describe('file type and size', () => {
  it('rejects binary files that are not a zip (an image, a PDF)', async () => {
    const png = Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
    ]);
    const error = await openError(writeFile(png, 'foto.csv'));
    expect(error.code).toBe('FileType');
    expect(error.status).toBe(415);
    expect(error.message).toBe('Berkas bukan CSV atau XLSX.');
    const pdf = Buffer.concat([
      Buffer.from('%PDF-1.7\n'),
      Buffer.from([0xe2, 0xe3, 0xcf, 0xd3, 0x0a, 0x01, 0x1f]),
    ]);
    expect(await openError(writeFile(pdf, 'surat.csv'))).toMatchObject({
      code: 'FileType',
      message: error.message,
    });
  });

  it('explains that old .xls workbooks are not supported', async () => {
    const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    const error = await openError(writeFile(xls, 'lama.xls'));
    expect(error.code).toBe('FileType');
    expect(error.message).toContain('.xls');
  });

  it('rejects a damaged zip as a corrupt or foreign file', async () => {
    const good = await writeXlsx((wb) => wb.addWorksheet('Data').addRow(['nik', 'nama_usaha']));
    const truncated = writeFile(fs.readFileSync(good).subarray(0, 600), 'potong.xlsx');
    const garbage = writeFile(
      Buffer.concat([Buffer.from([0x50, 0x4b, 3, 4]), Buffer.alloc(200, 7)]),
      'x.xlsx',
    );
    for (const file of [truncated, garbage]) {
      const error = await openError(file);
      expect(['FileCorrupt', 'FileType']).toContain(error.code);
    }
  });

  it('refuses an XLSX cut off inside its worksheet instead of waiting forever for the rest', async () => {
    const good = await writeXlsx((wb) => {
      const sheet = wb.addWorksheet('Data');
      sheet.addRow(['nik', 'nama_usaha']);
      for (let i = 0; i < 3000; i++)
        sheet.addRow([`3671010101${String(i).padStart(6, '0')}`, `Toko ${i} ${i * 7919}`]);
    });
    const bytes = fs.readFileSync(good);
    for (const fraction of [0.5, 0.9, 0.999]) {
      const cut = writeFile(bytes.subarray(0, Math.floor(bytes.length * fraction)), 'terpotong.xlsx');
      expect(await openError(cut)).toMatchObject({
        code: 'FileCorrupt',
        message: expect.stringMatching(/tidak lengkap/),
      });
    }
  });

  it('refuses a file over maxBytes before reading it', async () => {
    const file = writeFile(`nik;nama_usaha\n${'1;Toko\n'.repeat(200)}`);
    const error = await openError(file, SPEC, { maxBytes: 1000 });
    expect(error.code).toBe('FileTooLarge');
    expect(error.status).toBe(413);
    const png = writeFile(Buffer.alloc(2000, 0x89));
    expect((await openError(png, SPEC, { maxBytes: 1000 })).code).toBe('FileTooLarge');
  });
});

describe('XLSX', () => {
  it('reads typed cells: NIK as text or as a number Excel rounded, dates, formulas; skips empty rows', async () => {
    const file = await writeXlsx((wb) => {
      const sheet = wb.addWorksheet('Data');
      sheet.addRow(['NIK', 'Nama Usaha', 'Tanggal Daftar', 'Omzet', 'Aktif']);
      sheet.addRow(['3671055203850001', ' Toko Maju ', new Date(Date.UTC(2025, 0, 15)), 1500000, true]);
      sheet.addRow([]);
      // Typed as a number, Excel keeps 15 significant digits: 3671055203850001 is stored as ...000.
      sheet.addRow([
        3671055203850000,
        { richText: [{ text: 'Warung ' }, { text: 'Bu Sri', font: { bold: true } }] },
        new Date(Date.UTC(2025, 1, 1, 10, 30)),
        { formula: 'D2*2', result: 3000000 },
        false,
      ]);
      sheet.getCell('A6').value = '   ';
      sheet.addRow([
        '3671055203850003',
        { text: 'Toko Web', hyperlink: 'https://example.com' },
        null,
        0.1 + 0.2,
      ]);
    });
    const spec = { required: ['nik', 'nama_usaha'], optional: ['tanggal_daftar', 'omzet', 'aktif'] };
    const table = await openTabular(file, spec);
    expect(table.format).toBe('xlsx');
    const rows = await collect(table.rows());
    expect(rows.map((r) => r.rowNumber)).toEqual([2, 4, 7]);
    expect(rows[0]!.cells).toEqual({
      nik: { text: '3671055203850001', numeric: false },
      nama_usaha: { text: 'Toko Maju', numeric: false },
      tanggal_daftar: { text: '2025-01-15', numeric: false },
      omzet: { text: '1500000', numeric: true },
      aktif: { text: 'true', numeric: false },
    });
    expect(rows[1]!.cells).toEqual({
      nik: { text: '3671055203850000', numeric: true },
      nama_usaha: { text: 'Warung Bu Sri', numeric: false },
      tanggal_daftar: { text: '2025-02-01 10:30:00', numeric: false },
      omzet: { text: '3000000', numeric: true },
      aktif: { text: 'false', numeric: false },
    });
    expect(rows[2]!.cells.nama_usaha!.text).toBe('Toko Web');
    expect(rows[2]!.cells.tanggal_daftar!.text).toBe('');
    expect(rows[2]!.cells.omzet).toEqual({ text: '0.3', numeric: true });
    expect(table.bytesRead()).toBe(table.totalBytes);
  });

  it('uses the first visible worksheet and worksheet row numbers below leading empty rows', async () => {
    const file = await writeXlsx((wb) => {
      wb.addWorksheet('Petunjuk', { state: 'hidden' }).addRow(['nik', 'nama_usaha']).commit();
      const data = wb.addWorksheet('Data');
      data.getCell('B3').value = 'NIK';
      data.getCell('C3').value = 'nama usaha';
      data.getCell('B4').value = '3671010101010001';
      data.getCell('C4').value = 'Toko Data';
      wb.addWorksheet('Lain').addRow(['nik', 'nama_usaha']);
      wb.getWorksheet('Lain')!.addRow(['9', 'bukan ini']);
    });
    expect(await readTexts(file, ['nik', 'nama_usaha'])).toEqual(['4: 3671010101010001|Toko Data']);
  });

  it('detects XLSX by content even when the file is named .csv', async () => {
    const file = await writeXlsx((wb) => {
      const sheet = wb.addWorksheet('Data');
      sheet.addRow(['nik', 'nama_usaha']);
      sheet.addRow(['1', 'Toko']);
    }, 'salah-nama.csv');
    const table = await openTabular(file, SPEC);
    expect(table.format).toBe('xlsx');
    // Opened and not read: the caller closes it (the open-files test below counts what is left open).
    await table.close();
  });

  it('applies the same header and emptiness rules as CSV', async () => {
    const missing = await writeXlsx((wb) => wb.addWorksheet('Data').addRow(['NIK', 'alamat']));
    expect(await openError(missing)).toMatchObject({
      code: 'HeadersMissing',
      details: { missing: ['nama_usaha'] },
    });

    const headerOnly = await writeXlsx((wb) => wb.addWorksheet('Data').addRow(['NIK', 'Nama Usaha']));
    expect(await openError(headerOnly)).toMatchObject({
      code: 'FileEmpty',
      message: 'Berkas tidak berisi baris data.',
    });

    const noRows = await writeXlsx((wb) => wb.addWorksheet('Data'));
    expect(await openError(noRows)).toMatchObject({ code: 'FileEmpty', message: 'Berkas kosong.' });
  });
});

describe('open files', () => {
  /** The files of this test's directory that the process holds open. */
  const openFiles = () =>
    fs.readdirSync('/proc/self/fd').flatMap((fd) => {
      try {
        const target = fs.readlinkSync(`/proc/self/fd/${fd}`);
        return target.startsWith(dir) ? [target] : [];
      } catch {
        return [];
      }
    });

  it.runIf(fs.existsSync('/proc/self/fd'))(
    'releases the file when reading stops early or fails',
    async () => {
      const big = await writeXlsx((wb) => {
        const sheet = wb.addWorksheet('Data');
        sheet.addRow(['nik', 'nama_usaha']);
        for (let i = 0; i < 20_000; i++) sheet.addRow([`3671${String(i).padStart(12, '0')}`, `Toko ${i}`]);
      });
      const csv = writeFile(`nik;nama_usaha\n${'1;Toko\n'.repeat(100_000)}`);
      for (const file of [big, csv]) {
        const table = await openTabular(file, SPEC);
        await table.rows(10).next();
        expect(openFiles()).toEqual([file]);
        await table.close();
        expect(openFiles()).toEqual([]);
        await openError(file, { required: ['tidak_ada'] });
        expect(openFiles()).toEqual([]);
      }
    },
  );
});
