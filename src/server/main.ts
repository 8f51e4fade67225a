import { buildApp } from './app.ts';
import { configFromEnv, prepareDatabase } from './bootstrap.ts';
import { ConfigError } from './config.ts';
import { DataDirError, ensureWritableDataDir } from './data-dir.ts';
import { EmbeddedDatabaseError } from './db/embedded-cluster.ts';
import { isEmptyRegistry, seedDemo } from './demo/demo.ts';
import { firstStartBlock } from './first-start.ts';
import { SYSTEM_ACTOR } from './http/guard.ts';
import { cleanUpImports, scheduleRejectionPurge } from './modules/imports/cleanup.service.ts';
import { ensureAdmin } from './modules/users/users.service.ts';

async function main() {
  const config = configFromEnv();
  const log = (m: string) => console.log(`[bangkit] ${m}`);
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PostgreSQL in ${config.dataDir}`;
  log(`Bangkit ${config.version} starting; database: ${where}; area ${config.deploymentArea}`);
  ensureWritableDataDir(config.dataDir);
  const handle = await prepareDatabase(config, log, 'server');

  const cleaned = await cleanUpImports(handle, config);
  const leftovers = Object.entries(cleaned).filter(([, n]) => n > 0);
  if (leftovers.length) log(`Cleaned up: ${leftovers.map(([what, n]) => `${what} ${n}`).join(', ')}`);
  const admin = await ensureAdmin(handle.db, config, SYSTEM_ACTOR);
  if (admin) log('First start: created the admin account (its login follows once the server is ready).');

  if (config.demo && (await isEmptyRegistry(handle))) {
    log(
      'Empty registry: loading a demo set of 2,000 businesses with monthly turnover 2020–2021 (BANGKIT_DEMO=0 turns this off)…',
    );
    const started = performance.now();
    const { businesses, omzet, mentors, sessions, marketplace } = await seedDemo(
      handle,
      config,
      { id: null, label: 'system:demo' },
      2000,
    );
    log(`  businesses: ${businesses.created} created; turnover reports: ${omzet.created} created`);
    log(
      `  mentors: ${mentors.created} created; mentoring sessions: ${sessions.sessions} (${sessions.created} business visits) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    log(
      `  marketplace: ${marketplace.shops} shops, ${marketplace.products} products with photos, ${marketplace.orders} order requests`,
    );
  }

  const app = await buildApp({ config, database: handle }, { logger: { level: config.logLevel } });
  const stopPurge = scheduleRejectionPurge(handle, config, (err) =>
    app.log.error({ err }, 'purging aged rejected rows failed'),
  );
  app.addHook('onClose', async () => stopPurge());
  let closing = false;
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    log(`${signal}: shutting down`);
    await app.close();
    await handle.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void close('SIGINT'));
  process.on('SIGTERM', () => void close('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  log(`Ready: http://localhost:${config.port}  (API docs: /api/docs)`);
  // Last of the start's messages, framed, so the one-time password is not lost among the lines above.
  if (admin) console.log(firstStartBlock({ ...admin, url: `http://localhost:${config.port}` }));
}

main().catch((err) => {
  if (err instanceof ConfigError || err instanceof EmbeddedDatabaseError || err instanceof DataDirError) {
    console.error(`[bangkit] ${err.message}`);
  } else {
    console.error(err);
  }
  process.exit(1);
});
