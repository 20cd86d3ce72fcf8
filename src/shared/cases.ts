import type { Role } from './policy.js';

/**
 * The closed loop of a case (事件/诉求), shared by the server, which enforces it, and the console, which shows the
 * actions a user may take. A case sits at one level of the chain at a time and moves up it by escalation.
 */

export const caseKinds = ['need', 'hazard', 'dispute', 'livelihood'] as const;
export type CaseKind = (typeof caseKinds)[number];

/** Tiered intake: answered on the spot, handled within its time limit, or escalated for judgement. */
export const caseTiers = ['simple', 'general', 'complex'] as const;
export type CaseTier = (typeof caseTiers)[number];

export const caseSources = ['visit', 'resident', 'inspection', 'department', 'hotline', 'open311'] as const;
export type CaseSource = (typeof caseSources)[number];

/** The chain a case climbs: "小事不出村、大事不出镇、矛盾不上交". */
export const caseLevels = ['grid', 'village', 'town', 'county'] as const;
export type CaseLevel = (typeof caseLevels)[number];

export const caseStatuses = [
  'reported',
  'accepted',
  'dispatched',
  'in_progress',
  'handled',
  'verified',
  'closed',
  'returned',
  'parked',
  'merged',
] as const;
export type CaseStatus = (typeof caseStatuses)[number];

/** Statuses in which a case is still being worked on, so its deadline runs. */
export const openStatuses: readonly CaseStatus[] = ['reported', 'accepted', 'dispatched', 'in_progress'];

export const caseActions = [
  'accept',
  'return',
  'resubmit',
  'dispatch',
  'publish',
  'claim',
  'start',
  'handle',
  'self_handle',
  'verify',
  'reopen',
  'close',
  'escalate',
  'park',
  'resume',
  'merge',
  'rate',
  'revisit',
  'urge',
  'comment',
] as const;
export type CaseAction = (typeof caseActions)[number];

/**
 * What a timeline entry records: the report that opened the case, an action, or a mark the sweep set (`warn`: the
 * deadline is near; `overdue`: it passed). The console words each in the reader's language.
 */
export const caseEventActions = ['report', ...caseActions, 'warn', 'overdue'] as const;
export type CaseEventAction = (typeof caseEventActions)[number];

/**
 * Who may take an action, relative to the case:
 * - handler: staff of the level the case sits at (grid leader or member for a grid, the village, town or county),
 *   with the case inside their region;
 * - gridStaff: the grid leader or a grid member of the case's grid;
 * - worker: anyone working in the case's grid who may claim published matters (grid staff, sunk cadres);
 * - assignee, reporter: the accounts the case names;
 * - superior: staff of a level above the one the case sits at, with the case inside their region;
 * - viewer: anyone who can see the case.
 */
export type CaseParty = 'handler' | 'gridStaff' | 'worker' | 'assignee' | 'reporter' | 'superior' | 'viewer';

/** What an action needs in its request besides its name. */
export type CaseActionInput = 'reason' | 'assignee' | 'result' | 'rating' | 'duplicateOf' | 'note' | 'deadline';

type Transition = {
  from: readonly CaseStatus[];
  /** The status after the action; `same` keeps it (a note, a rating, a reassignment). */
  to: CaseStatus | 'same';
  /** Where the action leads from particular statuses instead. */
  toFrom?: Partial<Record<CaseStatus, CaseStatus>>;
  parties: readonly CaseParty[];
  needs: readonly CaseActionInput[];
};

const working: CaseStatus[] = ['reported', 'accepted', 'dispatched', 'in_progress', 'parked'];

/**
 * The life cycle: reported → accepted → dispatched → in progress → handled → verified → closed, with returns,
 * reopening, escalation, parking (挂账), merging duplicates and claiming. Some actions lead to different statuses
 * from different ones (see `nextStatus`).
 */
export const caseTransitions: Record<CaseAction, Transition> = {
  accept: { from: ['reported'], to: 'accepted', parties: ['handler'], needs: [] },
  // A handler sends an incomplete or misdirected report back to its reporter; an assignee hands a case back to
  // whoever dispatched it.
  return: {
    from: ['reported', 'accepted', 'dispatched', 'in_progress'],
    to: 'returned',
    toFrom: { dispatched: 'accepted', in_progress: 'accepted' },
    parties: ['handler', 'assignee'],
    needs: ['reason'],
  },
  resubmit: { from: ['returned'], to: 'reported', parties: ['reporter', 'gridStaff'], needs: [] },
  dispatch: { from: ['accepted', 'dispatched'], to: 'dispatched', parties: ['handler'], needs: ['assignee'] },
  publish: { from: ['accepted'], to: 'same', parties: ['handler'], needs: [] },
  claim: { from: ['accepted'], to: 'dispatched', parties: ['worker'], needs: [] },
  start: { from: ['dispatched'], to: 'in_progress', parties: ['assignee'], needs: [] },
  handle: { from: ['in_progress'], to: 'handled', parties: ['assignee'], needs: ['result'] },
  // 自行处置: the grid's own staff settle a simple matter themselves in one step and become its assignee, so
  // someone else still verifies it.
  self_handle: { from: ['reported', 'accepted'], to: 'handled', parties: ['gridStaff'], needs: ['result'] },
  verify: { from: ['handled'], to: 'verified', parties: ['gridStaff', 'handler'], needs: [] },
  // Its reporter reopens a case too: a resident who finds the problem still there says so.
  reopen: {
    from: ['handled', 'verified', 'closed'],
    to: 'in_progress',
    parties: ['gridStaff', 'handler', 'reporter'],
    needs: ['reason'],
  },
  close: { from: ['verified'], to: 'closed', parties: ['handler'], needs: [] },
  escalate: { from: working, to: 'reported', parties: ['handler', 'assignee'], needs: ['reason'] },
  park: { from: ['accepted', 'dispatched', 'in_progress'], to: 'parked', parties: ['handler'], needs: ['reason'] },
  resume: { from: ['parked'], to: 'accepted', parties: ['handler'], needs: [] },
  merge: { from: ['reported', 'accepted'], to: 'merged', parties: ['handler'], needs: ['duplicateOf'] },
  rate: { from: ['verified', 'closed'], to: 'same', parties: ['gridStaff', 'handler', 'reporter'], needs: ['rating'] },
  revisit: { from: ['closed'], to: 'same', parties: ['gridStaff', 'handler'], needs: ['note'] },
  // 督办: a level above presses for an open case with a reason and an earlier deadline.
  urge: { from: openStatuses, to: 'same', parties: ['superior'], needs: ['reason', 'deadline'] },
  comment: {
    from: caseStatuses.filter((status) => status !== 'merged'),
    to: 'same',
    parties: ['viewer'],
    needs: ['note'],
  },
};

/** Days after closing within which a case may be reopened (by a verifier or on the resident's word). */
export const reopenWindowDays = 7;

/** The level a role handles cases at; sunk cadres handle only what is dispatched to them or what they claim. */
export function handlingLevelOf(role: Role): CaseLevel | undefined {
  switch (role) {
    case 'admin':
    case 'county':
      return 'county';
    case 'town':
      return 'town';
    case 'village':
      return 'village';
    case 'grid_leader':
    case 'grid_member':
      return 'grid';
    case 'cadre':
    case 'resident':
      return undefined;
  }
}

export function levelAbove(level: CaseLevel): CaseLevel | undefined {
  return caseLevels[caseLevels.indexOf(level) + 1];
}

/** What the rules need to know of a case. */
export type CaseFacts = {
  status: CaseStatus;
  level: CaseLevel;
  kind: CaseKind;
  tier: CaseTier;
  assigneeId: string | null;
  reporterId: string | null;
  isPublished: boolean;
  closedAt: Date | null;
  rating: number | null;
};

/** What the rules need to know of the user: who they are, and whether the case lies inside their region. */
export type ActorFacts = { id: string; role: Role; isInScope: boolean };

function isParty(party: CaseParty, facts: CaseFacts, actor: ActorFacts): boolean {
  if (!actor.isInScope) return false;
  const isGridStaff = actor.role === 'grid_leader' || actor.role === 'grid_member';
  switch (party) {
    case 'handler':
      return handlingLevelOf(actor.role) === facts.level;
    case 'gridStaff':
      return isGridStaff;
    case 'worker':
      return isGridStaff || actor.role === 'cadre';
    case 'assignee':
      return facts.assigneeId === actor.id;
    case 'reporter':
      return facts.reporterId === actor.id;
    case 'superior': {
      const level = handlingLevelOf(actor.role);
      return level !== undefined && caseLevels.indexOf(level) > caseLevels.indexOf(facts.level);
    }
    case 'viewer':
      return true;
  }
}

function isWithinReopenWindow(facts: CaseFacts, now: Date): boolean {
  return facts.closedAt !== null && now.getTime() - facts.closedAt.getTime() <= reopenWindowDays * 86_400_000;
}

/** Conditions beyond the status and the parties. */
function isAllowedNow(action: CaseAction, facts: CaseFacts, actor: ActorFacts, now: Date): boolean {
  switch (action) {
    case 'publish':
      return !facts.isPublished && (facts.kind === 'livelihood' || facts.kind === 'need');
    case 'claim':
      return facts.isPublished;
    case 'escalate':
      return levelAbove(facts.level) !== undefined;
    case 'self_handle':
      return facts.level === 'grid';
    // Whoever did the work does not verify it.
    case 'verify':
      return facts.assigneeId !== actor.id;
    case 'reopen':
      return facts.status !== 'closed' || isWithinReopenWindow(facts, now);
    default:
      return true;
  }
}

export function canTakeAction(action: CaseAction, facts: CaseFacts, actor: ActorFacts, now: Date): boolean {
  const transition = caseTransitions[action];
  return (
    transition.from.includes(facts.status) &&
    transition.parties.some((party) => isParty(party, facts, actor)) &&
    isAllowedNow(action, facts, actor, now)
  );
}

/** The actions a user may take on a case now: the server enforces them, the console shows them. */
export function allowedActions(facts: CaseFacts, actor: ActorFacts, now: Date): CaseAction[] {
  return caseActions.filter((action) => canTakeAction(action, facts, actor, now));
}

/**
 * The step a case in each status waits for, which puts it on the to-do list (我的待办) of whoever may take it. A
 * closed case waits for its rating only while it has none and may still be reopened, and not at all when it was
 * a simple matter closed on the spot.
 */
export const awaitedActions: Partial<Record<CaseStatus, CaseAction>> = {
  reported: 'accept',
  accepted: 'dispatch',
  dispatched: 'start',
  in_progress: 'handle',
  handled: 'verify',
  verified: 'close',
  closed: 'rate',
  returned: 'resubmit',
};

/** The step a case waits for this user to take now, if any. */
export function awaitedActionOf(facts: CaseFacts, actor: ActorFacts, now: Date): CaseAction | undefined {
  const action = awaitedActions[facts.status];
  if (!action || !canTakeAction(action, facts, actor, now)) return undefined;
  const isRatingDue = facts.tier !== 'simple' && facts.rating === null && isWithinReopenWindow(facts, now);
  if (action === 'rate' && !isRatingDue) return undefined;
  return action;
}

/** The status an allowed action leads to. */
export function nextStatus(action: CaseAction, current: CaseStatus): CaseStatus {
  const { to, toFrom } = caseTransitions[action];
  return toFrom?.[current] ?? (to === 'same' ? current : to);
}

/** A time limit as catalogues write them: hours for emergencies, days, or working days. */
export const timeLimitUnits = ['hours', 'days', 'working_days'] as const;
export type TimeLimitUnit = (typeof timeLimitUnits)[number];
export type TimeLimit = { amount: number; unit: TimeLimitUnit };

/** What an extra question of a catalogue item asks for: Open311 GeoReport v2's attribute datatypes. */
export const attributeDatatypes = [
  'string',
  'number',
  'datetime',
  'text',
  'singlevaluelist',
  'multivaluelist',
] as const;
export type AttributeDatatype = (typeof attributeDatatypes)[number];

/** A case's answer to one of its item's questions, with the question's name as it was when reported. */
export type CaseAttributeAnswer = { code: string; name: string; value: string | string[]; text: string };

/** The group robots a county's escalations and overdue cases are posted to. */
export const webhookFormats = ['wecom', 'dingtalk'] as const;
export type WebhookFormat = (typeof webhookFormats)[number];

/** One item of the grid item catalogue (网格事项清单). */
export type CaseCategoryDefinition = {
  code: string;
  nameZh: string;
  nameEn: string;
  kind: CaseKind;
  defaultTier: CaseTier;
  /** The level that normally handles it: a report starts there. */
  handlingLevel: CaseLevel;
  /** The department a case goes to when it reaches the county. */
  department: string;
  generalLimit: TimeLimit;
  complexLimit: TimeLimit;
};

const days = (amount: number): TimeLimit => ({ amount, unit: 'days' });
const workingDays = (amount: number): TimeLimit => ({ amount, unit: 'working_days' });
const hours = (amount: number): TimeLimit => ({ amount, unit: 'hours' });

/**
 * The default catalogue of a county: the 13 key items that seed 001 puts into every grid (party building,
 * comprehensive governance, civilisation, land, production safety, social assistance … and epidemic prevention),
 * completed with the matters the other seeds report from grids. Counties edit their own copy.
 */
export const defaultCaseCategories: readonly CaseCategoryDefinition[] = [
  {
    code: 'party_building',
    nameZh: '党的建设',
    nameEn: 'Party building',
    kind: 'need',
    defaultTier: 'general',
    handlingLevel: 'village',
    department: '组织部',
    generalLimit: workingDays(7),
    complexLimit: workingDays(15),
  },
  {
    code: 'public_security',
    nameZh: '综合治理',
    nameEn: 'Public order and security',
    kind: 'hazard',
    defaultTier: 'general',
    handlingLevel: 'grid',
    department: '政法委',
    generalLimit: days(3),
    complexLimit: workingDays(15),
  },
  {
    code: 'civilisation',
    nameZh: '文明创建',
    nameEn: 'Civilisation campaign',
    kind: 'need',
    defaultTier: 'general',
    handlingLevel: 'grid',
    department: '宣传部',
    generalLimit: workingDays(7),
    complexLimit: workingDays(15),
  },
  {
    code: 'land_management',
    nameZh: '土地管理',
    nameEn: 'Land management',
    kind: 'hazard',
    defaultTier: 'general',
    handlingLevel: 'village',
    department: '自然资源局',
    generalLimit: workingDays(7),
    complexLimit: workingDays(20),
  },
  {
    code: 'production_safety',
    nameZh: '安全生产',
    nameEn: 'Production safety',
    kind: 'hazard',
    defaultTier: 'general',
    handlingLevel: 'village',
    department: '应急管理局',
    generalLimit: hours(24),
    complexLimit: workingDays(7),
  },
  {
    code: 'social_assistance',
    nameZh: '社会救助',
    nameEn: 'Social assistance',
    kind: 'livelihood',
    defaultTier: 'general',
    handlingLevel: 'village',
    department: '民政局',
    generalLimit: workingDays(7),
    complexLimit: workingDays(15),
  },
  {
    code: 'epidemic_prevention',
    nameZh: '疫情防控',
    nameEn: 'Epidemic prevention',
    kind: 'hazard',
    defaultTier: 'general',
    handlingLevel: 'grid',
    department: '卫健局',
    generalLimit: hours(2),
    complexLimit: hours(24),
  },
  {
    code: 'dispute_mediation',
    nameZh: '矛盾纠纷',
    nameEn: 'Disputes',
    kind: 'dispute',
    defaultTier: 'general',
    handlingLevel: 'grid',
    department: '司法局',
    generalLimit: days(7),
    complexLimit: workingDays(15),
  },
  {
    code: 'environment',
    nameZh: '环境卫生',
    nameEn: 'Environment and sanitation',
    kind: 'need',
    defaultTier: 'general',
    handlingLevel: 'grid',
    department: '城管执法局',
    generalLimit: days(3),
    complexLimit: workingDays(10),
  },
  {
    code: 'municipal_facilities',
    nameZh: '市政设施',
    nameEn: 'Roads, lights, water and drains',
    kind: 'need',
    defaultTier: 'general',
    handlingLevel: 'village',
    department: '住建局',
    generalLimit: hours(24),
    complexLimit: workingDays(10),
  },
  {
    code: 'fire_safety',
    nameZh: '消防安全',
    nameEn: 'Fire safety',
    kind: 'hazard',
    defaultTier: 'general',
    handlingLevel: 'grid',
    department: '消防救援大队',
    generalLimit: hours(24),
    complexLimit: workingDays(7),
  },
  {
    code: 'livelihood',
    nameZh: '民生诉求',
    nameEn: 'Livelihood requests',
    kind: 'livelihood',
    defaultTier: 'general',
    handlingLevel: 'grid',
    department: '信访局',
    generalLimit: workingDays(7),
    complexLimit: workingDays(15),
  },
  {
    code: 'flood_disaster',
    nameZh: '防汛防灾',
    nameEn: 'Floods and disasters',
    kind: 'hazard',
    defaultTier: 'general',
    handlingLevel: 'town',
    department: '应急管理局',
    generalLimit: hours(2),
    complexLimit: hours(24),
  },
];
