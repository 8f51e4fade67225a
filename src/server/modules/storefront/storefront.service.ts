/**
 * What the public pages and the storefront's JSON API show, read once and kept while the database stands
 * still (decision 10): a search, a product or a shop page asked again costs one shared snapshot query.
 */

import { currentSnapshot, whileUnchanged } from '../../cache/snapshot-cache.ts';
import type { Config } from '../../config.ts';
import type { DB } from '../../db/database.ts';
import { localToday } from '../../http/dates.ts';
import { areaNames } from '../areas/areas.service.ts';
import { matchSet, pageOfMatches } from './storefront.matches.ts';
import {
  type CampaignRef,
  findCampaign,
  findPublicProduct,
  findPublicShop,
  type ProductCardRow,
  productCards,
  productCounts,
  runningCampaign,
  type SearchParams,
  searchIds,
  searchProducts,
} from './storefront.repository.ts';

export const HOME_CAMPAIGN_NAME = 'Bangga Produk UMKM';

const weighItems = (v: { items: unknown[] }) => v.items.length;

export function search(db: DB, params: SearchParams) {
  // One snapshot for the answer, its matches and its cards: reads only, so the one taken on arrival serves all.
  const snapshot = currentSnapshot(db);
  return whileUnchanged(
    db,
    `store.search:${JSON.stringify(params)}`,
    () => computeSearch(db, params, snapshot),
    {
      weigh: weighItems,
      snapshot,
    },
  );
}

/**
 * A search with words: its matches are kept apart from the filters (storefront.matches.ts, decision 0027),
 * so another filter, sort or page of the same words costs the cards of one page. Without words: one query.
 */
async function computeSearch(db: DB, params: SearchParams, snapshot: Promise<string>) {
  const q = params.q?.trim();
  const { ids, total } = q
    ? pageOfMatches(
        await whileUnchanged(db, `store.matches:${q}`, () => matchSet(db, q), {
          weigh: (m) => Math.ceil(m.length / MATCHES_PER_WEIGHT),
          snapshot,
        }),
        params,
      )
    : await searchIds(db, params);
  return { items: await cards(db, ids, snapshot), total };
}

/**
 * Product cards, in the order of `ids`, kept per product while the database stands still: a page of a new
 * search reads only the cards no page has shown since the last write (one query for all of them).
 */
async function cards(db: DB, ids: number[], snapshot: Promise<string>): Promise<ProductCardRow[]> {
  const kept = await whileUnchanged(db, 'store.cards', async () => new Map<number, ProductCardRow>(), {
    weigh: () => KEPT_CARDS_WEIGHT,
    snapshot,
  });
  const page = new Map<number, ProductCardRow>();
  const missing: number[] = [];
  for (const id of ids) {
    const card = kept.get(id);
    if (card) page.set(id, card);
    else missing.push(id);
  }
  if (missing.length > 0) {
    const read = await productCards(db, missing);
    if (kept.size + read.length > MAX_KEPT_CARDS) kept.clear();
    for (const card of read) {
      kept.set(card.id, card);
      page.set(card.id, card);
    }
  }
  // A product no longer public has no card: the page leaves it out, as the statement would.
  return ids.flatMap((id) => page.get(id) ?? []);
}

/** At most this many cards are kept (a few MB); past it the kept cards start again. */
const MAX_KEPT_CARDS = 10_000;
/** The kept cards' share of the cache's bound, fixed: the map grows after it is weighed. */
const KEPT_CARDS_WEIGHT = 500;
const MATCHES_PER_WEIGHT = 20;

export function product(db: DB, slug: string) {
  return whileUnchanged(db, `store.product:${slug}`, () => findPublicProduct(db, slug));
}

export function shop(db: DB, slug: string) {
  return whileUnchanged(db, `store.shop:${slug}`, () => findPublicShop(db, slug));
}

export function campaign(db: DB, slug: string) {
  return whileUnchanged(db, `store.campaign:${slug}`, () => findCampaign(db, slug));
}

export async function home(db: DB, config: Pick<Config, 'timezone'>) {
  const today = localToday(config.timezone);
  return whileUnchanged(db, `store.home:${today}`, async () => {
    const [running, featured, newest, counts] = await Promise.all([
      runningCampaign(db, today),
      searchProducts(db, { featured: true, sort: 'relevance', limit: 8, offset: 0 }),
      searchProducts(db, { sort: 'newest', limit: 8, offset: 0 }),
      productCounts(db),
    ]);
    const campaignProducts: Awaited<ReturnType<typeof productCards>> = running
      ? (await searchProducts(db, { campaignId: running.id, sort: 'relevance', limit: 4, offset: 0 })).items
      : [];
    return {
      campaign: running as CampaignRef | null,
      campaignProducts,
      featured: featured.items,
      newest: newest.items,
      counts,
    };
  });
}

/** Names of the city and of its kecamatan, from memory once read (areas never change: decision 10). */
export async function cityName(db: DB, config: Pick<Config, 'deploymentArea'>): Promise<string> {
  const names = await areaNames(db, [config.deploymentArea]);
  return displayAreaName(names.get(config.deploymentArea) ?? config.deploymentArea);
}

/** `KOTA TANGERANG` → `Kota Tangerang` (the official lists write names in capitals). */
export function displayAreaName(name: string): string {
  if (name !== name.toUpperCase()) return name;
  return name
    .toLowerCase()
    .replace(/(^|[\s(-])(\p{L})/gu, (_m, sep: string, c: string) => sep + c.toUpperCase());
}

const kecamatanCache = new WeakMap<DB, Promise<{ code: string; name: string }[]>>();

/** The deployment's kecamatan (area level 3 under its code), in code order. */
export function kecamatanOf(db: DB, config: Pick<Config, 'deploymentArea'>) {
  let known = kecamatanCache.get(db);
  if (!known) {
    known = db
      .selectFrom('area')
      .select(['code', 'name'])
      .where('level', '=', 3)
      .where('code', 'like', `${config.deploymentArea}.%`)
      .orderBy('code')
      .execute()
      .then((rows) => rows.map((r) => ({ code: r.code, name: displayAreaName(r.name) })));
    known.catch(() => kecamatanCache.delete(db));
    kecamatanCache.set(db, known);
  }
  return known;
}

export async function kecamatanNames(db: DB, config: Pick<Config, 'deploymentArea'>) {
  return new Map((await kecamatanOf(db, config)).map((k) => [k.code, k.name]));
}
