import { z } from 'zod';
import type { ImportSummary } from '../server/modules/imports/imports.table.ts';
import { table } from './output.ts';

/** What one import did; the contract of `bangkit import … --json` and of each half of `seed --demo --json`. */
const ImportCountsSchema = z.object({
  total: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  rejected: z.number().int(),
  reasons: z.record(z.string(), z.number().int()),
  /** Rows that matched what is stored and changed nothing (mentors, sessions): total = created + updated + unchanged + rejected. */
  unchanged: z.number().int().optional(),
});
export type ImportCounts = z.infer<typeof ImportCountsSchema>;

/** The summary an importer returns, in the contract's shape and key order. */
export function importCounts(summary: ImportSummary): ImportCounts {
  return ImportCountsSchema.parse(summary);
}

const count = (n: number) => n.toLocaleString('en');

/** `1,204 rows: 1,200 created, 3 updated, 1 rejected` */
export function describeCounts(counts: ImportCounts): string {
  const rows = counts.total === 1 ? 'row' : 'rows';
  const unchanged = counts.unchanged === undefined ? '' : `, ${count(counts.unchanged)} unchanged`;
  return `${count(counts.total)} ${rows}: ${count(counts.created)} created, ${count(counts.updated)} updated${unchanged}, ${count(counts.rejected)} rejected`;
}

/** The rejected rows per reason, most frequent first, each with the message the office sees. */
export function reasonLines(counts: ImportCounts, messages: Readonly<Record<string, string>>): string[] {
  const rows = Object.entries(counts.reasons)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([reason, n]) => [reason, count(n), messages[reason] ?? '']);
  return table(['REASON', 'ROWS', 'MESSAGE'], rows);
}
