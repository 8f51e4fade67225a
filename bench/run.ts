/**
 * `npm run bench`: import and dashboard figures on the embedded database and, when DATABASE_URL is
 * set, on PostgreSQL, each beside a raw baseline run in the same process on the same database
 * (COPY of the same file into a bare table; the naive aggregate over all reports). Prints a
 * Markdown table and writes bench/results-<kind>.json. Not a test: nothing here passes or fails.
 *
 *   BENCH_BUSINESSES=76000 (default)   BENCH_REPEAT=30 dashboard calls   BENCH_RUNS=3 fresh databases
 *   BENCH_ONLY=embedded|postgres
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../src/server/config.ts';
import {
  type DatabaseHandle,
  migrateToLatest,
  openDatabase,
  openPostgres,
} from '../src/server/db/database.ts';
import { demoOptions, writeChunks } from '../src/server/db/seed/demo.ts';
import { demoBusinessesCsv, demoOmzetCsv } from '../src/server/db/seed/demo-data.ts';
import { type Actor, type SessionUser, SYSTEM_ACTOR } from '../src/server/http/guard.ts';
import { loadAreasIfEmpty } from '../src/server/modules/areas/areas.service.ts';
import { businessImporter } from '../src/server/modules/businesses/businesses.import.ts';
import { BusinessListQuery } from '../src/server/modules/businesses/businesses.schema.ts';
import { searchBusinesses } from '../src/server/modules/businesses/businesses.service.ts';
import { createJob, type Importer, runJob } from '../src/server/modules/imports/imports.service.ts';
import { omzetImporter } from '../src/server/modules/omzet/omzet.import.ts';
import { recoveryStats } from '../src/server/modules/omzet/omzet.service.ts';
import { createUser } from '../src/server/modules/users/users.service.ts';
import { BUSINESS_COLUMNS, OMZET_COLUMNS } from '../src/shared/import-columns.ts';
import { aidApplicantsCsv, benchAid } from './aid.ts';

const BUSINESSES = Number(process.env.BENCH_BUSINESSES ?? 76_000);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 30);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const ADMIN_SESSION: SessionUser = {
  id: 0,
  email: 'admin@bench.local',
  name: 'Admin Bench',
  role: 'admin',
  areaCode: null,
  areaName: null,
  institutionId: null,
  institutionName: null,
  mustChangePassword: false,
};
/** What an office asks the registry list at full scale: name, page number, query. */
const LIST_CASES: [string, Record<string, unknown>, number][] = [
  ['first page by name', {}, 1],
  ['page 1,000 by name', { page: 1000 }, 1000],
  ['search "sri"', { q: 'sri' }, 1],
  ['kecamatan and sector', { kecamatan: '36.71.05', sector: 'kuliner' }, 1],
  ['decline 50–80 % in the latest month', { bucket: 'd50_80' }, 1],
];

/** The office's admin who runs the imports, as in the web app (set once the database is migrated). */
let actor: Actor = SYSTEM_ACTOR;

/** A real admin account: imports record who ran them, which costs what it costs in production. */
async function benchAdmin(database: DatabaseHandle): Promise<Actor> {
  const { user } = await createUser(database.db, config, null, SYSTEM_ACTOR, {
    email: 'admin@bench.local',
    name: 'Admin Bench',
    role: 'admin',
    password: 'bench-password-not-used',
  });
  return { id: user.id, label: user.email };
}
const config = loadConfig({ BANGKIT_DEMO: '0', LOG_LEVEL: 'silent' }, 'bench');

export interface Figure {
  name: string;
  rows?: number;
  seconds?: number;
  baselineSeconds?: number;
  p50Ms?: number;
  p95Ms?: number;
  baselineP50Ms?: number;
  baselineP95Ms?: number;
  /** What the timed baseline is, for query figures. */
  baselineLabel?: string;
  /** Runs the figure is the median of, and the fastest and slowest of them. */
  runs?: number;
  secondsRange?: [number, number];
}

const time = async (f: () => Promise<unknown>) => {
  const t0 = performance.now();
  await f();
  return (performance.now() - t0) / 1000;
};

export function percentile(values: number[], p: number) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

async function repeat(f: () => Promise<unknown>) {
  await f(); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < REPEAT; i++) ms.push((await time(f)) * 1000);
  return { p50: percentile(ms, 50), p95: percentile(ms, 95) };
}

/** The baseline: COPY of the same file (header skipped) into a bare table of text columns. */
export async function rawCopy(database: DatabaseHandle, file: string, columns: string[]) {
  const table = `bench_raw_${Math.random().toString(36).slice(2, 8)}`;
  await sql`create unlogged table ${sql.table(table)} (${sql.join(columns.map((c) => sql`${sql.id(c)} text`))})`.execute(
    database.db,
  );
  const seconds = await time(async () => {
    async function* body() {
      let first = true;
      for await (const chunk of fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
        if (first) {
          first = false;
          yield (chunk as string).slice((chunk as string).indexOf('\n') + 1);
        } else yield chunk as string;
      }
    }
    await database.copyIn(table, columns, body());
  });
  await sql`drop table ${sql.table(table)}`.execute(database.db);
  return seconds;
}

export async function importTimed(
  database: DatabaseHandle,
  importer: Importer,
  file: string,
  params: Record<string, unknown> = {},
) {
  const job = await createJob(
    database,
    importer,
    { path: file, name: path.basename(file) },
    actor,
    null,
    params,
  );
  let summary: unknown;
  const seconds = await time(async () => {
    summary = await runJob({ database, config }, importer, job, file, actor, null);
  });
  return { seconds, summary };
}

/** Each figure is the median over BENCH_RUNS runs, each on a fresh database (the machine is noisy). */
async function benchOn(
  kind: 'embedded' | 'postgres',
  dir: string,
  files: { businesses: string; omzet: string; aid: string },
) {
  const runs: Figure[][] = [];
  for (let run = 1; run <= RUNS; run++) {
    console.error(`[${kind}] run ${run} of ${RUNS}`);
    const runDir = path.join(dir, `run-${run}`);
    runs.push(await benchOnce(kind, runDir, files));
    fs.rmSync(runDir, { recursive: true, force: true });
  }
  const median = (values: (number | undefined)[]) =>
    values.some((v) => v === undefined) ? undefined : percentile(values as number[], 50);
  return runs[0]!.map((first, i) => {
    const all = runs.map((figures) => figures[i]!);
    return {
      ...first,
      runs: RUNS,
      seconds: median(all.map((f) => f.seconds)),
      secondsRange: first.seconds === undefined ? undefined : range(all.map((f) => f.seconds!)),
      baselineSeconds: median(all.map((f) => f.baselineSeconds)),
      p50Ms: median(all.map((f) => f.p50Ms)),
      p95Ms: median(all.map((f) => f.p95Ms)),
      baselineP50Ms: median(all.map((f) => f.baselineP50Ms)),
      baselineP95Ms: median(all.map((f) => f.baselineP95Ms)),
    };
  });
}

function range(values: number[]): [number, number] {
  return [Math.min(...values), Math.max(...values)];
}

async function benchOnce(
  kind: 'embedded' | 'postgres',
  dir: string,
  files: { businesses: string; omzet: string; aid: string },
) {
  let database: DatabaseHandle;
  let cleanup = async () => {};
  if (kind === 'postgres') {
    const admin = openPostgres(process.env.DATABASE_URL!);
    await sql`drop database if exists bangkit_bench with (force)`.execute(admin.db);
    await sql`create database bangkit_bench`.execute(admin.db);
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = '/bangkit_bench';
    database = openPostgres(url.toString());
    cleanup = async () => {
      await sql`drop database if exists bangkit_bench with (force)`.execute(admin.db);
      await admin.close();
    };
  } else {
    database = await openDatabase({ databaseUrl: undefined, dataDir: dir }, { role: 'server' });
  }
  const figures: Figure[] = [];
  try {
    await migrateToLatest(database.db);
    await loadAreasIfEmpty(database.db);
    actor = await benchAdmin(database);

    const biz = await importTimed(database, businessImporter, files.businesses);
    const bizRaw = await rawCopy(database, files.businesses, [...BUSINESS_COLUMNS]);
    figures.push({
      name: 'import businesses',
      rows: BUSINESSES,
      seconds: biz.seconds,
      baselineSeconds: bizRaw,
    });
    console.error(
      `[${kind}] businesses`,
      biz.summary,
      biz.seconds.toFixed(1),
      's; raw COPY',
      bizRaw.toFixed(1),
      's',
    );

    const omzet = await importTimed(database, omzetImporter, files.omzet);
    const omzetRaw = await rawCopy(database, files.omzet, [...OMZET_COLUMNS]);
    figures.push({
      name: 'import turnover reports',
      rows: BUSINESSES * 24,
      seconds: omzet.seconds,
      baselineSeconds: omzetRaw,
    });
    console.error(
      `[${kind}] omzet`,
      omzet.summary,
      omzet.seconds.toFixed(1),
      's; raw COPY',
      omzetRaw.toFixed(1),
      's',
    );

    if (kind === 'postgres') await sql`analyze`.execute(database.db);
    const dash = await repeat(() =>
      recoveryStats(database.db, config, config.deploymentArea, '2020-08', 'kecamatan'),
    );
    const naive = await repeat(() =>
      sql`select b.kecamatan_code, count(*) as reporting,
            count(*) filter (where b.baseline_omzet is null or b.baseline_omzet = 0) as no_baseline,
            count(*) filter (where r.amount >= b.baseline_omzet) as grew,
            count(*) filter (where 10 * (b.baseline_omzet - r.amount) <= b.baseline_omzet) as recovered,
            percentile_cont(0.5) within group (order by (b.baseline_omzet - r.amount)::float8 / nullif(b.baseline_omzet, 0) * 100) as median
          from omzet_report r join business b on b.id = r.business_id
          where r.period = '2020-08' and b.archived_at is null
          group by b.kecamatan_code`.execute(database.db),
    );
    figures.push({
      name: 'dashboard: one period by kecamatan',
      p50Ms: dash.p50,
      p95Ms: dash.p95,
      baselineP50Ms: naive.p50,
      baselineP95Ms: naive.p95,
    });
    console.error(`[${kind}] dashboard p50 ${dash.p50.toFixed(1)} ms (naive ${naive.p50.toFixed(1)} ms)`);

    // The registry list as the web app asks for it, beside the bare page of the same rows from the
    // business table alone (no owner, areas or report; its count included).
    const admin = { ...ADMIN_SESSION, id: actor.id! };
    for (const [name, query, page] of LIST_CASES) {
      const q = BusinessListQuery.parse(query);
      const list = await repeat(() => searchBusinesses(database.db, config, admin, q));
      const bare = await repeat(() =>
        Promise.all([
          sql`select * from business order by id limit 25 offset ${(page - 1) * 25}`.execute(database.db),
          sql`select count(*) from business`.execute(database.db),
        ]),
      );
      figures.push({
        name: `registry list: ${name}`,
        p50Ms: list.p50,
        p95Ms: list.p95,
        baselineP50Ms: bare.p50,
        baselineP95Ms: bare.p95,
        baselineLabel: 'bare page',
      });
    }

    figures.push(...(await benchAid(database, config, actor, kind, files.aid, BUSINESSES)));
  } finally {
    await database.close();
    await cleanup();
  }
  return figures;
}

function table(kind: string, figures: Figure[]) {
  const f = (x: number | undefined, d = 1) => (x === undefined ? '' : x.toFixed(d));
  const lines = [
    `### ${kind}`,
    '',
    `Medians of ${RUNS} runs, each on a fresh database; the fastest and slowest run in brackets.`,
    '',
    '| measure | rows | time | raw baseline | ratio |',
    '|---|---:|---:|---:|---:|',
  ];
  for (const x of figures) {
    if (x.seconds !== undefined) {
      const spread = x.secondsRange ? ` (${f(x.secondsRange[0])}–${f(x.secondsRange[1])})` : '';
      lines.push(
        `| ${x.name} | ${x.rows?.toLocaleString('en')} | ${f(x.seconds)} s${spread} | ${f(x.baselineSeconds, 2)} s (COPY) | ${f(x.seconds / x.baselineSeconds!, 1)}× |`,
      );
    } else {
      lines.push(
        `| ${x.name} | | p50 ${f(x.p50Ms)} ms, p95 ${f(x.p95Ms)} ms | p50 ${f(x.baselineP50Ms)} ms, p95 ${f(x.baselineP95Ms)} ms (${x.baselineLabel ?? 'naive SQL'}) | ${f(x.p50Ms! / x.baselineP50Ms!, 2)}× |`,
      );
    }
  }
  return lines.join('\n');
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bangkit-bench-'));
  fs.chmodSync(dir, 0o755); // as root, the embedded cluster's system user must enter it
  try {
    const probe = await openDatabase({ databaseUrl: undefined, dataDir: path.join(dir, 'probe') });
    await migrateToLatest(probe.db);
    await loadAreasIfEmpty(probe.db);
    const options = { ...(await demoOptions(probe, config, BUSINESSES, 76)), allMonths: true };
    await probe.close();
    const files = {
      businesses: path.join(dir, 'usaha.csv'),
      omzet: path.join(dir, 'omzet.csv'),
      aid: path.join(dir, 'usulan.csv'),
    };
    writeChunks(files.businesses, demoBusinessesCsv(options));
    writeChunks(files.omzet, demoOmzetCsv(options));
    writeChunks(files.aid, aidApplicantsCsv(options, BUSINESSES));

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
      const figures = await benchOn(kind, dir, files);
      fs.writeFileSync(
        path.join('bench', `results-${kind}.json`),
        `${JSON.stringify({ date: new Date().toISOString(), cpu, figures }, null, 2)}\n`,
      );
      console.log(`${table(kind === 'embedded' ? 'Embedded PostgreSQL' : 'PostgreSQL', figures)}\n`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
