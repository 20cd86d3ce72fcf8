/**
 * Dispute mediation (矛盾纠纷调解): the rules the server and the console share. A dispute is registered in a grid,
 * mediated in sessions, and ends settled at a level (grid, village or town), escalated (to the town's mediation
 * committee or to court) or withdrawn. "矛盾不上交" is the share settled at village level or below.
 */

export const disputeStatuses = ['registered', 'mediating', 'settled', 'escalated', 'withdrawn'] as const;
export type DisputeStatus = (typeof disputeStatuses)[number];

/** Statuses of a dispute still being worked on: sessions may be added, an outcome recorded. */
export const openDisputeStatuses = ['registered', 'mediating'] as const satisfies readonly DisputeStatus[];

/** Where a dispute was settled. */
export const settledLevels = ['grid', 'village', 'town'] as const;
export type SettledLevel = (typeof settledLevels)[number];

/** Where a dispute not settled below goes: the town's people's mediation committee, or a court. */
export const escalationTargets = ['town_committee', 'court'] as const;
export type EscalationTarget = (typeof escalationTargets)[number];

export const disputeOutcomes = ['settled', 'escalated', 'withdrawn'] as const;
export type DisputeOutcome = (typeof disputeOutcomes)[number];

/** The kinds every county starts with; a county may add its own codes (and rename these). */
export const defaultDisputeKinds = [
  { code: 'neighbour', nameZh: '邻里纠纷', nameEn: 'Neighbours' },
  { code: 'family', nameZh: '婚姻家庭纠纷', nameEn: 'Marriage and family' },
  { code: 'land', nameZh: '土地承包/宅基地纠纷', nameEn: 'Land contract / homestead' },
  { code: 'labour', nameZh: '劳资/欠薪纠纷', nameEn: 'Labour / unpaid wages' },
  { code: 'property_management', nameZh: '物业纠纷', nameEn: 'Property management' },
  { code: 'damages', nameZh: '损害赔偿纠纷', nameEn: 'Damages' },
  { code: 'other', nameZh: '其他纠纷', nameEn: 'Other' },
] as const;

/** A kind's code: lower-case letters, digits and underscores, as in the defaults. */
export const disputeKindCodePattern = /^[a-z][a-z0-9_]{1,39}$/;

/**
 * Whether an outcome may be recorded on a dispute in a status. An open dispute may end any way; a dispute escalated
 * to the town's committee may still be settled there (at town level) or withdrawn; a court's case is out of our hands.
 */
export function mayRecordOutcome(
  status: DisputeStatus,
  escalatedTo: EscalationTarget | null,
  outcome: DisputeOutcome,
): boolean {
  if ((openDisputeStatuses as readonly string[]).includes(status)) return true;
  return status === 'escalated' && escalatedTo === 'town_committee' && outcome !== 'escalated';
}

/** Whether sessions may still be held: while open, or at the town's committee after an escalation. */
export function mayHoldSession(status: DisputeStatus, escalatedTo: EscalationTarget | null): boolean {
  return (
    (openDisputeStatuses as readonly string[]).includes(status) ||
    (status === 'escalated' && escalatedTo === 'town_committee')
  );
}
