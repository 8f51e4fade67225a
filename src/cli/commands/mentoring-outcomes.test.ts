import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { budget, cliDatabase } from '../test-harness.ts';

/* `bangkit mentoring outcomes` through the real command, on a database of its own. */

const { bangkit, withTarget } = cliDatabase();

describe('bangkit mentoring outcomes', () => {
  it(
    'prints the outcomes of a month as JSON, with the figures of the mentor, the institution and the city',
    async () => {
      expect((await bangkit('migrate')).code).toBe(0);
      await withTarget(async ({ db }) => {
        const institution = await sql<{ id: number }>`
          insert into institution (name) values ('LP3W Kota Tangerang') returning id::int`.execute(db);
        const mentor = await sql<{ id: number }>`
          insert into app_user (email, name, role, institution_id, password_hash)
          values ('pendamping@lp3w.id', 'Dewi', 'mentor', ${institution.rows[0]!.id}, 'x') returning id::int`.execute(
          db,
        );
        const mentorId = mentor.rows[0]!.id;
        const owners = await sql<{ id: number }>`
          insert into owner (nik, name, gender, birth_date)
          values ('3671054101900001', 'Pemilik A', 'P', '1990-01-01'), ('3671054101900002', 'Pemilik B', 'P', '1990-01-01')
          returning id::int`.execute(db);
        const businesses = await sql<{ id: number }>`
          insert into business (owner_id, name, name_key, sector, kelurahan_code, kecamatan_code, baseline_omzet)
          select o.id, 'Usaha ' || o.id, 'usaha ' || o.id, 'kuliner', '36.71.05.1001', '36.71.05', 10000000
          from unnest(${owners.rows.map((o) => o.id)}::bigint[]) as o(id)
          returning id::int`.execute(db);
        const [a, bb] = businesses.rows.map((r) => r.id);
        const cases = await sql<{ id: number }>`
          insert into mentoring_case (business_id, mentor_id, opened_on)
          values (${a}, ${mentorId}, '2024-01-02'), (${bb}, ${mentorId}, '2024-01-02') returning id::int`.execute(
          db,
        );
        const session = await sql<{ id: number }>`
          insert into mentoring_session (held_on, mode, mentor_id, prep_minutes, contact_minutes, businesses)
          values ('2024-02-01', 'kelompok', ${mentorId}, 30, 90, 2) returning id::int`.execute(db);
        await sql`insert into session_business (session_id, business_id, case_id)
          values (${session.rows[0]!.id}, ${a}, ${cases.rows[0]!.id}), (${session.rows[0]!.id}, ${bb}, ${cases.rows[1]!.id})`.execute(
          db,
        );
      });

      const res = await bangkit('mentoring', 'outcomes', '--period', '2024-03', '--json');
      expect(res.stderr).toBe('');
      expect(res.code).toBe(0);
      const out = JSON.parse(res.stdout);
      expect(Object.keys(out)).toEqual(
        expect.arrayContaining(['period', 'city', 'institutions', 'mentors', 'comparison']),
      );
      expect(out.period).toBe('2024-03');
      expect(out.city).toMatchObject({ businesses: 2, sessions: 1, prepMinutes: 30, contactMinutes: 90 });
      expect(out.city.creditedMinutes).toBe(210); // 2 × (90 + 30 / 2)
      expect(out.institutions).toEqual([
        expect.objectContaining({ name: 'LP3W Kota Tangerang', businesses: 2, sessions: 1 }),
      ]);
      expect(out.mentors).toEqual([
        expect.objectContaining({
          email: 'pendamping@lp3w.id',
          businesses: 2,
          sessions: 1,
          prepMinutes: 30,
          contactMinutes: 90,
          longTermClients: 0,
        }),
      ]);
      expect(out.comparison.mentored).toMatchObject({ reporting: 0, recovered: 0 });
      expect(out.comparison.notMentored).toMatchObject({ reporting: 0, recovered: 0 });
      expect(out.comparison.method.id).toMatch(/Maret 2024/);
    },
    budget(2),
  );

  it(
    'refuses a malformed month in one line',
    async () => {
      const res = await bangkit('mentoring', 'outcomes', '--period', '2024-13');
      expect(res.code).toBe(1);
      expect(res.stderr).toMatch(/^error: Periode harus berbentuk YYYY-MM/);
      expect(res.stdout).toBe('');
    },
    budget(1),
  );
});
