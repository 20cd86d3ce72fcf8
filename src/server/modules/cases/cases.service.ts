import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import type { Case, CaseAssignees, CaseDetail, CaseQuery, reportBody } from '../../../shared/api/cases.js';
import { cursorOf, type ListCursor, type Page } from '../../../shared/api/common.js';
import {
  caseLevels,
  allowedActions,
  awaitedActionOf,
  canTakeAction,
  handlingLevelOf,
  levelAbove,
  openStatuses,
  type CaseLevel,
  type CaseStatus,
  type CaseTier,
} from '../../../shared/cases.js';
import { addDays, chinaDate, chinaDayStart } from '../../../shared/clock.js';
import { maskPhone } from '../../../shared/phone.js';
import { can, regionCodeWidth, roles, type Role } from '../../../shared/policy.js';
import { accountIdOf, assertCan, type Actor } from '../../auth/actor.js';
import { isCodeInScope } from '../../auth/scope.js';
import { assertInsertedOnce, recordOnce } from '../../client-ids.js';
import type { Database, Executor } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { toPage } from '../../http.js';
import { inTransactionWithAudit, loadVisible, recordAudit } from '../audit/audit.service.js';
import { notifyAccounts } from '../notifications/notifications.service.js';
import { findRegionsAt, loadGridRegion, loadRegion } from '../regions/regions.service.js';
import { loadHousehold } from '../registry/households.service.js';
import { loadPerson } from '../registry/persons.service.js';
import { loadPlace } from '../registry/places.service.js';
import { checkRecordUnderCampaign } from '../campaigns/campaigns.service.js';
import { answersFor } from './case-attributes.js';
import * as repository from './cases.repository.js';
import { addToFigures } from './figures.repository.js';
import { deadlineFrom, loadCategory } from './catalogue.service.js';

/** Where a case stands after an action: its status, level and deadline, and when it was closed. */
type CaseState = Pick<
  repository.CaseRow['record'],
  'status' | 'level' | 'assigneeId' | 'reporterId' | 'isPublished' | 'closedAt' | 'kind' | 'tier' | 'rating'
>;

export function factsOf(record: CaseState) {
  return {
    status: record.status,
    level: record.level,
    kind: record.kind,
    tier: record.tier,
    assigneeId: record.assigneeId,
    reporterId: record.reporterId,
    isPublished: record.isPublished,
    closedAt: record.closedAt,
    rating: record.rating,
  };
}

/**
 * Residents (case.follow_own) and the cases they reported. Such a case lies wherever they found the problem, not
 * only in their own grid, so the region scope does not narrow a resident: being its reporter does (`isOwnReport`).
 * Every entry point of the cases module passes its actor through `caseActorOf` first.
 */
export function caseActorOf(actor: Actor): Actor {
  if (!can(actor.role, 'case.follow_own')) return actor;
  return { ...actor, regionId: undefined, regionCode: undefined, countyId: undefined };
}

/** Whether the actor may see this case at all: staff any in scope, a resident only their own report. */
function isOwnReport(actor: Actor, record: Pick<CaseState, 'reporterId'>): boolean {
  return !can(actor.role, 'case.follow_own') || record.reporterId === actor.id;
}

/** Staff read the cases of their scope, a resident their own reports. */
export function assertCanReadCases(actor: Actor): void {
  if (!can(actor.role, 'case.follow_own')) assertCan(actor, 'case.read');
}

/**
 * What a resident's report is: 群众自报, at the point they give, or in the grid they chose by name when their phone
 * has no location (the point wins when both come), about nobody in the registry, with their own name and phone to
 * call back, and never closed on the spot, which is for staff who answered it.
 */
function residentReport(actor: Actor, input: Report): Report {
  if (!can(actor.role, 'case.follow_own')) return input;
  const { id, category, description, location, address } = input;
  return {
    id,
    category,
    description,
    location,
    address,
    regionId: location ? undefined : input.regionId,
    source: 'resident',
    personIds: [],
    residentName: actor.displayName,
    // A resident's account is named after their phone (resident:<phone>).
    residentPhone: actor.username.slice('resident:'.length),
  };
}

export function actorFacts(actor: Actor, regionCode: string) {
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

/**
 * Who may be given a case: the people of its grid (leader, members, sunk cadres) and the staff of each level from
 * the grid up to the one the case sits at, who may also take it on themselves. An account that cannot read cases (a
 * dispatching unit's, anchored at its county) is never among them.
 */
function mayBeAssigned(account: { role: Role; regionCode: string | null }, caseLevel: CaseLevel): boolean {
  if (account.regionCode === null || !can(account.role, 'case.read')) return false;
  const level = handlingLevelOf(account.role) ?? 'grid';
  return caseLevels.indexOf(level) <= caseLevels.indexOf(caseLevel);
}

/** The accounts a case may be dispatched to, grid first, as the dispatch picker lists them. */
export async function assignableAccounts(db: Executor, record: Pick<CaseState, 'level'> & { regionCode: string }) {
  const accounts = await repository.findAccountsAround(db, record.regionCode);
  return accounts.filter((account) => mayBeAssigned(account, record.level));
}

/** Whom to dispatch a case to: the accounts of `assignableAccounts`, for those who may dispatch it now. */
export async function listAssignees(db: Database, actor: Actor, id: string): Promise<CaseAssignees> {
  assertCan(actor, 'case.read');
  const { record } = await loadCase(db, actor, id);
  const now = await repository.databaseNow(db);
  if (!canTakeAction('dispatch', factsOf(record), actorFacts(actor, record.regionCode), now)) {
    throw new AppError('forbidden', { en: 'You may not dispatch this case now.', zh: '您现在不能派遣此案件。' });
  }
  const accounts = await assignableAccounts(db, record);
  return {
    items: accounts.map((account) => ({
      accountId: account.id,
      name: account.displayName,
      role: account.role,
      regionId: account.regionId!,
      regionName: account.regionName!,
    })),
  };
}

/**
 * The accounts a case waits for in the state it is in: whoever may take its next step now (`awaitedActionOf`),
 * among the accounts around its grid and those it names.
 */
export async function waitingAccountIds(
  db: Executor,
  record: CaseState & { regionCode: string },
  now: Date,
): Promise<string[]> {
  const named = [record.assigneeId, record.reporterId].filter((id): id is string => id !== null);
  const accounts = await repository.findAccountsAround(db, record.regionCode, named);
  const facts = factsOf(record);
  return accounts
    .filter((account) => {
      const isInScope = account.regionCode !== null && record.regionCode.startsWith(account.regionCode);
      return awaitedActionOf(facts, { id: account.id, role: account.role, isInScope }, now) !== undefined;
    })
    .map((account) => account.id);
}

export function present(row: repository.CaseRow, actor: Actor, now: Date): Case {
  const { record } = row;
  return {
    id: record.id,
    number: record.number,
    category: record.categoryCode,
    categoryName:
      row.categoryNameZh === null || row.categoryNameEn === null
        ? null
        : { zh: row.categoryNameZh, en: row.categoryNameEn },
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
    /** Masked (138****1234): a case page shows it in full only when asked, with a reason (see getCase). */
    residentPhone: record.residentPhone === null ? null : maskPhone(record.residentPhone),
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
    urgedCount: record.urgedCount,
    urgedAt: record.urgedAt?.toISOString() ?? null,
    attributes: record.attributes,
    version: record.version,
    abilities: allowedActions(factsOf(record), actorFacts(actor, record.regionCode), now),
  };
}

/** A report as the route has read it, defaults applied. */
type Report = z.infer<typeof reportBody>;

/** The grid a report belongs to: the one named, or the one whose boundary holds the point. */
async function routeReport(db: Database, actor: Actor, input: Report) {
  if (input.regionId) return loadGridRegion(db, actor, input.regionId);
  if (!input.location) {
    throw new AppError('validation_failed', {
      en: 'Give the grid (regionId) or the place on the map (location).',
      zh: '请指定网格（regionId）或地图上的位置（location）。',
    });
  }
  const { region } = await findRegionsAt(db, actor, input.location.lng, input.location.lat);
  if (!region || (region.level !== 'grid' && region.level !== 'micro_grid')) {
    throw new AppError(
      'validation_failed',
      {
        en: 'No grid of your area contains this point: choose the grid instead.',
        zh: '您辖区内没有网格包含此位置，请直接选择网格。',
      },
      {
        field: 'location',
      },
    );
  }
  return loadGridRegion(db, actor, region.id);
}

/** The level a new case starts at: on the spot for simple matters, one level up for complex ones. */
function startingLevel(tier: CaseTier, handlingLevel: CaseLevel): CaseLevel {
  if (tier === 'simple') return 'grid';
  if (tier === 'complex') return levelAbove(handlingLevel) ?? handlingLevel;
  return handlingLevel;
}

/** The household, people and place a report names: each must be one the reporter may see (404 otherwise, audited). */
async function checkConcerned(db: Database, actor: Actor, input: Report) {
  if (input.householdId) await loadHousehold(db, actor, input.householdId);
  for (const personId of new Set(input.personIds)) await loadPerson(db, actor, personId);
  if (input.placeId) await loadPlace(db, actor, input.placeId);
}

/**
 * Records a case where it was found. A simple matter answered on the spot is closed at once; the others start at
 * the level that handles their catalogue item, with the deadline its time limit gives.
 */
export async function reportCase(db: Database, actor: Actor, input: Report): Promise<Case> {
  return (await reportCaseOnce(db, actor, input)).case;
}

/**
 * Stops a resident past their cases of the day (China time; RESIDENT_REPORT_DAILY_LIMIT), so one phone cannot flood a
 * grid's worklist: 429 rate_limited until China's midnight. Staff report without a limit.
 */
async function assertResidentMayReport(db: Database, actor: Actor, dailyLimit: number) {
  const now = new Date(await repository.databaseNow(db));
  const today = chinaDate(now);
  if ((await repository.countReportsSince(db, actor.id, chinaDayStart(today))) < dailyLimit) return;
  const retryAfterSeconds = Math.ceil((chinaDayStart(addDays(today, 1)).getTime() - now.getTime()) / 1000);
  throw new AppError(
    'rate_limited',
    {
      en: `You have reported ${dailyLimit} problems today, the most a day. Report again tomorrow; for an emergency call your grid worker or the service phone.`,
      zh: `您今天已上报 ${dailyLimit} 件问题，达到每日上限，请明天再报；紧急情况请直接联系网格员或拨打服务电话。`,
    },
    { dailyLimit },
    retryAfterSeconds,
  );
}

/**
 * Reports a case by the client-id rule: `isNew` false when its id had been reported already (answered as it is).
 * `residentDailyLimit` caps a resident's new reports a day (a resent one is not new).
 */
export async function reportCaseOnce(
  db: Database,
  reporter: Actor,
  report: Report,
  residentDailyLimit?: number,
): Promise<{ case: Case; isNew: boolean }> {
  assertCan(reporter, 'case.report');
  const actor = caseActorOf(reporter);
  const input = residentReport(actor, report);
  // A client's id sent again (the field app resends when an answer was lost) answers the case it made.
  const { id } = input;
  const { result, isNew } = await recordOnce(actor, id, {
    findCreator: async () => {
      const sent = id === undefined ? undefined : await repository.findReporterOf(db, id);
      return sent && { createdBy: sent.reporterId };
    },
    read: async () => {
      const row = await repository.findCase(db, actor, id!);
      return row && present(row, actor, new Date(row.databaseNow));
    },
    write: async () => {
      if (residentDailyLimit !== undefined && can(reporter.role, 'case.follow_own')) {
        await assertResidentMayReport(db, actor, residentDailyLimit);
      }
      return recordReport(db, actor, input);
    },
  });
  return { case: result, isNew };
}

async function recordReport(db: Database, actor: Actor, input: Report): Promise<Case> {
  const region = await routeReport(db, actor, input);
  await checkConcerned(db, actor, input);
  if (input.campaignId) {
    await checkRecordUnderCampaign(db, actor, input.campaignId, { countyId: region.countyId, regionCode: region.code });
  }
  return inTransactionWithAudit(db, actor, async (transaction) => {
    const category = await loadCategory(transaction, region.countyId, input.category);
    const attributes = answersFor(category.attributes, input.attributes ?? {});
    // A resident's report of what is a simple matter still waits for the grid: nobody answered it on the spot.
    const tier =
      input.tier ??
      (input.source === 'resident' && category.defaultTier === 'simple' ? 'general' : category.defaultTier);
    if (tier === 'simple' && !input.result) {
      throw new AppError(
        'validation_failed',
        {
          en: 'A simple matter is closed on the spot: say what was answered or done.',
          zh: '简易事项当场办结：请说明答复或处理情况。',
        },
        {
          field: 'result',
        },
      );
    }
    const now = await repository.databaseNow(transaction);
    const level = startingLevel(tier, category.handlingLevel);
    const id = input.id ?? uuidv7();
    const status: CaseStatus = tier === 'simple' ? 'closed' : 'reported';
    const countyCode = region.code.slice(0, regionCodeWidth.county);
    const isInserted = await repository.insertCase(transaction, {
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
      attributes,
      residentName: input.residentName ?? null,
      residentPhone: input.residentPhone ?? null,
      reporterId: accountIdOf(actor),
      department: level === 'county' ? category.department : null,
      result: tier === 'simple' ? input.result : null,
      ...(await deadlineFrom(transaction, region.countyId, now, category, tier)),
      reportedAt: now,
      closedAt: tier === 'simple' ? now : null,
      closedLevel: tier === 'simple' ? 'grid' : null,
      isClosedOnTime: tier === 'simple' ? true : null,
      campaignId: input.campaignId ?? null,
    });
    assertInsertedOnce(isInserted);
    const event = {
      countyId: region.countyId,
      caseId: id,
      actorId: accountIdOf(actor),
      actorName: actor.displayName,
      at: now,
    };
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
    const row = (await repository.findCase(transaction, actor, id))!;
    if (status === 'reported') {
      // The level it starts at is told that it waits to be accepted.
      await notifyAccounts(transaction, {
        countyId: region.countyId,
        caseId: id,
        accountIds: (await waitingAccountIds(transaction, row.record, now)).filter((other) => other !== actor.id),
        kind: 'awaiting',
        params: { number: row.record.number, regionName: row.regionName, action: 'accept' },
      });
    }
    return {
      result: present(row, actor, now),
      audit: {
        action: 'case.report',
        entityType: 'case',
        entityId: id,
        regionCode: region.code,
        countyId: region.countyId,
        outcome: 'success',
        details: { number: row.record.number, category: category.code, tier, status },
      },
    };
  });
}

export function loadCase(db: Executor, actor: Actor, id: string, options: { forUpdate?: boolean } = {}) {
  return loadVisible(db, actor, {
    type: 'case',
    id,
    code: 'case_not_found',
    find: async () => {
      const row = await repository.findCase(db, actor, id, options);
      return row && isOwnReport(actor, row.record) ? row : undefined;
    },
    existsAnywhere: () => repository.caseExists(db, id),
  });
}

/**
 * One case with its timeline and photos. The resident's phone, to call them back, is shown in full only to a role
 * that may read sensitive data, when asked with a reason; the look is audited.
 */
export async function getCase(
  db: Database,
  reader: Actor,
  id: string,
  reveal: { isAsked: boolean; reason?: string | undefined } = { isAsked: false },
): Promise<CaseDetail> {
  assertCanReadCases(reader);
  const actor = caseActorOf(reader);
  if (reveal.isAsked) {
    assertCan(actor, 'sensitive.read');
    if (!reveal.reason)
      throw new AppError('validation_failed', {
        en: "Give a reason for viewing the resident's phone.",
        zh: '查看居民电话须填写事由。',
      });
  }
  const row = await loadVisible(db, actor, {
    type: 'case',
    id,
    code: 'case_not_found',
    find: async () => {
      const row = await repository.findCaseWithTimeline(db, actor, id);
      return row && isOwnReport(actor, row.record) ? row : undefined;
    },
    existsAnywhere: () => repository.caseExists(db, id),
  });
  if (reveal.isAsked) {
    await recordAudit(db, actor, {
      action: 'case.reveal_phone',
      entityType: 'case',
      entityId: id,
      regionCode: row.record.regionCode,
      countyId: row.record.countyId,
      outcome: 'success',
      details: { reason: reveal.reason },
    });
  }
  return {
    ...present(row, actor, new Date(row.databaseNow)),
    ...(reveal.isAsked ? { residentPhone: row.record.residentPhone } : {}),
    // Read with the case, in the same statement, times already as ISO strings.
    timeline: row.timeline,
    files: row.files,
  };
}

/** The case numbers a typed number may mean: itself, and within the caller's county without its code. */
function numbersMeant(typed: string, scopeCode: string | undefined): string[] {
  const countyCode = scopeCode?.slice(0, regionCodeWidth.county);
  return countyCode ? [typed, `${countyCode}-${typed}`] : [typed];
}

export async function listCases(
  db: Database,
  reader: Actor,
  query: CaseQuery & { cursor?: ListCursor | undefined; limit: number },
): Promise<Page<Case>> {
  assertCanReadCases(reader);
  const actor = caseActorOf(reader);
  const root = query.regionId ? await loadRegion(db, actor, query.regionId) : undefined;
  const filter: repository.CaseFilter = {
    countyId: root?.countyId ?? actor.countyId,
    rootCode: root?.code ?? actor.regionCode ?? '',
    statuses: query.status,
    categoryCode: query.category,
    level: query.level,
    assigneeId: query.assignedToMe ? actor.id : undefined,
    reporterId: query.reportedByMe || can(actor.role, 'case.follow_own') ? actor.id : undefined,
    awaiting: query.waitingForMe ? actor : undefined,
    isOverdue: query.overdue,
    numbers: query.number ? numbersMeant(query.number, root?.code ?? actor.regionCode) : undefined,
    after: query.cursor && { reportedAt: new Date(query.cursor.key), id: query.cursor.id },
  };
  const rows = await repository.listCases(db, actor, filter, query.limit + 1);
  const page = toPage(rows, query.limit, (row) => cursorOf(row.record.reportedAt.toISOString(), row.record.id));
  return {
    items: page.items.map((row) => present(row, actor, new Date(row.databaseNow))),
    nextCursor: page.nextCursor,
  };
}
