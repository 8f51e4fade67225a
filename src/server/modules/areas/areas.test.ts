import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });

describe('areas', () => {
  it('lists the 13 kecamatan of Kota Tangerang with their kelurahan counts', async () => {
    const { cookie } = await t.signedIn({ role: 'admin' });
    const res = await get('/api/v1/areas/kecamatan', cookie);
    expect(res.statusCode).toBe(200);
    const rows = res.json() as { code: string; name: string; children: number }[];
    expect(rows).toHaveLength(13);
    expect(rows.reduce((s, r) => s + r.children, 0)).toBe(104);
    expect(rows.find((r) => r.code === '36.71.05')).toMatchObject({ name: 'Cipondoh', children: 10 });
    expect(rows.find((r) => r.code === '36.71.07')).toMatchObject({ name: 'Karawaci', children: 16 });
  });

  it('lists kelurahan of a kecamatan given dotted or plain', async () => {
    const { cookie } = await t.signedIn({ role: 'mentor', institutionId: await institution() });
    const dotted = await get('/api/v1/areas/kecamatan/36.71.05/kelurahan', cookie);
    const plain = await get('/api/v1/areas/kecamatan/367105/kelurahan', cookie);
    expect(dotted.statusCode).toBe(200);
    expect(dotted.json()).toHaveLength(10);
    expect(plain.json()).toEqual(dotted.json());
  });

  it('looks up any code in Indonesia with its ancestors', async () => {
    const { cookie } = await t.signedIn({ role: 'admin' });
    const res = await get('/api/v1/areas/3671051001', cookie);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.code).toBe('36.71.05.1001');
    expect(body.level).toBe('village');
    expect(body.ancestors.map((a: { code: string }) => a.code)).toEqual(['36', '36.71', '36.71.05']);
    // outside the deployment too: Kota Bandung
    expect((await get('/api/v1/areas/32.73', cookie)).json().name).toMatch(/BANDUNG/);
    expect((await get('/api/v1/areas/99.99', cookie)).statusCode).toBe(404);
    const bad = await get('/api/v1/areas/12x', cookie);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('AreaCodeInvalid');
  });

  it('shows an area officer only their own area', async () => {
    const { cookie } = await t.signedIn({ role: 'area_officer', areaCode: '36.71.05' });
    const kec = (await get('/api/v1/areas/kecamatan', cookie)).json();
    expect(kec.map((k: { code: string }) => k.code)).toEqual(['36.71.05']);
    expect((await get('/api/v1/areas/kecamatan/36.71.05/kelurahan', cookie)).json()).toHaveLength(10);
    const other = await get('/api/v1/areas/kecamatan/36.71.07/kelurahan', cookie);
    expect(other.statusCode).toBe(403);
    expect(other.json().code).toBe('OutOfScope');
  });

  it('shows a kelurahan officer the kecamatan that holds it and only their kelurahan', async () => {
    const { cookie } = await t.signedIn({ role: 'area_officer', areaCode: '3671051001' });
    const kec = (await get('/api/v1/areas/kecamatan', cookie)).json();
    expect(kec).toEqual([expect.objectContaining({ code: '36.71.05', children: 1 })]);
    const kel = (await get('/api/v1/areas/kecamatan/36.71.05/kelurahan', cookie)).json();
    expect(kel.map((k: { code: string }) => k.code)).toEqual(['36.71.05.1001']);
  });

  it('serves another deployment by configuration', async () => {
    const bandung = await createTestApp({ BANGKIT_AREA: '3273' });
    try {
      const { cookie } = await bandung.signedIn({ role: 'admin' });
      const res = await bandung.app.inject({
        method: 'GET',
        url: '/api/v1/areas/kecamatan',
        headers: { cookie },
      });
      const codes = (res.json() as { code: string }[]).map((r) => r.code);
      expect(codes.length).toBeGreaterThan(20);
      expect(codes.every((c) => c.startsWith('32.73.'))).toBe(true);
      const dep = await bandung.app.inject({
        method: 'GET',
        url: '/api/v1/areas/deployment',
        headers: { cookie },
      });
      expect(dep.json()).toMatchObject({ code: '32.73', level: 'regency' });
    } finally {
      await bandung.close();
    }
  });

  it('requires sign-in', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/areas/kecamatan' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});

async function institution() {
  const row = await t.db
    .insertInto('institution')
    .values({ name: `LP3W ${Math.random()}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
