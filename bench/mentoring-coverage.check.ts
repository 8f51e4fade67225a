/**
 * Checks bench/mentoring-coverage.ts by hand on a database of its own (not part of `npm run bench`):
 *   BENCH_DATA_DIR=/tmp/coverage-bench npx tsx bench/mentoring-coverage.check.ts [businesses mentors cases sessions]
 * (NAIVE_CALLS=n: the naive statement's calls, 5 by default)
 * (or DATABASE_URL=… for an external server). Fills it once with generate_series, then prints the figures.
 */
import { sql } from 'kysely';
import { loadConfig } from '../src/server/config.ts';
import { migrateToLatest, openDatabase } from '../src/server/db/database.ts';
import { loadAreasIfEmpty } from '../src/server/modules/areas/areas.service.ts';
import { coverageFigures, fillMentoring } from './mentoring-coverage.ts';

const [businesses = 76_000, mentors = 300, cases = 20_000, sessions = 200_000] = process.argv
  .slice(2)
  .map(Number);
const config = loadConfig(
  {
    BANGKIT_DEMO: '0',
    LOG_LEVEL: 'silent',
    BANGKIT_DATA_DIR: process.env.BENCH_DATA_DIR ?? '/tmp/coverage-bench',
  },
  'bench',
);
const database = await openDatabase(config);
try {
  await migrateToLatest(database.db);
  await loadAreasIfEmpty(database.db);
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from mentoring_session`.execute(
    database.db,
  );
  if (rows[0]!.n === 0) {
    const start = performance.now();
    await fillMentoring(database.db, config, { businesses, mentors, cases, sessions });
    console.log(`filled in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  }
  const counts = await sql`select (select count(*) from business) as businesses,
    (select count(*) from app_user where role = 'mentor') as mentors, (select count(*) from mentoring_case) as cases,
    (select count(*) from mentoring_session) as sessions, (select count(*) from session_business) as session_businesses`.execute(
    database.db,
  );
  console.log(counts.rows[0]);
  const naiveCalls = Number(process.env.NAIVE_CALLS ?? 5);
  console.log(JSON.stringify(await coverageFigures(database.db, config, { naiveCalls }), null, 2));
} finally {
  await database.close();
}
