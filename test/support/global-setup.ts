import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type { TestProject } from 'vitest/node';
import { migrateToLatest, openEmbeddedInMemory, openPostgres } from '../../src/server/db/database.ts';
import { loadAreasIfEmpty } from '../../src/server/modules/areas/areas.service.ts';
import { databaseUrlFor, TEMPLATE_DB } from './database-url.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    embeddedTemplate: string;
  }
}

/**
 * Migrates one database once per run and lets every test file clone it: on PostgreSQL
 * (DATABASE_URL set) a template database, on the embedded database a dumped data directory.
 */
export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  if (url) {
    const admin = openPostgres(url);
    await sql`drop database if exists ${sql.id(TEMPLATE_DB)} with (force)`.execute(admin.db);
    await sql`create database ${sql.id(TEMPLATE_DB)}`.execute(admin.db);
    await admin.close();
    const tpl = openPostgres(databaseUrlFor(url, TEMPLATE_DB));
    await migrateToLatest(tpl.db);
    await loadAreasIfEmpty(tpl.db);
    await tpl.close();
    project.provide('embeddedTemplate', '');
    return;
  }
  const handle = await openEmbeddedInMemory();
  await migrateToLatest(handle.db);
  await loadAreasIfEmpty(handle.db);
  const dump = await handle.dump!();
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bangkit-test-')), 'template.tar');
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await handle.close();
  project.provide('embeddedTemplate', file);
  return () => fs.rmSync(path.dirname(file), { recursive: true, force: true });
}
