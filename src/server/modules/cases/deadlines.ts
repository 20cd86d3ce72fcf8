import chineseDays from 'chinese-days';
import type { TimeLimit } from '../../../shared/cases.js';
import { chinaDate } from '../../../shared/clock.js';

const day = 86_400_000;

/** Working days are counted on China's calendar. */
export type WorkCalendar = { holidays: readonly string[]; workdays: readonly string[] };

const officialCalendars = new Map<number, WorkCalendar>();

/**
 * A year's public holidays and make-up working days (调休) as the State Council announced them, from chinese-days,
 * which ships each year's notice (empty for a year not announced yet).
 */
export function officialCalendar(year: number): WorkCalendar {
  let calendar = officialCalendars.get(year);
  if (!calendar) {
    const holidays: string[] = [];
    const workdays: string[] = [];
    for (let time = Date.UTC(year, 0, 1); time < Date.UTC(year + 1, 0, 1); time += day) {
      const date = new Date(time).toISOString().slice(0, 10);
      const { work, name } = chineseDays.getDayDetail(date);
      // Plain weekends and weekdays are named after their weekday; announced days after their festival.
      const isAnnounced = name.includes(',');
      if (isAnnounced && !work) holidays.push(date);
      if (isAnnounced && work && isWeekend(date)) workdays.push(date);
    }
    calendar = { holidays, workdays };
    officialCalendars.set(year, calendar);
  }
  return calendar;
}

/**
 * A county's calendar as deadlines count by it: its own dates, and for each year it works in (this year and the next
 * in China) that its own dates do not mention, the official ones.
 */
export function workingCalendar(own: WorkCalendar, now: Date): { holidays: string[]; workdays: string[] } {
  const year = Number(chinaDate(now).slice(0, 4));
  const mentioned = new Set([...own.holidays, ...own.workdays].map((date) => Number(date.slice(0, 4))));
  const official = [year, year + 1].filter((each) => !mentioned.has(each)).map(officialCalendar);
  return {
    holidays: [...own.holidays, ...official.flatMap((calendar) => calendar.holidays)].sort(),
    workdays: [...own.workdays, ...official.flatMap((calendar) => calendar.workdays)].sort(),
  };
}

function isWeekend(date: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** Monday to Friday, except public holidays; a weekend day the state makes a working day (调休) counts. */
export function isWorkingDay(date: string, calendar: WorkCalendar): boolean {
  if (calendar.workdays.includes(date)) return true;
  if (calendar.holidays.includes(date)) return false;
  return !isWeekend(date);
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
