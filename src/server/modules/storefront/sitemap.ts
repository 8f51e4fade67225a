/**
 * `/sitemap.xml`: an index of the storefront's sitemaps (a sitemap holds at most 50,000 addresses): the home,
 * categories and shops in one, products in pages of 40,000 by id. Each is streamed, read 2,000 rows at a
 * time by key, so a city of any size costs the same memory.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PRODUCT_CATEGORIES } from '../../../shared/marketplace.ts';
import { escapeHtml } from './html.ts';
import { originOf } from './storefront.pages.ts';
import { sitemapProducts, sitemapShops } from './storefront.repository.ts';

export const PRODUCTS_PER_SITEMAP = 40_000;
const BATCH = 2_000;
const HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n';
const NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';

const url = (loc: string, lastmod?: Date | null) =>
  `<url><loc>${escapeHtml(loc)}</loc>${lastmod ? `<lastmod>${lastmod.toISOString().slice(0, 10)}</lastmod>` : ''}</url>\n`;

export function registerSitemap(app: FastifyInstance) {
  const { db, config } = app.deps;
  const hidden = { schema: { hide: true } };
  const xml = 'application/xml; charset=utf-8';
  const origin = (request: FastifyRequest) => originOf(request, config.publicOrigin);

  app.get('/sitemap.xml', hidden, async (request, reply) => {
    const o = origin(request);
    const count = await db
      .selectFrom('public_product')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const pages = Math.max(1, Math.ceil(Number(count.n) / PRODUCTS_PER_SITEMAP));
    const entries = [`${o}/sitemap-toko.xml`];
    for (let n = 1; n <= pages; n++) entries.push(`${o}/sitemap-produk-${n}.xml`);
    reply.header('content-type', xml).header('cache-control', 'public, max-age=3600');
    return `${HEADER}<sitemapindex xmlns="${NS}">\n${entries.map((e) => `<sitemap><loc>${escapeHtml(e)}</loc></sitemap>\n`).join('')}</sitemapindex>\n`;
  });

  app.get('/sitemap-toko.xml', hidden, async (request, reply) => {
    const o = origin(request);
    async function* lines() {
      yield `${HEADER}<urlset xmlns="${NS}">\n`;
      yield url(`${o}/belanja`);
      for (const c of PRODUCT_CATEGORIES) yield url(`${o}/belanja/cari?kategori=${c}`);
      let after = 0;
      for (;;) {
        const rows = await sitemapShops(db, after, BATCH);
        if (rows.length === 0) break;
        yield rows.map((r) => url(`${o}/belanja/toko/${r.slug}`, r.approved_at)).join('');
        after = rows[rows.length - 1]!.id;
      }
      yield '</urlset>\n';
    }
    reply.header('content-type', xml).header('cache-control', 'public, max-age=3600');
    return reply.send(Readable.from(lines()));
  });

  app.get('/sitemap-produk-:n.xml', hidden, async (request, reply) => {
    const n = Number((request.params as { n: string }).n);
    if (!Number.isSafeInteger(n) || n < 1 || n > 10_000) return reply.callNotFound();
    const o = origin(request);
    // The first id of the page: the id after the last one of the pages before it.
    const start =
      n === 1
        ? 0
        : ((
            await db
              .selectFrom('public_product')
              .select('id')
              .orderBy('id')
              .offset((n - 1) * PRODUCTS_PER_SITEMAP - 1)
              .limit(1)
              .executeTakeFirst()
          )?.id ?? null);
    if (start === null) return reply.callNotFound();
    async function* lines() {
      yield `${HEADER}<urlset xmlns="${NS}">\n`;
      let after = start as number;
      let left = PRODUCTS_PER_SITEMAP;
      while (left > 0) {
        const rows = await sitemapProducts(db, after, Math.min(BATCH, left));
        if (rows.length === 0) break;
        yield rows.map((r) => url(`${o}/p/${r.slug}`, r.created_at)).join('');
        after = rows[rows.length - 1]!.id;
        left -= rows.length;
      }
      yield '</urlset>\n';
    }
    reply.header('content-type', xml).header('cache-control', 'public, max-age=3600');
    return reply.send(Readable.from(lines()));
  });
}
