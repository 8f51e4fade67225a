import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  FIRST_LOAD_BUDGET,
  formatBundleSizes,
  measureBundle,
  readManifest,
  staticClosure,
} from '../scripts/bundle-report.ts';

// Reads the built app: `npm test` builds it first; before `npm run test:unit`, run `npm run build:web`.
const WEB = path.resolve(import.meta.dirname, '../dist/web');

describe('the built web app', () => {
  it('keeps the JavaScript of the first load within its budget', () => {
    const sizes = measureBundle(WEB);
    expect(sizes.firstLoad, formatBundleSizes(sizes)).toBeLessThanOrEqual(FIRST_LOAD_BUDGET);
  });

  it('loads the chart library only with the parts that draw charts', () => {
    const manifest = readManifest(WEB);
    const charts = Object.values(manifest).find((chunk) => chunk.name === 'charts');
    expect(charts, 'the "charts" chunk of vite.config.ts').toBeDefined();
    const entries = Object.keys(manifest).filter((key) => manifest[key]!.isEntry);
    expect(staticClosure(manifest, entries).has(charts!.file)).toBe(false);

    const lazyWithCharts = Object.keys(manifest)
      .filter((key) => manifest[key]!.isDynamicEntry && staticClosure(manifest, [key]).has(charts!.file))
      .sort();
    expect(lazyWithCharts).toEqual([
      'src/web/features/businesses/TurnoverChart.tsx',
      'src/web/features/mentoring/OutcomesPage.tsx',
      'src/web/features/recovery/RecoveryPage.tsx',
    ]);
  });

  it('runs no inline script or style element, which the Content-Security-Policy would refuse', () => {
    const html = fs.readFileSync(path.join(WEB, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc="\/assets\//);
      expect(body!.trim()).toBe('');
    }
    expect(html).not.toMatch(/<style\b/);
    expect(html).not.toMatch(/\son[a-z]+=/i);
  });
});
