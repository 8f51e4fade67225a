import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { makeBusiness, makeNik } from '../../../../test/support/builders.ts';
import { applyShop, decide, makeSeller } from '../marketplace/marketplace.fixtures.ts';
import type { CoverageDto } from './coverage.schema.ts';

/*
 * "Businesses selling online" on the coverage board (decision 0025), on a known world. Cipondoh's K1: a business
 * with an approved shop, one with a marketplace recorded in the registry, one with an online-sales milestone, one
 * with nothing, and an archived one with a marketplace (not counted). K2: a shop still pending and a suspended
 * one (not counted). Karawaci's KW1: one with a marketplace.
 */

const CIPONDOH = '36.71.05';
const KARAWACI = '36.71.07';
const K1 = '36.71.05.1001';
const K2 = '36.71.05.1002';
const KW1 = '36.71.07.1001';

let t: TestApp;
let admin: string;
let suspendedShop: number;
let marketplaceBusiness: number;

let serial = 800;
async function business(kelurahanCode: string, extra: Record<string, unknown> = {}) {
  serial += 1;
  return makeBusiness(t, admin, {
    owner: { nik: makeNik(serial, kelurahanCode.slice(6, 8)) },
    name: `Usaha Daring ${serial}`,
    kelurahanCode,
    ...extra,
  });
}
async function board(query: Record<string, string> = {}) {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/mentoring/coverage?${new URLSearchParams(query)}`,
    headers: { cookie: admin },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as CoverageDto;
}
const online = (b: CoverageDto, code: string) => {
  const r = b.rows.find((x) => x.code === code);
  if (!r) throw new Error(`no row ${code}`);
  return { businesses: r.businesses, sellingOnline: r.sellingOnline, sellingOnlinePct: r.sellingOnlinePct };
};
async function approvedShop(kelurahanCode: string) {
  const seller = await makeSeller(t, admin, kelurahanCode);
  const shop = await applyShop(t, seller.cookie, seller.business.id);
  expect((await decide(t, admin, shop.id, 'approve')).statusCode).toBe(200);
  return shop.id;
}

beforeAll(async () => {
  t = await createTestApp();
  admin = (await t.signedIn({ role: 'admin' })).cookie;

  await approvedShop(K1);
  marketplaceBusiness = (await business(K1, { online: { marketplaces: ['shopee.co.id/warung-daring'] } })).id;
  const withMilestone = await business(K1);
  const milestone = await t.app.inject({
    method: 'POST',
    url: '/api/v1/mentoring/milestones',
    headers: { cookie: admin },
    payload: {
      businessId: withMilestone.id,
      kind: 'online_sales',
      achievedOn: '2026-11-02',
      details: { channel: 'Tokopedia' },
    },
  });
  expect(milestone.statusCode, milestone.body).toBe(201);
  await business(K1, { online: { social: ['@hanya.instagram'] } }); // social media alone is no sales channel
  const archived = await business(K1, { online: { marketplaces: ['tokopedia.com/tutup'] } });
  expect(
    (
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/businesses/${archived.id}/archive`,
        headers: { cookie: admin },
      })
    ).statusCode,
  ).toBe(200);

  const pending = await makeSeller(t, admin, K2);
  await applyShop(t, pending.cookie, pending.business.id);
  suspendedShop = await approvedShop(K2);
  expect((await decide(t, admin, suspendedShop, 'suspend', 'Foto produk menyesatkan.')).statusCode).toBe(200);

  await business(KW1, { online: { marketplaces: ['Lazada'] } });
});
afterAll(() => t.close());

describe('businesses selling online on the coverage board', () => {
  it('counts, per kelurahan, registered businesses with a shop, a marketplace or an online-sales milestone', async () => {
    const b = await board();
    expect(b.rows).toHaveLength(104);
    expect(online(b, K1)).toEqual({ businesses: 4, sellingOnline: 3, sellingOnlinePct: 75 });
    expect(online(b, K2)).toEqual({ businesses: 2, sellingOnline: 0, sellingOnlinePct: 0 });
    expect(online(b, KW1)).toEqual({ businesses: 1, sellingOnline: 1, sellingOnlinePct: 100 });
    // Every other kelurahan: nothing registered, no share.
    const rest = b.rows.filter((r) => ![K1, K2, KW1].includes(r.code));
    expect(rest.every((r) => r.sellingOnline === 0 && r.sellingOnlinePct === null)).toBe(true);
  });

  it('sums a kecamatan row from its kelurahan, and follows the kecamatan filter', async () => {
    const b = await board({ level: 'kecamatan' });
    expect(b.rows).toHaveLength(13);
    expect(online(b, CIPONDOH)).toEqual({ businesses: 6, sellingOnline: 3, sellingOnlinePct: 50 });
    expect(online(b, KARAWACI)).toEqual({ businesses: 1, sellingOnline: 1, sellingOnlinePct: 100 });
    const cipondoh = await board({ kecamatan: CIPONDOH });
    expect(cipondoh.rows).toHaveLength(10);
    expect(online(cipondoh, K1).sellingOnline).toBe(3);
  });

  it('follows the writes: a shop reinstated, a marketplace removed, a business moved', async () => {
    expect((await decide(t, admin, suspendedShop, 'reinstate')).statusCode).toBe(200);
    const removed = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/businesses/${marketplaceBusiness}`,
      headers: { cookie: admin },
      payload: { online: { marketplaces: [] }, kelurahanCode: KW1 },
    });
    expect(removed.statusCode, removed.body).toBe(200);
    const b = await board();
    expect(online(b, K1)).toEqual({ businesses: 3, sellingOnline: 2, sellingOnlinePct: 66.7 });
    expect(online(b, K2)).toEqual({ businesses: 2, sellingOnline: 1, sellingOnlinePct: 50 });
    expect(online(b, KW1)).toEqual({ businesses: 2, sellingOnline: 1, sellingOnlinePct: 50 });
  });

  it('puts the count and the share in the XLSX', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/mentoring/coverage.xlsx?level=kecamatan',
      headers: { cookie: admin },
    });
    expect(res.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const at = (name: string) => header.indexOf(name) + 1;
    expect(at('usaha_berjualan_online')).toBeGreaterThan(0);
    const rows = new Map<string, ExcelJS.Row>();
    sheet.eachRow((r, i) => {
      if (i > 1) rows.set(String(r.getCell(1).value), r);
    });
    const cipondoh = rows.get(CIPONDOH)!;
    expect(cipondoh.getCell(at('usaha_terdaftar')).value).toBe(5);
    expect(cipondoh.getCell(at('usaha_berjualan_online')).value).toBe(3);
    expect(cipondoh.getCell(at('persen_berjualan_online')).value).toBe(60);
  });
});
