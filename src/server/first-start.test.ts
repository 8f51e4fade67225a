import { describe, expect, it } from 'vitest';
import { firstStartBlock } from './first-start.ts';

describe('the first start block', () => {
  it('frames the login and the one-time password in a box of equal lines', () => {
    const block = firstStartBlock({
      email: 'admin@bangkit.local',
      oneTimePassword: 'Hx7dTaq3MnRe',
      url: 'http://localhost:3000',
    });
    const lines = block.trim().split('\n');
    expect(lines[0]).toMatch(/^\+-+\+$/);
    expect(lines.at(-1)).toBe(lines[0]);
    for (const line of lines) expect(line).toHaveLength(lines[0]!.length);
    expect(block).toContain('| Bangkit: first start');
    expect(block).toMatch(/login\s+admin@bangkit\.local/);
    expect(block).toMatch(/password\s+Hx7dTaq3MnRe\s/);
    expect(block).toContain('http://localhost:3000');
  });

  it('says where the password comes from when it was given', () => {
    expect(firstStartBlock({ email: 'a@b.id', url: 'http://localhost:3000' })).toContain(
      'BANGKIT_ADMIN_PASSWORD',
    );
  });
});
