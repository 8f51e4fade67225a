import { describe, expect, it } from 'vitest';
import { generateOneTimePassword, ONE_TIME_PASSWORD_ALPHABET } from './password.ts';

describe('a one-time password', () => {
  it('has no characters that are read as another (S/s, k/K, O/0, l/1 …)', () => {
    const seen = new Set(Array.from({ length: 500 }, () => generateOneTimePassword()).join(''));
    for (const lookAlike of 'SsKkOo0lI1iZzBbGgqCcPpUuVvWwXx')
      expect(seen.has(lookAlike), lookAlike).toBe(false);
    expect([...seen].sort().join('')).toBe([...ONE_TIME_PASSWORD_ALPHABET].sort().join(''));
  });

  it('is 12 characters long and differs each time', () => {
    const a = generateOneTimePassword();
    expect(a).toHaveLength(12);
    expect(generateOneTimePassword()).not.toBe(a);
  });
});
