/**
 * Mentoring at full scale (issue 9): 300 mentors imported, then a sessions file of 200,000 sessions over
 * 20,000 cases (some of them group sessions) imported through the real importer, beside a raw COPY of the
 * same file into a bare table of text columns in the same run: the least any load of those bytes costs.
 * Both scale with BENCH_BUSINESSES (76,000 → 20,000 cases, 200,000 sessions). Runs on the registry the
 * sections before it left. `mentoringReportFigures` is where the coverage board and outcomes reports are
 * timed beside their naive SQL baselines (the lead wires them in). Only exports.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { sql } from 'kysely';
import { from as copyFrom } from 'pg-copy-streams';
import { prng } from '../src/server/demo/demo-data.ts';
import { addDays } from '../src/server/demo/mentoring-data.ts';
import { localToday } from '../src/server/http/dates.ts';
import { mentorImporter } from '../src/server/modules/mentoring/mentors.import.ts';
import { sessionImporter } from '../src/server/modules/mentoring/sessions.import.ts';
import { MENTOR_COLUMNS, SESSION_COLUMNS } from '../src/shared/import-columns.ts';
import { EXPERTISE } from '../src/shared/mentoring.ts';
import { type CoverageTiming, coverageFigures } from './mentoring-coverage.ts';
import { outcomesFigures } from './mentoring-outcomes.ts';
import {
  type BenchSection,
  BUSINESSES,
  clientOf,
  config,
  type Figure,
  importTimed,
  type MedianFigure,
  type RunContext,
  seconds,
  time,
} from './support.ts';

const SCALE = BUSINESSES / 76_000;
export const MENTORS = 300;
export const CASES = Math.max(10, Math.round(20_000 * SCALE));
export const SESSIONS = Math.max(100, Math.round(200_000 * SCALE));
/** Sessions start with the program (mid-2020) and most fall in the months the bench's turnover covers. */
const PROGRAM_START = '2020-06-01';
const PROGRAM_DAYS = 520;
/** One business row in this many belongs to a group session of 3–6 businesses. */
const GROUP_SHARE = 0.1;

/** The mentors file: 300 certified mentors of five institutions, each covering a few kelurahan. */
async function writeMentors(ctx: RunContext, file: string, today: string) {
  const villages = (
    await sql<{ kelurahan_code: string }>`
      select distinct kelurahan_code from business order by kelurahan_code`.execute(ctx.database.db)
  ).rows.map((r) => r.kelurahan_code);
  const cap = Math.ceil(CASES / MENTORS) + 10;
  const lines = [MENTOR_COLUMNS.join(',')];
  for (let i = 0; i < MENTORS; i++) {
    const kel = [0, 1, 2].map((k) => villages[(i * 3 + k) % villages.length]!);
    const row: Record<string, string | number> = {
      email: `pendamping${i + 1}@bench.local`,
      nama: `Pendamping ${i + 1}`,
      no_hp: `0812${String(10_000_000 + i).padStart(8, '0')}`,
      lembaga: `Lembaga Bench ${(i % 5) + 1}`,
      keahlian: `${EXPERTISE[i % 7]}|${EXPERTISE[(i + 3) % 7]}`,
      kode_kelurahan: [...new Set(kel)].join('|'),
      no_sertifikat: `BNSP-${String(i + 1).padStart(5, '0')}`,
      skema: 'Pendamping UMKM',
      lsp: 'LSP Pendamping Usaha',
      // Valid through the program's years (the turnover months the outcomes compare) and until now.
      tanggal_terbit: '2020-01-02',
      tanggal_berlaku: addDays(today, 190),
      batas_kasus: cap,
    };
    lines.push(MENTOR_COLUMNS.map((c) => row[c] ?? '').join(','));
  }
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
}

/**
 * The sessions file: CASES businesses of the registry, each given to one mentor (by kelurahan order), with
 * SESSIONS rows in all from mid-2020 (seven in ten in the program's first years, the rest in the last 21
 * months); about a tenth of the rows are group sessions of one mentor's
 * businesses. Rows are written in date order, as an institution's logbook is.
 */
async function writeSessions(ctx: RunContext, file: string, today: string) {
  const rand = prng(76);
  const businesses = (
    await sql<{ nik: string; name: string }>`
      select o.nik, b.name from business b join owner o on o.id = b.owner_id
      where b.archived_at is null and o.merged_into_id is null
      order by b.kelurahan_code, b.id limit ${CASES}`.execute(ctx.database.db)
  ).rows;
  const perMentor = Math.ceil(businesses.length / MENTORS);
  const mentorOf = (i: number) => `pendamping${Math.floor(i / perMentor) + 1}@bench.local`;
  const rows: { day: string; line: string }[] = [];
  const line = (code: string, day: string, b: number, mode: string, prep: number, contact: number) => {
    const biz = businesses[b]!;
    const topic = `${EXPERTISE[b % 7]}${rand() < 0.3 ? `|${EXPERTISE[(b + 2) % 7]}` : ''}`;
    return `${code},${day},${mentorOf(b)},${biz.nik},"${biz.name.replaceAll('"', '""')}",${mode},${prep},${contact},${topic},`;
  };
  let written = 0;
  let code = 0;
  // Every business first, so every case opens; then the rest at random, a tenth in groups.
  for (let b = 0; b < businesses.length && written < SESSIONS; b++, written++) {
    const day = addDays(PROGRAM_START, Math.floor(rand() * 60));
    code += 1;
    rows.push({ day, line: line(`B-${code}`, day, b, 'kunjungan', 30, 60) });
  }
  while (written < SESSIONS) {
    // Seven in ten during the program's years (the turnover months), the rest in the last 21 months.
    const day =
      rand() < 0.7
        ? addDays(PROGRAM_START, 60 + Math.floor(rand() * PROGRAM_DAYS))
        : addDays(today, -630 + Math.floor(rand() * 620));
    const b = Math.floor(rand() * businesses.length);
    code += 1;
    if (rand() < GROUP_SHARE / 4) {
      // A group of 3–6 businesses of the same mentor (neighbours in the mentor's list).
      const start = Math.floor(b / perMentor) * perMentor;
      const size = Math.min(3 + Math.floor(rand() * 4), perMentor, SESSIONS - written);
      for (let k = 0; k < size; k++) {
        const member = Math.min(businesses.length - 1, start + ((b - start + k) % perMentor));
        if (mentorOf(member) !== mentorOf(b)) break;
        rows.push({ day, line: line(`B-${code}`, day, member, 'kelompok', 60, 120) });
        written += 1;
      }
    } else {
      const online = rand() < 0.3;
      rows.push({
        day,
        line: line(`B-${code}`, day, b, online ? 'daring' : 'kunjungan', online ? 10 : 30, 60),
      });
      written += 1;
    }
  }
  rows.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  const out = fs.openSync(file, 'w');
  try {
    fs.writeSync(out, `${SESSION_COLUMNS.join(',')}\n`);
    for (let i = 0; i < rows.length; i += 10_000)
      fs.writeSync(
        out,
        `${rows
          .slice(i, i + 10_000)
          .map((r) => r.line)
          .join('\n')}\n`,
      );
  } finally {
    fs.closeSync(out);
  }
  return rows.length;
}

/** The same file COPYed as it is into a bare table of text columns: the floor of loading these bytes. */
async function rawCopy(ctx: RunContext, file: string) {
  const columns = SESSION_COLUMNS.map((c) => `"${c}" text`).join(', ');
  await sql
    .raw(`drop table if exists bench_sessions_raw; create table bench_sessions_raw (${columns})`)
    .execute(ctx.database.db);
  const client = await clientOf(ctx.database);
  try {
    return await time(async () => {
      await client.query('begin');
      const sink = client.query(
        copyFrom('COPY bench_sessions_raw FROM STDIN WITH (FORMAT csv, HEADER true)'),
      );
      await pipeline(fs.createReadStream(file, { highWaterMark: 1 << 20 }), sink);
      await client.query('commit');
    });
  } finally {
    await client.end();
    await sql`drop table if exists bench_sessions_raw`.execute(ctx.database.db);
  }
}

function mentoringTable(figures: MedianFigure[]): string[] {
  const spread = (f: MedianFigure, key: string, digits = 1) =>
    f.ranges[key] ? ` (${f.ranges[key][0].toFixed(digits)}–${f.ranges[key][1].toFixed(digits)})` : '';
  const lines = [
    '| import | rows | import | rows/s | raw COPY of the file | import ÷ COPY |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const f of figures) {
    const v = f.values;
    if (v.seconds === undefined) continue;
    lines.push(
      `| ${f.name} | ${f.rows?.toLocaleString('en')} | ${seconds(v.seconds, 2)}${spread(f, 'seconds', 2)} | ${Math.round(v.rowsPerSecond ?? 0).toLocaleString('en')} | ${v.copy === undefined ? '' : `${seconds(v.copy, 2)}${spread(f, 'copy', 2)}`} | ${v.ratio === undefined ? '' : `${v.ratio.toFixed(1)}×${spread(f, 'ratio', 1)}`} |`,
    );
  }
  const reports = figures.filter((f) => f.values.p50 !== undefined);
  if (reports.length) {
    lines.push('', '| report | p50 | p95 | naive SQL p50 | naive ÷ report |', '|---|---:|---:|---:|---:|');
    for (const f of reports) {
      const v = f.values;
      lines.push(
        `| ${f.name} | ${v.p50!.toFixed(1)} ms | ${v.p95?.toFixed(1) ?? ''} ms | ${v.naiveP50 === undefined ? '' : `${v.naiveP50.toFixed(1)} ms`} | ${v.naiveP50 === undefined ? '' : `${(v.naiveP50 / v.p50!).toFixed(1)}×`} |`,
      );
    }
  }
  return lines;
}

/**
 * Report timings on the mentoring data this section loaded, each beside its naive SQL baseline in the same
 * run (milliseconds): the coverage board by kelurahan and by kecamatan, and the city's outcomes of the
 * latest reported month computed afresh and as the server serves it while nothing is written (a kept read,
 * decision 0010).
 */
export async function mentoringReportFigures(ctx: RunContext): Promise<Figure[]> {
  const db = ctx.database.db;
  const coverage = await coverageFigures(db, config);
  const outcomes = await outcomesFigures(db, config);
  const board = (name: string, t: CoverageTiming): Figure => ({
    name,
    values: { p50: t.p50, p95: t.p95, naiveP50: coverage.naive.p50 },
  });
  return [
    board('coverage board by kelurahan: computed', coverage.kelurahan),
    board('coverage board by kecamatan: computed', coverage.kecamatan),
    board('coverage board by kelurahan: right after a write (a request)', coverage.afterWrite),
    board('coverage board by kecamatan: right after a write (a request)', coverage.afterWriteKecamatan),
    board('coverage board by kelurahan: previous statement (source tables)', coverage.reference),
    board('coverage board by kelurahan: kept read', coverage.kept),
    board('a session written or removed (the write, with its triggers)', coverage.write),
    ...outcomes.map((f) => ({
      name: f.name,
      values: { p50: f.values.p50!, p95: f.values.p95!, naiveP50: f.values.baselineP50! },
    })),
  ];
}

/** 300 mentors, then the sessions file beside its raw COPY, then the reports on what they left. */
export const mentoringImports: BenchSection = {
  title: 'Mentoring',
  table: mentoringTable,
  async run(ctx) {
    const today = localToday(config.timezone);
    const mentorsFile = path.join(ctx.dir, 'bench-pendamping.csv');
    const sessionsFile = path.join(ctx.dir, 'bench-sesi.csv');
    await writeMentors(ctx, mentorsFile, today);
    const rows = await writeSessions(ctx, sessionsFile, today);

    const mentors = await importTimed(ctx.database, ctx.actor, mentorImporter, mentorsFile);
    ctx.log('mentors', mentors.summary, `${mentors.seconds.toFixed(2)} s`);
    const sessions = await importTimed(ctx.database, ctx.actor, sessionImporter, sessionsFile);
    ctx.log('sessions', sessions.summary, `${sessions.seconds.toFixed(2)} s`);
    const copy = await rawCopy(ctx, sessionsFile);
    ctx.log(`raw COPY of the sessions file: ${copy.toFixed(2)} s`);
    fs.rmSync(mentorsFile, { force: true });
    fs.rmSync(sessionsFile, { force: true });
    return [
      {
        name: 'mentors',
        rows: MENTORS,
        values: { seconds: mentors.seconds, rowsPerSecond: MENTORS / mentors.seconds },
      },
      {
        name: 'sessions',
        rows,
        values: {
          seconds: sessions.seconds,
          rowsPerSecond: rows / sessions.seconds,
          copy,
          ratio: sessions.seconds / copy,
        },
      },
      ...(await mentoringReportFigures(ctx)),
    ];
  },
};
