/**
 * The storefront's JavaScript, gzipped, against its budget: a buyer on a cheap phone over a slow connection.
 * Read from the storefront build's manifest, so the build's report and test/storefront-bundle.test.ts
 * measure the same thing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Manifest, Plugin } from 'vite';

/** Gzipped bytes of JavaScript the storefront may load (kB = 1,000 bytes). */
export const STOREFRONT_JS_BUDGET = 150_000;

export interface StorefrontSizes {
  js: number;
  css: number;
  files: { file: string; gzip: number }[];
}

export function measureStorefront(outDir: string): StorefrontSizes {
  const manifestFile = path.join(outDir, '.vite', 'manifest.json');
  if (!fs.existsSync(manifestFile)) {
    throw new Error(`${manifestFile} is missing: run \`node scripts/build.mjs storefront\` first`);
  }
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest;
  const names = new Set<string>();
  for (const chunk of Object.values(manifest)) {
    names.add(chunk.file);
    for (const css of chunk.css ?? []) names.add(css);
  }
  const files = [...names]
    .filter((file) => file.endsWith('.js') || file.endsWith('.css'))
    .map((file) => ({ file, gzip: gzipSync(fs.readFileSync(path.join(outDir, file))).length }));
  const sum = (ext: string) =>
    files.filter((f) => f.file.endsWith(ext)).reduce((total, f) => total + f.gzip, 0);
  return { js: sum('.js'), css: sum('.css'), files };
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

export function formatStorefrontSizes(sizes: StorefrontSizes): string {
  const verdict = sizes.js <= STOREFRONT_JS_BUDGET ? 'within' : 'OVER';
  return [
    'Storefront, gzipped:',
    `  JavaScript ${kB(sizes.js)}  ${verdict} the budget of ${kB(STOREFRONT_JS_BUDGET)}`,
    `  CSS        ${kB(sizes.css)}`,
    ...sizes.files.map((f) => `    ${f.file} ${kB(f.gzip)}`),
  ].join('\n');
}

/** Prints the sizes after the storefront's build; over budget it warns (the test fails). */
export function storefrontBundleReport(): Plugin {
  let outDir = '';
  return {
    name: 'bangkit:storefront-bundle-report',
    apply: 'build',
    writeBundle(options) {
      outDir = options.dir!;
    },
    closeBundle() {
      if (!outDir) return;
      const sizes = measureStorefront(outDir);
      // On stderr like the build script's own lines, whatever the log level of the build.
      console.error(formatStorefrontSizes(sizes));
      if (sizes.js > STOREFRONT_JS_BUDGET) {
        this.environment.logger.warn(
          `The storefront's JavaScript is ${kB(sizes.js)} gzipped, over its budget.`,
        );
      }
    },
  };
}
