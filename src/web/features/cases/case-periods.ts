import type { Period } from '../../../shared/api/case-figures';
import { addDays, chinaToday } from '../../../shared/clock';
import type { CasesMessages } from '../../i18n/cases.zh-CN';

/** The periods the region page's figures offer; the first is shown first. */
export type PeriodName = keyof CasesMessages['figures']['period'];
export const periodNames: PeriodName[] = ['thisMonth', 'lastMonth', 'thisQuarter', 'thisYear'];

/**
 * The dates of a named period on China's calendar, as the server counts the figures, up to today (last month: the
 * whole month). Kept apart from the figures card, so the first page's prefetch can ask for this month's figures
 * without loading the card's code.
 */
export function periodOf(name: PeriodName, today: string = chinaToday()): Period {
  const monthStart = `${today.slice(0, 7)}-01`;
  switch (name) {
    case 'thisMonth':
      return { from: monthStart, to: today };
    case 'lastMonth': {
      const lastMonthEnd = addDays(monthStart, -1);
      return { from: `${lastMonthEnd.slice(0, 7)}-01`, to: lastMonthEnd };
    }
    case 'thisQuarter': {
      const month = Number(today.slice(5, 7));
      const quarterMonth = month - ((month - 1) % 3);
      return { from: `${today.slice(0, 4)}-${String(quarterMonth).padStart(2, '0')}-01`, to: today };
    }
    case 'thisYear':
      return { from: `${today.slice(0, 4)}-01-01`, to: today };
  }
}
