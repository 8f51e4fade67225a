import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { seedDemo } from './demo.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedDemo(t.database, t.config, { id: null, label: 'test' }, 300);
}, 600_000);
afterAll(() => t.close());

describe('the certificates demo', () => {
  it('gives every attendee of the demo events one, and a mentor the program’s own; a second seed gives no one a second', async () => {
    const attendees = await t.db
      .selectFrom('event_registration')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('checked_in_at', 'is not', null)
      .executeTakeFirstOrThrow();
    const rows = await t.db.selectFrom('certificate').select(['kind', 'event_registration_id']).execute();
    expect(Number(attendees.n)).toBeGreaterThan(0);
    expect(rows.filter((r) => r.kind === 'event_attendance')).toHaveLength(Number(attendees.n));
    expect(rows.filter((r) => r.kind === 'mentor_competency')).toHaveLength(1);

    // Again: one certificate per attendance still, and no second one for the mentor.
    await seedDemo(t.database, t.config, { id: null, label: 'test' }, 300);
    const after = await t.db
      .selectFrom('event_registration as r')
      .leftJoin('certificate as c', 'c.event_registration_id', 'r.id')
      .select(['r.id', 'c.id as certificate'])
      .where('r.checked_in_at', 'is not', null)
      .execute();
    expect(after.every((r) => r.certificate !== null)).toBe(true);
    const kinds = await t.db.selectFrom('certificate').select('kind').execute();
    expect(kinds.filter((r) => r.kind === 'event_attendance')).toHaveLength(after.length);
    expect(kinds.filter((r) => r.kind === 'mentor_competency')).toHaveLength(1);
  }, 600_000);
});
