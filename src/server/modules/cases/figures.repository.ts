import { sql } from 'drizzle-orm';
import type { CaseLevel } from '../../../shared/cases.js';
import type { Executor } from '../../db/client.js';
import { lineageCodes } from './cases.repository.js';

/** What one event adds to (or, negative, takes from) the figures of a day. */
export type FigureDeltas = {
  reported?: number;
  closed?: number;
  closedOnTime?: number;
  closedAt?: CaseLevel;
  closeSeconds?: number;
  ratingSum?: number;
  ratingCount?: number;
};

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
      closed_at_grid, closed_at_village, closed_at_town, closed_at_county, close_seconds, rating_sum, rating_count)
    select ${target.countyId}, regions.id, ${target.day}, ${target.categoryCode}, ${target.source},
      ${deltas.reported ?? 0}, ${deltas.closed ?? 0}, ${deltas.closedOnTime ?? 0}, ${atLevel('grid')},
      ${atLevel('village')}, ${atLevel('town')}, ${atLevel('county')}, ${Math.round(deltas.closeSeconds ?? 0)},
      ${deltas.ratingSum ?? 0}, ${deltas.ratingCount ?? 0}
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
      rating_count = case_figures.rating_count + excluded.rating_count`);
}
