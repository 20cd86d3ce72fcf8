import { and, desc, eq, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { countedStatuses, type EntryKind, type EntryStatus } from '../../../shared/moral-bank.js';
import type { Actor } from '../../auth/actor.js';
import { withinScope } from '../../auth/scope.js';
import { selectRows, type Executor } from '../../db/client.js';
import { households, persons, regions } from '../../db/schema/index.js';
import {
  moralBankBalances,
  moralBankDecisions,
  moralBankEntries,
  moralBankPhotos,
  moralBankRewards,
  moralBankRules,
  moralBankSettings,
} from '../../db/schema/moral-bank.js';

/** An entry's status, from its approval flag and the village's decision. */
const statusOf = sql<EntryStatus>`case
  when ${moralBankDecisions.decision} = 'approved' then 'approved'
  when ${moralBankDecisions.decision} = 'refused' then 'refused'
  when ${moralBankEntries.requiresApproval} then 'pending_approval'
  else 'recorded' end`;

const entryColumns = {
  entry: moralBankEntries,
  status: statusOf,
  decision: moralBankDecisions,
  regionName: sql<
    string | null
  >`(select name from regions where regions.code = ${moralBankEntries.regionCode} limit 1)`,
  ruleName: sql<
    string | null
  >`(select name from moral_bank_rules r where r.county_id = ${moralBankEntries.countyId} and r.id = ${moralBankEntries.ruleId})`,
  rewardName: sql<
    string | null
  >`(select name from moral_bank_rewards w where w.county_id = ${moralBankEntries.countyId} and w.id = ${moralBankEntries.rewardId})`,
  photoIds: sql<
    string[]
  >`coalesce((select array_agg(p.id order by p.id) from moral_bank_photos p where p.county_id = ${moralBankEntries.countyId} and p.entry_id = ${moralBankEntries.id}), '{}')`,
};

function fromEntries(db: Executor) {
  return db
    .select(entryColumns)
    .from(moralBankEntries)
    .leftJoin(
      moralBankDecisions,
      and(
        eq(moralBankDecisions.countyId, moralBankEntries.countyId),
        eq(moralBankDecisions.entryId, moralBankEntries.id),
      ),
    );
}

export type EntryRow = NonNullable<Awaited<ReturnType<typeof findEntry>>>;

/** An entry inside the actor's scope (by the grid the person lived in when it was made). */
export async function findEntry(db: Executor, actor: Actor, id: string) {
  const [row] = await fromEntries(db).where(
    and(eq(moralBankEntries.id, id), withinScope(actor, moralBankEntries.regionCode)),
  );
  return row;
}

export async function entryExists(db: Executor, id: string): Promise<boolean> {
  const [row] = await db.select({ id: moralBankEntries.id }).from(moralBankEntries).where(eq(moralBankEntries.id, id));
  return row !== undefined;
}

export type EntryFilter = {
  countyId: string | undefined;
  rootCode: string;
  personId?: string | undefined;
  kind?: EntryKind | undefined;
  status?: EntryStatus | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  after?: { recordedAt: Date; id: string } | undefined;
};

/** A page of entries of a subtree, newest first. */
export function listEntries(db: Executor, actor: Actor, filter: EntryFilter, limit: number) {
  const after = filter.after;
  return fromEntries(db)
    .where(
      and(
        filter.countyId === undefined ? undefined : eq(moralBankEntries.countyId, filter.countyId),
        sql`${moralBankEntries.regionCode} like ${`${filter.rootCode}%`}`,
        withinScope(actor, moralBankEntries.regionCode),
        filter.personId ? eq(moralBankEntries.personId, filter.personId) : undefined,
        filter.kind ? eq(moralBankEntries.kind, filter.kind) : undefined,
        filter.status ? sql`${statusOf} = ${filter.status}` : undefined,
        filter.from ? sql`${moralBankEntries.recordedAt} >= ${filter.from.toISOString()}` : undefined,
        filter.to ? sql`${moralBankEntries.recordedAt} < ${filter.to.toISOString()}` : undefined,
        after
          ? or(
              lt(moralBankEntries.recordedAt, after.recordedAt),
              and(eq(moralBankEntries.recordedAt, after.recordedAt), lt(moralBankEntries.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(moralBankEntries.recordedAt), desc(moralBankEntries.id))
    .limit(limit);
}

/** Inserts an entry; false when one of its id was there already (a client's id sent twice at once). */
export async function insertEntry(db: Executor, row: typeof moralBankEntries.$inferInsert): Promise<boolean> {
  const inserted = await db
    .insert(moralBankEntries)
    .values(row)
    .onConflictDoNothing({ target: [moralBankEntries.countyId, moralBankEntries.id] })
    .returning({ id: moralBankEntries.id });
  return inserted.length === 1;
}

/** Who recorded the entry of this id, in any county: a client's id is checked before its county is known. */
export async function findEntryOrigin(db: Executor, id: string) {
  const [row] = await db
    .select({ recordedBy: moralBankEntries.recordedBy })
    .from(moralBankEntries)
    .where(eq(moralBankEntries.id, id))
    .limit(1);
  return row;
}

/** Records the village's decision; false when the entry was decided already (another approver was first). */
export async function insertDecision(db: Executor, row: typeof moralBankDecisions.$inferInsert): Promise<boolean> {
  const inserted = await db
    .insert(moralBankDecisions)
    .values(row)
    .onConflictDoNothing({ target: [moralBankDecisions.countyId, moralBankDecisions.entryId] })
    .returning({ entryId: moralBankDecisions.entryId });
  return inserted.length === 1;
}

/**
 * Locks a person's balance row (made at zero the first time) for the rest of the transaction: the deposits,
 * decisions and redemptions of one person then happen one after another.
 */
export async function lockBalance(db: Executor, countyId: string, personId: string): Promise<number> {
  await db.insert(moralBankBalances).values({ countyId, personId }).onConflictDoNothing();
  const [row] = await db
    .select({ balance: moralBankBalances.balance })
    .from(moralBankBalances)
    .where(and(eq(moralBankBalances.countyId, countyId), eq(moralBankBalances.personId, personId)))
    .for('update');
  return row!.balance;
}

/**
 * Moves a balance by `points` unless it would fall below zero: false then, and nothing changed. The condition is
 * checked on the row as it is when its lock is granted, so two takers of the last points cannot both pass.
 */
export async function moveBalance(db: Executor, countyId: string, personId: string, points: number) {
  await db.insert(moralBankBalances).values({ countyId, personId }).onConflictDoNothing();
  const moved = await db
    .update(moralBankBalances)
    .set({ balance: sql`${moralBankBalances.balance} + ${points}`, updatedAt: sql`now()` })
    .where(
      and(
        eq(moralBankBalances.countyId, countyId),
        eq(moralBankBalances.personId, personId),
        sql`${moralBankBalances.balance} + ${points} >= 0`,
      ),
    )
    .returning({ balance: moralBankBalances.balance });
  return moved.length === 1;
}

/** Takes one item of a reward if one is left and the reward is offered: its points then, undefined otherwise. */
export async function takeRewardItem(db: Executor, countyId: string, rewardId: string) {
  const [row] = await db
    .update(moralBankRewards)
    .set({ stock: sql`${moralBankRewards.stock} - 1` })
    .where(
      and(
        eq(moralBankRewards.countyId, countyId),
        eq(moralBankRewards.id, rewardId),
        sql`${moralBankRewards.stock} > 0`,
        isNull(moralBankRewards.retiredAt),
      ),
    )
    .returning({ points: moralBankRewards.points, stock: moralBankRewards.stock });
  return row;
}

/** Deposits of a person under a rule on dates in [from, to], not refused: what the rule's limit counts. */
export async function countRuleDeposits(
  db: Executor,
  key: { countyId: string; ruleId: string; personId: string },
  period: { from: string; to: string },
) {
  const [row] = await selectRows<{ count: number }>(
    db,
    sql`select count(*)::int as count from moral_bank_entries e
      where e.county_id = ${key.countyId} and e.rule_id = ${key.ruleId} and e.person_id = ${key.personId}
        and e.kind = 'deposit' and e.occurred_on between ${period.from} and ${period.to}
        and not exists (select 1 from moral_bank_decisions d
          where d.county_id = e.county_id and d.entry_id = e.id and d.decision = 'refused')`,
  );
  return row!.count;
}

/** A person's balance, the points waiting for approval, and what they earned and spent in all. */
export async function accountTotals(db: Executor, countyId: string, personId: string) {
  const [row] = await selectRows<{ balance: number; pending: number; earned: number; spent: number }>(
    db,
    sql`select
      coalesce((select balance from moral_bank_balances b where b.county_id = ${countyId} and b.person_id = ${personId}), 0)::int as balance,
      coalesce(sum(e.points) filter (where e.requires_approval and d.entry_id is null), 0)::int as pending,
      coalesce(sum(e.points) filter (where e.points > 0 and (not e.requires_approval or d.decision = 'approved')), 0)::int as earned,
      coalesce(-sum(e.points) filter (where e.points < 0), 0)::int as spent
    from moral_bank_entries e
    left join moral_bank_decisions d on d.county_id = e.county_id and d.entry_id = e.id
    where e.county_id = ${countyId} and e.person_id = ${personId}`,
  );
  return row!;
}

/** A person's latest entries that count in their balance, newest first: their own statement, not a scope's. */
export function listCountedEntries(db: Executor, countyId: string, personId: string, limit: number) {
  return fromEntries(db)
    .where(
      and(
        eq(moralBankEntries.countyId, countyId),
        eq(moralBankEntries.personId, personId),
        inArray(statusOf, [...countedStatuses]),
      ),
    )
    .orderBy(desc(moralBankEntries.recordedAt), desc(moralBankEntries.id))
    .limit(limit);
}

/** Balances of persons (zero for those with none). */
export async function balancesOf(db: Executor, countyId: string, personIds: string[]) {
  if (personIds.length === 0) return new Map<string, number>();
  const rows = await db
    .select({ personId: moralBankBalances.personId, balance: moralBankBalances.balance })
    .from(moralBankBalances)
    .where(and(eq(moralBankBalances.countyId, countyId), inArray(moralBankBalances.personId, personIds)));
  return new Map(rows.map((row) => [row.personId, row.balance]));
}

/** The members of a household, by id, and its address. */
export async function householdOf(db: Executor, countyId: string, householdId: string) {
  const [household] = await db
    .select({ address: households.address })
    .from(households)
    .where(and(eq(households.countyId, countyId), eq(households.id, householdId)));
  const members = await db
    .select({ id: persons.id })
    .from(persons)
    .where(and(eq(persons.countyId, countyId), eq(persons.householdId, householdId)))
    .orderBy(persons.id);
  return household ? { address: household.address, memberIds: members.map((member) => member.id) } : undefined;
}

/**
 * Accounts of a subtree, the largest balance first; `q` matches the start of a name or its pinyin. `adultsBornBy`
 * keeps minors out of a name search for a role that may not see their names.
 */
export async function listAccounts(
  db: Executor,
  actor: Actor,
  filter: { countyId: string; rootCode: string; q?: string | undefined; adultsBornBy?: string | undefined },
  limit: number,
) {
  const pending = sql<number>`coalesce((select sum(e.points) from moral_bank_entries e
    where e.county_id = ${persons.countyId} and e.person_id = ${persons.id} and e.requires_approval
      and not exists (select 1 from moral_bank_decisions d where d.county_id = e.county_id and d.entry_id = e.id)), 0)::int`;
  const search: SQL | undefined = filter.q
    ? and(
        or(
          sql`${persons.name} like ${`${filter.q}%`}`,
          sql`${persons.namePinyin} like ${`${filter.q.toLowerCase()}%`}`,
        ),
        filter.adultsBornBy ? sql`${persons.birthDate} <= ${filter.adultsBornBy}` : undefined,
      )
    : undefined;
  return db
    .select({ personId: persons.id, balance: sql<number>`coalesce(${moralBankBalances.balance}, 0)`, pending })
    .from(persons)
    .leftJoin(
      moralBankBalances,
      and(eq(moralBankBalances.countyId, persons.countyId), eq(moralBankBalances.personId, persons.id)),
    )
    .where(
      and(
        eq(persons.countyId, filter.countyId),
        sql`${persons.regionCode} like ${`${filter.rootCode}%`}`,
        withinScope(actor, persons.regionCode),
        // Without a search, the accounts that hold anything; with one, every resident found (to open an account).
        search ?? sql`${moralBankBalances.personId} is not null`,
      ),
    )
    .orderBy(desc(sql`coalesce(${moralBankBalances.balance}, 0)`), persons.id)
    .limit(limit);
}

// Rules and rewards ---------------------------------------------------------------------------------------------------

/** Rules or rewards in force for a region: set above it (its county's, its village's) or below it. */
function inForce(column: typeof moralBankRules.regionCode | typeof moralBankRewards.regionCode, code: string) {
  return or(sql`${code} like ${column} || '%'`, sql`${column} like ${`${code}%`}`);
}

const ruleColumns = { rule: moralBankRules, regionName: regions.name, regionLevel: regions.level };
export type RuleRow = NonNullable<Awaited<ReturnType<typeof findRule>>>;

export function listRules(db: Executor, countyId: string, code: string, includeRetired: boolean) {
  return db
    .select(ruleColumns)
    .from(moralBankRules)
    .innerJoin(regions, eq(regions.id, moralBankRules.regionId))
    .where(
      and(
        eq(moralBankRules.countyId, countyId),
        inForce(moralBankRules.regionCode, code),
        includeRetired ? undefined : isNull(moralBankRules.retiredAt),
      ),
    )
    .orderBy(moralBankRules.regionCode, moralBankRules.name)
    .limit(500);
}

/** A rule of a county, wherever it is set (the service checks it holds where it is used). */
export async function findRule(db: Executor, countyId: string, id: string) {
  const [row] = await db
    .select(ruleColumns)
    .from(moralBankRules)
    .innerJoin(regions, eq(regions.id, moralBankRules.regionId))
    .where(and(eq(moralBankRules.countyId, countyId), eq(moralBankRules.id, id)));
  return row;
}

/** A rule the actor may change: set in their subtree. */
export async function findOwnRule(db: Executor, actor: Actor, id: string) {
  const [row] = await db
    .select(ruleColumns)
    .from(moralBankRules)
    .innerJoin(regions, eq(regions.id, moralBankRules.regionId))
    .where(and(eq(moralBankRules.id, id), withinScope(actor, moralBankRules.regionCode)));
  return row;
}

export async function ruleExists(db: Executor, id: string): Promise<boolean> {
  const [row] = await db.select({ id: moralBankRules.id }).from(moralBankRules).where(eq(moralBankRules.id, id));
  return row !== undefined;
}

export async function insertRule(db: Executor, row: typeof moralBankRules.$inferInsert) {
  await db.insert(moralBankRules).values(row);
}

export async function updateRule(
  db: Executor,
  countyId: string,
  id: string,
  changes: Partial<typeof moralBankRules.$inferInsert>,
) {
  await db
    .update(moralBankRules)
    .set(changes)
    .where(and(eq(moralBankRules.countyId, countyId), eq(moralBankRules.id, id)));
}

const rewardColumns = { reward: moralBankRewards, regionName: regions.name };
export type RewardRow = NonNullable<Awaited<ReturnType<typeof findReward>>>;

export function listRewards(db: Executor, countyId: string, code: string, includeRetired: boolean) {
  return db
    .select(rewardColumns)
    .from(moralBankRewards)
    .innerJoin(regions, eq(regions.id, moralBankRewards.regionId))
    .where(
      and(
        eq(moralBankRewards.countyId, countyId),
        inForce(moralBankRewards.regionCode, code),
        includeRetired ? undefined : isNull(moralBankRewards.retiredAt),
      ),
    )
    .orderBy(moralBankRewards.regionCode, moralBankRewards.points, moralBankRewards.name)
    .limit(500);
}

/** A reward in the actor's scope or set above it (a grid's workers redeem from their village's catalogue). */
export async function findReward(db: Executor, actor: Actor, id: string) {
  const [row] = await db
    .select(rewardColumns)
    .from(moralBankRewards)
    .innerJoin(regions, eq(regions.id, moralBankRewards.regionId))
    .where(
      and(
        eq(moralBankRewards.id, id),
        actor.regionCode === undefined ? undefined : inForce(moralBankRewards.regionCode, actor.regionCode),
      ),
    );
  return row;
}

export async function rewardExists(db: Executor, id: string): Promise<boolean> {
  const [row] = await db.select({ id: moralBankRewards.id }).from(moralBankRewards).where(eq(moralBankRewards.id, id));
  return row !== undefined;
}

export async function insertReward(db: Executor, row: typeof moralBankRewards.$inferInsert) {
  await db.insert(moralBankRewards).values(row);
}

export async function updateReward(
  db: Executor,
  countyId: string,
  id: string,
  changes: { name?: string; points?: number; addStock?: number; retiredAt?: Date | null },
) {
  const { addStock, ...rest } = changes;
  await db
    .update(moralBankRewards)
    .set({ ...rest, ...(addStock === undefined ? {} : { stock: sql`${moralBankRewards.stock} + ${addStock}` }) })
    .where(and(eq(moralBankRewards.countyId, countyId), eq(moralBankRewards.id, id)));
}

// Settings, rankings, figures, statements -----------------------------------------------------------------------------

export async function findSettings(db: Executor, countyId: string) {
  const [row] = await db.select().from(moralBankSettings).where(eq(moralBankSettings.countyId, countyId));
  return row;
}

export async function saveSettings(db: Executor, countyId: string, rankingsEnabled: boolean) {
  await db
    .insert(moralBankSettings)
    .values({ countyId, rankingsEnabled })
    .onConflictDoUpdate({ target: moralBankSettings.countyId, set: { rankingsEnabled, updatedAt: sql`now()` } });
}

/**
 * When an entry counts: when recorded, or for one that waited, when the village approved it. Refused and waiting
 * entries count never; a month's statement is then the balance as it stood at the month's turn.
 */
const countedAt = sql.raw(`case when not e.requires_approval then e.recorded_at
  when d.decision = 'approved' then d.decided_at end`);

export type Period = { from: Date; to: Date };

/** The households whose members earned the most points counted in a period, in a subtree. */
export function rankHouseholds(db: Executor, countyId: string, rootCode: string, period: Period, limit: number) {
  return selectRows<{ householdId: string; address: string; regionName: string; points: number; deposits: number }>(
    db,
    sql`select e.household_id as "householdId", h.address, r.name as "regionName",
        sum(e.points)::int as points, count(*) filter (where e.kind = 'deposit')::int as deposits
      from moral_bank_entries e
      left join moral_bank_decisions d on d.county_id = e.county_id and d.entry_id = e.id
      join households h on h.county_id = e.county_id and h.id = e.household_id
      join regions r on r.id = h.region_id
      where e.county_id = ${countyId} and e.region_code like ${`${rootCode}%`} and e.kind <> 'redemption'
        and ${countedAt} >= ${period.from.toISOString()} and ${countedAt} < ${period.to.toISOString()}
      group by e.household_id, h.address, r.name
      having sum(e.points) > 0
      order by points desc, deposits desc, e.household_id
      limit ${limit}`,
  );
}

export async function countFigures(db: Executor, countyId: string, rootCode: string, period: Period) {
  const [row] = await selectRows<Record<string, number>>(
    db,
    sql`select
      count(*) filter (where e.kind = 'deposit' and (not e.requires_approval or d.decision = 'approved'))::int as deposits,
      coalesce(sum(e.points) filter (where e.kind = 'deposit' and (not e.requires_approval or d.decision = 'approved')), 0)::int as "pointsDeposited",
      count(*) filter (where e.requires_approval and d.entry_id is null)::int as pending,
      count(*) filter (where d.decision = 'refused')::int as refused,
      count(*) filter (where e.kind = 'redemption')::int as redemptions,
      coalesce(-sum(e.points) filter (where e.kind = 'redemption'), 0)::int as "pointsRedeemed",
      count(distinct e.person_id)::int as residents,
      (select coalesce(sum(b.balance), 0)::int from moral_bank_balances b
        join persons p on p.county_id = b.county_id and p.id = b.person_id
        where b.county_id = ${countyId} and p.region_code like ${`${rootCode}%`}) as "pointsOutstanding"
    from moral_bank_entries e
    left join moral_bank_decisions d on d.county_id = e.county_id and d.entry_id = e.id
    where e.county_id = ${countyId} and e.region_code like ${`${rootCode}%`}
      and e.recorded_at >= ${period.from.toISOString()} and e.recorded_at < ${period.to.toISOString()}`,
  );
  return row!;
}

/** Each account of a subtree with an entry counted before the period's end: its balance at the start and its moves. */
export function statementAccounts(db: Executor, countyId: string, rootCode: string, period: Period) {
  return selectRows<{
    personId: string;
    opening: number;
    deposits: number;
    redemptions: number;
    corrections: number;
    closing: number;
  }>(
    db,
    sql`select e.person_id as "personId",
        coalesce(sum(e.points) filter (where at < ${period.from.toISOString()}), 0)::int as opening,
        coalesce(sum(e.points) filter (where at >= ${period.from.toISOString()} and e.kind = 'deposit'), 0)::int as deposits,
        coalesce(-sum(e.points) filter (where at >= ${period.from.toISOString()} and e.kind = 'redemption'), 0)::int as redemptions,
        coalesce(sum(e.points) filter (where at >= ${period.from.toISOString()} and e.kind = 'correction'), 0)::int as corrections,
        sum(e.points)::int as closing
      from (select e.*, ${countedAt} as at from moral_bank_entries e
        left join moral_bank_decisions d on d.county_id = e.county_id and d.entry_id = e.id
        where e.county_id = ${countyId} and e.region_code like ${`${rootCode}%`}) e
      where e.at < ${period.to.toISOString()}
      group by e.person_id
      order by e.person_id`,
  );
}

// Photos ---------------------------------------------------------------------------------------------------------------

export async function insertPhoto(db: Executor, row: typeof moralBankPhotos.$inferInsert) {
  await db.insert(moralBankPhotos).values(row);
}

/** Attaches an account's pending photos to its deposit; answers how many it attached. */
export async function attachPhotos(db: Executor, countyId: string, accountId: string, entryId: string, ids: string[]) {
  if (ids.length === 0) return 0;
  const attached = await db
    .update(moralBankPhotos)
    .set({ entryId })
    .where(
      and(
        eq(moralBankPhotos.countyId, countyId),
        inArray(moralBankPhotos.id, ids),
        eq(moralBankPhotos.createdBy, accountId),
        isNull(moralBankPhotos.entryId),
      ),
    )
    .returning({ id: moralBankPhotos.id });
  return attached.length;
}

/** A photo of an entry the actor may see (or the actor's own one not yet attached). */
export async function findPhoto(db: Executor, actor: Actor, id: string) {
  const [row] = await db
    .select({ photo: moralBankPhotos, regionCode: moralBankEntries.regionCode })
    .from(moralBankPhotos)
    .leftJoin(
      moralBankEntries,
      and(eq(moralBankEntries.countyId, moralBankPhotos.countyId), eq(moralBankEntries.id, moralBankPhotos.entryId)),
    )
    .where(eq(moralBankPhotos.id, id));
  if (!row) return undefined;
  if (row.regionCode === null) return row.photo.createdBy === actor.id ? row.photo : undefined;
  return actor.regionCode === undefined || row.regionCode.startsWith(actor.regionCode) ? row.photo : undefined;
}

/** The database's clock, which dates of deeds and figures' periods are measured by. */
export async function databaseNow(db: Executor): Promise<Date> {
  const [row] = await selectRows<{ now: string | Date }>(db, sql`select now() as now`);
  return new Date(row!.now);
}
