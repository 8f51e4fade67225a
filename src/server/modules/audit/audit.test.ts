import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { makeBusiness, tempFile } from '../../../../test/support/builders.ts';
import { openTabular, type TabularRow } from '../../files/tabular.ts';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await createTestApp();
  admin = (await t.signedIn({ role: 'admin', email: 'auditor@test.local' })).cookie;
});
afterAll(() => t.close());

describe('audit log', () => {
  it('records who did what, browsable and filterable by admins', async () => {
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/institutions',
      headers: { cookie: admin },
      payload: { name: 'LP3W' },
    });
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit?entity=institution',
      headers: { cookie: admin },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(1);
    expect(body.items[0]).toMatchObject({
      action: 'create',
      entity: 'institution',
      actorLabel: 'auditor@test.local',
      newValues: { name: 'LP3W' },
    });
    expect(body.items[0].requestId).toBeTruthy();

    const logins = (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/audit?action=login&q=auditor',
        headers: { cookie: admin },
      })
    ).json();
    expect(logins.total).toBeGreaterThanOrEqual(1);
    const future = (
      await t.app.inject({ method: 'GET', url: '/api/v1/audit?from=2999-01-01', headers: { cookie: admin } })
    ).json();
    expect(future.total).toBe(0);
    const entities = (
      await t.app.inject({ method: 'GET', url: '/api/v1/audit/entities', headers: { cookie: admin } })
    ).json();
    expect(entities).toEqual(expect.arrayContaining(['institution', 'user']));
  });

  it('is append-only at the database level', async () => {
    await expect(sql`update audit_log set action = 'x'`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(t.db)).rejects.toThrow(/append-only/);
    const n = await t.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(n.n).toBeGreaterThan(0);
  });

  it('is closed to everyone but admins', async () => {
    const { cookie } = await t.signedIn({ role: 'area_officer', areaCode: '36.71.01' });
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/audit', headers: { cookie } })).statusCode,
    ).toBe(403);
  });

  it('rolls the audit entry back with the change it describes', async () => {
    const before = await t.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const dup = await t.app.inject({
      method: 'POST',
      url: '/api/v1/institutions',
      headers: { cookie: admin },
      payload: { name: 'lp3w' },
    });
    expect(dup.statusCode).toBe(409);
    const after = await t.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });
});

describe('audit entries read by name', () => {
  it('name the record with a link to its page and the area by its name, not "Usaha #673" and a code', async () => {
    const business = await makeBusiness(t, admin, {
      name: 'Warung Audit Terbaca',
      kelurahanCode: '36.71.05.1001',
    });
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/audit?entity=business&entityId=${business.id}`,
      headers: { cookie: admin },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().items[0]).toMatchObject({
      entity: 'business',
      entityId: String(business.id),
      entityName: 'Warung Audit Terbaca',
      entityPath: `/businesses/${business.id}`,
      areaCode: '36.71.05.1001',
      areaName: expect.stringMatching(/Cipondoh/),
    });
    const owners = await t.app.inject({
      method: 'GET',
      url: `/api/v1/audit?entity=owner&entityId=${business.owner.id}`,
      headers: { cookie: admin },
    });
    expect(owners.json().items[0]).toMatchObject({ entityName: business.owner.name, entityPath: null });
  });
});

describe('the audit log as a spreadsheet', () => {
  it('exports the filtered entries as XLSX with names and readable changes, and logs the export', async () => {
    const business = await makeBusiness(t, admin, { name: 'Warung Ekspor', kelurahanCode: '36.71.05.1001' });
    await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/businesses/${business.id}`,
      headers: { cookie: admin },
      payload: { name: 'Warung Ekspor Baru' },
    });
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/audit/export?format=xlsx&entity=business&entityId=${business.id}`,
      headers: { cookie: admin },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain('log-audit.xlsx');
    const table = await openTabular(tempFile('log-audit.xlsx', res.rawPayload), {
      required: ['waktu', 'pelaku', 'aksi', 'nama', 'wilayah', 'perubahan'],
    });
    const rows: TabularRow[] = [];
    for await (const batch of table.rows()) rows.push(...batch);
    const text = (i: number, c: string) => rows[i]!.cells[c]!.text;
    expect(rows.map((_, i) => text(i, 'aksi'))).toEqual(['update', 'create']);
    expect(text(0, 'nama')).toBe('Warung Ekspor Baru');
    expect(text(0, 'wilayah')).toMatch(/Cipondoh/);
    expect(text(0, 'perubahan')).toContain('name: Warung Ekspor → Warung Ekspor Baru');
    expect(text(0, 'perubahan')).not.toContain('{');
    expect(text(0, 'pelaku')).toBe('auditor@test.local');

    const logged = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit?entity=audit_log&action=export',
      headers: { cookie: admin },
    });
    expect(logged.json().items[0]).toMatchObject({
      actorLabel: 'auditor@test.local',
      newValues: { format: 'xlsx', entity: 'business' },
    });
  });

  it('names the server’s own doings one way, however they were recorded', async () => {
    for (const label of ['system', 'system:demo', 'system:cli'])
      await t.db
        .insertInto('audit_log')
        .values({ actor_id: null, actor_label: label, action: 'recompute', entity: 'omzet_figure' })
        .execute();
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit/export?format=csv&action=recompute',
      headers: { cookie: admin },
    });
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split(/\r?\n/);
    expect(lines).toHaveLength(4);
    expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual(['Sistem', 'Sistem', 'Sistem']);
  });
});
