import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { localToday } from '../../server/http/dates.ts';
import type { CoverageRowDto } from '../../server/modules/mentoring/coverage.schema.ts';
import { budget, cliDatabase, lines } from '../test-harness.ts';

/* `bangkit mentoring coverage` through the real command, on a database of its own. */

const target = cliDatabase();
const KELURAHAN = '36.71.05.1001';
const ONLINE_KELURAHAN = '36.71.05.1002';

describe('bangkit mentoring coverage', () => {
  it(
    'prints one row per kelurahan of the deployment, also those with nothing, then counts what is there',
    async () => {
      const empty = await target.bangkit('mentoring', 'coverage', '--json');
      expect(empty.code, empty.stderr).toBe(0);
      const rows = JSON.parse(empty.stdout) as CoverageRowDto[];
      expect(rows).toHaveLength(104);
      for (const row of rows) {
        expect(row).toMatchObject({
          code: expect.stringMatching(/^36\.71\.\d{2}\.\d{4}$/),
          name: expect.any(String),
          kecamatanCode: row.code.slice(0, 8),
          businesses: 0,
          activeCases: 0,
          mentors: 0,
          sessions30d: 0,
          priority: true,
        });
      }

      // A business of Cipondoh with an open case and a session yesterday, written straight to the tables.
      const today = localToday('Asia/Jakarta');
      await target.withTarget(async ({ db }) => {
        await sql`
          with i as (insert into institution (name) values ('LP3W') returning id),
          m as (
            insert into app_user (email, name, role, institution_id, password_hash)
            select 'pendamping@test.local', 'Pendamping', 'mentor', i.id, 'x' from i returning id
          ),
          ma as (insert into mentor_area (user_id, kelurahan_code) select id, ${KELURAHAN} from m),
          o as (
            insert into owner (nik, name, gender, birth_date)
            values ('3671055203850001', 'Siti', 'P', '1985-03-12') returning id
          ),
          b as (
            insert into business (owner_id, name, name_key, sector, kelurahan_code, kecamatan_code)
            select o.id, 'Warung Siti', 'warung siti', 'kuliner', ${KELURAHAN}, '36.71.05' from o returning id
          ),
          c as (
            insert into mentoring_case (business_id, mentor_id, opened_on)
            select b.id, m.id, '2026-01-05' from b, m returning id, business_id, mentor_id
          ),
          s as (
            insert into mentoring_session (held_on, mode, mentor_id, prep_minutes, contact_minutes)
            select ${today}::date, 'kunjungan', m.id, 10, 50 from m returning id
          )
          insert into session_business (session_id, business_id, case_id)
          select s.id, c.business_id, c.id from s, c`.execute(db);
      });

      const filled = await target.bangkit('mentoring', 'coverage', '--kecamatan', '3671050', '--json');
      expect(filled.code).toBe(1);
      expect(filled.stderr).toContain('tidak sah');
      const cipondoh = await target.bangkit('mentoring', 'coverage', '--kecamatan', '36.71.05', '--json');
      expect(cipondoh.code, cipondoh.stderr).toBe(0);
      const kelurahan = JSON.parse(cipondoh.stdout) as CoverageRowDto[];
      expect(kelurahan).toHaveLength(10);
      expect(kelurahan.find((r) => r.code === KELURAHAN)).toMatchObject({
        name: 'Cipondoh',
        kecamatanCode: '36.71.05',
        kecamatanName: 'Cipondoh',
        businesses: 1,
        activeCases: 1,
        sharePct: 100,
        mentors: 1,
        activeMentors: 1,
        sessions30d: 1,
        priority: false,
      });

      const table = await target.bangkit('mentoring', 'coverage', '--by', 'kecamatan');
      expect(table.code, table.stderr).toBe(0);
      const [title, header, ...body] = lines(table.stdout);
      expect(title).toContain(`Mentoring coverage on ${today}`);
      expect(header).toMatch(/^CODE\s+NAME\s+BUSINESSES\s+OPEN CASES/);
      expect(body).toHaveLength(13);
      expect(body.find((l) => l.startsWith('36.71.05'))).toMatch(/Cipondoh\s+1\s+1\s+100\.0%\s+1\s+1\s+1/);
    },
    budget(4),
  );

  it(
    'rebuild-aggregates restores the board after the aggregates were written to by hand',
    async () => {
      const before = JSON.parse(
        (await target.bangkit('mentoring', 'coverage', '--json')).stdout,
      ) as CoverageRowDto[];
      const held = before.find((r) => r.code === KELURAHAN)!;
      expect(held.businesses).toBeGreaterThan(0);
      // The aggregates emptied behind the triggers' back: the board no longer sees the kelurahan's work.
      await target.withTarget(async ({ db }) => {
        await sql`truncate agg_kelurahan, agg_case_pair, agg_session_area`.execute(db);
      });
      const broken = JSON.parse(
        (await target.bangkit('mentoring', 'coverage', '--json')).stdout,
      ) as CoverageRowDto[];
      expect(broken.find((r) => r.code === KELURAHAN)).toMatchObject({ businesses: 0, activeCases: 0 });

      const rebuilt = await target.bangkit('mentoring', 'rebuild-aggregates');
      expect(rebuilt.code, rebuilt.stderr).toBe(0);
      expect(rebuilt.stdout).toContain('Rebuilt the mentoring aggregates');
      const after = JSON.parse(
        (await target.bangkit('mentoring', 'coverage', '--json')).stdout,
      ) as CoverageRowDto[];
      expect(after).toEqual(before);
    },
    budget(2),
  );

  it(
    'counts the businesses selling online (a shop, a marketplace, an online-sales milestone), kept and rebuilt',
    async () => {
      // Cibodas Baru (36.71.05.1002): an approved shop, a marketplace in the registry, an online-sales milestone,
      // a business with nothing, and an archived one with a marketplace; written straight to the tables.
      await target.withTarget(async ({ db }) => {
        await sql`
          with o as (
            insert into owner (nik, name, gender, birth_date)
            values ('3671055203850002', 'Rina', 'P', '1985-03-12') returning id
          ),
          b as (
            insert into business (owner_id, name, name_key, sector, kelurahan_code, kecamatan_code, online, archived_at)
            select o.id, v.name, lower(v.name), 'kuliner', ${ONLINE_KELURAHAN}, '36.71.05', v.online::jsonb, v.archived
            from o, (values ('Toko Rina', '{}', null::timestamptz),
                            ('Kue Rina', '{"marketplaces": ["shopee.co.id/kue-rina"]}', null),
                            ('Sambal Rina', '{}', null),
                            ('Jahit Rina', '{"social": ["@jahitrina"]}', null),
                            ('Tutup Rina', '{"marketplaces": ["tokopedia.com/tutup"]}', now())) v(name, online, archived)
            returning id, name
          ),
          s as (
            insert into shop (business_id, slug, name, pickup_kecamatan_code, whatsapp, state, approved_at)
            select id, 'toko-rina', 'Toko Rina', '36.71.05', '+6281234567890', 'approved', now()
            from b where name = 'Toko Rina'
          )
          insert into milestone (business_id, kind, achieved_on, details)
          select id, 'online_sales', '2026-11-02', '{"channel": "WhatsApp"}' from b where name = 'Sambal Rina'`.execute(
          db,
        );
      });
      const read = async () => {
        const res = await target.bangkit('mentoring', 'coverage', '--json');
        expect(res.code, res.stderr).toBe(0);
        return JSON.parse(res.stdout) as CoverageRowDto[];
      };
      const rows = await read();
      expect(rows).toHaveLength(104);
      for (const row of rows) expect(typeof row.sellingOnline, row.code).toBe('number');
      expect(rows.find((r) => r.code === ONLINE_KELURAHAN)).toMatchObject({
        businesses: 4,
        sellingOnline: 3,
        sellingOnlinePct: 75,
      });
      expect(rows.filter((r) => r.sellingOnline > 0).map((r) => r.code)).toEqual([ONLINE_KELURAHAN]);
      const byKecamatan = await target.bangkit('mentoring', 'coverage', '--by', 'kecamatan', '--json');
      expect(
        (JSON.parse(byKecamatan.stdout) as CoverageRowDto[]).find((r) => r.code === '36.71.05'),
      ).toMatchObject({ businesses: 5, sellingOnline: 3, sellingOnlinePct: 60 });

      // Emptied behind the triggers' back, then rebuilt.
      await target.withTarget(async ({ db }) => {
        await sql`truncate agg_business_online, agg_kelurahan_online`.execute(db);
      });
      expect((await read()).find((r) => r.code === ONLINE_KELURAHAN)?.sellingOnline).toBe(0);
      expect((await target.bangkit('mentoring', 'rebuild-aggregates')).code).toBe(0);
      expect((await read()).find((r) => r.code === ONLINE_KELURAHAN)?.sellingOnline).toBe(3);
    },
    budget(6),
  );
});
