import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { localToday } from '../../http/dates.ts';
import { addProduct, approvedShop } from './marketplace.fixtures.ts';
import { createOrderRequest } from './orders.create.ts';

let t: TestApp;
let admin: string;
let officer: string;
let cipondoh: Awaited<ReturnType<typeof approvedShop>>;
let karawaci: Awaited<ReturnType<typeof approvedShop>>;
let productId: number;
let today: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = (await t.signedIn({ role: 'admin' })).cookie;
  officer = (await t.signedIn({ role: 'area_officer', areaCode: '36.71.05' })).cookie;
  today = localToday(t.config.timezone);
  cipondoh = await approvedShop(t, admin, '36.71.05.1001');
  karawaci = await approvedShop(t, admin, '36.71.07.1001');
  productId = (await addProduct(t, cipondoh.cookie, cipondoh.shop.id, { price: 20000, stock: 10 })).id;
  await addProduct(t, karawaci.cookie, karawaci.shop.id, { name: 'Kerupuk Kulit', price: 10000, stock: 10 });
  // Two requests in Cipondoh, one of them completed.
  for (const complete of [true, false]) {
    const o = await createOrderRequest(t.db, {
      shopId: cipondoh.shop.id,
      buyerName: 'Dewi',
      buyerPhone: complete ? '081355550001' : '081355550002',
      fulfilment: 'pickup',
      items: [{ productId, quantity: 2 }],
    });
    if (complete) {
      for (const to of ['confirmed', 'ready', 'completed']) {
        await t.app.inject({
          method: 'POST',
          url: `/api/v1/market/orders/${o.id}/transition`,
          headers: { cookie: cipondoh.cookie },
          payload: { to },
        });
      }
    }
  }
});
afterAll(() => t.close());

const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, cookie: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie }, payload });

describe('campaigns', () => {
  it('the office creates one with dates and a theme, chooses products; an officer reads but cannot change it', async () => {
    const bad = await call('POST', '/api/v1/market/campaigns', admin, {
      name: 'Terbalik',
      theme: 'ramadan',
      startsOn: '2026-04-10',
      endsOn: '2026-04-01',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('body.endsOn');
    const res = await call('POST', '/api/v1/market/campaigns', admin, {
      name: 'Bangga Produk UMKM',
      theme: 'kemerdekaan',
      startsOn: '2026-01-01',
      endsOn: '2026-12-31',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ slug: 'bangga-produk-umkm', products: [] });
    const id = res.json().id;
    const chosen = await call('PUT', `/api/v1/market/campaigns/${id}/products`, admin, {
      productIds: [productId, 999999],
    });
    expect(chosen.statusCode).toBe(400);
    const ok = await call('PUT', `/api/v1/market/campaigns/${id}/products`, admin, {
      productIds: [productId],
    });
    expect(ok.json().products).toEqual([expect.objectContaining({ id: productId, public: true })]);
    expect(
      (await call('PUT', `/api/v1/market/campaigns/${id}/products`, officer, { productIds: [] })).statusCode,
    ).toBe(403);
    expect((await call('GET', `/api/v1/market/campaigns/${id}`, officer)).json().products).toHaveLength(1);
    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'campaign')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'set_products']);
  });

  it('counts shops online, products listed, requests and completed sales by kecamatan, within the officer’s area', async () => {
    const { id } = (
      await call('POST', '/api/v1/market/campaigns', admin, {
        name: 'Akhir Tahun',
        theme: 'akhir_tahun',
        startsOn: today,
        endsOn: today,
      })
    ).json();
    const office = (await call('GET', `/api/v1/market/campaigns/${id}/figures?by=kecamatan`, admin)).json();
    const row = (code: string) => office.rows.find((r: { code: string }) => r.code === code);
    expect(row('36.71.05')).toMatchObject({
      shopsOnline: 1,
      productsListed: 1,
      orderRequests: 2,
      completedOrders: 1,
      completedSales: 40000,
    });
    expect(row('36.71.07')).toMatchObject({ shopsOnline: 1, productsListed: 1, orderRequests: 0 });
    expect(office.rows.every((r: { code: string }) => /^36\.71\.\d{2}$/.test(r.code))).toBe(true);
    expect(office.total).toMatchObject({ shopsOnline: 2, productsListed: 2, completedSales: 40000 });

    const area = (await call('GET', `/api/v1/market/campaigns/${id}/figures?by=kecamatan`, officer)).json();
    expect(area.rows.map((r: { code: string }) => r.code)).toEqual(['36.71.05']);
    const bySector = (await call('GET', `/api/v1/market/campaigns/${id}/figures?by=sector`, admin)).json();
    expect(bySector.rows.find((r: { code: string }) => r.code === 'kuliner')).toMatchObject({
      shopsOnline: 2,
    });

    const xlsx = await call('GET', `/api/v1/market/campaigns/${id}/figures.xlsx?by=kecamatan`, admin);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).getCell(3).value).toBe('Toko online');
    const values = sheet.getSheetValues().map((r) => (Array.isArray(r) ? r.slice(1) : r));
    expect(values).toContainEqual(['36.71.05', expect.any(String), 1, 1, 2, 1, 40000]);
  });
});

describe('digital readiness and verified sales in the registry', () => {
  it('filters the business list by "sells online" (this marketplace or a marketplace in the registry)', async () => {
    const elsewhere = await t.app.inject({
      method: 'POST',
      url: '/api/v1/businesses',
      headers: { cookie: admin },
      payload: {
        owner: { nik: '3671054508900001', name: 'Penjual Shopee', phone: '081234567891' },
        name: 'Usaha Shopee',
        sector: 'fesyen',
        kelurahanCode: '36.71.05.1001',
        online: { marketplaces: ['Shopee'] },
      },
    });
    expect(elsewhere.statusCode).toBe(201);
    const online = (await call('GET', '/api/v1/businesses?online=true&pageSize=50', admin)).json();
    const ids = online.items.map((b: { id: number }) => b.id);
    expect(ids).toEqual(
      expect.arrayContaining([cipondoh.business.id, karawaci.business.id, elsewhere.json().id]),
    );
    const offline = (await call('GET', '/api/v1/businesses?online=false&pageSize=50', admin)).json();
    expect(offline.items.map((b: { id: number }) => b.id)).not.toContain(cipondoh.business.id);
    expect(online.total + offline.total).toBe(
      (await call('GET', '/api/v1/businesses?pageSize=1', admin)).json().total,
    );
  });

  it('adds "selling online" and the month’s verified sales to the recovery figures, renaming nothing', async () => {
    const period = today.slice(0, 7);
    const res = await call('GET', `/api/v1/omzet/stats?period=${period}&by=kecamatan`, admin);
    expect(res.statusCode).toBe(200);
    const row = res.json().rows.find((r: { code: string }) => r.code === '36.71.05');
    expect(row).toMatchObject({
      sellingOnline: 2,
      verifiedSales: 40000,
      verifiedSellers: 1,
      businesses: expect.any(Number),
    });
    expect(row).toHaveProperty('recovered');
    const city = (await call('GET', `/api/v1/omzet/stats?period=${period}&by=city`, officer)).json();
    expect(city.rows[0]).toMatchObject({ verifiedSales: 40000 });
  });
});
