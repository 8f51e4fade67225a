import { type Kysely, sql } from 'kysely';

// Frozen in time: never import application code here.
//
// "Businesses selling online" on the coverage board (decision 0025), kept like the board's other figures
// (decision 0022): maintained aggregates, exact after every write by statement-level triggers with transition
// tables on every table the view `business_online_channel` (migration 100) reads.
//
// - agg_business_online: each registered business (not archived) with at least one channel in the view, with its
//   kelurahan: what was counted, so a write knows what to take away.
// - agg_kelurahan_online: per kelurahan, how many (rows with 0 are removed).
//
// A write recomputes, for the businesses it touched, "not archived and at least one channel" from the view itself
// (one definition: the business list's filter reads the same view), compares it with what was counted and applies
// the difference: one set-based statement per written batch, the view probed by business id.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table agg_business_online (business_id bigint primary key, kelurahan_code text not null)`.execute(
    db,
  );
  await sql`
    create table agg_kelurahan_online (kelurahan_code text primary key, businesses integer not null)`.execute(
    db,
  );

  // The businesses `ids` recounted: the view is read with `business_id = any(ids)`, which the planner pushes into
  // each branch of the view (an index probe of shop, business and milestone by business id). One statement (no
  // temporary table: creating one in every writing transaction would cost more than the recount).
  await sql`
    create function agg_refresh_online(ids bigint[]) returns void language sql as $$
      with counted as (
        select b.id, b.kelurahan_code
        from business b
        where b.id = any(ids) and b.archived_at is null
          and b.id in (select c.business_id from business_online_channel c where c.business_id = any(ids))
      ),
      changed as (
        select k.id, o.kelurahan_code as old_kelurahan, n.kelurahan_code as new_kelurahan
        from (select distinct unnest(ids) as id) k
        left join agg_business_online o on o.business_id = k.id
        left join counted n on n.id = k.id
        where o.kelurahan_code is distinct from n.kelurahan_code
      ),
      removed as (
        delete from agg_business_online a using changed c
        where a.business_id = c.id and c.new_kelurahan is null
      ),
      added as (
        insert into agg_business_online (business_id, kelurahan_code)
        select id, new_kelurahan from changed where new_kelurahan is not null
        on conflict (business_id) do update set kelurahan_code = excluded.kelurahan_code
      )
      insert into agg_kelurahan_online as a (kelurahan_code, businesses)
      select code, sum(n) from (
        select old_kelurahan as code, -1 as n from changed where old_kelurahan is not null
        union all
        select new_kelurahan, 1 from changed where new_kelurahan is not null) d
      group by 1
      on conflict (kelurahan_code) do update set businesses = a.businesses + excluded.businesses;
      -- A kelurahan whose last one stopped has no row (at most 104 rows to look at).
      delete from agg_kelurahan_online where businesses = 0;
    $$`.execute(db);

  // One trigger function per table the view reads. An update counts only when what the view or the count reads
  // changed: a shop's state or business; a business's marketplaces, archive or kelurahan; a milestone's kind,
  // channel or business. (A milestone verified or confirmed changes none of them: the view counts a recorded
  // online-sales milestone with a channel, verified or not.)
  const watched: [table: string, business: string, columns: string][] = [
    ['shop', 'business_id', 'x.business_id, x.state'],
    ['business', 'id', `x.id, x.archived_at is null, x.kelurahan_code, x.online->'marketplaces'`],
    ['milestone', 'business_id', `x.business_id, x.kind, x.details->>'channel'`],
  ];
  for (const [table, business, columns] of watched) {
    const of = (alias: string) => columns.replaceAll('x.', `${alias}.`);
    await sql
      .raw(`
      create function agg_online_${table}_trg() returns trigger language plpgsql as $$
      declare ids bigint[];
      begin
        if tg_op = 'INSERT' then
          ids := array(select distinct ${business} from new_rows);
        elsif tg_op = 'DELETE' then
          ids := array(select distinct ${business} from old_rows);
        else
          ids := array(
            select o.${business} from new_rows n join old_rows o on o.id = n.id
            where (${of('o')}) is distinct from (${of('n')})
            union
            select n.${business} from new_rows n join old_rows o on o.id = n.id
            where (${of('o')}) is distinct from (${of('n')}));
        end if;
        if cardinality(ids) > 0 then perform agg_refresh_online(ids); end if;
        return null;
      end $$`)
      .execute(db);
    for (const event of ['insert', 'update', 'delete']) {
      const referencing =
        event === 'insert'
          ? 'new table as new_rows'
          : event === 'delete'
            ? 'old table as old_rows'
            : 'old table as old_rows new table as new_rows';
      await sql
        .raw(`create trigger ${table}_agg_online_${event} after ${event} on ${table}
              referencing ${referencing} for each statement execute function agg_online_${table}_trg()`)
        .execute(db);
    }
  }

  // `bangkit mentoring rebuild-aggregates` runs agg_rebuild(): the mentoring aggregates of migration 080 (kept
  // under their own name) and these.
  await sql`alter function agg_rebuild() rename to agg_rebuild_mentoring`.execute(db);
  await sql`
    create function agg_rebuild_online() returns void language sql as $$
      truncate agg_business_online, agg_kelurahan_online;
      insert into agg_business_online (business_id, kelurahan_code)
      select b.id, b.kelurahan_code from business b
      where b.archived_at is null
        and b.id in (select c.business_id from business_online_channel c);
      insert into agg_kelurahan_online (kelurahan_code, businesses)
      select kelurahan_code, count(*) from agg_business_online group by 1;
    $$`.execute(db);
  await sql`
    create function agg_rebuild() returns void language sql as $$
      select agg_rebuild_mentoring();
      select agg_rebuild_online();
    $$`.execute(db);

  // What is already there: computed once, from the sources.
  await sql`select agg_rebuild_online()`.execute(db);
}
