import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../config.ts';
import type { DatabaseHandle } from '../db/database.ts';
import type { Actor } from '../http/guard.ts';
import { listCodes } from '../modules/areas/areas.repository.ts';
import { businessImporter } from '../modules/businesses/businesses.import.ts';
import { createJob, runJob } from '../modules/imports/imports.service.ts';
import { omzetImporter } from '../modules/omzet/omzet.import.ts';
import { type DemoOptions, demoBusinessesCsv, demoOmzetCsv } from './demo-data.ts';
import { seedMarketplaceDemo } from './marketplace.ts';
import { seedMentoringDemo } from './mentoring.ts';

/** The kelurahan of the deployment and the regencies NIKs may come from, for the demo generator. */
export async function demoOptions(
  database: DatabaseHandle,
  config: Config,
  businesses: number,
  seed = 2020,
): Promise<DemoOptions> {
  const villages = await listCodes(database.db, 4, config.deploymentArea);
  if (villages.length === 0) throw new Error(`No kelurahan/desa inside ${config.deploymentArea}.`);
  const regencies = config.deploymentArea.includes('.')
    ? [config.deploymentArea]
    : (await listCodes(database.db, 2, config.deploymentArea)).map((r) => r.code);
  const neighbours = ['36.03', '36.74', '31.74', '32.01', '33.74'];
  return {
    businesses,
    kelurahan: villages.map((v) => ({ kelurahan: v.code, kecamatan: v.parent_code! })),
    regencies: [...regencies, ...neighbours.filter((n) => !regencies.includes(n))],
    seed,
  };
}

export function writeChunks(file: string, chunks: Iterable<string>) {
  const fd = fs.openSync(file, 'w');
  try {
    for (const c of chunks) fs.writeSync(fd, c);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Loads demo businesses and two years of monthly reports through the real importers, so the demo
 * exercises the same path as an office's files, then the mentoring program's institutions, mentors and
 * six months of sessions over them (mentoring.ts). Returns every import's summary.
 */
export async function seedDemo(database: DatabaseHandle, config: Config, actor: Actor, businesses: number) {
  const options = await demoOptions(database, config, businesses);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bangkit-demo-'));
  try {
    const results = [];
    for (const [importer, chunks, name] of [
      [businessImporter, demoBusinessesCsv(options), 'demo-usaha.csv'],
      [omzetImporter, demoOmzetCsv(options), 'demo-omzet.csv'],
    ] as const) {
      const file = path.join(dir, name);
      writeChunks(file, chunks);
      const job = await createJob(database, importer, { path: file, name }, actor, null);
      results.push(await runJob({ database, config }, importer, job, file, actor, null));
    }
    const mentoring = await seedMentoringDemo(database, config, actor, dir);
    const marketplace = await seedMarketplaceDemo(database, config, actor);
    return { businesses: results[0]!, omzet: results[1]!, ...mentoring, marketplace };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function isEmptyRegistry(database: DatabaseHandle) {
  const row = await database.db.selectFrom('business').select('id').limit(1).executeTakeFirst();
  return !row;
}
