import { describe, expect, it } from 'vitest';
import { audienceAdmits } from './events.ts';

describe('audienceAdmits (the public page and the server decide alike)', () => {
  it('admits everyone to a public event, the public form included', () => {
    for (const who of ['anonymous', 'business_owner', 'mentor'] as const) {
      expect(audienceAdmits(['public'], who)).toBe(true);
    }
  });

  it('admits only signed-in owners to a business event, only mentors to a mentor event', () => {
    expect(audienceAdmits(['business'], 'business_owner')).toBe(true);
    expect(audienceAdmits(['business'], 'mentor')).toBe(false);
    expect(audienceAdmits(['business'], 'anonymous')).toBe(false);
    expect(audienceAdmits(['mentor'], 'mentor')).toBe(true);
    expect(audienceAdmits(['mentor'], 'business_owner')).toBe(false);
    expect(audienceAdmits(['business', 'mentor'], 'anonymous')).toBe(false);
    expect(audienceAdmits(['business', 'mentor'], 'mentor')).toBe(true);
  });
});
