import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicantJson, makeApplicant, makeProgram } from '../src/server/modules/aid/aid.fixtures.ts';
import { createTestApp, type TestApp } from './support/app.ts';
import { makeBusiness } from './support/builders.ts';

/**
 * "Nothing a client sends may cause a 500": every operation in the OpenAPI document, called by an
 * admin, an area officer and a stranger with malformed path parameters, query strings and bodies,
 * answers with a 2xx/3xx/4xx and, when it refuses, with problem+json.
 */

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
};
type Operation = {
  parameters?: { in: string; name: string; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
};

/** Names that a plain object answers through its prototype: a look-up keyed by them must miss. */
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];
const BAD_PATH = [
  '0',
  '-1',
  'abc',
  '1.5',
  '99999999999999999999',
  '%27%3B--',
  '%00',
  'x'.repeat(300),
  ...PROTOTYPE_KEYS,
];
const BAD_QUERY = [
  '',
  'x',
  '-1',
  '1e309',
  '99999999999999999999',
  '2020-13-45',
  // A well-formed date that PostgreSQL has no day for (there is no year 0).
  '0000-01-01',
  '%FF',
  ...PROTOTYPE_KEYS,
  'null',
  'x'.repeat(2000),
];
const BAD_VALUES: unknown[] = [
  null,
  '',
  'x'.repeat(10_000),
  -1,
  1.5,
  1e308,
  Number.MAX_SAFE_INTEGER + 2,
  true,
  [],
  {},
  '2020-02-30',
  '0000-01-01',
  '\u0000',
  { $ne: 1 },
];

let t: TestApp;
let cookies: Record<string, string | undefined>;
let operations: { method: string; path: string; op: Operation }[];
let businessId: number;

beforeAll(async () => {
  t = await createTestApp();
  cookies = {
    admin: (await t.signedIn({ role: 'admin' })).cookie,
    officer: (await t.signedIn({ role: 'area_officer', areaCode: '36.71.05' })).cookie,
    stranger: undefined,
  };
  businessId = (await makeBusiness(t, cookies.admin!)).id;
  const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
  operations = Object.entries(doc.paths as Record<string, Record<string, Operation>>).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
  );
});
afterAll(() => t.close());

function fillPath(path: string, value: string) {
  return path.replace(/\{[^}]+\}/g, value);
}

/** Bodies that break the schema one field at a time, plus wholesale wrong shapes. */
function badBodies(schema: JsonSchema | undefined): unknown[] {
  const bodies: unknown[] = [null, [], 'text', 42, {}];
  const props = schema?.properties ?? {};
  for (const [key, prop] of Object.entries(props)) {
    for (const value of BAD_VALUES) bodies.push({ [key]: value });
    // One level down (the owner inside a business, a window inside a program).
    for (const inner of Object.keys(prop.properties ?? {})) {
      for (const value of BAD_VALUES) bodies.push({ [key]: { [inner]: value } });
    }
  }
  const wrongEverywhere = Object.fromEntries(Object.keys(props).map((k) => [k, 'x'.repeat(5000)]));
  bodies.push(wrongEverywhere, { ...wrongEverywhere, unknownField: 1 });
  return bodies;
}

async function send(
  method: string,
  url: string,
  cookie: string | undefined,
  body?: { payload: string | Buffer; type: string },
) {
  const res = await t.app.inject({
    method: method as 'GET',
    url,
    headers: {
      ...(cookie ? { cookie } : {}),
      ...(body ? { 'content-type': body.type } : {}),
    },
    payload: body?.payload,
  });
  if (res.statusCode >= 500) {
    const sent = body ? ` with ${String(body.payload).slice(0, 120)}` : '';
    throw new Error(`${method} ${url}${sent} → ${res.statusCode} ${res.body.slice(0, 200)}`);
  }
  if (res.statusCode >= 400 && !url.startsWith('/api/docs')) {
    expect(res.headers['content-type'], `${method} ${url}`).toMatch(/application\/problem\+json/);
  }
  return res.statusCode;
}

describe('text PostgreSQL cannot store', () => {
  it('refuses a NUL character as a field error and changes nothing', async () => {
    const before = await t.app.inject({
      method: 'GET',
      url: `/api/v1/businesses/${businessId}`,
      headers: { cookie: cookies.admin },
    });
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/businesses/${businessId}`,
      headers: { cookie: cookies.admin },
      payload: { address: 'Jl. Melati\u0000 No. 1' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'ValidationFailed', errors: [{ path: 'body.address' }] });
    const after = await t.app.inject({
      method: 'GET',
      url: `/api/v1/businesses/${businessId}`,
      headers: { cookie: cookies.admin },
    });
    expect(after.json()).toEqual(before.json());

    const query = await t.app.inject({
      method: 'GET',
      url: '/api/v1/businesses?q=a%00b',
      headers: { cookie: cookies.admin },
    });
    expect(query.statusCode, query.body).toBe(400);
    expect(query.json().errors[0].path).toBe('querystring.q');
  });
});

describe('no request a client can make causes a 500', () => {
  it('covers a sizeable API', () => {
    expect(operations.length).toBeGreaterThan(40);
  });

  it('survives malformed path parameters and query strings, for every role', async () => {
    const failures: string[] = [];
    for (const { method, path, op } of operations) {
      if (path.startsWith('/api/docs') || path === '/api/v1/auth/logout') continue;
      const query = (op.parameters ?? []).filter((p) => p.in === 'query');
      const paths = path.includes('{') ? BAD_PATH.map((v) => fillPath(path, v)) : [path];
      for (const [role, cookie] of Object.entries(cookies)) {
        for (const url of paths) {
          const attempts = [
            url,
            ...query.flatMap((q) => BAD_QUERY.map((v) => `${url}?${q.name}=${encodeURIComponent(v)}`)),
          ];
          if (query.length > 0) attempts.push(`${url}?${query.map((q) => `${q.name}=`).join('&')}`);
          attempts.push(`${url}?unknown=1&${query[0]?.name ?? 'x'}=1&${query[0]?.name ?? 'x'}=2`);
          for (const attempt of attempts) {
            try {
              await send(method, attempt, cookie);
            } catch (error) {
              failures.push(`${role}: ${(error as Error).message}`);
            }
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('survives malformed bodies, for every role', async () => {
    const failures: string[] = [];
    for (const { method, path, op } of operations) {
      if (method === 'GET' || path === '/api/v1/auth/logout' || path.startsWith('/api/docs')) continue;
      const url = fillPath(path, '1');
      const content = op.requestBody?.content ?? {};
      const json = content['application/json'];
      const bodies: { payload: string | Buffer; type: string }[] = [
        ...badBodies(json?.schema).map((b) => ({ payload: JSON.stringify(b), type: 'application/json' })),
        { payload: '{"unterminated": ', type: 'application/json' },
        // Deeper than any call stack: nothing that walks the body may recurse.
        { payload: `{"name":${'['.repeat(100_000)}${']'.repeat(100_000)}}`, type: 'application/json' },
        { payload: Buffer.from([0xff, 0xfe, 0, 1, 2]), type: 'application/octet-stream' },
        { payload: 'a,b\n1,2\n', type: 'text/csv' },
        {
          payload: '--x\r\nContent-Disposition: form-data; name="file"\r\n\r\nabc\r\n--x--',
          type: 'multipart/form-data; boundary=x',
        },
      ];
      for (const [role, cookie] of Object.entries(cookies)) {
        // A stranger's refusal does not depend on the body (except signing in); one try is enough.
        const tries = role === 'stranger' && path !== '/api/v1/auth/login' ? bodies.slice(0, 1) : bodies;
        for (const body of tries) {
          try {
            await send(method, url, cookie, body);
          } catch (error) {
            failures.push(`${role}: ${(error as Error).message}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });
});

describe("the outside audit's requests (issue 8)", () => {
  // The sweeps above may end the sessions they were given (a password change signs everyone out).
  let admin: string;
  beforeAll(async () => {
    admin = (await t.signedIn({ role: 'admin' })).cookie;
  });

  it('refuses a date PostgreSQL cannot hold as a field error', async () => {
    for (const url of ['/api/v1/audit/?from=0000-01-01', '/api/v1/audit/?to=0000-12-31']) {
      const res = await t.app.inject({ method: 'GET', url, headers: { cookie: admin } });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()).toMatchObject({ code: 'ValidationFailed' });
    }
  });

  it('answers an import kind named like a property of every object as an unknown kind', async () => {
    for (const kind of PROTOTYPE_KEYS) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/imports/${kind}`,
        headers: { cookie: admin, 'content-type': 'text/csv' },
        payload: 'nik,periode,omzet\n',
      });
      expect(res.statusCode, `${kind}: ${res.body}`).toBe(404);
      expect(res.json()).toMatchObject({ code: 'ImportKindUnknown' });
    }
  });

  it('downloads an attachment whatever its name, with the name as RFC 6266 filename*', async () => {
    const program = await makeProgram(t, admin);
    const entered = await t.app.inject({
      method: 'POST',
      url: `/api/v1/aid/programs/${program}/proposals`,
      headers: { cookie: admin },
      payload: applicantJson(makeApplicant(4242)),
    });
    expect(entered.statusCode, entered.body).toBe(201);
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(64),
    ]);
    const names = {
      'foto-ktp-中文.png': "filename*=UTF-8''foto-ktp-%E4%B8%AD%E6%96%87.png",
      'foto\r\nSet-Cookie: x=1.png': "filename*=UTF-8''foto%0D%0ASet-Cookie%3A%20x%3D1.png",
      'foto "ktp".png': 'filename="foto \\"ktp\\".png"',
    };
    for (const [fileName, expected] of Object.entries(names)) {
      const upload = await t.app.inject({
        method: 'POST',
        url: `/api/v1/aid/proposals/${entered.json().proposal.id}/attachments?fileName=${encodeURIComponent(fileName)}`,
        headers: { cookie: admin, 'content-type': 'image/png' },
        payload: png,
      });
      expect(upload.statusCode, upload.body).toBe(201);
      const download = await t.app.inject({
        method: 'GET',
        url: `/api/v1/aid/attachments/${upload.json().id}`,
        headers: { cookie: admin },
      });
      expect(download.statusCode, `${JSON.stringify(fileName)}: ${download.body}`).toBe(200);
      expect(download.rawPayload.equals(png)).toBe(true);
      const disposition = String(download.headers['content-disposition']);
      expect(disposition).toMatch(/^attachment; /);
      expect(disposition).toContain(expected);
      expect(download.headers['set-cookie']).toBeUndefined();
    }
  });
});
