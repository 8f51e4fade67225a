import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';

// The server's log at its default level (info), as `npm start` writes it.
const lines: Record<string, unknown>[] = [];
const stream = { write: (line: string) => void lines.push(JSON.parse(line)) };

let t: TestApp;
let web: string;
let admin: string;
beforeAll(async () => {
  web = fs.mkdtempSync(path.join(os.tmpdir(), 'bangkit-web-'));
  fs.writeFileSync(path.join(web, 'index.html'), '<!doctype html><div id="root"></div>');
  fs.mkdirSync(path.join(web, 'assets'));
  fs.writeFileSync(path.join(web, 'assets/index-abc.js'), 'export {};');
  t = await createTestApp({}, { webRoot: web, logger: { level: 'info', stream } });
  admin = (await t.signedIn({ role: 'admin' })).cookie;
});
afterAll(async () => {
  await t.close();
  fs.rmSync(web, { recursive: true, force: true });
});

async function logOf(request: { method: 'GET'; url: string; headers?: Record<string, string> }) {
  lines.length = 0;
  const res = await t.app.inject(request);
  return { res, lines: [...lines] };
}

describe('the request log at the default level', () => {
  it('writes one line per API request, with method, address, status, time and user', async () => {
    const { res, lines } = await logOf({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: admin } });
    expect(res.statusCode).toBe(200);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: 'request', method: 'GET', url: '/api/v1/auth/me', status: 200 });
    expect(lines[0]!.ms).toEqual(expect.any(Number));
    expect(lines[0]!.user).toEqual(expect.any(Number));
    expect(lines[0]).not.toHaveProperty('req');
  });

  it('writes one line for a refused request and for a page load', async () => {
    expect((await logOf({ method: 'GET', url: '/api/v1/nothing' })).lines).toHaveLength(1);
    const page = await logOf({ method: 'GET', url: '/areas/36.71.05' });
    expect(page.res.statusCode).toBe(200);
    expect(page.lines).toHaveLength(1);
  });

  it('writes nothing for a file the web app loads', async () => {
    const file = await logOf({ method: 'GET', url: '/assets/index-abc.js' });
    expect(file.res.statusCode).toBe(200);
    expect(file.lines).toHaveLength(0);
  });
});
