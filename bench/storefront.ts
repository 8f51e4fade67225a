/**
 * The public storefront under load, measured from outside like bench/load.ts: a real server process on
 * the embedded default (or DATABASE_URL) holding 76,000 products of 3,800 approved shops (names from word
 * lists: 2,250 distinct product names, each with a photo row; one product in ten with two variants), driven
 * by autocannon with 50 connections:
 *  - a bare static answer of the same server (`/robots.txt`: no database), the floor of this machine;
 *  - search, 60 common queries (typos among them) with filters, sorts and pages: after the first request
 *    of each these are kept answers (decision 10);
 *  - search where every request has a filter never asked before: every answer computed;
 *  - product pages (HTML) at random over all 76,000 products: nearly every one computed;
 *  - the search page (HTML) over the same 60 queries.
 * And the storefront's JavaScript, gzipped, from its build. Only exports; `bench/run.ts` runs it with
 * BENCH_SECTIONS=storefront.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { measureStorefront, STOREFRONT_JS_BUDGET } from '../scripts/storefront-bundle-report.ts';
import { loadConfig } from '../src/server/config.ts';
import { openDatabase } from '../src/server/db/database.ts';
import {
  type CannonFigure,
  figureOf,
  freePort,
  type LoadFigure,
  medianOf,
  run,
  stopGroup,
  untilHealthy,
} from './load.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'bin/bangkit.js');
const CONNECTIONS = 50;
const DURATION_S = Number(process.env.BENCH_LOAD_SECONDS ?? 20);
export const STORE_PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 76_000);
const PRODUCTS_PER_SHOP = 20;

const QUERIES = [
  'keripik pedas',
  'kripik',
  'kripik pedas',
  'keripik singkong',
  'sambal',
  'sambel',
  'kopi jahe',
  'kue keju',
  'kue coklat',
  'batik',
  'madu',
  'abon sapi',
  'kerupuk udang',
  'nastar nanas',
  'bolu pandan',
  'emping',
  'teh',
  'dodol',
  'rempeyek',
  'keripik singkong balado',
];
const VARIANTS = ['', '&sort=price_asc', '&category=camilan&page=2'];
const SEARCHES = QUERIES.flatMap((q) => VARIANTS.map((v) => `q=${encodeURIComponent(q)}${v}`));

/** 76,000 products of 3,800 approved shops on the first businesses of the registry, in a few statements. */
export async function loadCatalogue(databaseUrl: string | undefined, dataDir: string, products: number) {
  const config = loadConfig(
    {
      BANGKIT_DATA_DIR: dataDir,
      BANGKIT_DEMO: '0',
      LOG_LEVEL: 'silent',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    },
    'bench',
  );
  const handle = await openDatabase(config, { role: 'client' });
  const db = handle.db;
  try {
    const shops = Math.ceil(products / PRODUCTS_PER_SHOP);
    await sql`insert into shop (business_id, slug, name, description, pickup_kecamatan_code, whatsapp,
        opening_hours, state, approved_at)
      select b.id, 'toko-' || b.id, left('Toko ' || b.name, 80), 'Usaha rumahan yang bangkit setelah pandemi.',
        substr(b.kelurahan_code, 1, 8), '+62812' || lpad((b.id % 100000000)::text, 8, '0'), '08.00–17.00',
        'approved', now()
      from business b where b.archived_at is null order by b.id limit ${shops}
      on conflict do nothing`.execute(db);
    await sql`
      with w as (select
          array['Keripik','Kue','Sambal','Kopi','Teh','Dodol','Rempeyek','Tas','Batik','Madu','Abon','Kerupuk','Nastar','Bolu','Emping'] as jenis,
          array['camilan','kue_roti','bumbu_sambal','minuman','minuman','makanan','camilan','kriya','fesyen','pertanian','makanan','camilan','kue_roti','kue_roti','camilan'] as kategori,
          array['Singkong','Pisang','Tempe','Kentang','Ikan','Udang','Jahe','Kelapa','Pandan','Cokelat','Keju','Nanas','Sapi','Ayam','Talas'] as bahan,
          array['Pedas','Manis','Gurih','Original','Balado','Asin','Renyah','Spesial','Premium','Madu'] as rasa),
        s as (select id, row_number() over (order by id) as n from shop),
        g as (select i, 1 + i % 15 as j, 1 + (i / 15) % 15 as b, 1 + (i / 225) % 10 as r from generate_series(1, ${products}) i)
      insert into product (shop_id, slug, name, description, category, price, unit, stock, featured, featured_at, created_at)
      select s.id, 'produk-' || g.i, w.jenis[g.j] || ' ' || w.bahan[g.b] || ' ' || w.rasa[g.r],
        w.jenis[g.j] || ' ' || lower(w.bahan[g.b]) || ' rasa ' || lower(w.rasa[g.r]) || ' buatan rumah, dikemas rapi dan higienis.',
        w.kategori[g.j], (5 + (g.i * 37) % 95) * 1000, 'bungkus',
        case when g.i % 7 = 0 then null else g.i % 50 end, g.i % 500 = 0,
        case when g.i % 500 = 0 then now() end, now() - g.i * interval '1 minute'
      from g cross join w join s on s.n = (g.i - 1) % ${shops} + 1`.execute(db);
    await sql`insert into product_photo (product_id, key, width, height, widths)
      select id, md5(id::text), 1200, 1200, '{320,640,1200}' from product`.execute(db);
    await sql`insert into product_variant (product_id, name, price, stock, position)
      select id, v.name, price + v.extra, 5, v.pos from product,
        (values ('Kecil', 0, 0), ('Besar', 10000, 1)) v(name, extra, pos)
      where id % 10 = 0`.execute(db);
    await sql`analyze shop, product, product_photo, product_variant`.execute(db);
    // Public products only: the demo seed's own shops include some a visitor cannot see (404s).
    const slugs = await db.selectFrom('public_product').select('slug').execute();
    return slugs.map((r) => r.slug);
  } finally {
    await handle.close();
  }
}

/** 50 connections on paths chosen by `next` for each request. */
async function cannonOver(base: string, next: () => string, seconds = DURATION_S): Promise<CannonFigure> {
  const result = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [{ setupRequest: (request) => ({ ...request, path: next() }) }],
  });
  return figureOf(result);
}

export async function benchStorefront(
  dir: string,
  runs: number,
  databaseUrl?: string,
): Promise<LoadFigure[]> {
  const dataDir = path.join(dir, 'store-data');
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o755 });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    BANGKIT_DATA_DIR: dataDir,
    BANGKIT_DEMO: '0',
    LOG_LEVEL: 'warn',
  };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else delete env.DATABASE_URL;

  const figures: LoadFigure[] = [];
  const sizes = measureStorefront(path.join(ROOT, 'dist/storefront'));
  figures.push({
    name: 'storefront JavaScript, gzipped',
    value: sizes.js / 1000,
    unit: 'kB',
    budget: STOREFRONT_JS_BUDGET / 1000,
  });

  log(`registry: ${Math.ceil(STORE_PRODUCTS / PRODUCTS_PER_SHOP)} businesses through the CLI's demo seed`);
  run(process.execPath, [BIN, 'migrate'], env);
  run(
    process.execPath,
    [BIN, 'seed', '--demo', '--businesses', String(Math.ceil(STORE_PRODUCTS / PRODUCTS_PER_SHOP))],
    env,
  );
  log(`catalogue: ${STORE_PRODUCTS.toLocaleString('en')} products`);
  const started = performance.now();
  const slugs = await loadCatalogue(databaseUrl, dataDir, STORE_PRODUCTS);
  log(`catalogue loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const port = await freePort();
  const server = spawn('npm', ['start'], { cwd: ROOT, env: { ...env, PORT: String(port) }, detached: true });
  server.stdout?.resume();
  server.stderr?.resume();
  try {
    await untilHealthy(port, server);
    const base = `http://127.0.0.1:${port}`;
    let n = 0;
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const targets: { name: string; next: () => string; budget?: number }[] = [
      { name: 'bare static answer (`/robots.txt`, no database)', next: () => '/robots.txt' },
      {
        name: 'search API, 60 common queries (kept answers)',
        next: () => `/api/v1/store/search?${SEARCHES[n++ % SEARCHES.length]}`,
        budget: 100,
      },
      {
        name: 'search API, every request a new filter (computed)',
        next: () =>
          `/api/v1/store/search?${SEARCHES[n++ % SEARCHES.length]}&maxPrice=${100_000 + Math.floor(random() * 1_000_000)}`,
        budget: 100,
      },
      {
        name: 'product page (HTML), random among all products',
        next: () => `/p/${slugs[Math.floor(random() * slugs.length)]}`,
        budget: 100,
      },
      {
        name: 'search page (HTML), the 60 common queries',
        next: () =>
          `/belanja/cari?${SEARCHES[n++ % SEARCHES.length]!.replace('sort=', 'urut=').replace('category=', 'kategori=').replace('page=', 'hal=')}`,
        budget: 100,
      },
    ];
    for (const target of targets) {
      // Warm-up: the server's first requests load code and plans.
      await cannonOver(base, target.next, 3);
      const results: CannonFigure[] = [];
      for (let i = 0; i < runs; i++) results.push(await cannonOver(base, target.next));
      figures.push({ name: target.name, ...medianOf(results), budget: target.budget });
    }
  } finally {
    await stopGroup(server);
  }
  return figures;
}

export function storefrontTable(title: string, figures: LoadFigure[]): string {
  const f = (x: number | undefined, d = 1) => (x === undefined || Number.isNaN(x) ? '–' : x.toFixed(d));
  const lines = [
    `### ${title}: the storefront, ${STORE_PRODUCTS.toLocaleString('en')} products, ${CONNECTIONS} connections`,
    '',
    '| measure | result | target |',
    '|---|---:|---:|',
  ];
  for (const x of figures) {
    const result =
      x.value !== undefined
        ? `${f(x.value)} ${x.unit}`
        : `${f(x.rps, 0)} req/s, p50 ${f(x.p50Ms)} ms, p99 ${f(x.p99Ms)} ms, ${x.errors} errors`;
    const budget =
      x.budget === undefined
        ? ''
        : x.value !== undefined
          ? `≤ ${x.budget} ${x.unit}`
          : `p99 ≤ ${x.budget} ms`;
    lines.push(`| ${x.name} | ${result} | ${budget} |`);
  }
  return lines.join('\n');
}

const log = (m: string) => console.error(`[storefront] ${m}`);
