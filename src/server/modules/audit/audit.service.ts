import { isSystemActor } from '../../../shared/actors.ts';
import type { DB } from '../../db/database.ts';
import type { TableColumn } from '../../files/table-writer.ts';
import type { Actor } from '../../http/guard.ts';
import {
  type AuditFilter,
  auditSubjects,
  type Executor,
  insertAuditEntries,
  listAuditEntries,
  streamAuditEntries,
} from './audit.repository.ts';
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

type Subjects = Awaited<ReturnType<typeof auditSubjects>>;
type Named = { name: string; path: string | null };

/** The record an entry is about, by name, with its page in the web app when it has one. */
function namesOf(subjects: Subjects) {
  const byId = new Map<string, Named>();
  const put = (entity: string, id: number, name: string, path: string | null) =>
    byId.set(`${entity}:${id}`, { name, path });
  for (const b of subjects.businesses) put('business', b.id, b.name, `/businesses/${b.id}`);
  for (const o of subjects.owners) put('owner', o.id, o.name, null);
  for (const u of subjects.users) put('user', u.id, u.name, null);
  for (const g of subjects.programs) put('aid_program', g.id, g.name, `/aid/${encodeURIComponent(g.code)}`);
  for (const p of subjects.proposals)
    put('aid_proposal', p.id, p.name, `/aid/${encodeURIComponent(p.code)}/proposals/${p.id}`);
  for (const i of subjects.institutions) put('institution', i.id, i.name, `/institutions/${i.id}`);
  for (const c of subjects.cases) put('mentoring_case', c.id, c.name, `/mentoring/cases/${c.id}`);
  const areas = new Map(subjects.areas.map((a) => [a.code, a.name]));
  return {
    entity: (row: AuditLogRow) => (row.entity_id ? byId.get(`${row.entity}:${row.entity_id}`) : undefined),
    area: (code: string | null) => (code ? (areas.get(code) ?? null) : null),
  };
}

export function toAuditDto(row: AuditLogRow, names?: ReturnType<typeof namesOf>) {
  const subject = names?.entity(row);
  return {
    entityName: subject?.name ?? null,
    entityPath: subject?.path ?? null,
    areaName: names?.area(row.area_code) ?? null,
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
  const names = namesOf(await auditSubjects(db, items));
  return { items: items.map((row) => toAuditDto(row, names)), total };
}

/** The one name of the server's own doings, wherever the log is read. */
export const SYSTEM_NAME = 'Sistem';

/** A recorded value as a person reads it: yes/no, empty as a dash, lists joined, records as `key: value`. */
function readable(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'ya' : 'tidak';
  if (Array.isArray(value)) return value.length ? value.map(readable).join(', ') : '—';
  if (typeof value === 'object')
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${readable(v)}`)
      .join('; ');
  return String(value);
}

/** An entry's change field by field: `field: before → after` for an update, `field: value` otherwise. */
export function readableChanges(oldValues: JsonRecord | null, newValues: JsonRecord | null): string {
  const fields = [...new Set([...Object.keys(oldValues ?? {}), ...Object.keys(newValues ?? {})])];
  return fields
    .map((field) => {
      if (oldValues && newValues)
        return `${field}: ${readable(oldValues[field])} → ${readable(newValues[field])}`;
      return `${field}: ${readable((newValues ?? oldValues)?.[field])}`;
    })
    .join('\n');
}

const EXPORT_COLUMNS: TableColumn[] = [
  { key: 'waktu', header: 'waktu', width: 20 },
  { key: 'pelaku', header: 'pelaku', width: 28 },
  { key: 'aksi', header: 'aksi', width: 16 },
  { key: 'jenis', header: 'jenis', width: 16 },
  { key: 'id', header: 'id', width: 10, text: true },
  { key: 'nama', header: 'nama', width: 32 },
  { key: 'wilayah', header: 'wilayah', width: 24 },
  { key: 'perubahan', header: 'perubahan', width: 80 },
  { key: 'permintaan', header: 'id_permintaan', width: 38 },
];

/**
 * The entries a filter chooses as a spreadsheet (names, area names, each change readable), streamed batch
 * by batch; the export itself is logged, saying what chose its rows. NIKs in the log are masked already.
 */
export async function exportAudit(
  db: DB,
  actor: Actor,
  filter: Omit<AuditFilter, 'limit' | 'offset'>,
  format: 'csv' | 'xlsx',
) {
  await recordAudit(db, actor, {
    action: 'export',
    entity: 'audit_log',
    newValues: {
      format,
      entity: filter.entity ?? null,
      action: filter.action ?? null,
      q: filter.q ?? null,
      from: filter.from ?? null,
      to: filter.to ?? null,
    },
  });
  const time = new Intl.DateTimeFormat('sv-SE', {
    timeZone: filter.timezone,
    dateStyle: 'short',
    timeStyle: 'medium',
  });
  async function* batches() {
    for await (const rows of streamAuditEntries(db, filter)) {
      const names = namesOf(await auditSubjects(db, rows));
      yield rows.map((row) => ({
        waktu: time.format(row.at),
        pelaku: isSystemActor(row.actor_label) ? SYSTEM_NAME : row.actor_label,
        aksi: row.action,
        jenis: row.entity,
        id: row.entity_id,
        nama: names.entity(row)?.name ?? null,
        wilayah: row.area_code ? (names.area(row.area_code) ?? row.area_code) : null,
        perubahan: readableChanges(row.old_values, row.new_values),
        permintaan: row.request_id,
      }));
    }
  }
  return { columns: EXPORT_COLUMNS, batches: batches() };
}
