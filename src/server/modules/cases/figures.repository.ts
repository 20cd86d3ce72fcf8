import { and, between, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { CaseLevel } from '../../../shared/cases.js';
import { chinaUtcOffsetHours } from '../../../shared/clock.js';
import { lineageCodes, regionCodeWidth, regionLevels } from '../../../shared/policy.js';
import type { Actor } from '../../auth/actor.js';
import { selectRows, type Executor } from '../../db/client.js';
import { caseFigures, cases } from '../../db/schema/index.js';
import { casesUnder, isOpen } from './cases.repository.js';

/** What one event adds to (or, negative, takes from) the figures of a day. */
export type FigureDeltas = {
  reported?: number;
  closed?: number;
  closedOnTime?: number;
  closedAt?: CaseLevel;
  closeSeconds?: number;
  ratingSum?: number;
  ratingCount?: number;
  urged?: number;
};

/** Rounds half away from zero, as PostgreSQL does: a closing taken back then removes exactly what it added. */
function wholeSeconds(seconds: number): number {
  return Math.sign(seconds) * Math.round(Math.abs(seconds));
}

/**
 * Adds an event to the rolled-up figures of the case's grid and of every region above it, for the day (in China)
 * the event happened on. Called in the transaction of the event, so the figures never disagree with the cases.
 */
export async function addToFigures(
  db: Executor,
  target: { countyId: string; regionCode: string; categoryCode: string; source: string; day: string },
  deltas: FigureDeltas,
) {
  const sign = Math.sign(deltas.closed ?? 0);
  const atLevel = (level: CaseLevel) => (deltas.closedAt === level ? sign : 0);
  await db.execute(sql`
    insert into case_figures (county_id, region_id, day, category_code, source, reported, closed, closed_on_time,
      closed_at_grid, closed_at_village, closed_at_town, closed_at_county, close_seconds, rating_sum, rating_count, urged)
    select ${target.countyId}, regions.id, ${target.day}, ${target.categoryCode}, ${target.source},
      ${deltas.reported ?? 0}, ${deltas.closed ?? 0}, ${deltas.closedOnTime ?? 0}, ${atLevel('grid')},
      ${atLevel('village')}, ${atLevel('town')}, ${atLevel('county')}, ${wholeSeconds(deltas.closeSeconds ?? 0)},
      ${deltas.ratingSum ?? 0}, ${deltas.ratingCount ?? 0}, ${deltas.urged ?? 0}
    from regions where regions.code in (select json_array_elements_text(${JSON.stringify(lineageCodes(target.regionCode))}::json))
    on conflict (region_id, day, category_code, source) do update set
      reported = case_figures.reported + excluded.reported,
      closed = case_figures.closed + excluded.closed,
      closed_on_time = case_figures.closed_on_time + excluded.closed_on_time,
      closed_at_grid = case_figures.closed_at_grid + excluded.closed_at_grid,
      closed_at_village = case_figures.closed_at_village + excluded.closed_at_village,
      closed_at_town = case_figures.closed_at_town + excluded.closed_at_town,
      closed_at_county = case_figures.closed_at_county + excluded.closed_at_county,
      close_seconds = case_figures.close_seconds + excluded.close_seconds,
      rating_sum = case_figures.rating_sum + excluded.rating_sum,
      rating_count = case_figures.rating_count + excluded.rating_count,
      urged = case_figures.urged + excluded.urged`);
}

/** The lengths of a region code at each level: a case's grid code cut to each is one region of its lineage. */
const lineageLengths = regionLevels.map((_, index) =>
  regionLevels.slice(0, index + 1).reduce((length, level) => length + regionCodeWidth[level], 0),
);

/** A timestamp's calendar date in China, as `chinaDate` gives it. */
const chinaDay = (column: string) => `((${column} at time zone 'UTC') + interval '${chinaUtcOffsetHours} hours')::date`;

/**
 * Recomputes a county's figures from its cases in one statement, for repairs and for bulk-loaded cases. It counts
 * what the incremental writes count: every case as reported on its report day, a case closed now as closed on its
 * closing day, its rating on its report day. Writers of cases wait meanwhile, so none is counted twice or missed.
 */
export async function rebuildFigures(db: Executor, countyId: string): Promise<number> {
  return db.transaction(async (transaction) => {
    await transaction.execute(sql`lock table cases in share mode`);
    await transaction.delete(caseFigures).where(eq(caseFigures.countyId, countyId));
    const [row] = await selectRows<{ written: number }>(
      transaction,
      sql`
      with facts as (
        select region_code, category_code, source, ${sql.raw(chinaDay('reported_at'))} as day, 1 as reported,
          0 as closed, 0 as closed_on_time, null::text as closed_level, 0::bigint as close_seconds,
          coalesce(rating, 0) as rating_sum, (rating is not null)::int as rating_count, 0 as urged
        from cases where county_id = ${countyId}
        union all
        select region_code, category_code, source, ${sql.raw(chinaDay('closed_at'))}, 0, 1,
          coalesce(is_closed_on_time, false)::int, closed_level,
          round(extract(epoch from closed_at - reported_at))::bigint, 0, 0, 0
        from cases where county_id = ${countyId} and status = 'closed' and closed_at is not null
        union all
        -- Each urging on its day, as the timeline keeps them.
        select cases.region_code, cases.category_code, cases.source, ${sql.raw(chinaDay('case_events.at'))}, 0, 0,
          0, null, 0, 0, 0, 1
        from case_events join cases on cases.county_id = case_events.county_id and cases.id = case_events.case_id
        where case_events.county_id = ${countyId} and case_events.action = 'urge'
      ),
      -- Summed per grid first: each sum then fans out to the few regions above it instead of every case.
      per_grid as (
        select region_code, day, category_code, source, sum(reported) as reported, sum(closed) as closed,
          sum(closed_on_time) as closed_on_time,
          count(*) filter (where closed_level = 'grid') as closed_at_grid,
          count(*) filter (where closed_level = 'village') as closed_at_village,
          count(*) filter (where closed_level = 'town') as closed_at_town,
          count(*) filter (where closed_level = 'county') as closed_at_county,
          sum(close_seconds) as close_seconds, sum(rating_sum) as rating_sum, sum(rating_count) as rating_count,
          sum(urged) as urged
        from facts group by region_code, day, category_code, source
      ),
      written as (
        insert into case_figures (county_id, region_id, day, category_code, source, reported, closed, closed_on_time,
          closed_at_grid, closed_at_village, closed_at_town, closed_at_county, close_seconds, rating_sum, rating_count,
          urged)
        select ${countyId}, regions.id, per_grid.day, per_grid.category_code, per_grid.source, sum(reported),
          sum(closed), sum(closed_on_time), sum(closed_at_grid), sum(closed_at_village), sum(closed_at_town),
          sum(closed_at_county), sum(close_seconds), sum(rating_sum), sum(rating_count), sum(urged)
        from per_grid
        cross join unnest(${`{${lineageLengths.join(',')}}`}::int[]) as lineage(length)
        join regions on regions.code = left(per_grid.region_code, lineage.length)
        where lineage.length <= length(per_grid.region_code)
        group by regions.id, per_grid.day, per_grid.category_code, per_grid.source
        returning 1
      )
      select count(*)::int as written from written`,
    );
    return row!.written;
  });
}

export type Period = { from: string; to: string };

/** The sums behind every headline figure. */
const figureSums = {
  reported: sql<number>`coalesce(sum(${caseFigures.reported}), 0)`.mapWith(Number),
  closed: sql<number>`coalesce(sum(${caseFigures.closed}), 0)`.mapWith(Number),
  closedOnTime: sql<number>`coalesce(sum(${caseFigures.closedOnTime}), 0)`.mapWith(Number),
  closedAtGrid: sql<number>`coalesce(sum(${caseFigures.closedAtGrid}), 0)`.mapWith(Number),
  closedAtVillage: sql<number>`coalesce(sum(${caseFigures.closedAtVillage}), 0)`.mapWith(Number),
  closedAtTown: sql<number>`coalesce(sum(${caseFigures.closedAtTown}), 0)`.mapWith(Number),
  closedAtCounty: sql<number>`coalesce(sum(${caseFigures.closedAtCounty}), 0)`.mapWith(Number),
  closeSeconds: sql<number>`coalesce(sum(${caseFigures.closeSeconds}), 0)`.mapWith(Number),
  ratingSum: sql<number>`coalesce(sum(${caseFigures.ratingSum}), 0)`.mapWith(Number),
  ratingCount: sql<number>`coalesce(sum(${caseFigures.ratingCount}), 0)`.mapWith(Number),
  urged: sql<number>`coalesce(sum(${caseFigures.urged}), 0)`.mapWith(Number),
};

export type FigureSums = { [Field in keyof typeof figureSums]: number };

/** The period's sums of each region, read off the rollup of that region itself. */
export function sumFiguresByRegion(db: Executor, regionIds: string[], period: Period) {
  return db
    .select({ regionId: caseFigures.regionId, ...figureSums })
    .from(caseFigures)
    .where(and(inArray(caseFigures.regionId, regionIds), between(caseFigures.day, period.from, period.to)))
    .groupBy(caseFigures.regionId);
}

/** A region's reports and closings of the period by catalogue item and by source, in one pass. */
export function sumFiguresByCategoryAndSource(db: Executor, regionId: string, period: Period) {
  return db
    .select({
      categoryCode: caseFigures.categoryCode,
      source: caseFigures.source,
      isSourceTotal: sql<boolean>`grouping(${caseFigures.categoryCode}) = 1`,
      reported: figureSums.reported,
      closed: figureSums.closed,
    })
    .from(caseFigures)
    .where(and(eq(caseFigures.regionId, regionId), between(caseFigures.day, period.from, period.to)))
    .groupBy(sql`grouping sets ((${caseFigures.categoryCode}), (${caseFigures.source}))`)
    .orderBy(desc(figureSums.reported));
}

/** Past its deadline now; with `isOpen`, what the figures and the map both call overdue. */
const isPastDeadline = sql<boolean>`coalesce(${cases.deadline} < now(), false)`;

/**
 * Open and overdue cases under a region now, summed per code cut to `groupLength` (the child regions' codes): the
 * rollup holds no state, so these come from the cases themselves, through the index of open cases.
 */
export function countOpenCases(
  db: Executor,
  actor: Actor,
  region: { countyId: string; code: string },
  groupLength: number,
) {
  // Written into the statement, not bound: GROUP BY must see the same expression as the select list.
  const groupCode = sql<string>`left(${cases.regionCode}, ${sql.raw(String(Math.trunc(groupLength)))})`;
  return db
    .select({
      code: groupCode,
      open: sql<number>`count(*)`.mapWith(Number),
      overdue: sql<number>`count(*) filter (where ${isPastDeadline})`.mapWith(Number),
    })
    .from(cases)
    .where(and(casesUnder(actor, region), isOpen))
    .groupBy(groupCode);
}

/** Open cases with a place on the map under a region, newest first. */
export function listOpenLocatedCases(
  db: Executor,
  actor: Actor,
  region: { countyId: string; code: string },
  limit: number,
) {
  return db
    .select({
      id: cases.id,
      number: cases.number,
      categoryCode: cases.categoryCode,
      status: cases.status,
      level: cases.level,
      latitude: cases.latitude,
      longitude: cases.longitude,
      isOverdue: isPastDeadline,
    })
    .from(cases)
    .where(and(casesUnder(actor, region), isOpen, isNotNull(cases.latitude), isNotNull(cases.longitude)))
    .orderBy(desc(cases.reportedAt), desc(cases.id))
    .limit(limit);
}
