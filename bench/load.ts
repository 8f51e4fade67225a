/**
 * The server as an office uses it, measured from outside: a real server process on the embedded default
 * (or DATABASE_URL) with the full-scale registry (76,000 businesses, 1,824,000 monthly reports), driven
 * over HTTP by autocannon in this process.
 *  - start: `npm start` on an existing data directory until /api/health answers 200;
 *  - memory at rest: the server's RSS, and the database server's own memory (PSS of the postmaster and
 *    its children) apart;
 *  - load: 50 connections for 20 s each on the business list, the dashboard and the trend, signed in;
 *  - responsiveness: /api/health and the business list while a 76,000-row import runs, beside the same
 *    at rest;
 *  - the command line: `bangkit --help`.
 * Only exports; `bench/run.ts` runs it after the other sections (BENCH_SECTIONS=server for this alone).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import autocannon from 'autocannon';
import { percentile } from './support.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'bin/bangkit.js');
const PASSWORD = 'kata-sandi-bench-123';
const CONNECTIONS = 50;
const DURATION_S = Number(process.env.BENCH_LOAD_SECONDS ?? 20);

export interface LoadFigure {
  name: string;
  /** Requests per second (mean), p50/p99 latency in ms, and every failure. */
  rps?: number;
  p50Ms?: number;
  p99Ms?: number;
  errors?: number;
  /** A single measure (seconds, MB) with its budget. */
  value?: number;
  unit?: string;
  budget?: number;
  note?: string;
}

export interface LoadFiles {
  /** The full-scale business file (CSV) used for the import during load. */
  businesses: string;
  omzet: string;
}

/**
 * All the server figures, each the median of `runs` where it is repeated: on the embedded default in
 * `dir`, or on the PostgreSQL database at `databaseUrl` (which must be empty).
 */
export async function benchServer(
  dir: string,
  files: LoadFiles,
  runs: number,
  databaseUrl?: string,
): Promise<LoadFigure[]> {
  const dataDir = path.join(dir, 'server-data');
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o755 });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    BANGKIT_DATA_DIR: dataDir,
    BANGKIT_DEMO: '0',
    BANGKIT_ADMIN_PASSWORD: PASSWORD,
    LOG_LEVEL: 'warn',
  };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else delete env.DATABASE_URL;

  const figures: LoadFigure[] = [];
  figures.push({
    name: 'CLI: `bangkit --help`',
    value: median(await repeat(runs, () => timed(() => run(process.execPath, [BIN, '--help'], env)))),
    unit: 's',
    budget: 0.5,
  });

  // The full-scale registry, loaded through the command line like an office's first files.
  log('loading 76,000 businesses and 1,824,000 reports through the CLI');
  run(process.execPath, [BIN, 'migrate'], env);
  run(process.execPath, [BIN, 'import', 'businesses', files.businesses, '--json'], env);
  run(process.execPath, [BIN, 'import', 'omzet', files.omzet, '--json'], env);

  // `npm start` on the existing data directory until healthy, and the memory at rest.
  const starts: number[] = [];
  const rss: number[] = [];
  const dbMemory: number[] = [];
  for (let i = 0; i < runs; i++) {
    const port = await freePort();
    const started = performance.now();
    const server = spawn('npm', ['start'], {
      cwd: ROOT,
      env: { ...env, PORT: String(port) },
      detached: true,
    });
    server.stdout?.resume();
    server.stderr?.resume();
    await untilHealthy(port, server);
    starts.push((performance.now() - started) / 1000);
    await sleep(5000);
    const pid = listeningPid(port);
    rss.push(pid ? rssMb(pid) : Number.NaN);
    dbMemory.push(databaseMemoryMb(dataDir));
    await stopGroup(server);
  }
  figures.push({
    name: '`npm start` on an existing data directory → healthy',
    value: median(starts),
    unit: 's',
    budget: 2,
  });
  figures.push({ name: 'server RSS at rest after start', value: median(rss), unit: 'MB', budget: 250 });
  figures.push({
    name: 'database server memory at rest (PSS, postmaster and children)',
    value: median(dbMemory),
    unit: 'MB',
    note: env.DATABASE_URL ? 'external server: not measured' : undefined,
  });

  // Load and responsiveness on one running server.
  const port = await freePort();
  const server = spawn('npm', ['start'], { cwd: ROOT, env: { ...env, PORT: String(port) }, detached: true });
  server.stdout?.resume();
  server.stderr?.resume();
  try {
    await untilHealthy(port, server);
    const base = `http://127.0.0.1:${port}`;
    const cookie = await signIn(base);
    const headers = { cookie };
    const periods = (await (await fetch(`${base}/api/v1/omzet/periods`, { headers })).json()) as string[];
    const period = [...periods].sort().at(-1) ?? '2021-12';
    const targets = [
      { name: 'business list (first page)', path: '/api/v1/businesses' },
      {
        name: 'dashboard (one period by kecamatan)',
        path: `/api/v1/omzet/stats?period=${period}&by=kecamatan`,
      },
      { name: 'trend (city, every month)', path: '/api/v1/omzet/trend' },
    ];
    for (const target of targets) {
      await fetch(`${base}${target.path}`, { headers }); // warm-up
      const results = [];
      for (let i = 0; i < runs; i++)
        results.push(await cannon(base + target.path, headers, CONNECTIONS, DURATION_S));
      figures.push({ name: `load: ${target.name}`, ...medianOf(results), budget: 100 });
    }

    // At rest, then while a 76,000-row import runs.
    const quiet = await Promise.all([
      cannon(`${base}/api/health`, headers, 5, 10),
      cannon(`${base}/api/v1/businesses`, headers, 5, 10),
    ]);
    figures.push({ name: 'at rest: /api/health (5 connections)', ...quiet[0]! });
    figures.push({ name: 'at rest: business list (5 connections)', ...quiet[1]! });
    const during: Awaited<ReturnType<typeof cannon>>[][] = [[], []];
    const importSeconds: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const job = await upload(base, cookie, files.businesses);
      const finished = untilImported(base, cookie, job);
      const [health, list] = await Promise.all([
        cannonUntil(`${base}/api/health`, headers, 5, finished),
        cannonUntil(`${base}/api/v1/businesses`, headers, 5, finished),
      ]);
      importSeconds.push((performance.now() - started) / 1000);
      during[0]!.push(health);
      during[1]!.push(list);
    }
    figures.push({ name: 'during a 76,000-row import: /api/health', ...medianOf(during[0]!), budget: 100 });
    figures.push({ name: 'during a 76,000-row import: business list', ...medianOf(during[1]!), budget: 100 });
    figures.push({
      name: 'the 76,000-row import itself (web upload, worker thread)',
      value: median(importSeconds),
      unit: 's',
    });
  } finally {
    await stopGroup(server);
  }
  return figures;
}

export function loadTable(title: string, figures: LoadFigure[]): string {
  const f = (x: number | undefined, d = 1) => (x === undefined || Number.isNaN(x) ? '–' : x.toFixed(d));
  const lines = [`### ${title}: the server`, '', '| measure | result | budget |', '|---|---:|---:|'];
  for (const x of figures) {
    const result =
      x.value !== undefined
        ? `${f(x.value, x.unit === 's' ? 2 : 0)} ${x.unit}`
        : `${f(x.rps, 0)} req/s, p50 ${f(x.p50Ms)} ms, p99 ${f(x.p99Ms)} ms, ${x.errors} errors`;
    const budget =
      x.budget === undefined
        ? ''
        : x.value !== undefined
          ? `≤ ${x.budget} ${x.unit}`
          : `p99 ≤ ${x.budget} ms`;
    lines.push(`| ${x.name} | ${result}${x.note ? ` (${x.note})` : ''} | ${budget} |`);
  }
  return lines.join('\n');
}

export type CannonFigure = { rps: number; p50Ms: number; p99Ms: number; errors: number };

export async function cannon(
  url: string,
  headers: Record<string, string>,
  connections: number,
  seconds: number,
) {
  const result = await autocannon({ url, connections, duration: seconds, headers });
  return figureOf(result);
}

/** Keeps `connections` busy on `url` until `done` settles. */
async function cannonUntil(
  url: string,
  headers: Record<string, string>,
  connections: number,
  done: Promise<unknown>,
) {
  let finish: (result: autocannon.Result) => void = () => {};
  const result = new Promise<autocannon.Result>((resolve) => {
    finish = resolve;
  });
  const instance = autocannon({ url, connections, duration: 3600, headers }, (err, r) => {
    if (err) throw err;
    finish(r);
  });
  await done;
  instance.stop();
  return figureOf(await result);
}

export function figureOf(result: autocannon.Result): CannonFigure {
  return {
    rps: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

export function medianOf(results: CannonFigure[]): CannonFigure {
  return {
    rps: median(results.map((r) => r.rps)),
    p50Ms: median(results.map((r) => r.p50Ms)),
    p99Ms: median(results.map((r) => r.p99Ms)),
    errors: Math.max(...results.map((r) => r.errors)),
  };
}

async function signIn(base: string) {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ email: 'admin@bangkit.local', password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

async function upload(base: string, cookie: string, file: string): Promise<number> {
  const res = await fetch(`${base}/api/v1/imports/businesses?fileName=usaha.csv`, {
    method: 'POST',
    headers: { cookie, origin: base, 'content-type': 'application/octet-stream' },
    body: fs.readFileSync(file),
  });
  if (res.status !== 202) throw new Error(`upload failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: number }).id;
}

async function untilImported(base: string, cookie: string, id: number) {
  for (;;) {
    const res = await fetch(`${base}/api/v1/imports/${id}`, { headers: { cookie } });
    const job = (await res.json()) as { status: string; error?: unknown };
    if (job.status === 'done') return;
    if (job.status === 'failed') throw new Error(`import failed: ${JSON.stringify(job.error)}`);
    await sleep(250);
  }
}

export async function untilHealthy(port: number, server: ChildProcess) {
  const deadline = Date.now() + 600_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.status === 200) return;
    } catch {}
    await sleep(20);
  }
  throw new Error('server did not become healthy');
}

export async function stopGroup(child: ChildProcess) {
  if (child.exitCode !== null || !child.pid) return;
  const exited = new Promise((r) => child.once('exit', r));
  process.kill(-child.pid, 'SIGTERM');
  await exited;
  await sleep(500); // the postmaster's fast shutdown
}

/** The pid listening on a TCP port on this machine (the server under npm and sh). */
function listeningPid(port: number): number | undefined {
  const out = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
  const match = /pid=(\d+)/.exec(out);
  return match ? Number(match[1]) : undefined;
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

/** PSS (shared memory counted once) of the embedded postmaster and its children, in MB. */
function databaseMemoryMb(dataDir: string): number {
  const pidFile = path.join(dataDir, 'postgres', 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return Number.NaN;
  const postmaster = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(postmaster)], { encoding: 'utf8' })
    .split('\n')
    .map(Number)
    .filter(Boolean);
  let kb = 0;
  for (const pid of [postmaster, ...children]) {
    try {
      kb += Number(/Pss:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))![1]);
    } catch {}
  }
  return kb / 1024;
}

export function run(command: string, args: string[], env: NodeJS.ProcessEnv) {
  execFileSync(command, args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
}

async function timed(task: () => void | Promise<void>) {
  const started = performance.now();
  await task();
  return (performance.now() - started) / 1000;
}

async function repeat<T>(n: number, task: () => Promise<T>) {
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(await task());
  return out;
}

export const median = (values: number[]) => percentile(values, 50);

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (m: string) => console.error(`[server] ${m}`);
