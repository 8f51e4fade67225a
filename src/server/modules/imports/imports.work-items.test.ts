import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { localToday, shiftDay } from '../../http/dates.ts';
import type { ImportStatus } from './imports.table.ts';

/** Failed imports on the office's Home: the last 30 days only, and the import list its link opens shows them. */

let t: TestApp;
let admin: string;
let officer: string;
const jobs: Record<string, number> = {};

async function job(status: ImportStatus, daysAgo: number) {
  const row = await t.db
    .insertInto('import_job')
    .values({
      kind: 'businesses',
      status,
      file_name: `usaha-${status}-${daysAgo}.csv`,
      params: JSON.stringify({}),
      created_by: null,
      created_by_label: 'admin@test.local',
      total_bytes: 100,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // Noon in the deployment's time zone, `daysAgo` days back.
  const day = shiftDay(localToday(t.config.timezone), -daysAgo);
  await sql`update import_job set created_at = (${day}::date + time '12:00') at time zone ${t.config.timezone}
            where id = ${row.id}`.execute(t.db);
  return row.id;
}

beforeAll(async () => {
  t = await createTestApp();
  admin = (await t.signedIn({ role: 'admin' })).cookie;
  officer = (await t.signedIn({ role: 'area_officer', areaCode: '36.71.05' })).cookie;
  jobs.today = await job('failed', 0);
  jobs.edge = await job('failed', 29); // the 30th day back, today included: still in
  jobs.old = await job('failed', 30); // just out
  jobs.done = await job('done', 1);
});
afterAll(() => t.close());

const queue = async (cookie: string) =>
  (await t.app.inject({ method: 'GET', url: '/api/v1/me/work-queue', headers: { cookie } })).json().items as {
    key: string;
    count: number;
    link: string;
  }[];

describe('failed imports in the work queue', () => {
  it('counts the office’s imports that failed in the last 30 days and links to exactly those', async () => {
    const items = (await queue(admin)).filter((i) => i.key === 'imports.failed');
    expect(items).toMatchObject([{ count: 2, params: { days: 30 }, severity: 'urgent' }]);
    const link = new URL(items[0]!.link, 'http://app.local');
    expect(link.pathname).toBe('/imports');
    const list = await t.app.inject({
      method: 'GET',
      url: `/api/v1/imports?${link.searchParams}`,
      headers: { cookie: admin },
    });
    expect(list.statusCode).toBe(200);
    expect((list.json() as { id: number; status: string }[]).map((j) => j.id)).toEqual(
      [jobs.edge, jobs.today].sort((a, b) => b - a),
    );
  });

  it('is the office’s item only', async () => {
    expect((await queue(officer)).filter((i) => i.key === 'imports.failed')).toEqual([]);
  });

  it('refuses a bad date in the list filter with a field error', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/imports?status=failed&since=2026-02-30',
      headers: { cookie: admin },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toMatch(/since/);
  });
});
