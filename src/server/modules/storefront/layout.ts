import { type Html, html, jsonForScript } from './html.ts';

/** What every public page's frame needs: where it is served and the storefront's built files. */
export interface PageContext {
  /** `https://bangkit.example.go.id`: canonical and social links are absolute. */
  origin: string;
  /** The deployment's city, as people call it (`Kota Tangerang`). */
  cityName: string;
  assets: StorefrontAssets;
  /** The header's search box keeps the query of a search page. */
  query?: string;
}

export interface StorefrontAssets {
  script: string | null;
  styles: string[];
}

export interface PageMeta {
  title: string;
  description: string;
  /** Path of the page's one address (`/p/keripik-pedas`); null for pages no search engine should keep. */
  canonicalPath: string | null;
  image?: { url: string; width: number; height: number; alt: string } | null;
  type?: 'website' | 'product';
  /** Open Graph's product price (WhatsApp and other previews show it). */
  price?: number | null;
  /** schema.org objects, each written as one JSON-LD block. */
  jsonLd?: unknown[];
  /** Pages with a private address (an order's status) or a personal form. */
  noindex?: boolean;
}

export const SITE_NAME = 'Pasar UMKM';

export function absolute(ctx: PageContext, path: string): string {
  return new URL(path, ctx.origin).toString();
}

/** One line of description text: collapsed whitespace, cut at a word near `max` characters. */
export function summary(text: string, max = 155): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 20))}…`;
}

function head(ctx: PageContext, meta: PageMeta): Html {
  const canonical = meta.canonicalPath === null ? null : absolute(ctx, meta.canonicalPath);
  const image = meta.image ? { ...meta.image, url: absolute(ctx, meta.image.url) } : null;
  return html`<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${meta.title}</title>
<meta name="description" content="${meta.description}">
${meta.noindex ? html`<meta name="robots" content="noindex, nofollow">` : null}
${canonical ? html`<link rel="canonical" href="${canonical}">` : null}
<meta property="og:site_name" content="${SITE_NAME} ${ctx.cityName}">
<meta property="og:locale" content="id_ID">
<meta property="og:type" content="${meta.type ?? 'website'}">
<meta property="og:title" content="${meta.title}">
<meta property="og:description" content="${meta.description}">
${canonical ? html`<meta property="og:url" content="${canonical}">` : null}
${
  image
    ? html`<meta property="og:image" content="${image.url}">
<meta property="og:image:width" content="${image.width}">
<meta property="og:image:height" content="${image.height}">
<meta property="og:image:alt" content="${image.alt}">`
    : null
}
${
  meta.price !== undefined && meta.price !== null
    ? html`<meta property="product:price:amount" content="${meta.price}">
<meta property="product:price:currency" content="IDR">`
    : null
}
<meta name="twitter:card" content="${image ? 'summary_large_image' : 'summary'}">
<meta name="twitter:title" content="${meta.title}">
<meta name="twitter:description" content="${meta.description}">
${image ? html`<meta name="twitter:image" content="${image.url}">` : null}
<meta name="theme-color" content="#0b7a4b">
<link rel="icon" type="image/svg+xml" href="/favicon.svg">
${ctx.assets.styles.map((href) => html`<link rel="stylesheet" href="${href}">`)}
${ctx.assets.script ? html`<script type="module" src="${ctx.assets.script}"></script>` : null}
${(meta.jsonLd ?? []).map((data) => html`<script type="application/ld+json">${jsonForScript(data)}</script>`)}`;
}

function header(ctx: PageContext): Html {
  return html`<header class="top"><div class="wrap">
<a class="brand" href="/belanja">${SITE_NAME} ${ctx.cityName}</a>
<form class="search" action="/belanja/cari" method="get" role="search" data-search>
<input type="search" name="q" value="${ctx.query ?? ''}" placeholder="Cari produk UMKM, mis. keripik pedas" aria-label="Cari produk" maxlength="100">
<button type="submit">Cari</button>
</form>
<a class="cart-link" href="/belanja/keranjang">Keranjang<span class="badge-count" data-cart-count hidden>0</span></a>
</div></header>`;
}

function footer(ctx: PageContext): Html {
  return html`<footer class="foot"><div class="wrap">
<p>${SITE_NAME} ${ctx.cityName}: produk usaha mikro, kecil dan menengah kota ini, dijual langsung oleh pelakunya.
Tanpa pembayaran daring: kirim permintaan pesanan, penjual menghubungi Anda lewat WhatsApp.</p>
<p><a href="/belanja">Beranda</a> · <a href="/belanja/cari">Semua produk</a> · <a href="/belanja/keranjang">Keranjang</a></p>
</div></footer>`;
}

/** A whole public page: one HTML document, small, readable before any script arrives. */
export function page(ctx: PageContext, meta: PageMeta, body: Html): string {
  return `<!doctype html>
<html lang="id">
<head>
${head(ctx, meta).value}
</head>
<body>
${header(ctx).value}
<main class="wrap">
${body.value}
</main>
${footer(ctx).value}
</body>
</html>
`;
}
