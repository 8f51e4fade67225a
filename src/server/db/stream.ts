/** Rows a download reads from the database at a time. */
export const PAGE_ROWS = 1000;

/**
 * A query's rows in pages of `size`, by keyset: `page(after, limit)` reads the rows that follow the key of
 * the last row of the page before (none for the first page). Every download reads its rows this way:
 * whatever the size of the result, one page at a time is in memory, the next page is read only when the
 * consumer asks for it, and between pages no connection or snapshot is held, however slow the reader.
 */
export async function* keysetPages<Row, Key>(
  page: (after: Key | undefined, limit: number) => Promise<Row[]>,
  keyOf: (row: Row) => Key,
  size = PAGE_ROWS,
): AsyncGenerator<Row[]> {
  let after: Key | undefined;
  for (;;) {
    const rows = await page(after, size);
    if (rows.length > 0) yield rows;
    if (rows.length < size) return;
    after = keyOf(rows[rows.length - 1]!);
  }
}
