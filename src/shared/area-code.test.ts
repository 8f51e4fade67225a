import { describe, expect, it } from 'vitest';
import { areaLevelOf, canonicalAreaCode, isWithinArea, parentAreaCode } from './area-code.ts';

describe('area codes', () => {
  it('accepts dotted and plain digits and stores one dotted form', () => {
    expect(canonicalAreaCode('3671051001')).toBe('36.71.05.1001');
    expect(canonicalAreaCode(' 36.71.05.1001 ')).toBe('36.71.05.1001');
    expect(canonicalAreaCode('367105')).toBe('36.71.05');
    expect(canonicalAreaCode('3671')).toBe('36.71');
    expect(canonicalAreaCode('36')).toBe('36');
  });

  it('rejects what is not shaped like a code', () => {
    for (const bad of ['', '3', '367', '36.7', '36.71.5', '36-71', 'abc', '36710510011', '36.71.05.100']) {
      expect(canonicalAreaCode(bad), bad).toBeNull();
    }
  });

  it('knows levels, parents and containment', () => {
    expect(areaLevelOf('36.71.05.1001')).toBe('village');
    expect(areaLevelOf('36.71.05')).toBe('district');
    expect(parentAreaCode('36.71.05.1001')).toBe('36.71.05');
    expect(parentAreaCode('36')).toBeNull();
    expect(isWithinArea('36.71.05.1001', '36.71.05')).toBe(true);
    expect(isWithinArea('36.71.05', '36.71.05')).toBe(true);
    // 36.71.1 is not a prefix match of 36.71.10: containment is by whole segments
    expect(isWithinArea('36.71.10', '36.71.1')).toBe(false);
    expect(isWithinArea('36.71.07.1001', '36.71.05')).toBe(false);
  });
});
