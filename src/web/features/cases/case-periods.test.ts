import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { periodOf } from './case-periods';

describe('the figures’ periods', () => {
  beforeAll(() => {
    // A browser in Los Angeles at 10:30 on 31 March 2026, when it is already 01:30 on 1 April in China.
    vi.stubEnv('TZ', 'America/Los_Angeles');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-31T17:30:00Z'));
  });

  afterAll(() => {
    vi.useRealTimers();
    vi.unstubAllEnvs();
  });

  it('are counted on China’s calendar, as the server counts the figures, wherever the browser is', () => {
    expect(new Date().getDate()).toBe(31);
    expect(periodOf('thisMonth')).toEqual({ from: '2026-04-01', to: '2026-04-01' });
    expect(periodOf('lastMonth')).toEqual({ from: '2026-03-01', to: '2026-03-31' });
    expect(periodOf('thisQuarter')).toEqual({ from: '2026-04-01', to: '2026-04-01' });
    expect(periodOf('thisYear')).toEqual({ from: '2026-01-01', to: '2026-04-01' });
  });

  it('end last month on its last day, February of a leap year too', () => {
    expect(periodOf('lastMonth', '2028-03-15')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(periodOf('lastMonth', '2027-01-10')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(periodOf('thisQuarter', '2026-12-31')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(periodOf('thisQuarter', '2026-07-01')).toEqual({ from: '2026-07-01', to: '2026-07-01' });
  });
});
