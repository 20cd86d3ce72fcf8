import type { Period } from '../../../shared/api/case-figures';
import type { CasesMessages } from '../../i18n/cases.zh-CN';

/** The periods the region page's figures offer; the first is shown first. */
export type PeriodName = keyof CasesMessages['figures']['period'];
export const periodNames: PeriodName[] = ['thisMonth', 'lastMonth', 'thisQuarter', 'thisYear'];

function dateText(date: Date): string {
  const month = String(date.getMonth() + 1).padStart(2, '0');
  const day = String(date.getDate()).padStart(2, '0');
  return `${date.getFullYear()}-${month}-${day}`;
}

/**
 * The dates of a named period, up to today (last month: the whole month). Kept apart from the figures card, so
 * the first page's prefetch can ask for this month's figures without loading the card's code.
 */
export function periodOf(name: PeriodName, today: Date = new Date()): Period {
  const year = today.getFullYear();
  const month = today.getMonth();
  switch (name) {
    case 'thisMonth':
      return { from: dateText(new Date(year, month, 1)), to: dateText(today) };
    case 'lastMonth':
      return { from: dateText(new Date(year, month - 1, 1)), to: dateText(new Date(year, month, 0)) };
    case 'thisQuarter':
      return { from: dateText(new Date(year, month - (month % 3), 1)), to: dateText(today) };
    case 'thisYear':
      return { from: dateText(new Date(year, 0, 1)), to: dateText(today) };
  }
}
