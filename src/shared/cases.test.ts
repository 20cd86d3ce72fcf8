import { describe, expect, it } from 'vitest';
import {
  allowedActions,
  awaitedActionOf,
  canTakeAction,
  caseActions,
  caseKinds,
  caseLevels,
  caseStatuses,
  nextStatus,
  type ActorFacts,
  type CaseAction,
  type CaseFacts,
  type CaseKind,
  type CaseLevel,
  type CaseStatus,
} from './cases.js';
import { roles, type Role } from './policy.js';

/**
 * The closed loop written out by hand, independently of the table in cases.ts: for every action the statuses it
 * starts from and where each leads, who may take it and what else must hold. Every combination of status, action,
 * role and relation to the case must be allowed exactly when this says so.
 */

const now = new Date('2026-03-02T04:00:00Z');
const day = 86_400_000;

/** When the case was closed, as far as reopening it goes (the window is seven days). */
type Closing = { label: string; closedAt: Date | null; isWithinReopenWindow: boolean };
const closings: Closing[] = [
  { label: 'never closed', closedAt: null, isWithinReopenWindow: false },
  { label: 'closed yesterday', closedAt: new Date(now.getTime() - day), isWithinReopenWindow: true },
  {
    label: 'closed seven days ago to the minute',
    closedAt: new Date(now.getTime() - 7 * day),
    isWithinReopenWindow: true,
  },
  {
    label: 'closed seven days and a minute ago',
    closedAt: new Date(now.getTime() - 7 * day - 60_000),
    isWithinReopenWindow: false,
  },
];

/** Who the user is to the case besides their role. */
const relations = [
  { label: 'neither assignee nor reporter', isAssignee: false, isReporter: false },
  { label: 'the assignee', isAssignee: true, isReporter: false },
  { label: 'the reporter', isAssignee: false, isReporter: true },
  { label: 'assignee and reporter', isAssignee: true, isReporter: true },
] as const;

type Situation = {
  status: CaseStatus;
  level: CaseLevel;
  kind: CaseKind;
  isPublished: boolean;
  closing: Closing;
  role: Role;
  isInScope: boolean;
  relation: (typeof relations)[number];
};

/** The level each role handles cases at; a sunk cadre handles none. */
const handledLevel: Record<Role, CaseLevel | undefined> = {
  admin: 'county',
  county: 'county',
  town: 'town',
  village: 'village',
  grid_leader: 'grid',
  grid_member: 'grid',
  cadre: undefined,
  unit: undefined,
  resident: undefined,
};

type Party = 'handler' | 'gridStaff' | 'worker' | 'assignee' | 'reporter' | 'superior' | 'viewer';

/** How high each level stands in the chain. */
const height: Record<CaseLevel, number> = { grid: 1, village: 2, town: 3, county: 4 };

/** Who counts as which party of a case inside their scope (outside it, nobody is anything). */
const isParty: Record<Party, (situation: Situation) => boolean> = {
  handler: (situation) => handledLevel[situation.role] === situation.level,
  gridStaff: (situation) => situation.role === 'grid_leader' || situation.role === 'grid_member',
  worker: (situation) => ['grid_leader', 'grid_member', 'cadre'].includes(situation.role),
  assignee: (situation) => situation.relation.isAssignee,
  reporter: (situation) => situation.relation.isReporter,
  superior: (situation) => {
    const level = handledLevel[situation.role];
    return level !== undefined && height[level] > height[situation.level];
  },
  viewer: () => true,
};

type Rule = {
  /** The statuses the action starts from, each with the status it leads to. */
  leads: Partial<Record<CaseStatus, CaseStatus>>;
  parties: Party[];
  guard?: (situation: Situation) => boolean;
};

/** An action that keeps the status: a note, a rating, publishing. */
function staysIn(...statuses: CaseStatus[]): Partial<Record<CaseStatus, CaseStatus>> {
  return Object.fromEntries(statuses.map((status) => [status, status]));
}

const rules: Record<CaseAction, Rule> = {
  accept: { leads: { reported: 'accepted' }, parties: ['handler'] },
  return: {
    // Back to the reporter before anyone works on it; back to the dispatcher once it is someone's.
    leads: { reported: 'returned', accepted: 'returned', dispatched: 'accepted', in_progress: 'accepted' },
    parties: ['handler', 'assignee'],
  },
  resubmit: { leads: { returned: 'reported' }, parties: ['reporter', 'gridStaff'] },
  dispatch: { leads: { accepted: 'dispatched', dispatched: 'dispatched' }, parties: ['handler'] },
  publish: {
    leads: staysIn('accepted'),
    parties: ['handler'],
    guard: (situation) => !situation.isPublished && (situation.kind === 'need' || situation.kind === 'livelihood'),
  },
  claim: { leads: { accepted: 'dispatched' }, parties: ['worker'], guard: (situation) => situation.isPublished },
  start: { leads: { dispatched: 'in_progress' }, parties: ['assignee'] },
  handle: { leads: { in_progress: 'handled' }, parties: ['assignee'] },
  // 自行处置: only the grid's own staff, and only for a case the grid itself handles.
  self_handle: {
    leads: { reported: 'handled', accepted: 'handled' },
    parties: ['gridStaff'],
    guard: (situation) => situation.level === 'grid',
  },
  verify: {
    leads: { handled: 'verified' },
    parties: ['gridStaff', 'handler'],
    guard: (situation) => !situation.relation.isAssignee,
  },
  reopen: {
    leads: { handled: 'in_progress', verified: 'in_progress', closed: 'in_progress' },
    parties: ['gridStaff', 'handler', 'reporter'],
    guard: (situation) => situation.status !== 'closed' || situation.closing.isWithinReopenWindow,
  },
  close: { leads: { verified: 'closed' }, parties: ['handler'] },
  escalate: {
    leads: {
      reported: 'reported',
      accepted: 'reported',
      dispatched: 'reported',
      in_progress: 'reported',
      parked: 'reported',
    },
    parties: ['handler', 'assignee'],
    guard: (situation) => situation.level !== 'county',
  },
  park: { leads: { accepted: 'parked', dispatched: 'parked', in_progress: 'parked' }, parties: ['handler'] },
  resume: { leads: { parked: 'accepted' }, parties: ['handler'] },
  merge: { leads: { reported: 'merged', accepted: 'merged' }, parties: ['handler'] },
  rate: { leads: staysIn('verified', 'closed'), parties: ['gridStaff', 'handler', 'reporter'] },
  revisit: { leads: staysIn('closed'), parties: ['gridStaff', 'handler'] },
  urge: { leads: staysIn('reported', 'accepted', 'dispatched', 'in_progress'), parties: ['superior'] },
  comment: {
    leads: staysIn(
      'reported',
      'accepted',
      'dispatched',
      'in_progress',
      'handled',
      'verified',
      'closed',
      'returned',
      'parked',
    ),
    parties: ['viewer'],
  },
};

function isExpected(action: CaseAction, situation: Situation): boolean {
  const rule = rules[action];
  return (
    situation.isInScope &&
    rule.leads[situation.status] !== undefined &&
    rule.parties.some((party) => isParty[party](situation)) &&
    (rule.guard?.(situation) ?? true)
  );
}

const actorId = 'the-user';
const otherId = 'someone-else';

function factsOf(situation: Situation): { facts: CaseFacts; actor: ActorFacts } {
  return {
    facts: {
      status: situation.status,
      level: situation.level,
      kind: situation.kind,
      tier: 'general',
      assigneeId: situation.relation.isAssignee ? actorId : otherId,
      reporterId: situation.relation.isReporter ? actorId : otherId,
      isPublished: situation.isPublished,
      closedAt: situation.closing.closedAt,
      rating: null,
    },
    actor: { id: actorId, role: situation.role, isInScope: situation.isInScope },
  };
}

function describeSituation(situation: Situation): string {
  const scope = situation.isInScope ? 'in scope' : 'out of scope';
  const published = situation.isPublished ? 'published' : 'not published';
  return (
    `${situation.role} (${scope}, ${situation.relation.label}) on a ${situation.status} ${situation.kind} case at ` +
    `${situation.level} level, ${published}, ${situation.closing.label}`
  );
}

/** Every combination: 10 statuses × 4 levels × 4 kinds × 2 × 4 closings × every role × 2 scopes × 4 relations. */
const situations: Situation[] = caseStatuses.flatMap((status) =>
  caseLevels.flatMap((level) =>
    caseKinds.flatMap((kind) =>
      [false, true].flatMap((isPublished) =>
        closings.flatMap((closing) =>
          roles.flatMap((role) =>
            [true, false].flatMap((isInScope) =>
              relations.map((relation) => ({
                status,
                level,
                kind,
                isPublished,
                closing,
                role,
                isInScope,
                relation,
              })),
            ),
          ),
        ),
      ),
    ),
  ),
);

/** Situations where the answer differs from the expectation, the first few spelled out. */
function expectNoMismatch(mismatches: string[]) {
  expect(mismatches.length, mismatches.slice(0, 10).join('\n')).toBe(0);
}

describe('the transition table', () => {
  it('covers every combination of the situation', () => {
    expect(situations).toHaveLength(10 * 4 * 4 * 2 * 4 * roles.length * 2 * 4);
    expect(Object.keys(rules).sort()).toEqual([...caseActions].sort());
  });

  describe.each(caseActions)('%s', (action) => {
    it('is allowed exactly from its statuses, to its parties, when its condition holds', () => {
      const mismatches: string[] = [];
      for (const situation of situations) {
        const { facts, actor } = factsOf(situation);
        const expected = isExpected(action, situation);
        if (canTakeAction(action, facts, actor, now) !== expected) {
          mismatches.push(`${expected ? 'refused' : 'allowed'}: ${describeSituation(situation)}`);
        }
      }
      expectNoMismatch(mismatches);
    });

    it('leads from each status it starts from to the expected status', () => {
      const leads = Object.entries(rules[action].leads) as [CaseStatus, CaseStatus][];
      expect(leads.length).toBeGreaterThan(0);
      for (const [from, to] of leads) expect(nextStatus(action, from), `${action} from ${from}`).toBe(to);
    });
  });

  it('lists the allowed actions of every situation, in the order of the action list', () => {
    const mismatches: string[] = [];
    for (const situation of situations) {
      const { facts, actor } = factsOf(situation);
      const expected = caseActions.filter((action) => isExpected(action, situation));
      const actual = allowedActions(facts, actor, now);
      if (actual.join() !== expected.join()) {
        mismatches.push(`${describeSituation(situation)}: [${actual.join()}] instead of [${expected.join()}]`);
      }
    }
    expectNoMismatch(mismatches);
  });
});

/** What each status waits for, written out apart from `awaitedActions`. */
const awaitedSteps: Partial<Record<CaseStatus, CaseAction>> = {
  reported: 'accept',
  accepted: 'dispatch',
  dispatched: 'start',
  in_progress: 'handle',
  handled: 'verify',
  verified: 'close',
  closed: 'rate',
  returned: 'resubmit',
};

describe('the to-do list (what a case waits for)', () => {
  it('puts a case on the list of exactly those who may take its next step now', () => {
    const mismatches: string[] = [];
    for (const situation of situations) {
      const { facts, actor } = factsOf(situation);
      const step = awaitedSteps[situation.status];
      const isRatingDue = situation.status !== 'closed' || situation.closing.isWithinReopenWindow;
      const expected = step !== undefined && isExpected(step, situation) && isRatingDue ? step : undefined;
      const actual = awaitedActionOf(facts, actor, now);
      if (actual !== expected) mismatches.push(`${describeSituation(situation)}: ${actual} instead of ${expected}`);
    }
    expectNoMismatch(mismatches);
  });

  it('waits for no rating of a closed case that has one, or of a simple matter closed on the spot', () => {
    for (const situation of situations.filter((candidate) => candidate.status === 'closed')) {
      const { facts, actor } = factsOf(situation);
      expect(awaitedActionOf({ ...facts, rating: 4 }, actor, now), describeSituation(situation)).toBeUndefined();
      expect(awaitedActionOf({ ...facts, tier: 'simple' }, actor, now), describeSituation(situation)).toBeUndefined();
    }
  });
});

describe('properties of the closed loop', () => {
  it('lets nobody do anything to a merged case, not even comment on it', () => {
    for (const situation of situations.filter((candidate) => candidate.status === 'merged')) {
      const { facts, actor } = factsOf(situation);
      expect(allowedActions(facts, actor, now), describeSituation(situation)).toEqual([]);
    }
  });

  it('leads every action from every status to a status', () => {
    for (const action of caseActions) {
      for (const status of caseStatuses) {
        expect(caseStatuses, `${action} from ${status}`).toContain(nextStatus(action, status));
      }
    }
  });

  it('never lets whoever did the work verify it', () => {
    const assignees = situations.filter((situation) => situation.relation.isAssignee);
    for (const situation of assignees) {
      const { facts, actor } = factsOf(situation);
      expect(canTakeAction('verify', facts, actor, now), describeSituation(situation)).toBe(false);
    }
  });

  it('never escalates a case at the county, the top of the chain', () => {
    for (const situation of situations.filter((candidate) => candidate.level === 'county')) {
      const { facts, actor } = factsOf(situation);
      expect(canTakeAction('escalate', facts, actor, now), describeSituation(situation)).toBe(false);
    }
  });

  it('never lets a grid settle by itself a case that sits above the grid', () => {
    for (const situation of situations.filter((candidate) => candidate.level !== 'grid')) {
      const { facts, actor } = factsOf(situation);
      expect(canTakeAction('self_handle', facts, actor, now), describeSituation(situation)).toBe(false);
    }
  });

  it('lets only a level above the case urge it', () => {
    for (const situation of situations) {
      const { facts, actor } = factsOf(situation);
      if (canTakeAction('urge', facts, actor, now)) {
        expect(height[handledLevel[situation.role]!], describeSituation(situation)).toBeGreaterThan(
          height[situation.level],
        );
      }
    }
  });

  it('lets nobody act on a case outside their scope', () => {
    for (const situation of situations.filter((candidate) => !candidate.isInScope)) {
      const { facts, actor } = factsOf(situation);
      expect(allowedActions(facts, actor, now), describeSituation(situation)).toEqual([]);
    }
  });
});
