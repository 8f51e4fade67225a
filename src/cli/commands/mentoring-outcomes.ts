import type { Command } from 'commander';
import { withDatabase } from '../context.ts';
import { printJson, say, table } from '../output.ts';

/**
 * `bangkit mentoring outcomes`: the outcomes report of the whole deployment. The `mentoring` group is shared
 * with other mentoring commands (coverage): whichever registers first creates it.
 */
export function registerMentoringOutcomesCommand(program: Command) {
  const mentoring =
    program.commands.find((c) => c.name() === 'mentoring') ??
    program.command('mentoring').description('The mentoring program (pendampingan): coverage and outcomes');

  mentoring
    .command('outcomes')
    .description(
      'Print what mentoring achieved up to the end of a month: per mentor, per institution and for the city, and the recovery of mentored businesses against comparable ones',
    )
    .requiredOption('--period <YYYY-MM>', 'the month, e.g. 2026-03: sessions dated up to its last day count')
    .option(
      '--json',
      'print {period, city, institutions, mentors, comparison} as JSON (minutes as numbers; shares 0–1 and percentages)',
    )
    .addHelpText(
      'after',
      `
Mentor time counts each session once (preparation and contact apart); a business is credited the
contact time plus an equal share of the preparation; a long-term client has been credited at least
300 minutes. The comparison sets the share of mentored businesses that recovered (turnover at most
10 % below the baseline) against not-mentored businesses of the same sector and kecamatan,
reweighted to the mentored group's mix.

Examples:
  bangkit mentoring outcomes --period 2026-03
  bangkit mentoring outcomes --period 2026-03 --json`,
    )
    .action(async (options: { period: string; json?: boolean }) => {
      const { checkPeriod, computeOutcomes } = await import(
        '../../server/modules/mentoring/outcomes.service.ts'
      );
      const period = checkPeriod(options.period, '--period');
      const report = await withDatabase(({ db, config }) =>
        computeOutcomes(db, config, { kind: 'city', area: config.deploymentArea }, period),
      );
      if (options.json) return printJson(report);
      const h = (minutes: number) => (minutes / 60).toFixed(1);
      const c = report.city;
      say(`Mentoring outcomes, ${report.areaName}, sessions up to ${report.periodEnd}`);
      say(
        `${c.businesses} businesses, ${c.sessions} sessions, mentor hours ${h(c.prepMinutes + c.contactMinutes)} (prep ${h(c.prepMinutes)}, contact ${h(c.contactMinutes)}), credited hours ${h(c.creditedMinutes)}, ${c.longTermClients} long-term clients, ${c.milestones.total} milestones (${c.milestones.confirmed} confirmed by the owner)`,
      );
      say();
      const rows = report.mentors.map((m) => [
        m.email,
        m.institutionName ?? '-',
        String(m.businesses),
        String(m.sessions),
        h(m.prepMinutes),
        h(m.contactMinutes),
        h(m.creditedMinutes),
        String(m.longTermClients),
        String(m.milestones.total),
      ]);
      const head = ['MENTOR', 'INSTITUTION', 'BUSINESSES', 'SESSIONS', 'PREP H', 'CONTACT H', 'CREDITED H'];
      for (const line of table([...head, 'LONG-TERM', 'MILESTONES'], rows)) say(line);
      say();
      say(report.comparison.method.en);
    });
}
