import { describe, expect, it } from 'vitest';
import { migrations } from './index.ts';

describe('the list of migrations', () => {
  it('is in the order of their names, the order they run and backups record', () => {
    // A backup names its migrations in this order and a restore compares them one by one.
    const names = Object.keys(migrations);
    expect(names).toEqual([...names].sort());
  });
});
