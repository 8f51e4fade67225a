import { type Config, loadConfig } from './config.ts';
import { type DatabaseHandle, migrateToLatest, type OpenOptions, openDatabase } from './db/database.ts';
import { loadAreasIfEmpty } from './modules/areas/areas.service.ts';
import { readVersion } from './package-root.ts';

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
