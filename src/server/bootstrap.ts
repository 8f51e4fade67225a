import fs from 'node:fs';
import path from 'node:path';
import { type Config, loadConfig } from './config.ts';
import { type DatabaseHandle, migrateToLatest, type OpenOptions, openDatabase } from './db/database.ts';
import { loadAreasIfEmpty } from './modules/areas/areas.service.ts';
import { PACKAGE_ROOT } from './package-root.ts';

export function readVersion(): string {
  return JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')).version;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  return loadConfig(env, readVersion());
}

/** Opens the configured database, brings its schema up to date and makes sure the area data is there. */
export async function prepareDatabase(
  config: Config,
  log: (message: string) => void = () => {},
  role: OpenOptions['role'] = 'client',
): Promise<DatabaseHandle> {
  const handle = await openDatabase(config, { role, log });
  try {
    const applied = await migrateToLatest(handle.db);
    if (applied.length) log(`Applied migrations: ${applied.join(', ')}`);
    const areas = await loadAreasIfEmpty(handle.db);
    if (areas) log(`Loaded ${areas.toLocaleString('en')} administrative areas from idn-area-data`);
    return handle;
  } catch (err) {
    await handle.close();
    throw err;
  }
}
