import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { makeNik } from '../../../../test/support/builders.ts';
import {
  makeProduct,
  makeShop,
  OWNER_PHONE,
  SHOP_WHATSAPP,
  STREET,
} from '../../../../test/support/storefront.ts';

/*
 * The public pages as a search engine, a WhatsApp preview and a stranger see them: titles, social tags and
 * schema.org data in the server-rendered HTML, escaping, the sitemap, and nothing private anywhere.
 */
let t: TestApp;
let product: { slug: string; id: number };
let shop: { slug: string; id: number };
let xss: { slug: string };
const NIK = makeNik(4242);
const ORIGIN = 'https://pasar.example.go.id';

beforeAll(async () => {
  t = await createTestApp({ BANGKIT_PUBLIC_URL: ORIGIN });
  const { cookie } = await t.signedIn({ role: 'admin' });
  shop = await makeShop(t, cookie, { name: 'Dapur Sri', halal: true, nik: NIK });
  product = await makeProduct(t, shop.id, {
    name: 'Keripik Singkong Pedas',
    description: 'Renyah dan pedas, digoreng setiap pagi.',
    price: 25000,
    stock: 12,
    photo: true,
    featured: true,
  });
  xss = await makeProduct(t, shop.id, {
    name: '<script>alert("x")</script> Kue',
    description: '</script><img src=x onerror=alert(1)> & "kutip"',
    price: 5000,
  });
  await makeProduct(t, shop.id, {
    name: 'Nastar Keju',
    category: 'makanan',
    stock: null,
    variants: [
      { name: 'Toples kecil', price: 45000, stock: 0 },
      { name: 'Toples besar', price: 80000, stock: 3 },
    ],
  });
  await t.db
    .insertInto('campaign')
    .values({
      slug: 'bangga-produk-umkm-2026',
      name: 'Bangga Produk UMKM Akhir Tahun',
      theme: 'akhir_tahun',
      starts_on: '2026-01-01',
      ends_on: '2099-12-31',
      description: 'Belanja produk lokal.',
    })
    .execute();
});
afterAll(() => t.close());

const get = (url: string) => t.app.inject({ method: 'GET', url });

function meta(html: string, key: string): string | undefined {
  const m = new RegExp(`<meta (?:property|name)="${key}" content="([^"]*)"`).exec(html);
  return m?.[1];
}

function jsonLd(html: string): Record<string, unknown>[] {
  return [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) =>
    JSON.parse(m[1]!),
  );
}

describe('the product page', () => {
  it('has a title, description, canonical URL, social preview with photo and price, and Product data', async () => {
    const res = await get(`/p/${product.slug}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    const html = res.body;
    expect(html).toMatch(/<title>Keripik Singkong Pedas — Rp 25\.000 \| Dapur Sri<\/title>/);
    expect(meta(html, 'description')).toMatch(/^Rp 25\.000\. Renyah dan pedas/);
    expect(html).toContain(`<link rel="canonical" href="${ORIGIN}/p/${product.slug}">`);
    expect(meta(html, 'og:type')).toBe('product');
    expect(meta(html, 'og:title')).toBe('Keripik Singkong Pedas — Rp 25.000 | Dapur Sri');
    expect(meta(html, 'og:image')).toMatch(
      new RegExp(`^${ORIGIN}/api/v1/market/photos/[a-f0-9]{32}-1200\\.jpg$`),
    );
    expect(meta(html, 'og:image:width')).toBe('1200');
    expect(meta(html, 'og:image:height')).toBe('900');
    expect(meta(html, 'product:price:amount')).toBe('25000');
    expect(meta(html, 'product:price:currency')).toBe('IDR');
    expect(meta(html, 'twitter:card')).toBe('summary_large_image');
    const [ld] = jsonLd(html);
    expect(ld).toMatchObject({
      '@type': 'Product',
      name: 'Keripik Singkong Pedas',
      offers: {
        '@type': 'Offer',
        price: 25000,
        priceCurrency: 'IDR',
        availability: 'https://schema.org/InStock',
        url: `${ORIGIN}/p/${product.slug}`,
      },
    });
    // The photo: every size in WebP and JPEG, with its size so nothing jumps, the first one not lazy.
    expect(html).toMatch(
      /<source type="image\/webp" srcset="[^"]+-320\.webp 320w, [^"]+-640\.webp 640w, [^"]+-1200\.webp 1200w"/,
    );
    expect(html).toMatch(
      /<img src="[^"]+-320\.jpg" srcset="[^"]+" sizes="[^"]+" width="1200" height="900" alt="Keripik Singkong Pedas" fetchpriority="high"/,
    );
    expect(html).toContain('Halal');
    // Buying works without a script: the form asks the server for the order form.
    expect(html).toMatch(/<form class="panel" action="\/belanja\/pesan" method="get" data-add-to-cart/);
  });

  it('shows variants with their prices and an AggregateOffer', async () => {
    const search = await t.app.inject({ method: 'GET', url: '/api/v1/store/search', query: { q: 'nastar' } });
    const slug = search.json().items[0].slug;
    const html = (await get(`/p/${slug}`)).body;
    expect(html).toContain('Rp 45.000 – Rp 80.000');
    expect(html).toMatch(/<option value="\d+"[^>]*disabled>Toples kecil · Rp 45\.000 \(habis\)/);
    expect(jsonLd(html)[0]).toMatchObject({
      offers: {
        '@type': 'AggregateOffer',
        lowPrice: 45000,
        highPrice: 80000,
        availability: 'https://schema.org/InStock',
      },
    });
  });

  it('escapes what sellers type: a product named <script> is shown, never run', async () => {
    const res = await get(`/p/${xss.slug}`);
    const html = res.body;
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Kue');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &quot;kutip&quot;');
    // Inside JSON-LD no text can close the element.
    const blocks = [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)];
    expect(blocks).toHaveLength(1);
    expect(blocks[0]![1]).toContain('\\u003cscript\\u003e');
    expect(jsonLd(html)[0]!.name).toBe('<script>alert("x")</script> Kue');
    // Every script element on the page is the storefront's file or JSON-LD.
    for (const m of html.matchAll(/<script\b([^>]*)>/g)) {
      expect(m[1]).toMatch(/type="application\/ld\+json"|type="module" src="\/belanja\/assets\//);
    }
  });

  it('is a 404 page for a hidden product or an unknown address', async () => {
    const hidden = await makeProduct(t, shop.id, { name: 'Produk Disembunyikan', hidden: true });
    const res = await get(`/p/${hidden.slug}`);
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('Produk tidak ditemukan');
    expect(res.headers['x-robots-tag']).toBe('noindex, nofollow');
    expect((await get('/p/tidak-ada')).statusCode).toBe(404);
  });
});

describe('the other public pages', () => {
  it('home shows the campaign with the city name, featured and new products, categories and kecamatan', async () => {
    const html = (await get('/belanja')).body;
    expect(html).toContain('<title>Bangga Produk UMKM Kota Tangerang — Pasar UMKM</title>');
    expect(html).toContain('<h1>Bangga Produk UMKM Kota Tangerang</h1>');
    expect(html).toContain('href="/belanja/kampanye/bangga-produk-umkm-2026"');
    const featured = html.slice(html.indexOf('Produk pilihan'), html.indexOf('<h2>Kategori'));
    expect(featured).toContain('Keripik Singkong Pedas');
    expect(featured).not.toContain('Nastar Keju');
    expect(html).toContain('href="/belanja/cari?kategori=camilan"');
    expect(html).toContain('href="/belanja/cari?kecamatan=36.71.05">Cipondoh (');
    expect(jsonLd(html)[0]).toMatchObject({ '@type': 'WebSite' });
  });

  it('shop and campaign pages have their own titles and canonical addresses', async () => {
    const shopHtml = (await get(`/belanja/toko/${shop.slug}`)).body;
    expect(shopHtml).toContain('<title>Dapur Sri — toko UMKM di Cipondoh, Kota Tangerang</title>');
    expect(shopHtml).toContain(`<link rel="canonical" href="${ORIGIN}/belanja/toko/${shop.slug}">`);
    expect(shopHtml).toContain(`https://wa.me/${SHOP_WHATSAPP.slice(1)}?text=`);
    expect(jsonLd(shopHtml)[0]).toMatchObject({
      '@type': 'Store',
      address: { addressLocality: 'Cipondoh', addressRegion: 'Kota Tangerang' },
    });
    const campaign = await get('/belanja/kampanye/bangga-produk-umkm-2026');
    expect(campaign.body).toContain(
      '<title>Bangga Produk UMKM Akhir Tahun — Bangga Produk UMKM Kota Tangerang</title>',
    );
    expect((await get('/belanja/kampanye/tidak-ada')).statusCode).toBe(404);
  });

  it('lists shops and products in the sitemap, and robots.txt points at it', async () => {
    const index = await get('/sitemap.xml');
    expect(index.headers['content-type']).toContain('application/xml');
    expect(index.body).toContain(`<loc>${ORIGIN}/sitemap-produk-1.xml</loc>`);
    const products = (await get('/sitemap-produk-1.xml')).body;
    expect(products).toContain(`<loc>${ORIGIN}/p/${product.slug}</loc>`);
    expect(products).not.toContain('produk-disembunyikan');
    const shops = (await get('/sitemap-toko.xml')).body;
    expect(shops).toContain(`<loc>${ORIGIN}/belanja/toko/${shop.slug}</loc>`);
    expect((await get('/sitemap-produk-2.xml')).statusCode).toBe(404);
    const robots = (await get('/robots.txt')).body;
    expect(robots).toContain(`Sitemap: ${ORIGIN}/sitemap.xml`);
    expect(robots).toContain('Disallow: /belanja/pesanan/');
  });
});

describe('what a slow phone downloads', () => {
  it('links one hashed script and stylesheet, served immutable for a year', async () => {
    const html = (await get('/belanja')).body;
    const script = /<script type="module" src="(\/belanja\/assets\/storefront-[\w-]+\.js)"><\/script>/.exec(
      html,
    )?.[1];
    const style = /<link rel="stylesheet" href="(\/belanja\/assets\/storefront-[\w-]+\.css)">/.exec(
      html,
    )?.[1];
    expect(script).toBeDefined();
    expect(style).toBeDefined();
    for (const url of [script!, style!]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
    // A page is small: the home with its products is a few kilobytes before compression.
    expect(Buffer.byteLength(html)).toBeLessThan(40_000);
  });

  it('gives every photo its width and height, so nothing jumps while it loads', async () => {
    const html = (await get('/belanja/cari?urut=newest')).body;
    const images = [...html.matchAll(/<img [^>]*>/g)].map((m) => m[0]);
    expect(images.length).toBeGreaterThan(0);
    for (const img of images) expect(img).toMatch(/ width="\d+" height="\d+"/);
  });
});

describe('the search filters on a phone', () => {
  it('fold behind a "Filter" disclosure that needs no script, counting the filters in use', async () => {
    const plain = await t.app.inject({ method: 'GET', url: '/belanja/cari?q=keripik' });
    expect(plain.statusCode).toBe(200);
    const box =
      /<details class="filter-box" data-filters>\s*<summary>([\s\S]*?)<\/summary>\s*<form class="filters"[\s\S]*?<\/form>\s*<\/details>/;
    expect(plain.body).toMatch(box);
    expect(box.exec(plain.body)![1]).toBe('Filter');

    const filtered = await t.app.inject({
      method: 'GET',
      url: '/belanja/cari?q=keripik&kategori=camilan&halal=1&harga_maks=30000&urut=newest',
    });
    const summary = box.exec(filtered.body)![1]!;
    // Category, halal and the highest price: three filters; the sort order is not one.
    expect(summary).toContain('<span class="filter-count">3</span><span class="sr-only"> aktif</span>');
    // Folded by default (no `open`): the phone's first screen shows products, a wide screen opens it by CSS.
    expect(filtered.body).not.toMatch(/<details class="filter-box"[^>]*\bopen\b/);
  });
});

describe('privacy of every public route', () => {
  it('never shows the NIK, the owner’s phone or the street address, in HTML or JSON', async () => {
    const placed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/store/orders',
      payload: {
        shopId: shop.id,
        buyerName: 'Budi Pembeli',
        buyerPhone: '0813 1111 2222',
        fulfilment: 'delivery',
        address: 'Jl. Alamat Pembeli 9',
        items: [{ productId: product.id, quantity: 1 }],
      },
    });
    expect(placed.statusCode, placed.body).toBe(201);
    const token = placed.json().token as string;
    const urls = [
      '/belanja',
      '/belanja/cari',
      '/belanja/cari?q=keripik',
      `/p/${product.slug}`,
      `/belanja/toko/${shop.slug}`,
      '/belanja/kampanye/bangga-produk-umkm-2026',
      '/belanja/keranjang',
      `/belanja/pesan?item=${product.id}:0:1`,
      `/belanja/pesanan/${token}`,
      '/sitemap.xml',
      '/sitemap-toko.xml',
      '/sitemap-produk-1.xml',
      '/robots.txt',
      '/api/v1/store/search?q=keripik',
      `/api/v1/store/products/${product.slug}`,
      `/api/v1/store/shops/${shop.slug}`,
      `/api/v1/store/orders/${token}`,
    ];
    const ownerPhone = OWNER_PHONE.slice(1); // 81298765432 in any notation
    for (const url of urls) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      const body = res.body.replace(/[\s.-]/g, '');
      expect(body, url).not.toContain(NIK);
      expect(body, url).not.toContain(ownerPhone);
      expect(res.body, url).not.toContain(STREET);
      expect(res.body, url).not.toContain('Jl. Alamat Pembeli 9');
      expect(body, url).not.toContain('6281311112222');
    }
  });
});
