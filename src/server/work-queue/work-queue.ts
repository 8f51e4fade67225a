import type { Role } from '../../shared/roles.ts';
import type { Config } from '../config.ts';
import type { DB } from '../db/database.ts';
import { localToday } from '../http/dates.ts';
import type { SessionUser } from '../http/guard.ts';
import type { WorkItem } from './work-queue.schema.ts';

/** What a provider is given: the database, the signed-in person, the configuration and today's date. */
export interface WorkQueueContext {
  db: DB;
  user: SessionUser;
  config: Config;
  /** Today in the deployment's time zone (`YYYY-MM-DD`), the same for every provider of one request. */
  today: string;
}

/**
 * One module's contribution to the work queue on Home: what waits for the people of `roles`. Each item
 * counts records of one list of the app and links to that list filtered to exactly those records, scoped
 * through the same access rules as the list itself (so a count never differs from what the link shows).
 */
export interface WorkItemProvider {
  /** Stable name, for the log when the provider fails. */
  id: string;
  roles: readonly Role[];
  items(context: WorkQueueContext): Promise<WorkItem[]>;
}

const SEVERITY_ORDER: Record<WorkItem['severity'], number> = { urgent: 0, warning: 1, info: 2 };

/**
 * The work queue, one mechanism every module plugs into (STYLE.md): a module registers its providers when
 * its routes are registered (`app.workQueue.registerWorkItems(provider)`), and `GET /api/v1/me/work-queue`
 * runs those serving the caller's role concurrently.
 */
export class WorkQueue {
  readonly #providers = new Map<string, WorkItemProvider>();

  registerWorkItems(provider: WorkItemProvider): void {
    if (this.#providers.has(provider.id))
      throw new Error(`Work-queue provider "${provider.id}" registered twice`);
    this.#providers.set(provider.id, provider);
  }

  providersFor(role: Role): WorkItemProvider[] {
    return [...this.#providers.values()].filter((p) => p.roles.includes(role));
  }

  /**
   * The items waiting for `user`, most urgent first (then in the order the providers were registered); items
   * with nothing waiting are left out. A provider that fails is named in `unavailable` and the others answer.
   */
  async collect(
    db: DB,
    user: SessionUser,
    config: Config,
    onError: (providerId: string, err: unknown) => void,
    now = new Date(),
  ): Promise<{ items: WorkItem[]; unavailable: string[] }> {
    const context: WorkQueueContext = { db, user, config, today: localToday(config.timezone, now) };
    const providers = this.providersFor(user.role);
    const settled = await Promise.allSettled(providers.map((p) => p.items(context)));
    const items: WorkItem[] = [];
    const unavailable: string[] = [];
    settled.forEach((result, i) => {
      const provider = providers[i]!;
      if (result.status === 'fulfilled') items.push(...result.value.filter((item) => item.count > 0));
      else {
        unavailable.push(provider.id);
        onError(provider.id, result.reason);
      }
    });
    // A stable sort: within one severity the registration order (and each provider's own order) stays.
    items.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
    return { items, unavailable };
  }
}
