/**
 * `npm run bench`, the one entry: writes the data files once, then on the embedded database and, when
 * DATABASE_URL is set, on that PostgreSQL server runs every section of SECTIONS in order on a fresh
 * database, BENCH_RUNS times; prints each section's table of medians and writes bench/results-<kind>.json.
 * Not a test: nothing here passes or fails. The sections live in their own modules, which only export.
 *
 *   BENCH_BUSINESSES=76000 (default)   BENCH_RUNS=3 fresh databases   BENCH_REPEAT=30 calls per query
 *   BENCH_ONLY=embedded|postgres       BENCH_XLSX=0 leaves out the XLSX variant of each import
 *   BENCH_SECTIONS=imports,queries     only the sections of these titles (case-insensitive: imports, queries,
 *                                      mentoring); `server` for
 *                                      the server measured from outside (bench/load.ts), run last
 *   BENCH_LOAD_SECONDS=20              each autocannon load of the server section
 *   BENCH_SECTIONS=storefront          the public storefront under load (bench/storefront.ts), after the
 *                                      server; alone it needs no data files. BENCH_PRODUCTS=76000
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openPostgres } from '../src/server/db/database.ts';
import { writeBenchFiles } from './data.ts';
import { aidImports, registryImports } from './imports.ts';
import { benchServer, loadTable } from './load.ts';
import { mentoringImports } from './mentoring.ts';
import { queries } from './queries.ts';
import { benchStorefront, storefrontTable } from './storefront.ts';
import {
  type BenchFiles,
  type BenchSection,
  benchAdmin,
  type Figure,
  type Kind,
  medians,
  openRun,
  RUNS,
  removeDir,
} from './support.ts';

/**
 * In order, each on what the ones before it left in the run's database: the registry imports, the
 * queries on that registry, the aid intake (which adds owners and businesses, so after the queries),
 * then mentoring on the registry they leave (mentors, 200,000 sessions beside a raw COPY; bench/mentoring.ts).
 * The server under load (bench/load.ts) runs after them, on a data directory of its own.
 */
const ALL_SECTIONS: readonly BenchSection[] = [registryImports, queries, aidImports, mentoringImports];

const SECTIONS = process.env.BENCH_SECTIONS
  ? ALL_SECTIONS.filter((s) =>
      process.env.BENCH_SECTIONS!.toLowerCase().split(',').includes(s.title.toLowerCase()),
    )
  : ALL_SECTIONS;

async function runOnce(kind: Kind, dir: string, files: BenchFiles): Promise<Figure[][]> {
  fs.mkdirSync(dir, { recursive: true });
  fs.chmodSync(dir, 0o755);
  const run = await openRun(kind, dir);
  try {
    const ctx = {
      kind,
      dir,
      files,
      database: run.database,
      actor: await benchAdmin(run.database),
      freshDatabase: run.freshDatabase,
      log: (...parts: unknown[]) => console.error(`[${kind}]`, ...parts),
    };
    const out: Figure[][] = [];
    for (const section of SECTIONS) out.push(await section.run(ctx));
    return out;
  } finally {
    await run.close();
    removeDir(dir);
  }
}

/** Every section's figures, as medians over the runs; sections with the same title share one table. */
async function benchOn(kind: Kind, dir: string, files: BenchFiles) {
  const runs: Figure[][][] = [];
  for (let n = 1; n <= RUNS; n++) {
    console.error(`[${kind}] run ${n} of ${RUNS}`);
    runs.push(await runOnce(kind, path.join(dir, `run-${n}`), files));
  }
  const tables = new Map<string, { section: BenchSection; figures: ReturnType<typeof medians> }>();
  SECTIONS.forEach((section, i) => {
    const figures = medians(runs.map((r) => r[i]!));
    const known = tables.get(section.title);
    if (known) known.figures.push(...figures);
    else tables.set(section.title, { section, figures });
  });
  return [...tables.values()];
}

/** The server measured from outside (bench/load.ts), on a data directory or a database of its own. */
async function serverFigures(kind: Kind, dir: string, files: BenchFiles) {
  const serverDir = path.join(dir, `server-${kind}`);
  fs.mkdirSync(serverDir, { recursive: true, mode: 0o755 });
  if (kind === 'embedded') return benchServer(serverDir, files, RUNS);
  const admin = openPostgres(process.env.DATABASE_URL!);
  await sql`drop database if exists bangkit_bench_server with (force)`.execute(admin.db);
  await sql`create database bangkit_bench_server`.execute(admin.db);
  try {
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = '/bangkit_bench_server';
    return await benchServer(serverDir, files, RUNS, url.toString());
  } finally {
    await sql`drop database if exists bangkit_bench_server with (force)`.execute(admin.db);
    await admin.close();
  }
}

/** The storefront under load (bench/storefront.ts) on a data directory or a database of its own. */
async function storefrontFigures(kind: Kind, dir: string) {
  const storeDir = path.join(dir, `store-${kind}`);
  fs.mkdirSync(storeDir, { recursive: true, mode: 0o755 });
  if (kind === 'embedded') return benchStorefront(storeDir, RUNS);
  const admin = openPostgres(process.env.DATABASE_URL!);
  await sql`drop database if exists bangkit_bench_store with (force)`.execute(admin.db);
  await sql`create database bangkit_bench_store`.execute(admin.db);
  try {
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = '/bangkit_bench_store';
    return await benchStorefront(storeDir, RUNS, url.toString());
  } finally {
    await sql`drop database if exists bangkit_bench_store with (force)`.execute(admin.db);
    await admin.close();
  }
}

const wants = (section: string) =>
  !process.env.BENCH_SECTIONS || process.env.BENCH_SECTIONS.toLowerCase().split(',').includes(section);

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bangkit-bench-'));
  fs.chmodSync(dir, 0o755); // as root, the embedded cluster's system user must enter it
  try {
    // The storefront alone needs none of the data files.
    const onlyStorefront = process.env.BENCH_SECTIONS?.toLowerCase() === 'storefront';
    const probeRun = onlyStorefront ? null : await openRun('embedded', path.join(dir, 'probe'));
    const files = probeRun
      ? await writeBenchFiles(probeRun.database, dir).finally(() => probeRun.close())
      : (null as unknown as BenchFiles);
    const kinds = (['embedded', 'postgres'] as const).filter(
      (k) =>
        (k === 'embedded' || process.env.DATABASE_URL) &&
        (!process.env.BENCH_ONLY || process.env.BENCH_ONLY === k),
    );
    const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
    console.log(
      `Machine: ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`,
    );
    for (const kind of kinds) {
      if (onlyStorefront) {
        const store = await storefrontFigures(kind, dir);
        console.log(
          `${storefrontTable(kind === 'embedded' ? 'Embedded PostgreSQL' : 'PostgreSQL', store)}\n`,
        );
        continue;
      }
      const tables = await benchOn(kind, dir, files);
      fs.writeFileSync(
        path.join('bench', `results-${kind}.json`),
        `${JSON.stringify(
          {
            date: new Date().toISOString(),
            cpu,
            runs: RUNS,
            tables: tables.map((t) => ({ title: t.section.title, figures: t.figures })),
          },
          null,
          2,
        )}\n`,
      );
      console.log(`## ${kind === 'embedded' ? 'Embedded PostgreSQL' : 'PostgreSQL'}\n`);
      console.log(
        `Medians of ${RUNS} runs, each on fresh databases; the fastest and slowest run in brackets.\n`,
      );
      for (const { section, figures } of tables) {
        console.log(`### ${section.title}\n\n${section.table(figures).join('\n')}\n`);
      }
      if (!process.env.BENCH_SECTIONS || /\bserver\b/i.test(process.env.BENCH_SECTIONS)) {
        const server = await serverFigures(kind, dir, files);
        console.log(`${loadTable(kind === 'embedded' ? 'Embedded PostgreSQL' : 'PostgreSQL', server)}\n`);
      }
      if (wants('storefront')) {
        const store = await storefrontFigures(kind, dir);
        console.log(
          `${storefrontTable(kind === 'embedded' ? 'Embedded PostgreSQL' : 'PostgreSQL', store)}\n`,
        );
      }
    }
  } finally {
    removeDir(dir);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
