#!/usr/bin/env node
/*
 * Builds what Bangkit runs into dist/, each part only when its inputs changed since it was last built:
 *   entries  dist/server.js, dist/import-worker.js and dist/cli.js: the app code bundled by esbuild, packages
 *            left in node_modules
 *   web      dist/web: the React app, by Vite
 *   storefront  dist/storefront: the public storefront's small script and stylesheet, by Vite
 * dist/<part>.stamp.json keeps a digest of the part's input files' contents; a part is rebuilt when the
 * digest differs or an output is missing. Plain JavaScript so that checking costs no TypeScript loader.
 *
 *   node scripts/build.mjs [entries] [web] [--force]     (no part named: both; silent when nothing changed)
 *
 * Run by `prepare` (after npm install / npm ci), `start` and the tests' global setup (test/support/build.ts);
 * bin/bangkit.js brings `entries` up to date the same way before it runs the CLI.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist');
/** Inputs of every part besides its sources: how it is built. */
const COMMON_INPUTS = ['scripts/build.mjs', 'tsconfig.json'];

const PARTS = {
  entries: {
    label: 'the server, its import worker and the CLI (dist/server.js, dist/import-worker.js, dist/cli.js)',
    outputs: ['dist/server.js', 'dist/import-worker.js', 'dist/cli.js'],
    // The files esbuild read last time; a file added since can only be reached through one of them.
    inputs: (stamp) => stamp?.inputs,
    build: buildEntries,
  },
  web: {
    label: 'the web app (dist/web)',
    outputs: ['dist/web/index.html'],
    inputs: () => [
      ...sourceFiles('src/web'),
      ...sourceFiles('src/shared'),
      'index.html',
      'vite.config.ts',
      'postcss.config.cjs',
      'package-lock.json',
    ],
    build: buildWeb,
  },
  storefront: {
    label: 'the storefront script (dist/storefront)',
    outputs: ['dist/storefront/.vite/manifest.json'],
    inputs: () => [
      ...sourceFiles('src/storefront'),
      'vite.storefront.config.ts',
      'scripts/storefront-bundle-report.ts',
      'package-lock.json',
    ],
    build: buildStorefront,
  },
};

/** A failed build whose errors are on the screen already. */
class ReportedError extends Error {}

/** Builds a part when it is missing or its inputs changed (or always, with `force`). */
export async function ensureBuilt(name, { force = false } = {}) {
  const part = PARTS[name];
  const stampFile = path.join(DIST, `${name}.stamp.json`);
  const stamp = readJson(stampFile);
  const inputs = part.inputs(stamp);
  const fresh =
    !force &&
    stamp &&
    inputs &&
    stamp.digest === digest(inputs) &&
    part.outputs.every((output) => fs.existsSync(path.join(ROOT, output)));
  if (fresh) return;

  const started = performance.now();
  // stderr: the CLI's stdout may be a JSON answer that a script reads.
  console.error(`[build] ${part.label}…`);
  const builtFrom = await part.build();
  writeAtomically(stampFile, JSON.stringify({ digest: digest(builtFrom), inputs: builtFrom }, null, 1));
  console.error(`[build] ${part.label} built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** Returns the source files the bundles were made from. */
async function buildEntries() {
  const esbuild = await import('esbuild');
  const common = {
    absWorkingDir: ROOT,
    outdir: 'dist',
    bundle: true,
    packages: 'external',
    platform: 'node',
    target: 'node20',
    format: 'esm',
    sourcemap: true,
    metafile: true,
    // Written below, each file replaced in one rename: two commands rebuilding at once never run half a file.
    write: false,
    logLevel: 'warning',
  };
  const builds = [
    {
      ...common,
      entryPoints: {
        server: 'src/server/main.ts',
        // The server's import thread (src/server/modules/imports/import-thread.ts) loads it beside server.js.
        'import-worker': 'src/server/modules/imports/import-worker.ts',
      },
    },
    // The CLI is split where its commands import what they run (src/cli/program.ts), so that `bangkit --help`
    // loads neither the services nor the packages they use. Its chunks go to dist/chunks/.
    {
      ...common,
      entryPoints: { cli: 'src/cli/main.ts' },
      splitting: true,
      chunkNames: 'chunks/[name]-[hash]',
    },
  ];
  let results;
  try {
    results = await Promise.all(builds.map((options) => esbuild.build(options)));
  } catch (err) {
    // esbuild has printed the errors with their source lines.
    throw err.errors ? new ReportedError() : err;
  }
  const files = results.flatMap((result) => result.outputFiles);
  const isChunk = (file) => path.relative(DIST, file.path).startsWith(`chunks${path.sep}`);
  // Chunks first: an entry is never on disk before the chunks it imports.
  for (const file of [...files.filter(isChunk), ...files.filter((f) => !isChunk(f))]) {
    writeAtomically(file.path, file.contents);
  }
  pruneChunks(new Set(files.filter(isChunk).map((file) => file.path)));
  return [...new Set(results.flatMap((result) => Object.keys(result.metafile.inputs)))].sort();
}

/** Removes chunks of earlier builds, once no command started before this build can still be loading them. */
function pruneChunks(current) {
  const dir = path.join(DIST, 'chunks');
  const anHourAgo = Date.now() - 60 * 60 * 1000;
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name);
    if (current.has(file) || current.has(file.replace(/\.map$/, ''))) continue;
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat && stat.mtimeMs < anHourAgo) fs.rmSync(file, { force: true });
  }
}

/** Returns the files the web app is built from. */
async function buildWeb() {
  const inputs = PARTS.web.inputs();
  const vite = await import('vite');
  try {
    await vite.build({ root: ROOT, logLevel: 'warn' });
  } catch (err) {
    if (!err.errors) throw err;
    console.error(err.message);
    throw new ReportedError();
  }
  return inputs;
}

/** Returns the files the storefront's bundle is built from; the build prints its gzipped size. */
async function buildStorefront() {
  const inputs = PARTS.storefront.inputs();
  const vite = await import('vite');
  try {
    await vite.build({
      root: ROOT,
      configFile: path.join(ROOT, 'vite.storefront.config.ts'),
      logLevel: 'warn',
    });
  } catch (err) {
    if (!err.errors) throw err;
    console.error(err.message);
    throw new ReportedError();
  }
  return inputs;
}

/** The files under `dir` that can end up in a build (tests do not). */
function sourceFiles(dir) {
  return fs
    .readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !/\.test\.tsx?$/.test(entry.name))
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath ?? entry.path, entry.name)))
    .sort();
}

function digest(files) {
  const hash = crypto.createHash('sha256');
  for (const file of [...COMMON_INPUTS, ...files]) {
    hash.update(`${file}\0`);
    try {
      hash.update(fs.readFileSync(path.join(ROOT, file)));
    } catch {
      hash.update('(missing)');
    }
    hash.update('\0');
  }
  return hash.digest('hex');
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function writeAtomically(file, contents) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, contents);
  fs.renameSync(temporary, file);
}

/** Brings the named parts up to date; when a build fails, says why and exits with code 1. */
export async function ensureBuiltOrExit(names, options) {
  try {
    for (const name of names) await ensureBuilt(name, options);
  } catch (err) {
    if (!(err instanceof ReportedError)) console.error(err);
    console.error('[build] failed');
    process.exit(1);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const names = args.filter((arg) => !arg.startsWith('--'));
  const unknown = names.filter((name) => !(name in PARTS));
  if (unknown.length) {
    console.error(`[build] unknown part ${unknown.join(', ')}; the parts: ${Object.keys(PARTS).join(', ')}`);
    process.exit(2);
  }
  await ensureBuiltOrExit(names.length ? names : Object.keys(PARTS), { force: args.includes('--force') });
}
