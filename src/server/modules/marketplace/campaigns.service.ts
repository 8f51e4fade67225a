import { sql } from 'kysely';
import { slugify } from '../../../shared/marketplace.ts';
import { SECTOR_LABELS, SECTORS } from '../../../shared/sectors.ts';
import type { Config } from '../../config.ts';
import type { TableColumn } from '../../files/table-writer.ts';
import { localToday } from '../../http/dates.ts';
import { AppError, notFound } from '../../http/errors.ts';
import type { Actor, SessionUser } from '../../http/guard.ts';
import { areaScopeOf, withinScopeSql } from '../../http/scope.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { CampaignDto, CampaignInput, FiguresDto } from './campaigns.schema.ts';
import { type DB, type Executor, photoUrl, pictureDto } from './common.ts';
import type { CampaignRow } from './marketplace.table.ts';
import { discardPhoto } from './photos.ts';
import { freeSlug, slugTaken } from './shops.repository.ts';

const fieldError = (code: string, path: string, message: string, status = 400) =>
  new AppError(code, status, message, { errors: [{ path: `body.${path}`, message }] });

async function campaignProducts(db: Executor, campaignId: number) {
  return db
    .selectFrom('campaign_product as cp')
    .innerJoin('product as p', 'p.id', 'cp.product_id')
    .innerJoin('shop as s', 's.id', 'p.shop_id')
    .select([
      'p.id',
      'p.name',
      'p.price',
      's.name as shop_name',
      (eb) =>
        eb
          .selectFrom('product_photo as ph')
          .select('ph.key')
          .whereRef('ph.product_id', '=', 'p.id')
          .orderBy('ph.position')
          .limit(1)
          .as('photo_key'),
      (eb) =>
        eb
          .exists(eb.selectFrom('public_product as pp').select('pp.id').whereRef('pp.id', '=', 'p.id'))
          .as('public'),
    ])
    .where('cp.campaign_id', '=', campaignId)
    .orderBy('cp.position')
    .execute();
}

async function toDto(db: Executor, config: Config, c: CampaignRow): Promise<CampaignDto> {
  const today = localToday(config.timezone);
  const products = await campaignProducts(db, c.id);
  return {
    id: c.id,
    slug: c.slug,
    name: c.name,
    theme: c.theme,
    startsOn: c.starts_on,
    endsOn: c.ends_on,
    description: c.description,
    active: c.starts_on <= today && today <= c.ends_on,
    banner: bannerOf(c),
    products: products.map((p) => ({
      id: p.id,
      name: p.name,
      shopName: p.shop_name,
      price: Number(p.price),
      photoUrl: photoUrl(p.photo_key, 320),
      public: Boolean(p.public),
    })),
  };
}

/** The campaign's banner as a stored picture, or null. */
export function bannerOf(
  c: Pick<CampaignRow, 'banner_key' | 'banner_width' | 'banner_height' | 'banner_widths'>,
) {
  if (!c.banner_key || !c.banner_width || !c.banner_height || !c.banner_widths?.length) return null;
  return pictureDto({
    key: c.banner_key,
    width: c.banner_width,
    height: c.banner_height,
    widths: c.banner_widths,
  });
}

export async function findCampaign(db: Executor, id: number) {
  const row = await db.selectFrom('campaign').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Kampanye');
  return row;
}

export async function listCampaigns(db: DB, config: Config) {
  const rows = await db
    .selectFrom('campaign')
    .selectAll()
    .orderBy('starts_on', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return Promise.all(rows.map((r) => toDto(db, config, r)));
}

export async function getCampaign(db: DB, config: Config, id: number) {
  return toDto(db, config, await findCampaign(db, id));
}

const values = (input: CampaignInput) => ({
  name: input.name,
  theme: input.theme,
  starts_on: input.startsOn,
  ends_on: input.endsOn,
  description: input.description,
});

export async function createCampaign(
  db: DB,
  config: Config,
  user: SessionUser,
  actor: Actor,
  input: CampaignInput,
) {
  const id = await db.transaction().execute(async (trx) => {
    if (input.slug && (await slugTaken(trx, 'campaign', input.slug))) {
      throw fieldError('SlugTaken', 'slug', 'Alamat kampanye sudah dipakai.', 409);
    }
    const slug = input.slug ?? (await freeSlug(trx, 'campaign', slugify(input.name)));
    const row = await trx
      .insertInto('campaign')
      .values({ ...values(input), slug, created_by: user.id })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: 'create',
      entity: 'campaign',
      entityId: row.id,
      newValues: { slug, ...values(input) },
    });
    return row.id;
  });
  return getCampaign(db, config, id);
}

export async function updateCampaign(db: DB, config: Config, actor: Actor, id: number, input: CampaignInput) {
  await db.transaction().execute(async (trx) => {
    const before = await findCampaign(trx, id);
    if (input.slug && input.slug !== before.slug && (await slugTaken(trx, 'campaign', input.slug))) {
      throw fieldError('SlugTaken', 'slug', 'Alamat kampanye sudah dipakai.', 409);
    }
    await trx
      .updateTable('campaign')
      .set({ ...values(input), slug: input.slug ?? before.slug, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, actor, {
      action: 'update',
      entity: 'campaign',
      entityId: id,
      oldValues: {
        name: before.name,
        theme: before.theme,
        starts_on: before.starts_on,
        ends_on: before.ends_on,
        description: before.description,
      },
      newValues: values(input),
    });
  });
  return getCampaign(db, config, id);
}

export async function deleteCampaign(db: DB, config: Config, actor: Actor, id: number) {
  const banner = await db.transaction().execute(async (trx) => {
    const before = await findCampaign(trx, id);
    await trx.deleteFrom('campaign').where('id', '=', id).execute();
    await recordAudit(trx, actor, {
      action: 'delete',
      entity: 'campaign',
      entityId: id,
      oldValues: { name: before.name, slug: before.slug, banner_key: before.banner_key },
    });
    return before.banner_key;
  });
  if (banner) discardPhoto(config, { key: banner });
}

/** The campaign's chosen products, in the order given; a product must exist and not be deleted. */
export async function setCampaignProducts(
  db: DB,
  config: Config,
  actor: Actor,
  id: number,
  productIds: number[],
) {
  const unique = [...new Set(productIds)];
  await db.transaction().execute(async (trx) => {
    await findCampaign(trx, id);
    if (unique.length > 0) {
      const found = await trx
        .selectFrom('product')
        .select('id')
        .where('id', 'in', unique)
        .where('archived_at', 'is', null)
        .execute();
      const missing = unique.filter((p) => !found.some((f) => f.id === p));
      if (missing.length > 0)
        throw fieldError('ProductUnknown', 'productIds', `Produk ${missing.join(', ')} tidak ditemukan.`);
    }
    const before = await trx
      .selectFrom('campaign_product')
      .select('product_id')
      .where('campaign_id', '=', id)
      .execute();
    await trx.deleteFrom('campaign_product').where('campaign_id', '=', id).execute();
    if (unique.length > 0) {
      await trx
        .insertInto('campaign_product')
        .values(unique.map((productId, position) => ({ campaign_id: id, product_id: productId, position })))
        .execute();
    }
    await recordAudit(trx, actor, {
      action: 'set_products',
      entity: 'campaign',
      entityId: id,
      oldValues: { product_ids: before.map((b) => b.product_id) },
      newValues: { product_ids: unique },
    });
  });
  return getCampaign(db, config, id);
}

/**
 * The office's counts for a campaign, by the business's kecamatan or sector, within the user's area: shops
 * online and products listed now; order requests made and orders completed within the campaign's dates.
 */
export async function campaignFigures(
  db: DB,
  config: Config,
  user: SessionUser,
  id: number,
  by: 'kecamatan' | 'sector',
): Promise<FiguresDto> {
  const c = await findCampaign(db, id);
  const scope = areaScopeOf(user, config.deploymentArea);
  const group = by === 'kecamatan' ? sql.ref('b.kecamatan_code') : sql.ref('b.sector');
  const tz = config.timezone;
  const { rows } = await sql<{
    code: string;
    shops: number;
    products: number;
    requests: number;
    completed: number;
    sales: number;
  }>`
    select ${group} as code,
      count(distinct s.id) filter (where s.state = 'approved')::int as shops,
      (select count(*) from public_product pp join shop s2 on s2.id = pp.shop_id join business b2 on b2.id = s2.business_id
         where ${by === 'kecamatan' ? sql`b2.kecamatan_code` : sql`b2.sector`} = ${group}
           and ${withinScopeSql('b2.kelurahan_code', scope)})::int as products,
      count(r.id) filter (where (r.requested_at at time zone ${tz})::date between ${c.starts_on} and ${c.ends_on})::int as requests,
      count(r.id) filter (where r.state = 'completed' and r.completed_on between ${c.starts_on} and ${c.ends_on})::int as completed,
      coalesce(sum(r.total) filter (where r.state = 'completed' and r.completed_on between ${c.starts_on} and ${c.ends_on}), 0)::bigint as sales
    from shop s
    join business b on b.id = s.business_id
    left join order_request r on r.shop_id = s.id
    where ${withinScopeSql('b.kelurahan_code', scope)}
    group by ${group}`.execute(db);
  const byCode = new Map(rows.map((r) => [r.code, r]));
  let groups: { code: string; name: string }[];
  if (by === 'sector') groups = SECTORS.map((s) => ({ code: s, name: SECTOR_LABELS[s] }));
  else {
    groups = await db
      .selectFrom('area')
      .select(['code', 'name'])
      .where('level', '=', 3)
      .where(sql<boolean>`(${withinScopeSql('code', scope)} or ${scope} like code || '.%')`)
      .orderBy('code')
      .execute();
  }
  const figureRows = groups.map((g) => {
    const r = byCode.get(g.code);
    return {
      code: g.code,
      name: g.name,
      shopsOnline: r?.shops ?? 0,
      productsListed: r?.products ?? 0,
      orderRequests: r?.requests ?? 0,
      completedOrders: r?.completed ?? 0,
      completedSales: Number(r?.sales ?? 0),
    };
  });
  const sum = (k: keyof (typeof figureRows)[number]) => figureRows.reduce((n, r) => n + (r[k] as number), 0);
  return {
    campaignId: c.id,
    by,
    startsOn: c.starts_on,
    endsOn: c.ends_on,
    rows: figureRows,
    total: {
      code: scope,
      name: 'Jumlah',
      shopsOnline: sum('shopsOnline'),
      productsListed: sum('productsListed'),
      orderRequests: sum('orderRequests'),
      completedOrders: sum('completedOrders'),
      completedSales: sum('completedSales'),
    },
  };
}

export const FIGURE_COLUMNS: TableColumn[] = [
  { key: 'code', header: 'Kode', text: true },
  { key: 'name', header: 'Wilayah/Sektor', width: 28 },
  { key: 'shopsOnline', header: 'Toko online' },
  { key: 'productsListed', header: 'Produk tayang' },
  { key: 'orderRequests', header: 'Permintaan pesanan' },
  { key: 'completedOrders', header: 'Pesanan selesai' },
  { key: 'completedSales', header: 'Penjualan selesai (Rp)', width: 22 },
];
