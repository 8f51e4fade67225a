import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import type { AnswerSummary } from '../../server/modules/aid/aid.answer.ts';
import type { IntakeSummary } from '../../server/modules/aid/aid.schema.ts';
import type { Importer } from '../../server/modules/imports/imports.service.ts';
import { IMPORT_COLUMNS } from '../../shared/import-columns.ts';
import { withDatabase } from '../context.ts';
import { CliError, note, printJson, say, table } from '../output.ts';
import { rejectInput } from '../validation.ts';
import { AS_HELP } from './import.ts';

const n = (x: number) => x.toLocaleString('en');

const PROGRAM_OPTION_NAMES = {
  code: '--code',
  name: '--name',
  amount: '--amount',
  areaCode: '--area',
  intakeStart: '--intake-start',
  intakeEnd: '--intake-end',
  reviewEnd: '--review-end',
  verificationEnd: '--verification-end',
  submissionEnd: '--submission-end',
};

interface ProgramOptions {
  code: string;
  name: string;
  amount: string;
  area?: string;
  intakeStart?: string;
  intakeEnd?: string;
  reviewEnd?: string;
  verificationEnd?: string;
  submissionEnd?: string;
  json?: boolean;
}

export function registerAidCommands(program: Command) {
  const aid = program
    .command('aid')
    .description('Aid proposals (usulan bantuan, BPUM): programs, intake of applicants, figures, batches');

  const programs = aid.command('program').description('Aid programs');
  programs
    .command('create')
    .description(
      'Create an aid program; all criteria apply (not ASN/TNI/Polri/BUMN, no KUR, micro, in the area)',
    )
    .requiredOption('--code <code>', 'short code, e.g. BPUM2020 (stored in capitals)')
    .requiredOption('--name <name>', 'the program name')
    .requiredOption('--amount <rupiah>', 'amount per recipient in whole rupiah, e.g. 2400000')
    .option('--area <code>', 'the area it covers (default: the deployment’s city)')
    .option('--intake-start <date>', 'YYYY-MM-DD')
    .option('--intake-end <date>', 'YYYY-MM-DD')
    .option('--review-end <date>', 'end of the document review, YYYY-MM-DD')
    .option('--verification-end <date>', 'end of the field verification, YYYY-MM-DD')
    .option('--submission-end <date>', 'last day to send proposals to the ministry, YYYY-MM-DD')
    .option('--json', 'print the created program as JSON')
    .addHelpText(
      'after',
      `
Example:
  bangkit aid program create --code BPUM2020 --name "Banpres Produktif Usaha Mikro" --amount 2400000 \\
    --intake-start 2020-10-20 --intake-end 2020-11-12 --review-end 2020-11-15 \\
    --verification-end 2020-11-24 --submission-end 2020-11-27`,
    )
    .action(async (options: ProgramOptions, command: Command) => {
      const [{ CreateProgramBody }, { createProgram }, { parseRupiah }] = await Promise.all([
        import('../../server/modules/aid/aid.schema.ts'),
        import('../../server/modules/aid/aid.service.ts'),
        import('../../shared/identity.ts'),
      ]);
      const parsed = CreateProgramBody.safeParse({
        code: options.code,
        name: options.name,
        amount: parseRupiah(options.amount) ?? Number.NaN,
        areaCode: options.area,
        intakeStart: options.intakeStart,
        intakeEnd: options.intakeEnd,
        reviewEnd: options.reviewEnd,
        verificationEnd: options.verificationEnd,
        submissionEnd: options.submissionEnd,
      });
      if (!parsed.success) return rejectInput(command, parsed.error, PROGRAM_OPTION_NAMES);
      const created = await withDatabase(({ db, config, actor }) =>
        createProgram(db, config, null, actor, parsed.data),
      );
      if (options.json) return printJson(created);
      say(
        `Created aid program ${created.code}: ${created.name}, Rp ${n(created.amount)} per recipient, area ${created.areaName}`,
      );
    });

  programs
    .command('list')
    .description('List the aid programs with their number of proposals')
    .option('--json', 'print the programs as a JSON array')
    .action(async (options: { json?: boolean }) => {
      const { listPrograms } = await import('../../server/modules/aid/aid.service.ts');
      const list = await withDatabase(({ db }) => listPrograms(db));
      if (options.json) return printJson(list);
      if (!list.length) return say('No aid programs yet; add one with `bangkit aid program create`.');
      const rows = list.map((p) => [p.code, p.name, n(p.amount), p.areaName, n(p.proposals)]);
      for (const line of table(['CODE', 'NAME', 'AMOUNT', 'AREA', 'PROPOSALS'], rows)) say(line);
    });

  aid
    .command('import')
    .description(
      'Import applicants into a program: each row becomes invalid, duplicate, ineligible or eligible',
    )
    .argument('<file>', 'a CSV (UTF-8, comma or semicolon) or XLSX file whose first row names the columns')
    .requiredOption('--program <code>', 'the program, e.g. BPUM2020')
    .option('--json', 'print {total, eligible, ineligible, duplicate, invalid, reasons, warnings} as JSON')
    .option('--as <email>', AS_HELP)
    .addHelpText(
      'after',
      `
Columns (by header name, any order, any capitalisation):
  required  ${IMPORT_COLUMNS.aid.required.join(', ')}
  optional  ${IMPORT_COLUMNS.aid.optional.join(', ')}

The whole file is saved in one transaction or not at all: an interrupted import leaves nothing, and
running it again gives the same result. A NIK already proposed in the program is a duplicate.`,
    )
    .action(async (file: string, options: { program: string; json?: boolean; as?: string }) => {
      const [{ aidImporter }, { REASON_MESSAGES, WARNINGS }] = await Promise.all([
        import('../../server/modules/aid/aid.import.ts'),
        import('../../server/modules/aid/aid.rules.ts'),
      ]);
      const { jobId, summary } = await importInto(aidImporter, file, options.program, options.as);
      const s = summary as IntakeSummary;
      if (options.json) return printJson(s);
      say(`Imported ${path.basename(file)} into ${options.program.toUpperCase()} (import job ${jobId})`);
      say(
        `${n(s.total)} rows: ${n(s.eligible)} eligible, ${n(s.ineligible)} ineligible, ${n(s.duplicate)} duplicate, ${n(s.invalid)} invalid`,
      );
      reasonTable(s.reasons, REASON_MESSAGES);
      reasonTable(s.warnings, WARNINGS, 'WARNING');
      if (s.total > s.eligible)
        say(
          `The rows that are not eligible, each with its reasons, can be downloaded in the web app (import job ${jobId}).`,
        );
    });

  aid
    .command('answer')
    .description(
      'Import the ministry’s answer by NIK: sent proposals become disbursed or rejected_by_ministry',
    )
    .argument('<file>', 'CSV or XLSX with columns nik, status (disalurkan/ditolak) and optionally alasan')
    .requiredOption('--program <code>', 'the program, e.g. BPUM2020')
    .option(
      '--json',
      'print {total, disbursed, rejectedByMinistry, unchanged, unknown, invalid, reasons} as JSON',
    )
    .option('--as <email>', AS_HELP)
    .action(async (file: string, options: { program: string; json?: boolean; as?: string }) => {
      const { aidAnswerImporter, ANSWER_REJECTION_REASONS } = await import(
        '../../server/modules/aid/aid.answer.ts'
      );
      const { jobId, summary } = await importInto(aidAnswerImporter, file, options.program, options.as);
      const s = summary as AnswerSummary;
      if (options.json) return printJson(s);
      say(`Applied ${path.basename(file)} to ${options.program.toUpperCase()} (import job ${jobId})`);
      say(
        `${n(s.total)} rows: ${n(s.disbursed)} disbursed, ${n(s.rejectedByMinistry)} rejected by the ministry, ${n(s.unchanged)} unchanged, ${n(s.unknown)} unknown NIK, ${n(s.invalid)} not applied`,
      );
      reasonTable(s.reasons, ANSWER_REJECTION_REASONS);
    });

  aid
    .command('summary')
    .description('Proposals of a program by state and kecamatan')
    .requiredOption('--program <code>', 'the program, e.g. BPUM2020')
    .option('--json', 'print {program, total, byState, byKecamatan} as JSON')
    .action(async (options: { program: string; json?: boolean }) => {
      const { programSummary } = await import('../../server/modules/aid/aid.service.ts');
      const summary = await withDatabase(({ db }) => programSummary(db, options.program, null));
      if (options.json) return printJson(summary);
      say(`${summary.program}: ${n(summary.total)} proposals`);
      const states = Object.entries(summary.byState).filter(([, count]) => count > 0);
      for (const line of table(
        ['STATE', 'PROPOSALS'],
        states.map(([s, count]) => [s, n(count)]),
      ))
        say(line);
      say();
      const rows = summary.byKecamatan.map((k) => [k.code, k.name, n(k.total), n(k.byState.submitted)]);
      for (const line of table(['KECAMATAN', 'NAME', 'PROPOSALS', 'TO VERIFY'], rows)) say(line);
    });

  const batch = aid.command('batch').description('Submission batches to the ministry');
  batch
    .command('create')
    .description('Put the approved proposals (of one kecamatan, or all) into a batch; they become sent')
    .requiredOption('--program <code>', 'the program, e.g. BPUM2020')
    .option('--kecamatan <code>', 'only this kecamatan, e.g. 36.71.05')
    .option('--json', 'print the batch as JSON')
    .action(async (options: { program: string; kecamatan?: string; json?: boolean }) => {
      const { createBatch } = await import('../../server/modules/aid/aid.service.ts');
      const created = await withDatabase(({ db, actor }) =>
        createBatch(db, null, actor, options.program, { kecamatan: options.kecamatan }),
      );
      if (options.json) return printJson(created);
      say(
        `Batch ${created.number} (id ${created.id}): ${n(created.proposals)} proposals, Rp ${n(created.totalAmount)}`,
      );
    });
  batch
    .command('export')
    .description('Write a batch in the ministry’s layout (NIK in full; the export is audit-logged)')
    .requiredOption('--id <id>', 'the batch id')
    .requiredOption('--out <file>', 'the file to write (.xlsx or .csv)')
    .action(async (options: { id: string; out: string }) => {
      const id = Number(options.id);
      if (!Number.isInteger(id) || id <= 0) throw new CliError(`invalid --id: ${options.id}`);
      const format = options.out.toLowerCase().endsWith('.csv') ? 'csv' : 'xlsx';
      const target = path.resolve(options.out);
      const { exportBatch } = await import('../../server/modules/aid/aid.export.ts');
      await withDatabase(async ({ db, actor }) => {
        const { stream } = await exportBatch(db, null, actor, id, format);
        await pipeline(stream, fs.createWriteStream(target));
      });
      say(`Wrote batch ${id} to ${options.out}`);
    });
}

/**
 * Runs one import of a program's file the way the server's queue would, telling progress on stderr.
 * Jobs that a killed command left behind are failed first (their staging tables dropped).
 */
async function importInto(importer: Importer, file: string, programCode: string, as?: string) {
  const source = path.resolve(file);
  const stat = fs.statSync(source, { throwIfNoEntry: false });
  if (!stat?.isFile()) throw new CliError(`no such file: ${file}`);
  const [{ requireProgram }, { createJob, recoverInterruptedJobs, runJob }] = await Promise.all([
    import('../../server/modules/aid/aid.service.ts'),
    import('../../server/modules/imports/imports.service.ts'),
  ]);
  return withDatabase(async ({ database, config, importActor }) => {
    const actor = await importActor(as);
    await recoverInterruptedJobs(database);
    const program = await requireProgram(database.db, programCode);
    const job = await createJob(
      database,
      importer,
      { path: source, name: path.basename(source) },
      actor,
      null,
      {
        program: program.code,
      },
    );
    const reporting: Importer = {
      ...importer,
      run: (ctx, rows, progress) =>
        importer.run(ctx, announced(rows), async (read) => {
          note(`… ${n(read)} rows read`);
          await progress(read);
        }),
    };
    const summary = await runJob({ database, config }, reporting, job, source, actor, null);
    return { jobId: job.id, summary };
  });
}

async function* announced<T>(rows: AsyncIterable<T>) {
  yield* rows;
  note('… all rows read; saving');
}

function reasonTable(
  counts: Record<string, number>,
  messages: Readonly<Record<string, string>>,
  head = 'REASON',
) {
  const rows = Object.entries(counts).map(([code, count]) => [code, n(count), messages[code] ?? '']);
  if (!rows.length) return;
  say();
  for (const line of table([head, 'ROWS', 'MESSAGE'], rows)) say(line);
  say();
}
