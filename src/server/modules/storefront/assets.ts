import fs from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../package-root.ts';
import type { StorefrontAssets } from './layout.ts';

export const STOREFRONT_DIST = path.join(PACKAGE_ROOT, 'dist/storefront');
/** Where the storefront's hashed files are served: immutable, cached for a year. */
export const ASSETS_PREFIX = '/belanja/assets/';

/**
 * The storefront's script and stylesheet, by their hashed names in the build's manifest. Without a build
 * (a test, `npm run dev` before building) the pages still render, plain.
 */
export function readStorefrontAssets(root = STOREFRONT_DIST): StorefrontAssets {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, '.vite', 'manifest.json'), 'utf8')) as Record<
      string,
      { file: string; css?: string[]; isEntry?: boolean }
    >;
    const entry = manifest['src/storefront/main.ts'];
    if (!entry) return { script: null, styles: [] };
    const url = (file: string) => `${ASSETS_PREFIX}${file.replace(/^assets\//, '')}`;
    return { script: url(entry.file), styles: (entry.css ?? []).map(url) };
  } catch {
    return { script: null, styles: [] };
  }
}
