import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import type { DB } from '../../server/db/database.ts';
import type { TabularSpec } from '../../server/files/tabular.ts';
import type { Importer } from '../../server/modules/imports/imports.service.ts';
import { IMPORT_COLUMNS } from '../../shared/import-columns.ts';
import { withDatabase } from '../context.ts';
import { CliError, printJson, say } from '../output.ts';

interface ImportKind {
  description: string;
  columns: TabularSpec;
  /** The Indonesian message of each rejection reason code, as the web app shows them. */
  reasons: () => Promise<Readonly<Record<string, string>>>;
  example: string;
}

/** One subcommand per kind of file the web app imports (IMPORTERS), with the same names. */
const KINDS: Record<string, ImportKind> = {
  businesses: {
    description:
      'Import a business registry (data UMKM): owners by NIK and their businesses by name, created or updated',
    columns: IMPORT_COLUMNS.businesses,
    reasons: async () =>
      (await import('../../server/modules/businesses/businesses.import.ts')).BUSINESS_REJECTION_REASONS,
    example: 'bangkit import businesses data-umkm-2020.xlsx --rejected ditolak.csv',
  },
  omzet: {
    description:
      'Import monthly turnover reports (laporan omzet): one row per business and month; a new report replaces the old',
    columns: IMPORT_COLUMNS.omzet,
    reasons: async () => (await import('../../server/modules/omzet/omzet.import.ts')).OMZET_REJECTION_REASONS,
    example: 'bangkit import omzet omzet-2020-08.csv --json',
  },
  mentors: {
    description:
      'Import mentors (pendamping): accounts by email (no password until one is issued), institution by name, expertise, kelurahan covered, certificates',
    columns: IMPORT_COLUMNS.mentors,
    reasons: async () =>
      (await import('../../server/modules/mentoring/mentors.import.ts')).MENTOR_REJECTION_REASONS,
    example: 'bangkit import mentors pendamping-lp3w.xlsx --json',
  },
  sessions: {
    description:
      'Import mentoring sessions (sesi pendampingan): one row per business; rows sharing kode_sesi are one group session; opens a case where a business has none',
    columns: IMPORT_COLUMNS.sessions,
    reasons: async () =>
      (await import('../../server/modules/mentoring/sessions.import.ts')).SESSION_REJECTION_REASONS,
    example: 'bangkit import sessions sesi-2026.csv --json',
  },
};

interface ImportOptions {
  rejected?: string;
  json?: boolean;
  as?: string;
}

/** The help of `--as`, the same on every import command. */
export const AS_HELP =
  'the active account the import is recorded for (job, audit log, who reported each turnover); without it, the system account system:cli';

export function registerImportCommands(program: Command) {
  const group = program
    .command('import')
    .description('Import a CSV or XLSX file into the registry, as an upload in the web app would');

  for (const [kind, about] of Object.entries(KINDS)) {
    group
      .command(kind)
      .description(about.description)
      .argument('<file>', 'a CSV (UTF-8, comma or semicolon) or XLSX file whose first row names the columns')
      .option(
        '--rejected <out.csv>',
        'also write the rejected rows (row number, reason, reason code, original cells) to this CSV file',
      )
      .option(
        '--json',
        'print {total, created, updated, rejected, reasons} as JSON (mentors and sessions add unchanged)',
      )
      .option('--as <email>', AS_HELP)
      .addHelpText('after', columnsHelp(about))
      .action((file: string, options: ImportOptions) => importFile(kind, about, file, options));
  }
}

function columnsHelp(about: ImportKind): string {
  const { required, optional = [] } = about.columns;
  const list = (label: string, names: readonly string[]) =>
    names.length ? [`  ${label}  ${wrap(names.join(', '), 88).join('\n            ')}`] : [];
  return `
Columns (by header name, in any order):
${[...list('required', required), ...list('optional', optional)].join('\n')}

Valid rows are saved in one transaction with the audit trail; invalid rows are skipped and counted
by reason. A problem with the file itself (not CSV/XLSX, required columns missing, no rows) saves
nothing and exits with code 1.

Example:
  ${about.example}`;
}

/** Breaks a comma-separated list into lines of at most `width` characters, after the commas. */
function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return line ? [...out, line] : out;
}

async function importFile(kind: string, about: ImportKind, file: string, options: ImportOptions) {
  const source = path.resolve(file);
  assertReadableFile(file);
  const rejectedOut = options.rejected === undefined ? undefined : writableTarget(options.rejected, source);
  const [{ IMPORTERS }, { createJob, runJob }, { describeCounts, importCounts, reasonLines }] =
    await Promise.all([
      import('../../server/modules/imports/importers.ts'),
      import('../../server/modules/imports/imports.service.ts'),
      import('../import-summary.ts'),
    ]);
  const importer: Importer | undefined = IMPORTERS.get(kind);
  if (!importer) throw new Error(`No importer for "${kind}"`);

  const { jobId, counts, capped } = await withDatabase(async ({ database, config, importActor }) => {
    const actor = await importActor(options.as);
    const job = await createJob(
      database,
      importer,
      { path: source, name: path.basename(source) },
      actor,
      null,
    );
    const summary = await runJob({ database, config }, importer, job, source, actor, null);
    if (rejectedOut) await writeRejections(database.db, job.id, rejectedOut);
    const capped = summary.rejectedCapped === true ? Number(summary.rejectedStored) : null;
    return { jobId: job.id, counts: importCounts(summary), capped };
  });

  if (options.json) return printJson(counts);
  say(`Imported ${path.basename(source)} (${importer.kind}, import job ${jobId})`);
  say(describeCounts(counts));
  if (!counts.rejected) return;
  say();
  for (const line of reasonLines(counts, await about.reasons())) say(line);
  say();
  if (capped !== null)
    say(
      `Only the first ${capped.toLocaleString('en')} rejected rows were stored (BANGKIT_IMPORT_REJECTIONS_KEPT); the counts above include every row.`,
    );
  if (rejectedOut) say(`The rejected rows, each with its reason, are in ${options.rejected}.`);
  else
    say(
      `The rejected rows, each with its reason, can be downloaded in the web app (import job ${jobId}) or written with --rejected FILE.`,
    );
}

function assertReadableFile(file: string) {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) throw new CliError(`no such file: ${file}`);
  if (!stat.isFile()) throw new CliError(`not a file: ${file}`);
  try {
    fs.accessSync(file, fs.constants.R_OK);
  } catch {
    throw new CliError(`cannot read ${file}: permission denied`);
  }
}

/** The path of --rejected, checked before importing so that an import never succeeds only to fail at writing it. */
function writableTarget(given: string, source: string): string {
  const target = path.resolve(given);
  if (target === source) throw new CliError(`--rejected ${given} would overwrite the imported file`);
  if (fs.statSync(target, { throwIfNoEntry: false })?.isDirectory()) {
    throw new CliError(`--rejected ${given} is a directory; name a file`);
  }
  const dir = path.dirname(target);
  if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    throw new CliError(`--rejected ${given}: no such directory: ${dir}`);
  }
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw new CliError(`--rejected ${given}: cannot write in ${dir}`);
  }
  return target;
}

/** The same table the web app's download of rejected rows gives: baris, (status,) alasan, kode_alasan, then the file's cells. */
async function writeRejections(db: DB, jobId: number, target: string) {
  const [{ writeTable }, { rejectionsTable }] = await Promise.all([
    import('../../server/files/table-writer.ts'),
    import('../../server/modules/imports/imports.service.ts'),
  ]);
  const { columns, batches } = await rejectionsTable(db, jobId);
  await pipeline(writeTable('csv', columns, batches), fs.createWriteStream(target));
}
