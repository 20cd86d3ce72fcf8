import { describe, expect, it } from 'vitest';
import { robotMessageKinds, type RobotMessage } from '../../../shared/notifications.js';
import { robotText } from './robot-messages.js';

const named = { number: '339901-20261126-0007', regionName: '北苑社区第3网格' };

/** One message of every kind, as the cases module queues them. */
const examples: { [Kind in RobotMessage['kind']]: Extract<RobotMessage, { kind: Kind }> } = {
  escalated: {
    kind: 'escalated',
    params: { ...named, fromLevel: 'grid', toLevel: 'village', reason: '需要村里协调' },
  },
  overdue: { kind: 'overdue', params: { ...named, deadline: '2026-11-30T08:00:00.000Z' } },
  legacyText: { kind: 'legacyText', params: { text: '案件 339901-20261126-0001（东村）已超过办理时限' } },
};

describe('the words a group robot posts', () => {
  it('words every kind in Chinese, naming the case', () => {
    for (const kind of robotMessageKinds) {
      const text = robotText(examples[kind]);
      expect(text, kind).toMatch(/\p{Script=Han}/u);
      expect(text, kind).toContain('339901-20261126-');
    }
  });

  it('gives the reason a handler typed, or says the deadline passed when the sweep escalated', () => {
    expect(robotText(examples.escalated)).toBe(
      '案件 339901-20261126-0007（北苑社区第3网格） 由网格上报至村（社区）：需要村里协调',
    );
    const automatic = { ...examples.escalated.params, fromLevel: 'town', toLevel: 'county', reason: null } as const;
    expect(robotText({ kind: 'escalated', params: automatic })).toBe(
      '案件 339901-20261126-0007（北苑社区第3网格） 由镇（街道）上报至县级部门：超过办理时限自动上报',
    );
  });

  it('shows a deadline on China’s clock, and a message queued before as the sentence it was', () => {
    expect(robotText(examples.overdue)).toBe(
      '案件 339901-20261126-0007（北苑社区第3网格） 已超过办理时限（2026-11-30 16:00）',
    );
    expect(robotText(examples.legacyText)).toBe('案件 339901-20261126-0001（东村）已超过办理时限');
  });
});
