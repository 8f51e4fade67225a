import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  formatStorefrontSizes,
  measureStorefront,
  STOREFRONT_JS_BUDGET,
} from '../scripts/storefront-bundle-report.ts';
import { readStorefrontAssets } from '../src/server/modules/storefront/assets.ts';

// Reads the built storefront (the tests' global setup builds it: test/support/build.ts).
const STOREFRONT = path.resolve(import.meta.dirname, '../dist/storefront');

describe('the built storefront', () => {
  it('keeps its JavaScript within 150 kB gzipped', () => {
    const sizes = measureStorefront(STOREFRONT);
    expect(sizes.js, formatStorefrontSizes(sizes)).toBeGreaterThan(0);
    expect(sizes.js, formatStorefrontSizes(sizes)).toBeLessThanOrEqual(STOREFRONT_JS_BUDGET);
  });

  it('is one hashed script and one hashed stylesheet, which the pages link', () => {
    const assets = readStorefrontAssets(STOREFRONT);
    expect(assets.script).toMatch(/^\/belanja\/assets\/storefront-[\w-]{8,}\.js$/);
    expect(assets.styles).toEqual([expect.stringMatching(/^\/belanja\/assets\/storefront-[\w-]{8,}\.css$/)]);
    for (const url of [assets.script!, ...assets.styles]) {
      expect(fs.existsSync(path.join(STOREFRONT, 'assets', path.basename(url)))).toBe(true);
    }
  });

  it('imports nothing of the React app', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(STOREFRONT, '.vite/manifest.json'), 'utf8'));
    expect(Object.keys(manifest).filter((k) => !k.startsWith('src/storefront/'))).toEqual([]);
  });
});
