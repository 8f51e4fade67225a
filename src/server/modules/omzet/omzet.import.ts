import { sql } from 'kysely';
import { isWithinArea } from '../../../shared/area-code.ts';
import { isValidPeriod, NIK_PROBLEM_MESSAGES, parseNik, parseRupiah } from '../../../shared/identity.ts';
import { IMPORT_COLUMNS } from '../../../shared/import-columns.ts';
import type { Session } from '../../db/database.ts';
import type { TabularRow } from '../../files/tabular.ts';
import { loadAreaLookups } from '../areas/areas.service.ts';
import type { Executor } from '../audit/audit.repository.ts';
import { completeImport, type ImportContext, type Importer } from '../imports/imports.service.ts';
import { RejectionLog } from '../imports/rejections.ts';
import { ROW_PROBLEMS } from '../imports/row-problems.ts';
import { nameKey } from '../imports/stage.ts';
import { declineX10, omzetCategory } from './omzet.decline.ts';
import {
  copyHistogram,
  type HistogramKey,
  lockForBulkLoad,
  statsAreEmpty,
  writeHistogramDelta,
} from './omzet.stats.repository.ts';

/*
 * A turnover file is merged in ONE transaction that is open while the file is read: each report that
 * replaces nothing is COPYed straight into omzet_report as its row is read, so that PostgreSQL stores
 * rows on one core while this thread reads and validates the next ones on the other. Reports that
 * replace one already kept (and rows repeating a business and month) are applied at the end by one
 * UPDATE, with the audit trail of those whose amount changed. The dashboard histogram is counted here
 * while reading, exactly (the same integer classification as the SQL functions), and written once.
 */

/** Months since 2000-01 (isValidPeriod refuses earlier ones): fits in 12 bits. */
const MONTH_BITS = 4096;
const PERIODS: string[] = [];
/** 'YYYY-MM' of a month, each made once. */
const periodOfMonth = (month: number) =>
  (PERIODS[month] ??= `${2000 + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`);
/**
 * The (category, bin) of a report as one small integer: bin lies in −10000 … 1000, category in 0 … 6,
 * so month × 131,072 + class stays a small integer (a Map key that costs no allocation).
 */
const CLASS_BITS = 131_072;
const classOf = (baseline: number | null, amount: number) =>
  omzetCategory(baseline, amount) * 16_384 + (declineX10(baseline, amount) ?? 0) + 10_000;

/**
 * Contributions to the dashboard aggregate, counted while reading: per month and class, for the city,
 * each kecamatan and each sector, in Maps keyed by small integers (string keys cost seconds over the
 * 1.8M rows of a full load).
 */
class HistogramCounts {
  #city = new Map<number, number>();
  #byCode = {
    kecamatan: new Map<string, Map<number, number>>(),
    sector: new Map<string, Map<number, number>>(),
  };

  add(month: number, business: IndexedBusiness, cls: number, n: 1 | -1) {
    const key = month * CLASS_BITS + cls;
    business.statKecamatan ??= this.#counts('kecamatan', business.kecamatan);
    business.statSector ??= this.#counts('sector', business.sector);
    this.#city.set(key, (this.#city.get(key) ?? 0) + n);
    business.statKecamatan.set(key, (business.statKecamatan.get(key) ?? 0) + n);
    business.statSector.set(key, (business.statSector.get(key) ?? 0) + n);
  }

  #counts(dim: 'kecamatan' | 'sector', code: string) {
    let counts = this.#byCode[dim].get(code);
    if (!counts) {
      counts = new Map();
      this.#byCode[dim].set(code, counts);
    }
    return counts;
  }

  /**
   * The histogram rows these counts add up to, without the ones that cancel out, in the order of the
   * table's key (period, dim, code, category, bin): its index then grows at its right edge, which
   * PostgreSQL fills fastest.
   */
  rows(): HistogramKey[] {
    const groups: {
      dim: HistogramKey['dim'];
      code: string;
      keys: Float64Array;
      counts: Map<number, number>;
    }[] = [];
    const byCode = (dim: 'kecamatan' | 'sector') =>
      [...this.#byCode[dim]].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [dim, code, counts] of [
      ['city', '*', this.#city] as const,
      ...byCode('kecamatan').map(([code, counts]) => ['kecamatan', code, counts] as const),
      ...byCode('sector').map(([code, counts]) => ['sector', code, counts] as const),
    ]) {
      // month × CLASS_BITS + class: numeric order is period, then category, then bin.
      groups.push({ dim, code, counts, keys: Float64Array.from(counts.keys()).sort() });
    }
    const out: HistogramKey[] = [];
    const next = groups.map(() => 0);
    const months = [...new Set(Array.from(this.#city.keys(), (k) => Math.floor(k / CLASS_BITS)))].sort(
      (a, b) => a - b,
    );
    for (const month of months) {
      const period = periodOfMonth(month);
      groups.forEach((g, i) => {
        let at = next[i]!;
        for (; at < g.keys.length && Math.floor(g.keys[at]! / CLASS_BITS) === month; at++) {
          const key = g.keys[at]!;
          const n = g.counts.get(key)!;
          if (n === 0) continue;
          const cls = key % CLASS_BITS;
          out.push({
            period,
            dim: g.dim,
            code: g.code,
            category: Math.floor(cls / 16_384),
            bin: (cls % 16_384) - 10_000,
            n,
          });
        }
        next[i] = at;
      });
    }
    return out;
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

interface IndexedBusiness {
  id: number;
  kelurahan: string;
  kecamatan: string;
  sector: string;
  baseline: number | null;
  mentor: number | null;
  /** Set by HistogramCounts: the counts of this business's kecamatan and sector. */
  statKecamatan?: Map<number, number>;
  statSector?: Map<number, number>;
  /** Set while reading: `id` and a tab, the start of its COPY lines. */
  copyPrefix?: string;
  /** Set by FileReports: a bit per month (since 2000-01) the file reports on for this business. */
  monthsSeen?: Uint32Array;
}
interface OwnerBusinesses {
  byName: Map<string, IndexedBusiness>;
}

/** Every active business by owner NIK (merged owners' NIKs lead to the surviving owner's businesses). */
async function loadBusinessIndex(db: Executor) {
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
    where b.archived_at is null`.execute(db);
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
  const owners = await sql<{ nik: string }>`select nik from owner`.execute(db);
  return { index, knownNik: new Set(owners.rows.map((o) => o.nik)) };
}

/** A report already kept for a (business, month) of the file, as it was before the import. */
interface KeptReport {
  amount: number;
  source: string;
  cls: number;
}

/**
 * The kept reports among (business, month) keys, read on a connection of the pool (see `run`). A file
 * lists each business's months together, so a batch names a few hundred businesses over the same
 * months: they are asked for as businesses over the batch's months, one index descent per business
 * instead of one per key (a 912,000-row file into a table holding reports: 2.5 s → ~0.1 s). Rows of
 * other keys in that range come back too and are never asked about. When the keys are spread thin over
 * the months, so that the range would hold many more rows than keys, they are asked for one by one.
 */
async function keptReports(db: Executor, keys: readonly number[]) {
  const ids = new Set<number>();
  let first = MONTH_BITS;
  let last = 0;
  for (const k of keys) {
    ids.add(Math.floor(k / MONTH_BITS));
    const month = k % MONTH_BITS;
    if (month < first) first = month;
    if (month > last) last = month;
  }
  const byBusiness = ids.size * (last - first + 1) <= 2 * keys.length;
  const result = await sql<{
    business_id: number;
    period: string;
    amount: number;
    source: string;
    category: number;
    decline_x10: number | null;
  }>`
    select r.business_id, r.period, r.amount, r.source, r.category, r.decline_x10
    ${
      byBusiness
        ? sql`from omzet_report r
          where r.business_id = any(${[...ids]}::bigint[])
            and r.period between ${periodOfMonth(first)} and ${periodOfMonth(last)}`
        : sql`from unnest(${keys.map((k) => Math.floor(k / MONTH_BITS))}::bigint[],
                          ${keys.map((k) => periodOfMonth(k % MONTH_BITS))}::text[]) as k(business_id, period)
          join omzet_report r using (business_id, period)`
    }`.execute(db);
  const kept = new Map<number, KeptReport>();
  for (const r of result.rows) {
    const month = (Number(r.period.slice(0, 4)) - 2000) * 12 + Number(r.period.slice(5, 7)) - 1;
    kept.set(r.business_id * MONTH_BITS + month, {
      amount: r.amount,
      source: r.source,
      cls: r.category * 16_384 + (r.decline_x10 ?? 0) + 10_000,
    });
  }
  return kept;
}

/**
 * Every (business, month) of the file once, in the order first seen, in flat arrays (no object per
 * report over 1.8M rows): the last row's amount, and what was COPYed or kept for it.
 */
class FileReports {
  /** Key → slot, made only when the file repeats a key (rare). */
  #slotOf: Map<number, number> | undefined;
  /** business id × MONTH_BITS + month, by slot. */
  readonly key: number[] = [];
  /** The amount of the last row of the file. */
  readonly amount: number[] = [];
  /** The amount COPYed with the first row, or −1 when a kept report was found instead. */
  readonly copied: number[] = [];
  /** Reports kept before the import, by slot. */
  readonly kept = new Map<number, KeptReport>();
  /** Slots whose final row may differ from what the table holds: kept reports and repeated keys. */
  readonly dirty = new Set<number>();
  /** Rows accepted (repeats included). */
  accepted = 0;

  /** The slot of a key seen before, else undefined. */
  slotOf(business: IndexedBusiness, month: number): number | undefined {
    const bits = business.monthsSeen;
    if (!bits || month >> 5 >= bits.length || !(bits[month >> 5]! & (1 << (month & 31)))) return undefined;
    if (!this.#slotOf) {
      this.#slotOf = new Map();
      for (let slot = 0; slot < this.key.length; slot++) this.#slotOf.set(this.key[slot]!, slot);
    }
    return this.#slotOf.get(business.id * MONTH_BITS + month);
  }

  add(business: IndexedBusiness, month: number, amount: number, copied: number): number {
    let bits = business.monthsSeen;
    if (!bits || month >> 5 >= bits.length) {
      const grown = new Uint32Array(Math.max((month >> 5) + 1, 12));
      if (bits) grown.set(bits);
      bits = grown;
      business.monthsSeen = bits;
    }
    bits[month >> 5]! |= 1 << (month & 31);
    const slot = this.key.length;
    const key = business.id * MONTH_BITS + month;
    this.#slotOf?.set(key, slot);
    this.key.push(key);
    this.amount.push(amount);
    this.copied.push(copied);
    return slot;
  }
}

/** COPY's text format of one new report: every value is a number or a validated period. */
const REPORT_COLUMNS = [
  'business_id',
  'period',
  'amount',
  'source',
  'category',
  'decline_x10',
  'reported_by',
] as const;

export const omzetImporter: Importer = {
  kind: 'omzet',
  spec: IMPORT_COLUMNS.omzet,
  roles: ['admin', 'area_officer', 'mentor'],
  async run(ctx, batches, progress) {
    return ctx.database.session((session) =>
      session.db.transaction().execute(async (trx) => {
        // Writers of reports and of the aggregate wait until this import ends (readers do not): what is
        // read below (businesses, kept reports, the histogram) stays true until the commit.
        await lockForBulkLoad(trx);
        return mergeFile(ctx, session, trx, batches, progress);
      }),
    );
  },
};

async function mergeFile(
  ctx: ImportContext,
  session: Session,
  trx: Executor,
  batches: AsyncIterable<TabularRow[]>,
  progress: (rowsRead: number) => Promise<void>,
) {
  const { database, config } = ctx;
  const areas = await loadAreaLookups(trx, config.deploymentArea);
  const { index, knownNik } = await loadBusinessIndex(trx);
  const hadReports = Boolean(
    (await sql<{ one: number }>`select 1 as one from omzet_report limit 1`.execute(trx)).rows.length,
  );
  const statsEmpty = await statsAreEmpty(trx);
  const by = ctx.by;
  const today = new Date();
  const rejections = new RejectionLog(config.importRejectionsKept);
  const reports = new FileReports();
  const histogram = new HistogramCounts();
  const reportedBy = ctx.actor.id ?? '\\N';
  /** Period text → months since 2000, or −1 when invalid: the file holds few distinct periods. */
  const months = new Map<string, number>();
  let total = 0;

  const reject = (row: TabularRow, reason: Reason, detail?: string): null => {
    rejections.add(reason, () => ({
      rowNumber: row.rowNumber,
      message: detail ? `${OMZET_REJECTION_REASONS[reason]} ${detail}` : OMZET_REJECTION_REASONS[reason],
      data: Object.fromEntries(Object.entries(row.cells).map(([k, v]) => [k, v.text])),
    }));
    return null;
  };

  function monthOf(period: string) {
    let month = months.get(period);
    if (month === undefined) {
      month = isValidPeriod(period, today)
        ? (Number(period.slice(0, 4)) - 2000) * 12 + Number(period.slice(5, 7)) - 1
        : -1;
      if (months.size < 10_000) months.set(period, month);
    }
    return month;
  }

  // One row's business, month and amount, set by resolve(); arrays reused batch after batch.
  const rowBusiness: (IndexedBusiness | null)[] = [];
  const rowMonth: number[] = [];
  const rowAmount: number[] = [];
  let lastName = '';
  let lastNameKey = '';

  /** Sets the business, month and amount of row `i` of the batch, or a null business when it is rejected. */
  function resolve(row: TabularRow, i: number): void {
    rowBusiness[i] = null;
    const cells = row.cells;
    if (!cells.nik?.text || !cells.periode?.text || !cells.omzet?.text) {
      const missing = ['nik', 'periode', 'omzet'].filter((k) => !cells[k]?.text);
      return void reject(row, 'required_missing', `(${missing.join(', ')})`);
    }
    if (cells.nik.numeric) return void reject(row, 'nik_numeric');
    const nikText = cells.nik.text;
    if (!knownNik.has(nikText)) {
      const parsed = parseNik(nikText, areas.regencyExists, today);
      if (!parsed.ok) return void reject(row, 'nik_invalid', NIK_PROBLEM_MESSAGES[parsed.problem]);
      return void reject(row, 'nik_unknown');
    }
    const month = monthOf(cells.periode.text);
    if (month < 0) return void reject(row, 'period_invalid');
    const amount = parseRupiah(cells.omzet.numeric ? Number(cells.omzet.text) : cells.omzet.text);
    if (amount === null) return void reject(row, 'money_invalid');
    const owned = index.get(nikText);
    const name = cells.nama_usaha?.text;
    let business: IndexedBusiness | undefined;
    if (name) {
      // A file lists a business's months one after another: its name's key is made once.
      if (name !== lastName) {
        lastName = name;
        lastNameKey = nameKey(name);
      }
      business = owned?.byName.get(lastNameKey);
    } else if (owned?.byName.size === 1) business = owned.byName.values().next().value;
    else if (owned && owned.byName.size > 1) return void reject(row, 'business_ambiguous');
    if (!business) return void reject(row, 'business_unknown');
    if (by?.role === 'area_officer' && !isWithinArea(business.kelurahan, by.areaCode ?? '-')) {
      return void reject(row, 'outside_scope');
    }
    if (by?.role === 'mentor' && business.mentor !== by.id) return void reject(row, 'outside_scope');
    rowBusiness[i] = business;
    rowMonth[i] = month;
    rowAmount[i] = amount;
  }

  const lineEnd = `\t${reportedBy}\n`;

  /** COPY lines of the reports that replace nothing, batch by batch as the file is read. */
  async function* newReports() {
    for await (const batch of batches) {
      for (let i = 0; i < batch.length; i++) resolve(batch[i]!, i);
      // Which (business, month) keys first seen in this batch the table holds already: asked on a
      // connection of the pool, since this one is busy with the COPY. The lock above keeps the answer
      // true; rows this import COPYed are not visible there, but they are never asked about.
      let kept: Map<number, KeptReport> | undefined;
      if (hadReports) {
        const fresh: number[] = [];
        for (let i = 0; i < batch.length; i++) {
          const business = rowBusiness[i];
          if (!business) continue;
          if (reports.slotOf(business, rowMonth[i]!) === undefined)
            fresh.push(business.id * MONTH_BITS + rowMonth[i]!);
        }
        if (fresh.length) kept = await keptReports(database.db, fresh);
      }
      let lines = '';
      for (let i = 0; i < batch.length; i++) {
        const business = rowBusiness[i];
        if (!business) continue;
        const month = rowMonth[i]!;
        const amount = rowAmount[i]!;
        reports.accepted += 1;
        const key = business.id * MONTH_BITS + month;
        const cls = classOf(business.baseline, amount);
        const slot = reports.slotOf(business, month);
        if (slot !== undefined) {
          // The same business and month again: the later row wins.
          histogram.add(month, business, classOf(business.baseline, reports.amount[slot]!), -1);
          histogram.add(month, business, cls, 1);
          reports.amount[slot] = amount;
          reports.dirty.add(slot);
          continue;
        }
        histogram.add(month, business, cls, 1);
        const before = kept?.get(key);
        if (before) {
          const added = reports.add(business, month, amount, -1);
          reports.kept.set(added, before);
          reports.dirty.add(added);
          histogram.add(month, business, before.cls, -1);
          continue;
        }
        reports.add(business, month, amount, amount);
        const decline = business.baseline !== null && business.baseline > 0 ? (cls % 16_384) - 10_000 : '\\N';
        business.copyPrefix ??= `${business.id}\t`;
        lines += `${business.copyPrefix}${periodOfMonth(month)}\t${amount}\timport\t${Math.floor(cls / 16_384)}\t${decline}${lineEnd}`;
      }
      total += batch.length;
      await progress(total);
      if (lines) yield lines;
    }
  }

  const created = await session.copyIn('omzet_report', REPORT_COLUMNS, newReports());
  const byId = new Map<number, IndexedBusiness>();
  if (reports.dirty.size)
    for (const owned of index.values()) for (const b of owned.byName.values()) byId.set(b.id, b);
  const changed = await applyChanges(ctx, session, trx, reports, byId);
  ctx.changed('omzet_report', created + changed);

  const stats = histogram.rows();
  if (statsEmpty) await copyHistogram(session, stats);
  else await writeHistogramDelta(session, trx, stats);
  ctx.changed('omzet_stat', stats.length);

  const existing = reports.kept.size;
  const firsts = reports.key.length;
  const summary = {
    total,
    created: firsts - existing,
    updated: existing + (reports.accepted - firsts),
    rejected: rejections.count,
    reasons: rejections.reasons,
  };
  return completeImport(trx, ctx, summary, rejections);
}

/**
 * Reports the file changes beyond the new ones it COPYed: kept reports whose amount (or source) the
 * file replaces, and reports whose later rows in the file changed what was COPYed. Loaded into a
 * temporary table and applied by one UPDATE; each replaced amount of a kept report is audited, old
 * beside new. Returns how many reports changed.
 */
async function applyChanges(
  ctx: ImportContext,
  session: Session,
  trx: Executor,
  reports: FileReports,
  byId: Map<number, IndexedBusiness>,
) {
  let lines = '';
  let count = 0;
  for (const slot of reports.dirty) {
    const amount = reports.amount[slot]!;
    const kept = reports.kept.get(slot);
    const changes = kept
      ? amount !== kept.amount || kept.source !== 'import'
      : amount !== reports.copied[slot];
    if (!changes) continue;
    const key = reports.key[slot]!;
    const business = byId.get(Math.floor(key / MONTH_BITS))!;
    const cls = classOf(business.baseline, amount);
    const decline = business.baseline !== null && business.baseline > 0 ? (cls % 16_384) - 10_000 : '\\N';
    const audited = kept !== undefined && amount !== kept.amount;
    lines += `${business.id}\t${periodOfMonth(key % MONTH_BITS)}\t${amount}\t${Math.floor(cls / 16_384)}\t${decline}\t${audited ? 't' : 'f'}\t${business.kelurahan}\n`;
    count += 1;
  }
  if (!count) return 0;
  await sql`
    create temp table omzet_import_change (business_id bigint, period text, amount bigint, category smallint,
      decline_x10 integer, audited boolean, kelurahan_code text) on commit drop`.execute(trx);
  await session.copyIn(
    'omzet_import_change',
    ['business_id', 'period', 'amount', 'category', 'decline_x10', 'audited', 'kelurahan_code'],
    [lines],
  );
  await sql`
    insert into audit_log (actor_id, actor_label, action, entity, entity_id, area_code, old_values, new_values, request_id)
    select ${ctx.actor.id}, ${ctx.actor.label}, 'import_update', 'omzet_report', r.business_id::text, c.kelurahan_code,
           jsonb_build_object('period', r.period, 'amount', r.amount, 'source', r.source),
           jsonb_build_object('period', c.period, 'amount', c.amount, 'source', 'import'), ${`import:${ctx.job.id}`}
    from omzet_import_change c join omzet_report r using (business_id, period)
    where c.audited`.execute(trx);
  await sql`
    update omzet_report r set amount = c.amount, source = 'import', category = c.category,
      decline_x10 = c.decline_x10, reported_by = ${ctx.actor.id}, updated_at = now()
    from omzet_import_change c where r.business_id = c.business_id and r.period = c.period`.execute(trx);
  return count;
}
