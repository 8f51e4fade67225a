/**
 * Certificates the program issues (decision 0021): their kinds, what a verification says, and the shape of
 * a verification code — one definition for the server, the command line and the web app.
 */

export const CERTIFICATE_KINDS = ['event_attendance', 'mentor_competency'] as const;
export type CertificateKind = (typeof CERTIFICATE_KINDS)[number];

/** What a verification answers; `unknown` only for a code that names no certificate. */
export const CERTIFICATE_STATUSES = ['valid', 'revoked', 'expired'] as const;
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];
export type VerificationStatus = CertificateStatus | 'unknown';

/**
 * 32 symbols without the look-alikes 0/O and 1/I: a code is 20 of them, 100 random bits, read aloud or
 * typed from paper without doubt.
 */
export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const CODE_LENGTH = 20;

/**
 * A code as typed: any case, with spaces or dashes between groups (`ABCD-EFGH-…`); null when it cannot be
 * a code at all.
 */
export function normalizeCode(input: string): string | null {
  const code = input.replace(/[\s-]/g, '').toUpperCase();
  if (code.length !== CODE_LENGTH) return null;
  for (const ch of code) if (!CODE_ALPHABET.includes(ch)) return null;
  return code;
}

/** The code in groups of four, as printed. */
export const groupedCode = (code: string) => code.match(/.{1,4}/g)?.join('-') ?? code;

/** A certificate's status on `today` (YYYY-MM-DD): revocation wins over expiry. */
export function certificateStatus(
  c: { revokedAt: string | Date | null; validUntil: string | null },
  today: string,
): CertificateStatus {
  if (c.revokedAt) return 'revoked';
  if (c.validUntil !== null && c.validUntil < today) return 'expired';
  return 'valid';
}
