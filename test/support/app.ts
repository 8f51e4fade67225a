import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { inject } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { type Config, loadConfig } from '../../src/server/config.ts';
import { type DatabaseHandle, openPostgres } from '../../src/server/db/database.ts';
import { SYSTEM_ACTOR } from '../../src/server/http/guard.ts';
import { createUser } from '../../src/server/modules/users/users.service.ts';
import { CONSENT_VERSION } from '../../src/shared/mentoring.ts';
import type { Role } from '../../src/shared/roles.ts';
import { databaseUrlFor, TEMPLATE_DB } from './database-url.ts';

/** A fresh database cloned from the run's migrated template (see global-setup.ts). */
export async function cloneTestDatabase(): Promise<DatabaseHandle> {
  const url = inject('testServerUrl');
  const name = `bangkit_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const admin = openPostgres(url);
  await sql`create database ${sql.id(name)} template ${sql.id(TEMPLATE_DB)}`.execute(admin.db);
  const handle = openPostgres(databaseUrlFor(url, name));
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin.db);
      await admin.close();
    },
  };
}

export function testConfig(overrides: NodeJS.ProcessEnv = {}): Config {
  return loadConfig({ BANGKIT_DEMO: '0', LOG_LEVEL: 'silent', ...overrides }, 'test');
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/** buildApp() over a fresh database, with helpers to make users and sign in as them. */
export async function createTestApp(
  env: NodeJS.ProcessEnv = {},
  options: Pick<NonNullable<Parameters<typeof buildApp>[1]>, 'webRoot' | 'logger'> = {},
) {
  const config = testConfig(env);
  const handle = await cloneTestDatabase();
  const app = await buildApp({ config, database: handle }, options);
  let seq = 0;

  async function makeUser(input: {
    role: Role;
    email?: string;
    name?: string;
    areaCode?: string;
    institutionId?: number;
    password?: string;
    /** An owner has agreed to the personal-data consent unless `false` (every owner route waits for it). */
    consent?: boolean;
  }) {
    seq += 1;
    const password = input.password ?? 'kata-sandi-rahasia';
    const email = input.email ?? `${input.role}${seq}@test.local`;
    const { user } = await createUser(handle.db, config, null, SYSTEM_ACTOR, {
      email,
      name: input.name ?? `${input.role} ${seq}`,
      role: input.role,
      areaCode: input.areaCode,
      institutionId: input.institutionId,
      password,
    });
    if (input.role === 'business_owner' && input.consent !== false) {
      await handle.db
        .insertInto('owner_consent')
        .values({ user_id: user.id, text_version: CONSENT_VERSION, ip: null })
        .execute();
    }
    return { ...user, password };
  }

  /** Signs in and returns the Cookie header value for later requests. */
  async function login(email: string, password: string) {
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
    if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
    const cookie = res.cookies.find((c) => c.name === 'bangkit_session');
    return `bangkit_session=${cookie!.value}`;
  }

  /** A user of `role` already signed in: returns the user and their cookie. */
  async function signedIn(input: Parameters<typeof makeUser>[0]) {
    const user = await makeUser(input);
    return { user, cookie: await login(user.email, user.password) };
  }

  return {
    app,
    db: handle.db,
    database: handle,
    config,
    makeUser,
    login,
    signedIn,
    close: async () => {
      await app.close();
      await handle.close();
    },
  };
}
