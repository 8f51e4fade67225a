import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { makeNik } from '../../test/support/builders.ts';
import type { DatabaseHandle } from '../server/db/database.ts';
import { BUSINESS_COLUMNS } from '../shared/import-columns.ts';
import { budget, cliDatabase } from './test-harness.ts';

/*
 * `bangkit backup FILE` and `bangkit restore FILE`: a database with data of every kind is backed up while
 * it is open (the command joins the running cluster), restored into an empty data directory, and every
 * table compared by row count and checksum, and every sequence by its value.
 */

const source = cliDatabase();
const target = cliDatabase();
const files = fs.mkdtempSync(path.join(os.tmpdir(), 'bangkit-backup-'));
afterAll(() => fs.rmSync(files, { recursive: true, force: true }));

interface Fingerprint {
  tables: Record<string, { rows: number; md5: string }>;
  sequences: Record<string, number | null>;
}

/** Every table of the schema (but the migrations' bookkeeping): its row count and a checksum of its rows. */
async function fingerprint(handle: DatabaseHandle): Promise<Fingerprint> {
  const { rows: tables } = await sql<{ name: string }>`
    select relname as name from pg_class
    where relnamespace = current_schema()::regnamespace and relkind = 'r' and relpersistence = 'p'
      and relname not like 'kysely%'
    order by relname`.execute(handle.db);
  const result: Fingerprint = { tables: {}, sequences: {} };
  for (const { name } of tables) {
    const { rows } = await sql<{ rows: number; md5: string }>`
      select count(*)::int as rows, md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) as md5
      from ${sql.table(name)} t`.execute(handle.db);
    result.tables[name] = rows[0]!;
  }
  const { rows: sequences } = await sql<{ name: string; value: number | null }>`
    select sequencename as name, last_value as value from pg_sequences where schemaname = current_schema()`.execute(
    handle.db,
  );
  for (const s of sequences) result.sequences[s.name] = s.value;
  return result;
}

function businessesCsv() {
  const rows = Array.from({ length: 20 }, (_, i) => {
    const row: Partial<Record<(typeof BUSINESS_COLUMNS)[number], string>> = {
      nik: i === 7 ? '1234' : makeNik(500 + i, '07'),
      nama_pemilik: `Pemilik Cadangan ${i}`,
      nama_usaha: `Usaha Cadangan ${i}`,
      sektor: 'kuliner',
      kode_kelurahan: '36.71.07.1001',
    };
    return BUSINESS_COLUMNS.map((c) => row[c] ?? '').join(',');
  });
  return `${[BUSINESS_COLUMNS.join(','), ...rows].join('\n')}\n`;
}

describe('bangkit backup and restore', () => {
  const first = path.join(files, 'first.backup');

  it(
    'restores into an empty data directory a database equal table by table and sequence by sequence',
    async () => {
      expect((await source.bangkit('seed', '--demo', '--businesses', '40')).code).toBe(0);
      const csv = path.join(files, 'usaha.csv');
      fs.writeFileSync(csv, businessesCsv());
      const imported = await source.bangkit('import', 'businesses', csv, '--json');
      expect(imported.code, imported.stderr).toBe(0);
      expect(JSON.parse(imported.stdout)).toMatchObject({ rejected: 1 });

      const backup = await source.bangkit('backup', first);
      expect(backup.code, backup.stderr).toBe(0);
      expect(backup.stdout).toMatch(/^Backed up [\d,]+ rows of \d+ tables to .*first\.backup/);

      const restore = await target.bangkit('restore', first);
      expect(restore.code, restore.stderr).toBe(0);
      expect(restore.stdout).toMatch(/^Restored [\d,]+ rows of \d+ tables into /);

      const before = await source.withTarget(fingerprint);
      const after = await target.withTarget(fingerprint);
      // Data of every kind is in it: registry, turnover, figures, imports and their rejected rows, audit.
      for (const table of [
        'area',
        'owner',
        'business',
        'omzet_report',
        'omzet_stat',
        'import_rejection',
        'audit_log',
      ])
        expect(before.tables[table]?.rows, table).toBeGreaterThan(0);
      expect(after).toEqual(before);
      // The migrations are recorded: a server starting on it has nothing to migrate.
      const applied = await target.withTarget(
        async (h) =>
          (await sql<{ n: number }>`select count(*)::int as n from kysely_migration`.execute(h.db)).rows[0]!
            .n,
      );
      expect(applied).toBeGreaterThan(0);
    },
    budget(6),
  );

  it(
    'refuses to restore into a database that holds data, says what it would do, and changes nothing',
    async () => {
      const before = await target.withTarget(fingerprint);
      const refused = await target.bangkit('restore', first);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(
        /^error: The database is not empty \(rows: .*business [\d,]+.*\)\. Restoring would delete ALL of it/m,
      );
      expect(refused.stderr).toMatch(/run again with --force/);
      expect(await target.withTarget(fingerprint)).toEqual(before);

      const notABackup = await target.bangkit('restore', path.join(files, 'usaha.csv'));
      expect(notABackup.code).toBe(1);
      expect(notABackup.stderr).toMatch(/is not a Bangkit backup|not a gzip file/);
    },
    budget(3),
  );

  it(
    'backs up one consistent snapshot while writes go on, and --force replaces a database that holds data',
    async () => {
      const during = path.join(files, 'during.backup');
      const written = await source.withTarget(async (handle) => {
        // Each write makes an institution and a session, in one transaction: tables the backup reads far
        // apart (the session table last), so that writes land between the two reads.
        const { id: userId } = await handle.db.selectFrom('app_user').select('id').executeTakeFirstOrThrow();
        let pairs = 0;
        let writing = true;
        const writer = (async () => {
          while (writing) {
            pairs += 1;
            const n = pairs;
            await handle.db.transaction().execute(async (trx) => {
              await trx
                .insertInto('institution')
                .values({ name: `Lembaga Cadangan ${n}` })
                .execute();
              await trx
                .insertInto('session')
                .values({ id: `cadangan-${n}`, user_id: userId, expires_at: new Date(Date.now() + 3600_000) })
                .execute();
            });
          }
        })();
        const backup = await source.bangkit('backup', during);
        const duringBackup = pairs;
        writing = false;
        await writer;
        expect(backup.code, backup.stderr).toBe(0);
        return { duringBackup, total: pairs };
      });
      expect(written.duringBackup).toBeGreaterThan(0);

      const restore = await target.bangkit('restore', during, '--force');
      expect(restore.code, restore.stderr).toBe(0);
      await target.withTarget(async (handle) => {
        const institutions = await handle.db
          .selectFrom('institution')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('name', 'like', 'Lembaga Cadangan %')
          .executeTakeFirstOrThrow();
        const sessions = await handle.db
          .selectFrom('session')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('id', 'like', 'cadangan-%')
          .executeTakeFirstOrThrow();
        // Both halves of every write, or neither: one snapshot.
        expect(sessions.n).toBe(institutions.n);
        expect(institutions.n).toBeLessThanOrEqual(written.total);
      });
    },
    budget(3),
  );
});
