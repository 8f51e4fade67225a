import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUSINESS_COLUMNS } from '../src/shared/import-columns.ts';
import { makeNik } from './support/builders.ts';
import { makeDataDir } from './support/data-dir.ts';

/*
 * The embedded default as an operator runs it: real server processes and the real `bangkit` command on
 * one data directory. A second server is refused by PostgreSQL's own interlock and loses nothing; the
 * command line works beside a running server (an import from both at once); a server killed with
 * SIGKILL leaves no running database behind, and what it had committed is there after a restart.
 * Runs only on the embedded default: with DATABASE_URL set there is no embedded cluster to share.
 */

const ROOT = path.resolve(import.meta.dirname, '..');
/** The built server, as `npm start` runs it (test/support/build.ts brings dist/ up to date first). */
const SERVER = path.join(ROOT, 'dist/server.js');
const BIN = path.join(ROOT, 'bin/bangkit.js');
const PASSWORD = 'kata-sandi-admin-uji';
/** Generous: a loaded 2-core machine starts a server in seconds, not milliseconds. */
const WAIT = 300_000;

const embedded = !process.env.DATABASE_URL;
let dataDir: string;
let env: NodeJS.ProcessEnv;
const children = new Set<ChildProcess>();

beforeAll(() => {
  dataDir = makeDataDir('bangkit-engine-');
  env = {
    ...process.env,
    BANGKIT_DATA_DIR: dataDir,
    BANGKIT_DEMO: '0',
    BANGKIT_ADMIN_PASSWORD: PASSWORD,
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
});

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await Promise.all(
    [...children].map((c) => new Promise((r) => (c.exitCode === null ? c.once('exit', r) : r(0)))),
  );
  // The postmaster stops on its own once its owner is gone (parent-death signal); wait for it before removing.
  await until(() => !fs.existsSync(path.join(dataDir, 'postgres', 'postmaster.pid')), WAIT);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

// biome-ignore lint/suspicious/noExplicitAny: loose reading of API answers in a test
type Json = Record<string, any>;

interface Proc {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function launch(command: string[], extraEnv: NodeJS.ProcessEnv = {}): Proc {
  const child = spawn(process.execPath, command, {
    cwd: ROOT,
    env: { ...env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let output = '';
  child.stdout!.on('data', (c) => (output += c));
  child.stderr!.on('data', (c) => (output += c));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      children.delete(child);
      resolve(code);
    }),
  );
  return { child, output: () => output, exited };
}

async function startServer(): Promise<Proc & { port: number }> {
  const port = await freePort();
  const proc = launch([SERVER], { PORT: String(port), HOST: '127.0.0.1' });
  const ready = await Promise.race([
    until(() => proc.output().includes('Ready:'), WAIT).then(() => true),
    proc.exited.then(() => false),
  ]);
  if (!ready) throw new Error(`server did not start:\n${proc.output()}`);
  return { ...proc, port };
}

async function cli(...args: string[]) {
  const proc = launch([BIN, ...args]);
  const code = await proc.exited;
  return { code, output: proc.output() };
}

async function api(port: number, method: string, url: string, cookie?: string, body?: unknown) {
  const res = await fetch(`http://127.0.0.1:${port}/api/v1${url}`, {
    method,
    headers: {
      ...(cookie ? { cookie } : {}),
      ...(body instanceof Buffer
        ? { 'content-type': 'application/octet-stream' }
        : body
          ? { 'content-type': 'application/json' }
          : {}),
      origin: `http://127.0.0.1:${port}`,
    },
    body: body instanceof Buffer ? body : body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, json: (await res.json().catch(() => null)) as Json };
}

async function signIn(port: number) {
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: `http://127.0.0.1:${port}` },
    body: JSON.stringify({ email: 'admin@bangkit.local', password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

function businessCsv(serialFrom: number, count: number, kecamatan: string) {
  const rows = Array.from({ length: count }, (_, i) => {
    const row: Partial<Record<(typeof BUSINESS_COLUMNS)[number], string>> = {
      nik: makeNik(serialFrom + i, kecamatan),
      nama_pemilik: `Pemilik ${serialFrom + i}`,
      nama_usaha: `Usaha Mesin ${serialFrom + i}`,
      sektor: 'kuliner',
      kode_kelurahan: `36.71.${kecamatan}.1001`,
    };
    return BUSINESS_COLUMNS.map((c) => row[c] ?? '').join(',');
  });
  return `${[BUSINESS_COLUMNS.join(','), ...rows].join('\n')}\n`;
}

const countBusinesses = async (port: number, cookie: string) =>
  (await api(port, 'GET', '/businesses?pageSize=1', cookie)).json.total as number;

describe.runIf(embedded)('the embedded PostgreSQL on one data directory', () => {
  it(
    'refuses a second server, serves the command line beside the first, and loses nothing',
    async () => {
      const first = await startServer();
      const cookie = await signIn(first.port);
      const health = await (await fetch(`http://127.0.0.1:${first.port}/api/health`)).json();
      expect(health.database).toMatchObject({ kind: 'embedded', status: 'ok' });

      // A second server on the same data directory: PostgreSQL's interlock refuses it, in one line.
      const second = launch([SERVER], {
        PORT: String(await freePort()),
        HOST: '127.0.0.1',
      });
      expect(await second.exited).toBe(1);
      expect(second.output()).toMatch(/in use by another process/);

      // The command line joins the running cluster: an account made there can sign in on the server …
      const made = await cli('user', 'create', '--role', 'admin', '--email', 'cli@bangkit.test', '--json');
      expect(made.code, made.output).toBe(0);
      const users = await api(first.port, 'GET', '/users?q=cli%40bangkit.test', cookie);
      expect(JSON.stringify(users.json)).toContain('cli@bangkit.test');

      // … and an import from the command line and one from the web app run at the same time.
      const file = path.join(dataDir, 'usaha-cli.csv');
      fs.writeFileSync(file, businessCsv(1, 300, '05'));
      const [fromCli, fromWeb] = await Promise.all([
        cli('import', 'businesses', file, '--json'),
        api(
          first.port,
          'POST',
          '/imports/businesses?fileName=usaha-web.csv',
          cookie,
          Buffer.from(businessCsv(1, 200, '07')),
        ),
      ]);
      expect(fromCli.code, fromCli.output).toBe(0);
      expect(JSON.parse(fromCli.output.slice(fromCli.output.indexOf('{')))).toMatchObject({
        total: 300,
        created: 300,
      });
      expect(fromWeb.status).toBe(202);
      await until(
        async () =>
          ['done', 'failed'].includes(
            (await api(first.port, 'GET', `/imports/${fromWeb.json.id}`, cookie)).json.status,
          ),
        WAIT,
      );
      expect((await api(first.port, 'GET', `/imports/${fromWeb.json.id}`, cookie)).json).toMatchObject({
        status: 'done',
      });
      expect(await countBusinesses(first.port, cookie)).toBe(500);

      // SIGKILL: the postmaster follows its owner down, and a new server finds every committed row.
      first.child.kill('SIGKILL');
      await first.exited;
      await until(() => !fs.existsSync(path.join(dataDir, 'postgres', 'postmaster.pid')), WAIT);
      const again = await startServer();
      const cookieAgain = await signIn(again.port);
      expect(await countBusinesses(again.port, cookieAgain)).toBe(500);

      // A clean stop stops the database server with it.
      again.child.kill('SIGTERM');
      expect(await again.exited).toBe(0);
      expect(fs.existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
    },
    // A hang catcher only: three server starts and four commands take minutes on a loaded 2-core machine.
    30 * 60_000,
  );
});

async function until(check: () => boolean | Promise<boolean>, timeout: number) {
  const end = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
