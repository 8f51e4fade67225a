import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStaticFileRequest } from '../src/server/http/request-log.ts';
import { createTestApp, type TestApp } from './support/app.ts';

/**
 * Every route pattern of the web app's router, read from src/web/router.tsx: a nested route's `path:` is
 * indented deeper than its parent's (the formatter keeps it so), which gives the full pattern.
 */
function routePatterns(): string[] {
  const source = fs.readFileSync(path.resolve(import.meta.dirname, '../src/web/router.tsx'), 'utf8');
  const stack: { indent: number; path: string }[] = [];
  const patterns: string[] = [];
  for (const line of source.split('\n')) {
    // `{ path: '*', … }` on one line sits at its object's indent plus the brace's two characters.
    const match = /^(\s*)(\{ )?path: '([^']*)'/.exec(line);
    if (!match) continue;
    const indent = match[1]!.length + (match[2]?.length ?? 0);
    while (stack.length && stack.at(-1)!.indent >= indent) stack.pop();
    stack.push({ indent, path: match[3]! });
    patterns.push(
      `/${stack
        .map((s) => s.path.replace(/^\/|\/$/g, ''))
        .filter(Boolean)
        .join('/')}`,
    );
  }
  return patterns;
}

/** Sample values as people share them: a kelurahan's dotted code, a programme code with a dot. */
const SAMPLE: Record<string, string> = { ':code': '36.71.05', ':id': '673', '*': 'no/such.page' };
/**
 * Public pages of one record that the server answers itself, with the record's own head: a record that does
 * not exist is a 404 (still the app, which says so), so that a crawler does not keep it.
 */
const RECORD_PAGES = new Set(['/acara/:slug']);
const concrete = (pattern: string) =>
  pattern.replace(/:[a-zA-Z]+|\*/g, (param) => SAMPLE[param] ?? '1').replace(/\/\//g, '/');

let t: TestApp;
let web: string;
beforeAll(async () => {
  web = fs.mkdtempSync(path.join(os.tmpdir(), 'bangkit-web-'));
  fs.writeFileSync(
    path.join(web, 'index.html'),
    '<!doctype html><title>Bangkit</title><div id="root"></div>',
  );
  fs.mkdirSync(path.join(web, 'assets'));
  fs.writeFileSync(path.join(web, 'assets/app-1234.js'), 'export {};');
  t = await createTestApp({}, { webRoot: web });
});
afterAll(async () => {
  await t.close();
  fs.rmSync(web, { recursive: true, force: true });
});

describe('a deep link opened on a fresh request', () => {
  const patterns = routePatterns();

  it('reads the routes of the web app', () => {
    expect(patterns).toEqual(
      expect.arrayContaining(['/login', '/', '/areas/:code', '/aid/:code/batches', '/*']),
    );
  });

  it.each(patterns.map((p) => [p, concrete(p)]))('%s (%s) loads the web app', async (pattern, url) => {
    const res = await t.app.inject({ method: 'GET', url });
    expect(res.statusCode, res.body).toBe(RECORD_PAGES.has(pattern) ? 404 : 200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('<div id="root">');
  });

  it('loads the app for a kelurahan code and a programme code with dots, with a query', async () => {
    for (const url of ['/areas/36.71.05', '/areas/3671.05?tab=omzet', '/aid/BPUM.2020/proposals']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toContain('text/html');
    }
  });

  it('still serves files, and answers a missing file or an unknown API address with problem+json', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/assets/app-1234.js' })).statusCode).toBe(200);
    for (const url of [
      '/assets/gone-after-redeploy.js',
      '/favicon-old.png',
      '/api/v1/areas.05',
      '/api/nothing',
    ]) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type'], url).toContain('application/problem+json');
    }
  });

  it('tells files from pages', () => {
    expect(isStaticFileRequest('/areas/36.71.05')).toBe(false);
    expect(isStaticFileRequest('/manifest.webmanifest')).toBe(true);
    expect(isStaticFileRequest('/assets/x')).toBe(true);
  });
});
