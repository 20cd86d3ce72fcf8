import { describe, expect, it } from 'vitest';
import { chinaDateTime } from '../../../shared/clock.js';
import { deadlineFor, isWorkingDay, officialCalendar, workingCalendar } from './deadlines.js';

/** An instant given on China's clock. */
const inChina = (dateTime: string) => new Date(`${dateTime}+08:00`);
const workingDays = (amount: number) => ({ amount, unit: 'working_days' as const });
const noCalendar = { holidays: [], workdays: [] };

describe('the official working calendar (chinese-days)', () => {
  const calendar2026 = officialCalendar(2026);

  it('holds 2026’s public holidays and its make-up working Saturdays and Sundays (调休)', () => {
    expect(calendar2026.holidays).toEqual(
      expect.arrayContaining(['2026-01-01', '2026-02-17', '2026-10-01', '2026-10-07', '2026-05-05']),
    );
    expect(calendar2026.holidays).toHaveLength(33);
    expect(calendar2026.workdays).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
    // An ordinary weekend is neither.
    expect(calendar2026.holidays).not.toContain('2026-12-05');
    expect(isWorkingDay('2026-10-10', calendar2026)).toBe(true);
    expect(isWorkingDay('2026-10-05', calendar2026)).toBe(false);
    expect(isWorkingDay('2026-12-07', calendar2026)).toBe(true);
  });

  it('ends a 7-working-day limit started on 2026-09-30 after 国庆, counting the make-up Saturday', () => {
    const start = inChina('2026-09-30T10:00:00');
    // 10-08, 10-09, 10-10 (Saturday, 调休), 10-12 … 10-15.
    expect(chinaDateTime(deadlineFor(start, workingDays(7), calendar2026))).toBe('2026-10-15 10:00');
    // Without the calendar the week of holidays would count as working days.
    expect(chinaDateTime(deadlineFor(start, workingDays(7), noCalendar))).toBe('2026-10-09 10:00');
  });

  it('skips the nine days of 春节 2026 and counts the Saturdays before and after it', () => {
    const start = inChina('2026-02-13T09:00:00');
    // 02-14 (Saturday, 调休), then 02-24, 02-25, 02-26, 02-27, 02-28 (Saturday, 调休).
    expect(chinaDateTime(deadlineFor(start, workingDays(6), calendar2026))).toBe('2026-02-28 09:00');
  });

  it('is empty for a year the State Council has not announced yet', () => {
    expect(officialCalendar(2099)).toEqual(noCalendar);
  });
});

describe('a county’s working calendar', () => {
  const now = inChina('2026-12-06T12:00:00');

  it('starts as the official one of this year and the next', () => {
    expect(workingCalendar(noCalendar, now)).toEqual({
      holidays: [...officialCalendar(2026).holidays, ...officialCalendar(2027).holidays],
      workdays: [...officialCalendar(2026).workdays, ...officialCalendar(2027).workdays],
    });
  });

  it('keeps the county’s own dates for a year it has edited, without the official ones it removed', () => {
    const own = {
      holidays: officialCalendar(2026)
        .holidays.filter((date) => date !== '2026-10-07')
        .concat('2026-12-24'),
      workdays: ['2026-10-10'],
    };
    const calendar = workingCalendar(own, now);
    expect(calendar.holidays).toContain('2026-12-24');
    expect(calendar.holidays).not.toContain('2026-10-07');
    expect(calendar.workdays).not.toContain('2026-09-20');
    expect(isWorkingDay('2026-10-07', calendar)).toBe(true);
  });

  it('moves on with the China year: at 00:30 on 1 January China time 2026 no longer counts', () => {
    const newYear = inChina('2027-01-01T00:30:00');
    expect(workingCalendar(noCalendar, newYear).holidays).not.toContain('2026-10-01');
    expect(workingCalendar(noCalendar, new Date(newYear.getTime() - 3_600_000)).holidays).toContain('2026-10-01');
  });
});
