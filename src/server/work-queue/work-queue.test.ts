import { describe, expect, it } from 'vitest';
import { testConfig } from '../../../test/support/app.ts';
import type { DB } from '../db/database.ts';
import type { SessionUser } from '../http/guard.ts';
import type { WorkItem } from './work-queue.schema.ts';
import { type WorkItemProvider, WorkQueue } from './work-queue.ts';

/** The mechanism alone: which providers answer whom, in what order, and what a failing one does. */

const config = testConfig();
const db = {} as DB;
const officer: SessionUser = {
  id: 7,
  email: 'petugas@test.local',
  name: 'Petugas',
  role: 'area_officer',
  areaCode: '36.71.05',
  areaName: null,
  institutionId: null,
  institutionName: null,
  mustChangePassword: false,
};

const item = (key: string, count: number, severity: WorkItem['severity'] = 'warning'): WorkItem => ({
  key,
  count,
  params: {},
  link: `/${key}`,
  severity,
});

function provider(id: string, roles: WorkItemProvider['roles'], items: WorkItemProvider['items']) {
  return { id, roles, items } satisfies WorkItemProvider;
}

describe('the work queue', () => {
  it('asks only the providers serving the role, gives them the user and today, and drops empty items', async () => {
    const queue = new WorkQueue();
    const seen: string[] = [];
    queue.registerWorkItems(
      provider('a', ['area_officer'], async ({ user, today }) => {
        seen.push(`${user.id}@${today}`);
        return [item('a.some', 3), item('a.none', 0)];
      }),
    );
    queue.registerWorkItems(provider('b', ['admin'], async () => [item('b.office', 9)]));
    const now = new Date('2026-12-06T18:30:00Z'); // 01:30 on 7 December in Asia/Jakarta
    const result = await queue.collect(db, officer, config, () => {}, now);
    expect(result).toEqual({ items: [item('a.some', 3)], unavailable: [] });
    expect(seen).toEqual(['7@2026-12-07']);
  });

  it('runs the providers concurrently and puts the urgent first, keeping the registration order otherwise', async () => {
    const queue = new WorkQueue();
    const started: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    queue.registerWorkItems(
      provider('slow', ['area_officer'], async () => {
        started.push('slow');
        await gate; // answers only once the second provider has started: they run side by side
        return [item('slow.info', 1, 'info'), item('slow.warning', 2)];
      }),
    );
    queue.registerWorkItems(
      provider('fast', ['area_officer'], async () => {
        started.push('fast');
        release();
        return [item('fast.warning', 4), item('fast.urgent', 5, 'urgent')];
      }),
    );
    const { items } = await queue.collect(db, officer, config, () => {});
    expect(started).toEqual(['slow', 'fast']);
    expect(items.map((i) => i.key)).toEqual(['fast.urgent', 'slow.warning', 'fast.warning', 'slow.info']);
  });

  it('still answers when one provider fails, naming it and reporting the error', async () => {
    const queue = new WorkQueue();
    queue.registerWorkItems(
      provider('broken', ['area_officer'], async () => {
        throw new Error('database gone');
      }),
    );
    queue.registerWorkItems(provider('fine', ['area_officer'], async () => [item('fine.one', 1)]));
    const errors: string[] = [];
    const result = await queue.collect(db, officer, config, (id, err) =>
      errors.push(`${id}: ${(err as Error).message}`),
    );
    expect(result).toEqual({ items: [item('fine.one', 1)], unavailable: ['broken'] });
    expect(errors).toEqual(['broken: database gone']);
  });

  it('refuses a provider registered twice under one name', () => {
    const queue = new WorkQueue();
    queue.registerWorkItems(provider('twice', ['admin'], async () => []));
    expect(() => queue.registerWorkItems(provider('twice', ['admin'], async () => []))).toThrow(/twice/);
  });
});
