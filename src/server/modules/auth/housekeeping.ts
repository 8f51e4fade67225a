import type { DB } from '../../db/database.ts';
import { forgetOldIdempotentRequests } from '../../http/idempotency.ts';
import { deleteExpiredSessions } from './auth.repository.ts';
import { forgetStaleThrottles } from './throttle.service.ts';

const EVERY_MS = 15 * 60_000;

/**
 * Deletes expired sessions, forgets quiet sign-in throttle keys and old idempotency answers: once when the server starts, then every
 * quarter of an hour. The timer never keeps the process alive and stops when the app closes.
 */
export class Housekeeping {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: DB,
    private readonly onError: (err: unknown) => void,
    private readonly everyMs = EVERY_MS,
  ) {}

  start() {
    if (this.timer) return;
    void this.sweep();
    this.timer = setInterval(() => void this.sweep(), this.everyMs);
    this.timer.unref();
  }

  /** One sweep, after any still running; a failure is reported, never thrown (the next sweep tries again). */
  sweep(): Promise<void> {
    this.current = this.current.then(async () => {
      try {
        await deleteExpiredSessions(this.db);
        await forgetStaleThrottles(this.db);
        await forgetOldIdempotentRequests(this.db);
      } catch (err) {
        this.onError(err);
      }
    });
    return this.current;
  }

  /** Resolves when the sweep under way (if any) has ended. */
  idle() {
    return this.current;
  }

  async stop() {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.current;
  }
}
