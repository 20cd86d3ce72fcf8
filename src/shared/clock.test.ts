import { describe, expect, it } from 'vitest';
import { addDays, chinaDate, chinaDateTime, chinaDayStart } from './clock.js';

describe('the county clock', () => {
  it('turns to the next day at 16:00 UTC, midnight in China', () => {
    expect(chinaDate(new Date('2026-03-31T15:59:59.999Z'))).toBe('2026-03-31');
    expect(chinaDate(new Date('2026-03-31T16:00:00Z'))).toBe('2026-04-01');
    expect(chinaDateTime(new Date('2026-12-31T16:05:00Z'))).toBe('2027-01-01 00:05');
    expect(chinaDayStart('2026-04-01')).toEqual(new Date('2026-03-31T16:00:00Z'));
  });

  it('adds and takes away calendar days across months, years and 29 February', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addDays('2026-04-01', 0)).toBe('2026-04-01');
    expect(addDays('2026-03-01', -365)).toBe('2025-03-01');
  });
});
