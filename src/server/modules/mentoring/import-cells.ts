import type { TabularRow } from '../../files/tabular.ts';
import { EARLIEST_DATE } from '../../http/dates.ts';
import type { RejectionLog } from '../imports/rejections.ts';

/**
 * What the mentor and session imports read from a cell the same way: dates as offices type them, whole
 * minutes and counts, and a row's cells for the download of rejected rows.
 */

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?$/;
const DMY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/**
 * `YYYY-MM-DD` (also an XLSX date cell, which the reader gives in that form) or `DD/MM/YYYY` → `YYYY-MM-DD`;
 * null for anything else, a day that does not exist (31/02) or one before EARLIEST_DATE.
 */
export function parseFileDate(text: string): string | null {
  const t = text.trim();
  let y: number;
  let m: number;
  let d: number;
  const iso = ISO.exec(t);
  const dmy = iso ? null : DMY.exec(t);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (dmy) [y, m, d] = [Number(dmy[3]), Number(dmy[2]), Number(dmy[1])];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  const day = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return day < EARLIEST_DATE ? null : day;
}

/** A whole number 0 … max (an XLSX number cell `30` reads as "30"); null for negative, fractional or text. */
export function parseWhole(text: string, max: number): number | null {
  const t = text.trim();
  if (!/^\d{1,7}$/.test(t)) return null;
  const n = Number(t);
  return n <= max ? n : null;
}

/** The cells of a row that hold something, as the download of rejected rows shows them. */
export function filledCellsOf(row: TabularRow): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(row.cells)) if (v.text) out[k] = v.text;
  return out;
}

/** A trimmed cell's text ('' for a column the file lacks). */
export const cellText = (row: TabularRow, name: string) => row.cells[name]?.text.trim() ?? '';

/**
 * Adds the rows that the SQL of an import rejected to the log of those its reader rejected: the first ones
 * (by row number, as many as the log still keeps) with their cells, every one counted by reason.
 */
export function addStagedRejections(
  log: RejectionLog,
  kept: readonly { row_number: number; reason: string; data: string }[],
  counts: readonly { reason: string; n: number }[],
  messages: Readonly<Record<string, string>>,
) {
  for (const r of kept) {
    if (log.kept.length >= log.limit) break;
    log.kept.push({
      rowNumber: r.row_number,
      reason: r.reason,
      message: messages[r.reason] ?? r.reason,
      data: JSON.parse(r.data),
    });
  }
  for (const { reason, n } of counts) {
    log.count += n;
    log.reasons[reason] = (log.reasons[reason] ?? 0) + n;
  }
}
