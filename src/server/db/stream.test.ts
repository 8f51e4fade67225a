import { describe, expect, it } from 'vitest';
import { keysetPages } from './stream.ts';

describe('keysetPages', () => {
  const table = Array.from({ length: 2500 }, (_, i) => ({ id: (i + 1) * 2 }));
  const asked: { after: number | undefined; limit: number }[] = [];
  const page = async (after: number | undefined, limit: number) => {
    asked.push({ after, limit });
    return table.filter((row) => after === undefined || row.id > after).slice(0, limit);
  };

  it('reads a page only when the one before has been taken, each after the last key', async () => {
    asked.length = 0;
    const pages = keysetPages(page, (row) => row.id, 1000);
    expect(asked).toEqual([]);
    const first = await pages.next();
    expect(first.value).toHaveLength(1000);
    expect(asked).toEqual([{ after: undefined, limit: 1000 }]);
    const rest = [];
    for await (const rows of pages) rest.push(rows);
    expect(rest.map((rows) => rows.length)).toEqual([1000, 500]);
    expect(asked).toEqual([
      { after: undefined, limit: 1000 },
      { after: 2000, limit: 1000 },
      { after: 4000, limit: 1000 },
    ]);
    expect([first.value!, ...rest].flat()).toEqual(table);
  });

  it('asks once more after a full last page, and yields no empty page', async () => {
    asked.length = 0;
    const pages = [];
    for await (const rows of keysetPages(page, (row) => row.id, 500)) pages.push(rows.length);
    expect(pages).toEqual([500, 500, 500, 500, 500]);
    expect(asked).toHaveLength(6);
  });
});
