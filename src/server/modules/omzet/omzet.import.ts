import { sql } from 'kysely';
import { isWithinArea } from '../../../shared/area-code.ts';
import { isValidPeriod, NIK_PROBLEM_MESSAGES, parseNik, parseRupiah } from '../../../shared/identity.ts';
import { OMZET_REQUIRED_COLUMNS } from '../../../shared/import-columns.ts';
import type { TabularRow } from '../../files/tabular.ts';
import { loadAreaLookups } from '../areas/areas.service.ts';
import {
  completeImport,
  countReasons,
  type ImportContext,
  type Importer,
  type Rejection,
} from '../imports/imports.service.ts';
import { ROW_PROBLEMS } from '../imports/row-problems.ts';
import { nameKey, type StageColumns, type StageValue, stageRows } from '../imports/stage.ts';
import { declineX10, omzetCategory } from './omzet.decline.ts';
import {
  adjustStatsForPairs,
  type HistogramKey,
  rebuildStats,
  writeHistogramDelta,
} from './omzet.stats.repository.ts';

/**
 * Contributions to the dashboard aggregate, counted in memory while the file is read: one count per
 * (month, kecamatan and sector, category, bin), spread over the city, kecamatan and sector rows of
 * the histogram only when written. Keys are small integers, because string keys cost seconds over
 * the 1.8M rows of a full load.
 */
class HistogramDelta {
  /**
   * Set once the load is large beside what the database holds (more than 50,000 reports and more
   * than a quarter of the existing ones): the merge then rebuilds the aggregate in one pass, which
   * costs no more than writing a delta of that size, and counting stops.
   */
  abandoned = false;
  #added = 0;
  #abandonAt: number;

  /** "kecamatan|sector" → a small number, remembered on each business as `statPair`. */
  #pairs = new Map<string, number>();
  #pairNames: [kecamatan: string, sector: string][] = [];
  /** month × 65,536 + pair → counts by category × 16,384 + bin + 10,000. */
  #counts = new Map<number, Map<number, number>>();
  #periods = new Map<number, string>();

  constructor(reportsBefore: number) {
    this.#abandonAt = Math.max(50_000, reportsBefore / 4);
  }

  /** `month`: months since 2000-01, as the caller has it; `period` the same as text. */
  add(month: number, period: string, business: IndexedBusiness, amount: number) {
    if (this.abandoned) return;
    if (++this.#added > this.#abandonAt) {
      this.abandoned = true;
      this.#counts.clear();
      return;
    }
    let pair = business.statPair;
    if (pair === undefined) {
      const name = `${business.kecamatan}|${business.sector}`;
      pair = this.#pairs.get(name);
      if (pair === undefined) {
        pair = this.#pairNames.length;
        this.#pairs.set(name, pair);
        this.#pairNames.push([business.kecamatan, business.sector]);
      }
      business.statPair = pair;
    }
    const group = month * 65_536 + pair;
    let counts = this.#counts.get(group);
    if (!counts) {
      counts = new Map();
      this.#counts.set(group, counts);
      this.#periods.set(month, period);
    }
    // bin lies in −10000 … 1000; category in 0 … 6.
    const key =
      omzetCategory(business.baseline, amount) * 16_384 +
      (declineX10(business.baseline, amount) ?? 0) +
      10_000;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }

  async write(db: Parameters<typeof writeHistogramDelta>[0]) {
    const totals = new Map<string, HistogramKey>();
    for (const [group, counts] of this.#counts) {
      const period = this.#periods.get(Math.floor(group / 65_536))!;
      const [kecamatan, sector] = this.#pairNames[group % 65_536]!;
      for (const [key, n] of counts) {
        const category = Math.floor(key / 16_384);
        const bin = (key % 16_384) - 10_000;
        for (const [dim, code] of [
          ['city', '*'],
          ['kecamatan', kecamatan],
          ['sector', sector],
        ] as const) {
          const id = `${period}|${dim}|${code}|${category}|${bin}`;
          const row = totals.get(id);
          if (row) row.n += n;
          else totals.set(id, { period, dim, code, category, bin, n });
        }
      }
    }
    await writeHistogramDelta(db, [...totals.values()]);
  }
}

export const OMZET_REJECTION_REASONS = {
  required_missing: ROW_PROBLEMS.required_missing,
  nik_invalid: ROW_PROBLEMS.nik_invalid,
  nik_numeric: ROW_PROBLEMS.nik_numeric,
  nik_unknown: 'NIK belum terdaftar sebagai pemilik usaha.',
  business_unknown: 'Usaha dengan nama ini tidak ditemukan untuk NIK tersebut.',
  business_ambiguous: 'Pemilik memiliki beberapa usaha; isi kolom nama_usaha.',
  outside_scope: 'Usaha ini di luar wilayah atau dampingan Anda.',
  period_invalid: 'Periode harus berbentuk YYYY-MM dan tidak boleh di masa depan.',
  money_invalid: 'Omzet harus bilangan bulat rupiah tidak negatif.',
} as const;
type Reason = keyof typeof OMZET_REJECTION_REASONS;

const STAGE: StageColumns = [
  ['row_number', 'integer'],
  ['business_id', 'bigint'],
  ['period', 'text'],
  ['amount', 'bigint'],
  ['repeat', 'boolean'],
];

interface IndexedBusiness {
  id: number;
  kelurahan: string;
  kecamatan: string;
  sector: string;
  baseline: number | null;
  mentor: number | null;
  /** Set by HistogramDelta: this business's kecamatan and sector as a small number. */
  statPair?: number;
}
interface OwnerBusinesses {
  byName: Map<string, IndexedBusiness>;
}

/** Every active business by owner NIK (merged owners' NIKs lead to the surviving owner's businesses). */
async function loadBusinessIndex(ctx: ImportContext) {
  const rows = await sql<{
    nik: string;
    id: number;
    name_key: string;
    kelurahan_code: string;
    kecamatan_code: string;
    sector: string;
    baseline_omzet: number | null;
    mentor_id: number | null;
  }>`
    select o.nik, b.id, b.name_key, b.kelurahan_code, b.kecamatan_code, b.sector, b.baseline_omzet, b.mentor_id
    from owner o join business b on b.owner_id = coalesce(o.merged_into_id, o.id)
    where b.archived_at is null`.execute(ctx.database.db);
  const index = new Map<string, OwnerBusinesses>();
  for (const r of rows.rows) {
    let entry = index.get(r.nik);
    if (!entry) {
      entry = { byName: new Map() };
      index.set(r.nik, entry);
    }
    entry.byName.set(r.name_key, {
      id: r.id,
      kelurahan: r.kelurahan_code,
      kecamatan: r.kecamatan_code,
      sector: r.sector,
      baseline: r.baseline_omzet,
      mentor: r.mentor_id,
    });
  }
  const owners = await sql<{ nik: string }>`select nik from owner`.execute(ctx.database.db);
  return { index, knownNik: new Set(owners.rows.map((o) => o.nik)) };
}

export const omzetImporter: Importer = {
  kind: 'omzet',
  spec: { required: OMZET_REQUIRED_COLUMNS, optional: ['nama_usaha'] },
  roles: ['admin', 'area_officer', 'mentor'],
  analyze: ['omzet_report', 'omzet_stat'],
  async run(ctx, batches, progress) {
    const { database, config } = ctx;
    const areas = await loadAreaLookups(database.db, config.deploymentArea);
    const { index, knownNik } = await loadBusinessIndex(ctx);
    const by = ctx.by;
    const today = new Date();
    const rejections: Rejection[] = [];
    const seen = new Set<number>();
    const reports = await sql<{ n: number }>`select count(*)::int as n from omzet_report`.execute(
      database.db,
    );
    const histogram = new HistogramDelta(reports.rows[0]!.n);

    const reject = (row: TabularRow, reason: Reason, detail?: string): null => {
      rejections.push({
        rowNumber: row.rowNumber,
        reason,
        message: detail ? `${OMZET_REJECTION_REASONS[reason]} ${detail}` : OMZET_REJECTION_REASONS[reason],
        data: Object.fromEntries(Object.entries(row.cells).map(([k, v]) => [k, v.text])),
      });
      return null;
    };

    function resolve(row: TabularRow): StageValue[] | null {
      const cells = row.cells;
      if (!cells.nik?.text || !cells.periode?.text || !cells.omzet?.text) {
        const missing = ['nik', 'periode', 'omzet'].filter((k) => !cells[k]?.text);
        return reject(row, 'required_missing', `(${missing.join(', ')})`);
      }
      if (cells.nik!.numeric) return reject(row, 'nik_numeric');
      const nikText = cells.nik!.text.trim();
      if (!knownNik.has(nikText)) {
        const parsed = parseNik(nikText, areas.regencyExists, today);
        if (!parsed.ok) return reject(row, 'nik_invalid', NIK_PROBLEM_MESSAGES[parsed.problem]);
        return reject(row, 'nik_unknown');
      }
      const period = cells.periode!.text.trim();
      if (!isValidPeriod(period, today)) return reject(row, 'period_invalid');
      const amount = parseRupiah(cells.omzet!.numeric ? Number(cells.omzet!.text) : cells.omzet!.text);
      if (amount === null) return reject(row, 'money_invalid');
      const owned = index.get(nikText);
      const name = cells.nama_usaha?.text.trim();
      let business: IndexedBusiness | undefined;
      if (name) business = owned?.byName.get(nameKey(name));
      else if (owned?.byName.size === 1) business = owned.byName.values().next().value;
      else if (owned && owned.byName.size > 1) return reject(row, 'business_ambiguous');
      if (!business) return reject(row, 'business_unknown');
      if (by?.role === 'area_officer' && !isWithinArea(business.kelurahan, by.areaCode ?? '-')) {
        return reject(row, 'outside_scope');
      }
      if (by?.role === 'mentor' && business.mentor !== by.id) return reject(row, 'outside_scope');
      // A business and month appearing twice: the later row wins (it is merged after the first).
      // Months since 2000 (isValidPeriod refuses earlier ones) fit in 12 bits: the key stays a small integer.
      const month = (Number(period.slice(0, 4)) - 2000) * 12 + Number(period.slice(5, 7)) - 1;
      const key = business.id * 4096 + month;
      const repeat = seen.has(key);
      seen.add(key);
      if (!repeat) histogram.add(month, period, business, amount);
      return [row.rowNumber, business.id, period, amount, repeat];
    }

    const total = await stageRows(database, ctx.stageTable, STAGE, batches, progress, resolve);
    return mergeReports(ctx, total, rejections, histogram);
  },
};

async function mergeReports(
  ctx: ImportContext,
  total: number,
  rejections: Rejection[],
  histogram: HistogramDelta,
) {
  const stage = sql.table(ctx.stageTable);
  await sql`analyze ${stage}`.execute(ctx.database.db);
  return ctx.database.db.transaction().execute(async (trx) => {
    const before = await sql<{ existing: number }>`
      select count(*)::int as existing from ${stage} s join omzet_report r using (business_id, period) where not s.repeat`.execute(
      trx,
    );
    const staged = await sql<{ n: number; firsts: number }>`
      select count(*)::int as n, count(*) filter (where not repeat)::int as firsts from ${stage}`.execute(
      trx,
    );
    const { existing } = before.rows[0]!;
    const { n, firsts } = staged.rows[0]!;
    // Large loads rebuild the aggregate in one set-based pass (its histogram has about as many rows
    // as a month-by-month load has reports); smaller ones apply the deltas counted while reading.
    const rebuild = histogram.abandoned;

    // Replaced reports whose amount changes: old beside new in the audit log.
    await sql`
      insert into audit_log (actor_id, actor_label, action, entity, entity_id, area_code, old_values, new_values, request_id)
      select ${ctx.actor.id}, ${ctx.actor.label}, 'import_update', 'omzet_report', r.business_id::text, b.kelurahan_code,
             jsonb_build_object('period', r.period, 'amount', r.amount, 'source', r.source),
             jsonb_build_object('period', s.period, 'amount', s.amount, 'source', 'import'), ${`import:${ctx.job.id}`}
      from (select distinct on (business_id, period) * from ${stage} order by business_id, period, row_number desc) s
      join omzet_report r using (business_id, period)
      join business b on b.id = r.business_id
      where r.amount <> s.amount`.execute(trx);

    // The aggregate: the reports replaced leave it, the first rows of each business and month enter it
    // (counted while reading), and the few repeated rows are applied as a correction afterwards.
    if (existing > 0 && !rebuild) {
      await adjustStatsForPairs(
        trx,
        -1,
        sql`(select s.business_id, s.period from ${stage} s join omzet_report r using (business_id, period) where not s.repeat)`,
      );
    }
    const upsert = (where: ReturnType<typeof sql>) => sql`
      insert into omzet_report (business_id, period, amount, source, category, decline_x10, reported_by)
      select s.business_id, s.period, s.amount, 'import', omzet_category(b.baseline_omzet, s.amount),
             omzet_decline_x10(b.baseline_omzet, s.amount), ${ctx.actor.id}
      from ${stage} s join business b on b.id = s.business_id
      where ${where}
      on conflict (business_id, period) do update set amount = excluded.amount, source = 'import',
        category = excluded.category, decline_x10 = excluded.decline_x10, reported_by = excluded.reported_by,
        updated_at = now()
      where (omzet_report.amount, omzet_report.source) is distinct from (excluded.amount, excluded.source)`;
    await upsert(sql`not s.repeat`).execute(trx);
    if (!rebuild) await histogram.write(trx);
    if (n > firsts && !rebuild) {
      const lastRepeats = sql`(select distinct on (business_id, period) row_number from ${stage} where repeat
                               order by business_id, period, row_number desc)`;
      const repeatPairs = sql`(select distinct business_id, period from ${stage} where repeat)`;
      await adjustStatsForPairs(trx, -1, repeatPairs);
      await upsert(sql`s.row_number in ${lastRepeats}`).execute(trx);
      await adjustStatsForPairs(trx, 1, repeatPairs);
    } else if (n > firsts) {
      await upsert(
        sql`s.row_number in (select distinct on (business_id, period) row_number from ${stage} where repeat
                             order by business_id, period, row_number desc)`,
      ).execute(trx);
    }
    if (rebuild) {
      await sql`analyze omzet_report, business`.execute(trx);
      await rebuildStats(trx);
    }

    const summary = {
      total,
      created: firsts - existing,
      updated: existing + (n - firsts),
      rejected: rejections.length,
      reasons: countReasons(rejections),
    };
    return completeImport(trx, ctx, summary, rejections);
  });
}
