import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../src/shared/roles.ts';
import { EXPECTATIONS, type Request } from './authz/expectations.ts';
import { buildWorld, type Side, type World } from './authz/world.ts';
import { createTestApp, type TestApp } from './support/app.ts';

/*
 * Every operation of the OpenAPI document × every role × own side / other side (test/authz/world.ts),
 * against the statuses of test/authz/expectations.ts; an operation the table does not name fails the
 * matrix, so a new route cannot go unchecked. Answers that list rows carry some on the own side and
 * none on the other (but to the office). Reads run before writes, so that a write (an archive, a
 * merge) cannot change what a read is checked against.
 */

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface Operation {
  key: string;
  method: Uppercase<(typeof METHODS)[number]>;
  path: string;
}

let t: TestApp;
let world: World;
let operations: Operation[];

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t);
  const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
    paths: Record<string, Record<string, unknown>>;
  };
  operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => ({
      key: `${m.toUpperCase()} ${path}`,
      method: m.toUpperCase() as Operation['method'],
      path,
    })),
  );
});
afterAll(async () => {
  await t.app.importQueue.idle();
  await t.close();
});

/** How many rows an answer lists (items of a page, an array, lines of a CSV after its header). */
function rowsOf(res: LightMyRequestResponse): number | undefined {
  const type = String(res.headers['content-type'] ?? '');
  if (type.includes('text/csv')) {
    return (
      res.body
        .replace(/^\uFEFF/, '')
        .split('\n')
        .filter((line) => line.trim()).length - 1
    );
  }
  if (!type.includes('json')) return undefined;
  const body = res.json() as unknown;
  if (Array.isArray(body)) return body.length;
  if (body && typeof body === 'object' && Array.isArray((body as { items?: unknown }).items)) {
    return (body as { items: unknown[] }).items.length;
  }
  return undefined;
}

async function ask(op: Operation, req: Request, cookie: string | null) {
  let url = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = req.path?.[name];
    if (value === undefined) throw new Error(`${op.key}: the expectation gives no value for {${name}}`);
    return encodeURIComponent(String(value));
  });
  if (req.query) url += `?${new URLSearchParams(req.query)}`;
  const headers: Record<string, string> = {};
  if (cookie) headers.cookie = cookie;
  if (req.contentType) headers['content-type'] = req.contentType;
  const payload =
    req.body === undefined
      ? undefined
      : Buffer.isBuffer(req.body) || typeof req.body === 'string'
        ? req.body
        : JSON.stringify(req.body);
  if (payload !== undefined && !req.contentType) headers['content-type'] = 'application/json';
  const res = await t.app.inject({ method: op.method, url, headers, payload });
  // An import runs after its answer: let it end before the next request looks at the registry.
  if (op.method === 'POST' && op.path.startsWith('/api/v1/imports/')) await t.app.importQueue.idle();
  return { res, url };
}

describe('authorization matrix', () => {
  it('has an expectation for every operation of the OpenAPI document, and none for a route that is gone', () => {
    const keys = new Set(operations.map((o) => o.key));
    expect(operations.length).toBeGreaterThan(50);
    expect(operations.filter((o) => !EXPECTATIONS[o.key]).map((o) => o.key)).toEqual([]);
    expect(Object.keys(EXPECTATIONS).filter((k) => !keys.has(k))).toEqual([]);
  });

  it('answers every role on its own side and the other with the expected status, and lists no rows of the other side', async () => {
    const failures: string[] = [];
    const ordered = [
      ...operations.filter((o) => o.method === 'GET'),
      ...operations.filter((o) => o.method !== 'GET'),
    ];
    for (const op of ordered) {
      const expectation = EXPECTATIONS[op.key];
      if (!expectation) continue; // reported by the test above
      const sides: Side[] = expectation.once ? ['own'] : ['own', 'other'];

      const build = async (side: Side): Promise<Request> =>
        (await expectation.request?.(world.sides[side], world)) ?? {};
      const anonymous = await ask(op, await build('own'), null);
      if (anonymous.res.statusCode !== (expectation.anonymous ?? 401)) {
        failures.push(
          `${op.key} anonymous: ${anonymous.res.statusCode}, expected ${expectation.anonymous ?? 401}`,
        );
      }

      for (const role of ROLES) {
        const expected = expectation.status[role];
        for (const side of sides) {
          const want = typeof expected === 'number' ? expected : expected[side === 'own' ? 0 : 1];
          const request = await build(side);
          const cookie = request.freshSession ? await world.freshCookie(role) : world.users[role].cookie;
          const { res, url } = await ask(op, request, cookie);
          const where = `${op.key} as ${role}, ${side} side (${url})`;
          if (res.statusCode !== want) {
            failures.push(`${where}: ${res.statusCode}, expected ${want} ${res.body.slice(0, 160)}`);
            continue;
          }
          if (!expectation.rows || res.statusCode >= 300) continue;
          const rows = rowsOf(res);
          const seesOther = expectation.rows === true ? ['admin'] : expectation.rows.seesOther;
          if (rows === undefined) failures.push(`${where}: the answer lists no rows`);
          else if (side === 'own' && rows === 0) failures.push(`${where}: no rows of the own side`);
          else if (side === 'other' && rows > 0 && !seesOther.includes(role as Role)) {
            failures.push(`${where}: ${rows} rows of the other side`);
          } else if (side === 'other' && rows === 0 && seesOther.includes(role as Role)) {
            failures.push(`${where}: no rows of the other side, which this role sees`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
