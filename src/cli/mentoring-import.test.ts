import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MENTOR_COLUMNS, SESSION_COLUMNS } from '../shared/import-columns.ts';
import { budget, cliDatabase } from './test-harness.ts';

/*
 * `bangkit import mentors|sessions FILE --json` through the real command, the contract offices' scripts
 * read: {total, created, updated, rejected, reasons} adding up, plus `unchanged`.
 */

const target = cliDatabase();
let files: string;
beforeAll(() => {
  files = fs.mkdtempSync(path.join(os.tmpdir(), 'bangkit-cli-mentoring-'));
});
afterAll(() => fs.rmSync(files, { recursive: true, force: true }));

function writeFile(name: string, header: readonly string[], rows: Record<string, string>[]): string {
  const file = path.join(files, name);
  const lines = rows.map((r) => header.map((c) => r[c] ?? '').join(','));
  fs.writeFileSync(file, `${[header.join(','), ...lines].join('\n')}\n`);
  return file;
}

const SITI = '3671055203850001';
const BUDI = '3671070708900002';

const addsUp = (s: {
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
}) => expect(s.created + s.updated + s.unchanged + s.rejected).toBe(s.total);

describe('bangkit import mentors and sessions', () => {
  it(
    'imports mentors, then their sessions, and a second import of the sessions changes nothing',
    async () => {
      const businesses = path.join(files, 'usaha.csv');
      fs.writeFileSync(
        businesses,
        `nik,nama_pemilik,nama_usaha,sektor,kode_kelurahan\n${SITI},Siti Aminah,Warung Siti,kuliner,3671051001\n${BUDI},Budi Santoso,Bengkel Budi,jasa,3671071001\n`,
      );
      expect((await target.bangkit('import', 'businesses', businesses, '--json')).code).toBe(0);

      const mentors = writeFile('pendamping.csv', MENTOR_COLUMNS, [
        {
          email: 'rina@lp3w.or.id',
          nama: 'Rina Lestari',
          lembaga: 'LP3W',
          keahlian: 'pemasaran|digital',
          kode_kelurahan: '36.71.05.1001',
          no_sertifikat: 'BNSP-1',
          skema: 'Pendamping UMKM',
          lsp: 'LSP PUK',
          tanggal_terbit: '01/02/2024',
          tanggal_berlaku: '2027-02-01',
        },
        { email: 'tanpa-nama@lp3w.or.id', lembaga: 'LP3W' },
      ]);
      const m = await target.bangkit('import', 'mentors', mentors, '--json');
      expect(m.code).toBe(0);
      const mentorSummary = JSON.parse(m.stdout);
      expect(mentorSummary).toEqual({
        total: 2,
        created: 1,
        updated: 0,
        rejected: 1,
        reasons: { required_missing: 1 },
        unchanged: 0,
      });

      const sessions = writeFile(
        'sesi.csv',
        SESSION_COLUMNS,
        [
          { kode_sesi: 'S-1', nik: SITI },
          { kode_sesi: 'S-2', nik: SITI, mode: 'kelompok' },
          { kode_sesi: 'S-2', nik: BUDI, mode: 'kelompok' },
          { kode_sesi: 'S-3', nik: BUDI, menit_persiapan: '-10' },
        ].map((r) => ({
          tanggal: '2026-05-04',
          email_pendamping: 'rina@lp3w.or.id',
          mode: 'kunjungan',
          menit_persiapan: '20',
          menit_tatap_muka: '60',
          topik: 'pemasaran',
          ...r,
        })),
      );
      const first = await target.bangkit('import', 'sessions', sessions, '--json');
      expect(first.code).toBe(0);
      const summary = JSON.parse(first.stdout);
      expect(Object.keys(summary)).toEqual([
        'total',
        'created',
        'updated',
        'rejected',
        'reasons',
        'unchanged',
      ]);
      expect(summary).toEqual({
        total: 4,
        created: 3,
        updated: 0,
        rejected: 1,
        reasons: { minutes_invalid: 1 },
        unchanged: 0,
      });
      addsUp(summary);

      const again = await target.bangkit('import', 'sessions', sessions);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('4 rows: 0 created, 0 updated, 3 unchanged, 1 rejected');
      expect(again.stdout).toContain('minutes_invalid');

      await target.withTarget(async ({ db }) => {
        const stored = await db
          .selectFrom('mentoring_session')
          .select(['code', 'businesses'])
          .orderBy('code')
          .execute();
        expect(stored).toEqual([
          { code: 'S-1', businesses: 1 },
          { code: 'S-2', businesses: 2 },
        ]);
        const cases = await db.selectFrom('mentoring_case').select('business_id').execute();
        expect(cases).toHaveLength(2);
      });
    },
    budget(5),
  );
});
