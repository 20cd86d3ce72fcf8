import type { TimeLimit } from '../../../shared/cases.js';

/** China keeps one clock all year (UTC+8, no summer time): working days are counted on its calendar. */
const chinaOffset = 8 * 3_600_000;
const day = 86_400_000;

export type WorkCalendar = { holidays: readonly string[]; workdays: readonly string[] };

/** The calendar date (YYYY-MM-DD) of an instant in China. */
export function chinaDate(instant: Date): string {
  return new Date(instant.getTime() + chinaOffset).toISOString().slice(0, 10);
}

/** "2026-11-26 14:30" on China's clock, as messages show a deadline. */
export function chinaDateTime(instant: Date): string {
  return new Date(instant.getTime() + chinaOffset).toISOString().slice(0, 16).replace('T', ' ');
}

/** Monday to Friday, except public holidays; a weekend day the state makes a working day (调休) counts. */
export function isWorkingDay(date: string, calendar: WorkCalendar): boolean {
  if (calendar.workdays.includes(date)) return true;
  if (calendar.holidays.includes(date)) return false;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * When a time limit started at `start` runs out: hours and days are counted straight; working days skip weekends
 * and holidays, ending at the same time of day on the last working day counted.
 */
export function deadlineFor(start: Date, limit: TimeLimit, calendar: WorkCalendar): Date {
  switch (limit.unit) {
    case 'hours':
      return new Date(start.getTime() + limit.amount * 3_600_000);
    case 'days':
      return new Date(start.getTime() + limit.amount * day);
    case 'working_days': {
      let end = start.getTime();
      for (let counted = 0; counted < limit.amount;) {
        end += day;
        if (isWorkingDay(chinaDate(new Date(end)), calendar)) counted += 1;
      }
      return new Date(end);
    }
  }
}

/** The warning goes out when four fifths of the time are used up. */
export function warningFor(start: Date, deadline: Date): Date {
  return new Date(start.getTime() + (deadline.getTime() - start.getTime()) * 0.8);
}
