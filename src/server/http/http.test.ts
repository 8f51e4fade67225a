import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await createTestApp();
  admin = (await t.signedIn({ role: 'admin' })).cookie;
});
afterAll(() => t.close());

const isProblem = (res: { headers: Record<string, unknown> }) =>
  expect(String(res.headers['content-type'])).toContain('application/problem+json');

describe('bad input never causes a 500', () => {
  it('answers malformed JSON with 400 problem+json', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: admin, 'content-type': 'application/json' },
      payload: '{"email": ',
    });
    expect(res.statusCode).toBe(400);
    isProblem(res);
    expect(res.json().code).toBe('MalformedJson');
  });

  it('lists every wrong field and refuses unknown fields', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: admin },
      payload: { email: 'not-an-email', name: 5, role: 'king', isAdmin: true },
    });
    expect(res.statusCode).toBe(400);
    isProblem(res);
    const body = res.json();
    expect(body.code).toBe('ValidationFailed');
    const paths = body.errors.map((e: { path: string }) => e.path);
    expect(body.errors.find((e: { path: string }) => e.path === 'body.name')).toMatchObject({
      issue: 'invalid_type',
    });
    expect(paths).toEqual(expect.arrayContaining(['body.email', 'body.name', 'body.role']));
    expect(JSON.stringify(body.errors)).toContain('isAdmin');
  });

  it('answers a missing file with 404, not with the web app', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/assets/gone-after-redeploy.js' });
    expect(res.statusCode).toBe(404);
    isProblem(res);
  });

  it('answers an unknown route with 404 problem+json', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    isProblem(res);
    expect(res.json().code).toBe('RouteNotFound');
  });

  it('answers a wrong content type and an oversized body with 4xx', async () => {
    const text = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'text/plain' },
      payload: 'hello',
    });
    expect(text.statusCode).toBe(415);
    const big = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'a@b.cd', password: 'x'.repeat(2_000_000) },
    });
    expect(big.statusCode).toBe(413);
  });

  it('answers wrong types in the query and path with 400', async () => {
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/users?page=-1', headers: { cookie: admin } }))
        .statusCode,
    ).toBe(400);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/users/abc', headers: { cookie: admin } }))
        .statusCode,
    ).toBe(400);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/users/99999', headers: { cookie: admin } }))
        .statusCode,
    ).toBe(404);
  });
});

describe('who may ask comes before what they ask', () => {
  it('refuses a stranger with 401 whatever the input, before reading it', async () => {
    const badQuery = await t.app.inject({ method: 'GET', url: '/api/v1/omzet/stats' });
    expect(badQuery.statusCode).toBe(401);
    const badBody = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": ',
    });
    expect(badBody.statusCode).toBe(401);
  });

  it('refuses a role that may not use a route with 403 before validating its input', async () => {
    const officer = (await t.signedIn({ role: 'area_officer', areaCode: '36.71.05' })).cookie;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: officer },
      payload: { email: 'not-an-email' },
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('deployment', () => {
  it('names the city without sign-in, for the sign-in page', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/areas/deployment' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ code: '36.71', name: 'KOTA TANGERANG' });
  });
});

describe('health and API document', () => {
  it('reports version and database status', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'ok',
      version: 'test',
      database: { status: 'ok' },
      area: '36.71',
    });
  });

  it('publishes an OpenAPI 3.1 document covering every route, and a docs page', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    const routes = Object.entries(doc.paths as Record<string, object>).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
    );
    for (const r of [
      'POST /api/v1/auth/login',
      'GET /api/v1/users/',
      'PATCH /api/v1/users/{id}',
      'GET /api/v1/areas/kecamatan/{code}/kelurahan',
      'GET /api/v1/audit/',
      'GET /api/health',
    ]) {
      expect(routes).toContain(r);
    }
    const ui = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toContain('<html');
  });
});
