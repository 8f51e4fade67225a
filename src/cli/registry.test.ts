import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../server/db/database.ts';
import { BUSINESS_COLUMNS } from '../shared/import-columns.ts';
import { budget, cliDatabase, lines } from './test-harness.ts';

/*
 * Imports, recovery figures and demo data through the real `bangkit` command: the registry tests
 * share one database in order; the demo seed gets a fresh one of its own.
 */

const registry = cliDatabase();
const demo = cliDatabase();

let files: string;
beforeAll(() => {
  files = fs.mkdtempSync(path.join(os.tmpdir(), 'bangkit-cli-files-'));
});
afterAll(() => fs.rmSync(files, { recursive: true, force: true }));

type BusinessColumn = (typeof BUSINESS_COLUMNS)[number];

/** One line of a business file; the defaults make a valid row. */
function businessRow(values: Partial<Record<BusinessColumn, string | number>>): string {
  const row: Partial<Record<BusinessColumn, string | number>> = {
    sektor: 'kuliner',
    nama_pemilik: 'Pemilik Usaha',
    ...values,
  };
  return BUSINESS_COLUMNS.map((c) => row[c] ?? '').join(',');
}

function writeFile(name: string, header: string, rows: readonly string[]): string {
  const file = path.join(files, name);
  fs.writeFileSync(file, `${[header, ...rows].join('\n')}\n`);
  return file;
}

const SITI = {
  nik: '3671055203850001',
  business: 'Warung Siti',
  kecamatan: '36.71.05',
  baseline: 10_000_000,
  august: 6_500_000,
};
const BUDI = {
  nik: '3671070708900002',
  business: 'Bengkel Budi',
  kecamatan: '36.71.07',
  baseline: 8_000_000,
  august: 2_000_000,
};
/** Valid and well-formed, but nobody registered it. */
const UNREGISTERED_NIK = '3671011501800003';

/** The maintained aggregate behind the dashboard, in a fixed order. */
const dashboardFigures = (db: DB) =>
  db
    .selectFrom('omzet_stat')
    .selectAll()
    .where('n', '<>', 0)
    .orderBy('period')
    .orderBy('dim')
    .orderBy('code')
    .orderBy('category')
    .orderBy('bin')
    .execute();

const declinePct = (baseline: number, omzet: number) => ((baseline - omzet) / baseline) * 100;

describe('bangkit import, omzet and seed', () => {
  it(
    'import businesses saves the valid rows, counts the rejected one by reason and writes it to --rejected',
    async () => {
      const file = writeFile('usaha.csv', BUSINESS_COLUMNS.join(','), [
        businessRow({
          nik: SITI.nik,
          nama_pemilik: 'Siti Aminah',
          nama_usaha: SITI.business,
          kode_kelurahan: '3671051001',
          omzet_bulanan_sebelum_pandemi: SITI.baseline,
        }),
        businessRow({
          nik: BUDI.nik,
          nama_pemilik: 'Budi Santoso',
          nama_usaha: BUDI.business,
          sektor: 'jasa',
          kode_kelurahan: '3671071001',
          omzet_bulanan_sebelum_pandemi: BUDI.baseline,
        }),
        businessRow({
          nik: '1234567890123456',
          nama_usaha: 'Toko Tanpa NIK Sah',
          kode_kelurahan: '3671051001',
        }),
      ]);
      const rejectedFile = path.join(files, 'usaha-ditolak.csv');

      const res = await registry.bangkit('import', 'businesses', file, '--rejected', rejectedFile, '--json');
      expect(res.code).toBe(0);
      const summary = JSON.parse(res.stdout);
      expect(summary).toEqual({ total: 3, created: 2, updated: 0, rejected: 1, reasons: { nik_invalid: 1 } });
      expect(summary.created + summary.updated + summary.rejected).toBe(summary.total);

      const rejected = lines(fs.readFileSync(rejectedFile, 'utf8').replace(/^\uFEFF/, ''));
      expect(rejected).toHaveLength(2);
      expect(rejected[0]).toMatch(/^baris,alasan,kode_alasan,/);
      expect(rejected[1]).toMatch(/^4,NIK tidak sah\..*,nik_invalid,.*1234567890123456.*Toko Tanpa NIK Sah/);

      await registry.withTarget(async ({ db }) => {
        const saved = await db
          .selectFrom('business')
          .select(['name', 'kecamatan_code', 'baseline_omzet'])
          .orderBy('name')
          .execute();
        expect(saved).toEqual([
          { name: BUDI.business, kecamatan_code: BUDI.kecamatan, baseline_omzet: BUDI.baseline },
          { name: SITI.business, kecamatan_code: SITI.kecamatan, baseline_omzet: SITI.baseline },
        ]);
        const job = await db.selectFrom('import_job').selectAll().executeTakeFirstOrThrow();
        expect(job).toMatchObject({ status: 'done', file_name: 'usaha.csv' });
        // Without --as, the import is recorded for the command line's system account, by the operator.
        expect(job.created_by_label).toBe(`cli:${os.userInfo().username}`);
        const system = await db
          .selectFrom('app_user')
          .selectAll()
          .where('email', '=', 'system:cli')
          .executeTakeFirstOrThrow();
        expect(job.created_by).toBe(system.id);
        expect(system.disabled_at).not.toBeNull();
      });
    },
    budget(1),
  );

  it(
    'import omzet saves the monthly reports of registered businesses',
    async () => {
      const file = writeFile('omzet.csv', 'nik,nama_usaha,periode,omzet', [
        `${SITI.nik},${SITI.business},2020-08,${SITI.august}`,
        `${BUDI.nik},,2020-08,${BUDI.august}`,
        `${SITI.nik},${SITI.business},2020-07,5000000`,
        `${UNREGISTERED_NIK},,2020-08,100`,
      ]);
      const res = await registry.bangkit('import', 'omzet', file, '--json');
      expect(res.code).toBe(0);
      expect(JSON.parse(res.stdout)).toEqual({
        total: 4,
        created: 3,
        updated: 0,
        rejected: 1,
        reasons: { nik_unknown: 1 },
      });
      await registry.withTarget(async ({ db }) => {
        const reporters = await db
          .selectFrom('omzet_report as r')
          .leftJoin('app_user as u', 'u.id', 'r.reported_by')
          .select('u.email')
          .distinct()
          .execute();
        expect(reporters).toEqual([{ email: 'system:cli' }]);
      });
    },
    budget(1),
  );

  it(
    'omzet stats gives every kecamatan of the city with the figures of the two businesses',
    async () => {
      const res = await registry.bangkit(
        'omzet',
        'stats',
        '--period',
        '2020-08',
        '--by',
        'kecamatan',
        '--json',
      );
      expect(res.code).toBe(0);
      const stats = JSON.parse(res.stdout);
      expect(Object.keys(stats)).toEqual(['period', 'rows']);
      expect(stats.period).toBe('2020-08');
      expect(stats.rows).toHaveLength(13);

      const zero = { grew: 0, lt20: 0, d20_50: 0, d50_80: 0, gte80: 0 };
      const sitiDecline = declinePct(SITI.baseline, SITI.august);
      const budiDecline = declinePct(BUDI.baseline, BUDI.august);
      expect(sitiDecline).toBeGreaterThanOrEqual(20);
      expect(sitiDecline).toBeLessThan(50);
      expect(budiDecline).toBeGreaterThanOrEqual(50);
      expect(budiDecline).toBeLessThan(80);
      const byCode = new Map(stats.rows.map((r: { code: string }) => [r.code, r]));
      expect(byCode.get(SITI.kecamatan)).toEqual({
        code: SITI.kecamatan,
        name: 'Cipondoh',
        businesses: 1,
        reporting: 1,
        noBaseline: 0,
        medianDeclinePct: expect.closeTo(sitiDecline, 1),
        buckets: { ...zero, d20_50: 1 },
        recovered: 0,
      });
      expect(byCode.get(BUDI.kecamatan)).toEqual({
        code: BUDI.kecamatan,
        name: 'Karawaci',
        businesses: 1,
        reporting: 1,
        noBaseline: 0,
        medianDeclinePct: expect.closeTo(budiDecline, 1),
        buckets: { ...zero, d50_80: 1 },
        recovered: 0,
      });
      const others = stats.rows.filter(
        (r: { code: string }) => r.code !== SITI.kecamatan && r.code !== BUDI.kecamatan,
      );
      expect(others).toHaveLength(11);
      for (const row of others)
        expect(row).toMatchObject({ businesses: 0, reporting: 0, medianDeclinePct: null });
    },
    budget(1),
  );

  it(
    'omzet rebuild-stats restores the dashboard figures from the reports',
    async () => {
      const figures = await registry.withTarget(async ({ db }) => {
        const before = await dashboardFigures(db);
        await db.deleteFrom('omzet_stat').execute();
        return before;
      });
      expect(figures.length).toBeGreaterThan(0);

      const res = await registry.bangkit('omzet', 'rebuild-stats');
      expect(res.code).toBe(0);
      expect(res.stdout).toBe('Rebuilt the dashboard figures for 2 months (2020-07 to 2020-08).\n');
      await registry.withTarget(async ({ db }) => {
        expect(await dashboardFigures(db)).toEqual(figures);
      });
    },
    budget(1),
  );

  it(
    'refuses a file without the required columns with one line and exit code 1, saving nothing',
    async () => {
      const file = writeFile('salah.csv', 'nik,bulan,jumlah', [`${SITI.nik},2020-09,7000000`]);
      const rejectedFile = path.join(files, 'salah-ditolak.csv');
      const res = await registry.bangkit('import', 'omzet', file, '--rejected', rejectedFile, '--json');
      expect(res.code).toBe(1);
      expect(res.stdout).toBe('');
      expect(lines(res.stderr)).toEqual(['error: Kolom wajib tidak ada: periode, omzet']);
      expect(fs.existsSync(rejectedFile)).toBe(false);
      await registry.withTarget(async ({ db }) => {
        const reports = await db.selectFrom('omzet_report').select('period').execute();
        expect(reports).toHaveLength(3);
      });
    },
    budget(1),
  );

  it(
    'import --as records the named active account and refuses an unknown or disabled one in one line',
    async () => {
      const ids = await registry.withTarget(async ({ db }) => {
        const insert = (email: string, disabled: boolean) =>
          db
            .insertInto('app_user')
            .values({
              email,
              name: email,
              role: 'admin',
              password_hash: 'not-used',
              disabled_at: disabled ? new Date() : null,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
        return {
          kepala: (await insert('kepala@dinas.example', false)).id,
          gone: (await insert('pensiun@dinas.example', true)).id,
        };
      });
      const file = writeFile('omzet-09.csv', 'nik,nama_usaha,periode,omzet', [
        `${SITI.nik},${SITI.business},2020-09,7000000`,
      ]);
      // (Only the error lines: a busy machine may add a line about the embedded server's shutdown.)
      const errors = (stderr: string) => lines(stderr).filter((l) => !l.startsWith('[bangkit]'));
      const unknown = await registry.bangkit('import', 'omzet', file, '--as', 'siapa@dinas.example');
      expect(unknown.code).toBe(1);
      expect(unknown.stdout).toBe('');
      expect(errors(unknown.stderr)).toEqual(['error: --as siapa@dinas.example: no such account']);
      const disabled = await registry.bangkit('import', 'omzet', file, '--as', 'pensiun@dinas.example');
      expect(disabled.code).toBe(1);
      expect(errors(disabled.stderr)).toEqual(['error: --as pensiun@dinas.example: the account is disabled']);

      const res = await registry.bangkit('import', 'omzet', file, '--as', 'Kepala@Dinas.example', '--json');
      expect(res.code).toBe(0);
      expect(JSON.parse(res.stdout)).toMatchObject({ created: 1, rejected: 0 });
      await registry.withTarget(async ({ db }) => {
        const report = await db
          .selectFrom('omzet_report')
          .select('reported_by')
          .where('period', '=', '2020-09')
          .executeTakeFirstOrThrow();
        expect(report.reported_by).toBe(ids.kepala);
        const jobs = await db
          .selectFrom('import_job')
          .select(['created_by', 'created_by_label', 'status'])
          .where('file_name', '=', 'omzet-09.csv')
          .execute();
        expect(jobs).toEqual([
          { created_by: ids.kepala, created_by_label: 'kepala@dinas.example', status: 'done' },
        ]);
      });
    },
    budget(3),
  );

  it(
    'seed --demo loads the given number of demo businesses into a fresh database',
    async () => {
      const res = await demo.bangkit('seed', '--demo', '--businesses', '50', '--json');
      expect(res.code).toBe(0);
      const { businesses, omzet } = JSON.parse(res.stdout);
      expect(businesses).toEqual({ total: 50, created: 50, updated: 0, rejected: 0, reasons: {} });
      expect(omzet).toMatchObject({ updated: 0, rejected: 0, reasons: {} });
      expect(omzet.created).toBe(omzet.total);
      expect(omzet.total).toBeGreaterThan(50);
      await demo.withTarget(async ({ db }) => {
        const { n } = await db
          .selectFrom('business')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        expect(n).toBe(50);
      });
    },
    budget(1),
  );

  it(
    'seed refuses a number of businesses out of range with one line and exit code 1',
    async () => {
      const res = await registry.bangkit('seed', '--demo', '--businesses', '1000001');
      expect(res.code).toBe(1);
      expect(res.stdout).toBe('');
      expect(lines(res.stderr)).toEqual([
        'error: --businesses must be a whole number from 1 to 1,000,000, not "1000001"',
      ]);
    },
    budget(1),
  );
});
