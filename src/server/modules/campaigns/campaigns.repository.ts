import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { CampaignStatus } from '../../../shared/campaigns.js';
import type { Actor } from '../../auth/actor.js';
import { selectRows, type Executor } from '../../db/client.js';
import {
  campaignKinds,
  campaignParticipants,
  campaignRegions,
  campaigns,
  campaignTasks,
  gridStaff,
  regions,
} from '../../db/schema/index.js';

export type CampaignRecord = typeof campaigns.$inferSelect;

/** China's date by the database's clock: a campaign's status turns at midnight in China whichever server asks. */
export async function chinaTodayByDatabase(db: Executor): Promise<string> {
  const [row] = await selectRows<{ today: string }>(
    db,
    sql`select to_char(now() at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as today`,
  );
  return row!.today;
}

/**
 * A campaign is visible to whoever's subtree overlaps one of its regions: the region lies in the subtree, or the
 * subtree lies in the region (a grid member sees the town's campaign).
 */
function visibleTo(actor: Actor): SQL | undefined {
  if (actor.regionCode === undefined) return undefined;
  return overlapping(actor.regionCode);
}

/** Campaigns with a region overlapping the subtree of `code`. */
function overlapping(code: string): SQL {
  return sql`exists (select 1 from ${campaignRegions} where ${campaignRegions.countyId} = ${campaigns.countyId}
    and ${campaignRegions.campaignId} = ${campaigns.id}
    and (${campaignRegions.regionCode} like ${`${code}%`} or ${code} like ${campaignRegions.regionCode} || '%'))`;
}

function statusCondition(status: CampaignStatus, today: string): SQL | undefined {
  switch (status) {
    case 'cancelled':
      return sql`${campaigns.cancelledAt} is not null`;
    case 'planned':
      return sql`${campaigns.cancelledAt} is null and ${campaigns.startDate} > ${today}`;
    case 'running':
      return sql`${campaigns.cancelledAt} is null and ${campaigns.startDate} <= ${today} and ${campaigns.endDate} >= ${today}`;
    case 'finished':
      return sql`${campaigns.cancelledAt} is null and ${campaigns.endDate} < ${today}`;
  }
}

export async function findCampaign(db: Executor, actor: Actor, id: string) {
  const [row] = await db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.id, id), visibleTo(actor)));
  return row;
}

export async function campaignExists(db: Executor, id: string): Promise<boolean> {
  const [row] = await db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.id, id));
  return row !== undefined;
}

export type CampaignFilter = {
  countyId: string | undefined;
  status?: CampaignStatus | undefined;
  today: string;
  /** Campaigns overlapping this region's subtree. */
  regionCode?: string | undefined;
  /** After the start date and id of the last campaign of the page before (newest start first). */
  after?: { startDate: string; id: string } | undefined;
};

export function listCampaigns(db: Executor, actor: Actor, filter: CampaignFilter, limit: number) {
  return db
    .select()
    .from(campaigns)
    .where(
      and(
        filter.countyId === undefined ? undefined : eq(campaigns.countyId, filter.countyId),
        visibleTo(actor),
        filter.regionCode === undefined ? undefined : overlapping(filter.regionCode),
        filter.status === undefined ? undefined : statusCondition(filter.status, filter.today),
        filter.after === undefined
          ? undefined
          : sql`(${campaigns.startDate}, ${campaigns.id}) < (${filter.after.startDate}, ${filter.after.id})`,
      ),
    )
    .orderBy(desc(campaigns.startDate), desc(campaigns.id))
    .limit(limit);
}

/** The regions of some campaigns, in the tree's order. */
export function listCampaignRegions(db: Executor, countyId: string, campaignIds: string[]) {
  if (campaignIds.length === 0) return Promise.resolve([]);
  return db
    .select({ campaignId: campaignRegions.campaignId, id: regions.id, name: regions.name, code: regions.code })
    .from(campaignRegions)
    .innerJoin(regions, eq(regions.id, campaignRegions.regionId))
    .where(and(eq(campaignRegions.countyId, countyId), inArray(campaignRegions.campaignId, campaignIds)))
    .orderBy(asc(regions.code));
}

export function listParticipants(db: Executor, countyId: string, campaignId: string) {
  return db
    .select()
    .from(campaignParticipants)
    .where(and(eq(campaignParticipants.countyId, countyId), eq(campaignParticipants.campaignId, campaignId)))
    .orderBy(asc(campaignParticipants.createdAt), asc(campaignParticipants.id));
}
export type ParticipantRow = Awaited<ReturnType<typeof listParticipants>>[number];

export async function insertCampaign(db: Executor, row: typeof campaigns.$inferInsert) {
  await db.insert(campaigns).values(row);
}

export async function updateCampaign(
  db: Executor,
  countyId: string,
  id: string,
  changes: Partial<typeof campaigns.$inferInsert>,
) {
  await db
    .update(campaigns)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(and(eq(campaigns.countyId, countyId), eq(campaigns.id, id)));
}

export async function replaceRegions(
  db: Executor,
  countyId: string,
  campaignId: string,
  list: { id: string; code: string }[],
) {
  await db
    .delete(campaignRegions)
    .where(and(eq(campaignRegions.countyId, countyId), eq(campaignRegions.campaignId, campaignId)));
  await db
    .insert(campaignRegions)
    .values(list.map((region) => ({ countyId, campaignId, regionId: region.id, regionCode: region.code })));
}

/** Replaces the participants; tasks assigned to one no longer listed lose their assignee. */
export async function replaceParticipants(
  db: Executor,
  countyId: string,
  campaignId: string,
  rows: (typeof campaignParticipants.$inferInsert)[],
) {
  await db
    .delete(campaignParticipants)
    .where(and(eq(campaignParticipants.countyId, countyId), eq(campaignParticipants.campaignId, campaignId)));
  if (rows.length > 0) await db.insert(campaignParticipants).values(rows);
  await db
    .update(campaignTasks)
    .set({ assigneeId: null })
    .where(
      and(
        eq(campaignTasks.countyId, countyId),
        eq(campaignTasks.campaignId, campaignId),
        sql`${campaignTasks.assigneeId} is not null`,
        sql`not exists (select 1 from ${campaignParticipants} where ${campaignParticipants.countyId} = ${countyId}
          and ${campaignParticipants.id} = ${campaignTasks.assigneeId})`,
      ),
    );
}

export function listCountyKinds(db: Executor, countyId: string) {
  return db.select().from(campaignKinds).where(eq(campaignKinds.countyId, countyId)).orderBy(asc(campaignKinds.code));
}

export async function upsertKind(db: Executor, row: typeof campaignKinds.$inferInsert) {
  const { nameZh, nameEn, isActive } = row;
  await db
    .insert(campaignKinds)
    .values(row)
    .onConflictDoUpdate({
      target: [campaignKinds.countyId, campaignKinds.code],
      set: { nameZh, nameEn, isActive, updatedAt: sql`now()` },
    });
}

// Tasks

const taskColumns = {
  task: campaignTasks,
  assigneeName: sql<
    string | null
  >`(select name from campaign_participants p where p.county_id = ${campaignTasks.countyId} and p.id = ${campaignTasks.assigneeId})`,
};

export function listTasks(db: Executor, countyId: string, campaignId: string) {
  return db
    .select(taskColumns)
    .from(campaignTasks)
    .where(and(eq(campaignTasks.countyId, countyId), eq(campaignTasks.campaignId, campaignId)))
    .orderBy(asc(campaignTasks.createdAt), asc(campaignTasks.id));
}
export type TaskRow = Awaited<ReturnType<typeof listTasks>>[number];

export async function findTask(db: Executor, countyId: string, campaignId: string, taskId: string) {
  const [row] = await db
    .select(taskColumns)
    .from(campaignTasks)
    .where(
      and(eq(campaignTasks.countyId, countyId), eq(campaignTasks.campaignId, campaignId), eq(campaignTasks.id, taskId)),
    );
  return row;
}

export async function insertTask(db: Executor, row: typeof campaignTasks.$inferInsert) {
  await db.insert(campaignTasks).values(row);
}

export async function updateTask(
  db: Executor,
  countyId: string,
  taskId: string,
  changes: Partial<typeof campaignTasks.$inferInsert>,
) {
  await db
    .update(campaignTasks)
    .set(changes)
    .where(and(eq(campaignTasks.countyId, countyId), eq(campaignTasks.id, taskId)));
}

export async function deleteTask(db: Executor, countyId: string, taskId: string) {
  await db.delete(campaignTasks).where(and(eq(campaignTasks.countyId, countyId), eq(campaignTasks.id, taskId)));
}

/** Whether a staff record is the one linked to an account (a task's assignee marking it done). */
export async function isStaffOfAccount(db: Executor, countyId: string, staffId: string, accountId: string) {
  const [row] = await db
    .select({ id: gridStaff.id })
    .from(gridStaff)
    .where(and(eq(gridStaff.countyId, countyId), eq(gridStaff.id, staffId), eq(gridStaff.accountId, accountId)));
  return row !== undefined;
}

// Tallies: queries over the visits and cases recorded under a campaign, never counters.

/** Where tallies are counted: region-code prefixes (any of them), each already inside the reader's scope. */
export type Window = { countyId: string; prefixes: string[] };

function codeIn(column: string, prefixes: string[]): SQL {
  const conditions = prefixes.map((prefix) => sql`${sql.raw(column)} like ${`${prefix}%`}`);
  return sql`(${sql.join(conditions, sql` or `)})`;
}

/** Households the campaign aims at: in the window, with any of the tags (a household's own or a member's). */
function targetCondition(alias: string, tags: string[]): SQL {
  if (tags.length === 0) return sql`true`;
  const list = sql`array[${sql.join(
    tags.map((tag) => sql`${tag}`),
    sql`, `,
  )}]::text[]`;
  return sql`(exists (select 1 from household_tags ht where ht.county_id = ${sql.raw(alias)}.county_id
      and ht.household_id = ${sql.raw(alias)}.id and ht.tag_code = any(${list}))
    or exists (select 1 from persons p join person_tags pt on pt.county_id = p.county_id and pt.person_id = p.id
      where p.county_id = ${sql.raw(alias)}.county_id and p.household_id = ${sql.raw(alias)}.id
      and pt.tag_code = any(${list})))`;
}

/** Cases found under a campaign: reported under it, or from a visit made under it. */
function problemCondition(campaignId: string): SQL {
  return sql`(c.campaign_id = ${campaignId} or exists (select 1 from visits v where v.county_id = c.county_id
    and v.case_id = c.id and v.campaign_id = ${campaignId}))`;
}

type TallyRow = {
  targets: number;
  reached_targets: number;
  households_reached: number;
  visits: number;
  visitor_times: number;
  problems_found: number;
  problems_solved: number;
};

/** A campaign's tallies within a window; person-times here are the visitors' (attendances are added by the caller). */
export async function tallyCampaign(db: Executor, campaign: CampaignRecord, window: Window) {
  const { countyId, prefixes } = window;
  const id = campaign.id;
  const [row] = await selectRows<TallyRow>(
    db,
    sql`select
      (select count(*)::int from households h where h.county_id = ${countyId} and ${codeIn('h.region_code', prefixes)}
        and ${targetCondition('h', campaign.targetTags)}) as targets,
      (select count(distinct h.id)::int from visits v join households h on h.county_id = v.county_id and h.id = v.household_id
        where v.county_id = ${countyId} and v.campaign_id = ${id} and ${codeIn('h.region_code', prefixes)}
        and ${targetCondition('h', campaign.targetTags)}) as reached_targets,
      (select count(distinct v.household_id)::int from visits v where v.county_id = ${countyId} and v.campaign_id = ${id}
        and ${codeIn('v.region_code', prefixes)}) as households_reached,
      (select count(*)::int from visits v where v.county_id = ${countyId} and v.campaign_id = ${id}
        and ${codeIn('v.region_code', prefixes)}) as visits,
      (select count(*)::int from visits v join visit_visitors vv on vv.county_id = v.county_id and vv.visit_id = v.id
        where v.county_id = ${countyId} and v.campaign_id = ${id} and ${codeIn('v.region_code', prefixes)}) as visitor_times,
      (select count(*)::int from cases c where c.county_id = ${countyId} and ${problemCondition(id)}
        and c.status <> 'merged' and ${codeIn('c.region_code', prefixes)}) as problems_found,
      (select count(*)::int from cases c where c.county_id = ${countyId} and ${problemCondition(id)}
        and c.status = 'closed' and ${codeIn('c.region_code', prefixes)}) as problems_solved`,
  );
  return row!;
}

/** Each staff participant's visits under the campaign (within the window): their person-times from visits. */
export async function visitsByStaff(db: Executor, campaignId: string, window: Window) {
  const rows = await selectRows<{ staff_id: string; times: number }>(
    db,
    sql`select vv.staff_id, count(*)::int as times from visits v
      join visit_visitors vv on vv.county_id = v.county_id and vv.visit_id = v.id
      where v.county_id = ${window.countyId} and v.campaign_id = ${campaignId} and ${codeIn('v.region_code', window.prefixes)}
      group by vv.staff_id`,
  );
  return new Map(rows.map((row) => [row.staff_id, row.times]));
}

export type ProblemRow = {
  id: string;
  number: string;
  description: string;
  category_name_zh: string | null;
  category_name_en: string | null;
  status: string;
  region_name: string;
  reported_at: string | Date;
  closed_at: string | Date | null;
};

/** The problems found under a campaign within the window, newest first. */
export function listProblems(db: Executor, campaignId: string, window: Window, limit: number) {
  return selectRows<ProblemRow>(
    db,
    sql`select c.id, c.number, c.description, cc.name_zh as category_name_zh, cc.name_en as category_name_en,
        c.status, r.name as region_name, c.reported_at, c.closed_at
      from cases c join regions r on r.id = c.region_id
      left join case_categories cc on cc.county_id = c.county_id and cc.code = c.category_code
      where c.county_id = ${window.countyId} and ${problemCondition(campaignId)} and c.status <> 'merged'
        and ${codeIn('c.region_code', window.prefixes)}
      order by c.reported_at desc, c.id desc limit ${limit}`,
  );
}

export type VisitRow = {
  id: string;
  visited_at: string | Date;
  region_name: string;
  address: string | null;
  place_name: string | null;
  visitor_names: string[] | null;
  purpose: string;
  findings: string;
  county_id: string;
  region_code: string;
  recorded_by: string;
};

/** The visits made under a campaign within the window, newest first. */
export function listVisits(db: Executor, campaignId: string, window: Window, limit: number) {
  return selectRows<VisitRow>(
    db,
    sql`select v.id, v.visited_at, r.name as region_name, h.address, pl.name as place_name, v.purpose, v.findings,
        v.county_id, v.region_code, v.recorded_by,
        (select array_agg(s.name order by s.name) from visit_visitors vv
          join grid_staff s on s.county_id = vv.county_id and s.id = vv.staff_id
          where vv.county_id = v.county_id and vv.visit_id = v.id) as visitor_names
      from visits v join regions r on r.id = v.region_id
      left join households h on h.county_id = v.county_id and h.id = v.household_id
      left join places pl on pl.county_id = v.county_id and pl.id = v.place_id
      where v.county_id = ${window.countyId} and v.campaign_id = ${campaignId}
        and ${codeIn('v.region_code', window.prefixes)}
      order by v.visited_at desc, v.id desc limit ${limit}`,
  );
}

/** Field figures of the campaigns in a region's subtree over a period (China's dates, both days included). */
export async function campaignFigures(
  db: Executor,
  window: { countyId: string; code: string },
  period: { from: string; to: string; start: Date; end: Date },
) {
  const { countyId, code } = window;
  const prefix = `${code}%`;
  const [row] = await selectRows<{
    campaigns: number;
    person_times: number;
    households_reached: number;
    problems_found: number;
    problems_solved: number;
  }>(
    db,
    sql`select
      (select count(*)::int from campaigns k where k.county_id = ${countyId} and k.cancelled_at is null
        and k.start_date <= ${period.to} and k.end_date >= ${period.from}
        and exists (select 1 from campaign_regions cr where cr.county_id = k.county_id and cr.campaign_id = k.id
          and (cr.region_code like ${prefix} or ${code} like cr.region_code || '%'))) as campaigns,
      (select count(*)::int from visits v join visit_visitors vv on vv.county_id = v.county_id and vv.visit_id = v.id
        where v.county_id = ${countyId} and v.campaign_id is not null and v.region_code like ${prefix}
        and v.visited_at >= ${period.start.toISOString()}::timestamptz and v.visited_at < ${period.end.toISOString()}::timestamptz) as person_times,
      (select count(distinct v.household_id)::int from visits v
        where v.county_id = ${countyId} and v.campaign_id is not null and v.region_code like ${prefix}
        and v.visited_at >= ${period.start.toISOString()}::timestamptz and v.visited_at < ${period.end.toISOString()}::timestamptz) as households_reached,
      (select count(*)::int from cases c where c.county_id = ${countyId} and c.region_code like ${prefix}
        and c.reported_at >= ${period.start.toISOString()}::timestamptz and c.reported_at < ${period.end.toISOString()}::timestamptz and c.status <> 'merged'
        and (c.campaign_id is not null or exists (select 1 from visits v where v.county_id = c.county_id
          and v.case_id = c.id and v.campaign_id is not null))) as problems_found,
      (select count(*)::int from cases c where c.county_id = ${countyId} and c.region_code like ${prefix}
        and c.reported_at >= ${period.start.toISOString()}::timestamptz and c.reported_at < ${period.end.toISOString()}::timestamptz and c.status = 'closed'
        and (c.campaign_id is not null or exists (select 1 from visits v where v.county_id = c.county_id
          and v.case_id = c.id and v.campaign_id is not null))) as problems_solved`,
  );
  return row!;
}
