/**
 * A search's matches kept apart from its filters. What a query matches (the full-text and trigram arms, the
 * ranking of every match) is the costly part of a search and depends on the words alone; the filters, the
 * sort and the page are cheap once the matches are known. So the matches of a query are read once, with
 * what the filters and sorts need, kept while the database stands still (decision 0010), and every
 * combination of filters, sort and page is answered from them in memory: a new price range or the next
 * page costs the cards of one page, not the search again (decision 0027).
 *
 * `pageOfMatches` must answer exactly what `searchProducts` answers for the same parameters (the same
 * items in the same order, the same total): storefront.search.test.ts compares the two on random
 * parameters.
 */
import { sql } from 'kysely';
import type { ProductCategory } from '../../../shared/marketplace.ts';
import type { DB } from '../../db/database.ts';
import { matches, queryWords, type SearchParams, withTrigramSettings } from './storefront.repository.ts';

/** One product matching a query, with what the filters and the sorts read. */
export interface Match {
  id: number;
  shopId: number;
  category: ProductCategory;
  price: number;
  kecamatan: string;
  halal: boolean;
  featured: boolean;
  campaigns: number[];
  /** Place among the matches by relevance (rank, then newest, then id, as the search orders them). */
  relevanceOrder: number;
  /** Place among the matches by newest first (then id). */
  newestOrder: number;
}

/** Every public product matching `q` (non-blank), in relevance order. */
export async function matchSet(db: DB, q: string): Promise<Match[]> {
  const query = (conn: DB) =>
    sql<{
      id: number;
      shop_id: number;
      category: ProductCategory;
      price: string;
      kecamatan: string;
      halal: boolean;
      featured: boolean;
      campaigns: (number | string)[];
      relevance_order: string;
      newest_order: string;
    }>`select p.id, p.shop_id, p.category, p.price, s.pickup_kecamatan_code as kecamatan,
        'halal' = any(s.badges) as halal, p.featured,
        array(select cp.campaign_id from campaign_product cp where cp.product_id = p.id) as campaigns,
        row_number() over (order by ts_rank(p.search, websearch_to_tsquery('indonesian', ${q}))
            + word_similarity(${q.toLowerCase()}, lower(p.name)) desc, p.created_at desc, p.id desc) as relevance_order,
        row_number() over (order by p.created_at desc, p.id desc) as newest_order
      from public_product p join public_shop s on s.id = p.shop_id
      where ${matches(q)}
      order by relevance_order`.execute(conn);
  const { rows } = queryWords(q).length > 0 ? await withTrigramSettings(db, query) : await query(db);
  return rows.map((r) => ({
    id: r.id,
    shopId: r.shop_id,
    category: r.category,
    price: Number(r.price),
    kecamatan: r.kecamatan,
    halal: r.halal,
    featured: r.featured,
    campaigns: r.campaigns.map(Number),
    relevanceOrder: Number(r.relevance_order),
    newestOrder: Number(r.newest_order),
  }));
}

/** The ids of one page of `matches` under the filters, sort and page of `params`, and how many pass the filters. */
export function pageOfMatches(
  matches: readonly Match[],
  params: SearchParams,
): { ids: number[]; total: number } {
  const kept = matches.filter(
    (m) =>
      (params.category === undefined || m.category === params.category) &&
      (params.minPrice === undefined || m.price >= params.minPrice) &&
      (params.maxPrice === undefined || m.price <= params.maxPrice) &&
      (params.shopId === undefined || m.shopId === params.shopId) &&
      (!params.featured || m.featured) &&
      (!params.kecamatan || m.kecamatan === params.kecamatan) &&
      (!params.halal || m.halal) &&
      (params.campaignId === undefined || m.campaigns.includes(params.campaignId)),
  );
  const byOrder = (a: Match, b: Match) => {
    switch (params.sort) {
      case 'newest':
        return a.newestOrder - b.newestOrder;
      case 'price_asc':
        return a.price - b.price || b.id - a.id;
      case 'price_desc':
        return b.price - a.price || b.id - a.id;
      default:
        return a.relevanceOrder - b.relevanceOrder;
    }
  };
  // The matches arrive in relevance order: only the other sorts sort.
  const ordered = params.sort === 'relevance' ? kept : kept.sort(byOrder);
  return {
    ids: ordered.slice(params.offset, params.offset + params.limit).map((m) => m.id),
    total: kept.length,
  };
}
