import type { DB } from '../../db/database.ts';
import type { Actor } from '../../http/guard.ts';
import { type AuditFilter, type Executor, insertAuditEntries, listAuditEntries } from './audit.repository.ts';
import type { AuditLogRow, JsonRecord } from './audit.table.ts';

/** Fields that never enter the audit log, whatever the entity. */
const SECRET_FIELDS = new Set(['password_hash', 'passwordHash', 'password', 'token']);

export interface AuditEntry {
  action: string;
  entity: string;
  entityId?: string | number | null;
  areaCode?: string | null;
  oldValues?: JsonRecord | null;
  newValues?: JsonRecord | null;
  /** Fields kept on both sides even when unchanged (what identifies the change, e.g. a report's period). */
  keep?: readonly string[];
}

/**
 * Records a change in the same transaction as the change itself (pass the transaction as `db`).
 * For an update only the fields that changed are kept, old beside new.
 */
export async function recordAudit(db: Executor, actor: Actor, ...entries: AuditEntry[]) {
  await insertAuditEntries(
    db,
    entries.map((e) => {
      const [oldValues, newValues] = changedFields(clean(e.oldValues), clean(e.newValues), e.keep ?? []);
      return {
        actor_id: actor.id,
        actor_label: actor.label,
        action: e.action,
        entity: e.entity,
        entity_id: e.entityId == null ? null : String(e.entityId),
        area_code: e.areaCode ?? null,
        old_values: oldValues ? JSON.stringify(oldValues) : null,
        new_values: newValues ? JSON.stringify(newValues) : null,
        request_id: actor.requestId ?? null,
        ip: actor.ip ?? null,
      };
    }),
  );
}

function clean(values: JsonRecord | null | undefined): JsonRecord | null {
  if (!values) return null;
  const out: JsonRecord = {};
  for (const [k, v] of Object.entries(values)) if (!SECRET_FIELDS.has(k) && v !== undefined) out[k] = v;
  return out;
}

function changedFields(oldValues: JsonRecord | null, newValues: JsonRecord | null, keep: readonly string[]) {
  if (!oldValues || !newValues) return [oldValues, newValues] as const;
  const before: JsonRecord = {};
  const after: JsonRecord = {};
  for (const key of new Set([...Object.keys(oldValues), ...Object.keys(newValues)])) {
    if (keep.includes(key) || JSON.stringify(oldValues[key]) !== JSON.stringify(newValues[key])) {
      before[key] = oldValues[key] ?? null;
      after[key] = newValues[key] ?? null;
    }
  }
  return [before, after] as const;
}

export function toAuditDto(row: AuditLogRow) {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actorId: row.actor_id,
    actorLabel: row.actor_label,
    action: row.action,
    entity: row.entity,
    entityId: row.entity_id,
    areaCode: row.area_code,
    oldValues: row.old_values,
    newValues: row.new_values,
    requestId: row.request_id,
    ip: row.ip,
  };
}

export async function searchAudit(db: DB, filter: AuditFilter) {
  const { items, total } = await listAuditEntries(db, filter);
  return { items: items.map(toAuditDto), total };
}
