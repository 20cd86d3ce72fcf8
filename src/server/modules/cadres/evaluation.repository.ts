import { sql } from 'drizzle-orm';
import { addDays, chinaDayStart } from '../../../shared/clock.js';
import { selectRows, type Executor } from '../../db/client.js';

/** Ids as one array parameter: a street's thousand ids written out one by one cost more to build than to run. */
const uuidArray = (ids: string[]) => sql`${sql.param(ids)}::uuid[]`;

/** Households of each grid. */
export function countHouseholds(db: Executor, countyId: string, gridIds: string[]) {
  if (gridIds.length === 0) return Promise.resolve([]);
  return selectRows<{ gridId: string; households: number }>(
    db,
    sql`select region_id as "gridId", count(*)::int as households from households
      where county_id = ${countyId} and region_id = any(${uuidArray(gridIds)}) group by region_id`,
  );
}

/**
 * Households of each grid that an account visited in a period (China dates), per account and grid. Each account's
 * visits are looked up on its index (visits_recorded_by): for a street's thousand accounts PostgreSQL would otherwise
 * scan every visit of the county.
 */
export function countVisitedHouseholds(db: Executor, countyId: string, accountIds: string[], from: string, to: string) {
  if (accountIds.length === 0) return Promise.resolve([]);
  return selectRows<{ accountId: string; gridId: string; visited: number }>(
    db,
    sql`select account.id as "accountId", visited."gridId", visited.visited
      from unnest(${uuidArray(accountIds)}) as account (id)
      cross join lateral (
        select region_id as "gridId", count(distinct household_id)::int as visited from visits
        where county_id = ${countyId} and recorded_by = account.id and household_id is not null
          and visited_at >= ${chinaDayStart(from).toISOString()}::timestamptz
          and visited_at < ${chinaDayStart(addDays(to, 1)).toISOString()}::timestamptz
        group by region_id
      ) visited`,
  );
}

/** Residents' ratings (1–5) of the cases an account reported or handled and of the wishes it fulfilled. */
export function sumRatings(db: Executor, countyId: string, accountIds: string[], from: string, to: string) {
  if (accountIds.length === 0) return Promise.resolve([]);
  const accounts = uuidArray(accountIds);
  return selectRows<{ accountId: string; ratings: number; ratingSum: number }>(
    db,
    sql`select account_id as "accountId", count(*)::int as ratings, sum(rating)::int as "ratingSum" from (
      select distinct on (id, account_id) id, account_id, rating from (
        select id, reporter_id as account_id, rating, closed_at as at from cases
          where county_id = ${countyId} and reporter_id = any(${accounts}) and rating is not null
        union all
        select id, assignee_id, rating, closed_at from cases
          where county_id = ${countyId} and assignee_id = any(${accounts}) and rating is not null
        union all
        select id, claimant_account_id, rating, fulfilled_at from micro_wishes
          where county_id = ${countyId} and claimant_account_id = any(${accounts}) and rating is not null
      ) rated where (at at time zone 'Asia/Shanghai')::date between ${from}::date and ${to}::date
    ) distinct_ratings group by account_id`,
  );
}

/** Names of regions by code (the streets cadres are ranked within). */
export function findRegionNames(db: Executor, codes: string[]) {
  if (codes.length === 0) return Promise.resolve([]);
  return selectRows<{ code: string; name: string }>(
    db,
    sql`select code, name from regions where code = any(${sql.param(codes)}::text[])`,
  );
}

/** Re-checked sampled entries of each cadre, collected in a period (China dates), and how many of them mismatched. */
export function countAccuracyChecks(db: Executor, countyId: string, cadreIds: string[], from: string, to: string) {
  if (cadreIds.length === 0) return Promise.resolve([]);
  return selectRows<{ cadreId: string; checked: number; mismatched: number }>(
    db,
    sql`select cadre_id as "cadreId", count(*)::int as checked,
        count(*) filter (where result = 'mismatch')::int as mismatched
      from accuracy_checks where county_id = ${countyId} and cadre_id = any(${uuidArray(cadreIds)})
        and result <> 'pending'
        and collected_at >= ${chinaDayStart(from).toISOString()}::timestamptz
        and collected_at < ${chinaDayStart(addDays(to, 1)).toISOString()}::timestamptz
      group by cadre_id`,
  );
}
