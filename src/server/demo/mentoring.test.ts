import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { localToday } from '../http/dates.ts';
import { seedDemo } from './demo.ts';
import { addDays } from './mentoring-data.ts';

let t: TestApp;
let seeded: Awaited<ReturnType<typeof seedDemo>>;
beforeAll(async () => {
  t = await createTestApp();
  seeded = await seedDemo(t.database, t.config, { id: null, label: 'test' }, 400);
});
afterAll(() => t.close());

const one = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(t.db)).rows[0]!;

describe('the mentoring demo', () => {
  it('loads every row of its files through the importers, none rejected', () => {
    // Twelve mentors, each listed twice: with the first phase's certificate and with today's.
    expect(seeded.mentors).toMatchObject({ total: 24, created: 12, rejected: 0 });
    expect(seeded.sessions.rejected).toBe(0);
    expect(seeded.sessions.created).toBe(seeded.sessions.total);
  });

  it('has what the pages need: institutions, expiring and expired certificates, groups, follow-ups', async () => {
    const today = localToday(t.config.timezone);
    const figures = await one(sql<Record<string, number>>`
      select (select count(*) from institution where contact_name is not null)::int as institutions,
             (select count(*) from mentor_certificate
               where expires_on >= ${today}::date and expires_on < ${addDays(today, 60)}::date)::int as expiring,
             (select count(*) from (select user_id from mentor_certificate group by user_id
                                    having max(expires_on) < ${today}::date) lapsed)::int as expired,
             (select count(*) from mentoring_session where held_on <= '2021-12-31')::int as program,
             (select count(*) from mentoring_session where mode = 'kelompok' and businesses > 1)::int as groups,
             (select count(distinct b.kecamatan_code) from mentoring_case c join business b on b.id = c.business_id)::int as kecamatan,
             (select count(*) from mentoring_session where held_on < ${addDays(today, -150)}::date)::int as old,
             (select count(*) from mentoring_session where held_on > ${addDays(today, -30)}::date)::int as recent,
             (select count(*) from action_item)::int as actions,
             (select count(*) from action_item where done_at is not null)::int as done,
             (select count(*) from milestone)::int as milestones,
             (select count(*) from milestone where owner_confirmed_at is null)::int as unconfirmed,
             (select count(*) from mentoring_case where closed_on is not null)::int as closed`);
    expect(figures.institutions).toBe(3);
    expect(figures.expiring).toBe(1);
    expect(figures.expired).toBe(1);
    expect(figures.groups).toBeGreaterThanOrEqual(3);
    expect(figures.kecamatan).toBeGreaterThanOrEqual(5);
    expect(figures.old).toBeGreaterThan(0);
    // Sessions in the months the demo's turnover covers: outcomes compare mentored and not mentored there.
    expect(figures.program).toBeGreaterThan(0);
    expect(figures.recent).toBeGreaterThan(0);
    expect(figures.done).toBeGreaterThan(0);
    expect(figures.actions).toBeGreaterThan(figures.done);
    expect(figures.milestones).toBeGreaterThan(0);
    expect(figures.unconfirmed).toBeGreaterThan(0);
    expect(figures.closed).toBeGreaterThan(0);
  });

  it('a second seed adds nothing', async () => {
    const count = () =>
      one(sql<{ s: number; a: number; m: number }>`
        select (select count(*) from mentoring_session)::int as s, (select count(*) from action_item)::int as a,
               (select count(*) from milestone)::int as m`);
    const before = await count();
    const again = await seedDemo(t.database, t.config, { id: null, label: 'test' }, 400);
    expect(again.sessions).toMatchObject({ created: 0, rejected: 0 });
    expect(await count()).toEqual(before);
  });
});
