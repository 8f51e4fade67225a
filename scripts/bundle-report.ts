/**
 * How much JavaScript the built web app asks of a browser, gzipped: the first load (what the browser fetches
 * before the first page can show) against its budget, everything, and the largest chunks. Read from Vite's
 * manifest, so the build's report (`bundleReport()` in vite.config.ts) and the test that holds the budget
 * (test/web-bundle.test.ts) measure the same thing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Manifest, Plugin } from 'vite';

/** Gzipped bytes of JavaScript the first load may take: a phone on a slow connection still starts quickly. */
export const FIRST_LOAD_BUDGET = 200_000;

export interface ChunkSize {
  file: string;
  gzip: number;
  firstLoad: boolean;
}

export interface BundleSizes {
  firstLoad: number;
  total: number;
  /** Every JavaScript chunk, largest first. */
  chunks: ChunkSize[];
}

export function readManifest(outDir: string): Manifest {
  const file = path.join(outDir, '.vite', 'manifest.json');
  if (!fs.existsSync(file)) {
    throw new Error(`${file} is missing: run \`npm run build:web\` (with build.manifest on) first`);
  }
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
}

/** The files a manifest entry needs before it runs: its own chunk and what it imports statically, all the way down. */
export function staticClosure(manifest: Manifest, keys: string[]): Set<string> {
  const files = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) throw new Error(`The manifest has no chunk ${key}`);
    files.add(chunk.file);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  for (const key of keys) visit(key);
  return files;
}

/** Gzipped sizes of the JavaScript in a build; the first load is every entry and its static imports. */
export function measureBundle(outDir: string): BundleSizes {
  const manifest = readManifest(outDir);
  const entries = Object.keys(manifest).filter((key) => manifest[key]!.isEntry);
  const firstLoadFiles = staticClosure(manifest, entries);
  const jsFiles = new Set(Object.values(manifest).map((chunk) => chunk.file));
  const chunks = [...jsFiles]
    .filter((file) => file.endsWith('.js'))
    .map((file) => ({
      file,
      gzip: gzipSync(fs.readFileSync(path.join(outDir, file))).length,
      firstLoad: firstLoadFiles.has(file),
    }))
    .sort((a, b) => b.gzip - a.gzip);
  const sum = (list: ChunkSize[]) => list.reduce((total, chunk) => total + chunk.gzip, 0);
  return { firstLoad: sum(chunks.filter((chunk) => chunk.firstLoad)), total: sum(chunks), chunks };
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`.padStart(9);

export function formatBundleSizes(sizes: BundleSizes, largest = 8): string {
  const firstLoadCount = sizes.chunks.filter((chunk) => chunk.firstLoad).length;
  const verdict = sizes.firstLoad <= FIRST_LOAD_BUDGET ? 'within' : 'OVER';
  const width = Math.max(...sizes.chunks.slice(0, largest).map((chunk) => chunk.file.length));
  return [
    'JavaScript, gzipped:',
    `  first load ${kB(sizes.firstLoad)}  ${verdict} the budget of ${kB(FIRST_LOAD_BUDGET).trim()} (${firstLoadCount} files)`,
    `  all        ${kB(sizes.total)}  (${sizes.chunks.length} files)`,
    '  largest:',
    ...sizes.chunks
      .slice(0, largest)
      .map(
        (chunk) =>
          `    ${chunk.file.padEnd(width)} ${kB(chunk.gzip)}${chunk.firstLoad ? '  first load' : ''}`,
      ),
  ].join('\n');
}

/** Prints the sizes after every build; over budget it warns (the test fails). Needs `build.manifest: true`. */
export function bundleReport(): Plugin {
  let outDir = '';
  return {
    name: 'bangkit:bundle-report',
    apply: 'build',
    writeBundle(options) {
      outDir = options.dir!;
    },
    // After Vite's own list of files, so the sizes are the last thing a build prints.
    closeBundle() {
      if (!outDir) return; // the build failed before writing anything
      const sizes = measureBundle(outDir);
      this.environment.logger.info(`\n${formatBundleSizes(sizes)}`);
      if (sizes.firstLoad > FIRST_LOAD_BUDGET) {
        this.environment.logger.warn(
          `The first load is ${kB(sizes.firstLoad).trim()} of JavaScript gzipped, over its budget.`,
        );
      }
    },
  };
}
