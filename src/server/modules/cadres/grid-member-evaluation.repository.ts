import { sql } from 'drizzle-orm';
import { selectRows, type Executor } from '../../db/client.js';

/** Enabled grid members (网格员) of a county whose grid lies under a region code, with their grid. */
export function listGridMembers(db: Executor, countyId: string, rootCode: string) {
  return selectRows<{ accountId: string; name: string; gridId: string; gridName: string; gridCode: string }>(
    db,
    sql`select accounts.id as "accountId", accounts.display_name as name, regions.id as "gridId",
        regions.name as "gridName", regions.code as "gridCode"
      from accounts join regions on regions.id = accounts.region_id
      where accounts.role = 'grid_member' and accounts.is_enabled and regions.county_id = ${countyId}
        and regions.level = 'grid' and regions.code like ${`${rootCode}%`}
      order by regions.code, accounts.display_name
      limit 10000`,
  );
}

/** Work records (the tallies attendance counts: visits, cases, wishes, deposits, contacts) per account in a period. */
export function sumWork(db: Executor, countyId: string, accountIds: string[], from: string, to: string) {
  if (accountIds.length === 0) return Promise.resolve([]);
  return selectRows<{ accountId: string; work: number }>(
    db,
    sql`select account_id as "accountId", sum(work)::int as work from account_work_days
      where county_id = ${countyId} and account_id = any(${sql.param(accountIds)}::uuid[])
        and day between ${from}::date and ${to}::date
      group by account_id`,
  );
}
