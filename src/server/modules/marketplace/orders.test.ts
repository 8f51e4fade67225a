import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { localToday } from '../../http/dates.ts';
import { addProduct, approvedShop, makeSeller } from './marketplace.fixtures.ts';
import { cancelOrderByToken, createOrderRequest, getOrderByToken } from './orders.create.ts';

let t: TestApp;
let admin: string;
let seller: Awaited<ReturnType<typeof approvedShop>>;
let phoneSeq = 0;

beforeAll(async () => {
  t = await createTestApp();
  admin = (await t.signedIn({ role: 'admin' })).cookie;
  seller = await approvedShop(t, admin);
});
afterAll(() => t.close());

/** A different buyer phone each time (requests are limited per phone). */
const phone = () => `0813${String(10_000_000 + ++phoneSeq).slice(-8)}`;

const order = (productId: number, quantity = 1, overrides: Record<string, unknown> = {}) =>
  createOrderRequest(t.db, {
    shopId: seller.shop.id,
    buyerName: 'Rina Pembeli',
    buyerPhone: phone(),
    fulfilment: 'pickup',
    items: [{ productId, quantity }],
    ...overrides,
  });

const move = (id: number, to: string, reason?: string, cookie = seller.cookie) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/market/orders/${id}/transition`,
    headers: { cookie },
    payload: { to, ...(reason ? { reason } : {}) },
  });

const stockOf = async (id: number) =>
  (await t.db.selectFrom('product').select('stock').where('id', '=', id).executeTakeFirstOrThrow()).stock;

const orderCount = async () =>
  Number(
    (
      await t.db
        .selectFrom('order_request')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('createOrderRequest', () => {
  it('snapshots names and prices from the catalogue and gives the buyer a private link and a WhatsApp link', async () => {
    const product = await addProduct(t, seller.cookie, seller.shop.id, {
      name: 'Kue Lapis',
      price: 40000,
      stock: 5,
    });
    const created = await order(product.id, 2, { buyerPhone: '+62 813-1111-2222', note: 'Tanpa kacang' });
    expect(created.code).toMatch(/^PU-[A-Z2-9]{6}$/);
    expect(created.token.length).toBeGreaterThanOrEqual(43); // 32 bytes, base64url
    expect(created.total).toBe(80000);
    expect(created.whatsappUrl).toMatch(/^https:\/\/wa\.me\/6281234567890\?text=/);
    expect(decodeURIComponent(created.whatsappUrl)).toContain('2 × Kue Lapis @ Rp 40.000');
    expect(decodeURIComponent(created.whatsappUrl)).toContain('Total: Rp 80.000');
    const row = await t.db
      .selectFrom('order_request')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ buyer_phone: '+6281311112222', state: 'requested', total: 80000 });
    expect(row.token_hash).not.toContain(created.token);
    // Stock is reserved on confirmation, not on request.
    expect(await stockOf(product.id)).toBe(5);
  });

  it('refuses an invalid phone, more than the stock, a missing variant, a hidden product or a delivery without address', async () => {
    const product = await addProduct(t, seller.cookie, seller.shop.id, { name: 'Rendang Kering', stock: 3 });
    const withVariants = await addProduct(t, seller.cookie, seller.shop.id, {
      name: 'Kaos Sablon',
      variants: [{ name: 'M', price: 90000, stock: 2 }],
    });
    const before = await orderCount();
    await expect(order(product.id, 1, { buyerPhone: '12345' })).rejects.toMatchObject({
      status: 400,
      details: { errors: [expect.objectContaining({ path: 'body.buyerPhone' })] },
    });
    await expect(order(product.id, 4)).rejects.toMatchObject({
      status: 409,
      code: 'OutOfStock',
      message: expect.stringContaining('tinggal 3'),
    });
    await expect(
      order(product.id, 2, {
        items: [
          { productId: product.id, quantity: 2 },
          { productId: product.id, quantity: 2 },
        ],
      }),
    ).rejects.toMatchObject({ code: 'OutOfStock' });
    await expect(order(product.id, 0)).rejects.toMatchObject({ status: 400 });
    await expect(order(product.id, 1.5)).rejects.toMatchObject({ status: 400 });
    await expect(order(withVariants.id, 1)).rejects.toMatchObject({ code: 'VariantRequired' });
    await expect(order(product.id, 1, { fulfilment: 'delivery' })).rejects.toMatchObject({
      code: 'AddressRequired',
    });
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/market/products/${product.id}/moderation`,
      headers: { cookie: admin },
      payload: { action: 'hide', reason: 'Foto menyesatkan' },
    });
    await expect(order(product.id, 1)).rejects.toMatchObject({ code: 'ProductUnavailable' });
    expect(await orderCount()).toBe(before);
  });

  it('makes one order of the same idempotency key, with the same status link', async () => {
    const product = await addProduct(t, seller.cookie, seller.shop.id, { name: 'Bolu Pandan', stock: null });
    const key = 'keranjang-3f9a1c2b7d8e4f60';
    const first = await order(product.id, 1, { idempotencyKey: key, buyerPhone: '081399998888' });
    const second = await order(product.id, 1, { idempotencyKey: key, buyerPhone: '081399998888' });
    expect(second).toMatchObject({ id: first.id, token: first.token, replayed: true });
  });

  it('limits open requests per phone within an hour', async () => {
    const product = await addProduct(t, seller.cookie, seller.shop.id, { name: 'Air Mineral', stock: null });
    const same = '081277776666';
    for (let i = 0; i < 5; i += 1) await order(product.id, 1, { buyerPhone: same });
    await expect(order(product.id, 1, { buyerPhone: same })).rejects.toMatchObject({ status: 429 });
  });
});

describe('the order’s states', () => {
  it('goes requested → confirmed (stock taken) → ready → completed for a pickup, each step in the history', async () => {
    const product = await addProduct(t, seller.cookie, seller.shop.id, { name: 'Pempek', stock: 6 });
    const created = await order(product.id, 2);
    const confirmed = await move(created.id, 'confirmed');
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json().nextStates).toEqual(['ready']);
    expect(decodeURIComponent(confirmed.json().whatsappUrl)).toContain('Status: Dikonfirmasi');
    expect(await stockOf(product.id)).toBe(4);
    expect((await move(created.id, 'ready')).json().state).toBe('ready');
    const done = await move(created.id, 'completed');
    expect(done.json()).toMatchObject({ state: 'completed', completedAt: expect.any(String) });
    expect(done.json().events.map((e: { to: string }) => e.to)).toEqual([
      'requested',
      'confirmed',
      'ready',
      'completed',
    ]);
    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'order_request')
      .where('entity_id', '=', String(created.id))
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['confirm', 'mark_ready', 'mark_completed']);
  });

  it('refuses skipping and going back with 409 and a clear message, changing nothing', async () => {
    const product = await addProduct(t, seller.cookie, seller.shop.id, { name: 'Otak-otak', stock: 6 });
    const created = await order(product.id, 1);
    const skip = await move(created.id, 'completed');
    expect(skip.statusCode).toBe(409);
    expect(skip.json()).toMatchObject({
      code: 'InvalidTransition',
      detail: expect.stringContaining('"Diminta"'),
    });
    expect((await move(created.id, 'shipped')).statusCode).toBe(409);
    const declined = await move(created.id, 'declined');
    expect(declined.statusCode).toBe(400);
    await move(created.id, 'confirmed');
    expect((await move(created.id, 'shipped')).json().detail).toContain('diambil sendiri');
    expect((await move(created.id, 'requested')).statusCode).toBe(409);
    const row = await t.db
      .selectFrom('order_request')
      .select('state')
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(row.state).toBe('confirmed');
    expect(await stockOf(product.id)).toBe(5);
  });

  it('a decline needs a reason, which the buyer reads on the status page', async () => {
    const product = await addProduct(t, seller.cookie, seller.shop.id, { name: 'Tahu Bakso', stock: 6 });
    const created = await order(product.id, 1);
    expect((await move(created.id, 'declined', 'Libur Lebaran sampai tanggal 10')).json().state).toBe(
      'declined',
    );
    const status = await getOrderByToken(t.db, created.token);
    expect(status).toMatchObject({
      state: 'declined',
      reason: 'Libur Lebaran sampai tanggal 10',
      canCancel: false,
    });
    expect(await stockOf(product.id)).toBe(6);
  });

  it('the buyer cancels by the link before confirmation only; the link shows this order and nothing else', async () => {
    const product = await addProduct(t, seller.cookie, seller.shop.id, { name: 'Nastar', stock: 6 });
    const a = await order(product.id, 1, { buyerName: 'Pembeli A' });
    const b = await order(product.id, 2, { buyerName: 'Pembeli B' });
    const status = await getOrderByToken(t.db, a.token);
    expect(status).toMatchObject({ code: a.code, buyerName: 'Pembeli A', canCancel: true });
    expect(JSON.stringify(status)).not.toContain('Pembeli B');
    expect(JSON.stringify(status)).not.toContain('+62813');
    await expect(getOrderByToken(t.db, `${a.token.slice(0, -2)}xx`)).rejects.toMatchObject({ status: 404 });
    expect((await cancelOrderByToken(t.db, t.config, a.token)).state).toBe('cancelled');
    await move(b.id, 'confirmed');
    await expect(cancelOrderByToken(t.db, t.config, b.token)).rejects.toMatchObject({
      status: 409,
      code: 'InvalidTransition',
    });
    expect((await move(a.id, 'confirmed')).statusCode).toBe(409);
  });

  it('another seller neither sees nor moves the order', async () => {
    const product = await addProduct(t, seller.cookie, seller.shop.id, { name: 'Lontong', stock: 6 });
    const created = await order(product.id, 1);
    const other = await makeSeller(t, admin);
    expect((await move(created.id, 'confirmed', undefined, other.cookie)).statusCode).toBe(404);
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/market/orders',
      headers: { cookie: other.cookie },
    });
    expect(list.json().items).toEqual([]);
    expect((await move(created.id, 'confirmed', undefined, admin)).statusCode).toBe(403);
  });
});

describe('stock under concurrent confirmations', () => {
  it('of the last unit: exactly one confirmation wins and stock never goes below zero', async () => {
    const product = await addProduct(t, seller.cookie, seller.shop.id, {
      name: 'Batik Cap Terakhir',
      stock: 1,
    });
    const orders = [];
    for (let i = 0; i < 6; i += 1) orders.push(await order(product.id, 1));
    const answers = await Promise.all(orders.map((o) => move(o.id, 'confirmed')));
    const codes = answers.map((a) => a.statusCode).sort();
    expect(codes).toEqual([200, 409, 409, 409, 409, 409]);
    expect(answers.filter((a) => a.statusCode === 409).every((a) => a.json().code === 'OutOfStock')).toBe(
      true,
    );
    expect(await stockOf(product.id)).toBe(0);
    const confirmed = await t.db
      .selectFrom('order_request')
      .select('id')
      .where(
        'id',
        'in',
        orders.map((o) => o.id),
      )
      .where('state', '=', 'confirmed')
      .execute();
    expect(confirmed).toHaveLength(1);
  });

  it('of a variant’s last units with two lines: all or nothing', async () => {
    const product = await addProduct(t, seller.cookie, seller.shop.id, {
      name: 'Sepatu Kulit',
      variants: [
        { name: '40', price: 300000, stock: 1 },
        { name: '41', price: 300000, stock: 5 },
      ],
    });
    const [v40, v41] = product.variants as unknown as [{ id: number }, { id: number }];
    const items = [
      { productId: product.id, variantId: v41.id, quantity: 2 },
      { productId: product.id, variantId: v40.id, quantity: 1 },
    ];
    const a = await order(product.id, 1, { items });
    const b = await order(product.id, 1, { items });
    const answers = await Promise.all([move(a.id, 'confirmed'), move(b.id, 'confirmed')]);
    expect(answers.map((x) => x.statusCode).sort()).toEqual([200, 409]);
    const variants = await t.db
      .selectFrom('product_variant')
      .select(['name', 'stock'])
      .where('product_id', '=', product.id)
      .orderBy('name')
      .execute();
    // The loser took nothing: 41 lost only the winner's two.
    expect(variants).toEqual([
      { name: '40', stock: 0 },
      { name: '41', stock: 3 },
    ]);
  });
});

describe('verified marketplace sales', () => {
  it('completed orders add to the business’s sales of the month, shown on its page beside the channels', async () => {
    const s = await approvedShop(t, admin);
    const product = await addProduct(t, s.cookie, s.shop.id, {
      name: 'Keripik Tempe',
      price: 12000,
      stock: 50,
    });
    const sell = async (quantity: number, complete: boolean) => {
      const o = await createOrderRequest(t.db, {
        shopId: s.shop.id,
        buyerName: 'Budi',
        buyerPhone: phone(),
        fulfilment: 'delivery',
        address: 'Jl. Kenanga 3',
        items: [{ productId: product.id, quantity }],
      });
      for (const to of complete ? ['confirmed', 'shipped', 'completed'] : ['confirmed']) {
        const res = await move(o.id, to, undefined, s.cookie);
        expect(res.statusCode).toBe(200);
      }
    };
    await sell(3, true);
    await sell(2, true);
    await sell(10, false);
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/market/businesses/${s.business.id}`,
      headers: { cookie: admin },
    });
    const month = localToday(t.config.timezone).slice(0, 7);
    expect(res.json()).toMatchObject({
      shop: { id: s.shop.id, state: 'approved' },
      channels: [expect.objectContaining({ channel: 'pasar_umkm' })],
      sales: [{ period: month, orders: 2, amount: 60000 }],
    });
  });
});
