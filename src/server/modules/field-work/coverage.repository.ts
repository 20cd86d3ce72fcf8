import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { addDays } from '../../../shared/clock.js';
import { selectRows, type Executor } from '../../db/client.js';
import {
  gridStaff,
  gridVisitDays,
  gridVisitDayTallies,
  gridVisitMonths,
  gridVisitTallies,
  householdTags,
  households,
  householdVisitDays,
  persons,
  personTags,
  regions,
  visits,
  visitVisitors,
} from '../../db/schema/index.js';

/** A region's subtree in one county: every query here filters by both. */
export type Window = { countyId: string; code: string };
/** Inclusive China dates and the instants they span: [start of `from`, start of the day after `to`). */
export type Period = { from: string; to: string; start: Date; end: Date };

/** The China date of an instant, in SQL (China keeps UTC+8 all year: no time zone database needed). */
const chinaDateOf = (instant: SQL) => sql`((${instant} at time zone 'UTC') + interval '8 hours')::date`;

/** Today in China by the database's clock, so every server agrees. */
export async function chinaTodayInDatabase(db: Executor): Promise<string> {
  const [row] = await selectRows<{ today: string }>(
    db,
    sql`select to_char(${chinaDateOf(sql`now()`)}, 'YYYY-MM-DD') as today`,
  );
  return row!.today;
}

/** A list of codes as one SQL text array (codes hold no comma), empty when there are none. */
const codeArray = (codes: readonly string[]) => sql`string_to_array(${codes.join(',')}, ',')`;

export type GroupCount = { prefix: string; households: number; visited: number };

/** Inclusive China dates. */
export type DayRange = { from: string; to: string };

/** The first day of the month after the one `date` lies in. */
const nextMonthStart = (date: string) => {
  const month = Number(date.slice(5, 7));
  return month === 12
    ? `${Number(date.slice(0, 4)) + 1}-01-01`
    : `${date.slice(0, 5)}${String(month + 1).padStart(2, '0')}-01`;
};

/**
 * A period split into the whole calendar months inside it (`months`, first days of the first and the last), the days
 * before them (`before`) and the days after them (`after`), each null when empty. A period holding no whole month is
 * all `after` (it starts where the months would have ended), so the counts below need no third case.
 */
export function splitByWholeMonths(period: DayRange): {
  before: DayRange | null;
  months: { first: string; last: string } | null;
  after: DayRange | null;
} {
  const first = period.from.endsWith('-01') ? period.from : nextMonthStart(period.from);
  const afterLast =
    nextMonthStart(period.to) === addDays(period.to, 1) ? addDays(period.to, 1) : `${period.to.slice(0, 8)}01`;
  if (first >= afterLast) return { before: null, months: null, after: { from: period.from, to: period.to } };
  return {
    before: period.from < first ? { from: period.from, to: addDays(first, -1) } : null,
    months: { first, last: `${addDays(afterLast, -1).slice(0, 8)}01` },
    after: afterLast <= period.to ? { from: afterLast, to: period.to } : null,
  };
}

/**
 * Households under a region and those visited in the period, grouped by the first `prefixLength` characters of their
 * grid code (the child region they lie in), from the per-grid rollups alone, whatever the period. Each household
 * visited in the period is counted once, by the parts `splitByWholeMonths` gives:
 * - visited in the whole months: at its first month there (grid_visit_months, migration 0030: a month whose previous
 *   visited month lies before the first whole month);
 * - else visited in the days after them: at the first of those days (grid_visit_days, migration 0051: a day whose
 *   previous visited day lies before the whole months, or before the period when it holds none);
 * - else visited in the days before them: at the last of those days (a day whose next visited day lies after the
 *   period).
 * The grid's households are the month rows under -infinity. A county's year is some 27,000 month rows; a day is some
 * 2,700 rows of a county (a row per household visited that day).
 */
export async function countCoverageByChild(
  db: Executor,
  window: Window,
  prefixLength: number,
  period: Period,
): Promise<GroupCount[]> {
  const { before, months, after } = splitByWholeMonths(period);
  const prefix = `${window.code}%`;
  const groupOf = (column: SQLWrapper) => sql`substr(${column}, 1, ${prefixLength})`;
  const underRegion = (table: typeof gridVisitMonths | typeof gridVisitDays) =>
    sql`${table.countyId} = ${window.countyId} and ${table.regionCode} like ${prefix}`;
  const monthsVisited =
    months === null
      ? sql`0`
      : sql`sum(${gridVisitMonths.households}) filter (where ${gridVisitMonths.month} >= ${months.first}::date
          and ${gridVisitMonths.previousMonth} < ${months.first}::date)`;
  const monthsCondition =
    months === null ? sql`false` : sql`${gridVisitMonths.month} between ${months.first}::date and ${months.last}::date`;
  const parts: SQL[] = [
    sql`
      select ${groupOf(gridVisitMonths.regionCode)} as prefix,
        sum(${gridVisitMonths.households}) filter (where ${gridVisitMonths.month} = '-infinity') as households,
        ${monthsVisited} as visited
      from ${gridVisitMonths}
      where ${underRegion(gridVisitMonths)} and (${gridVisitMonths.month} = '-infinity' or ${monthsCondition})
      group by 1`,
  ];
  const dayRows = (days: DayRange, condition: SQL) => sql`
      select ${groupOf(gridVisitDays.regionCode)} as prefix, 0 as households,
        sum(${gridVisitDays.households}) as visited
      from ${gridVisitDays}
      where ${underRegion(gridVisitDays)} and ${gridVisitDays.day} between ${days.from}::date and ${days.to}::date
        and ${condition}
      group by 1`;
  if (after !== null) {
    parts.push(dayRows(after, sql`${gridVisitDays.previousDay} < ${months?.first ?? period.from}::date`));
  }
  if (before !== null) parts.push(dayRows(before, sql`${gridVisitDays.nextDay} > ${period.to}::date`));
  return selectRows<GroupCount>(
    db,
    sql`
    select parts.prefix, coalesce(sum(parts.households), 0)::int as households,
      coalesce(sum(parts.visited), 0)::int as visited
    from (${sql.join(parts, sql` union all `)}) parts
    group by parts.prefix`,
  );
}

export type StaffCount = {
  staffId: string;
  name: string;
  kind: (typeof gridStaff.$inferSelect)['kind'];
  regionId: string;
  regionName: string;
  assignedHouseholds: number;
  visitedHouseholds: number;
  visits: number;
};

/** The staff kinds measured by coverage: those who visit households as their duty. */
export const visitingStaffKinds = ['grid_leader', 'grid_member', 'sunk_cadre'] as const;

/**
 * Per grid leader, grid member and sunk cadre placed under the region: the households of the grid they serve in
 * (with its micro-grids), how many of those they visited themselves in the period, and the visits they took part in
 * under the region. The period's visits of the region are read once (by the region-code index) with their visitors,
 * then grouped per staff member: no per-person lookups.
 */
export async function countStaffCoverage(db: Executor, window: Window, period: Period): Promise<StaffCount[]> {
  const start = period.start.toISOString();
  const end = period.end.toISOString();
  const prefix = `${window.code}%`;
  return selectRows<StaffCount>(
    db,
    sql`
    with grids as (
      select ${householdVisitDays.regionCode} as code, count(*)::int as households
      from ${householdVisitDays}
      where ${householdVisitDays.countyId} = ${window.countyId} and ${householdVisitDays.regionCode} like ${prefix}
      group by 1
    ), staff as (
      select s.id, s.name, s.kind, s.region_id, r.name as region_name, r.code
      from ${gridStaff} s
      join ${regions} r on r.id = s.region_id
      where s.county_id = ${window.countyId} and r.code like ${prefix}
        and s.kind = any(${codeArray(visitingStaffKinds)})
    ), participations as (
      select vv.staff_id, v.household_id, v.region_code
      from ${visits} v
      join ${visitVisitors} vv on vv.county_id = v.county_id and vv.visit_id = v.id
      where v.county_id = ${window.countyId} and v.region_code like ${prefix}
        and v.visited_at >= ${start}::timestamptz and v.visited_at < ${end}::timestamptz
    ), visit_counts as (
      select staff_id, count(*)::int as visits from participations group by staff_id
    ), household_counts as (
      select p.staff_id, count(distinct p.household_id)::int as households
      from participations p
      join staff on staff.id = p.staff_id
      where p.household_id is not null and p.region_code like staff.code || '%'
      group by p.staff_id
    )
    select staff.id as "staffId", staff.name, staff.kind, staff.region_id as "regionId",
      staff.region_name as "regionName",
      (select coalesce(sum(g.households), 0)::int from grids g where g.code like staff.code || '%')
        as "assignedHouseholds",
      coalesce(household_counts.households, 0) as "visitedHouseholds",
      coalesce(visit_counts.visits, 0) as visits
    from staff
    left join household_counts on household_counts.staff_id = staff.id
    left join visit_counts on visit_counts.staff_id = staff.id
    order by staff.code, staff.kind, staff.name, staff.id`,
  );
}

export type PlanRow = {
  householdId: string;
  address: string;
  regionId: string;
  regionName: string;
  lastVisitDate: string | null;
  dueDate: string;
  intervalDays: number;
  isOverdue: boolean;
  daysSinceVisit: number | null;
  reasonTags: string[];
};

export type PlanRule = {
  /** The frequent schedule's tags the caller may see: only these decide the interval. */
  specialTags: readonly string[];
  specialIntervalDays: number;
  otherIntervalDays: number;
  soonDays: number;
};

/**
 * The households of a region with their last visit and next due date by the rule, ordered by due date. A household
 * never visited is due today and overdue. `due` keeps the overdue ones, those due within `soonDays`, or all.
 */
export async function listPlan(
  db: Executor,
  window: Window,
  options: {
    rule: PlanRule;
    today: string;
    due: 'overdue' | 'soon' | 'all';
    limit: number;
    after?: { key: string; id: string } | undefined;
  },
): Promise<PlanRow[]> {
  const { rule, today } = options;
  const tags = codeArray(rule.specialTags);
  const dueCondition =
    options.due === 'overdue'
      ? sql`plan."isOverdue"`
      : options.due === 'soon'
        ? sql`not plan."isOverdue" and plan.due <= ${today}::date + ${rule.soonDays}::int`
        : sql`true`;
  const afterCondition =
    options.after === undefined
      ? sql`true`
      : sql`(plan.due, plan."householdId") > (${options.after.key}::date, ${options.after.id}::uuid)`;
  return selectRows<PlanRow>(
    db,
    sql`
    with base as (
      select h.id as "householdId", h.address, h.region_id as "regionId", r.name as "regionName",
        upper(d.days) - 1 as last,
        array(
          select t.tag_code from ${householdTags} t
          where t.county_id = h.county_id and t.household_id = h.id and t.tag_code = any(${tags})
          union
          select pt.tag_code from ${persons} p
          join ${personTags} pt on pt.county_id = p.county_id and pt.person_id = p.id
          where p.county_id = h.county_id and p.household_id = h.id and pt.tag_code = any(${tags})
          order by 1
        ) as "reasonTags"
      from ${households} h
      join ${regions} r on r.id = h.region_id
      left join ${householdVisitDays} d on d.county_id = h.county_id and d.household_id = h.id
      where h.county_id = ${window.countyId} and h.region_code like ${`${window.code}%`}
    ), scheduled as (
      select base.*,
        case when cardinality(base."reasonTags") > 0 then ${rule.specialIntervalDays}::int
          else ${rule.otherIntervalDays}::int end as "intervalDays"
      from base
    ), plan as (
      select scheduled.*,
        coalesce(scheduled.last + scheduled."intervalDays", ${today}::date) as due,
        (scheduled.last is null or scheduled.last + scheduled."intervalDays" < ${today}::date) as "isOverdue"
      from scheduled
    )
    select plan."householdId", plan.address, plan."regionId", plan."regionName",
      to_char(plan.last, 'YYYY-MM-DD') as "lastVisitDate", to_char(plan.due, 'YYYY-MM-DD') as "dueDate",
      plan."intervalDays", plan."isOverdue", (${today}::date - plan.last)::int as "daysSinceVisit", plan."reasonTags"
    from plan
    where ${dueCondition} and ${afterCondition}
    order by plan.due, plan."householdId"
    limit ${options.limit + 1}`,
  );
}

export type OverdueRow = {
  householdId: string;
  address: string;
  regionId: string;
  regionName: string;
  lastVisitDate: string | null;
  daysSinceVisit: number | null;
  /** The sort key: the last visit, or 1900-01-01 for a household never visited (they come first). */
  sortDate: string;
};

/** Households of a region not visited since `since` (never visited first, then the longest unvisited). */
export async function listNotVisitedSince(
  db: Executor,
  window: Window,
  options: { since: string; today: string; limit: number; after?: { key: string; id: string } | undefined },
): Promise<OverdueRow[]> {
  const afterCondition =
    options.after === undefined
      ? sql`true`
      : sql`(coalesce(upper(d.days) - 1, '1900-01-01'::date), h.id) > (${options.after.key}::date, ${options.after.id}::uuid)`;
  return selectRows<OverdueRow>(
    db,
    sql`
    select h.id as "householdId", h.address, h.region_id as "regionId", r.name as "regionName",
      to_char(upper(d.days) - 1, 'YYYY-MM-DD') as "lastVisitDate",
      (${options.today}::date - (upper(d.days) - 1))::int as "daysSinceVisit",
      to_char(coalesce(upper(d.days) - 1, '1900-01-01'::date), 'YYYY-MM-DD') as "sortDate"
    from ${households} h
    join ${regions} r on r.id = h.region_id
    left join ${householdVisitDays} d on d.county_id = h.county_id and d.household_id = h.id
    where h.county_id = ${window.countyId} and h.region_code like ${`${window.code}%`}
      and (upper(d.days) is null or upper(d.days) - 1 < ${options.since}::date)
      and ${afterCondition}
    order by coalesce(upper(d.days) - 1, '1900-01-01'::date), h.id
    limit ${options.limit + 1}`,
  );
}

export type VisitSums = { visits: number; personTimes: number; placesVisited: number };

/**
 * The period's visits under a region: how many, the visitors' participations (人次), the places visited. Split as
 * coverage is: the whole months summed from the per-grid monthly tallies (migration 0040), the days before and after
 * them from the per-grid daily ones (migration 0051); the places, a distinct count, from the place visits alone
 * (their own index).
 */
export async function sumVisits(db: Executor, window: Window, period: Period): Promise<VisitSums> {
  const { before, months, after } = splitByWholeMonths(period);
  const prefix = `${window.code}%`;
  const parts: SQL[] = [before, after]
    .filter((days) => days !== null)
    .map(
      (days) => sql`
      select ${gridVisitDayTallies.visits} as visits, ${gridVisitDayTallies.personTimes} as person_times
      from ${gridVisitDayTallies}
      where ${gridVisitDayTallies.countyId} = ${window.countyId} and ${gridVisitDayTallies.regionCode} like ${prefix}
        and ${gridVisitDayTallies.day} between ${days.from}::date and ${days.to}::date`,
    );
  if (months !== null) {
    parts.push(sql`
      select ${gridVisitTallies.visits} as visits, ${gridVisitTallies.personTimes} as person_times
      from ${gridVisitTallies}
      where ${gridVisitTallies.countyId} = ${window.countyId} and ${gridVisitTallies.regionCode} like ${prefix}
        and ${gridVisitTallies.month} between ${months.first}::date and ${months.last}::date`);
  }
  const start = period.start.toISOString();
  const end = period.end.toISOString();
  const [row] = await selectRows<VisitSums>(
    db,
    sql`
    select coalesce(sum(parts.visits), 0)::int as visits, coalesce(sum(parts.person_times), 0)::int as "personTimes",
      (select count(distinct v.place_id)::int from ${visits} v
        where v.county_id = ${window.countyId} and v.region_code like ${prefix} and v.place_id is not null
          and v.visited_at >= ${start}::timestamptz and v.visited_at < ${end}::timestamptz) as "placesVisited"
    from (${sql.join(parts, sql` union all `)}) parts`,
  );
  return row!;
}
