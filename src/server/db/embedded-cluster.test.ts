import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { makeDataDir } from '../../../test/support/data-dir.ts';
import { EmbeddedDatabaseError, startEmbeddedCluster } from './embedded-cluster.ts';

/* The embedded cluster's edges: where it cannot run, and where its socket cannot live beside it. */

const root = makeDataDir('bangkit-cluster-');
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe.runIf(!process.env.DATABASE_URL)('the embedded PostgreSQL cluster', () => {
  it.runIf(process.getuid?.() === 0)(
    'says in one line that its system user cannot enter a mode-700 folder, and starts nothing',
    async () => {
      const closed = path.join(root, 'closed');
      fs.mkdirSync(closed, { mode: 0o700 });
      const cluster = path.join(closed, 'data', 'postgres');
      const error = await startEmbeddedCluster(cluster, { mode: 'server' }).catch((e) => e);
      expect(error).toBeInstanceOf(EmbeddedDatabaseError);
      expect(error.message).toMatch(/cannot enter .*closed \(mode 700\)/);
      expect(error.message).not.toContain('\n');
      expect(fs.existsSync(cluster)).toBe(false);
    },
  );

  it.runIf(process.getuid?.() === 0)(
    'says in one line that its system user cannot write the cluster folder, and starts nothing',
    async () => {
      // A cluster folder handed back to root (a restore by hand, a copy with cp -r): not the server user's.
      const cluster = path.join(root, 'handed-back', 'postgres');
      fs.mkdirSync(cluster, { recursive: true, mode: 0o755 });
      fs.writeFileSync(path.join(cluster, 'PG_VERSION'), '17\n');
      const error = await startEmbeddedCluster(cluster, { mode: 'server' }).catch((e) => e);
      expect(error).toBeInstanceOf(EmbeddedDatabaseError);
      expect(error.message).toMatch(
        /system user "postgres", who cannot write to .*handed-back\/postgres \(owner uid 0, mode 755\)/,
      );
      expect(error.message).not.toContain('\n');
      expect(fs.existsSync(path.join(cluster, 'postmaster.pid'))).toBe(false);
      expect(fs.existsSync(`${cluster}.log`)).toBe(false);
    },
  );

  it('runs from a folder whose path is too long for a Unix socket, with the socket in a private folder', async () => {
    const deep = path.join(root, 'a-rather-long-folder-name-for-a-data-directory'.repeat(2), 'data');
    const cluster = await startEmbeddedCluster(path.join(deep, 'postgres'), {
      mode: 'server',
      throwaway: true,
    });
    try {
      const config = cluster.connection('postgres');
      expect(String(config.host)).not.toContain(deep);
      const client = new pg.Client(config);
      await client.connect();
      const { rows } = await client.query<{ one: number }>('select 1 as one');
      await client.end();
      expect(rows).toEqual([{ one: 1 }]);
      // The command line finds it through postmaster.pid.
      const joined = await startEmbeddedCluster(path.join(deep, 'postgres'), { mode: 'client' });
      expect(joined.owned).toBe(false);
      expect(joined.pid).toBe(cluster.pid);
    } finally {
      await cluster.stop();
    }
    expect(fs.existsSync(path.join(deep, 'postgres', 'postmaster.pid'))).toBe(false);
  });
});
