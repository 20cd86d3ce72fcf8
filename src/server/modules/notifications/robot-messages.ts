import type { CaseLevel } from '../../../shared/cases.js';
import { chinaDateTime } from '../../../shared/clock.js';
import type { CaseNamed, RobotMessage } from '../../../shared/notifications.js';

const levelNames: Record<CaseLevel, string> = {
  grid: '网格',
  village: '村（社区）',
  town: '镇（街道）',
  county: '县级部门',
};

function caseLabel(params: CaseNamed): string {
  return `案件 ${params.number}（${params.regionName}）`;
}

/** The text a robot posts for a message: in Chinese, which the county's groups read whoever sent it. */
export function robotText(message: RobotMessage): string {
  switch (message.kind) {
    case 'escalated': {
      const { params } = message;
      const reason = params.reason ?? '超过办理时限自动上报';
      return `${caseLabel(params)} 由${levelNames[params.fromLevel]}上报至${levelNames[params.toLevel]}：${reason}`;
    }
    case 'overdue':
      return `${caseLabel(message.params)} 已超过办理时限（${chinaDateTime(new Date(message.params.deadline))}）`;
    case 'legacyText':
      return message.params.text;
  }
}
