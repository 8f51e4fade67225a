import { Command, CommanderError } from 'commander';
import { readVersion } from '../server/package-root.ts';
import { registerAidCommands } from './commands/aid.ts';
import { registerBackupCommands } from './commands/backup.ts';
import { registerCertificateCommands } from './commands/certificates.ts';
import { registerImportCommands } from './commands/import.ts';
import { registerInstitutionCommands } from './commands/institution.ts';
import {
  registerMentoringCoverageCommand,
  registerMentoringRebuildCommand,
} from './commands/mentoring-coverage.ts';
import { registerMentoringOutcomesCommand } from './commands/mentoring-outcomes.ts';
import { registerMigrateCommand } from './commands/migrate.ts';
import { registerOmzetCommands } from './commands/omzet.ts';
import { registerSeedCommand } from './commands/seed.ts';
import { registerUserCommands } from './commands/user.ts';
import { CliError, CliExit, fail } from './output.ts';

/**
 * One entry per command group (a file in commands/); add a new group here. A group file describes its
 * commands and imports what they run inside their actions (`await import(…)`): `bangkit --help` then loads
 * commander and the descriptions only, not the database driver and the services (scripts/build.mjs splits
 * the CLI bundle at those imports).
 */
const COMMAND_GROUPS: ReadonlyArray<(program: Command) => void> = [
  registerMigrateCommand,
  registerUserCommands,
  registerInstitutionCommands,
  registerImportCommands,
  registerOmzetCommands,
  registerSeedCommand,
  registerAidCommands,
  registerMentoringOutcomesCommand,
  registerBackupCommands,
  registerMentoringCoverageCommand,
  registerCertificateCommands,
  registerMentoringRebuildCommand,
];

const ENVIRONMENT_HELP = `
The database is chosen the same way as for the server:
  DATABASE_URL      PostgreSQL connection URL (postgres://user:pass@host:5432/db)
  BANGKIT_DATA_DIR  without DATABASE_URL: directory of the embedded PostgreSQL (default ./data);
                    while the server runs, commands use its database server
  BANGKIT_AREA      the city or regency this deployment serves (default 36.71)`;

export function buildProgram(): Command {
  // Settings made here before the groups register are inherited by every subcommand.
  const program = new Command('bangkit')
    .description(
      'Operate a Bangkit installation: database, accounts, mentoring institutions and the business registry.',
    )
    .version(readVersion(), '-V, --version', 'print the version and exit')
    .helpOption('-h, --help', 'show help for a command')
    .helpCommand('help [command]', 'show help for a command')
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', ENVIRONMENT_HELP);
  for (const register of COMMAND_GROUPS) register(program);
  return program;
}

/** Runs the command line and returns the process exit code. */
export async function run(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (err) {
    return report(err);
  }
}

async function report(err: unknown): Promise<number> {
  // Commander has already printed its own message (unknown option, missing argument, --help, --version).
  if (err instanceof CommanderError) return err.exitCode;
  if (err instanceof CliExit) return err.exitCode;
  const [{ AppError }, { ConfigError }, { EmbeddedDatabaseError }, { BackupError }] = await Promise.all([
    import('../server/http/errors.ts'),
    import('../server/config.ts'),
    import('../server/db/embedded-cluster.ts'),
    import('../server/db/backup.ts'),
  ]);
  if (
    err instanceof AppError ||
    err instanceof EmbeddedDatabaseError ||
    err instanceof BackupError ||
    err instanceof CliError
  ) {
    fail(err.message);
  } else if (err instanceof ConfigError) {
    fail(err.message.replace(/\n\s*/g, ' '));
  } else {
    const connection = connectionProblem(err);
    if (connection) fail(connection);
    else console.error(err);
  }
  return 1;
}

// Network failures and the PostgreSQL errors of class 28 (authentication) and 3D (no such database).
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN']);

function connectionProblem(err: unknown): string | undefined {
  if (!(err instanceof Error) || !('code' in err) || typeof err.code !== 'string') return undefined;
  const { code } = err;
  if (!CONNECTION_CODES.has(code) && !code.startsWith('28') && !code.startsWith('3D')) return undefined;
  return `cannot use the PostgreSQL database in DATABASE_URL: ${err.message || code}`;
}
