import { sql } from 'kysely';
import type { Session } from '../../db/database.ts';
import type { Executor } from '../audit/audit.repository.ts';
import type { ImportContext } from '../imports/imports.service.ts';
import { copyLine, type StageValue } from '../imports/stage.ts';
import { adjustStats, reclassifyReports } from '../omzet/omzet.stats.repository.ts';
import { updateOwnersAudited } from './businesses.repository.ts';

/*
 * The end of a registry import (businesses.import.ts), in its transaction: what the registry held
 * before, and new records the file named again, merged by set-based UPDATEs, each change audited.
 */

export interface FileOwner {
  /** Its id: the surviving owner's for a merged owner, reserved for a new one. */
  id: number;
  /** Held by the registry before this import. */
  kept: boolean;
  /** Held before, with no business inside the importer's scope: its rows may not change it. */
  outside: boolean;
  /** Name, phone and KK as the registry held them (kept owners). */
  stored: StageValue[];
  /** Name, phone and KK as the file's rows merged them. */
  values: StageValue[];
  /** Named again by a later row (a new owner) or kept: merged at the end. */
  dirty: boolean;
}

export interface FileBusiness {
  values: StageValue[];
  /** Held by the registry before this import. */
  kept: boolean;
  /** Named again by a later row or kept: merged at the end. */
  dirty: boolean;
}

/**
 * Owners and businesses the registry held before, and new ones the file named again: their merged
 * values go to temporary tables, and set-based UPDATEs apply them with the rules of every import.
 */
export async function mergeKept(
  ctx: ImportContext,
  session: Session,
  trx: Executor,
  owners: Map<string, FileOwner>,
  businesses: Map<string, FileBusiness>,
) {
  let ownerLines = '';
  for (const [nik, owner] of owners) if (owner.dirty) ownerLines += copyLine([nik, ...owner.values]);
  if (ownerLines) {
    await sql`create temp table import_owner (nik text, name text, phone text, kk text) on commit drop`.execute(
      trx,
    );
    await session.copyIn('import_owner', ['nik', 'name', 'phone', 'kk'], [ownerLines]);
    // Empty cells keep what is known; each owner changed is audited, old beside new.
    const updated = await updateOwnersAudited(
      trx,
      ctx.actor,
      `import:${ctx.job.id}`,
      sql`update owner o set name = t.name, phone = coalesce(t.phone, o.phone), kk = coalesce(t.kk, o.kk), updated_at = now()
        from import_owner t
        where o.nik = t.nik and (o.name, o.phone, o.kk) is distinct from (t.name, coalesce(t.phone, o.phone), coalesce(t.kk, o.kk))`,
    );
    ctx.changed('owner', updated);
  }

  let businessLines = '';
  for (const [key, b] of businesses) {
    if (!b.dirty) continue;
    const ownerId = Number(key.slice(0, key.indexOf('|')));
    businessLines += copyLine([ownerId, ...b.values.slice(7, 19), b.kept]);
  }
  if (!businessLines) return;
  await sql`
    create temp table import_business (owner_id bigint, business_name text, name_key text, sector text, kbli text,
      address text, kelurahan_code text, kecamatan_code text, capital bigint, annual_sales bigint, employees integer,
      baseline bigint, nib text, kept boolean) on commit drop`.execute(trx);
  await session.copyIn(
    'import_business',
    [
      'owner_id',
      'business_name',
      'name_key',
      'sector',
      'kbli',
      'address',
      'kelurahan_code',
      'kecamatan_code',
      'capital',
      'annual_sales',
      'employees',
      'baseline',
      'nib',
      'kept',
    ],
    [businessLines],
  );
  await sql`analyze import_business`.execute(trx);
  const stage = sql`(select t.*, b.id as business_id from import_business t
    join business b on b.owner_id = t.owner_id and b.name_key = t.name_key)`;
  await sql`
    create temp table import_before on commit drop as
    select b.id, b.name, b.sector, b.kbli, b.address, b.kelurahan_code, b.kecamatan_code, b.capital, b.annual_sales,
           b.employees, b.baseline_omzet, b.legality
    from business b where b.id in (select business_id from ${stage} s where s.kept)`.execute(trx);
  // Businesses whose change the dashboard aggregate sees: their reports leave it, change, and return.
  await sql`
    create temp table import_stat_changed on commit drop as
    select s.business_id from ${stage} s join business b on b.id = s.business_id
    where b.kecamatan_code <> s.kecamatan_code or b.sector <> s.sector
       or b.baseline_omzet is distinct from coalesce(s.baseline, b.baseline_omzet)`.execute(trx);
  const changedIds = sql`select business_id from import_stat_changed`;
  await adjustStats(trx, -1, changedIds);

  const updated = await sql`
    update business b set
      name = s.business_name, sector = s.sector, kbli = coalesce(s.kbli, b.kbli), address = coalesce(s.address, b.address),
      kelurahan_code = s.kelurahan_code, kecamatan_code = s.kecamatan_code, capital = coalesce(s.capital, b.capital),
      annual_sales = coalesce(s.annual_sales, b.annual_sales), employees = coalesce(s.employees, b.employees),
      baseline_omzet = coalesce(s.baseline, b.baseline_omzet),
      legality = b.legality || (case when s.nib is null then '{}'::jsonb else jsonb_build_object('nib', jsonb_build_object('number', s.nib)) end),
      updated_at = now()
    from ${stage} s
    where b.id = s.business_id
      and (b.name, b.sector, b.kbli, b.address, b.kelurahan_code, b.capital, b.annual_sales, b.employees, b.baseline_omzet, b.legality)
        is distinct from
          (s.business_name, s.sector, coalesce(s.kbli, b.kbli), coalesce(s.address, b.address), s.kelurahan_code,
           coalesce(s.capital, b.capital), coalesce(s.annual_sales, b.annual_sales), coalesce(s.employees, b.employees),
           coalesce(s.baseline, b.baseline_omzet),
           b.legality || (case when s.nib is null then '{}'::jsonb else jsonb_build_object('nib', jsonb_build_object('number', s.nib)) end))`.execute(
    trx,
  );
  ctx.changed('business', Number(updated.numAffectedRows ?? 0));

  const reclassified = await reclassifyReports(trx, changedIds);
  await adjustStats(trx, 1, changedIds);
  ctx.changed('omzet_report', reclassified);
  const moved = await sql<{ n: number }>`select count(*)::int as n from import_stat_changed`.execute(trx);
  ctx.changed('omzet_stat', moved.rows[0]!.n);

  // The audit trail: each business the registry held whose values changed, old beside new (one this
  // import created is not audited, whatever its later rows changed).
  await sql`
    insert into audit_log (actor_id, actor_label, action, entity, entity_id, area_code, old_values, new_values, request_id)
    select ${ctx.actor.id}, ${ctx.actor.label}, 'import_update', 'business', b.id::text, b.kelurahan_code,
           to_jsonb(o) - 'id', jsonb_build_object('name', b.name, 'sector', b.sector, 'kbli', b.kbli, 'address', b.address,
             'kelurahan_code', b.kelurahan_code, 'kecamatan_code', b.kecamatan_code, 'capital', b.capital,
             'annual_sales', b.annual_sales, 'employees', b.employees, 'baseline_omzet', b.baseline_omzet, 'legality', b.legality),
           ${`import:${ctx.job.id}`}
    from import_before o join business b on b.id = o.id
    where (to_jsonb(o) - 'id') is distinct from jsonb_build_object('name', b.name, 'sector', b.sector, 'kbli', b.kbli,
             'address', b.address, 'kelurahan_code', b.kelurahan_code, 'kecamatan_code', b.kecamatan_code,
             'capital', b.capital, 'annual_sales', b.annual_sales, 'employees', b.employees,
             'baseline_omzet', b.baseline_omzet, 'legality', b.legality)`.execute(trx);
}
