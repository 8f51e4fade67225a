import type { Command } from 'commander';
import { withDatabase } from '../context.ts';
import { printJson, say, table } from '../output.ts';
import { rejectInput } from '../validation.ts';

export function registerInstitutionCommands(program: Command) {
  const institution = program
    .command('institution')
    .description('Manage the mentoring institutions (lembaga pendamping) that mentors belong to');

  institution
    .command('create')
    .description('Register a mentoring institution')
    .requiredOption('--name <name>', 'the institution name, unique regardless of case')
    .option('--json', 'print the created institution as JSON')
    .action(async (options: { name: string; json?: boolean }, command: Command) => {
      const [{ CreateInstitutionBody }, { createInstitution }] = await Promise.all([
        import('../../server/modules/institutions/institutions.schema.ts'),
        import('../../server/modules/institutions/institutions.service.ts'),
      ]);
      const input = CreateInstitutionBody.safeParse({ name: options.name });
      if (!input.success) return rejectInput(command, input.error, { name: '--name' });
      const created = await withDatabase(({ db, config, actor }) =>
        createInstitution(db, config, actor, input.data),
      );
      if (options.json) printJson(created);
      else say(`Created institution ${created.id}: ${created.name}`);
    });

  institution
    .command('list')
    .description('List the mentoring institutions with their number of mentors')
    .option('--json', 'print the institutions as a JSON array')
    .action(async (options: { json?: boolean }) => {
      const { allInstitutions } = await import('../../server/modules/institutions/institutions.service.ts');
      const institutions = await withDatabase(({ db }) => allInstitutions(db));
      if (options.json) return printJson(institutions);
      if (!institutions.length) return say('No institutions yet; add one with `bangkit institution create`.');
      const rows = institutions.map((i) => [String(i.id), i.name, String(i.mentors)]);
      for (const line of table(['ID', 'NAME', 'MENTORS'], rows)) say(line);
    });
}
