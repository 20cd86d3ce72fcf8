/**
 * The moral bank (道德银行): residents earn points for keeping the civility pact, joining activities and helping;
 * grid members record the deposits ("deposit collectors"), the village's secretary is the "bank president" who
 * approves the deposits a rule reserves for approval, and points redeem the village's gifts. The rules the server
 * and the console share.
 */
import type { Role } from './policy.js';

/** What an entry of the ledger is: points earned, points spent on a reward, or a correction of an earlier entry. */
export const entryKinds = ['deposit', 'redemption', 'correction'] as const;
export type EntryKind = (typeof entryKinds)[number];

/**
 * Where an entry stands. A deposit under a rule that needs the village's approval waits (`pending_approval`) until
 * the village approves or refuses it; every other entry counts from the moment it is recorded (`recorded`).
 */
export const entryStatuses = ['recorded', 'pending_approval', 'approved', 'refused'] as const;
export type EntryStatus = (typeof entryStatuses)[number];

/** The entries whose points count in a balance. */
export const countedStatuses = ['recorded', 'approved'] as const satisfies readonly EntryStatus[];

export const entryDecisions = ['approve', 'refuse'] as const;
export type EntryDecision = (typeof entryDecisions)[number];

/**
 * The state machine of an entry, as data: from a status, which decision leads where, and which roles may take it.
 * Approving is the bank president's (the village) or above; a grid's workers record but never approve their own.
 */
export const entryTransitions: Record<
  EntryStatus,
  Partial<Record<EntryDecision, { to: EntryStatus; roles: readonly Role[] }>>
> = {
  recorded: {},
  pending_approval: {
    approve: { to: 'approved', roles: ['admin', 'county', 'town', 'village'] },
    refuse: { to: 'refused', roles: ['admin', 'county', 'town', 'village'] },
  },
  approved: {},
  refused: {},
};

/** Where a decision on an entry in a status leads for a role, or undefined when it may not be taken. */
export function decisionTarget(status: EntryStatus, decision: EntryDecision, role: Role): EntryStatus | undefined {
  const transition = entryTransitions[status][decision];
  return transition && transition.roles.includes(role) ? transition.to : undefined;
}

/** The period over which a rule's limit of deposits per person is counted (China calendar). */
export const rulePeriods = ['day', 'week', 'month', 'year'] as const;
export type RulePeriod = (typeof rulePeriods)[number];

/** The most points one deposit without a rule may give: larger ones go through a rule the village has set. */
export const maxPointsWithoutRule = 50;

/** The most points one entry may move, whatever the rule says: a slip of the keyboard stops here. */
export const maxPointsPerEntry = 1000;

/** The rules a county starts the demo with (and a sensible start for any county). */
export const suggestedRules = [
  { name: '参加志愿服务', points: 5, period: 'week', periodLimit: 3, requiresApproval: false },
  { name: '垃圾分类示范户', points: 3, period: 'month', periodLimit: 1, requiresApproval: false },
  { name: '好人好事（拾金不昧、见义勇为）', points: 20, period: 'month', periodLimit: 2, requiresApproval: true },
  { name: '孝老爱亲', points: 10, period: 'month', periodLimit: 1, requiresApproval: true },
  { name: '参与矛盾调解', points: 8, period: 'month', periodLimit: 2, requiresApproval: false },
] as const satisfies readonly {
  name: string;
  points: number;
  period: RulePeriod;
  periodLimit: number;
  requiresApproval: boolean;
}[];
