import type { Command } from 'commander';
import { withDatabase } from '../context.ts';
import { CliExit, printJson, say } from '../output.ts';

/** Exit code for a code that names no certificate: scripts can tell "unknown" from a failure (1). */
export const UNKNOWN_EXIT_CODE = 3;

export function registerCertificateCommands(program: Command) {
  const group = program.command('certificates').description('Certificates the program issued: verification');
  group
    .command('verify')
    .description(
      'Tell whether a certificate code is valid, revoked or expired, and what the certificate says',
    )
    .argument('<code>', 'the verification code, as printed (any case; dashes and spaces are ignored)')
    .option('--json', 'print one JSON object')
    .addHelpText(
      'after',
      `
With --json, one object: {"code","status","holder","title","issuedAt","validUntil","number","kind",
"issuer","signatory","revokedAt","revokedReason","checkedOn"}; status is valid | revoked | expired | unknown,
on today's date in BANGKIT_TIMEZONE. Fields a certificate does not have are null.

Exit codes: 0 the code names a certificate (whatever its status: read "status"), ${UNKNOWN_EXIT_CODE} unknown code,
1 the command failed (no database, bad configuration).

Examples:
  bangkit certificates verify 7KQ4-M2XP-9HTR-C3WB-ZN5E --json
  bangkit certificates verify 7kq4m2xp9htrc3wbzn5e`,
    )
    .action(async (code: string, options: { json?: boolean }) => {
      const { verifyCode } = await import('../../server/modules/certificates/certificates.service.ts');
      const { verification: v } = await withDatabase(({ db, config }) => verifyCode(db, config, code));
      if (options.json) printJson(v);
      else if (v.status === 'unknown') say(`${v.code}: unknown — no certificate has this code`);
      else {
        say(`${v.number}: ${v.status}`);
        say(`  holder   ${v.holder}`);
        say(`  title    ${v.title}`);
        say(`  issued   ${v.issuedAt}${v.validUntil ? `, valid until ${v.validUntil}` : ''}`);
        say(`  issuer   ${v.issuer}`);
        if (v.status === 'revoked') say(`  revoked  ${v.revokedAt}: ${v.revokedReason}`);
      }
      if (v.status === 'unknown') throw new CliExit(UNKNOWN_EXIT_CODE);
    });
}
