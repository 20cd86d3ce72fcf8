import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import type { CaseCategory } from '../../../shared/api/case-catalogue.js';
import type { Case, transitionBody } from '../../../shared/api/cases.js';
import {
  caseTransitions,
  canTakeAction,
  levelAbove,
  nextStatus,
  awaitedActions,
  type CaseAction,
  type CaseLevel,
  type CaseSource,
  type CaseStatus,
  type CaseTier,
} from '../../../shared/cases.js';
import { chinaDate } from '../../../shared/clock.js';
import type { NotificationKind, RobotMessage } from '../../../shared/notifications.js';
import { accountIdOf, type Actor } from '../../auth/actor.js';
import type { Database, Executor } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { inTransactionWithAudit, type Audited, type Recorded } from '../audit/audit.service.js';
import { notifyAccounts, queueRobotMessage, type NotificationParams } from '../notifications/notifications.service.js';
import { queueResidentNotices } from '../resident/resident-notices.service.js';
import * as repository from './cases.repository.js';
import {
  actorFacts,
  assertCanReadCases,
  assignableAccounts,
  caseActorOf,
  factsOf,
  loadCase,
  present,
  waitingAccountIds,
} from './cases.service.js';
import { countyRobots } from './case-settings.js';
import { deadlineFrom, loadCategory } from './catalogue.service.js';
import { warningFor } from './deadlines.js';
import { addToFigures, type FigureDeltas } from './figures.repository.js';

/** An action as the route has read it. */
type TransitionInput = z.infer<typeof transitionBody>;

const inputField = {
  reason: 'reason',
  note: 'note',
  result: 'result',
  assignee: 'assigneeId',
  rating: 'rating',
  duplicateOf: 'duplicateOfId',
  deadline: 'deadline',
} as const;

function requireInputs(input: TransitionInput) {
  for (const need of caseTransitions[input.action].needs) {
    const field = inputField[need];
    if (input[field] === undefined) {
      throw new AppError(
        'validation_failed',
        { en: `The action "${input.action}" needs ${field}.`, zh: `操作“${input.action}”需要填写 ${field}。` },
        { field },
      );
    }
  }
}

/**
 * Takes an action on a case: checks it against the transition table for this user, applies it with its timeline
 * entry, figures and notifications in one transaction. Of two users acting at once one succeeds; the other, finding
 * the case changed, gets 409.
 */
export async function transitionCase(db: Database, caller: Actor, id: string, input: TransitionInput): Promise<Case> {
  assertCanReadCases(caller);
  const actor = caseActorOf(caller);
  requireInputs(input);
  // A look at a case outside the scope is audited: look before the transaction, which the 404 would undo with it.
  await loadCase(db, actor, id);
  if (input.action === 'merge') await loadCase(db, actor, input.duplicateOfId!);
  return inTransactionWithAudit(db, actor, async (transaction) => {
    const row = await loadCase(transaction, actor, id, { forUpdate: true });
    const { record } = row;
    // The transaction's clock, read with the row: now() is the same throughout a transaction.
    const now = new Date(row.databaseNow);
    if (input.version !== undefined && input.version !== record.version) {
      throw new AppError(
        'case_changed',
        {
          en: 'Someone changed this case meanwhile: look at it again before acting.',
          zh: '此案件刚被他人修改，请重新查看后再操作。',
        },
        {
          version: record.version,
        },
      );
    }
    if (!caseTransitions[input.action].from.includes(record.status)) {
      throw new AppError(
        'case_changed',
        {
          en: `A case that is ${record.status} cannot be given "${input.action}".`,
          zh: `状态为 ${record.status} 的案件不能执行“${input.action}”。`,
        },
        {
          status: record.status,
        },
      );
    }
    if (!canTakeAction(input.action, factsOf(record), actorFacts(actor, record.regionCode), now)) {
      throw new AppError('forbidden', {
        en: `You may not "${input.action}" this case.`,
        zh: `您不能对此案件执行“${input.action}”。`,
      });
    }
    const change = await applyAction(transaction, actor, row, input, now);
    const note = input.reason ?? input.result ?? input.note ?? null;
    await writeChange(transaction, row, change, { action: input.action, actor, note, now });
    return {
      result: present((await repository.findCase(transaction, actor, id))!, actor, now),
      audit: changeAudit(row, change, input.action),
    };
  });
}

/** The audit entry of an action on a case: what was done, from which status and level to which. */
function changeAudit(row: repository.CaseRow, change: Change, action: CaseAction): Recorded {
  const { record } = row;
  return {
    action: `case.${action}`,
    entityType: 'case',
    entityId: record.id,
    regionCode: record.regionCode,
    countyId: record.countyId,
    outcome: 'success',
    details: {
      number: record.number,
      fromStatus: record.status,
      toStatus: change.changes.status ?? record.status,
      fromLevel: record.level,
      toLevel: change.changes.level ?? record.level,
      ...change.details,
    },
  };
}

/**
 * Escalates a case past its deadline one level up by itself (the sweep, on a locked case): the same change as a
 * handler's escalation, with no account as its actor on the timeline; the audit entry names the system actor.
 */
export async function escalateAtDeadline(
  db: Executor,
  row: repository.CaseRow,
  now: Date,
): Promise<Audited<undefined>> {
  const change = await escalation(db, row, null, now);
  await writeChange(db, row, change, { action: 'escalate', actor: null, note: null, now });
  return { result: undefined, audit: changeAudit(row, change, 'escalate') };
}

type Change = {
  changes: Partial<repository.CaseRow['record']>;
  details: Record<string, unknown> | null;
  /** Notices beyond those every change sends (see `noticesOf`). */
  notices: { accountIds: string[]; kind: NotificationKind; params?: NotificationParams }[];
  robotMessage?: RobotMessage;
};

/** The statuses that end a case for its reporter, who is told. */
const outcomeStatuses: readonly CaseStatus[] = ['closed', 'merged', 'parked'];

/**
 * Who hears of a change besides its own notices: when the case comes to wait for another step or other people,
 * everyone who may take that step now (once, for this change); when it ends, its reporter. Nobody is told of
 * their own action.
 */
async function noticesOf(
  db: Executor,
  before: repository.CaseRow['record'],
  after: repository.CaseRow['record'],
  actorId: string | null,
  now: Date,
): Promise<Change['notices']> {
  const isNewStep =
    after.status !== before.status || after.level !== before.level || after.assigneeId !== before.assigneeId;
  if (!isNewStep) return [];
  const reporterId = after.reporterId !== actorId ? after.reporterId : null;
  const isOutcome = after.status !== before.status && outcomeStatuses.includes(after.status) && reporterId !== null;
  const waitingIds = (await waitingAccountIds(db, after, now)).filter(
    (id) => id !== actorId && !(isOutcome && id === reporterId),
  );
  return [
    { accountIds: waitingIds, kind: 'awaiting', params: { action: awaitedActions[after.status] ?? null } },
    ...(isOutcome ? [{ accountIds: [reporterId!], kind: 'outcome' as const, params: { status: after.status } }] : []),
  ];
}

/** The change an action starts from: the status it leads to, if that is another one. */
function statusChange(action: CaseAction, current: CaseStatus): Change {
  const status = nextStatus(action, current);
  return { changes: status === current ? {} : { status }, details: null, notices: [] };
}

/**
 * Writes a change with its timeline entry, notifications and robot message, if the case is still at the version
 * it was read at. `actor` is null for what the system does by itself.
 */
async function writeChange(
  db: Executor,
  row: repository.CaseRow,
  change: Change,
  entry: { action: CaseAction; actor: Actor | null; note: string | null; now: Date },
) {
  const { record } = row;
  const isWritten = await repository.updateCase(db, record.countyId, record.id, record.version, change.changes);
  if (!isWritten)
    throw new AppError('case_changed', {
      en: 'Someone changed this case meanwhile: look at it again.',
      zh: '此案件刚被他人修改，请重新查看。',
    });
  await repository.insertEvent(db, {
    countyId: record.countyId,
    id: uuidv7(),
    caseId: record.id,
    at: entry.now,
    actorId: entry.actor ? accountIdOf(entry.actor) : null,
    actorName: entry.actor?.displayName ?? null,
    action: entry.action,
    fromStatus: record.status,
    toStatus: change.changes.status ?? record.status,
    fromLevel: record.level,
    toLevel: change.changes.level ?? record.level,
    note: entry.note,
    details: change.details,
  });
  await tellResident(db, record, change.changes.status);
  const notices = [
    ...(await noticesOf(db, record, { ...record, ...change.changes }, entry.actor?.id ?? null, entry.now)),
    ...change.notices,
  ];
  for (const notice of notices) {
    await notifyAccounts(db, {
      countyId: record.countyId,
      caseId: record.id,
      accountIds: notice.accountIds,
      kind: notice.kind,
      params: { number: record.number, regionName: row.regionName, ...notice.params },
    });
  }
  if (change.robotMessage) {
    await queueRobotMessage(db, record.countyId, await countyRobots(db, record.countyId), change.robotMessage);
  }
}

/** The statuses a resident who reported the case is told of: handled (confirm and rate it) and closed. */
const residentNoticeOf: Partial<Record<CaseStatus, 'case_handled' | 'case_closed'>> = {
  handled: 'case_handled',
  closed: 'case_closed',
};

/** Whether a case that came to this status may have a notice for its resident to text (after the change commits). */
export function mayTellResident(status: CaseStatus): boolean {
  return residentNoticeOf[status] !== undefined;
}

/** Tells the case's reporter, when they are a resident, that it was handled or closed (texted after commit). */
async function tellResident(db: Executor, record: repository.CaseRow['record'], status: CaseStatus | undefined) {
  const kind = status === undefined || status === record.status ? undefined : residentNoticeOf[status];
  if (kind === undefined || record.reporterId === null) return;
  await queueResidentNotices(
    db,
    {
      kind,
      countyId: record.countyId,
      subjectId: record.id,
      version: record.version,
      params: { number: record.number },
    },
    { accountIds: [record.reporterId] },
  );
}

/** The case's catalogue item, or none if the county has since removed or switched it off. */
function categoryOf(db: Executor, record: repository.CaseRow['record']) {
  return loadCategory(db, record.countyId, record.categoryCode).catch(() => undefined);
}

/** A new time limit from now, with its warning and overdue marks cleared; none without a catalogue item. */
async function restartClock(
  db: Executor,
  record: repository.CaseRow['record'],
  category: CaseCategory | undefined,
  now: Date,
  tier: CaseTier,
) {
  if (!category) return {};
  return { ...(await deadlineFrom(db, record.countyId, now, category, tier)), warnedAt: null, overdueAt: null };
}

/**
 * One level up, by a handler with their reason or at the deadline (`reason` null): back to reported for the new
 * level's handlers, who are told, as are the county's group robots; at the county it goes to the catalogue item's
 * department. The clock restarts with the complex time limit.
 */
async function escalation(db: Executor, row: repository.CaseRow, reason: string | null, now: Date): Promise<Change> {
  const { record } = row;
  const base = statusChange('escalate', record.status);
  const level = levelAbove(record.level)!;
  const category = await categoryOf(db, record);
  return {
    ...base,
    changes: {
      ...base.changes,
      level,
      assigneeId: null,
      isPublished: false,
      department: level === 'county' ? (category?.department ?? record.department) : record.department,
      ...(await restartClock(db, record, category, now, 'complex')),
    },
    details: reason === null ? { isAutomatic: true } : { reason },
    robotMessage: {
      kind: 'escalated',
      params: { number: record.number, regionName: row.regionName, fromLevel: record.level, toLevel: level, reason },
    },
  };
}

function figuresTarget(record: repository.CaseRow['record'], day: Date) {
  return {
    countyId: record.countyId,
    regionCode: record.regionCode,
    categoryCode: record.categoryCode,
    source: record.source as CaseSource,
    day: chinaDate(day),
  };
}

/** What a closing adds to its day's figures, or, with `sign` −1, takes back from them when the case is reopened. */
function closingFigures(
  record: repository.CaseRow['record'],
  closing: { at: Date; level: CaseLevel; isOnTime: boolean },
  sign: 1 | -1,
): FigureDeltas {
  return {
    closed: sign,
    closedOnTime: closing.isOnTime ? sign : 0,
    closedAt: closing.level,
    closeSeconds: (sign * (closing.at.getTime() - record.reportedAt.getTime())) / 1000,
  };
}

/** The changes one allowed action makes. */
async function applyAction(
  db: Executor,
  actor: Actor,
  row: repository.CaseRow,
  input: TransitionInput,
  now: Date,
): Promise<Change> {
  const { record } = row;
  const base = statusChange(input.action, record.status);
  switch (input.action) {
    case 'return': {
      // From dispatched or in progress the case goes back to whoever dispatched it, not to its reporter.
      const handsBack = base.changes.status === 'accepted';
      return { ...base, changes: { ...base.changes, ...(handsBack ? { assigneeId: null } : {}) } };
    }
    case 'dispatch': {
      const assignee = (await assignableAccounts(db, record)).find((account) => account.id === input.assigneeId);
      if (!assignee) {
        throw new AppError(
          'assignee_not_eligible',
          {
            en: 'Dispatch to someone of the case’s grid or of a level up to the one it sits at (see its assignees).',
            zh: '只能派遣给案件所在网格或其上至当前层级的人员（见可派遣人员）。',
          },
          { field: 'assigneeId' },
        );
      }
      return {
        ...base,
        changes: { ...base.changes, assigneeId: assignee.id, department: input.department ?? record.department },
        details: { assigneeId: assignee.id, assigneeName: assignee.displayName, department: input.department ?? null },
      };
    }
    case 'self_handle':
      return {
        ...base,
        changes: { ...base.changes, assigneeId: actor.id, result: input.result },
        details: { assigneeName: actor.displayName },
      };
    case 'urge':
      return urging(db, row, new Date(input.deadline!), now);
    case 'publish':
      return { ...base, changes: { isPublished: true } };
    case 'claim':
      return {
        ...base,
        changes: { ...base.changes, assigneeId: actor.id },
        details: { claimedBy: actor.displayName, onBehalfOf: input.note ?? null },
      };
    case 'handle':
      return { ...base, changes: { ...base.changes, result: input.result } };
    case 'verify':
      return await rated(db, row, input, base);
    case 'rate':
      return await rated(db, row, input, base);
    case 'close': {
      const isOnTime = record.deadline === null || now.getTime() <= record.deadline.getTime();
      await addToFigures(
        db,
        figuresTarget(record, now),
        closingFigures(record, { at: now, level: record.level, isOnTime }, 1),
      );
      return {
        ...base,
        changes: { ...base.changes, closedAt: now, closedLevel: record.level, isClosedOnTime: isOnTime },
      };
    }
    case 'reopen': {
      if (record.status === 'closed' && record.closedAt) {
        // The closing no longer counts: take it back from the day it was counted on.
        const closing = {
          at: record.closedAt,
          level: record.closedLevel ?? record.level,
          isOnTime: record.isClosedOnTime === true,
        };
        await addToFigures(db, figuresTarget(record, record.closedAt), closingFigures(record, closing, -1));
      }
      return {
        ...base,
        changes: {
          ...base.changes,
          closedAt: null,
          closedLevel: null,
          isClosedOnTime: null,
          ...(await restartClock(db, record, await categoryOf(db, record), now, record.tier)),
        },
      };
    }
    case 'escalate':
      return escalation(db, row, input.reason!, now);
    case 'resume':
      return {
        ...base,
        changes: {
          ...base.changes,
          ...(await restartClock(db, record, await categoryOf(db, record), now, record.tier)),
        },
      };
    case 'merge': {
      if (input.duplicateOfId === record.id) {
        throw new AppError(
          'validation_failed',
          { en: 'A case cannot duplicate itself.', zh: '案件不能与自身重复。' },
          { field: 'duplicateOfId' },
        );
      }
      const original = await loadCase(db, actor, input.duplicateOfId!);
      if (original.record.status === 'merged') {
        throw new AppError(
          'validation_failed',
          {
            en: 'Merge into the original case, not into another duplicate.',
            zh: '请合并到原案件，而不是另一个重复案件。',
          },
          {
            field: 'duplicateOfId',
          },
        );
      }
      return {
        ...base,
        changes: { ...base.changes, duplicateOfId: original.record.id },
        details: { duplicateOf: original.record.number },
      };
    }
    default:
      return base;
  }
}

/** How far off an urging may set the deadline of a case that has none ahead of it. */
const longestUrgingDays = 30;

/**
 * 督办: a new, earlier deadline with its warning, counted in the figures of the day and told to whoever the case
 * waits for. It presses: never later than a deadline still ahead, never in the past. Missing it escalates the case
 * again like any deadline.
 */
async function urging(db: Executor, row: repository.CaseRow, deadline: Date, now: Date): Promise<Change> {
  const { record } = row;
  const latest =
    record.deadline !== null && record.deadline > now
      ? record.deadline
      : new Date(now.getTime() + longestUrgingDays * 86_400_000);
  if (deadline <= now || deadline > latest) {
    throw new AppError(
      'validation_failed',
      {
        en: `Set the new deadline after now and no later than ${latest.toISOString()}: an urging brings a deadline forward.`,
        zh: `新的办理时限须晚于现在且不晚于 ${latest.toISOString()}：督办只能提前时限。`,
      },
      { field: 'deadline', latest: latest.toISOString() },
    );
  }
  await addToFigures(db, figuresTarget(record, now), { urged: 1 });
  return {
    changes: {
      deadline,
      warnAt: warningFor(now, deadline),
      warnedAt: null,
      overdueAt: null,
      urgedCount: record.urgedCount + 1,
      urgedAt: now,
    },
    details: { deadline: deadline.toISOString(), previousDeadline: record.deadline?.toISOString() ?? null },
    notices: [
      {
        accountIds: await waitingAccountIds(db, record, now),
        kind: 'urged',
        params: { deadline: deadline.toISOString() },
      },
    ],
  };
}

/** A rating given (with a verification, or on its own): replaces any earlier one in the figures. */
async function rated(db: Executor, row: repository.CaseRow, input: TransitionInput, base: Change) {
  if (input.rating === undefined) return base;
  const { record } = row;
  // Ratings count on the day the case was reported, so a second rating replaces the first where it was counted.
  const target = figuresTarget(record, record.reportedAt);
  if (record.rating !== null) await addToFigures(db, target, { ratingSum: -record.rating, ratingCount: -1 });
  await addToFigures(db, target, { ratingSum: input.rating, ratingCount: 1 });
  return { ...base, changes: { ...base.changes, rating: input.rating }, details: { rating: input.rating } };
}
