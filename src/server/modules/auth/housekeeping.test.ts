import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { buildApp } from '../../app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());
afterEach(() => {
  vi.useRealTimers();
});

async function addSession(userId: number, id: string, expiresIn: string) {
  await sql`insert into session (id, user_id, expires_at) values (${id}, ${userId}, now() + ${expiresIn}::interval)`.execute(
    t.db,
  );
}

const sessionIds = async (userId: number) =>
  (await t.db.selectFrom('session').select('id').where('user_id', '=', userId).orderBy('id').execute()).map(
    (s) => s.id,
  );

describe('housekeeping', () => {
  it('deletes expired sessions when the server starts', async () => {
    const user = await t.makeUser({ role: 'admin' });
    await addSession(user.id, 'start-expired', '-1 minute');
    await addSession(user.id, 'start-current', '1 hour');
    const app = await buildApp({ config: t.config, database: t.database });
    try {
      await app.ready();
      await app.housekeeping.idle();
      expect(await sessionIds(user.id)).toEqual(['start-current']);
    } finally {
      await app.close();
    }
  });

  it('deletes them again every quarter of an hour, forgets quiet throttle keys, and stops on close', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const user = await t.makeUser({ role: 'admin' });
    const app = await buildApp({ config: t.config, database: t.database });
    try {
      await app.ready();
      await app.housekeeping.idle();
      await addSession(user.id, 'later-expired', '-1 second');
      await addSession(user.id, 'later-current', '1 hour');
      await sql`insert into sign_in_throttle (account, ip, failures, last_failure_at)
        values ('quiet@example.org', '192.0.2.9', 3, now() - interval '2 days'),
               ('recent@example.org', '192.0.2.9', 3, now())`.execute(t.db);
      expect(await sessionIds(user.id)).toContain('later-expired');

      vi.advanceTimersByTime(15 * 60_000);
      await app.housekeeping.idle();
      expect(await sessionIds(user.id)).toEqual(['later-current']);
      const keys = await t.db
        .selectFrom('sign_in_throttle')
        .select('account')
        .where('ip', '=', '192.0.2.9')
        .execute();
      expect(keys.map((k) => k.account)).toEqual(['recent@example.org']);
    } finally {
      await app.close();
    }
    expect(vi.getTimerCount()).toBe(0);
  });
});
