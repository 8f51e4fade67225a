import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { TestProject } from 'vitest/node';
import { migrateToLatest, openPostgres } from '../../src/server/db/database.ts';
import { startEmbeddedCluster } from '../../src/server/db/embedded-cluster.ts';
import { loadAreasIfEmpty } from '../../src/server/modules/areas/areas.service.ts';
import { makeDataDir } from './data-dir.ts';
import { databaseUrlFor, TEMPLATE_DB } from './database-url.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The PostgreSQL server the run's test databases live on: DATABASE_URL, or the run's embedded cluster. */
    testServerUrl: string;
  }
}

/**
 * One PostgreSQL server per run: the one in DATABASE_URL, or else an embedded cluster of the run's own
 * (no durability; removed at the end). One database is migrated once as a template, and every test
 * file clones it (CREATE DATABASE … TEMPLATE).
 */
export default async function setup(project: TestProject) {
  let url = process.env.DATABASE_URL;
  let teardown = async () => {};
  if (!url) {
    const dir = makeDataDir('bangkit-test-');
    const cluster = await startEmbeddedCluster(path.join(dir, 'postgres'), {
      mode: 'server',
      throwaway: true,
    });
    url = cluster.url('postgres');
    teardown = async () => {
      await cluster.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  }
  const admin = openPostgres(url);
  await sql`drop database if exists ${sql.id(TEMPLATE_DB)} with (force)`.execute(admin.db);
  await sql`create database ${sql.id(TEMPLATE_DB)}`.execute(admin.db);
  await admin.close();
  const template = openPostgres(databaseUrlFor(url, TEMPLATE_DB));
  await migrateToLatest(template.db);
  await loadAreasIfEmpty(template.db);
  await template.close();
  project.provide('testServerUrl', url);
  return teardown;
}
