import { describe, expect, it } from 'vitest';
import { everyMonth } from './periods.ts';

describe('everyMonth', () => {
  it('puts every month between the first and the last on the axis, a missing one as a gap', () => {
    const items = [{ period: '2021-11' }, { period: '2022-02' }, { period: '2022-03' }];
    expect(everyMonth(items)).toEqual([
      { period: '2021-11', item: items[0] },
      { period: '2021-12', item: null },
      { period: '2022-01', item: null },
      { period: '2022-02', item: items[1] },
      { period: '2022-03', item: items[2] },
    ]);
  });

  it('has nothing to show without items', () => {
    expect(everyMonth([])).toEqual([]);
  });
});
