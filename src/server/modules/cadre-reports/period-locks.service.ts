import type { CadreReportKind } from '../../../shared/api/cadre-reports.js';
import type { Executor } from '../../db/client.js';
import { AppError } from '../../errors.js';
import * as repository from './cadre-reports.repository.js';

/** How a period reads in a sentence: 2026年11月, 2026年第4季度, 2026年度 (and in English). */
export function periodLabel(kind: CadreReportKind, period: string): { zh: string; en: string } {
  if (kind === 'monthly') return { zh: `${period.slice(0, 4)}年${Number(period.slice(5))}月`, en: period };
  if (kind === 'quarterly') return { zh: `${period.slice(0, 4)}年第${period.slice(6)}季度`, en: period };
  return { zh: `${period}年度`, en: period };
}

/**
 * Refuses (409 period_locked) a change to a cadre's check-ins, leave or spot-check records on days an approved
 * report covers: the report of their community or street, or their unit's yearly report. The approver reopens it
 * for a correction. `what` names what is refused, in the message.
 */
export async function assertPeriodOpen(
  db: Executor,
  cadre: { countyId: string; regionCode: string; unitId: string },
  days: { from: string; to: string },
  what: { zh: string; en: string } = { zh: '签到和请假', en: 'check-ins and leave' },
): Promise<void> {
  const lock = await repository.findApprovedReportCovering(db, cadre, days);
  if (!lock) return;
  const period = periodLabel(lock.kind, lock.period);
  const approver = lock.approverName ?? '—';
  throw new AppError('period_locked', {
    zh: `${lock.subjectName}${period.zh}的报告已由${approver}审批锁定，不能再更改该时段的${what.zh}；如需更正，请联系${approver}解锁。`,
    en: `The ${period.en} report of ${lock.subjectName} was approved by ${approver}, which locks that period's ${what.en}; ask ${approver} to reopen it for a correction.`,
  });
}
