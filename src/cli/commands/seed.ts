import type { Command } from 'commander';
import { withDatabase } from '../context.ts';
import { CliError, note, printJson, say } from '../output.ts';

const MAX_DEMO_BUSINESSES = 1_000_000;

export function registerSeedCommand(program: Command) {
  program
    .command('seed')
    .description(
      'Load generated demo data: businesses in the deployment area with monthly turnover for 2020–2021, and mentoring (institutions, mentors, six months of sessions)',
    )
    .option('--demo', 'load the demo data set (the only seed there is)')
    .option(
      '--businesses <n>',
      `how many demo businesses, 1 to ${MAX_DEMO_BUSINESSES.toLocaleString('en')}`,
      demoBusinessCount,
      2000,
    )
    .option('--json', 'print the two import summaries as JSON: {businesses, omzet}')
    .addHelpText(
      'after',
      `
The data goes through the same importers as an office's files and is the same on every run, so
running it again updates the demo businesses instead of adding more. The server loads 2,000 of
them by itself on its first start with an empty registry (unless BANGKIT_DEMO=0).

Example:
  bangkit seed --demo --businesses 500`,
    )
    .action(async (options: { demo?: boolean; businesses: number; json?: boolean }) => {
      if (!options.demo) {
        throw new CliError(
          'only demo data can be seeded: add --demo (real data comes in with `bangkit import businesses|omzet FILE`)',
        );
      }
      const [{ isEmptyRegistry, seedDemo }, { describeCounts, importCounts }] = await Promise.all([
        import('../../server/demo/demo.ts'),
        import('../import-summary.ts'),
      ]);
      const { businesses, omzet, mentors, sessions } = await withDatabase(
        async ({ database, config, importActor }) => {
          const actor = await importActor();
          if (!(await isEmptyRegistry(database))) {
            note(
              'The registry already holds businesses: the demo ones are added beside them (those of an earlier seed are updated).',
            );
          }
          const seeded = await seedDemo(database, config, actor, options.businesses);
          return {
            businesses: importCounts(seeded.businesses),
            omzet: importCounts(seeded.omzet),
            mentors: importCounts(seeded.mentors),
            sessions: importCounts(seeded.sessions),
          };
        },
      );
      if (options.json) return printJson({ businesses, omzet });
      say(`Demo businesses: ${describeCounts(businesses)}`);
      say(`Demo turnover reports: ${describeCounts(omzet)}`);
      say(`Demo mentors: ${describeCounts(mentors)}`);
      say(`Demo mentoring sessions (one row per business): ${describeCounts(sessions)}`);
    });
}

function demoBusinessCount(value: string): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_DEMO_BUSINESSES) {
    throw new CliError(
      `--businesses must be a whole number from 1 to ${MAX_DEMO_BUSINESSES.toLocaleString('en')}, not "${value}"`,
    );
  }
  return n;
}
