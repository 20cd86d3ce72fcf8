import { sql } from 'drizzle-orm';
import { addDays, chinaDayStart } from '../../../shared/clock.js';
import { selectRows, type Executor } from '../../db/client.js';

/**
 * Each worker's records of a period (China dates), sorted by where they were made: `grid` in their own area (their
 * grid, or their community before one is assigned), `desk` at the service desk, `rotation` anywhere else. Field
 * records are the visits and inspections the account recorded, the cases it reported or was assigned, and the
 * check-ins it made (inside the grid or flagged outside; one with no boundary to measure against is left out); desk
 * records are the party-mass service centres' consultations it logged.
 */
export function countRecordsByWhere(
  db: Executor,
  countyId: string,
  workers: { accountId: string; areaCode: string }[],
  from: string,
  to: string,
) {
  if (workers.length === 0) return Promise.resolve([]);
  return db.transaction(async (transaction) => {
    // A county's thousands of per-worker lookups pass PostgreSQL's jit_above_cost, and compiling the statement took a
    // third to a half of its time (docs/benchmarks.md, "The 721 split"): index lookups gain nothing from it.
    await transaction.execute(sql`set local jit = off`);
    return selectRows<{ accountId: string; grid: number; desk: number; rotation: number }>(
      transaction,
      recordsByWhereQuery(countyId, workers, from, to),
    );
  });
}

/** The statement countRecordsByWhere runs, on its own so that the bench can EXPLAIN it. */
export function recordsByWhereQuery(
  countyId: string,
  workers: { accountId: string; areaCode: string }[],
  from: string,
  to: string,
) {
  const start = chinaDayStart(from).toISOString();
  const end = chinaDayStart(addDays(to, 1)).toISOString();
  const inPeriod = (column: string) =>
    sql`${sql.raw(column)} >= ${start}::timestamptz and ${sql.raw(column)} < ${end}::timestamptz`;
  const where = sql`case when code like worker.area_code || '%' then 'grid' else 'rotation' end`;
  return sql`select worker.account_id as "accountId",
        (count(*) filter (where record.place = 'grid'))::int as grid,
        (count(*) filter (where record.place = 'desk'))::int as desk,
        (count(*) filter (where record.place = 'rotation'))::int as rotation
      from unnest(${sql.param(workers.map((worker) => worker.accountId))}::uuid[],
        ${sql.param(workers.map((worker) => worker.areaCode))}::text[]) as worker (account_id, area_code)
      cross join lateral (
        select ${where} as place from (
          select region_code as code from visits
            where county_id = ${countyId} and recorded_by = worker.account_id and ${inPeriod('visited_at')}
          union all
          select region_code from inspections
            where county_id = ${countyId} and recorded_by = worker.account_id and ${inPeriod('inspected_at')}
          union all
          select region_code from cases
            where county_id = ${countyId} and (reporter_id = worker.account_id or assignee_id = worker.account_id)
              and ${inPeriod('reported_at')}
        ) field
        union all
        select case when inside_grid then 'grid' else 'rotation' end from cadre_check_ins
          where county_id = ${countyId} and created_by = worker.account_id and inside_grid is not null
            and day between ${from}::date and ${to}::date
        union all
        select 'desk' from service_consultations
          where county_id = ${countyId} and recorded_by = worker.account_id and ${inPeriod('happened_at')}
      ) record
      group by worker.account_id`;
}
