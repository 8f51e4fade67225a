/**
 * The import figures: businesses, turnover reports and aid applicants, each imported from CSV through
 * the real importer as an admin, beside floor (b) measured in the same run (bench/floor.ts), and the same
 * import from XLSX into a database of its own that has seen the same imports before. The XLSX import is
 * compared with the same import from CSV: turnover comes in two workbooks, so with the CSV in the same two
 * halves, imported one after the other. Only exports.
 */
import { sql } from 'kysely';
import type { DatabaseHandle } from '../src/server/db/database.ts';
import type { Actor } from '../src/server/http/guard.ts';
import { aidImporter } from '../src/server/modules/aid/aid.import.ts';
import { createProgram } from '../src/server/modules/aid/aid.service.ts';
import { businessImporter } from '../src/server/modules/businesses/businesses.import.ts';
import type { Importer } from '../src/server/modules/imports/imports.service.ts';
import { omzetImporter } from '../src/server/modules/omzet/omzet.import.ts';
import { copyRows, floorOf, type TableRows } from './floor.ts';
import {
  type BenchSection,
  BUSINESSES,
  benchAdmin,
  config,
  type Figure,
  importTimed,
  type MedianFigure,
  type RunContext,
  seconds,
} from './support.ts';

const PROGRAM = { code: 'BPUM2020', name: 'Banpres Produktif Usaha Mikro 2020', amount: 2_400_000 };

/** The run's XLSX database and its admin, made when the first section asks. */
const xlsxTargets = new WeakMap<RunContext, Promise<{ database: DatabaseHandle; actor: Actor }>>();
function xlsxTarget(ctx: RunContext) {
  let target = xlsxTargets.get(ctx);
  if (!target) {
    target = ctx
      .freshDatabase('xlsx')
      .then(async (database) => ({ database, actor: await benchAdmin(database) }));
    xlsxTargets.set(ctx, target);
  }
  return target;
}

/** Imports the files one after the other: the sum of the jobs' times, and each job's. */
async function importParts(
  ctx: RunContext,
  target: { database: DatabaseHandle; actor: Actor },
  importer: Importer,
  files: readonly string[],
  label: string,
  params?: Record<string, unknown>,
) {
  const parts: number[] = [];
  for (const file of files) {
    const run = await importTimed(target.database, target.actor, importer, file, params);
    ctx.log(`${importer.kind} from ${label}`, run.summary, `${run.seconds.toFixed(1)} s`);
    parts.push(run.seconds);
  }
  return { seconds: parts.reduce((a, b) => a + b, 0), parts };
}

/** The same import from the XLSX file(s), in the run's XLSX database: the sum of its jobs' times. */
async function fromXlsx(
  ctx: RunContext,
  importer: Importer,
  files: readonly string[],
  params?: Record<string, unknown>,
  before?: (database: DatabaseHandle, actor: Actor) => Promise<unknown>,
) {
  const target = await xlsxTarget(ctx);
  await before?.(target.database, target.actor);
  return (await importParts(ctx, target, importer, files, 'XLSX', params)).seconds;
}

/**
 * The turnover CSV in the same parts as its workbooks, imported the same way (one after the other)
 * into a database of its own holding the same registry (copied from the run's database, untimed): what
 * the XLSX import is compared with. Every part after the first lands in a table that holds reports, as
 * an office's monthly import does.
 */
async function omzetCsvParts(ctx: RunContext, files: readonly string[]) {
  const database = await ctx.freshDatabase('csv_parts');
  await copyRows(ctx.database, database, ctx.dir, [{ table: 'owner' }, { table: 'business' }]);
  return importParts(ctx, { database, actor: await benchAdmin(database) }, omzetImporter, files, 'CSV parts');
}

const maxId = async (database: DatabaseHandle, table: 'owner' | 'business') =>
  Number(
    (
      await sql<{ id: number }>`select coalesce(max(id), 0) as id from ${sql.table(table)}`.execute(
        database.db,
      )
    ).rows[0]!.id,
  );

/**
 * One import from CSV and its floor (b): the rows it left (`result`, given the job's id) loaded by
 * COPY into the run's floor database, where the rows they refer to (`before`) are copied first, untimed.
 */
async function csvAndFloor(
  ctx: RunContext,
  importer: Importer,
  file: string,
  tables: (jobId: number) => { before: TableRows[]; result: TableRows[] },
  params?: Record<string, unknown>,
) {
  const run = await importTimed(ctx.database, ctx.actor, importer, file, params);
  const { before, result } = tables(run.jobId);
  const floor = await floorOf(ctx.database, await ctx.freshDatabase('floor'), ctx.dir, before, result);
  ctx.log(
    `${importer.kind} from CSV`,
    run.summary,
    `${run.seconds.toFixed(1)} s; floor (b) ${floor.seconds.toFixed(2)} s for`,
    floor.rows,
  );
  return { seconds: run.seconds, floor: floor.seconds };
}

const job = (id: number): TableRows => ({ table: 'import_job', where: `id = ${id}` });
const rejections = (id: number): TableRows => ({ table: 'import_rejection', where: `job_id = ${id}` });

/**
 * Times are medians over the runs with the fastest and slowest in brackets; each ratio is the median of
 * the runs' own ratios (an import and its floor are measured within seconds of each other, so a ratio is
 * steadier than either time on a shared machine).
 */
function importTable(figures: MedianFigure[]): string[] {
  const lines = [
    '| import | rows | from CSV | floor (b) | CSV ÷ floor | from XLSX | the same from CSV | XLSX ÷ CSV |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const spread = (f: MedianFigure, key: string, digits = 1) =>
    f.ranges[key] ? ` (${f.ranges[key][0].toFixed(digits)}–${f.ranges[key][1].toFixed(digits)})` : '';
  const times = (x: number | undefined) => (x === undefined ? '' : `${x.toFixed(2)}×`);
  for (const f of figures) {
    const v = f.values;
    lines.push(
      `| ${f.name} | ${f.rows?.toLocaleString('en')} | ${seconds(v.csv)}${spread(f, 'csv')} | ${seconds(v.floor, 2)}${spread(f, 'floor', 2)} | ${times(v.csvPerFloor)}${spread(f, 'csvPerFloor', 2)} | ${seconds(v.xlsx)} | ${seconds(v.xlsxCsv)} | ${times(v.xlsxPerCsv)}${spread(f, 'xlsxPerCsv', 2)} |`,
    );
  }
  for (const f of figures) {
    if (f.values.csvLastPart === undefined) continue;
    lines.push(
      '',
      `The ${f.name}' last CSV part alone, into a table that holds reports: ${seconds(f.values.csvLastPart)}${spread(f, 'csvLastPart')}.`,
    );
  }
  return lines;
}

/**
 * One import's values in a run: its times and their ratios. `xlsxCsv` is the same import from CSV as
 * the XLSX one (the same parts, one after the other), when it is not the CSV import itself.
 */
function importValues(
  csv: number,
  floor: number,
  xlsx: number | undefined,
  xlsxCsv = csv,
): Record<string, number> {
  return {
    csv,
    floor,
    csvPerFloor: csv / floor,
    ...(xlsx === undefined ? {} : { xlsx, xlsxCsv, xlsxPerCsv: xlsx / xlsxCsv }),
  };
}

/** Businesses, then every business's 24 monthly reports (the registry the queries section reads). */
export const registryImports: BenchSection = {
  title: 'Imports',
  table: importTable,
  async run(ctx) {
    const figures: Figure[] = [];
    const businesses = await csvAndFloor(ctx, businessImporter, ctx.files.businesses, (id) => ({
      before: [{ table: 'app_user', where: `id = ${ctx.actor.id}` }, job(id)],
      result: [{ table: 'owner' }, { table: 'business' }, rejections(id)],
    }));
    const businessesXlsx = ctx.files.xlsx
      ? await fromXlsx(ctx, businessImporter, [ctx.files.xlsx.businesses])
      : undefined;
    figures.push({
      name: 'businesses',
      rows: BUSINESSES,
      values: importValues(businesses.seconds, businesses.floor, businessesXlsx),
    });

    const omzet = await csvAndFloor(ctx, omzetImporter, ctx.files.omzet, (id) => ({
      before: [job(id)],
      // The reports and the dashboard's histogram (omzet_stat) it keeps with them: both final tables.
      result: [{ table: 'omzet_report' }, { table: 'omzet_stat' }, rejections(id)],
    }));
    const omzetXlsx = ctx.files.xlsx ? await fromXlsx(ctx, omzetImporter, ctx.files.xlsx.omzet) : undefined;
    const parts = ctx.files.xlsx ? await omzetCsvParts(ctx, ctx.files.xlsx.omzetCsv) : undefined;
    figures.push({
      name: 'turnover reports',
      rows: BUSINESSES * 24,
      values: {
        ...importValues(omzet.seconds, omzet.floor, omzetXlsx, parts?.seconds),
        // The last part alone: a load into a table that already holds reports.
        ...(parts && parts.parts.length > 1 ? { csvLastPart: parts.parts.at(-1)! } : {}),
      },
    });
    return figures;
  },
};

/** Aid applicants into a new program: owners, businesses, proposals and every row kept. */
export const aidImports: BenchSection = {
  title: 'Imports',
  table: importTable,
  async run(ctx) {
    const program = await createProgram(ctx.database.db, config, null, ctx.actor, PROGRAM);
    const owners = await maxId(ctx.database, 'owner');
    const businesses = await maxId(ctx.database, 'business');
    const aid = await csvAndFloor(
      ctx,
      aidImporter,
      ctx.files.aid,
      (id) => ({
        before: [{ table: 'aid_program', where: `id = ${program.id}` }, job(id)],
        result: [
          { table: 'owner', where: `id > ${owners}` },
          { table: 'business', where: `id > ${businesses}` },
          { table: 'aid_proposal', where: `job_id = ${id}` },
          { table: 'aid_intake_row', where: `job_id = ${id}` },
          rejections(id),
        ],
      }),
      { program: PROGRAM.code },
    );
    const aidXlsx = ctx.files.xlsx
      ? await fromXlsx(ctx, aidImporter, [ctx.files.xlsx.aid], { program: PROGRAM.code }, (database, actor) =>
          createProgram(database.db, config, null, actor, PROGRAM),
        )
      : undefined;
    return [
      {
        name: 'aid applicants',
        rows: BUSINESSES,
        values: importValues(aid.seconds, aid.floor, aidXlsx),
      },
    ];
  },
};
