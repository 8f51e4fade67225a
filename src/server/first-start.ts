/**
 * The first start's login, framed so that it stands out from the log lines around it: an operator copies the
 * one-time password from here once, and it must not scroll away unnoticed.
 */
export function firstStartBlock(input: { email: string; oneTimePassword?: string; url: string }): string {
  const body = [
    'Bangkit: first start, the admin account was created',
    '',
    `  sign in at  ${input.url}`,
    `  login       ${input.email}`,
    input.oneTimePassword
      ? `  password    ${input.oneTimePassword}`
      : '  password    the one in BANGKIT_ADMIN_PASSWORD',
    '',
    input.oneTimePassword
      ? 'The password works once: you choose your own at first sign-in.'
      : 'Change it after the first sign-in.',
  ];
  const width = Math.max(...body.map((line) => line.length));
  const rule = `+${'-'.repeat(width + 2)}+`;
  return ['', rule, ...body.map((line) => `| ${line.padEnd(width)} |`), rule, ''].join('\n');
}
