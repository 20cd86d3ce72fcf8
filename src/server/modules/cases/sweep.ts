import { uuidv7 } from 'uuidv7';
import { levelAbove, openStatuses } from '../../../shared/cases.js';
import { systemActor } from '../../auth/actor.js';
import type { Database, Executor } from '../../db/client.js';
import { inTransactionWithAudit, type Audited, type Recorded } from '../audit/audit.service.js';
import {
  deliverWebhooks,
  notifyAccounts,
  pruneSettled,
  queueRobotMessage,
} from '../notifications/notifications.service.js';
import type { FileStore } from '../../storage/file-store.js';
import { removeUnclaimedUploads } from '../../storage/unclaimed-uploads.js';
import { countyRobots } from './case-settings.js';
import { databaseNow, findCase, insertEvent, type CaseRow } from './cases.repository.js';
import { escalateAtDeadline } from './case-transitions.service.js';
import { handlerIdsAt } from './cases.service.js';
import { lockDueCases, markCase, type SweepMark } from './sweep.repository.js';
import { notifyOverduePairings } from '../pairings/pairings.service.js';
import { notifyLateWishes } from '../wishes/wishes.service.js';
import { deliverCaseEvents } from '../webhooks/webhooks.service.js';

export type SweepCounts = { warned: number; escalated: number; markedOverdue: number };
type Outcome = keyof SweepCounts;
type CaseRecord = CaseRow['record'];

/** Cases locked and handled per transaction. */
const batchSize = 100;

/** The sweep works across every county on behalf of no one, and the audit log names it `system:sweep`. */
const sweeper = systemActor('sweep');

/**
 * One kind of case the sweep looks for: the mark whose condition in SQL selects and locks them, the same condition
 * in code, checked again on the locked row, and what is done to each.
 */
type Step = {
  mark: SweepMark;
  isDue(record: CaseRecord, now: Date): boolean;
  handle(db: Executor, row: CaseRow, now: Date): Promise<Audited<Outcome>>;
};

/** The audit entry of a mark the sweep sets on a case. */
function markAudit(record: CaseRecord, action: 'case.warn' | 'case.mark_overdue'): Recorded {
  return {
    action,
    entityType: 'case',
    entityId: record.id,
    regionCode: record.regionCode,
    countyId: record.countyId,
    outcome: 'success',
    details: { number: record.number, deadline: record.deadline?.toISOString() ?? null },
  };
}

/** Four fifths of the time used up: the assignee is told, or without one the handlers of the case's level. */
const warning: Step = {
  mark: 'warning',
  // A deadline already passed gets the overdue notice instead.
  isDue: (record, now) =>
    openStatuses.includes(record.status) &&
    record.warnedAt === null &&
    record.warnAt !== null &&
    record.warnAt <= now &&
    (record.deadline === null || record.deadline > now),
  async handle(db, row, now) {
    const { record } = row;
    await markCase(db, record, { warnedAt: now });
    await recordSweepEvent(db, record, 'warn', now);
    await notifyAccounts(db, {
      countyId: record.countyId,
      caseId: record.id,
      accountIds: record.assigneeId ? [record.assigneeId] : await handlerIdsAt(db, record.regionCode, record.level),
      kind: 'warning',
      params: noticeParams(row),
    });
    return { result: 'warned', audit: markAudit(record, 'case.warn') };
  },
};

/**
 * Past the deadline at its level: marked overdue, then escalated one level up; at the county, where there is no
 * level above, only marked, with its handlers and the group robots told.
 */
const overdue: Step = {
  mark: 'overdue',
  isDue: (record, now) =>
    openStatuses.includes(record.status) &&
    record.overdueAt === null &&
    record.deadline !== null &&
    record.deadline <= now,
  async handle(db, row, now) {
    const { record } = row;
    // No warning follows for a deadline already passed.
    await markCase(db, record, { overdueAt: now, warnedAt: record.warnedAt ?? now });
    await recordSweepEvent(db, record, 'overdue', now);
    if (levelAbove(record.level) !== undefined) {
      return { ...(await escalateAtDeadline(db, row, now)), result: 'escalated' };
    }
    const handlerIds = await handlerIdsAt(db, record.regionCode, record.level);
    await notifyAccounts(db, {
      countyId: record.countyId,
      caseId: record.id,
      accountIds: record.assigneeId ? [record.assigneeId, ...handlerIds] : handlerIds,
      kind: 'overdue',
      params: noticeParams(row),
    });
    await queueRobotMessage(db, record.countyId, await countyRobots(db, record.countyId), {
      kind: 'overdue',
      params: { number: record.number, regionName: row.regionName, deadline: record.deadline!.toISOString() },
    });
    return { result: 'markedOverdue', audit: markAudit(record, 'case.mark_overdue') };
  },
};

/** What a deadline's notice says: the case and its deadline. */
function noticeParams(row: CaseRow) {
  return {
    number: row.record.number,
    regionName: row.regionName,
    deadline: row.record.deadline?.toISOString() ?? null,
  };
}

function recordSweepEvent(db: Executor, record: CaseRecord, action: 'warn' | 'overdue', now: Date) {
  return insertEvent(db, {
    countyId: record.countyId,
    id: uuidv7(),
    caseId: record.id,
    at: now,
    actorId: null,
    actorName: null,
    action,
    fromStatus: record.status,
    toStatus: record.status,
    fromLevel: record.level,
    toLevel: record.level,
    details: { deadline: record.deadline?.toISOString() ?? null },
  });
}

export type SweepOptions = {
  /** Told of a case that could not be handled; it is left for the next sweep and the others go on. */
  onError?: (error: unknown, caseId: string) => void;
};

/**
 * Handles every case a step finds, a batch per transaction. Each batch locks its cases, skipping those another
 * sweep (or a user's action) holds, and checks each again once locked, so no case is handled twice for one
 * deadline however many sweeps run at once. A case that fails is rolled back alone and not retried in this run.
 */
async function runStep(db: Database, step: Step, counts: SweepCounts, options: SweepOptions) {
  const failedIds: string[] = [];
  for (;;) {
    const { found, outcomes } = await db.transaction(async (transaction) => {
      const now = await databaseNow(transaction);
      const due = await lockDueCases(transaction, step.mark, failedIds, batchSize);
      const outcomes: Outcome[] = [];
      for (const { id } of due) {
        const row = await findCase(transaction, sweeper, id);
        if (!row || !step.isDue(row.record, now)) continue;
        try {
          // Each case in a savepoint with its audit entry: a case that fails is undone alone, unaudited.
          outcomes.push(
            await inTransactionWithAudit(transaction, sweeper, (savepoint) => step.handle(savepoint, row, now)),
          );
        } catch (error) {
          failedIds.push(id);
          options.onError?.(error, id);
        }
      }
      return { found: due.length, outcomes };
    });
    for (const outcome of outcomes) counts[outcome] += 1;
    if (found < batchSize) return;
  }
}

/**
 * The time limits, on the database's clock alone: warns of deadlines near, marks cases past them and escalates
 * those that can go one level up. Safe to run at any time, twice, or on several instances at once.
 */
export async function sweepCases(db: Database, options: SweepOptions = {}): Promise<SweepCounts> {
  const counts: SweepCounts = { warned: 0, escalated: 0, markedOverdue: 0 };
  await runStep(db, warning, counts, options);
  await runStep(db, overdue, counts, options);
  return counts;
}

/** Sends the group robot messages that are due, to the robots as the counties' settings name them now. */
function deliverRobotMessages(db: Database, options: { isPrivateAllowed: boolean }) {
  return deliverWebhooks(db, { ...options, robotsOf: countyRobots });
}

/** Where a round tells what it did: the server's logger, or the console for `gridlink sweep`. */
export type SweepLog = {
  info(details: object, message: string): void;
  error(details: { err?: unknown; caseId?: string }, message: string): void;
};
type RoundOptions = { log: SweepLog; isPrivateWebhookAllowed: boolean; files: FileStore };

/**
 * One round of the background work: the case sweep, the group robot messages and the case event webhooks, the
 * reminders of overdue pairings and late wishes, and clearing settled messages and unclaimed uploads. The server runs
 * it every `intervalSeconds`, `gridlink sweep` once. Each part's counts are logged when it did anything; a part that
 * fails is logged and the rest still run.
 */
export async function sweepOnce(db: Database, options: RoundOptions): Promise<void> {
  const { log } = options;
  const runPart = async (name: string, work: () => Promise<Record<string, number>>) => {
    try {
      const counts = await work();
      if (Object.values(counts).some((count) => count > 0)) log.info(counts, name);
    } catch (error) {
      log.error({ err: error }, `${name} failed`);
    }
  };
  await runPart('Case sweep', () =>
    sweepCases(db, {
      onError: (error, caseId) => log.error({ err: error, caseId }, 'The sweep could not handle a case'),
    }),
  );
  await runPart('Group robot messages', () =>
    deliverRobotMessages(db, { isPrivateAllowed: options.isPrivateWebhookAllowed }),
  );
  await runPart('Case event webhooks', () =>
    deliverCaseEvents(db, { isPrivateAllowed: options.isPrivateWebhookAllowed }),
  );
  await runPart('Overdue pairings', async () => ({ told: await notifyOverduePairings(db) }));
  await runPart('Late micro-wishes', async () => ({ told: await notifyLateWishes(db) }));
  await runPart('Clearing old notifications and messages', () => pruneSettled(db));
  await runPart('Clearing unclaimed uploads', () => removeUnclaimedUploads(db, options.files));
}

/**
 * Runs `sweepOnce` now and every `intervalSeconds`, outside any request; `stop` waits for a round under way.
 */
export function startSweeping(db: Database, options: RoundOptions & { intervalSeconds: number }) {
  let timer: NodeJS.Timeout | undefined;
  let round: Promise<void> | undefined;
  let isStopped = false;
  const runRound = () => sweepOnce(db, options);
  const schedule = (delayMilliseconds: number) => {
    timer = setTimeout(() => {
      round = runRound().finally(() => {
        round = undefined;
        if (!isStopped) schedule(options.intervalSeconds * 1000);
      });
    }, delayMilliseconds);
  };
  // The first round catches up with what came due while the server was down.
  schedule(0);
  return {
    async stop() {
      isStopped = true;
      clearTimeout(timer);
      await round;
    },
  };
}
