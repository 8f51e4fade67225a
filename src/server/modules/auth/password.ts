import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

// 2 = Algorithm.Argon2id (a const enum, which isolated modules cannot read).
const OPTIONS = { algorithm: 2 } as const;

export { PASSWORD_MIN_LENGTH } from '../../../shared/passwords.ts';

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verifying against this when the account does not exist keeps the response time the same.
let dummyHash: Promise<string> | undefined;
export async function burnVerification(password: string) {
  dummyHash ??= hashPassword('no-such-account-placeholder');
  await verifyPassword(await dummyHash, password);
}

/**
 * Characters of a one-time password, which people read off a screen or a message and type on a phone: none
 * that looks like another (0/O/o, 1/l/I, 5/S, 2/Z, 8/B, 6/G/b, 9/g/q) and no letter whose small and capital
 * forms look alike (c, k, o, p, s, u, v, w, x, z), so the case of every letter is plain to see.
 */
export const ONE_TIME_PASSWORD_ALPHABET = 'adefhjmnrtyADEFHJLMNRTY23456789';

/** A one-time password: 12 characters of 31 (about 59 bits). */
export function generateOneTimePassword(length = 12): string {
  const alphabet = ONE_TIME_PASSWORD_ALPHABET;
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}
