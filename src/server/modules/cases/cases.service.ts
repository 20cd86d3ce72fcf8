import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import {
  caseLevels,
  caseSources,
  caseStatuses,
  caseTiers,
  allowedActions,
  caseTransitions,
  canTakeAction,
  handlingLevelOf,
  levelAbove,
  nextStatus,
  openStatuses,
  type CaseAction,
  type CaseLevel,
  type CaseSource,
  type CaseStatus,
  type CaseTier,
} from '../../../shared/cases.js';
import { regionCodeWidth, roles, type Role } from '../../../shared/policy.js';
import { assertCan, type Actor } from '../../auth/actor.js';
import { isCodeInScope } from '../../auth/scope.js';
import { loadVisible } from '../../auth/visibility.js';
import type { Database, Executor } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { toPage } from '../../http.js';
import { notifyAccounts, queueRobotMessage, type NotificationKind } from '../notifications/notifications.service.js';
import { loadGridRegion, loadRegion, locatePoint } from '../regions/regions.service.js';
import { loadHousehold } from '../registry/households.service.js';
import { loadPerson } from '../registry/persons.service.js';
import { loadPlace } from '../registry/places.service.js';
import { readCaseSettings } from './case-settings.js';
import * as repository from './cases.repository.js';
import { chinaDate, deadlineFor, warningFor } from './deadlines.js';
import { addToFigures } from './figures.repository.js';

export type CaseCategory = repository.CaseCategoryRow;

/** The county a user works in; administrators, who work across counties, name it. */
export function countyOf(actor: Actor, countyId?: string): string {
  const county = actor.countyId ?? countyId;
  if (!county) throw new AppError('validation_failed', 'Name the county (countyId): you work across counties.');
  return county;
}

export async function listCategories(db: Database, actor: Actor, countyId?: string) {
  assertCan(actor, 'case.read');
  return repository.listCategories(db, countyOf(actor, countyId));
}

async function loadCategory(db: Executor, countyId: string, code: string) {
  const category = (await repository.listCategories(db, countyId)).find((row) => row.code === code);
  if (!category || !category.isActive) {
    throw new AppError('validation_failed', `"${code}" is not an item of the county's grid item catalogue.`, {
      field: 'category',
    });
  }
  return category;
}

/** Where a case stands after an action: its status, level and deadline, and when it was closed. */
type CaseState = Pick<
  repository.CaseRow['record'],
  'status' | 'level' | 'assigneeId' | 'reporterId' | 'isPublished' | 'closedAt' | 'kind'
>;

function factsOf(record: CaseState) {
  return {
    status: record.status,
    level: record.level,
    kind: record.kind,
    assigneeId: record.assigneeId,
    reporterId: record.reporterId,
    isPublished: record.isPublished,
    closedAt: record.closedAt,
  };
}

function actorFacts(actor: Actor, regionCode: string) {
  return { id: actor.id, role: actor.role, isInScope: isCodeInScope(actor, regionCode) };
}

/** The roles that handle cases at a level. */
function rolesAt(level: CaseLevel): Role[] {
  return roles.filter((role) => role !== 'admin' && handlingLevelOf(role) === level);
}

/** The accounts that handle a case's grid at a level: who hears of an escalation, a warning or an overdue case. */
export async function handlerIdsAt(db: Executor, regionCode: string, level: CaseLevel): Promise<string[]> {
  return (await repository.findHandlers(db, regionCode, rolesAt(level))).map((handler) => handler.id);
}

/** How messages name a case: its number and its grid. */
export function caseLabel(row: repository.CaseRow): string {
  return `${row.record.number}（${row.regionName}）`;
}

function present(row: repository.CaseRow, actor: Actor, now: Date) {
  const { record } = row;
  return {
    id: record.id,
    number: record.number,
    category: record.categoryCode,
    kind: record.kind,
    tier: record.tier,
    source: record.source,
    status: record.status,
    level: record.level,
    regionId: record.regionId,
    regionName: row.regionName,
    location:
      record.latitude !== null && record.longitude !== null ? { lat: record.latitude, lng: record.longitude } : null,
    address: record.address,
    description: record.description,
    householdId: record.householdId,
    personIds: record.personIds,
    placeId: record.placeId,
    residentName: record.residentName,
    reporterId: record.reporterId,
    reporterName: row.reporterName,
    assigneeId: record.assigneeId,
    assigneeName: row.assigneeName,
    department: record.department,
    isPublished: record.isPublished,
    duplicateOfId: record.duplicateOfId,
    result: record.result,
    deadline: record.deadline?.toISOString() ?? null,
    isOverdue:
      openStatuses.includes(record.status) && record.deadline !== null && record.deadline.getTime() < now.getTime(),
    reportedAt: record.reportedAt.toISOString(),
    closedAt: record.closedAt?.toISOString() ?? null,
    closedLevel: record.closedLevel,
    isClosedOnTime: record.isClosedOnTime,
    rating: record.rating,
    version: record.version,
    abilities: allowedActions(factsOf(record), actorFacts(actor, record.regionCode), now),
  };
}
export type PresentedCase = ReturnType<typeof present>;

export const reportInput = z.object({
  category: z.string().trim().min(1).max(50),
  description: z.string().trim().min(2).max(4000),
  regionId: z.uuid().optional(),
  location: z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).optional(),
  address: z.string().trim().max(200).default(''),
  tier: z.enum(caseTiers).optional(),
  source: z.enum(caseSources).default('visit'),
  householdId: z.uuid().optional(),
  personIds: z.array(z.uuid()).max(50).default([]),
  placeId: z.uuid().optional(),
  residentName: z.string().trim().max(50).optional(),
  residentPhone: z.string().trim().max(30).optional(),
  /** For a simple matter answered on the spot: what was answered or done. */
  result: z.string().trim().min(2).max(4000).optional(),
});
export type ReportInput = z.infer<typeof reportInput>;

/** The grid a report belongs to: the one named, or the one whose boundary holds the point. */
async function routeReport(db: Database, actor: Actor, input: ReportInput) {
  if (input.regionId) return loadGridRegion(db, actor, input.regionId);
  if (!input.location) {
    throw new AppError('validation_failed', 'Give the grid (regionId) or the place on the map (location).');
  }
  const { region } = await locatePoint(db, actor, input.location.lng, input.location.lat);
  if (!region || (region.level !== 'grid' && region.level !== 'micro_grid')) {
    throw new AppError('validation_failed', 'No grid of your area contains this point: choose the grid instead.', {
      field: 'location',
    });
  }
  return loadGridRegion(db, actor, region.id);
}

/** The level a new case starts at: on the spot for simple matters, one level up for complex ones. */
function startingLevel(tier: CaseTier, handlingLevel: CaseLevel): CaseLevel {
  if (tier === 'simple') return 'grid';
  if (tier === 'complex') return levelAbove(handlingLevel) ?? handlingLevel;
  return handlingLevel;
}

async function deadlineFrom(db: Executor, countyId: string, start: Date, category: CaseCategory, tier: CaseTier) {
  if (tier === 'simple') return { deadline: null, warnAt: null };
  const calendar = await readCaseSettings(db, countyId);
  const deadline = deadlineFor(start, tier === 'complex' ? category.complexLimit : category.generalLimit, calendar);
  return { deadline, warnAt: warningFor(start, deadline) };
}

/** The household, people and place a report names: each must be one the reporter may see (404 otherwise, audited). */
async function checkConcerned(db: Database, actor: Actor, input: ReportInput) {
  if (input.householdId) await loadHousehold(db, actor, input.householdId);
  for (const personId of new Set(input.personIds)) await loadPerson(db, actor, personId);
  if (input.placeId) await loadPlace(db, actor, input.placeId);
}

/**
 * Records a case where it was found. A simple matter answered on the spot is closed at once; the others start at
 * the level that handles their catalogue item, with the deadline its time limit gives.
 */
export async function reportCase(db: Database, actor: Actor, input: ReportInput) {
  assertCan(actor, 'case.report');
  const region = await routeReport(db, actor, input);
  await checkConcerned(db, actor, input);
  return db.transaction(async (transaction) => {
    const category = await loadCategory(transaction, region.countyId, input.category);
    const tier = input.tier ?? category.defaultTier;
    if (tier === 'simple' && !input.result) {
      throw new AppError('validation_failed', 'A simple matter is closed on the spot: say what was answered or done.', {
        field: 'result',
      });
    }
    const now = await repository.databaseNow(transaction);
    const level = startingLevel(tier, category.handlingLevel);
    const id = uuidv7();
    const status: CaseStatus = tier === 'simple' ? 'closed' : 'reported';
    const countyCode = region.code.slice(0, regionCodeWidth.county);
    await repository.insertCase(transaction, {
      countyId: region.countyId,
      id,
      number: await repository.nextCaseNumber(transaction, region.countyId, countyCode, chinaDate(now)),
      categoryCode: category.code,
      kind: category.kind,
      tier,
      source: input.source,
      status,
      level,
      regionId: region.id,
      regionCode: region.code,
      latitude: input.location?.lat ?? null,
      longitude: input.location?.lng ?? null,
      address: input.address,
      description: input.description,
      householdId: input.householdId ?? null,
      personIds: input.personIds,
      placeId: input.placeId ?? null,
      residentName: input.residentName ?? null,
      residentPhone: input.residentPhone ?? null,
      reporterId: actor.id,
      department: level === 'county' ? category.department : null,
      result: tier === 'simple' ? input.result : null,
      ...(await deadlineFrom(transaction, region.countyId, now, category, tier)),
      reportedAt: now,
      closedAt: tier === 'simple' ? now : null,
      closedLevel: tier === 'simple' ? 'grid' : null,
      isClosedOnTime: tier === 'simple' ? true : null,
    });
    const event = { countyId: region.countyId, caseId: id, actorId: actor.id, actorName: actor.displayName, at: now };
    await repository.insertEvent(transaction, {
      ...event,
      id: uuidv7(),
      action: 'report',
      toStatus: 'reported',
      toLevel: level,
      note: input.description,
    });
    const target = {
      countyId: region.countyId,
      regionCode: region.code,
      categoryCode: category.code,
      source: input.source,
      day: chinaDate(now),
    };
    if (tier === 'simple') {
      await repository.insertEvent(transaction, {
        ...event,
        id: uuidv7(),
        action: 'close',
        fromStatus: 'reported',
        toStatus: 'closed',
        fromLevel: level,
        toLevel: level,
        note: input.result,
      });
      await addToFigures(transaction, target, {
        reported: 1,
        closed: 1,
        closedOnTime: 1,
        closedAt: 'grid',
        closeSeconds: 0,
      });
    } else {
      await addToFigures(transaction, target, { reported: 1 });
    }
    return present((await repository.findCase(transaction, actor, id))!, actor, now);
  });
}

function loadCase(db: Executor, actor: Actor, id: string, options: { forUpdate?: boolean } = {}) {
  return loadVisible(db, actor, {
    type: 'case',
    id,
    code: 'case_not_found',
    find: () => repository.findCase(db, actor, id, options),
    existsAnywhere: () => repository.caseExists(db, id),
  });
}

export async function getCase(db: Database, actor: Actor, id: string) {
  assertCan(actor, 'case.read');
  const row = await loadCase(db, actor, id);
  const [events, files, now] = await Promise.all([
    repository.listEvents(db, row.record.countyId, id),
    repository.listFiles(db, row.record.countyId, id),
    repository.databaseNow(db),
  ]);
  return {
    ...present(row, actor, now),
    timeline: events.map((event) => ({
      id: event.id,
      at: event.at.toISOString(),
      actorName: event.actorName,
      action: event.action,
      fromStatus: event.fromStatus,
      toStatus: event.toStatus,
      fromLevel: event.fromLevel,
      toLevel: event.toLevel,
      note: event.note,
      details: event.details,
    })),
    files: files.map((file) => ({ ...file, createdAt: file.createdAt.toISOString() })),
  };
}

export const caseQuery = z.object({
  regionId: z.uuid().optional(),
  status: z
    .string()
    .transform((text) => text.split(','))
    .pipe(z.array(z.enum(caseStatuses)))
    .optional(),
  category: z.string().max(50).optional(),
  level: z.enum(caseLevels).optional(),
  overdue: z.stringbool().optional(),
  assignedToMe: z.stringbool().optional(),
  /** A case number as quoted on the phone, whole (339901-20261126-0007) or without the county (20261126-0007). */
  number: z.string().trim().min(1).max(40).optional(),
});
export type CaseQuery = z.infer<typeof caseQuery>;

function parseCursor(cursor: string | undefined) {
  if (cursor === undefined) return undefined;
  const [time, id] = cursor.split('|');
  const reportedAt = new Date(time ?? '');
  if (!id || Number.isNaN(reportedAt.getTime()) || !z.uuid().safeParse(id).success) {
    throw new AppError('bad_request', 'The cursor is not one this list gave out.');
  }
  return { reportedAt, id };
}

/** The case numbers a typed number may mean: itself, and within the caller's county without its code. */
function numbersMeant(typed: string, scopeCode: string | undefined): string[] {
  const countyCode = scopeCode?.slice(0, regionCodeWidth.county);
  return countyCode ? [typed, `${countyCode}-${typed}`] : [typed];
}

export async function listCases(
  db: Database,
  actor: Actor,
  query: CaseQuery & { cursor?: string | undefined; limit: number },
) {
  assertCan(actor, 'case.read');
  const root = query.regionId ? await loadRegion(db, actor, query.regionId) : undefined;
  const filter: repository.CaseFilter = {
    countyId: root?.countyId ?? actor.countyId,
    rootCode: root?.code ?? actor.regionCode ?? '',
    statuses: query.status,
    categoryCode: query.category,
    level: query.level,
    assigneeId: query.assignedToMe ? actor.id : undefined,
    isOverdue: query.overdue,
    numbers: query.number ? numbersMeant(query.number, root?.code ?? actor.regionCode) : undefined,
    after: parseCursor(query.cursor),
  };
  const [rows, now] = await Promise.all([
    repository.listCases(db, actor, filter, query.limit + 1),
    repository.databaseNow(db),
  ]);
  const page = toPage(rows, query.limit, (row) => `${row.record.reportedAt.toISOString()}|${row.record.id}`);
  return { items: page.items.map((row) => present(row, actor, now)), nextCursor: page.nextCursor };
}

export const transitionInput = z.object({
  action: z.enum(Object.keys(caseTransitions) as [CaseAction, ...CaseAction[]]),
  /** The version the user saw: a case changed meanwhile answers 409 instead of acting on what they did not see. */
  version: z.number().int().positive().optional(),
  reason: z.string().trim().min(2).max(2000).optional(),
  note: z.string().trim().min(1).max(4000).optional(),
  result: z.string().trim().min(2).max(4000).optional(),
  assigneeId: z.uuid().optional(),
  department: z.string().trim().max(100).optional(),
  rating: z.number().int().min(1).max(5).optional(),
  duplicateOfId: z.uuid().optional(),
});
export type TransitionInput = z.infer<typeof transitionInput>;

const inputField = {
  reason: 'reason',
  note: 'note',
  result: 'result',
  assignee: 'assigneeId',
  rating: 'rating',
  duplicateOf: 'duplicateOfId',
} as const;

function requireInputs(input: TransitionInput) {
  for (const need of caseTransitions[input.action].needs) {
    const field = inputField[need];
    if (input[field] === undefined) {
      throw new AppError('validation_failed', `The action "${input.action}" needs ${field}.`, { field });
    }
  }
}

/**
 * Takes an action on a case: checks it against the transition table for this user, applies it with its timeline
 * entry, figures and notifications in one transaction. Of two users acting at once one succeeds; the other, finding
 * the case changed, gets 409.
 */
export async function transitionCase(db: Database, actor: Actor, id: string, input: TransitionInput) {
  assertCan(actor, 'case.read');
  requireInputs(input);
  // A look at a case outside the scope is audited: look before the transaction, which the 404 would undo with it.
  await loadCase(db, actor, id);
  if (input.action === 'merge') await loadCase(db, actor, input.duplicateOfId!);
  return db.transaction(async (transaction) => {
    const row = await loadCase(transaction, actor, id, { forUpdate: true });
    const { record } = row;
    const now = await repository.databaseNow(transaction);
    if (input.version !== undefined && input.version !== record.version) {
      throw new AppError('case_changed', 'Someone changed this case meanwhile: look at it again before acting.', {
        version: record.version,
      });
    }
    if (!caseTransitions[input.action].from.includes(record.status)) {
      throw new AppError('case_changed', `A case that is ${record.status} cannot be given "${input.action}".`, {
        status: record.status,
      });
    }
    if (!canTakeAction(input.action, factsOf(record), actorFacts(actor, record.regionCode), now)) {
      throw new AppError('forbidden', `You may not "${input.action}" this case.`);
    }
    const change = await applyAction(transaction, actor, row, input, now);
    const note = input.reason ?? input.result ?? input.note ?? null;
    await writeChange(transaction, row, change, { action: input.action, actor, note, now });
    return present((await repository.findCase(transaction, actor, id))!, actor, now);
  });
}

/**
 * Escalates a case past its deadline one level up by itself (the sweep, on a locked case): the same change as a
 * handler's escalation, recorded with no one as its actor.
 */
export async function escalateAtDeadline(db: Executor, row: repository.CaseRow, now: Date) {
  const reason = '超过办理时限自动上报';
  const change = await escalation(db, row, reason, now);
  await writeChange(
    db,
    row,
    { ...change, details: { ...change.details, isAutomatic: true } },
    { action: 'escalate', actor: null, note: reason, now },
  );
}

type Change = {
  changes: Partial<repository.CaseRow['record']>;
  details: Record<string, unknown> | null;
  notices: { accountIds: string[]; kind: NotificationKind; message: string }[];
  robotMessage?: string;
};

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
  if (!isWritten) throw new AppError('case_changed', 'Someone changed this case meanwhile: look at it again.');
  await repository.insertEvent(db, {
    countyId: record.countyId,
    id: uuidv7(),
    caseId: record.id,
    at: entry.now,
    actorId: entry.actor?.id ?? null,
    actorName: entry.actor?.displayName ?? null,
    action: entry.action,
    fromStatus: record.status,
    toStatus: change.changes.status ?? record.status,
    fromLevel: record.level,
    toLevel: change.changes.level ?? record.level,
    note: entry.note,
    details: change.details,
  });
  for (const notice of change.notices) {
    await notifyAccounts(db, { countyId: record.countyId, caseId: record.id, ...notice });
  }
  if (change.robotMessage) await queueRobotMessage(db, record.countyId, change.robotMessage);
}

/** A new time limit from now, with its warning and overdue marks cleared; none if the catalogue lost the item. */
async function restartClock(db: Executor, record: repository.CaseRow['record'], now: Date, tier: CaseTier) {
  const category = await loadCategory(db, record.countyId, record.categoryCode).catch(() => undefined);
  if (!category) return {};
  return { ...(await deadlineFrom(db, record.countyId, now, category, tier)), warnedAt: null, overdueAt: null };
}

/**
 * One level up, by a handler or at the deadline: back to reported for the new level's handlers, who are told, as
 * are the county's group robots; at the county it goes to the catalogue item's department. The clock restarts
 * with the complex time limit.
 */
async function escalation(db: Executor, row: repository.CaseRow, reason: string, now: Date): Promise<Change> {
  const { record } = row;
  const base = statusChange('escalate', record.status);
  const level = levelAbove(record.level)!;
  const category = await loadCategory(db, record.countyId, record.categoryCode).catch(() => undefined);
  const message = `案件 ${caseLabel(row)} 由${levelName[record.level]}上报至${levelName[level]}：${reason}`;
  return {
    ...base,
    changes: {
      ...base.changes,
      level,
      assigneeId: null,
      isPublished: false,
      department: level === 'county' ? (category?.department ?? record.department) : record.department,
      ...(await restartClock(db, record, now, 'complex')),
    },
    details: { reason },
    notices: [{ accountIds: await handlerIdsAt(db, record.regionCode, level), kind: 'escalated', message }],
    robotMessage: message,
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

/** The changes one allowed action makes. */
async function applyAction(
  db: Executor,
  actor: Actor,
  row: repository.CaseRow,
  input: TransitionInput,
  now: Date,
): Promise<Change> {
  const { record } = row;
  const status = nextStatus(input.action, record.status);
  const label = caseLabel(row);
  const base = statusChange(input.action, record.status);
  switch (input.action) {
    case 'return': {
      const handsBack = status === 'accepted';
      const notices =
        record.reporterId && !handsBack
          ? [
              {
                accountIds: [record.reporterId],
                kind: 'returned' as const,
                message: `案件 ${label} 已退回：${input.reason}`,
              },
            ]
          : [];
      return { ...base, changes: { ...base.changes, ...(handsBack ? { assigneeId: null } : {}) }, notices };
    }
    case 'dispatch': {
      const assignee = await repository.findAssignableAccount(db, input.assigneeId!, record.regionCode);
      if (!assignee) {
        throw new AppError('validation_failed', 'Dispatch to an enabled account whose area includes the case.', {
          field: 'assigneeId',
        });
      }
      return {
        ...base,
        changes: { ...base.changes, assigneeId: assignee.id, department: input.department ?? record.department },
        details: { assigneeId: assignee.id, assigneeName: assignee.displayName, department: input.department ?? null },
        notices: [{ accountIds: [assignee.id], kind: 'dispatched', message: `新派遣的案件 ${label}` }],
      };
    }
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
      await addToFigures(db, figuresTarget(record, now), {
        closed: 1,
        closedOnTime: isOnTime ? 1 : 0,
        closedAt: record.level,
        closeSeconds: (now.getTime() - record.reportedAt.getTime()) / 1000,
      });
      return {
        ...base,
        changes: { ...base.changes, closedAt: now, closedLevel: record.level, isClosedOnTime: isOnTime },
      };
    }
    case 'reopen': {
      if (record.status === 'closed' && record.closedAt) {
        // The closing no longer counts: take it back from the day it was counted on.
        await addToFigures(db, figuresTarget(record, record.closedAt), {
          closed: -1,
          closedOnTime: record.isClosedOnTime ? -1 : 0,
          closedAt: record.closedLevel ?? record.level,
          closeSeconds: -(record.closedAt.getTime() - record.reportedAt.getTime()) / 1000,
        });
      }
      const notices = record.assigneeId
        ? [
            {
              accountIds: [record.assigneeId],
              kind: 'reopened' as const,
              message: `案件 ${label} 被重新打开：${input.reason}`,
            },
          ]
        : [];
      return {
        ...base,
        changes: {
          ...base.changes,
          closedAt: null,
          closedLevel: null,
          isClosedOnTime: null,
          ...(await restartClock(db, record, now, record.tier)),
        },
        notices,
      };
    }
    case 'escalate':
      return escalation(db, row, input.reason!, now);
    case 'resume':
      return { ...base, changes: { ...base.changes, ...(await restartClock(db, record, now, record.tier)) } };
    case 'merge': {
      if (input.duplicateOfId === record.id) {
        throw new AppError('validation_failed', 'A case cannot duplicate itself.', { field: 'duplicateOfId' });
      }
      const original = await loadCase(db, actor, input.duplicateOfId!);
      if (original.record.status === 'merged') {
        throw new AppError('validation_failed', 'Merge into the original case, not into another duplicate.', {
          field: 'duplicateOfId',
        });
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

const levelName: Record<CaseLevel, string> = {
  grid: '网格',
  village: '村（社区）',
  town: '镇（街道）',
  county: '县级部门',
};

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

/** Adds or changes an item of the county's catalogue. */
export async function saveCategory(
  db: Database,
  actor: Actor,
  code: string,
  body: Omit<CaseCategory, 'code' | 'countyId' | 'updatedAt'>,
  countyId?: string,
) {
  assertCan(actor, 'case.configure');
  const county = countyOf(actor, countyId);
  await repository.listCategories(db, county);
  await repository.upsertCategory(db, { ...body, countyId: county, code });
  return (await repository.listCategories(db, county)).find((row) => row.code === code)!;
}

/** Photos as phones take them: JPEG, PNG or WebP, recognised by their first bytes rather than by their name. */
function imageType(content: Buffer): string | undefined {
  if (content.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))) return 'image/jpeg';
  if (content.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (content.subarray(0, 4).toString('latin1') === 'RIFF' && content.subarray(8, 12).toString('latin1') === 'WEBP') {
    return 'image/webp';
  }
  return undefined;
}

export const photoLimit = 10 * 1024 * 1024;

export async function addPhoto(
  db: Database,
  actor: Actor,
  caseId: string,
  photo: { fileName: string; content: Buffer },
) {
  assertCan(actor, 'case.report');
  const { record } = await loadCase(db, actor, caseId);
  if (record.status === 'merged') {
    throw new AppError('case_changed', 'This case was merged into another: add photos to that one.');
  }
  const contentType = imageType(photo.content);
  if (!contentType) {
    throw new AppError('unsupported_file', 'Send a photo: JPEG, PNG or WebP.');
  }
  const id = uuidv7();
  await repository.insertFile(db, {
    countyId: record.countyId,
    id,
    caseId,
    fileName: photo.fileName,
    contentType,
    size: photo.content.length,
    content: photo.content,
    createdBy: actor.id,
  });
  return { id, fileName: photo.fileName, contentType, size: photo.content.length };
}

export async function getPhoto(db: Database, actor: Actor, caseId: string, fileId: string) {
  assertCan(actor, 'case.read');
  const { record } = await loadCase(db, actor, caseId);
  const file = await repository.findFile(db, record.countyId, caseId, fileId);
  if (!file) throw new AppError('not_found', `No photo ${fileId} on this case.`);
  return file;
}
