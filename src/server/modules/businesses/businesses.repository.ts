import {
  type ExpressionBuilder,
  type Insertable,
  type RawBuilder,
  type SelectQueryBuilder,
  sql,
  type Updateable,
} from 'kysely';
import { whileUnchanged } from '../../cache/snapshot-cache.ts';
import type { DB } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { keysetPages } from '../../db/stream.ts';
import type { Actor } from '../../http/guard.ts';
import { withinScope } from '../../http/scope.ts';
import type { Executor } from '../audit/audit.repository.ts';
import type { BusinessFilter, BusinessListQuery } from './businesses.schema.ts';
import type { BusinessTable, OwnerTable } from './businesses.table.ts';

type Tables = Database & { b: BusinessTable; o: OwnerTable };
export type BusinessEB = ExpressionBuilder<Tables, 'b' | 'o'>;

/** Who may see which businesses, as one SQL condition (built by the service from the user). */
export type AccessCondition = (eb: BusinessEB) => ReturnType<BusinessEB['and']>;
/** The condition with a key naming what it depends on (the same key, the same businesses). */
export interface BusinessAccess {
  key: string;
  condition: AccessCondition;
}

export async function findOwnerByNik(db: Executor, nik: string) {
  return db.selectFrom('owner').selectAll().where('nik', '=', nik).executeTakeFirst();
}

export async function findOwner(db: Executor, id: number) {
  return db.selectFrom('owner').selectAll().where('id', '=', id).executeTakeFirst();
}

/** An owner if `access` lets one of their businesses through (any owner when `access` is null). */
export async function findVisibleOwner(db: Executor, id: number, access: AccessCondition | null) {
  let query = db.selectFrom('owner as o').selectAll('o').where('o.id', '=', id);
  if (access) {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('business as b')
          .select('b.id')
          .whereRef('b.owner_id', '=', 'o.id')
          .where((inner) => access(inner as unknown as BusinessEB)),
      ),
    );
  }
  return query.executeTakeFirst();
}

export async function countBusinessesOfOwner(db: Executor, ownerId: number) {
  const r = await db
    .selectFrom('business')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('owner_id', '=', ownerId)
    .where('archived_at', 'is', null)
    .executeTakeFirstOrThrow();
  return r.n;
}

export async function insertOwner(db: Executor, values: Insertable<OwnerTable>) {
  return db.insertInto('owner').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateOwner(db: Executor, id: number, values: Updateable<OwnerTable>) {
  return db.updateTable('owner').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

const maskedKk = (column: string) =>
  sql`case when ${sql.ref(column)} is null then null else left(${sql.ref(column)}, 4) || '********' || right(${sql.ref(column)}, 4) end`;

/**
 * A set-based change of owners by an import (`update`: an UPDATE of `owner o`, without RETURNING) that
 * audits each owner it changed in the same statement: `import_update` with the changed fields old beside
 * new (the KK masked). Returns how many owners changed.
 */
export async function updateOwnersAudited(
  db: Executor,
  actor: Actor,
  requestId: string,
  update: RawBuilder<unknown>,
): Promise<number> {
  // Every part of one statement sees the table as it was before it, so `before` reads the old values.
  const result = await sql<{ n: number }>`
    with changed as (${update} returning o.id, o.name, o.phone, o.kk),
    before as (select o.id, o.name, o.phone, o.kk from owner o where o.id in (select id from changed)),
    audited as (
      insert into audit_log (actor_id, actor_label, action, entity, entity_id, old_values, new_values, request_id)
      select ${actor.id}::bigint, ${actor.label}::text, 'import_update', 'owner', c.id::text,
             jsonb_object_agg(f.field, f.old_shown), jsonb_object_agg(f.field, f.new_shown), ${requestId}::text
      from changed c join before b on b.id = c.id
      cross join lateral (values
        ('name', b.name, c.name, to_jsonb(b.name), to_jsonb(c.name)),
        ('phone', b.phone, c.phone, to_jsonb(b.phone), to_jsonb(c.phone)),
        ('kk', b.kk, c.kk, to_jsonb(${maskedKk('b.kk')}), to_jsonb(${maskedKk('c.kk')}))
      ) as f(field, old_value, new_value, old_shown, new_shown)
      where f.old_value is distinct from f.new_value
      group by c.id
    )
    select count(*)::int as n from changed`.execute(db);
  return result.rows[0]!.n;
}

export async function insertBusiness(db: Executor, values: Insertable<BusinessTable>) {
  return db.insertInto('business').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updateBusiness(db: Executor, id: number, values: Updateable<BusinessTable>) {
  return db.updateTable('business').set(values).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function findBusinessByKey(db: Executor, ownerId: number, nameKey: string) {
  return db
    .selectFrom('business')
    .selectAll()
    .where('owner_id', '=', ownerId)
    .where('name_key', '=', nameKey)
    .executeTakeFirst();
}

export async function findBusinessRow(db: Executor, id: number) {
  return db.selectFrom('business').selectAll().where('id', '=', id).executeTakeFirst();
}

function baseQuery(db: DB) {
  return db
    .selectFrom('business as b')
    .innerJoin('owner as o', 'o.id', 'b.owner_id')
    .innerJoin('area as kel', 'kel.code', 'b.kelurahan_code')
    .innerJoin('area as kec', 'kec.code', 'b.kecamatan_code');
}

/** One business with owner, area names, mentor and its report in `period`, if the access condition lets it through. */
export async function findBusinessView(db: DB, id: number, access: AccessCondition) {
  return baseQuery(db)
    .leftJoin('app_user as m', 'm.id', 'b.mentor_id')
    .selectAll('b')
    .select([
      'kel.name as kelurahan_name',
      'kec.name as kecamatan_name',
      'm.name as mentor_name',
      'o.nik as owner_nik',
      'o.name as owner_name',
      'o.phone as owner_phone',
      'o.kk as owner_kk',
      'o.gender as owner_gender',
      'o.birth_date as owner_birth_date',
      'o.user_id as owner_user_id',
      (eb) =>
        eb
          .selectFrom('business as ob')
          .whereRef('ob.owner_id', '=', 'b.owner_id')
          .where('ob.archived_at', 'is', null)
          .select((eb2) => eb2.fn.countAll<number>().as('n'))
          .as('owner_businesses'),
      (eb) =>
        eb
          .selectFrom('omzet_report as r')
          .whereRef('r.business_id', '=', 'b.id')
          .select(
            sql<string>`json_build_object('period', r.period, 'amount', r.amount, 'decline_x10', r.decline_x10)::text`.as(
              'j',
            ),
          )
          .orderBy('r.period', 'desc')
          .limit(1)
          .as('latest_json'),
      // Where it sells online, as the marketplace records it (decision 0018): an approved shop in this
      // marketplace, the marketplaces in the registry, online-sales milestones.
      sql<{ channel: string; since: string | null }[]>`(select coalesce(json_agg(
          json_build_object('channel', c.channel, 'since', c.since) order by c.channel), '[]'::json)
        from business_online_channel c where c.business_id = b.id)`.as('online_channels'),
    ])
    .where('b.id', '=', id)
    .where((eb) => access(eb as unknown as BusinessEB))
    .executeTakeFirst();
}
export type BusinessView = NonNullable<Awaited<ReturnType<typeof findBusinessView>>>;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, '\\$&');

/**
 * The businesses a list or export shows: access and filters only. The owner is left-joined (it always
 * exists) so that PostgreSQL drops the join when no filter names it, and a count reads one table.
 * `nikSearch` only for roles that may search by NIK.
 */
function filtered(
  db: DB,
  f: BusinessFilter & { period?: string },
  access: AccessCondition,
  nikSearch: boolean,
) {
  let q = db
    .selectFrom('business as b')
    .leftJoin('owner as o', 'o.id', 'b.owner_id')
    .where((eb) => access(eb as unknown as BusinessEB));
  if (f.archived === 'false') q = q.where('b.archived_at', 'is', null);
  if (f.archived === 'true') q = q.where('b.archived_at', 'is not', null);
  if (f.kecamatan) q = q.where('b.kecamatan_code', '=', f.kecamatan);
  if (f.kelurahan) q = q.where((eb) => withinScope(eb, 'b.kelurahan_code', f.kelurahan!));
  if (f.sector) q = q.where('b.sector', '=', f.sector);
  if (f.size) q = q.where('b.size_class', '=', f.size);
  if (f.legality) q = q.where(sql<boolean>`b.legality ? ${f.legality}`);
  if (f.online) {
    const sells = sql<boolean>`exists (select 1 from business_online_channel c where c.business_id = b.id)`;
    q = q.where(f.online === 'true' ? sells : sql<boolean>`not ${sells}`);
  }
  if (f.q) {
    const term = f.q.trim();
    const like = `%${escapeLike(term)}%`;
    const digits = term.replace(/[\s\-+]/g, '');
    // Each table is searched on its own (trigram indexes on both names, the phone and NIK indexes),
    // then the list keeps the businesses found or owned by an owner found: one OR across two joined
    // tables would test every business row against every condition instead.
    q = q.where((eb) => {
      const owners = eb
        .selectFrom('owner as so')
        .select('so.id')
        .where((e) => {
          const ors = [e('so.name', 'ilike', like)];
          if (/^\d{6,}$/.test(digits)) {
            const phone = digits.startsWith('62') ? `0${digits.slice(2)}` : digits;
            ors.push(e('so.phone', 'like', `${escapeLike(phone)}%`));
            if (nikSearch && digits.length === 16) ors.push(e('so.nik', '=', digits));
          }
          return e.or(ors);
        });
      const named = eb.selectFrom('business as sb').select('sb.id').where('sb.name', 'ilike', like);
      return eb.or([eb('b.id', 'in', named), eb('b.owner_id', 'in', owners)]);
    });
  }
  if (f.bucket && f.period) {
    const category = {
      grew: [1],
      lt20: [2, 3],
      d20_50: [4],
      d50_80: [5],
      gte80: [6],
      noBaseline: [0],
    } as const;
    if (f.bucket === 'noReport') {
      q = q.where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('omzet_report as r')
              .whereRef('r.business_id', '=', 'b.id')
              .where('r.period', '=', f.period!)
              .select('r.period'),
          ),
        ),
      );
    } else {
      const cats = category[f.bucket];
      q = q.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('omzet_report as r')
            .whereRef('r.business_id', '=', 'b.id')
            .where('r.period', '=', f.period!)
            .where('r.category', 'in', [...cats])
            .select('r.period'),
        ),
      );
    }
  }
  return q;
}

/**
 * Sort column and direction; ties go by id in the same direction, so that an index on (column, id)
 * serves both directions (business_name_sort_idx for the default sort). Only the nullable baseline
 * needs "nulls last".
 */
const ORDER: Record<BusinessListQuery['sort'], [column: string, direction: 'asc' | 'desc', nullable?: true]> =
  {
    // The report of the list's period (joined as `r`): turnover, and its change against the baseline —
    // `change` goes from the deepest fall up (the largest decline first), `-change` from the best growth down.
    turnover: ['r.amount', 'asc', true],
    '-turnover': ['r.amount', 'desc', true],
    change: ['r.decline_x10', 'desc', true],
    '-change': ['r.decline_x10', 'asc', true],
    name: ['b.name_key', 'asc'],
    '-name': ['b.name_key', 'desc'],
    created: ['b.id', 'asc'],
    '-created': ['b.id', 'desc'],
    baseline: ['b.baseline_omzet', 'asc', true],
    '-baseline': ['b.baseline_omzet', 'desc', true],
    kelurahan: ['b.kelurahan_code', 'asc'],
    '-kelurahan': ['b.kelurahan_code', 'desc'],
  };

/** Sorts that read the period's report, so the page's query joins it. */
const byReport = (sort: BusinessListQuery['sort']) => ORDER[sort][0].startsWith('r.');

function sorted<Q extends SelectQueryBuilder<Tables, 'b', object>>(q: Q, sort: BusinessListQuery['sort']): Q {
  const [column, direction, nullable] = ORDER[sort];
  const ordered = q.orderBy(sql.ref(column), (ob) => {
    const by = direction === 'asc' ? ob.asc() : ob.desc();
    return nullable ? by.nullsLast() : by;
  });
  if (column === 'b.id') return ordered as Q;
  // Ties (equal turnover, no report) keep one stable order: by id, ascending for the report's sorts.
  return ordered.orderBy('b.id', byReport(sort) ? 'asc' : direction) as Q;
}

/**
 * One page of the list and the number of matches. The page's rows are found first on the business
 * table alone (an index scan for the default sort, however deep the page), then only those rows are
 * joined to their owner and report: a deep page does not join the rows it skips. Area names come
 * from memory (areaNames): every join here costs PostgreSQL planning time on each request (two joins
 * on area doubled it, and joining the page back to business by id added a third).
 *
 * Both are kept until the database changes (decision 10), under keys made of what the queries are built
 * from (the access's key, NIK search, the filters, sort and page): the queries are built only when they
 * are computed, since building and compiling them cost more of the server's time than the rest of a
 * request that finds them kept.
 */
export async function listBusinesses(
  db: DB,
  f: BusinessListQuery & { period?: string },
  access: BusinessAccess,
  nikSearch: boolean,
  limit: number,
  offset: number,
  snapshot?: Promise<string>,
) {
  const { page: _page, pageSize: _pageSize, sort, ...filter } = f;
  const filterKey = `${access.key}:${nikSearch}:${JSON.stringify(filter)}`;
  const [rows, total] = await Promise.all([
    whileUnchanged(
      db,
      `businesses.page:${filterKey}:${sort}:${limit}:${offset}`,
      async () => (await db.executeQuery(pageQuery(db, f, access.condition, nikSearch, limit, offset))).rows,
      { weigh: (rows) => rows.length, snapshot },
    ),
    // The number of matches reads every matching row (all 76,000 for the first page of the whole city).
    whileUnchanged(
      db,
      `businesses.count:${filterKey}`,
      async () =>
        (
          await filtered(db, f, access.condition, nikSearch)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      { snapshot },
    ),
  ]);
  return { items: rows, total };
}

function pageQuery(
  db: DB,
  f: BusinessListQuery & { period?: string },
  access: AccessCondition,
  nikSearch: boolean,
  limit: number,
  offset: number,
) {
  const matching = filtered(db, f, access, nikSearch);
  const withReport = byReport(f.sort)
    ? (matching.leftJoin('omzet_report as r', (join) =>
        join.onRef('r.business_id', '=', 'b.id').on('r.period', '=', f.period ?? ''),
      ) as unknown as typeof matching)
    : matching;
  const page = sorted(
    withReport.select([
      'b.id',
      'b.name',
      'b.name_key',
      'b.sector',
      'b.kelurahan_code',
      'b.kecamatan_code',
      'b.size_class',
      'b.baseline_omzet',
      'b.legality',
      'b.archived_at',
      'b.owner_id',
    ]),
    f.sort,
  )
    .limit(limit)
    .offset(offset);
  return sorted(
    db
      .selectFrom(page.as('b'))
      .innerJoin('owner as o', 'o.id', 'b.owner_id')
      .leftJoin('omzet_report as r', (join) =>
        join.onRef('r.business_id', '=', 'b.id').on('r.period', '=', f.period ?? ''),
      )
      .select([
        'b.id',
        'b.name',
        'b.sector',
        'b.kelurahan_code',
        'b.kecamatan_code',
        'b.size_class',
        'b.baseline_omzet',
        'b.legality',
        'b.archived_at',
        'b.owner_id',
        'o.name as owner_name',
        'o.nik as owner_nik',
        'o.phone as owner_phone',
        'o.user_id as owner_user_id',
        'r.period',
        'r.amount',
        'r.decline_x10',
      ]),
    f.sort,
  ).compile();
}
export type BusinessListRow = Awaited<ReturnType<typeof listBusinesses>>['items'][number];

/** Every row matching the filter, in batches, for exports (never the whole table in memory at once). */
export function streamBusinesses(
  db: DB,
  f: BusinessFilter & { period?: string },
  access: AccessCondition,
  nikSearch: boolean,
  pageRows?: number,
) {
  return keysetPages(
    (after: number | undefined, limit) =>
      filtered(db, f, access, nikSearch)
        .innerJoin('area as kel', 'kel.code', 'b.kelurahan_code')
        .innerJoin('area as kec', 'kec.code', 'b.kecamatan_code')
        .leftJoin('omzet_report as r', (join) =>
          join.onRef('r.business_id', '=', 'b.id').on('r.period', '=', f.period ?? ''),
        )
        .selectAll('b')
        .select([
          'kel.name as kelurahan_name',
          'kec.name as kecamatan_name',
          // The owner always exists (owner_id is a required key); the left join only types it nullable.
          sql<string>`o.nik`.as('owner_nik'),
          sql<string>`o.name`.as('owner_name'),
          'o.phone as owner_phone',
          'o.kk as owner_kk',
          'o.user_id as owner_user_id',
          'r.period',
          'r.amount',
          'r.decline_x10',
        ])
        .where('b.id', '>', after ?? 0)
        .orderBy('b.id')
        .limit(limit)
        .execute(),
    (row) => row.id,
    pageRows,
  );
}

/**
 * The period lists and dashboards open on: the newest month in which at least half as many
 * businesses reported as in the busiest month (one early report for a new month does not move it).
 * The answer is kept until the database changes. When it changed, the city's rows of the histogram are
 * read through its key, period by period, for the periods `omzet_period` names (its triggers add every
 * period the histogram holds): scanning the whole histogram (367,000 rows, the kecamatan and sector
 * ones included) took 40 ms at full scale, and every list request that found the database changed
 * waited for it before its page.
 */
export async function latestPeriod(db: DB, snapshot?: Promise<string>): Promise<string | undefined> {
  return whileUnchanged(
    db,
    'businesses.latestPeriod',
    async () => {
      const r = await sql<{ period: string | null }>`
        with counts as (
          select period, sum(n) as n from omzet_stat
          where dim = 'city' and period = any(array(select period from omzet_period))
          group by period)
        select max(period) as period from counts where n * 2 >= (select max(n) from counts)`.execute(db);
      return r.rows[0]?.period ?? undefined;
    },
    { snapshot },
  );
}

export async function auditEntriesOf(db: DB, entity: string, entityId: string) {
  return db
    .selectFrom('audit_log')
    .select(['at', 'action', 'actor_label', 'old_values', 'new_values'])
    .where('entity', '=', entity)
    .where('entity_id', '=', entityId)
    .orderBy('id')
    .execute();
}
