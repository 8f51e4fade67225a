import { shiftDay } from '../../http/dates.ts';
import type { WorkItemProvider } from '../../work-queue/work-queue.ts';
import { countJobs } from './imports.repository.ts';

/** Failed imports are worth a look this long (today included). */
export const FAILED_IMPORT_DAYS = 30;

/**
 * The imports' part of the work queue: for the office, the imports of the last 30 days that failed as a
 * whole (a file that could not be read, an interrupted run), linking to the import page filtered the same way.
 */
export const importWorkItems: WorkItemProvider = {
  id: 'imports.failed',
  roles: ['admin'],
  async items({ db, config, today }) {
    const since = shiftDay(today, -(FAILED_IMPORT_DAYS - 1));
    const count = await countJobs(db, { status: 'failed', since: { day: since, timezone: config.timezone } });
    return [
      {
        key: 'imports.failed',
        count,
        params: { days: FAILED_IMPORT_DAYS },
        link: `/imports?status=failed&since=${since}`,
        severity: 'urgent',
      },
    ];
  },
};
