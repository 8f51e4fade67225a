import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  sql,
} from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloneTestDatabase } from '../../../test/support/app.ts';
import { type DatabaseHandle, openPostgres } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { currentSnapshot, whileUnchanged } from './snapshot-cache.ts';

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

/** A database whose snapshot queries wait until the test answers them. */
function scriptedDatabase() {
  const asked: ((snapshot: string) => void)[] = [];
  const connection: DatabaseConnection = {
    executeQuery: <R>(_query: CompiledQuery) =>
      new Promise<QueryResult<R>>((resolve) => {
        asked.push((snapshot) => resolve({ rows: [{ snapshot } as R] }));
      }),
    streamQuery: () => {
      throw new Error('not used');
    },
  };
  const driver: Driver = {
    init: async () => {},
    acquireConnection: async () => connection,
    beginTransaction: async () => {},
    commitTransaction: async () => {},
    rollbackTransaction: async () => {},
    releaseConnection: async () => {},
    destroy: async () => {},
  };
  const db = new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => driver,
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 5));
  return { db, asked, settle };
}

describe('the snapshot queries', () => {
  it('are shared by the calls made before one is sent, never by a call made after', async () => {
    const { db, asked, settle } = scriptedDatabase();
    const first = [currentSnapshot(db), currentSnapshot(db)];
    await settle();
    expect(asked).toHaveLength(1);
    // Made while the first query is on its way: it may have been answered before this call.
    const later = [currentSnapshot(db), currentSnapshot(db)];
    await settle();
    expect(asked).toHaveLength(1);
    asked[0]!('s1');
    expect(await Promise.all(first)).toEqual(['s1', 's1']);
    await settle();
    expect(asked).toHaveLength(2);
    asked[1]!('s2');
    expect(await Promise.all(later)).toEqual(['s2', 's2']);
    await db.destroy();
  });

  it('are not sent again for the reads that are given one snapshot, one after the other', async () => {
    const { db, asked, settle } = scriptedDatabase();
    const snapshot = currentSnapshot(db);
    const period = whileUnchanged(db, 'period', async () => '2021-12', { snapshot });
    await settle();
    asked[0]!('s1');
    expect(await period).toBe('2021-12');
    const page = whileUnchanged(db, 'page', async () => ['row'], { snapshot });
    const kept = whileUnchanged(db, 'period', async () => 'computed again', { snapshot });
    expect(await Promise.all([page, kept])).toEqual([['row'], '2021-12']);
    expect(asked).toHaveLength(1);
    // Without it, a read made after the first answer waits for a snapshot of its own.
    const alone = whileUnchanged(db, 'period', async () => 'computed again');
    await settle();
    expect(asked).toHaveLength(2);
    asked[1]!('s2');
    expect(await alone).toBe('computed again');
    await db.destroy();
  });
});
