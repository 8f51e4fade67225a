/**
 * The query figures on the imported registry: the recovery dashboard beside the naive aggregate over
 * all reports, and the registry list as the web app asks for it beside the bare page of the same rows.
 * Only exports.
 */
import { sql } from 'kysely';
import type { SessionUser } from '../src/server/http/guard.ts';
import { BusinessListQuery } from '../src/server/modules/businesses/businesses.schema.ts';
import { searchBusinesses } from '../src/server/modules/businesses/businesses.service.ts';
import { recoveryStats } from '../src/server/modules/omzet/omzet.service.ts';
import { type BenchSection, config, type Figure, type MedianFigure, repeat } from './support.ts';

/** What an office asks the registry list at full scale: name, query, page number. */
const LIST_CASES: [string, Record<string, unknown>, number][] = [
  ['first page by name', {}, 1],
  ['page 1,000 by name', { page: 1000 }, 1000],
  ['search "sri"', { q: 'sri' }, 1],
  ['kecamatan and sector', { kecamatan: '36.71.05', sector: 'kuliner' }, 1],
  ['decline 50–80 % in the latest month', { bucket: 'd50_80' }, 1],
];

function queryTable(figures: MedianFigure[]): string[] {
  const ms = (x: number | undefined) => (x === undefined ? '' : x.toFixed(1));
  const lines = ['| measure | time | baseline | ratio |', '|---|---:|---:|---:|'];
  for (const f of figures) {
    const v = f.values;
    lines.push(
      `| ${f.name} | p50 ${ms(v.p50)} ms, p95 ${ms(v.p95)} ms | p50 ${ms(v.baselineP50)} ms, p95 ${ms(v.baselineP95)} ms (${f.name.startsWith('dashboard') ? 'naive SQL' : 'bare page'}) | ${(v.p50! / v.baselineP50!).toFixed(2)}× |`,
    );
  }
  return lines;
}

export const queries: BenchSection = {
  title: 'Queries',
  table: queryTable,
  async run(ctx) {
    const { database, kind } = ctx;
    const figures: Figure[] = [];
    if (kind === 'postgres') await sql`analyze`.execute(database.db);
    const dash = await repeat(() =>
      recoveryStats(database.db, config, config.deploymentArea, '2020-08', 'kecamatan'),
    );
    const naive = await repeat(() =>
      sql`select b.kecamatan_code, count(*) as reporting,
            count(*) filter (where b.baseline_omzet is null or b.baseline_omzet = 0) as no_baseline,
            count(*) filter (where r.amount >= b.baseline_omzet) as grew,
            count(*) filter (where 10 * (b.baseline_omzet - r.amount) <= b.baseline_omzet) as recovered,
            percentile_cont(0.5) within group (order by (b.baseline_omzet - r.amount)::float8 / nullif(b.baseline_omzet, 0) * 100) as median
          from omzet_report r join business b on b.id = r.business_id
          where r.period = '2020-08' and b.archived_at is null
          group by b.kecamatan_code`.execute(database.db),
    );
    figures.push({
      name: 'dashboard: one period by kecamatan',
      values: { p50: dash.p50, p95: dash.p95, baselineP50: naive.p50, baselineP95: naive.p95 },
    });
    ctx.log(`dashboard p50 ${dash.p50.toFixed(1)} ms (naive ${naive.p50.toFixed(1)} ms)`);

    // The registry list through the service the web app calls, beside the bare page of the same rows
    // from the business table alone (no owner, areas or report; its count included).
    const admin: SessionUser = {
      id: ctx.actor.id!,
      email: ctx.actor.label,
      name: 'Admin Bench',
      role: 'admin',
      areaCode: null,
      areaName: null,
      institutionId: null,
      institutionName: null,
      mustChangePassword: false,
    };
    for (const [name, query, page] of LIST_CASES) {
      const q = BusinessListQuery.parse(query);
      const list = await repeat(() => searchBusinesses(database.db, config, admin, q));
      const bare = await repeat(() =>
        Promise.all([
          sql`select * from business order by id limit 25 offset ${(page - 1) * 25}`.execute(database.db),
          sql`select count(*) from business`.execute(database.db),
        ]),
      );
      figures.push({
        name: `registry list: ${name}`,
        values: { p50: list.p50, p95: list.p95, baselineP50: bare.p50, baselineP95: bare.p95 },
      });
    }
    return figures;
  },
};
