/** The home, product, shop and campaign pages: their markup and their search-engine data. */
import { PRODUCT_CATEGORY_LABELS, type ProductCategory } from '../../../shared/marketplace.ts';
import { type Html, html, rupiah } from './html.ts';
import { absolute, type PageContext, type PageMeta, SITE_NAME, summary } from './layout.ts';
import type {
  CampaignRef,
  ProductCardRow,
  ProductDetailRow,
  ShopDetailRow,
} from './storefront.repository.ts';
import { HOME_CAMPAIGN_NAME } from './storefront.service.ts';
import { badges, banner, categoryLabel, photoSrc, picture, priceText, productGrid } from './views.ts';

/** `https://wa.me/6281234567890?text=…`: a chat with the shop, the message already written. */
export function whatsappLink(e164: string, text: string): string {
  return `https://wa.me/${e164.replace(/\D/g, '')}?text=${encodeURIComponent(text)}`;
}

function availability(stocks: (number | null)[]): string {
  if (stocks.some((s) => s === null)) return 'https://schema.org/MadeToOrder';
  return stocks.some((s) => (s ?? 0) > 0) ? 'https://schema.org/InStock' : 'https://schema.org/OutOfStock';
}

export function stockText(stock: number | null): string {
  if (stock === null) return 'Dibuat sesuai pesanan';
  if (stock === 0) return 'Stok habis';
  // The unit is the price's (`/ 250 g`), shown beside it.
  return `Stok ${stock.toLocaleString('id-ID')}`;
}

export interface HomeView {
  campaign: CampaignRef | null;
  campaignProducts: ProductCardRow[];
  featured: ProductCardRow[];
  newest: ProductCardRow[];
  counts: {
    categories: { category: ProductCategory; count: number }[];
    kecamatan: { code: string; count: number }[];
  };
  kecamatanNames: Map<string, string>;
}

export function homePage(ctx: PageContext, v: HomeView): { meta: PageMeta; body: Html } {
  const title = `${HOME_CAMPAIGN_NAME} ${ctx.cityName} — ${SITE_NAME}`;
  const description = `Belanja produk UMKM ${ctx.cityName} langsung dari pelakunya: makanan, camilan, kriya dan lainnya. Pesan lewat permintaan pesanan dan WhatsApp.`;
  const categories = v.counts.categories.filter((c) => c.count > 0);
  const body = html`<section class="hero">
<h1>${HOME_CAMPAIGN_NAME} ${ctx.cityName}</h1>
<p>Cintai dan beli produk usaha mikro, kecil dan menengah ${ctx.cityName}.${v.campaign ? html` Sedang berlangsung: <a href="/belanja/kampanye/${v.campaign.slug}">${v.campaign.name}</a>.` : null}</p>
</section>
${
  v.campaign && (v.campaignProducts.length || v.campaign.banner)
    ? html`<section class="campaign-block"><h2><a href="/belanja/kampanye/${v.campaign.slug}">${v.campaign.name}</a></h2>
${v.campaign.banner ? html`<a href="/belanja/kampanye/${v.campaign.slug}" aria-label="${v.campaign.name}">${banner(v.campaign.banner, v.campaign.name, { eager: true })}</a>` : null}
${v.campaignProducts.length ? productGrid(v.campaignProducts, v.kecamatanNames, v.campaign.banner ? 0 : 2) : null}</section>`
    : null
}
<h2>Produk pilihan</h2>
${productGrid(v.featured, v.kecamatanNames, v.campaignProducts.length ? 0 : 2)}
<h2>Kategori</h2>
<ul class="chips">${categories.map(
    (c) =>
      html`<li><a href="/belanja/cari?kategori=${c.category}">${categoryLabel(c.category)} (${c.count})</a></li>`,
  )}</ul>
<h2>Produk terbaru</h2>
${productGrid(v.newest, v.kecamatanNames, 0)}
<h2>Produk per kecamatan</h2>
<ul class="chips">${v.counts.kecamatan.map(
    (k) =>
      html`<li><a href="/belanja/cari?kecamatan=${k.code}">${v.kecamatanNames.get(k.code) ?? k.code} (${k.count})</a></li>`,
  )}</ul>`;
  return {
    meta: {
      title,
      description,
      canonicalPath: '/belanja',
      image: v.featured[0]?.photo ? ogImage(v.featured[0].photo, v.featured[0].name) : null,
      jsonLd: [
        {
          '@context': 'https://schema.org',
          '@type': 'WebSite',
          name: `${SITE_NAME} ${ctx.cityName}`,
          url: absolute(ctx, '/belanja'),
          potentialAction: {
            '@type': 'SearchAction',
            target: `${absolute(ctx, '/belanja/cari')}?q={search_term_string}`,
            'query-input': 'required name=search_term_string',
          },
        },
      ],
    },
    body,
  };
}

/** The largest JPEG: link previews (WhatsApp among them) show JPEG reliably, WebP not everywhere. */
export function ogImage(
  photo: { key: string; width: number; height: number; widths: number[] },
  alt: string,
) {
  const width = Math.max(...photo.widths);
  return {
    url: photoSrc(photo.key, width, 'jpg'),
    width,
    height: Math.round((photo.height / photo.width) * width),
    alt,
  };
}

export function productPage(
  ctx: PageContext,
  p: ProductDetailRow,
  kecamatanName: string,
): { meta: PageMeta; body: Html } {
  const url = absolute(ctx, `/p/${p.slug}`);
  const price = priceText(p);
  const stocks = p.variants.length ? p.variants.map((v) => v.stock) : [p.stock];
  const orderable = stocks.some((s) => s === null || s > 0);
  const [first, ...more] = p.photos;
  const chat = whatsappLink(p.shopWhatsapp, `Halo ${p.shop.name}, saya tertarik dengan ${p.name} (${url}).`);
  const offers =
    p.variants.length > 1
      ? {
          '@type': 'AggregateOffer',
          priceCurrency: 'IDR',
          lowPrice: Math.min(...p.variants.map((v) => v.price)),
          highPrice: Math.max(...p.variants.map((v) => v.price)),
          offerCount: p.variants.length,
          availability: availability(stocks),
          url,
        }
      : {
          '@type': 'Offer',
          priceCurrency: 'IDR',
          price: p.variants[0]?.price ?? p.price,
          availability: availability(stocks),
          url,
          seller: { '@type': 'Organization', name: p.shop.name },
        };
  const body = html`<p class="crumbs"><a href="/belanja">Beranda</a> › <a href="/belanja/cari?kategori=${p.category}">${categoryLabel(p.category)}</a></p>
<div class="product">
<div class="photo">${first ? picture(first, p.name, { sizes: '(min-width: 760px) 540px, 100vw', eager: true }) : html`<div class="card"><div class="noimg" role="img" aria-label="Belum ada foto"></div></div>`}
${more.length ? html`<ul class="grid">${more.map((ph) => html`<li>${picture(ph, p.name, { sizes: '25vw' })}</li>`)}</ul>` : null}
</div>
<div>
<h1>${p.name}</h1>
<p class="price">${price}${p.unit ? html` <span class="meta">/ ${p.unit}</span>` : null}</p>
${badges(p.shop.badges)}
<p class="meta">${stockText(p.variants.length ? null : p.stock)}${p.weightGrams ? ` · ${p.weightGrams.toLocaleString('id-ID')} gram` : ''}</p>
<form class="panel" action="/belanja/pesan" method="get" data-add-to-cart data-name="${p.name}" data-price="${p.variants[0]?.price ?? p.price}" data-shop-slug="${p.shop.slug}" data-shop-name="${p.shop.name}">
<input type="hidden" name="item" value="${p.id}:0">
${
  p.variants.length
    ? html`<div class="field"><label for="variant">Pilihan</label><select id="variant" name="variant">${p.variants.map(
        (v) =>
          html`<option value="${v.id}" data-name="${p.name} — ${v.name}" data-price="${v.price}"${v.stock === 0 ? html` disabled` : null}>${v.name} · ${rupiah(v.price)}${v.stock === 0 ? ' (habis)' : ''}</option>`,
      )}</select></div>`
    : null
}
<div class="field"><label for="quantity">Jumlah</label><input id="quantity" name="quantity" type="number" min="1" max="999" value="1" inputmode="numeric"></div>
${orderable ? html`<button class="primary" type="submit">Tambah ke keranjang</button>` : html`<p class="alert">Stok habis.</p>`}
<p class="ok" data-added hidden>Ditambahkan ke keranjang. <a href="/belanja/keranjang">Lihat keranjang</a></p>
</form>
<div class="panel">
<p><strong><a href="/belanja/toko/${p.shop.slug}">${p.shop.name}</a></strong><br><span class="meta">Kecamatan ${kecamatanName}${p.shopOpeningHours ? ` · Buka ${p.shopOpeningHours}` : ''}</span></p>
<a class="button secondary" href="${chat}" rel="noopener" target="_blank">Tanya penjual lewat WhatsApp</a>
</div>
<h2>Deskripsi</h2>
<p>${p.description || 'Belum ada deskripsi.'}</p>
</div>
</div>`;
  return {
    meta: {
      title: `${p.name} — ${price} | ${p.shop.name}`,
      description: summary(
        `${price}. ${p.description || p.name} Dari ${p.shop.name}, ${kecamatanName}, ${ctx.cityName}.`,
      ),
      canonicalPath: `/p/${p.slug}`,
      type: 'product',
      price: p.variants[0]?.price ?? p.price,
      image: first ? ogImage(first, p.name) : null,
      jsonLd: [
        {
          '@context': 'https://schema.org',
          '@type': 'Product',
          name: p.name,
          description: p.description || p.name,
          sku: String(p.id),
          url,
          category: PRODUCT_CATEGORY_LABELS[p.category]?.id,
          image: p.photos.map((ph) => absolute(ctx, photoSrc(ph.key, Math.max(...ph.widths), 'jpg'))),
          brand: { '@type': 'Brand', name: p.shop.name },
          offers,
        },
      ],
    },
    body,
  };
}

export function shopPage(
  ctx: PageContext,
  s: ShopDetailRow,
  products: { items: ProductCardRow[]; total: number },
  kecamatanNames: Map<string, string>,
  pageNo: number,
  pageSize: number,
): { meta: PageMeta; body: Html } {
  const kecamatan = kecamatanNames.get(s.kecamatanCode) ?? s.kecamatanCode;
  const pages = Math.max(1, Math.ceil(products.total / pageSize));
  const chat = whatsappLink(
    s.whatsapp,
    `Halo ${s.name}, saya melihat toko Anda di ${SITE_NAME} ${ctx.cityName}.`,
  );
  const body = html`<p class="crumbs"><a href="/belanja">Beranda</a> › Toko</p>
<h1>${s.name}</h1>
${badges(s.badges)}
<p class="meta">Kecamatan ${kecamatan}${s.openingHours ? ` · Buka ${s.openingHours}` : ''}</p>
${s.description ? html`<p>${s.description}</p>` : null}
<p><a class="button secondary" href="${chat}" rel="noopener" target="_blank">Chat lewat WhatsApp</a></p>
<h2>Produk (${products.total})</h2>
${productGrid(products.items, kecamatanNames)}
${
  pages > 1
    ? html`<nav class="pager" aria-label="Halaman">
${pageNo > 1 ? html`<a class="button secondary" rel="prev" href="/belanja/toko/${s.slug}${pageNo > 2 ? `?hal=${pageNo - 1}` : ''}">‹ Sebelumnya</a>` : null}
<span class="meta">Halaman ${pageNo} dari ${pages}</span>
${pageNo < pages ? html`<a class="button secondary" rel="next" href="/belanja/toko/${s.slug}?hal=${pageNo + 1}">Berikutnya ›</a>` : null}
</nav>`
    : null
}`;
  const photo = products.items.find((i) => i.photo)?.photo;
  return {
    meta: {
      title: `${s.name} — toko UMKM di ${kecamatan}, ${ctx.cityName}`,
      description: summary(
        s.description ||
          `${s.name}: ${products.total} produk UMKM dari Kecamatan ${kecamatan}, ${ctx.cityName}.`,
      ),
      canonicalPath: `/belanja/toko/${s.slug}${pageNo > 1 ? `?hal=${pageNo}` : ''}`,
      image: photo ? ogImage(photo, s.name) : null,
      jsonLd: [
        {
          '@context': 'https://schema.org',
          '@type': 'Store',
          name: s.name,
          description: s.description || undefined,
          url: absolute(ctx, `/belanja/toko/${s.slug}`),
          address: {
            '@type': 'PostalAddress',
            addressLocality: kecamatan,
            addressRegion: ctx.cityName,
            addressCountry: 'ID',
          },
          openingHours: s.openingHours || undefined,
        },
      ],
    },
    body,
  };
}

export function campaignPage(
  ctx: PageContext,
  c: CampaignRef,
  products: { items: ProductCardRow[]; total: number },
  kecamatanNames: Map<string, string>,
): { meta: PageMeta; body: Html } {
  const dates = `${formatDate(c.startsOn)} – ${formatDate(c.endsOn)}`;
  const body = html`<section class="hero">
<h1>${c.name}</h1>
<p>${HOME_CAMPAIGN_NAME} ${ctx.cityName} · ${dates}</p>
</section>
${c.banner ? banner(c.banner, c.name, { eager: true }) : null}
${c.description ? html`<p>${c.description}</p>` : null}
<h2>Produk pilihan kampanye (${products.total})</h2>
${productGrid(products.items, kecamatanNames, c.banner ? 0 : 4)}`;
  // The banner is the campaign's picture in a shared link; without one, its first product's photo.
  const photo = c.banner ?? products.items.find((i) => i.photo)?.photo;
  return {
    meta: {
      title: `${c.name} — ${HOME_CAMPAIGN_NAME} ${ctx.cityName}`,
      description: summary(c.description || `${c.name}: produk UMKM ${ctx.cityName} pilihan, ${dates}.`),
      canonicalPath: `/belanja/kampanye/${c.slug}`,
      image: photo ? ogImage(photo, c.name) : null,
      jsonLd: [
        {
          '@context': 'https://schema.org',
          '@type': 'CollectionPage',
          name: c.name,
          url: absolute(ctx, `/belanja/kampanye/${c.slug}`),
        },
      ],
    },
    body,
  };
}

const MONTHS = [
  'Januari',
  'Februari',
  'Maret',
  'April',
  'Mei',
  'Juni',
  'Juli',
  'Agustus',
  'September',
  'Oktober',
  'November',
  'Desember',
];

/** `2026-08-17` → `17 Agustus 2026`. */
export function formatDate(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return `${d} ${MONTHS[(m ?? 1) - 1]} ${y}`;
}

export function notFoundPage(what: string): { meta: PageMeta; body: Html } {
  return {
    meta: {
      title: `${what} tidak ditemukan`,
      description: `${what} tidak ditemukan.`,
      canonicalPath: null,
      noindex: true,
    },
    body: html`<h1>${what} tidak ditemukan</h1><p>Mungkin sudah tidak dijual atau alamatnya salah. <a href="/belanja">Kembali ke beranda</a> atau cari produk lain.</p>`,
  };
}
