import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CsvRecords } from './csv-reader.ts';

/** What csv-parse alone gives for the whole text, with the options the reader had before its fast path. */
function csvParse(text: string, delimiter: string): string {
  try {
    const records: string[][] = parse(text, {
      bom: true,
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      max_record_size: 1024 * 1024,
    });
    return JSON.stringify(records.map((fields, i) => [i + 1, fields]));
  } catch (error) {
    const { code, records } = error as { code: string; records: number };
    // Both mean "a quote is not closed" to the user.
    return `${code === 'CSV_MAX_RECORD_SIZE' ? 'CSV_QUOTE_NOT_CLOSED' : code} at row ${records + 1}`;
  }
}

/** The same text through CsvRecords, handed over in pieces of the given sizes. */
function fastPath(text: string, delimiter: string, pieceSizes: () => number): string {
  const records = new CsvRecords(delimiter);
  const out: [number, readonly unknown[]][] = [];
  try {
    for (let pos = 0; pos < text.length; ) {
      const size = pieceSizes();
      for (const row of records.push(text.slice(pos, pos + size), false))
        out.push([row.rowNumber, row.fields]);
      pos += size;
    }
    for (const row of records.push('', true)) out.push([row.rowNumber, row.fields]);
    return JSON.stringify(out);
  } catch (error) {
    const message = (error as Error).message;
    const row = /di baris (\d+)/.exec(message)?.[1];
    return /tidak ditutup/.test(message) ? `CSV_QUOTE_NOT_CLOSED at row ${row}` : message;
  }
}

/** A small deterministic generator, so that a failure names an input that can be replayed. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x80000000;
  };
}

describe('CsvRecords', () => {
  it('gives the records csv-parse gives for any mix of quotes, delimiters, line breaks and BOMs', () => {
    const next = random(20_261_206);
    const pieces = [
      'a',
      'é',
      ' ',
      ';',
      ',',
      '\t',
      '"',
      '"',
      '"',
      '\n',
      '\n',
      '\r',
      '\r\n',
      '\r\n',
      '\uFEFF',
      'xy',
    ];
    const differences: unknown[] = [];
    for (let run = 0; run < 3_000; run++) {
      let text = '';
      const length = Math.floor(next() * 40);
      for (let i = 0; i < length; i++) text += pieces[Math.floor(next() * pieces.length)];
      const delimiter = next() < 0.5 ? ';' : ',';
      const expected = csvParse(text, delimiter);
      const actual = fastPath(text, delimiter, () => 1 + Math.floor(next() * 8));
      if (actual !== expected) differences.push({ text, delimiter, expected, actual });
    }
    expect(differences).toEqual([]);
  });

  it('reads lines of any length as csv-parse does, refusing a record past its limit', () => {
    const long = 'x'.repeat(400_000);
    const tooLong = 'y'.repeat(1024 * 1024 + 10);
    for (const text of [`a;b\n1;${long}\n2;c\n`, `a;b\n1;c\n${tooLong};d\n3;e\n`, `a;b\n1;"${tooLong}"\n`]) {
      expect(fastPath(text, ';', () => 64 * 1024)).toEqual(csvParse(text, ';'));
    }
    expect(fastPath(`a;b\n1;c\n${tooLong};d\n`, ';', () => 64 * 1024)).toBe('CSV_QUOTE_NOT_CLOSED at row 3');
  });

  it('refuses a quote left open for megabytes without waiting for the end of the file', () => {
    const records = new CsvRecords(';');
    expect(records.push('nik;nama\n1;Toko\n\n2;"Toko Maju\n', false).map((row) => row.rowNumber)).toEqual([
      1, 2, 3,
    ]);
    const line = '3;Toko\n'.repeat(10_000);
    expect(() => {
      for (let i = 0; i < 100; i++) records.push(line, false);
    }).toThrow('Berkas CSV rusak di baris 4: ada tanda kutip (") yang tidak ditutup.');
  });
});
