import os from 'node:os';
import { describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../server/db/database.ts';
import { verifyPassword } from '../server/modules/auth/password.ts';
import { budget, cliDatabase, lines } from './test-harness.ts';

/* Accounts and institutions through the real `bangkit` command, on one database shared in order. */

const { bangkit, withTarget, onPostgres } = cliDatabase();

const findUser = (handle: DatabaseHandle, email: string) =>
  handle.db.selectFrom('app_user').selectAll().where('email', '=', email).executeTakeFirst();

describe('bangkit CLI', () => {
  let firstPassword: string;

  it(
    'migrate prepares an empty database and says what it did',
    async () => {
      const res = await bangkit('migrate');
      expect(res.stderr).toBe('');
      expect(res.code).toBe(0);
      expect(res.stdout).toMatch(/^Applied migrations: \S+/m);
      expect(res.stdout).toMatch(/^Loaded [\d,]+ administrative areas/m);
      expect(res.stdout).toMatch(/^Database ready: /m);
    },
    budget(1),
  );

  it(
    'user create prints a one-time password the new user can sign in with',
    async () => {
      const res = await bangkit(
        'user',
        'create',
        '--role',
        'admin',
        '--email',
        'Siti.Rahma@example.id',
        '--json',
      );
      expect(res.code).toBe(0);
      const created = JSON.parse(res.stdout);
      expect(created.user).toMatchObject({
        email: 'siti.rahma@example.id',
        name: 'Siti Rahma',
        role: 'admin',
        mustChangePassword: true,
      });
      expect(created.oneTimePassword).toMatch(/^\S{10,}$/);
      firstPassword = created.oneTimePassword;

      await withTarget(async (handle) => {
        const user = await findUser(handle, 'siti.rahma@example.id');
        expect(user).toBeDefined();
        expect(await verifyPassword(user!.password_hash, firstPassword)).toBe(true);
        const audit = await handle.db
          .selectFrom('audit_log')
          .selectAll()
          .where('entity', '=', 'user')
          .where('entity_id', '=', String(user!.id))
          .executeTakeFirstOrThrow();
        expect(audit.action).toBe('create');
        expect(audit.actor_label).toBe(`cli:${os.userInfo().username}`);
      });
    },
    budget(1),
  );

  it(
    'refuses a taken email with one line and exit code 1',
    async () => {
      const res = await bangkit(
        'user',
        'create',
        '--role',
        'business_owner',
        '--email',
        'SITI.RAHMA@example.id',
      );
      expect(res.code).toBe(1);
      expect(res.stdout).toBe('');
      expect(lines(res.stderr)).toEqual([expect.stringMatching(/^error: .*SITI\.RAHMA@example\.id/)]);
    },
    budget(1),
  );

  it(
    'refuses a password that is easy to guess with the reason, and creates nothing',
    async () => {
      const res = await bangkit(
        'user',
        'create',
        '--role',
        'admin',
        '--email',
        'lemah@example.id',
        '--password',
        'aaaaaaaaaa',
      );
      expect(res.code).toBe(1);
      expect(res.stdout).toBe('');
      expect(lines(res.stderr)).toEqual([
        'error: Kata sandi terlalu mudah ditebak. Karakter yang berulang seperti "aaa" mudah ditebak.',
      ]);
      await withTarget(async (handle) => expect(await findUser(handle, 'lemah@example.id')).toBeUndefined());
    },
    budget(1),
  );

  it(
    'rejects an unknown role and names the allowed ones',
    async () => {
      const res = await bangkit('user', 'create', '--role', 'superhero', '--email', 'budi@example.id');
      expect(res.code).toBe(1);
      expect(res.stdout).toBe('');
      expect(res.stderr).toMatch(/^error: option '--role <role>' argument 'superhero' is invalid/);
      expect(res.stderr).toContain('area_officer');
    },
    budget(1),
  );

  it(
    'reset-password replaces the password with a new one-time password',
    async () => {
      const res = await bangkit('user', 'reset-password', '--email', 'siti.rahma@example.id', '--json');
      expect(res.code).toBe(0);
      const { email, oneTimePassword } = JSON.parse(res.stdout);
      expect(email).toBe('siti.rahma@example.id');
      expect(oneTimePassword).not.toBe(firstPassword);

      await withTarget(async (handle) => {
        const user = await findUser(handle, 'siti.rahma@example.id');
        expect(await verifyPassword(user!.password_hash, oneTimePassword)).toBe(true);
        expect(await verifyPassword(user!.password_hash, firstPassword)).toBe(false);
        expect(user!.must_change_password).toBe(true);
      });
    },
    budget(1),
  );

  it(
    'creates an institution, a mentor in it by name, and lists it',
    async () => {
      const institution = await bangkit('institution', 'create', '--name', 'Rumah BUMN Serang', '--json');
      expect(institution.code).toBe(0);
      expect(JSON.parse(institution.stdout)).toMatchObject({ name: 'Rumah BUMN Serang', mentors: 0 });

      const mentor = await bangkit(
        'user',
        'create',
        '--role',
        'mentor',
        '--email',
        'mentor@example.org',
        '--institution',
        'rumah bumn serang',
        '--json',
      );
      expect(mentor.code).toBe(0);
      expect(JSON.parse(mentor.stdout).user).toMatchObject({ institutionName: 'Rumah BUMN Serang' });

      const list = await bangkit('institution', 'list', '--json');
      expect(list.code).toBe(0);
      expect(JSON.parse(list.stdout)).toEqual([
        expect.objectContaining({ name: 'Rumah BUMN Serang', mentors: 1 }),
      ]);
    },
    budget(3),
  );

  it.skipIf(onPostgres)(
    'works beside another process that holds the embedded database, through its PostgreSQL server',
    async () => {
      await withTarget(async (handle) => {
        const res = await bangkit('user', 'create', '--role', 'admin', '--email', 'kedua@example.id');
        expect(res.stderr).toBe('');
        expect(res.code).toBe(0);
        // The holder sees the account at once, and its database server is still the one running.
        expect(await findUser(handle, 'kedua@example.id')).toMatchObject({ role: 'admin' });
      });
    },
    budget(1),
  );
});
