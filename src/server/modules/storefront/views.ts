/** The public pages' markup: product cards, home, search, product, shop and campaign pages. */
import {
  type Badge,
  PRODUCT_CATEGORIES,
  PRODUCT_CATEGORY_LABELS,
  type ProductCategory,
} from '../../../shared/marketplace.ts';
import { type Html, html, rupiah } from './html.ts';
import type { PhotoRef, ProductCardRow, SearchSort } from './storefront.repository.ts';

/** The photo route of the marketplace (decision 0018): `<key>-<width>.<webp|jpg>`. */
export function photoSrc(key: string, width: number, format: 'webp' | 'jpg'): string {
  return `/api/v1/market/photos/${key}-${width}.${format}`;
}

export const categoryLabel = (c: ProductCategory) => PRODUCT_CATEGORY_LABELS[c]?.id ?? c;

const BADGE_LABELS: Record<Badge, string> = { halal: 'Halal', pirt: 'PIRT', bpom: 'BPOM' };

/**
 * A photo in every stored size, WebP first and JPEG for the browsers without it; width and height given so
 * the page does not jump while it loads; lazy unless it is in the first screen.
 */
export function picture(photo: PhotoRef, alt: string, opts: { sizes: string; eager?: boolean }): Html {
  const widths = [...photo.widths].sort((a, b) => a - b);
  const largest = widths[widths.length - 1] ?? 320;
  const height = Math.round((photo.height / photo.width) * largest);
  const set = (format: 'webp' | 'jpg') =>
    widths.map((w) => `${photoSrc(photo.key, w, format)} ${w}w`).join(', ');
  return html`<picture><source type="image/webp" srcset="${set('webp')}" sizes="${opts.sizes}"><img src="${photoSrc(photo.key, widths[0] ?? 320, 'jpg')}" srcset="${set('jpg')}" sizes="${opts.sizes}" width="${largest}" height="${height}" alt="${alt}" ${opts.eager ? html`fetchpriority="high"` : html`loading="lazy"`} decoding="async"></picture>`;
}

/** A campaign's banner across the page's width, its proportions reserved before it loads. */
export function banner(photo: PhotoRef, alt: string, opts: { eager: boolean }): Html {
  return html`<figure class="banner">${picture(photo, alt, { sizes: '(min-width: 1120px) 1088px, calc(100vw - 32px)', eager: opts.eager })}</figure>`;
}

export function badges(list: readonly Badge[]): Html | null {
  if (list.length === 0) return null;
  return html`<span class="badges">${list.map((b) => html`<span class="badge" title="Dari data legalitas usaha di registri kota">${BADGE_LABELS[b] ?? b}</span>`)}</span>`;
}

export function priceText(card: Pick<ProductCardRow, 'price' | 'priceRange'>): string {
  if (card.priceRange && card.priceRange.min !== card.priceRange.max) {
    return `${rupiah(card.priceRange.min)} – ${rupiah(card.priceRange.max)}`;
  }
  return rupiah(card.priceRange?.min ?? card.price);
}

export function productCard(card: ProductCardRow, kecamatanName: string, eager: boolean): Html {
  return html`<li class="card"><a href="/p/${card.slug}">
${card.photo ? picture(card.photo, card.name, { sizes: '(min-width: 760px) 260px, 50vw', eager }) : html`<div class="noimg" role="img" aria-label="Belum ada foto"></div>`}
<div class="body"><div class="name">${card.name}</div>
<div class="price">${priceText(card)}</div>
<div class="meta">${card.shop.name} · ${kecamatanName}</div>
${badges(card.shop.badges)}
${card.stock === 0 ? html`<div class="meta">Stok habis</div>` : null}
</div></a></li>`;
}

export function productGrid(cards: ProductCardRow[], kecamatan: Map<string, string>, eagerCount = 4): Html {
  if (cards.length === 0) return html`<p class="meta">Belum ada produk.</p>`;
  return html`<ul class="grid">${cards.map((c, i) =>
    productCard(c, kecamatan.get(c.shop.kecamatanCode) ?? c.shop.kecamatanCode, i < eagerCount),
  )}</ul>`;
}

export interface SearchView {
  q: string;
  category?: ProductCategory;
  kecamatan?: string;
  halal?: boolean;
  minPrice?: number;
  maxPrice?: number;
  sort: SearchSort;
  page: number;
  pageSize: number;
  total: number;
  items: ProductCardRow[];
  kecamatanNames: Map<string, string>;
  /** Every kecamatan of the city, for the filter. */
  kecamatanOptions: { code: string; name: string }[];
}

const SORTS: [SearchSort, string][] = [
  ['relevance', 'Paling sesuai'],
  ['newest', 'Terbaru'],
  ['price_asc', 'Harga terendah'],
  ['price_desc', 'Harga tertinggi'],
];

/** The search page's address for the same filters on another page. */
export function searchHref(
  v: Omit<SearchView, 'total' | 'items' | 'kecamatanNames' | 'kecamatanOptions' | 'pageSize'>,
  page: number,
) {
  const p = new URLSearchParams();
  if (v.q) p.set('q', v.q);
  if (v.category) p.set('kategori', v.category);
  if (v.kecamatan) p.set('kecamatan', v.kecamatan);
  if (v.halal) p.set('halal', '1');
  if (v.minPrice !== undefined) p.set('harga_min', String(v.minPrice));
  if (v.maxPrice !== undefined) p.set('harga_maks', String(v.maxPrice));
  if (v.sort !== 'relevance') p.set('urut', v.sort);
  if (page > 1) p.set('hal', String(page));
  const qs = p.toString();
  return `/belanja/cari${qs ? `?${qs}` : ''}`;
}

export function searchBody(v: SearchView): Html {
  const pages = Math.max(1, Math.ceil(v.total / v.pageSize));
  const heading = v.q
    ? html`Hasil untuk “${v.q}”`
    : v.category
      ? html`${categoryLabel(v.category)}`
      : html`Semua produk`;
  const active = [v.category, v.kecamatan, v.halal, v.minPrice, v.maxPrice].filter(
    (f) => f !== undefined && f !== false,
  ).length;
  // Folded on a phone (a disclosure that works without the script), open on a wide screen (CSS, or the script
  // where the browser cannot style the disclosure's content); the count says what is folded away.
  return html`<h1>${heading}</h1>
<details class="filter-box" data-filters>
<summary>Filter${active ? html` <span class="filter-count">${active}</span><span class="sr-only"> aktif</span>` : null}</summary>
<form class="filters" action="/belanja/cari" method="get">
<input type="hidden" name="q" value="${v.q}">
<div><label for="f-cat">Kategori</label><select id="f-cat" name="kategori"><option value="">Semua</option>${PRODUCT_CATEGORIES.map(
    (c) =>
      html`<option value="${c}"${v.category === c ? html` selected` : null}>${categoryLabel(c)}</option>`,
  )}</select></div>
<div><label for="f-kec">Kecamatan</label><select id="f-kec" name="kecamatan"><option value="">Semua</option>${v.kecamatanOptions.map(
    (k) =>
      html`<option value="${k.code}"${v.kecamatan === k.code ? html` selected` : null}>${k.name}</option>`,
  )}</select></div>
<div><label for="f-min">Harga min (Rp)</label><input id="f-min" name="harga_min" type="number" min="0" step="1" inputmode="numeric" value="${v.minPrice ?? ''}"></div>
<div><label for="f-max">Harga maks (Rp)</label><input id="f-max" name="harga_maks" type="number" min="0" step="1" inputmode="numeric" value="${v.maxPrice ?? ''}"></div>
<div><label for="f-sort">Urutkan</label><select id="f-sort" name="urut">${SORTS.map(
    ([value, label]) =>
      html`<option value="${value}"${v.sort === value ? html` selected` : null}>${label}</option>`,
  )}</select></div>
<div><label class="check"><input type="checkbox" name="halal" value="1"${v.halal ? html` checked` : null}> Halal</label>
<button class="primary" type="submit">Terapkan</button></div>
</form>
</details>
<p class="meta">${v.total.toLocaleString('id-ID')} produk</p>
${v.total === 0 && v.q ? html`<p>Tidak ada produk yang cocok dengan “${v.q}”. Coba kata lain atau kurangi saringan.</p>` : productGrid(v.items, v.kecamatanNames)}
${
  pages > 1
    ? html`<nav class="pager" aria-label="Halaman">
${v.page > 1 ? html`<a class="button secondary" rel="prev" href="${searchHref(v, v.page - 1)}">‹ Sebelumnya</a>` : null}
<span class="meta">Halaman ${v.page} dari ${pages}</span>
${v.page < pages ? html`<a class="button secondary" rel="next" href="${searchHref(v, v.page + 1)}">Berikutnya ›</a>` : null}
</nav>`
    : null
}`;
}
