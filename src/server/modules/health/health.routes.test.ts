import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { cloneTestDatabase, createTestApp, testConfig } from '../../../../test/support/app.ts';
import { buildApp } from '../../app.ts';
import { openPostgres } from '../../db/database.ts';
import { freeSpace } from './health.service.ts';

/* /api/health says "ok" only when the system can write: a database that takes writes, a disk with room. */

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe('/api/health', () => {
  it('is ok with a writable database and room on the disk', async () => {
    const t = await createTestApp();
    cleanups.push(t.close);
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'ok',
      database: { status: 'ok', writable: true },
      disk: { status: 'ok', minFreeBytes: 256 * 1024 * 1024 },
    });
    expect(res.json().disk.freeBytes).toBeGreaterThan(0);
    // The probe's write is committed.
    const row = await t.db.selectFrom('health_check').selectAll().executeTakeFirst();
    expect(row?.checked_at).toBeInstanceOf(Date);
  });

  it('answers 503 when the database refuses writes (read-only)', async () => {
    const clone = await cloneTestDatabase();
    cleanups.push(clone.close);
    const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(clone.db);
    await sql`alter database ${sql.id(rows[0]!.name)} set default_transaction_read_only = on`.execute(
      clone.db,
    );
    // New connections are read-only: the server's pool opens them.
    const readOnly = openPostgres(clone.connection);
    const app = await buildApp({ config: testConfig(), database: readOnly });
    cleanups.push(async () => {
      await app.close();
      await readOnly.db.destroy();
    });

    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({
      status: 'degraded',
      database: { status: 'ok', writable: false },
      disk: { status: 'ok' },
    });
  });

  it('answers 503 when the data directory has less free space than BANGKIT_MIN_FREE_MB', async () => {
    // A data directory not made yet: measured on the nearest folder that exists.
    const dataDir = path.join(os.tmpdir(), 'bangkit-health-not-made', 'data');
    const free = await freeSpace(dataDir);
    expect(free).toBeGreaterThan(0);

    // The real free space of that disk, against a minimum above it.
    const needed = Math.ceil(free / (1024 * 1024)) + 1024;
    const short = await createTestApp({ BANGKIT_DATA_DIR: dataDir, BANGKIT_MIN_FREE_MB: String(needed) });
    cleanups.push(short.close);
    const res = await short.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({
      status: 'degraded',
      database: { writable: true },
      disk: { status: 'low', minFreeBytes: needed * 1024 * 1024 },
    });
    expect(res.json().disk.freeBytes).toBeLessThan(needed * 1024 * 1024);
  });
});
