import { areaLevelOf, canonicalAreaCode, isWithinArea } from '../../../shared/area-code.ts';
import type { Config } from '../../config.ts';
import type { DB } from '../../db/database.ts';
import { localToday } from '../../http/dates.ts';
import { AppError, notFound } from '../../http/errors.ts';
import type { Actor } from '../../http/guard.ts';
import { findArea } from '../areas/areas.repository.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { deleteTarget, kelurahanOf, lockTargets, upsertTargets } from './rollout.repository.ts';
import type { RolloutInput, RolloutTargetDto } from './rollout.schema.ts';

/**
 * The rollout plan (decision 0016): per kelurahan a target number of businesses to reach (a case ever
 * opened) by the end of a target month, with linear progress expected from a start month. The office sets
 * them one kelurahan at a time or for every kelurahan of a kecamatan; every change is in the audit log.
 * Progress and "behind schedule" are computed with the coverage board (coverage.repository.ts).
 */

/** An area of the deployment of the given level, from a path parameter; a bad code is a field error. */
async function deploymentArea(db: DB, config: Config, input: string, level: 'district' | 'village') {
  const what = level === 'village' ? 'kelurahan' : 'kecamatan';
  const code = canonicalAreaCode(input);
  if (!code || areaLevelOf(code) !== level) {
    const message = `Kode ${what} "${input}" tidak sah.`;
    throw new AppError('AreaCodeInvalid', 400, message, { errors: [{ path: 'params.code', message }] });
  }
  const area = isWithinArea(code, config.deploymentArea) ? await findArea(db, code) : undefined;
  if (!area) throw notFound(`${what === 'kelurahan' ? 'Kelurahan' : 'Kecamatan'} ${code}`);
  return area;
}

function checkMonths(startMonth: string, targetMonth: string) {
  if (startMonth > targetMonth) {
    const message = 'Bulan mulai tidak boleh setelah bulan target.';
    throw new AppError('ValidationFailed', 400, message, { errors: [{ path: 'body.startMonth', message }] });
  }
}

async function setTargets(
  db: DB,
  config: Config,
  actor: Actor,
  areas: readonly { code: string; name: string }[],
  input: RolloutInput,
): Promise<RolloutTargetDto[]> {
  const thisMonth = localToday(config.timezone).slice(0, 7);
  if (input.startMonth) checkMonths(input.startMonth, input.targetMonth);
  return db.transaction().execute(async (trx) => {
    const before = new Map(
      (
        await lockTargets(
          trx,
          areas.map((a) => a.code),
        )
      ).map((t) => [t.kelurahan_code, t]),
    );
    const rows = areas.map((a) => {
      const old = before.get(a.code);
      // Without a start month: the one already set, else this month (a target already past starts with it).
      const start = input.startMonth ?? old?.start_month ?? thisMonth;
      const startMonth = start > input.targetMonth && !input.startMonth ? input.targetMonth : start;
      checkMonths(startMonth, input.targetMonth);
      return {
        kelurahan_code: a.code,
        target_businesses: input.targetBusinesses,
        target_month: input.targetMonth,
        start_month: startMonth,
      };
    });
    const saved = await upsertTargets(trx, rows, actor.id);
    await recordAudit(
      trx,
      actor,
      ...rows.map((r) => {
        const old = before.get(r.kelurahan_code);
        return {
          action: old ? 'update' : 'create',
          entity: 'rollout_target',
          entityId: r.kelurahan_code,
          areaCode: r.kelurahan_code,
          oldValues: old ? { ...old } : null,
          newValues: { ...r },
          keep: ['kelurahan_code'],
        };
      }),
    );
    const names = new Map(areas.map((a) => [a.code, a.name]));
    return saved
      .map((s) => ({
        kelurahanCode: s.kelurahan_code,
        kelurahanName: names.get(s.kelurahan_code) ?? s.kelurahan_code,
        targetBusinesses: s.target_businesses,
        targetMonth: s.target_month,
        startMonth: s.start_month,
        updatedAt: s.updated_at.toISOString(),
      }))
      .sort((a, b) => a.kelurahanCode.localeCompare(b.kelurahanCode));
  });
}

export async function setKelurahanTarget(
  db: DB,
  config: Config,
  actor: Actor,
  code: string,
  input: RolloutInput,
): Promise<RolloutTargetDto> {
  const area = await deploymentArea(db, config, code, 'village');
  const [saved] = await setTargets(db, config, actor, [area], input);
  return saved!;
}

/** The same target for every kelurahan of a kecamatan (each kelurahan gets the number, not a share of it). */
export async function setKecamatanTargets(
  db: DB,
  config: Config,
  actor: Actor,
  code: string,
  input: RolloutInput,
) {
  const kecamatan = await deploymentArea(db, config, code, 'district');
  const targets = await setTargets(db, config, actor, await kelurahanOf(db, kecamatan.code), input);
  return { kecamatanCode: kecamatan.code, targets };
}

export async function removeKelurahanTarget(db: DB, config: Config, actor: Actor, code: string) {
  const area = await deploymentArea(db, config, code, 'village');
  await db.transaction().execute(async (trx) => {
    const old = await deleteTarget(trx, area.code);
    if (!old) return;
    await recordAudit(trx, actor, {
      action: 'delete',
      entity: 'rollout_target',
      entityId: area.code,
      areaCode: area.code,
      oldValues: { ...old },
    });
  });
}
