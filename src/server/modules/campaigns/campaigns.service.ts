import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import type {
  Campaign,
  CampaignKind,
  CampaignProblem,
  CampaignProgress,
  CampaignSummary,
  CampaignTallies,
  CampaignTask,
  CampaignVisit,
  createCampaignBody,
  createTaskBody,
  MyCampaignTasks,
  participantInput,
  updateCampaignBody,
  updateTaskBody,
} from '../../../shared/api/campaigns.js';
import { cursorOf, type ListCursor, type Page } from '../../../shared/api/common.js';
import { campaignStatusOn, defaultCampaignKinds, type CampaignStatus } from '../../../shared/campaigns.js';
import { addDays, chinaDayStart } from '../../../shared/clock.js';
import { assertCan, type Actor } from '../../auth/actor.js';
import { isCodeInScope } from '../../auth/scope.js';
import type { Database, Executor } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { toPage } from '../../http.js';
import { inTransactionWithAudit, loadVisible, recordAudit } from '../audit/audit.service.js';
import { loadCounty, loadCountyIfNamed } from '../cases/catalogue.service.js';
import { loadRegion } from '../regions/regions.service.js';
import { checkTags, loadTagRules } from '../registry/tags.service.js';
import { findStaffOfAccount, loadStaff } from '../staff/staff-records.service.js';
import { presentFindings } from '../visits/visit-findings.service.js';
import * as repository from './campaigns.repository.js';

type CampaignRecord = repository.CampaignRecord;
type ParticipantInput = z.output<typeof participantInput>;

// Kinds

/** The county's kinds: the defaults, as the county renamed them, then those it added; retired ones included. */
async function kindsOf(db: Executor, countyId: string | undefined): Promise<Map<string, CampaignKind>> {
  const own = countyId === undefined ? [] : await repository.listCountyKinds(db, countyId);
  const byCode = new Map<string, CampaignKind>();
  for (const kind of defaultCampaignKinds) {
    byCode.set(kind.code, { code: kind.code, name: kind.name, isActive: true, isDefault: true });
  }
  for (const kind of own) {
    byCode.set(kind.code, {
      code: kind.code,
      name: { zh: kind.nameZh, en: kind.nameEn },
      isActive: kind.isActive,
      isDefault: byCode.has(kind.code),
    });
  }
  return byCode;
}

/** The county's kinds: the active ones (what a campaign may be), or all of them for the settings screen. */
export async function listKinds(
  db: Database,
  actor: Actor,
  query: { countyId?: string | undefined; includeRetired: boolean },
): Promise<CampaignKind[]> {
  assertCan(actor, 'campaign.read');
  // An account spanning counties that names none reads the defaults, the kinds every county starts with.
  const county = await loadCountyIfNamed(db, actor, query.countyId);
  const kinds = [...(await kindsOf(db, county?.id)).values()];
  return query.includeRetired ? kinds : kinds.filter((kind) => kind.isActive);
}

/** Adds a kind of campaign to the county's list, or renames or retires one (county administrators). */
export async function saveKind(
  db: Database,
  actor: Actor,
  code: string,
  input: { nameZh: string; nameEn: string; isActive: boolean },
  countyId?: string,
): Promise<CampaignKind> {
  assertCan(actor, 'campaign.configure');
  const county = await loadCounty(db, actor, countyId);
  const before = await kindsOf(db, county.id);
  return inTransactionWithAudit(db, actor, async (transaction) => {
    await repository.upsertKind(transaction, { countyId: county.id, code, ...input });
    return {
      result: (await kindsOf(transaction, county.id)).get(code)!,
      // As for the county's other catalogue entries (case_category): the entry's code is the record.
      audit: {
        action: 'campaign_kind.update',
        entityType: 'campaign_kind',
        entityId: code,
        countyId: county.id,
        regionCode: county.code,
        outcome: 'success',
        details: { isNew: !before.has(code), ...input },
      },
    };
  });
}

// Loading and presenting

/** Loads a campaign the actor may see (their subtree overlaps one of its regions), or answers 404 (audited). */
export function loadCampaign(db: Executor, actor: Actor, id: string): Promise<CampaignRecord> {
  assertCan(actor, 'campaign.read');
  return loadVisible(db, actor, {
    type: 'campaign',
    id,
    code: 'campaign_not_found',
    find: () => repository.findCampaign(db, actor, id),
    existsAnywhere: () => repository.campaignExists(db, id),
  });
}

type RegionOfCampaign = { id: string; name: string; code: string };

function mayEdit(actor: Actor, regionList: readonly RegionOfCampaign[]): boolean {
  return regionList.every((region) => isCodeInScope(actor, region.code));
}

function presentSummary(
  record: CampaignRecord,
  regionList: RegionOfCampaign[],
  kinds: Map<string, { name: { zh: string; en: string } }>,
  actor: Actor,
  today: string,
): CampaignSummary {
  return {
    id: record.id,
    name: record.name,
    kind: record.kind,
    kindName: kinds.get(record.kind)?.name ?? null,
    description: record.description,
    startDate: record.startDate,
    endDate: record.endDate,
    status: campaignStatusOn({ ...record, isCancelled: record.cancelledAt !== null }, today),
    regions: regionList.map(({ id, name, code }) => ({ id, name, code })),
    targetTags: record.targetTags,
    canEdit: mayEdit(actor, regionList) && canWrite(actor),
  };
}

function canWrite(actor: Actor): boolean {
  try {
    assertCan(actor, 'campaign.write');
    return true;
  } catch {
    return false;
  }
}

function presentParticipant(row: repository.ParticipantRow) {
  return {
    id: row.id,
    kind: row.kind,
    staffId: row.staffId,
    name: row.name,
    organisation: row.organisation,
    attendances: row.attendances,
  };
}

/**
 * Where a reader's tallies are counted: each of the campaign's regions cut to the reader's subtree (a grid member
 * looking at the town's campaign counts in their grid).
 */
function windowOf(actor: Actor, record: CampaignRecord, regionList: RegionOfCampaign[]): repository.Window {
  const prefixes = regionList.flatMap((region) => {
    if (isCodeInScope(actor, region.code)) return [region.code];
    if (actor.regionCode !== undefined && actor.regionCode.startsWith(region.code)) return [actor.regionCode];
    return [];
  });
  return { countyId: record.countyId, prefixes: [...new Set(prefixes)] };
}

function talliesFrom(row: Awaited<ReturnType<typeof repository.tallyCampaign>>, attendances = 0): CampaignTallies {
  return {
    targets: row.targets,
    reachedTargets: row.reached_targets,
    coverageRate: row.targets === 0 ? null : row.reached_targets / row.targets,
    personTimes: row.visitor_times + attendances,
    householdsReached: row.households_reached,
    visits: row.visits,
    problemsFound: row.problems_found,
    problemsSolved: row.problems_solved,
  };
}

const emptyTallies: CampaignTallies = {
  targets: 0,
  reachedTargets: 0,
  coverageRate: null,
  personTimes: 0,
  householdsReached: 0,
  visits: 0,
  problemsFound: 0,
  problemsSolved: 0,
};

async function tallyWithin(db: Executor, record: CampaignRecord, window: repository.Window, attendances = 0) {
  if (window.prefixes.length === 0) return { ...emptyTallies, personTimes: attendances };
  return talliesFrom(await repository.tallyCampaign(db, record, window), attendances);
}

async function regionsOf(db: Executor, record: CampaignRecord): Promise<RegionOfCampaign[]> {
  return repository.listCampaignRegions(db, record.countyId, [record.id]);
}

/** One campaign with its participants and live tallies (counted within the reader's scope). */
export async function getCampaign(db: Database, actor: Actor, id: string): Promise<Campaign> {
  const record = await loadCampaign(db, actor, id);
  return presentCampaign(db, actor, record);
}

async function presentCampaign(db: Executor, actor: Actor, record: CampaignRecord): Promise<Campaign> {
  const [regionList, participants, kinds, today] = await Promise.all([
    regionsOf(db, record),
    repository.listParticipants(db, record.countyId, record.id),
    kindsOf(db, record.countyId),
    repository.chinaTodayByDatabase(db),
  ]);
  const attendances = participants.reduce((sum, participant) => sum + participant.attendances, 0);
  return {
    ...presentSummary(record, regionList, kinds, actor, today),
    participants: participants.map(presentParticipant),
    tallies: await tallyWithin(db, record, windowOf(actor, record, regionList), attendances),
    createdAt: record.createdAt.toISOString(),
  };
}

export async function listCampaigns(
  db: Database,
  actor: Actor,
  query: { status?: CampaignStatus | undefined; regionId?: string | undefined; cursor?: ListCursor; limit: number },
): Promise<Page<CampaignSummary>> {
  assertCan(actor, 'campaign.read');
  const root = query.regionId ? await loadRegion(db, actor, query.regionId) : undefined;
  const today = await repository.chinaTodayByDatabase(db);
  const rows = await repository.listCampaigns(
    db,
    actor,
    {
      countyId: root?.countyId ?? actor.countyId,
      status: query.status,
      today,
      regionCode: root?.code,
      after: query.cursor && { startDate: query.cursor.key, id: query.cursor.id },
    },
    query.limit + 1,
  );
  const page = toPage(rows, query.limit, (row) => cursorOf(row.startDate, row.id));
  const byCounty = new Map<string, string[]>();
  for (const row of page.items) byCounty.set(row.countyId, [...(byCounty.get(row.countyId) ?? []), row.id]);
  const regionRows = (
    await Promise.all([...byCounty].map(([countyId, ids]) => repository.listCampaignRegions(db, countyId, ids)))
  ).flat();
  const kindsByCounty = new Map(
    await Promise.all([...byCounty.keys()].map(async (countyId) => [countyId, await kindsOf(db, countyId)] as const)),
  );
  return {
    items: page.items.map((row) =>
      presentSummary(
        row,
        regionRows.filter((region) => region.campaignId === row.id),
        kindsByCounty.get(row.countyId)!,
        actor,
        today,
      ),
    ),
    nextCursor: page.nextCursor,
  };
}

// Creating and changing

/**
 * The regions a campaign covers: each in the actor's scope (404 otherwise, audited), of one county, and none inside
 * another chosen one (a region under another adds nothing but double counting).
 */
async function checkRegions(db: Executor, actor: Actor, regionIds: string[]) {
  const loaded: Awaited<ReturnType<typeof loadRegion>>[] = [];
  for (const regionId of new Set(regionIds)) loaded.push(await loadRegion(db, actor, regionId));
  const countyIds = new Set(loaded.map((region) => region.countyId));
  if (countyIds.size > 1) {
    throw new AppError('validation_failed', {
      en: 'A campaign covers regions of one county.',
      zh: '一个活动只能覆盖同一区县的区域。',
    });
  }
  const nested = loaded.find((region) =>
    loaded.some((other) => other.id !== region.id && region.code.startsWith(other.code)),
  );
  if (nested) {
    throw new AppError('validation_failed', {
      en: `${nested.name} lies inside another region of the campaign: choose one or the other.`,
      zh: `${nested.name} 位于活动的另一区域之内，请只选其一。`,
    });
  }
  return { countyId: loaded[0]!.countyId, regions: loaded.map(({ id, code, name }) => ({ id, code, name })) };
}

async function checkKind(db: Executor, countyId: string, code: string) {
  const kind = (await kindsOf(db, countyId)).get(code);
  if (!kind?.isActive) {
    throw new AppError('validation_failed', {
      en: `Unknown kind of campaign: ${code}.`,
      zh: `未知的活动类型：${code}。`,
    });
  }
}

/** The participant rows to store: staff records must be ones the actor sees (404 otherwise), of the county. */
async function participantRows(
  db: Executor,
  actor: Actor,
  countyId: string,
  campaignId: string,
  list: ParticipantInput[],
) {
  const rows = [];
  const seenStaff = new Set<string>();
  for (const participant of list) {
    if (participant.kind === 'staff') {
      const staffId = participant.staffId!;
      if (seenStaff.has(staffId)) continue;
      seenStaff.add(staffId);
      const staff = await loadStaff(db, actor, staffId);
      if (staff.staff.countyId !== countyId) {
        throw new AppError('validation_failed', {
          en: `${staff.staff.name} works in another county.`,
          zh: `${staff.staff.name} 不在本区县工作。`,
        });
      }
      rows.push({
        countyId,
        id: uuidv7(),
        campaignId,
        kind: participant.kind,
        staffId,
        name: staff.staff.name,
        organisation: staff.staff.dispatchingUnit ?? staff.regionName,
        attendances: participant.attendances,
      });
    } else {
      rows.push({
        countyId,
        id: uuidv7(),
        campaignId,
        kind: participant.kind,
        staffId: null,
        name: participant.name!,
        organisation: participant.organisation,
        attendances: participant.attendances,
      });
    }
  }
  return rows;
}

export async function createCampaign(
  db: Database,
  actor: Actor,
  input: z.output<typeof createCampaignBody>,
): Promise<Campaign> {
  assertCan(actor, 'campaign.write');
  const { countyId, regions } = await checkRegions(db, actor, input.regionIds);
  await checkKind(db, countyId, input.kind);
  const targetTags = checkTags(actor, await loadTagRules(db), input.targetTags);
  const id = uuidv7();
  const participants = await participantRows(db, actor, countyId, id, input.participants);
  return inTransactionWithAudit(db, actor, async (transaction) => {
    await repository.insertCampaign(transaction, {
      countyId,
      id,
      name: input.name,
      kind: input.kind,
      description: input.description,
      startDate: input.startDate,
      endDate: input.endDate,
      targetTags,
      createdBy: actor.system === undefined ? actor.id : null,
    });
    await repository.replaceRegions(transaction, countyId, id, regions);
    await repository.replaceParticipants(transaction, countyId, id, participants);
    const record = (await repository.findCampaign(transaction, actor, id))!;
    return {
      result: await presentCampaign(transaction, actor, record),
      audit: {
        action: 'campaign.create',
        entityType: 'campaign',
        entityId: id,
        regionCode: regions[0]!.code,
        countyId,
        outcome: 'success',
        details: { name: input.name, kind: input.kind, regions: regions.map((region) => region.code) },
      },
    };
  });
}

/** Loads a campaign the actor may change: they see it, and their scope holds every region it covers (403 if not). */
async function loadEditable(db: Executor, actor: Actor, id: string) {
  assertCan(actor, 'campaign.write');
  const record = await loadCampaign(db, actor, id);
  const regionList = await regionsOf(db, record);
  if (!mayEdit(actor, regionList)) {
    throw new AppError('forbidden', {
      en: 'This campaign covers regions outside your area: only someone whose area holds them all may change it.',
      zh: '此活动覆盖您辖区以外的区域，只有辖区覆盖全部区域的人员可以修改。',
    });
  }
  return { record, regionList };
}

export async function updateCampaign(
  db: Database,
  actor: Actor,
  id: string,
  changes: z.output<typeof updateCampaignBody>,
): Promise<Campaign> {
  const { record, regionList } = await loadEditable(db, actor, id);
  const startDate = changes.startDate ?? record.startDate;
  const endDate = changes.endDate ?? record.endDate;
  if (endDate < startDate) {
    throw new AppError(
      'validation_failed',
      { en: 'The end date is before the start date.', zh: '结束日期早于开始日期。' },
      { field: 'endDate' },
    );
  }
  const regions = changes.regionIds ? (await checkRegions(db, actor, changes.regionIds)).regions : undefined;
  if (regions && (await checkRegions(db, actor, changes.regionIds!)).countyId !== record.countyId) {
    throw new AppError('validation_failed', {
      en: 'A campaign stays in its county.',
      zh: '活动不能改到其他区县。',
    });
  }
  if (changes.kind !== undefined) await checkKind(db, record.countyId, changes.kind);
  const targetTags =
    changes.targetTags === undefined
      ? undefined
      : checkTags(actor, await loadTagRules(db), changes.targetTags, record.targetTags);
  const participants =
    changes.participants === undefined
      ? undefined
      : await participantRows(db, actor, record.countyId, id, changes.participants);
  return inTransactionWithAudit(db, actor, async (transaction) => {
    await repository.updateCampaign(transaction, record.countyId, id, {
      ...(changes.name === undefined ? {} : { name: changes.name }),
      ...(changes.kind === undefined ? {} : { kind: changes.kind }),
      ...(changes.description === undefined ? {} : { description: changes.description }),
      startDate,
      endDate,
      ...(targetTags === undefined ? {} : { targetTags }),
      ...(changes.isCancelled === undefined
        ? {}
        : { cancelledAt: changes.isCancelled ? (record.cancelledAt ?? new Date()) : null }),
    });
    if (regions) await repository.replaceRegions(transaction, record.countyId, id, regions);
    if (participants) await repository.replaceParticipants(transaction, record.countyId, id, participants);
    const updated = (await repository.findCampaign(transaction, actor, id))!;
    return {
      result: await presentCampaign(transaction, actor, updated),
      audit: {
        action: 'campaign.update',
        entityType: 'campaign',
        entityId: id,
        regionCode: (regions ?? regionList)[0]!.code,
        countyId: record.countyId,
        outcome: 'success',
        details: { changed: Object.keys(changes) },
      },
    };
  });
}

// Progress, records and the summary

/** Per region of the campaign: targets, reached, the rate, person-times and problems, within the reader's scope. */
export async function getProgress(db: Database, actor: Actor, id: string): Promise<CampaignProgress> {
  const record = await loadCampaign(db, actor, id);
  return progressOf(db, actor, record, await regionsOf(db, record));
}

async function progressOf(
  db: Executor,
  actor: Actor,
  record: CampaignRecord,
  regionList: RegionOfCampaign[],
): Promise<CampaignProgress> {
  const window = windowOf(actor, record, regionList);
  const participants = await repository.listParticipants(db, record.countyId, record.id);
  const attendances = participants.reduce((sum, participant) => sum + participant.attendances, 0);
  const items = [];
  for (const region of regionList) {
    const regionWindow = windowOf(actor, record, [region]);
    items.push({ regionId: region.id, regionName: region.name, ...(await tallyWithin(db, record, regionWindow)) });
  }
  const byStaff =
    window.prefixes.length === 0 ? new Map<string, number>() : await repository.visitsByStaff(db, record.id, window);
  return {
    items,
    total: await tallyWithin(db, record, window, attendances),
    participants: participants.map((participant) => ({
      ...presentParticipant(participant),
      personTimes:
        (participant.staffId === null ? 0 : (byStaff.get(participant.staffId) ?? 0)) + participant.attendances,
    })),
  };
}

function toIso(value: string | Date | null): string | null {
  if (value === null) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

/** The problems (cases) found under a campaign, newest first, within the reader's scope. */
export async function listProblems(
  db: Database,
  actor: Actor,
  id: string,
  limit: number,
): Promise<{ items: CampaignProblem[]; total: number }> {
  const record = await loadCampaign(db, actor, id);
  const window = windowOf(actor, record, await regionsOf(db, record));
  if (window.prefixes.length === 0) return { items: [], total: 0 };
  const [rows, tallies] = await Promise.all([
    repository.listProblems(db, id, window, limit),
    repository.tallyCampaign(db, record, window),
  ]);
  return { items: rows.map(presentProblem), total: tallies.problems_found };
}

function presentProblem(row: repository.ProblemRow): CampaignProblem {
  return {
    id: row.id,
    number: row.number,
    description: row.description,
    categoryName:
      row.category_name_zh === null || row.category_name_en === null
        ? null
        : { zh: row.category_name_zh, en: row.category_name_en },
    status: row.status as CampaignProblem['status'],
    regionName: row.region_name,
    reportedAt: toIso(row.reported_at)!,
    closedAt: toIso(row.closed_at),
  };
}

/** The visits made under a campaign, newest first, within the reader's scope. */
export async function listVisits(
  db: Database,
  actor: Actor,
  id: string,
  limit: number,
): Promise<{ items: CampaignVisit[]; total: number }> {
  const record = await loadCampaign(db, actor, id);
  const window = windowOf(actor, record, await regionsOf(db, record));
  if (window.prefixes.length === 0) return { items: [], total: 0 };
  const [rows, tallies] = await Promise.all([
    repository.listVisits(db, id, window, limit),
    repository.tallyCampaign(db, record, window),
  ]);
  const findingsOf = await presentFindings(
    db,
    actor,
    rows.map((row) => ({
      id: row.id,
      countyId: row.county_id,
      regionCode: row.region_code,
      purpose: row.purpose,
      findings: row.findings,
      recordedBy: row.recorded_by,
    })),
  );
  return {
    items: rows.map((row) => ({
      id: row.id,
      visitedAt: toIso(row.visited_at)!,
      regionName: row.region_name,
      address: row.address ?? row.place_name ?? '',
      visitorNames: row.visitor_names ?? [],
      purpose: row.purpose,
      ...findingsOf.get(row.id)!,
    })),
    total: tallies.visits,
  };
}

/** Everything the summary workbook shows, gathered for the reader (the routes turn it into .xlsx). */
export async function summaryOf(db: Database, actor: Actor, id: string) {
  const record = await loadCampaign(db, actor, id);
  const regionList = await regionsOf(db, record);
  const campaign = await presentCampaign(db, actor, record);
  const progress = await progressOf(db, actor, record, regionList);
  const window = windowOf(actor, record, regionList);
  const problems =
    window.prefixes.length === 0 ? [] : (await repository.listProblems(db, id, window, 10_000)).map(presentProblem);
  await recordAudit(db, actor, {
    action: 'campaign.export',
    entityType: 'campaign',
    entityId: id,
    regionCode: regionList[0]?.code,
    countyId: record.countyId,
    outcome: 'success',
  });
  return { campaign, progress, problems };
}

// Tasks

function presentTask(row: repository.TaskRow): CampaignTask {
  return {
    id: row.task.id,
    title: row.task.title,
    dueDate: row.task.dueDate,
    assigneeId: row.task.assigneeId,
    assigneeName: row.assigneeName,
    isDone: row.task.isDone,
    doneAt: row.task.doneAt?.toISOString() ?? null,
    createdAt: row.task.createdAt.toISOString(),
  };
}

export async function listTasks(db: Database, actor: Actor, id: string): Promise<CampaignTask[]> {
  const record = await loadCampaign(db, actor, id);
  return (await repository.listTasks(db, record.countyId, id)).map(presentTask);
}

async function checkAssignee(db: Executor, record: CampaignRecord, assigneeId: string | null | undefined) {
  if (assigneeId === null || assigneeId === undefined) return;
  const participants = await repository.listParticipants(db, record.countyId, record.id);
  if (!participants.some((participant) => participant.id === assigneeId)) {
    throw new AppError(
      'validation_failed',
      { en: 'A task goes to one of the campaign’s participants.', zh: '任务只能分配给活动的参与者。' },
      { field: 'assigneeId' },
    );
  }
}

/**
 * 今日任务 on the phone: the running campaigns covering the caller's area, each with its open tasks that are the
 * caller's (assigned to the participant linked to the caller's staff record) or nobody's yet, oldest first.
 */
export async function listMyTasks(db: Database, actor: Actor): Promise<MyCampaignTasks> {
  assertCan(actor, 'campaign.read');
  const today = await repository.chinaTodayByDatabase(db);
  const filter = { countyId: actor.countyId, status: 'running' as const, today, regionCode: actor.regionCode };
  // A grid takes part in a handful of campaigns at once; the newest 50 are more than a day's list.
  const rows = await repository.listCampaigns(db, actor, filter, 50);
  const staff = actor.countyId === undefined ? undefined : await findStaffOfAccount(db, actor.countyId, actor.id);
  const items = await Promise.all(
    rows.map(async (row) => {
      const [participants, tasks, kinds] = await Promise.all([
        repository.listParticipants(db, row.countyId, row.id),
        repository.listTasks(db, row.countyId, row.id),
        kindsOf(db, row.countyId),
      ]);
      const mine = new Set(
        participants.filter((participant) => staff && participant.staffId === staff.id).map(({ id }) => id),
      );
      return {
        campaign: {
          id: row.id,
          name: row.name,
          kind: row.kind,
          kindName: kinds.get(row.kind)?.name ?? null,
          endDate: row.endDate,
        },
        tasks: tasks
          .filter(({ task }) => !task.isDone && (task.assigneeId === null || mine.has(task.assigneeId)))
          .map(presentTask),
      };
    }),
  );
  return { items };
}

export async function createTask(
  db: Database,
  actor: Actor,
  id: string,
  input: z.output<typeof createTaskBody>,
): Promise<CampaignTask> {
  const { record, regionList } = await loadEditable(db, actor, id);
  await checkAssignee(db, record, input.assigneeId);
  return inTransactionWithAudit(db, actor, async (transaction) => {
    const taskId = uuidv7();
    await repository.insertTask(transaction, {
      countyId: record.countyId,
      id: taskId,
      campaignId: id,
      title: input.title,
      dueDate: input.dueDate ?? null,
      assigneeId: input.assigneeId ?? null,
    });
    return {
      result: presentTask((await repository.findTask(transaction, record.countyId, id, taskId))!),
      audit: {
        action: 'campaign_task.create',
        entityType: 'campaign',
        entityId: id,
        regionCode: regionList[0]?.code,
        countyId: record.countyId,
        outcome: 'success',
        details: { taskId, title: input.title },
      },
    };
  });
}

/**
 * Changes a task. Its assignee may mark it done (or not) even without the right to change the campaign; the rest
 * is for those who may change the campaign.
 */
export async function updateTask(
  db: Database,
  actor: Actor,
  id: string,
  taskId: string,
  changes: z.output<typeof updateTaskBody>,
): Promise<CampaignTask> {
  const record = await loadCampaign(db, actor, id);
  const regionList = await regionsOf(db, record);
  const task = await repository.findTask(db, record.countyId, id, taskId);
  if (!task) throw new AppError('not_found', { en: 'No such task in this campaign.', zh: '此活动没有该任务。' });
  const onlyDone = Object.keys(changes).every((key) => key === 'isDone');
  if (!onlyDone || !(await isAssigneeOf(db, actor, record, task))) await loadEditable(db, actor, id);
  await checkAssignee(db, record, changes.assigneeId);
  return inTransactionWithAudit(db, actor, async (transaction) => {
    await repository.updateTask(transaction, record.countyId, taskId, {
      ...(changes.title === undefined ? {} : { title: changes.title }),
      ...(changes.dueDate === undefined ? {} : { dueDate: changes.dueDate }),
      ...(changes.assigneeId === undefined ? {} : { assigneeId: changes.assigneeId }),
      ...(changes.isDone === undefined
        ? {}
        : { isDone: changes.isDone, doneAt: changes.isDone ? (task.task.doneAt ?? new Date()) : null }),
    });
    return {
      result: presentTask((await repository.findTask(transaction, record.countyId, id, taskId))!),
      audit: {
        action: 'campaign_task.update',
        entityType: 'campaign',
        entityId: id,
        regionCode: regionList[0]?.code,
        countyId: record.countyId,
        outcome: 'success',
        details: { taskId, changed: Object.keys(changes) },
      },
    };
  });
}

/** Whether the actor is the staff participant a task is assigned to (through their account's staff record). */
async function isAssigneeOf(db: Executor, actor: Actor, record: CampaignRecord, task: repository.TaskRow) {
  if (task.task.assigneeId === null) return false;
  const participants = await repository.listParticipants(db, record.countyId, record.id);
  const assignee = participants.find((participant) => participant.id === task.task.assigneeId);
  if (assignee?.staffId == null) return false;
  return repository.isStaffOfAccount(db, record.countyId, assignee.staffId, actor.id);
}

export async function deleteTask(db: Database, actor: Actor, id: string, taskId: string): Promise<void> {
  const { record, regionList } = await loadEditable(db, actor, id);
  const task = await repository.findTask(db, record.countyId, id, taskId);
  if (!task) throw new AppError('not_found', { en: 'No such task in this campaign.', zh: '此活动没有该任务。' });
  await inTransactionWithAudit(db, actor, async (transaction) => {
    await repository.deleteTask(transaction, record.countyId, taskId);
    return {
      audit: {
        action: 'campaign_task.delete',
        entityType: 'campaign',
        entityId: id,
        regionCode: regionList[0]?.code,
        countyId: record.countyId,
        outcome: 'success',
        details: { taskId, title: task.task.title },
      },
    };
  });
}

// For other modules

/**
 * Whether a visit or a case may be recorded under a campaign: the recorder sees it (404 otherwise, audited), it is
 * not cancelled, and the record's region is one the campaign covers. The visits and cases services call it.
 */
export async function checkRecordUnderCampaign(
  db: Executor,
  actor: Actor,
  campaignId: string,
  record: { countyId: string; regionCode: string },
): Promise<void> {
  const campaign = await loadCampaign(db, actor, campaignId);
  const regionList = await regionsOf(db, campaign);
  const covers = regionList.some((region) => record.regionCode.startsWith(region.code));
  if (campaign.cancelledAt !== null || campaign.countyId !== record.countyId || !covers) {
    throw new AppError(
      'validation_failed',
      {
        en: `This campaign (${campaign.name}) was cancelled or does not cover this place.`,
        zh: `活动“${campaign.name}”已取消或不覆盖此处。`,
      },
      { field: 'campaignId' },
    );
  }
}

/** A region's field figures from campaigns over a period, as the coverage figures show them. */
export type CampaignFigures = {
  campaigns: number;
  personTimes: number;
  householdsReached: number;
  problemsFound: number;
  problemsSolved: number;
};

/**
 * The campaign figures of a region's subtree over a period (China's dates `from`–`to`, both included): the
 * campaigns (not cancelled) running some time in the period that cover part of the subtree; and the work recorded
 * under any campaign in the subtree in the period — person-times (each visitor of each visit), households reached
 * (distinct), problems found (cases reported under a campaign or from a visit under one) and how many of those are
 * closed. Attendances recorded on a campaign's participants are not in these figures: they belong to no region.
 */
export async function campaignFigures(
  db: Executor,
  actor: Actor,
  query: { regionId: string; from: string; to: string },
): Promise<CampaignFigures> {
  assertCan(actor, 'campaign.read');
  const region = await loadRegion(db, actor, query.regionId);
  const row = await repository.campaignFigures(
    db,
    { countyId: region.countyId, code: region.code },
    { from: query.from, to: query.to, start: chinaDayStart(query.from), end: chinaDayStart(addDays(query.to, 1)) },
  );
  return {
    campaigns: row.campaigns,
    personTimes: row.person_times,
    householdsReached: row.households_reached,
    problemsFound: row.problems_found,
    problemsSolved: row.problems_solved,
  };
}
