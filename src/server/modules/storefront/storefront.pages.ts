/**
 * The public storefront's pages, rendered here as whole HTML documents: readable and usable before (or
 * without) the storefront's script. No login; every page reads only what `public_product` and
 * `public_shop` show (decision 0018).
 */
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PRODUCT_CATEGORIES, type ProductCategory } from '../../../shared/marketplace.ts';
import { AppError } from '../../http/errors.ts';
import { ASSETS_PREFIX, readStorefrontAssets, STOREFRONT_DIST } from './assets.ts';
import type { html } from './html.ts';
import { type PageContext, type PageMeta, page, type StorefrontAssets } from './layout.ts';
import {
  cartPage,
  type OrderFormValues,
  orderFormPage,
  orderProblemPage,
  statusPage,
} from './order-views.ts';
import {
  cancelOrderByToken,
  draftOrder,
  getOrderByToken,
  newFormKey,
  type OrderDraft,
  parseItems,
  placeOrder,
} from './orders.ts';
import { campaignPage, homePage, notFoundPage, productPage, shopPage } from './page-views.ts';
import { registerSitemap } from './sitemap.ts';
import type { SearchSort } from './storefront.repository.ts';
import * as store from './storefront.service.ts';
import { searchBody } from './views.ts';

const PAGE_SIZE = 24;
const SORTS: SearchSort[] = ['relevance', 'newest', 'price_asc', 'price_desc'];
/** Public pages change with the catalogue: browsers and proxies may keep them a minute. */
const PUBLIC_CACHE = 'public, max-age=60';

type Query = Record<string, string | string[] | undefined>;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() ?? '';

/** A whole number of rupiah or pages from a query value; anything else is ignored, never an error page. */
function wholeNumber(v: string | string[] | undefined, max = 1_000_000_000_000): number | undefined {
  const text = one(v);
  if (!/^\d{1,13}$/.test(text)) return undefined;
  const n = Number(text);
  return n <= max ? n : undefined;
}

export function originOf(request: FastifyRequest, publicOrigin: string | undefined) {
  return publicOrigin ?? `${request.protocol}://${request.host}`;
}

/** Parses a urlencoded form into fields, repeated names as arrays. */
function parseForm(body: string): Query {
  const out: Query = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const known = out[key];
    out[key] = known === undefined ? value : ([] as string[]).concat(known, value);
  }
  return out;
}

/** Where the core's field errors (`buyerPhone`, `items.0.quantity`) show on the form. */
const FORM_FIELDS: Record<string, string> = {
  buyerName: 'name',
  buyerPhone: 'phone',
  fulfilment: 'fulfilment',
  address: 'address',
  note: 'note',
};

function formErrors(err: AppError): Record<string, string> {
  const out: Record<string, string> = {};
  const list = (err.details as { errors?: { path: string; message: string }[] } | undefined)?.errors ?? [];
  for (const e of list) {
    // The core names fields as the JSON API does (`body.buyerPhone`).
    const field = e.path.replace(/^body\./, '');
    const item = /^items\.(\d+)/.exec(field);
    const name = item ? `items.${item[1]}` : FORM_FIELDS[field];
    if (name && !out[name]) out[name] = e.message;
  }
  return out;
}

export async function storefrontPages(app: FastifyInstance) {
  const { db, config } = app.deps;
  const assets: StorefrontAssets = readStorefrontAssets();
  // Hashed names: a file's content never changes, browsers keep it a year without asking again.
  if (fs.existsSync(path.join(STOREFRONT_DIST, 'assets'))) {
    await app.register(fastifyStatic, {
      root: path.join(STOREFRONT_DIST, 'assets'),
      prefix: ASSETS_PREFIX,
      decorateReply: false,
      wildcard: false,
      immutable: true,
      maxAge: '365d',
      index: false,
    });
  }

  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 64 * 1024 },
    (_request, body, done) => done(null, parseForm(body as string)),
  );

  async function context(request: FastifyRequest, query?: string): Promise<PageContext> {
    return {
      origin: originOf(request, config.publicOrigin),
      cityName: await store.cityName(db, config),
      assets,
      query,
    };
  }

  function send(
    reply: FastifyReply,
    ctx: PageContext,
    view: { meta: PageMeta; body: ReturnType<typeof html> },
    { status = 200, cache = PUBLIC_CACHE }: { status?: number; cache?: string } = {},
  ) {
    reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', cache);
    if (view.meta.noindex) reply.header('x-robots-tag', 'noindex, nofollow');
    return reply.send(page(ctx, view.meta, view.body));
  }

  const notFound = async (request: FastifyRequest, reply: FastifyReply, what: string) =>
    send(reply, await context(request), notFoundPage(what), { status: 404, cache: 'no-cache' });

  const hidden = { schema: { hide: true } };

  app.get('/belanja', hidden, async (request, reply) => {
    const [ctx, data, names] = await Promise.all([
      context(request),
      store.home(db, config),
      store.kecamatanNames(db, config),
    ]);
    return send(reply, ctx, homePage(ctx, { ...data, kecamatanNames: names }));
  });

  app.get('/belanja/cari', hidden, async (request, reply) => {
    const q = request.query as Query;
    const text = one(q.q).slice(0, 100);
    const category = PRODUCT_CATEGORIES.find((c) => c === one(q.kategori)) as ProductCategory | undefined;
    const kecamatanOptions = await store.kecamatanOf(db, config);
    const kecamatan = kecamatanOptions.find((k) => k.code === one(q.kecamatan))?.code;
    const sort = SORTS.find((s) => s === one(q.urut)) ?? (text ? 'relevance' : 'newest');
    const pageNo = Math.min(wholeNumber(q.hal) || 1, 1000);
    const filters = {
      q: text,
      category,
      kecamatan,
      halal: one(q.halal) === '1',
      minPrice: wholeNumber(q.harga_min),
      maxPrice: wholeNumber(q.harga_maks),
      sort,
    };
    const [ctx, result] = await Promise.all([
      context(request, text),
      store.search(db, { ...filters, limit: PAGE_SIZE, offset: (pageNo - 1) * PAGE_SIZE }),
    ]);
    const names = new Map(kecamatanOptions.map((k) => [k.code, k.name]));
    const title = text ? `Cari “${text}”` : category ? `Produk ${category}` : 'Semua produk';
    return send(reply, ctx, {
      meta: {
        title: `${title} — Pasar UMKM ${ctx.cityName}`,
        description: `${result.total} produk UMKM ${ctx.cityName}${text ? ` untuk “${text}”` : ''}.`,
        canonicalPath: text || pageNo > 1 ? null : `/belanja/cari${category ? `?kategori=${category}` : ''}`,
        // Search results are not pages of their own for a search engine; categories are.
        noindex: Boolean(text) || Boolean(kecamatan) || filters.halal || filters.minPrice !== undefined,
      },
      body: searchBody({
        ...filters,
        page: pageNo,
        pageSize: PAGE_SIZE,
        total: result.total,
        items: result.items,
        kecamatanNames: names,
        kecamatanOptions,
      }),
    });
  });

  app.get('/p/:slug', hidden, async (request, reply) => {
    const { slug } = request.params as { slug: string };
    const product = slug.length <= 80 ? await store.product(db, slug) : null;
    if (!product) return notFound(request, reply, 'Produk');
    const [ctx, names] = await Promise.all([context(request), store.kecamatanNames(db, config)]);
    const kecamatan = names.get(product.shop.kecamatanCode) ?? product.shop.kecamatanCode;
    return send(reply, ctx, productPage(ctx, product, kecamatan));
  });

  app.get('/belanja/toko/:slug', hidden, async (request, reply) => {
    const { slug } = request.params as { slug: string };
    const shop = slug.length <= 80 ? await store.shop(db, slug) : null;
    if (!shop) return notFound(request, reply, 'Toko');
    const pageNo = Math.min(wholeNumber((request.query as Query).hal) || 1, 1000);
    const [ctx, names, products] = await Promise.all([
      context(request),
      store.kecamatanNames(db, config),
      store.search(db, {
        shopId: shop.id,
        sort: 'newest',
        limit: PAGE_SIZE,
        offset: (pageNo - 1) * PAGE_SIZE,
      }),
    ]);
    return send(reply, ctx, shopPage(ctx, shop, products, names, pageNo, PAGE_SIZE));
  });

  app.get('/belanja/kampanye/:slug', hidden, async (request, reply) => {
    const { slug } = request.params as { slug: string };
    const campaign = slug.length <= 80 ? await store.campaign(db, slug) : null;
    if (!campaign) return notFound(request, reply, 'Kampanye');
    const [ctx, names, products] = await Promise.all([
      context(request),
      store.kecamatanNames(db, config),
      store.search(db, { campaignId: campaign.id, sort: 'relevance', limit: 48, offset: 0 }),
    ]);
    return send(reply, ctx, campaignPage(ctx, campaign, products, names));
  });

  app.get('/belanja/keranjang', hidden, async (request, reply) =>
    send(reply, await context(request), cartPage(), { cache: PUBLIC_CACHE }),
  );

  async function renderForm(
    request: FastifyRequest,
    reply: FastifyReply,
    draft: OrderDraft,
    values: OrderFormValues,
    problem: { status: number; message: string | null; errors: Record<string, string> },
  ) {
    const [ctx, names] = await Promise.all([context(request), store.kecamatanNames(db, config)]);
    return send(
      reply,
      ctx,
      orderFormPage({
        shop: { ...draft.shop, kecamatan: names.get(draft.shop.kecamatanCode) ?? draft.shop.kecamatanCode },
        lines: draft.lines,
        values,
        errors: problem.errors,
        problem: problem.message,
      }),
      { status: problem.status, cache: 'no-store' },
    );
  }

  async function problemPage(request: FastifyRequest, reply: FastifyReply, err: unknown) {
    if (!(err instanceof AppError)) throw err;
    return send(reply, await context(request), orderProblemPage(err.message), {
      status: err.status,
      cache: 'no-store',
    });
  }

  app.get('/belanja/pesan', hidden, async (request, reply) => {
    let draft: OrderDraft;
    try {
      draft = await draftOrder(db, parseItems(request.query as Query));
    } catch (err) {
      return problemPage(request, reply, err);
    }
    const values = {
      name: '',
      phone: '',
      fulfilment: 'pickup' as const,
      address: '',
      note: '',
      key: newFormKey(),
    };
    return renderForm(request, reply, draft, values, { status: 200, message: null, errors: {} });
  });

  app.post('/belanja/pesan', hidden, async (request, reply) => {
    const body = (request.body ?? {}) as Query;
    let draft: OrderDraft;
    try {
      draft = await draftOrder(db, parseItems(body));
    } catch (err) {
      return problemPage(request, reply, err);
    }
    const fulfilment = one(body.fulfilment);
    const values: OrderFormValues = {
      name: one(body.name).slice(0, 200),
      phone: one(body.phone).slice(0, 40),
      fulfilment: fulfilment === 'delivery' || fulfilment === 'pickup' ? fulfilment : '',
      address: one(body.address).slice(0, 2000),
      note: one(body.note).slice(0, 4000),
      key: /^[A-Za-z0-9_-]{16,100}$/.test(one(body.key)) ? one(body.key) : newFormKey(),
    };
    try {
      const created = await placeOrder(db, request.ip, {
        shopId: draft.shop.id,
        buyerName: values.name,
        buyerPhone: values.phone,
        fulfilment: (values.fulfilment || undefined) as 'delivery' | 'pickup',
        address: values.address || undefined,
        note: values.note || undefined,
        items: draft.lines.map((l) => ({
          productId: l.productId,
          variantId: l.variantId,
          quantity: l.quantity,
        })),
        idempotencyKey: values.key,
      });
      return reply
        .code(303)
        .header('cache-control', 'no-store')
        .redirect(`/belanja/pesanan/${created.token}?baru=1`, 303);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const errors = formErrors(err);
      return renderForm(request, reply, draft, values, {
        status: err.status,
        message: Object.keys(errors).length ? 'Periksa isian yang ditandai.' : err.message,
        errors,
      });
    }
  });

  async function showStatus(
    request: FastifyRequest,
    reply: FastifyReply,
    token: string,
    notice: string | null,
    status = 200,
  ) {
    const ctx = await context(request);
    let order: Awaited<ReturnType<typeof getOrderByToken>>;
    try {
      order = await getOrderByToken(db, token);
    } catch (err) {
      if (err instanceof AppError && err.status === 404) return notFound(request, reply, 'Pesanan');
      throw err;
    }
    const justPlaced = one((request.query as Query).baru) === '1';
    return send(
      reply,
      ctx,
      statusPage(order, {
        token,
        statusUrl: `${ctx.origin}/belanja/pesanan/${token}`,
        justPlaced,
        timezone: config.timezone,
        notice,
      }),
      { status, cache: 'no-store' },
    );
  }

  app.get('/belanja/pesanan/:token', hidden, async (request, reply) => {
    const { token } = request.params as { token: string };
    return showStatus(request, reply, token, null);
  });

  app.post('/belanja/pesanan/:token/batal', hidden, async (request, reply) => {
    const { token } = request.params as { token: string };
    try {
      await cancelOrderByToken(db, config, token);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      if (err.status === 404) return notFound(request, reply, 'Pesanan');
      return showStatus(request, reply, token, err.message, err.status);
    }
    return reply.code(303).header('cache-control', 'no-store').redirect(`/belanja/pesanan/${token}`, 303);
  });

  app.get('/robots.txt', hidden, async (request, reply) => {
    const origin = originOf(request, config.publicOrigin);
    reply.header('content-type', 'text/plain; charset=utf-8').header('cache-control', 'public, max-age=3600');
    return [
      'User-agent: *',
      'Allow: /belanja',
      'Allow: /p/',
      'Disallow: /belanja/pesan',
      'Disallow: /belanja/pesanan/',
      'Disallow: /belanja/keranjang',
      'Disallow: /api/',
      `Sitemap: ${origin}/sitemap.xml`,
      '',
    ].join('\n');
  });

  registerSitemap(app);
}
