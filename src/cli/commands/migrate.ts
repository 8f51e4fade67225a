import type { Command } from 'commander';
import { describeDatabase, withDatabase } from '../context.ts';
import { say } from '../output.ts';

export function registerMigrateCommand(program: Command) {
  program
    .command('migrate')
    .description(
      'Bring the database schema up to date and load the administrative area data (the server does this at start too)',
    )
    .action(async () => {
      let changed = false;
      const where = await withDatabase(
        async ({ config }) => describeDatabase(config),
        (message) => {
          changed = true;
          say(message);
        },
      );
      if (!changed) say('Nothing to do: the schema is up to date and the area data is loaded.');
      say(`Database ready: ${where}`);
    });
}
