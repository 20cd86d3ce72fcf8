import type { Readable } from 'node:stream';
import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import { cursorOf, type Page } from '../../../shared/api/common.js';
import type {
  Account,
  AccountSummary,
  accountListQuery,
  accountQuery,
  correctionBody,
  depositBody,
  Entry,
  entryQuery,
  Figures,
  figuresQuery,
  MoralBankSettings,
  monthQuery,
  Ranking,
  Reward,
  rewardBody,
  rewardChangeBody,
  Rule,
  ruleBody,
  ruleChangeBody,
  statementQuery,
} from '../../../shared/api/moral-bank.js';
import type { Person } from '../../../shared/api/registry.js';
import type { ResidentMoralBank } from '../../../shared/api/resident.js';
import { addDays, chinaDate, chinaDateTime, chinaDayStart } from '../../../shared/clock.js';
import {
  decisionTarget,
  maxPointsWithoutRule,
  type EntryDecision,
  type EntryKind,
  type EntryStatus,
  type RulePeriod,
} from '../../../shared/moral-bank.js';
import { accountIdOf, assertCan, type Actor } from '../../auth/actor.js';
import { assertInsertedOnce, recordOnce } from '../../client-ids.js';
import type { Database, Executor } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { toPage } from '../../http.js';
import type { FileStore } from '../../storage/file-store.js';
import { keepPhotoSentAhead } from '../../storage/photos-sent-ahead.js';
import type { PhotoUploadLimit } from '../../storage/photos.js';
import { inTransactionWithAudit, loadVisible, recordAudit } from '../audit/audit.service.js';
import { loadRegion } from '../regions/regions.service.js';
import { adultsBornByFor, presentPartyPersons } from '../registry/person-parties.service.js';
import { loadPerson } from '../registry/persons.service.js';
import { columnsOf, writeReportWorkbook } from '../registry/workbooks.service.js';
import * as repository from './moral-bank.repository.js';

/** Which county an actor works in; the moral bank is a county's. */
function countyOf(actor: Actor): string {
  if (actor.countyId === undefined) {
    throw new AppError('validation_failed', {
      en: 'Sign in with a county account to use the moral bank.',
      zh: '请使用县级及以下账号使用道德银行。',
    });
  }
  return actor.countyId;
}

/** The region named, or the actor's own scope root. */
async function regionOrScope(db: Executor, actor: Actor, regionId: string | undefined) {
  const id = regionId ?? actor.regionId;
  if (id === undefined) {
    throw new AppError(
      'validation_failed',
      { en: 'Name the region (regionId): you work across counties.', zh: '您的账号跨多个县，请指定区域（regionId）。' },
      [{ path: '/querystring/regionId', message: 'required' }],
    );
  }
  return loadRegion(db, actor, id);
}

export function loadEntry(db: Executor, actor: Actor, id: string) {
  return loadVisible(db, actor, {
    type: 'moral_bank_entry',
    id,
    code: 'moral_bank_entry_not_found',
    find: () => repository.findEntry(db, actor, id),
    existsAnywhere: () => repository.entryExists(db, id),
  });
}

function presentEntry(row: repository.EntryRow, persons: Map<string, Person>): Entry {
  const { entry, decision } = row;
  return {
    id: entry.id,
    personId: entry.personId,
    personName: persons.get(entry.personId)?.name ?? '—',
    householdId: entry.householdId,
    regionName: row.regionName,
    kind: entry.kind,
    points: entry.points,
    reason: entry.reason,
    status: row.status,
    rule: entry.ruleId === null || row.ruleName === null ? null : { id: entry.ruleId, name: row.ruleName },
    reward: entry.rewardId === null || row.rewardName === null ? null : { id: entry.rewardId, name: row.rewardName },
    correctsEntryId: entry.correctsEntryId,
    occurredOn: entry.occurredOn,
    recordedBy: entry.recordedByName,
    recordedAt: entry.recordedAt.toISOString(),
    decision:
      decision === null
        ? null
        : { by: decision.decidedByName, at: decision.decidedAt.toISOString(), reason: decision.reason },
    photoIds: row.photoIds,
  };
}

/** Entries with their persons named as the registry shows them to the caller. */
async function presentEntries(db: Executor, actor: Actor, rows: repository.EntryRow[]): Promise<Entry[]> {
  const countyId = rows[0]?.entry.countyId;
  if (countyId === undefined) return [];
  const persons = await presentPartyPersons(
    db,
    actor,
    countyId,
    rows.map((row) => row.entry.personId),
    false,
  );
  return rows.map((row) => presentEntry(row, persons));
}

async function getEntry(db: Executor, actor: Actor, id: string): Promise<Entry> {
  const [entry] = await presentEntries(db, actor, [await loadEntry(db, actor, id)]);
  return entry!;
}

export function readEntry(db: Database, actor: Actor, id: string): Promise<Entry> {
  assertCan(actor, 'moral_bank.read');
  return getEntry(db, actor, id);
}

/** The first and last China dates of the period of a rule that holds a date. */
export function periodAround(date: string, period: RulePeriod): { from: string; to: string } {
  if (period === 'day') return { from: date, to: date };
  if (period === 'week') {
    // Weeks start on Monday, as China's calendar counts them.
    const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
    const from = addDays(date, -weekday);
    return { from, to: addDays(from, 6) };
  }
  if (period === 'month') {
    const from = `${date.slice(0, 7)}-01`;
    return { from, to: addDays(`${nextMonth(date.slice(0, 7))}-01`, -1) };
  }
  return { from: `${date.slice(0, 4)}-01-01`, to: `${date.slice(0, 4)}-12-31` };
}

function nextMonth(month: string): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return number === 12 ? `${year + 1}-01` : `${year}-${String(number + 1).padStart(2, '0')}`;
}

/** A rule that holds where the person lives (their county's, or their village's), in force. */
async function ruleFor(db: Executor, countyId: string, personCode: string, ruleId: string) {
  const row = await repository.findRule(db, countyId, ruleId);
  if (!row || !personCode.startsWith(row.rule.regionCode)) {
    throw new AppError('moral_bank_rule_not_found', {
      en: `No earning rule ${ruleId} holds in this resident’s village.`,
      zh: `该居民所在村（社区）没有编号为 ${ruleId} 的积分规则。`,
    });
  }
  if (row.rule.retiredAt !== null) {
    throw new AppError('validation_failed', { en: 'This rule is retired.', zh: '此积分规则已停用。' }, [
      { path: '/body/ruleId', message: 'retired' },
    ]);
  }
  return row.rule;
}

/**
 * Records a deposit for a resident: points for a deed, with a reason, under a rule (or without one, a small amount
 * the village approves). A rule caps the points of one deposit and counts deposits per person per period; those it
 * reserves for approval wait for the village and count only then. Photos sent ahead are attached.
 */
/** Records a deposit once per client id (none given: always a new one); `isNew` false when the id was recorded. */
export async function deposit(
  db: Database,
  actor: Actor,
  input: z.output<typeof depositBody>,
): Promise<{ entry: Entry; isNew: boolean }> {
  assertCan(actor, 'moral_bank.record');
  const id = input.id ?? uuidv7();
  const { result, isNew } = await recordOnce(actor, input.id, {
    findCreator: async () => {
      const origin = await repository.findEntryOrigin(db, id);
      return origin && { createdBy: origin.recordedBy };
    },
    read: () => getEntry(db, actor, id),
    write: async () => {
      await writeDeposit(db, actor, id, input);
      return getEntry(db, actor, id);
    },
  });
  return { entry: result, isNew };
}

async function writeDeposit(db: Database, actor: Actor, id: string, input: z.output<typeof depositBody>) {
  const { person } = await loadPerson(db, actor, input.personId);
  const rule =
    input.ruleId === undefined ? undefined : await ruleFor(db, person.countyId, person.regionCode, input.ruleId);
  const most = rule?.points ?? maxPointsWithoutRule;
  if (input.points > most) {
    throw new AppError(
      'points_above_rule',
      {
        en: `A deposit ${rule ? 'under this rule' : 'without a rule'} gives at most ${most} points.`,
        zh: `${rule ? '按此规则' : '无规则的'}每次存入最多 ${most} 分。`,
      },
      [{ path: '/body/points', message: `at most ${most}` }],
    );
  }
  const today = chinaDate(await repository.databaseNow(db));
  const occurredOn = input.occurredOn ?? today;
  if (occurredOn > today || occurredOn < addDays(today, -366)) {
    throw new AppError(
      'validation_failed',
      { en: 'The deed’s date is in the past year, not later than today.', zh: '事迹日期须在一年以内且不晚于今天。' },
      [{ path: '/body/occurredOn', message: 'out of range' }],
    );
  }
  const requiresApproval = rule?.requiresApproval ?? true;
  await inTransactionWithAudit(db, actor, async (transaction) => {
    // One person's deposits one after another, so two cannot both take the last place a period's limit leaves.
    await repository.lockBalance(transaction, person.countyId, person.id);
    if (rule?.periodLimit != null) {
      const period = periodAround(occurredOn, rule.period);
      const count = await repository.countRuleDeposits(
        transaction,
        { countyId: person.countyId, ruleId: rule.id, personId: person.id },
        period,
      );
      if (count >= rule.periodLimit) {
        throw new AppError('rule_limit_reached', {
          en: `This rule gives ${rule.periodLimit} deposit(s) per ${rule.period}; ${count} recorded from ${period.from} to ${period.to}.`,
          zh: `此规则每${periodNames[rule.period]}最多存入 ${rule.periodLimit} 次，${period.from} 至 ${period.to} 已有 ${count} 次。`,
        });
      }
    }
    const isInserted = await repository.insertEntry(transaction, {
      countyId: person.countyId,
      id,
      personId: person.id,
      householdId: person.householdId,
      regionCode: person.regionCode,
      kind: 'deposit',
      points: input.points,
      reason: input.reason,
      ruleId: rule?.id ?? null,
      occurredOn,
      requiresApproval,
      recordedBy: accountIdOf(actor),
      recordedByName: actor.displayName,
    });
    assertInsertedOnce(isInserted);
    if (!requiresApproval) await repository.moveBalance(transaction, person.countyId, person.id, input.points);
    const photoIds = [...new Set(input.photoUploadIds ?? [])];
    const attached = await repository.attachPhotos(transaction, person.countyId, actor.id, id, photoIds);
    if (attached !== photoIds.length) {
      throw new AppError(
        'validation_failed',
        {
          en: 'A photo named was not sent by you or belongs to another entry: send it again.',
          zh: '所列照片不是您上传的或已属于其他记录，请重新上传。',
        },
        [{ path: '/body/photoUploadIds', message: 'unknown photo' }],
      );
    }
    return {
      audit: {
        action: 'moral_bank_entry.deposit',
        entityType: 'moral_bank_entry',
        entityId: id,
        regionCode: person.regionCode,
        countyId: person.countyId,
        outcome: 'success',
        details: { personId: person.id, points: input.points, ruleId: rule?.id ?? null, requiresApproval },
      },
    };
  });
}

const periodNames: Record<RulePeriod, string> = { day: '天', week: '周', month: '月', year: '年' };

/**
 * The village's decision on a deposit that waits for it: approved, its points count from now; refused (with a
 * reason), they never do. A deposit is decided once: a second decision answers 409 entry_decided.
 */
export async function decide(
  db: Database,
  actor: Actor,
  id: string,
  decision: EntryDecision,
  reason: string,
): Promise<Entry> {
  assertCan(actor, 'moral_bank.manage');
  const row = await loadEntry(db, actor, id);
  const to = decisionTarget(row.status, decision, actor.role);
  if (to === undefined) throw entryDecided(row.status);
  const { entry } = row;
  await inTransactionWithAudit(db, actor, async (transaction) => {
    await repository.lockBalance(transaction, entry.countyId, entry.personId);
    const isFirst = await repository.insertDecision(transaction, {
      countyId: entry.countyId,
      entryId: id,
      decision: to === 'approved' ? 'approved' : 'refused',
      reason,
      decidedBy: accountIdOf(actor),
      decidedByName: actor.displayName,
    });
    if (!isFirst) throw entryDecided('approved');
    if (to === 'approved') await repository.moveBalance(transaction, entry.countyId, entry.personId, entry.points);
    return {
      audit: {
        action: decision === 'approve' ? 'moral_bank_entry.approve' : 'moral_bank_entry.refuse',
        entityType: 'moral_bank_entry',
        entityId: id,
        regionCode: entry.regionCode,
        countyId: entry.countyId,
        outcome: 'success',
        details: { personId: entry.personId, points: entry.points, reason },
      },
    };
  });
  return getEntry(db, actor, id);
}

function entryDecided(status: EntryStatus) {
  return new AppError('entry_decided', {
    en: `This entry is ${status.replace('_', ' ')}: only a deposit waiting for approval is decided.`,
    zh: '只有待审核的存入记录可以审核，此记录已审核或无需审核。',
  });
}

/**
 * Corrects a counted entry by a new one that names it (the ledger is never edited): points added or taken back,
 * with a reason. Taking back more than the balance holds answers 409 points_insufficient.
 */
export async function correct(
  db: Database,
  actor: Actor,
  id: string,
  input: z.output<typeof correctionBody>,
): Promise<Entry> {
  assertCan(actor, 'moral_bank.manage');
  const row = await loadEntry(db, actor, id);
  if (row.status !== 'recorded' && row.status !== 'approved') {
    throw new AppError('entry_decided', {
      en: 'Only an entry that counts can be corrected: decide a waiting one instead.',
      zh: '只能更正已生效的记录；待审核的请直接审核。',
    });
  }
  const { entry } = row;
  const correctionId = uuidv7();
  const today = chinaDate(await repository.databaseNow(db));
  await inTransactionWithAudit(db, actor, async (transaction) => {
    if (!(await repository.moveBalance(transaction, entry.countyId, entry.personId, input.points))) {
      throw pointsInsufficient(-input.points);
    }
    await repository.insertEntry(transaction, {
      countyId: entry.countyId,
      id: correctionId,
      personId: entry.personId,
      householdId: entry.householdId,
      regionCode: entry.regionCode,
      kind: 'correction',
      points: input.points,
      reason: input.reason,
      correctsEntryId: entry.id,
      occurredOn: today,
      recordedBy: accountIdOf(actor),
      recordedByName: actor.displayName,
    });
    return {
      audit: {
        action: 'moral_bank_entry.correct',
        entityType: 'moral_bank_entry',
        entityId: correctionId,
        regionCode: entry.regionCode,
        countyId: entry.countyId,
        outcome: 'success',
        details: { corrects: entry.id, points: input.points },
      },
    };
  });
  return getEntry(db, actor, correctionId);
}

function pointsInsufficient(points: number) {
  return new AppError('points_insufficient', {
    en: `The account does not hold the ${points} points this needs.`,
    zh: `账户积分不足 ${points} 分。`,
  });
}

export function loadReward(db: Executor, actor: Actor, id: string) {
  return loadVisible(db, actor, {
    type: 'moral_bank_reward',
    id,
    code: 'reward_not_found',
    find: () => repository.findReward(db, actor, id),
    existsAnywhere: () => repository.rewardExists(db, id),
  });
}

/**
 * Redeems a reward of the resident's village for its points. One item of stock and the points go in one
 * transaction, each by a conditional update the database checks on the row it locks: of racing redemptions for the
 * last item or the last points, exactly as many succeed as there are items and points; the others answer 409
 * reward_out_of_stock or points_insufficient and change nothing.
 */
export async function redeem(db: Database, actor: Actor, input: { personId: string; rewardId: string }) {
  assertCan(actor, 'moral_bank.record');
  const { person } = await loadPerson(db, actor, input.personId);
  const { reward } = await loadReward(db, actor, input.rewardId);
  if (reward.countyId !== person.countyId || !person.regionCode.startsWith(reward.regionCode)) {
    throw new AppError('reward_not_found', {
      en: 'This reward is not in the resident’s village catalogue.',
      zh: '该居民所在村（社区）的兑换目录中没有此礼品。',
    });
  }
  const id = uuidv7();
  const today = chinaDate(await repository.databaseNow(db));
  await inTransactionWithAudit(db, actor, async (transaction) => {
    const taken = await repository.takeRewardItem(transaction, reward.countyId, reward.id);
    if (!taken) {
      throw new AppError('reward_out_of_stock', {
        en: `${reward.name} is out of stock or no longer offered.`,
        zh: `${reward.name}已兑完或已下架。`,
      });
    }
    if (!(await repository.moveBalance(transaction, person.countyId, person.id, -taken.points))) {
      throw pointsInsufficient(taken.points);
    }
    await repository.insertEntry(transaction, {
      countyId: person.countyId,
      id,
      personId: person.id,
      householdId: person.householdId,
      regionCode: person.regionCode,
      kind: 'redemption',
      points: -taken.points,
      reason: reward.name,
      rewardId: reward.id,
      occurredOn: today,
      recordedBy: accountIdOf(actor),
      recordedByName: actor.displayName,
    });
    return {
      audit: {
        action: 'moral_bank_entry.redeem',
        entityType: 'moral_bank_entry',
        entityId: id,
        regionCode: person.regionCode,
        countyId: person.countyId,
        outcome: 'success',
        details: { personId: person.id, rewardId: reward.id, points: taken.points, stockLeft: taken.stock },
      },
    };
  });
  return getEntry(db, actor, id);
}

/** Entries of a subtree (the caller's scope by default), newest first, filtered. */
export async function listEntries(
  db: Database,
  actor: Actor,
  query: z.output<typeof entryQuery>,
): Promise<Page<Entry>> {
  assertCan(actor, 'moral_bank.read');
  const root = query.regionId ? await loadRegion(db, actor, query.regionId) : undefined;
  const rows = await repository.listEntries(
    db,
    actor,
    {
      countyId: root?.countyId ?? actor.countyId,
      rootCode: root?.code ?? actor.regionCode ?? '',
      personId: query.personId,
      kind: query.kind,
      status: query.status,
      from: query.from ? chinaDayStart(query.from) : undefined,
      to: query.to ? chinaDayStart(addDays(query.to, 1)) : undefined,
      after: query.cursor ? { recordedAt: new Date(query.cursor.key), id: query.cursor.id } : undefined,
    },
    query.limit + 1,
  );
  const page = toPage(rows, query.limit, (row) => cursorOf(row.entry.recordedAt.toISOString(), row.entry.id));
  return { items: await presentEntries(db, actor, page.items), nextCursor: page.nextCursor };
}

/**
 * A resident's account: the balance (never below zero), points waiting for approval, what was earned and spent,
 * a page of the history, and the household's account — its members' accounts together.
 */
export async function getAccount(
  db: Database,
  actor: Actor,
  personId: string,
  query: z.output<typeof accountQuery>,
): Promise<Account> {
  assertCan(actor, 'moral_bank.read');
  const row = await loadPerson(db, actor, personId);
  const { person } = row;
  const household = person.householdId
    ? await repository.householdOf(db, person.countyId, person.householdId)
    : undefined;
  const [totals, entries, persons, balances] = await Promise.all([
    repository.accountTotals(db, person.countyId, person.id),
    listEntries(db, actor, { personId, limit: query.limit, cursor: query.cursor }),
    presentPartyPersons(db, actor, person.countyId, [person.id, ...(household?.memberIds ?? [])], false),
    repository.balancesOf(db, person.countyId, household?.memberIds ?? []),
  ]);
  const shown = persons.get(person.id)!;
  return {
    personId: person.id,
    personName: shown.name,
    isMasked: shown.isMasked,
    regionName: row.regionName,
    ...totals,
    household:
      household && person.householdId
        ? {
            id: person.householdId,
            address: household.address,
            balance: household.memberIds.reduce((sum, id) => sum + (balances.get(id) ?? 0), 0),
            members: household.memberIds.map((id) => ({
              personId: id,
              name: persons.get(id)?.name ?? '—',
              balance: balances.get(id) ?? 0,
            })),
          }
        : null,
    entries,
  };
}

/** A resident's own account as the residents' page shows it: the balance and the latest 50 entries that count. */
export async function readOwnAccount(db: Database, countyId: string, personId: string): Promise<ResidentMoralBank> {
  const [totals, rows] = await Promise.all([
    repository.accountTotals(db, countyId, personId),
    repository.listCountedEntries(db, countyId, personId, 50),
  ]);
  return {
    balance: totals.balance,
    entries: rows.map(({ entry }) => ({
      at: entry.recordedAt.toISOString(),
      points: entry.points,
      kind: entry.kind,
      reason: entry.reason,
    })),
  };
}

/** Accounts of a region, the largest first; with `q`, the residents whose name starts so, to open their account. */
export async function listAccounts(
  db: Database,
  actor: Actor,
  query: z.output<typeof accountListQuery>,
): Promise<{ items: AccountSummary[] }> {
  assertCan(actor, 'moral_bank.read');
  const region = await regionOrScope(db, actor, query.regionId);
  const rows = await repository.listAccounts(
    db,
    actor,
    {
      countyId: region.countyId,
      rootCode: region.code,
      q: query.q || undefined,
      // A role that may not see minors' names does not find them by name either.
      adultsBornBy: await adultsBornByFor(db, actor),
    },
    query.limit,
  );
  const persons = await presentPartyPersons(
    db,
    actor,
    region.countyId,
    rows.map((row) => row.personId),
    false,
  );
  return {
    items: rows.map((row) => ({
      personId: row.personId,
      personName: persons.get(row.personId)?.name ?? '—',
      regionName: persons.get(row.personId)?.regionName ?? '',
      balance: Number(row.balance),
      pending: Number(row.pending),
    })),
  };
}

// Rules --------------------------------------------------------------------------------------------------------------

function presentRule(row: repository.RuleRow): Rule {
  const { rule } = row;
  return {
    id: rule.id,
    regionId: rule.regionId,
    regionName: row.regionName,
    isCountyRule: row.regionLevel === 'county',
    name: rule.name,
    description: rule.description,
    points: rule.points,
    period: rule.period,
    periodLimit: rule.periodLimit,
    requiresApproval: rule.requiresApproval,
    retiredAt: rule.retiredAt?.toISOString() ?? null,
  };
}

/** The rules in force for a region: its county's and its village's (or, above a village, those below it). */
export async function listRules(
  db: Database,
  actor: Actor,
  query: { regionId?: string | undefined; includeRetired: boolean },
): Promise<Rule[]> {
  assertCan(actor, 'moral_bank.read');
  const region = await regionOrScope(db, actor, query.regionId);
  const rows = await repository.listRules(db, region.countyId, region.code, query.includeRetired);
  return rows.map(presentRule);
}

/** A region where rules and rewards are kept: the county (rules only) or a village. */
async function keepingRegion(db: Database, actor: Actor, regionId: string, levels: readonly string[]) {
  const region = await loadRegion(db, actor, regionId);
  if (!levels.includes(region.level)) {
    throw new AppError(
      'validation_failed',
      {
        en: levels.includes('county')
          ? 'Rules are kept by the county or a village.'
          : 'Rewards are kept by a village (or community).',
        zh: levels.includes('county') ? '积分规则由县或村（社区）制定。' : '兑换礼品由村（社区）管理。',
      },
      [{ path: '/body/regionId', message: 'not a village' }],
    );
  }
  return region;
}

export async function createRule(db: Database, actor: Actor, input: z.output<typeof ruleBody>): Promise<Rule> {
  assertCan(actor, 'moral_bank.manage');
  const region = await keepingRegion(db, actor, input.regionId, ['county', 'village']);
  const id = uuidv7();
  const { regionId: _regionId, ...fields } = input;
  await inTransactionWithAudit(db, actor, async (transaction) => {
    await repository.insertRule(transaction, {
      countyId: region.countyId,
      id,
      regionId: region.id,
      regionCode: region.code,
      ...fields,
      createdBy: accountIdOf(actor),
    });
    return {
      audit: {
        action: 'moral_bank_rule.create',
        entityType: 'moral_bank_rule',
        entityId: id,
        regionCode: region.code,
        countyId: region.countyId,
        outcome: 'success',
        details: { name: input.name, points: input.points },
      },
    };
  });
  return presentRule((await repository.findRule(db, region.countyId, id))!);
}

function loadOwnRule(db: Executor, actor: Actor, id: string) {
  return loadVisible(db, actor, {
    type: 'moral_bank_rule',
    id,
    code: 'moral_bank_rule_not_found',
    find: () => repository.findOwnRule(db, actor, id),
    existsAnywhere: () => repository.ruleExists(db, id),
  });
}

/** Changes a rule set in the caller's subtree (a village cannot change the county's), or retires it. */
export async function updateRule(
  db: Database,
  actor: Actor,
  id: string,
  changes: z.output<typeof ruleChangeBody>,
): Promise<Rule> {
  assertCan(actor, 'moral_bank.manage');
  const { rule } = await loadOwnRule(db, actor, id);
  const { retired, ...fields } = changes;
  await inTransactionWithAudit(db, actor, async (transaction) => {
    await repository.updateRule(transaction, rule.countyId, id, {
      ...fields,
      ...(retired === undefined ? {} : { retiredAt: retired ? (rule.retiredAt ?? new Date()) : null }),
    });
    return {
      audit: {
        action: 'moral_bank_rule.update',
        entityType: 'moral_bank_rule',
        entityId: id,
        regionCode: rule.regionCode,
        countyId: rule.countyId,
        outcome: 'success',
        details: { fields: Object.keys(changes) },
      },
    };
  });
  return presentRule((await repository.findRule(db, rule.countyId, id))!);
}

// Rewards ------------------------------------------------------------------------------------------------------------

function presentReward(row: repository.RewardRow): Reward {
  const { reward } = row;
  return {
    id: reward.id,
    regionId: reward.regionId,
    regionName: row.regionName,
    name: reward.name,
    points: reward.points,
    stock: reward.stock,
    retiredAt: reward.retiredAt?.toISOString() ?? null,
  };
}

/** The reward catalogue of a region: its village's (for a grid), or the villages' below it. */
export async function listRewards(
  db: Database,
  actor: Actor,
  query: { regionId?: string | undefined; includeRetired: boolean },
): Promise<Reward[]> {
  assertCan(actor, 'moral_bank.read');
  const region = await regionOrScope(db, actor, query.regionId);
  const rows = await repository.listRewards(db, region.countyId, region.code, query.includeRetired);
  return rows.map(presentReward);
}

export async function createReward(db: Database, actor: Actor, input: z.output<typeof rewardBody>): Promise<Reward> {
  assertCan(actor, 'moral_bank.manage');
  const regionId = input.regionId ?? actor.regionId;
  if (regionId === undefined) {
    throw new AppError('validation_failed', { en: 'Name the village (regionId).', zh: '请指定村（社区）。' }, [
      { path: '/body/regionId', message: 'required' },
    ]);
  }
  const region = await keepingRegion(db, actor, regionId, ['village']);
  const id = uuidv7();
  await inTransactionWithAudit(db, actor, async (transaction) => {
    await repository.insertReward(transaction, {
      countyId: region.countyId,
      id,
      regionId: region.id,
      regionCode: region.code,
      name: input.name,
      points: input.points,
      stock: input.stock,
      createdBy: accountIdOf(actor),
    });
    return {
      audit: {
        action: 'moral_bank_reward.create',
        entityType: 'moral_bank_reward',
        entityId: id,
        regionCode: region.code,
        countyId: region.countyId,
        outcome: 'success',
        details: { name: input.name, points: input.points, stock: input.stock },
      },
    };
  });
  return presentReward((await repository.findReward(db, actor, id))!);
}

/** Renames, reprices, restocks (adds items) or retires a reward of the caller's subtree. */
export async function updateReward(
  db: Database,
  actor: Actor,
  id: string,
  changes: z.output<typeof rewardChangeBody>,
): Promise<Reward> {
  assertCan(actor, 'moral_bank.manage');
  const { reward } = await loadReward(db, actor, id);
  if (actor.regionCode !== undefined && !reward.regionCode.startsWith(actor.regionCode)) {
    throw new AppError('forbidden', {
      en: 'This reward is kept by its village.',
      zh: '此礼品由所在村（社区）管理。',
    });
  }
  const { retired, ...fields } = changes;
  await inTransactionWithAudit(db, actor, async (transaction) => {
    await repository.updateReward(transaction, reward.countyId, id, {
      ...fields,
      ...(retired === undefined ? {} : { retiredAt: retired ? (reward.retiredAt ?? new Date()) : null }),
    });
    return {
      audit: {
        action: 'moral_bank_reward.update',
        entityType: 'moral_bank_reward',
        entityId: id,
        regionCode: reward.regionCode,
        countyId: reward.countyId,
        outcome: 'success',
        details: changes,
      },
    };
  });
  return presentReward((await repository.findReward(db, actor, id))!);
}

// Settings, rankings, figures, statement ----------------------------------------------------------------------------

export async function getSettings(db: Database, actor: Actor): Promise<MoralBankSettings> {
  assertCan(actor, 'moral_bank.read');
  const countyId = countyOf(actor);
  const row = await repository.findSettings(db, countyId);
  return { countyId, rankingsEnabled: row?.rankingsEnabled ?? false };
}

/** Turns the households of the month on or off for the county (its administrators). */
export async function saveSettings(db: Database, actor: Actor, rankingsEnabled: boolean): Promise<MoralBankSettings> {
  assertCan(actor, 'moral_bank.configure');
  const countyId = countyOf(actor);
  await inTransactionWithAudit(db, actor, async (transaction) => {
    await repository.saveSettings(transaction, countyId, rankingsEnabled);
    return {
      audit: {
        action: 'moral_bank_settings.update',
        entityType: 'moral_bank_settings',
        entityId: countyId,
        countyId,
        outcome: 'success',
        details: { rankingsEnabled },
      },
    };
  });
  return { countyId, rankingsEnabled };
}

/** The month named, or this one, as the period from its first day to the next month's first. */
async function monthPeriod(db: Executor, month: string | undefined) {
  const chosen = month ?? chinaDate(await repository.databaseNow(db)).slice(0, 7);
  return {
    month: chosen,
    period: { from: chinaDayStart(`${chosen}-01`), to: chinaDayStart(`${nextMonth(chosen)}-01`) },
  };
}

/** Households of the month: the most points counted in a month, where the county ranks them (409 rankings_off). */
export async function rankings(db: Database, actor: Actor, query: z.output<typeof monthQuery>): Promise<Ranking> {
  assertCan(actor, 'moral_bank.read');
  const region = await regionOrScope(db, actor, query.regionId);
  const settings = await repository.findSettings(db, region.countyId);
  if (!settings?.rankingsEnabled) {
    throw new AppError('rankings_off', {
      en: 'The county does not rank households.',
      zh: '本县未开启家庭积分排行。',
    });
  }
  const { month, period } = await monthPeriod(db, query.month);
  const rows = await repository.rankHouseholds(db, region.countyId, region.code, period, 20);
  return {
    regionId: region.id,
    month,
    items: rows.map((row, index) => ({ rank: index + 1, ...row, points: Number(row.points) })),
  };
}

export async function figures(db: Database, actor: Actor, query: z.output<typeof figuresQuery>): Promise<Figures> {
  assertCan(actor, 'moral_bank.read');
  const region = await regionOrScope(db, actor, query.regionId);
  const to = query.to ?? chinaDate(await repository.databaseNow(db));
  const from = query.from ?? `${to.slice(0, 7)}-01`;
  if (from > to || addDays(from, 3 * 366) < to) {
    throw new AppError(
      'validation_failed',
      { en: 'Give a period that ends after it starts, of at most three years.', zh: '统计区间须先始后终，最长三年。' },
      [{ path: '/querystring/to', message: 'bad period' }],
    );
  }
  const counts = await repository.countFigures(db, region.countyId, region.code, {
    from: chinaDayStart(from),
    to: chinaDayStart(addDays(to, 1)),
  });
  return {
    regionId: region.id,
    from,
    to,
    deposits: Number(counts.deposits),
    pointsDeposited: Number(counts.pointsDeposited),
    pending: Number(counts.pending),
    refused: Number(counts.refused),
    redemptions: Number(counts.redemptions),
    pointsRedeemed: Number(counts.pointsRedeemed),
    residents: Number(counts.residents),
    pointsOutstanding: Number(counts.pointsOutstanding),
  };
}

const kindNames: Record<EntryKind, string> = { deposit: '存入', redemption: '兑换', correction: '更正' };
const statusNames: Record<EntryStatus, string> = {
  recorded: '已入账',
  pending_approval: '待审核',
  approved: '已审核入账',
  refused: '未通过',
};

/**
 * A region's monthly statement (.xlsx), a village's as a rule: each account's balance at the month's start, its deposits, redemptions and
 * corrections counted in the month and its balance at the end; then the month's entries. Names as the caller sees them.
 */
export async function statement(
  db: Database,
  actor: Actor,
  query: z.output<typeof statementQuery>,
): Promise<{ fileName: string; content: Buffer }> {
  assertCan(actor, 'moral_bank.read');
  const region = await loadRegion(db, actor, query.regionId);
  const { month, period } = await monthPeriod(db, query.month);
  const accounts = await repository.statementAccounts(db, region.countyId, region.code, period);
  const entries: repository.EntryRow[] = [];
  for (let cursor: { recordedAt: Date; id: string } | undefined, page = 0; page < 50; page += 1) {
    const rows = await repository.listEntries(
      db,
      actor,
      { countyId: region.countyId, rootCode: region.code, from: period.from, to: period.to, after: cursor },
      1000,
    );
    entries.push(...rows);
    if (rows.length < 1000) break;
    cursor = { recordedAt: rows.at(-1)!.entry.recordedAt, id: rows.at(-1)!.entry.id };
  }
  const persons = await presentPartyPersons(
    db,
    actor,
    region.countyId,
    [...accounts.map((row) => row.personId), ...entries.map((row) => row.entry.personId)],
    false,
  );
  const nameOf = (id: string) => persons.get(id)?.name ?? '—';
  const content = await writeReportWorkbook([
    {
      name: '账户',
      title: `${region.name} 道德银行 ${month} 月度报表`,
      columns: columnsOf('居民', '网格', '期初积分', '存入', '兑换', '更正', '期末积分'),
      rows: accounts.map((row) => [
        nameOf(row.personId),
        persons.get(row.personId)?.regionName ?? '',
        row.opening,
        row.deposits,
        row.redemptions,
        row.corrections,
        row.closing,
      ]),
    },
    {
      name: '明细',
      title: `${region.name} 道德银行 ${month} 积分明细`,
      columns: columnsOf('记录时间', '居民', '类型', '积分', '事由', '规则/礼品', '状态', '记录人'),
      rows: [...entries]
        .reverse()
        .map((row) => [
          chinaDateTime(row.entry.recordedAt),
          nameOf(row.entry.personId),
          kindNames[row.entry.kind],
          row.entry.points,
          row.entry.reason,
          row.ruleName ?? row.rewardName ?? '',
          statusNames[row.status],
          row.entry.recordedByName ?? '',
        ]),
    },
  ]);
  await recordAudit(db, actor, {
    action: 'moral_bank.export',
    entityType: 'moral_bank_settings',
    entityId: region.countyId,
    regionCode: region.code,
    countyId: region.countyId,
    outcome: 'success',
    details: { regionId: region.id, month, accounts: accounts.length, entries: entries.length },
  });
  return { fileName: `moral-bank-${region.code}-${month}.xlsx`, content };
}

// Photos -------------------------------------------------------------------------------------------------------------

/** Keeps a photo of a deed for a deposit about to be recorded: its id goes into the deposit's photoUploadIds. */
export async function uploadPhoto(
  db: Database,
  files: FileStore,
  actor: Actor,
  photo: { fileName: string; content: Buffer },
  limit: PhotoUploadLimit,
) {
  assertCan(actor, 'moral_bank.record');
  return keepPhotoSentAhead(db, files, actor, photo, {
    limit,
    storageKeyOf: (countyId, id) => `photos/${countyId}/moral-bank-${id}`,
    audit: { action: 'moral_bank_entry.add_photo', entityType: 'moral_bank_entry' },
    insert: (transaction, { accountId, ...row }) =>
      repository.insertPhoto(transaction, { ...row, createdBy: accountId }),
  });
}

export async function getPhoto(
  db: Database,
  files: FileStore,
  actor: Actor,
  id: string,
): Promise<{ contentType: string; size: number; content: Readable }> {
  assertCan(actor, 'moral_bank.read');
  const photo = await repository.findPhoto(db, actor, id);
  const content = photo ? await files.get(photo.storageKey) : undefined;
  if (!photo || !content) {
    throw new AppError('not_found', { en: `No photo with id ${id}.`, zh: `没有编号为 ${id} 的照片。` });
  }
  return { contentType: photo.contentType, size: photo.size, content };
}
