import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloneTestDatabase } from '../../../test/support/app.ts';
import { type DatabaseHandle, openPostgres } from '../db/database.ts';
import { whileUnchanged } from './snapshot-cache.ts';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await cloneTestDatabase();
  await sql`create table counted (n int not null)`.execute(handle.db);
});
afterAll(() => handle.close());

describe('a value kept while the database is unchanged', () => {
  let computed = 0;
  const total = () =>
    whileUnchanged(handle.db, 'counted', async () => {
      computed += 1;
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from counted`.execute(handle.db);
      return rows[0]!.n;
    });
  const insert = () => sql`insert into counted values (1)`.execute(handle.db);

  it('is computed once while nothing is written, however many read', async () => {
    await insert();
    const before = computed;
    expect(await total()).toBe(1);
    await sql`select count(*) from counted`.execute(handle.db);
    expect(await Promise.all([total(), total(), total()])).toEqual([1, 1, 1]);
    expect(computed).toBe(before + 1);
  });

  it('shows a write at once, from this process or another connection (the command line, an import)', async () => {
    await insert();
    expect(await total()).toBe(2);
    const other = openPostgres(handle.connection);
    try {
      await sql`insert into counted values (1)`.execute(other.db);
      expect(await total()).toBe(3);
    } finally {
      await other.close();
    }
  });

  it('shows a transaction that was still running when the value was computed, once it commits', async () => {
    let commit: () => void = () => {};
    const open = new Promise<void>((resolve) => {
      commit = resolve;
    });
    let written: () => void = () => {};
    const inserted = new Promise<void>((resolve) => {
      written = resolve;
    });
    const running = handle.db.transaction().execute(async (trx) => {
      await sql`insert into counted values (1)`.execute(trx);
      written();
      await open;
    });
    await inserted;
    expect(await total()).toBe(3); // computed while the insert is not committed
    expect(await total()).toBe(3);
    commit();
    await running;
    expect(await total()).toBe(4);
  });

  it('answers each call from a snapshot taken after it was made, however many share one', async () => {
    for (let round = 0; round < 5; round++) {
      const before = await total();
      const pending = Promise.all(Array.from({ length: 20 }, total));
      await insert();
      const after = await Promise.all(Array.from({ length: 20 }, total));
      expect(after).toEqual(Array(20).fill(before + 1));
      for (const n of await pending) expect([before, before + 1]).toContain(n);
    }
  });

  it('keeps values apart by key and computes again after a failure', async () => {
    await expect(
      whileUnchanged(handle.db, 'failing', async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await whileUnchanged(handle.db, 'failing', async () => 'ok')).toBe('ok');
    expect(await total()).toBe(9);
  });
});
