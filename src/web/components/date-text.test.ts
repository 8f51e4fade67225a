import { describe, expect, it } from 'vitest';
import { datePattern, parseTypedDate } from './date-text.ts';

describe('dates as people type them', () => {
  it('reads day first in Indonesian and in British English', () => {
    expect(datePattern('id').format).toBe('DD/MM/YYYY');
    expect(parseTypedDate('7/3/2021', 'id')).toBe('2021-03-07');
    expect(parseTypedDate('07-03-2021', 'en')).toBe('2021-03-07');
    expect(parseTypedDate('07.03.21', 'id')).toBe('2021-03-07');
  });

  it('takes a pasted ISO date as it is, in every language', () => {
    expect(parseTypedDate('2021-03-07', 'id')).toBe('2021-03-07');
    expect(parseTypedDate(' 2021-3-7 ', 'en')).toBe('2021-03-07');
  });

  it('refuses what is not a day of the calendar', () => {
    expect(parseTypedDate('31/02/2021', 'id')).toBeNull();
    expect(parseTypedDate('2021-13-01', 'id')).toBeNull();
    expect(parseTypedDate('kemarin', 'id')).toBeNull();
    expect(parseTypedDate('1/1/1800', 'id')).toBeNull();
  });
});
