import { type Command, Option } from 'commander';
import type { StatRowDto } from '../../server/modules/omzet/omzet.schema.ts';
import { STAT_GROUPINGS, type StatGrouping } from '../../shared/stat-groupings.ts';
import { withDatabase } from '../context.ts';
import { printJson, say, table } from '../output.ts';

interface StatsOptions {
  period: string;
  by: StatGrouping;
  kecamatan?: string;
  json?: boolean;
}

export function registerOmzetCommands(program: Command) {
  const omzet = program
    .command('omzet')
    .description('Turnover (omzet) reports: the recovery figures of the dashboard');

  omzet
    .command('stats')
    .description(
      'Print the recovery figures of one month, as the dashboard shows them for the whole deployment area',
    )
    .requiredOption('--period <YYYY-MM>', 'the month, e.g. 2020-08 (not in the future)')
    .addOption(
      new Option('--by <grouping>', 'one row per kecamatan, kelurahan, sector or for the whole city')
        .choices(STAT_GROUPINGS)
        .default('kecamatan'),
    )
    .option('--kecamatan <code>', 'only this kecamatan, e.g. 36.71.05 (with --by kelurahan: its kelurahan)')
    .option('--json', 'print {period, rows} as JSON')
    .addHelpText(
      'after',
      `
Each row: registered businesses, those reporting in the month, those without a pre-pandemic
baseline, the median decline against the baseline (%), how many grew or declined by <20 %,
20–50 %, 50–80 % or ≥80 %, and how many recovered (decline ≤ 10 %).

Examples:
  bangkit omzet stats --period 2020-08
  bangkit omzet stats --period 2021-03 --by kelurahan --kecamatan 36.71.05 --json`,
    )
    .action(async (options: StatsOptions) => {
      const [{ parseAreaCode }, { recoveryStats }] = await Promise.all([
        import('../../server/modules/areas/areas.service.ts'),
        import('../../server/modules/omzet/omzet.service.ts'),
      ]);
      const period = options.period.trim();
      const kecamatan = options.kecamatan === undefined ? undefined : parseAreaCode(options.kecamatan);
      const rows = await withDatabase(({ db, config }) =>
        recoveryStats(db, config, config.deploymentArea, period, options.by, kecamatan),
      );
      if (options.json) return printJson({ period, rows });
      say(`Recovery figures for ${period} by ${options.by}`);
      for (const line of statsTable(rows)) say(line);
    });

  omzet
    .command('rebuild-stats')
    .description(
      'Recompute the dashboard figures from every turnover report (maintenance, after changing reports or businesses with SQL by hand)',
    )
    .addHelpText(
      'after',
      `
Imports and saved reports keep the figures up to date by themselves; this is only needed after
writing to the tables directly. Run it while no import is in progress.`,
    )
    .action(async () => {
      const [{ reportPeriods }, { rebuildStats }] = await Promise.all([
        import('../../server/modules/omzet/omzet.service.ts'),
        import('../../server/modules/omzet/omzet.stats.repository.ts'),
      ]);
      const periods = await withDatabase(async ({ db }) => {
        await db.transaction().execute((trx) => rebuildStats(trx));
        return reportPeriods(db);
      });
      if (!periods.length) return say('Rebuilt the dashboard figures: there are no turnover reports yet.');
      const span = periods.length === 1 ? periods[0] : `${periods[0]} to ${periods.at(-1)}`;
      say(`Rebuilt the dashboard figures for ${periods.length} months (${span}).`);
    });
}

const STAT_HEADER = [
  'CODE',
  'NAME',
  'BUSINESSES',
  'REPORTING',
  'NO BASELINE',
  'MEDIAN DECLINE',
  'GREW',
  '<20%',
  '20-50%',
  '50-80%',
  '>=80%',
  'RECOVERED',
];

function statsTable(rows: readonly StatRowDto[]): string[] {
  const cells = rows.map((r) => [
    r.code,
    r.name,
    ...[r.businesses, r.reporting, r.noBaseline].map(String),
    r.medianDeclinePct === null ? '-' : `${r.medianDeclinePct.toFixed(1)}%`,
    ...[r.buckets.grew, r.buckets.lt20, r.buckets.d20_50, r.buckets.d50_80, r.buckets.gte80, r.recovered].map(
      String,
    ),
  ]);
  return table(STAT_HEADER, cells);
}
