import { describe, expect, it } from 'vitest';
import { newVerificationCode } from '../../server/modules/certificates/certificates.service.ts';
import { budget, cliDatabase } from '../test-harness.ts';
import { UNKNOWN_EXIT_CODE } from './certificates.ts';

/* `bangkit certificates verify` through the real command, on a database of its own. */

const target = cliDatabase();

describe('bangkit certificates verify', () => {
  it(
    'prints the status and what the certificate says, and tells an unknown code by its exit code',
    async () => {
      // The first command also migrates the new database.
      const unknown = await target.bangkit('certificates', 'verify', 'ABCDEFGHJKLMNPQRSTUV', '--json');
      expect(unknown.code).toBe(UNKNOWN_EXIT_CODE);
      expect(JSON.parse(unknown.stdout)).toMatchObject({
        code: 'ABCDEFGHJKLMNPQRSTUV',
        status: 'unknown',
        holder: null,
      });
      expect(unknown.stderr).not.toContain('error');

      const code = newVerificationCode();
      await target.withTarget(async ({ db }) => {
        const institution = await db
          .insertInto('institution')
          .values({ name: 'LP3W' })
          .returning('id')
          .executeTakeFirstOrThrow();
        const mentor = await db
          .insertInto('app_user')
          .values({
            email: 'mentor@test.local',
            name: 'Pendamping',
            role: 'mentor',
            institution_id: institution.id,
            password_hash: 'x',
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await db
          .insertInto('certificate')
          .values({
            number: 'BKT/2026/000042',
            code,
            kind: 'mentor_competency',
            holder_name: 'Ibu Pendamping',
            title: 'Pendamping Pemasaran Digital',
            issued_on: '2026-01-05',
            issuer_name: 'Dinas Koperasi dan UMKM Kota Tangerang',
            signatory_name: 'Kepala Dinas',
            signatory_position: 'Kepala',
            mentor_id: mentor.id,
            revoked_at: new Date('2026-02-01T03:00:00Z'),
            revoked_reason: 'Diterbitkan ganda',
          })
          .execute();
      });

      const typed = code.toLowerCase().match(/.{4}/g)!.join('-');
      const known = await target.bangkit('certificates', 'verify', typed, '--json');
      expect(known.code, known.stderr).toBe(0);
      const answer = JSON.parse(known.stdout);
      expect(Object.keys(answer).slice(0, 5)).toEqual(['code', 'status', 'holder', 'title', 'issuedAt']);
      expect(answer).toMatchObject({
        code,
        status: 'revoked',
        holder: 'Ibu Pendamping',
        title: 'Pendamping Pemasaran Digital',
        issuedAt: '2026-01-05',
        number: 'BKT/2026/000042',
        revokedAt: '2026-02-01',
        revokedReason: 'Diterbitkan ganda',
      });
    },
    budget(3),
  );
});
