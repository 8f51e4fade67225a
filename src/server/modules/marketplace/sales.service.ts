import { sql } from 'kysely';
import { z } from 'zod';
import { isWithinArea } from '../../../shared/area-code.ts';
import { SHOP_STATES } from '../../../shared/marketplace.ts';
import { whileUnchanged } from '../../cache/snapshot-cache.ts';
import type { Config } from '../../config.ts';
import type { SessionUser } from '../../http/guard.ts';
import { visibleBusiness } from '../businesses/businesses.service.ts';
import type { DB } from './common.ts';

export const BusinessMarketSchema = z
  .object({
    shop: z
      .object({ id: z.number().int(), name: z.string(), slug: z.string(), state: z.enum(SHOP_STATES) })
      .nullable(),
    channels: z
      .array(z.object({ channel: z.string(), since: z.string().nullable() }))
      .describe('Where the business sells online; `pasar_umkm` is this marketplace'),
    sales: z
      .array(z.object({ period: z.string(), orders: z.number().int(), amount: z.number().int() }))
      .describe('Verified marketplace sales (completed orders) per month, oldest first'),
  })
  .meta({ id: 'BusinessMarket' });
export type BusinessMarketDto = z.infer<typeof BusinessMarketSchema>;

/** A business's marketplace side, for its page: the shop, the online channels and the verified sales. */
export async function businessMarket(
  db: DB,
  config: Config,
  user: SessionUser,
  id: number,
): Promise<BusinessMarketDto> {
  await visibleBusiness(db, config, user, id);
  const [shop, channels, sales] = await Promise.all([
    db
      .selectFrom('shop')
      .select(['id', 'name', 'slug', 'state'])
      .where('business_id', '=', id)
      .executeTakeFirst(),
    db
      .selectFrom('business_online_channel')
      .select(['channel', 'since'])
      .where('business_id', '=', id)
      .orderBy('channel')
      .execute(),
    db
      .selectFrom('marketplace_sales_month')
      .select(['period', 'orders', 'amount'])
      .where('business_id', '=', id)
      .orderBy('period')
      .execute(),
  ]);
  return {
    shop: shop ?? null,
    channels: channels.map((c) => ({ channel: c.channel, since: c.since })),
    sales: sales.map((s) => ({ period: s.period, orders: Number(s.orders), amount: Number(s.amount) })),
  };
}

/**
 * The marketplace's columns of the recovery figures, per group of `by` within `within` (SQL over the
 * registry): businesses selling online (any channel), and the verified marketplace sales of `period`.
 */
export async function marketFiguresBy(
  db: DB,
  by: 'city' | 'kecamatan' | 'kelurahan' | 'sector',
  within: string,
  period: string,
): Promise<Map<string, { sellingOnline: number; verifiedSales: number; verifiedSellers: number }>> {
  const group =
    by === 'city'
      ? sql<string>`${within}::text`
      : by === 'kecamatan'
        ? sql<string>`b.kecamatan_code`
        : by === 'kelurahan'
          ? sql<string>`b.kelurahan_code`
          : sql<string>`b.sector`;
  const { rows } = await sql<{ code: string; online: number; sales: number; sellers: number }>`
    select ${group} as code,
      count(*) filter (where exists (select 1 from business_online_channel c where c.business_id = b.id))::int as online,
      coalesce(sum(m.amount), 0)::bigint as sales,
      count(m.business_id)::int as sellers
    from business b
    left join marketplace_sales_month m on m.business_id = b.id and m.period = ${period}
    where b.archived_at is null and (b.kelurahan_code = ${within} or b.kelurahan_code like ${`${within}.%`})
    group by 1`.execute(db);
  return new Map(
    rows.map((r) => [
      r.code,
      { sellingOnline: r.online, verifiedSales: Number(r.sales), verifiedSellers: r.sellers },
    ]),
  );
}

/** The recovery figures' rows with the marketplace's columns (kept while the database stands still). */
export async function withMarketColumns<R extends { code: string }>(
  db: DB,
  rows: R[],
  q: { scope: string; period: string; by: 'city' | 'kecamatan' | 'kelurahan' | 'sector'; kecamatan?: string },
) {
  const within = q.kecamatan && isWithinArea(q.kecamatan, q.scope) ? q.kecamatan : q.scope;
  const figures = await whileUnchanged(db, `market.figures:${q.period}:${q.by}:${within}`, () =>
    marketFiguresBy(db, q.by, within, q.period),
  );
  return rows.map((r) => ({
    ...r,
    ...(figures.get(r.code) ?? { sellingOnline: 0, verifiedSales: 0, verifiedSellers: 0 }),
  }));
}
