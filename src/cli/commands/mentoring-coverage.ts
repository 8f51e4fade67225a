import { type Command, Option } from 'commander';
import type { CoverageRowDto } from '../../server/modules/mentoring/coverage.schema.ts';
import { withDatabase } from '../context.ts';
import { printJson, say, table } from '../output.ts';

/**
 * The `mentoring` group, made once: mentoring commands of several files (coverage here, outcomes beside it)
 * share it, whichever registers first.
 */
export function mentoringGroup(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === 'mentoring') ??
    program.command('mentoring').description('Mentoring (pendampingan): coverage, outcomes')
  );
}

interface CoverageOptions {
  by: 'kelurahan' | 'kecamatan';
  kecamatan?: string;
  json?: boolean;
}

/** `bangkit mentoring rebuild-aggregates`: the maintained aggregates recomputed from the source tables. */
export function registerMentoringRebuildCommand(program: Command) {
  mentoringGroup(program)
    .command('rebuild-aggregates')
    .description(
      'Recompute the coverage board and outcomes aggregates from the cases, sessions and reports (maintenance)',
    )
    .addHelpText(
      'after',
      `
Every write (the web app, the imports, SQL by hand) keeps the aggregates exact by itself, through triggers;
this is only needed after writing to the tables with their triggers disabled.`,
    )
    .action(async () => {
      const { rebuildAggregates } = await import('../../server/modules/mentoring/aggregates.repository.ts');
      await withDatabase(({ db }) => db.transaction().execute((trx) => rebuildAggregates(trx)));
      say('Rebuilt the mentoring aggregates (coverage board and outcomes).');
    });
}

export function registerMentoringCoverageCommand(program: Command) {
  mentoringGroup(program)
    .command('coverage')
    .description(
      'Print the mentoring coverage of every kelurahan of the deployment (also those with nothing yet)',
    )
    .addOption(
      new Option('--by <level>', 'one row per kelurahan or per kecamatan')
        .choices(['kelurahan', 'kecamatan'])
        .default('kelurahan'),
    )
    .option('--kecamatan <code>', 'only the kelurahan of this kecamatan, e.g. 36.71.05')
    .option('--json', 'print the rows as a JSON array')
    .addHelpText(
      'after',
      `
Each row: registered businesses (not archived), businesses with an open case, distinct mentors with an
open case there or covering it, active mentors (an open case there or a session there in the last 30
days), sessions in the last 30 days up to today (BANGKIT_TIMEZONE), the share mentored, the rollout
target with its progress, and the businesses selling online (an approved shop on the marketplace, a
marketplace recorded in the registry, or an online-sales milestone with its channel) with their share.
A kelurahan with no active mentor or no session in 30 days is a priority.

Examples:
  bangkit mentoring coverage --json
  bangkit mentoring coverage --by kecamatan
  bangkit mentoring coverage --kecamatan 36.71.05 --json`,
    )
    .action(async (options: CoverageOptions) => {
      const { coverageBoard, coverageKecamatan, coverageViewer } = await import(
        '../../server/modules/mentoring/coverage.service.ts'
      );
      const board = await withDatabase(({ db, config }) => {
        const viewer = coverageViewer(null, config);
        return coverageBoard(
          db,
          config,
          viewer,
          options.by,
          coverageKecamatan(options.kecamatan, viewer, config),
        );
      });
      if (options.json) return printJson(board.rows);
      say(`Mentoring coverage on ${board.today} (sessions since ${board.windowStart}), by ${options.by}`);
      for (const line of coverageTable(board.rows)) say(line);
    });
}

function coverageTable(rows: readonly CoverageRowDto[]): string[] {
  const cells = rows.map((r) => [
    r.code,
    r.name,
    String(r.businesses),
    String(r.activeCases),
    r.sharePct === null ? '-' : `${r.sharePct.toFixed(1)}%`,
    String(r.mentors),
    String(r.activeMentors),
    String(r.sessions30d),
    r.priority ? 'yes' : '',
    r.rollout ? `${r.rollout.reached}/${r.rollout.targetBusinesses} by ${r.rollout.targetMonth}` : '',
    r.rollout?.behind ? 'yes' : '',
    r.sellingOnlinePct === null ? '0' : `${r.sellingOnline} (${r.sellingOnlinePct.toFixed(1)}%)`,
  ]);
  return table(
    [
      'CODE',
      'NAME',
      'BUSINESSES',
      'OPEN CASES',
      'SHARE',
      'MENTORS',
      'ACTIVE',
      'SESSIONS 30D',
      'PRIORITY',
      'TARGET',
      'BEHIND',
      'ONLINE',
    ],
    cells,
  );
}
