import os from 'node:os';
import type { Config } from '../server/config.ts';
import type { DatabaseHandle, DB } from '../server/db/database.ts';
import type { Actor } from '../server/http/guard.ts';
import { CliError, note } from './output.ts';

export interface CliContext {
  readonly config: Config;
  readonly db: DB;
  /** The open database itself, for the services that need more than queries (bulk imports). */
  readonly database: DatabaseHandle;
  /** The operator at the command line, as the audit log names them. */
  readonly actor: Actor;
  /**
   * Who an import is recorded for (the job, the audit log, `reported_by` of each report): the active
   * account `--as EMAIL` names, else the command line's system account, labelled with the operator.
   */
  importActor(as?: string): Promise<Actor>;
}

/**
 * Opens the configured database the way the server does (migrations applied, area data loaded),
 * runs `task` and closes the database on every path. `log` receives what preparing the database did.
 * `prepare: false` opens it as it is (a restore brings its own schema).
 */
export async function withDatabase<T>(
  task: (ctx: CliContext) => Promise<T>,
  log: (message: string) => void = note,
  { prepare = true }: { prepare?: boolean } = {},
): Promise<T> {
  // Loaded here, not at the top: see COMMAND_GROUPS in program.ts.
  const [
    { configFromEnv, prepareDatabase },
    { openDatabase },
    { findUserByEmail },
    { CLI_ACCOUNT_EMAIL, cliAccountId },
  ] = await Promise.all([
    import('../server/bootstrap.ts'),
    import('../server/db/database.ts'),
    import('../server/modules/users/users.repository.ts'),
    import('../server/modules/users/users.service.ts'),
  ]);
  const config = configFromEnv();
  const handle = prepare ? await prepareDatabase(config, log) : await openDatabase(config, { log });
  try {
    const actor = { id: null, label: `cli:${operatorName()}` };
    const importActor = async (as?: string): Promise<Actor> => {
      if (as === undefined) return { id: await cliAccountId(handle.db), label: actor.label };
      const account = await findUserByEmail(handle.db, as);
      if (!account || account.email === CLI_ACCOUNT_EMAIL) throw new CliError(`--as ${as}: no such account`);
      if (account.disabled_at) throw new CliError(`--as ${as}: the account is disabled`);
      return { id: account.id, label: account.email };
    };
    return await task({ config, db: handle.db, database: handle, actor, importActor });
  } finally {
    await handle.close();
  }
}

/** Where the configured database is, without credentials. */
export function describeDatabase(config: Config): string {
  if (!config.databaseUrl) return `embedded PostgreSQL in ${config.dataDir}`;
  const url = new URL(config.databaseUrl);
  return `PostgreSQL at ${url.host}${url.pathname}`;
}

function operatorName(): string {
  try {
    return os.userInfo().username;
  } catch {
    // A uid without a passwd entry (some containers).
    return process.env.USER ?? `uid ${process.getuid?.() ?? 'unknown'}`;
  }
}
