import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here. The model is decision 0017.
const CATEGORIES = `'makanan','minuman','camilan','kue_roti','bumbu_sambal','fesyen','kriya','kecantikan','pertanian','lainnya'`;
const E164 = `'^\\+628[1-9][0-9]{7,10}$'`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);

  await db.schema
    .createTable('shop')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('business_id', 'bigint', (c) => c.notNull().unique().references('business.id'))
    .addColumn('slug', 'text', (c) => c.notNull().unique().check(sql`slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`))
    .addColumn('name', 'text', (c) => c.notNull().check(sql`length(name) between 2 and 80`))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('logo_key', 'text')
    .addColumn('pickup_kecamatan_code', 'text', (c) => c.notNull().references('area.code'))
    .addColumn('whatsapp', 'text', (c) => c.notNull().check(sql`whatsapp ~ ${sql.raw(E164)}`))
    .addColumn('opening_hours', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('state', 'text', (c) =>
      c.notNull().defaultTo('pending').check(sql`state in ('pending','approved','rejected','suspended')`),
    )
    .addColumn('reason', 'text')
    .addColumn('applied_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('decided_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('approved_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'shop_reason_check',
      sql`state not in ('rejected','suspended') or (reason is not null and length(reason) > 0)`,
    )
    .execute();
  await db.schema
    .createIndex('shop_state_idx')
    .on('shop')
    .columns(['state', 'pickup_kecamatan_code'])
    .execute();

  await db.schema
    .createTable('product')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('shop_id', 'bigint', (c) => c.notNull().references('shop.id'))
    .addColumn('slug', 'text', (c) => c.notNull().unique().check(sql`slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`))
    .addColumn('name', 'text', (c) => c.notNull().check(sql`length(name) between 2 and 120`))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('category', 'text', (c) => c.notNull().check(sql`category in (${sql.raw(CATEGORIES)})`))
    .addColumn('price', 'bigint', (c) => c.notNull().check(sql`price >= 0`))
    .addColumn('unit', 'text', (c) => c.notNull().defaultTo('pcs'))
    .addColumn('weight_grams', 'integer', (c) => c.check(sql`weight_grams >= 0`))
    // null: made to order, never runs out.
    .addColumn('stock', 'integer', (c) => c.check(sql`stock >= 0`))
    .addColumn('hidden_reason', 'text')
    .addColumn('hidden_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('hidden_at', 'timestamptz')
    .addColumn('featured', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('featured_at', 'timestamptz')
    .addColumn('archived_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // Search: the name weighs above the description; `indonesian` stems (keripik ~ keripiknya).
    .addColumn('search', sql`tsvector`, (c) =>
      c
        .generatedAlwaysAs(
          sql`setweight(to_tsvector('indonesian'::regconfig, name), 'A') || setweight(to_tsvector('indonesian'::regconfig, description), 'B')`,
        )
        .stored(),
    )
    .addCheckConstraint('product_hidden_check', sql`(hidden_at is null) = (hidden_reason is null)`)
    .execute();
  await sql`create index product_search_idx on product using gin (search)`.execute(db);
  // Typo tolerance: "kripik" still finds "Keripik" by trigram similarity of the name.
  await sql`create index product_name_trgm on product using gin (lower(name) gin_trgm_ops)`.execute(db);
  await db.schema.createIndex('product_shop_idx').on('product').columns(['shop_id', 'created_at']).execute();
  await db.schema
    .createIndex('product_category_idx')
    .on('product')
    .columns(['category', 'created_at'])
    .execute();
  await sql`create index product_featured_idx on product (featured_at desc) where featured`.execute(db);

  await db.schema
    .createTable('product_variant')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('product_id', 'bigint', (c) => c.notNull().references('product.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull().check(sql`length(name) between 1 and 60`))
    .addColumn('price', 'bigint', (c) => c.notNull().check(sql`price >= 0`))
    .addColumn('stock', 'integer', (c) => c.check(sql`stock >= 0`))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('archived_at', 'timestamptz')
    .execute();
  await sql`create unique index product_variant_name_key on product_variant (product_id, lower(name)) where archived_at is null`.execute(
    db,
  );

  // A photo is a set of re-encoded files `<key>-<width>.webp|jpg`; the original is never kept.
  await db.schema
    .createTable('product_photo')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('product_id', 'bigint', (c) => c.notNull().references('product.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull().unique().check(sql`key ~ '^[a-f0-9]{32}$'`))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('widths', sql`integer[]`, (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('product_photo_product_idx')
    .on('product_photo')
    .columns(['product_id', 'position'])
    .execute();

  await db.schema
    .createTable('order_request')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    // sha256 (hex) of the buyer's status-link token (32 random bytes); the token itself is never stored.
    .addColumn('token_hash', 'text', (c) => c.notNull().unique().check(sql`token_hash ~ '^[a-f0-9]{64}$'`))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('shop_id', 'bigint', (c) => c.notNull().references('shop.id'))
    .addColumn('buyer_name', 'text', (c) => c.notNull().check(sql`length(buyer_name) between 2 and 80`))
    .addColumn('buyer_phone', 'text', (c) => c.notNull().check(sql`buyer_phone ~ ${sql.raw(E164)}`))
    .addColumn('fulfilment', 'text', (c) => c.notNull().check(sql`fulfilment in ('delivery','pickup')`))
    .addColumn('address', 'text')
    .addColumn('note', 'text')
    .addColumn('total', 'bigint', (c) => c.notNull().check(sql`total >= 0`))
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .defaultTo('requested')
        .check(sql`state in ('requested','confirmed','declined','ready','shipped','completed','cancelled')`),
    )
    .addColumn('reason', 'text')
    .addColumn('idempotency_key', 'text', (c) => c.unique())
    .addColumn('requested_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('confirmed_at', 'timestamptz')
    .addColumn('declined_at', 'timestamptz')
    .addColumn('ready_at', 'timestamptz')
    .addColumn('shipped_at', 'timestamptz')
    .addColumn('completed_at', 'timestamptz')
    .addColumn('cancelled_at', 'timestamptz')
    // The city's local date of completion: verified sales are counted per month of this date.
    .addColumn('completed_on', 'date')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'order_request_address_check',
      sql`fulfilment = 'pickup' or (address is not null and length(address) > 0)`,
    )
    .addCheckConstraint(
      'order_request_declined_check',
      sql`state <> 'declined' or (reason is not null and length(reason) > 0)`,
    )
    .addCheckConstraint(
      'order_request_completed_check',
      sql`(state = 'completed') = (completed_on is not null)`,
    )
    .execute();
  await db.schema
    .createIndex('order_request_shop_idx')
    .on('order_request')
    .columns(['shop_id', 'state', 'requested_at'])
    .execute();
  await db.schema
    .createIndex('order_request_phone_idx')
    .on('order_request')
    .columns(['buyer_phone', 'requested_at'])
    .execute();
  await sql`create index order_request_completed_idx on order_request (shop_id, completed_on) where state = 'completed'`.execute(
    db,
  );

  await db.schema
    .createTable('order_item')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('order_id', 'bigint', (c) => c.notNull().references('order_request.id').onDelete('cascade'))
    .addColumn('product_id', 'bigint', (c) => c.notNull().references('product.id'))
    .addColumn('variant_id', 'bigint', (c) => c.references('product_variant.id'))
    // What the buyer saw when asking: later price or name changes never rewrite an order.
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit_price', 'bigint', (c) => c.notNull().check(sql`unit_price >= 0`))
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity > 0 and quantity <= 999`))
    .execute();
  await db.schema.createIndex('order_item_order_idx').on('order_item').column('order_id').execute();
  await db.schema.createIndex('order_item_product_idx').on('order_item').column('product_id').execute();

  await db.schema
    .createTable('order_event')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('order_id', 'bigint', (c) => c.notNull().references('order_request.id').onDelete('cascade'))
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    // null: the buyer (through the status link) or the system.
    .addColumn('actor_id', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('order_event_order_idx')
    .on('order_event')
    .columns(['order_id', 'id'])
    .execute();

  await db.schema
    .createTable('campaign')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique().check(sql`slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`))
    .addColumn('name', 'text', (c) => c.notNull().check(sql`length(name) between 2 and 120`))
    .addColumn('theme', 'text', (c) =>
      c.notNull().check(sql`theme in ('umum','ramadan','kemerdekaan','hari_jadi_kota','akhir_tahun')`),
    )
    .addColumn('starts_on', 'date', (c) => c.notNull())
    .addColumn('ends_on', 'date', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('banner_key', 'text')
    .addColumn('created_by', 'bigint', (c) => c.references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('campaign_dates_check', sql`ends_on >= starts_on`)
    .execute();

  await db.schema
    .createTable('campaign_product')
    .addColumn('campaign_id', 'bigint', (c) => c.notNull().references('campaign.id').onDelete('cascade'))
    .addColumn('product_id', 'bigint', (c) => c.notNull().references('product.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('campaign_product_pkey', ['campaign_id', 'product_id'])
    .execute();
  await db.schema
    .createIndex('campaign_product_product_idx')
    .on('campaign_product')
    .column('product_id')
    .execute();

  // Who may be shown publicly, in one place: an approved shop of a business that is not archived.
  // Badges are read from the registry (legality) and verified milestones, never typed by the seller.
  await sql`
    create view public_shop as
    select s.id, s.business_id, s.slug, s.name, s.description, s.logo_key, s.pickup_kecamatan_code,
           s.whatsapp, s.opening_hours, s.approved_at, b.sector,
           array_remove(array[
             case when b.legality ? 'halal' or exists (select 1 from milestone m where m.business_id = b.id and m.kind = 'halal') then 'halal' end,
             case when b.legality ? 'pirt' or exists (select 1 from milestone m where m.business_id = b.id and m.kind = 'pirt') then 'pirt' end,
             case when b.legality ? 'bpom' or exists (select 1 from milestone m where m.business_id = b.id and m.kind = 'bpom') then 'bpom' end
           ], null)::text[] as badges
    from shop s join business b on b.id = s.business_id
    where s.state = 'approved' and b.archived_at is null`.execute(db);

  // A product is public when its shop is, it is not hidden by an officer and not deleted by the seller.
  await sql`
    create view public_product as
    select p.id, p.shop_id, p.slug, p.name, p.description, p.category, p.price, p.unit, p.weight_grams,
           p.stock, p.featured, p.featured_at, p.created_at, p.search
    from product p
    where p.hidden_at is null and p.archived_at is null
      and exists (select 1 from shop s join business b on b.id = s.business_id
                  where s.id = p.shop_id and s.state = 'approved' and b.archived_at is null)`.execute(db);

  // Verified marketplace sales per business and month: completed orders only, by the city's local date.
  await sql`
    create view marketplace_sales_month as
    select s.business_id, to_char(o.completed_on, 'YYYY-MM') as period,
           count(*)::int as orders, sum(o.total)::bigint as amount
    from order_request o join shop s on s.id = o.shop_id
    where o.state = 'completed'
    group by s.business_id, to_char(o.completed_on, 'YYYY-MM')`.execute(db);

  // Digital readiness: where a business sells online. This marketplace (an approved shop), the marketplaces
  // recorded in the registry, and verified "online sales" milestones; one row per business and channel.
  await sql`
    create view business_online_channel as
    select business_id, channel, min(since) as since
    from (
      select s.business_id, 'pasar_umkm' as channel, (s.approved_at at time zone 'UTC')::date as since
        from shop s where s.state = 'approved'
      union all
      select b.id, lower(trim(m.value)), null::date
        from business b, jsonb_array_elements_text(case when jsonb_typeof(b.online->'marketplaces') = 'array'
                                                        then b.online->'marketplaces' else '[]'::jsonb end) m(value)
        where trim(m.value) <> ''
      union all
      select ms.business_id, lower(trim(ms.details->>'channel')), ms.achieved_on
        from milestone ms where ms.kind = 'online_sales' and coalesce(trim(ms.details->>'channel'), '') <> ''
    ) c
    group by business_id, channel`.execute(db);
}
