import { sql } from 'kysely';
import { SECTOR_LABELS, type Sector } from '../../../shared/sectors.ts';
import type { DB } from '../../db/database.ts';
import { type TableColumn, writeTable } from '../../files/table-writer.ts';
import { forbidden } from '../../http/errors.ts';
import type { SessionUser } from '../../http/guard.ts';
import type { EventReportDto, ReportLineDto } from './events.schema.ts';

interface Counted {
  key: string | null;
  label: string | null;
  registered: number;
  attended: number;
}

const line = (r: Counted, fallback: string): ReportLineDto => ({
  key: r.key ?? '-',
  label: r.label ?? fallback,
  registered: r.registered,
  attended: r.attended,
  noShowRate:
    r.registered > 0 ? Math.round(((r.registered - r.attended) / r.registered) * 1000) / 1000 : null,
});

/**
 * Registered vs attended, by event, kecamatan and sector. "Registered" counts people who held a seat (not the
 * waitlist, not cancellations); the no-show rate counts events already over, so an upcoming event is not a
 * room full of no-shows.
 */
export async function eventReport(
  db: DB,
  user: SessionUser,
  range: { from?: string; to?: string },
): Promise<EventReportDto> {
  if (user.role !== 'admin' && user.role !== 'institution_admin') throw forbidden();
  const institution = user.role === 'institution_admin' ? (user.institutionId ?? -1) : null;
  const base = sql`
    select e.id as event_id, e.title, e.starts_at, r.checked_in_at, b.kecamatan_code, b.sector
    from event e
    join event_registration r on r.event_id = e.id and r.status = 'registered'
    left join business b on b.id = r.business_id
    where e.state <> 'draft' and e.ends_at < now()
      and (${institution}::bigint is null or e.institution_id = ${institution}::bigint)
      and (${range.from ?? null}::date is null or e.starts_at >= ${range.from ?? null}::date)
      and (${range.to ?? null}::date is null or e.starts_at < ${range.to ?? null}::date + 1)`;
  const group = async (
    key: ReturnType<typeof sql>,
    label: ReturnType<typeof sql>,
    order: ReturnType<typeof sql>,
  ) =>
    (
      await sql<Counted>`
        select ${key} as key, ${label} as label, count(*)::int as registered,
               count(x.checked_in_at)::int as attended
        from (${base}) x
        left join area a on a.code = x.kecamatan_code
        group by 1, 2 order by ${order}`.execute(db)
    ).rows;
  const [byEvent, byKecamatan, bySector, total] = await Promise.all([
    group(sql`x.event_id::text`, sql`x.title`, sql`min(x.starts_at) desc`),
    group(sql`x.kecamatan_code`, sql`a.name`, sql`1 nulls last`),
    group(sql`x.sector`, sql`x.sector`, sql`1 nulls last`),
    group(sql`'total'`, sql`'Jumlah'`, sql`1`),
  ]);
  return {
    byEvent: byEvent.map((r) => line(r, '')),
    byKecamatan: byKecamatan.map((r) => line(r, 'Tanpa data usaha')),
    bySector: bySector.map((r) =>
      line({ ...r, label: r.key ? (SECTOR_LABELS[r.key as Sector] ?? r.key) : null }, 'Tanpa data usaha'),
    ),
    total: line(total[0] ?? { key: 'total', label: 'Jumlah', registered: 0, attended: 0 }, 'Jumlah'),
  };
}

const COLUMNS: TableColumn[] = [
  { key: 'group', header: 'Kelompok', width: 14 },
  { key: 'label', header: 'Nama', width: 40 },
  { key: 'registered', header: 'Terdaftar', width: 12 },
  { key: 'attended', header: 'Hadir', width: 12 },
  { key: 'noShow', header: 'Tidak hadir (%)', width: 16 },
];

/** The report as one sheet: the three groupings one after the other, then the total. */
export function eventReportXlsx(report: EventReportDto) {
  const rows = (group: string, lines: ReportLineDto[]) =>
    lines.map((l) => ({
      group,
      label: l.label,
      registered: l.registered,
      attended: l.attended,
      noShow: l.noShowRate === null ? null : Math.round(l.noShowRate * 1000) / 10,
    }));
  async function* batches() {
    yield rows('Acara', report.byEvent);
    yield rows('Kecamatan', report.byKecamatan);
    yield rows('Sektor', report.bySector);
    yield rows('Jumlah', [report.total]);
  }
  return writeTable('xlsx', COLUMNS, batches(), 'Kehadiran acara');
}
