import sharp from 'sharp';
import type { TestApp } from '../../../../test/support/app.ts';
import { makeBusiness, makeNik } from '../../../../test/support/builders.ts';

/** Test data for the marketplace: sellers with businesses, shops and products through the API. */

let serial = 5000;

/** A picture `width × height` of one colour, as PNG (or JPEG) bytes. */
export async function makeImage(width = 800, height = 600, format: 'png' | 'jpeg' = 'png') {
  const image = sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 40 } } });
  return format === 'png' ? image.png().toBuffer() : image.jpeg().toBuffer();
}

/** A business owner with an account and a business in `kelurahanCode`, registered by the office. */
export async function makeSeller(
  t: TestApp,
  adminCookie: string,
  kelurahanCode = '36.71.05.1001',
  legality = {},
) {
  serial += 1;
  const business = await makeBusiness(t, adminCookie, {
    owner: { nik: makeNik(serial, kelurahanCode.slice(6, 8)), name: `Penjual ${serial}` },
    name: `Usaha Pasar ${serial}`,
    kelurahanCode,
    legality,
  });
  const { user, cookie } = await t.signedIn({ role: 'business_owner' });
  await t.db.updateTable('owner').set({ user_id: user.id }).where('id', '=', business.owner.id).execute();
  return { user, cookie, business: business as { id: number; name: string; owner: { id: number } } };
}

export const shopBody = (businessId: number, overrides: Record<string, unknown> = {}) => ({
  businessId,
  name: `Toko ${businessId}`,
  description: 'Camilan rumahan',
  pickupKecamatanCode: '36.71.05',
  whatsapp: '0812-3456-7890',
  openingHours: 'Senin–Sabtu 08.00–17.00',
  ...overrides,
});

export async function applyShop(t: TestApp, cookie: string, businessId: number, overrides = {}) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/market/shops',
    headers: { cookie },
    payload: shopBody(businessId, overrides),
  });
  if (res.statusCode !== 201) throw new Error(`applyShop: ${res.statusCode} ${res.body}`);
  return res.json() as { id: number; slug: string; state: string };
}

export async function decide(t: TestApp, cookie: string, shopId: number, action: string, reason?: string) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/market/shops/${shopId}/decision`,
    headers: { cookie },
    payload: { action, ...(reason ? { reason } : {}) },
  });
}

export const productBody = (overrides: Record<string, unknown> = {}) => ({
  name: 'Keripik Singkong Pedas',
  description: 'Renyah dan pedas',
  category: 'camilan',
  price: 15000,
  unit: 'bungkus',
  weightGrams: 250,
  stock: 10,
  ...overrides,
});

export async function addProduct(t: TestApp, cookie: string, shopId: number, overrides = {}) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/market/shops/${shopId}/products`,
    headers: { cookie },
    payload: productBody(overrides),
  });
  if (res.statusCode !== 201) throw new Error(`addProduct: ${res.statusCode} ${res.body}`);
  return res.json() as { id: number; slug: string; variants: { id: number; name: string }[] };
}

/** A seller with an approved shop (approved by the office). */
export async function approvedShop(t: TestApp, adminCookie: string, kelurahanCode?: string, legality = {}) {
  const seller = await makeSeller(t, adminCookie, kelurahanCode, legality);
  const shop = await applyShop(t, seller.cookie, seller.business.id);
  const res = await decide(t, adminCookie, shop.id, 'approve');
  if (res.statusCode !== 200) throw new Error(`approve: ${res.statusCode} ${res.body}`);
  return { ...seller, shop };
}
