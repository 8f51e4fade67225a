import type { Executor } from '../audit/audit.repository.ts';

export interface RolloutValues {
  target_businesses: number;
  target_month: string;
  start_month: string;
}

/** The targets of these kelurahan, read under a lock so two edits of one kelurahan do not interleave. */
export async function lockTargets(db: Executor, codes: readonly string[]) {
  if (codes.length === 0) return [];
  return db
    .selectFrom('rollout_target')
    .select(['kelurahan_code', 'target_businesses', 'target_month', 'start_month'])
    .where('kelurahan_code', 'in', codes)
    .forUpdate()
    .execute();
}

/** Sets the targets of many kelurahan in one statement. */
export async function upsertTargets(
  db: Executor,
  rows: readonly (RolloutValues & { kelurahan_code: string })[],
  updatedBy: number | null,
) {
  if (rows.length === 0) return [];
  return db
    .insertInto('rollout_target')
    .values(rows.map((r) => ({ ...r, updated_by: updatedBy })))
    .onConflict((oc) =>
      oc.column('kelurahan_code').doUpdateSet((eb) => ({
        target_businesses: eb.ref('excluded.target_businesses'),
        target_month: eb.ref('excluded.target_month'),
        start_month: eb.ref('excluded.start_month'),
        updated_by: eb.ref('excluded.updated_by'),
        updated_at: new Date(),
      })),
    )
    .returning(['kelurahan_code', 'target_businesses', 'target_month', 'start_month', 'updated_at'])
    .execute();
}

export async function deleteTarget(db: Executor, code: string) {
  return db
    .deleteFrom('rollout_target')
    .where('kelurahan_code', '=', code)
    .returning(['kelurahan_code', 'target_businesses', 'target_month', 'start_month'])
    .executeTakeFirst();
}

/** The kelurahan of a kecamatan, by code. */
export async function kelurahanOf(db: Executor, kecamatan: string) {
  return db
    .selectFrom('area')
    .select(['code', 'name'])
    .where('parent_code', '=', kecamatan)
    .where('level', '=', 4)
    .orderBy('code')
    .execute();
}
