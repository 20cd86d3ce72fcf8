import { and, asc, eq, sql } from 'drizzle-orm';
import type { LeaveStatus } from '../../../shared/api/cadres.js';
import type { Actor } from '../../auth/actor.js';
import { withinScope, withinUnit } from '../../auth/scope.js';
import { selectRows, type Executor } from '../../db/client.js';
import { cadreCheckIns, cadreLeaves, cadres, regions } from '../../db/schema/index.js';

export type CheckInRow = typeof cadreCheckIns.$inferSelect;

/** The boundary of the region a cadre's check-in is measured against. */
export async function findBoundary(db: Executor, regionId: string) {
  const [row] = await db.select({ boundary: regions.boundary }).from(regions).where(eq(regions.id, regionId));
  return row?.boundary ?? null;
}

/** Inserts a check-in; false when its id, or the cadre's day, was taken meanwhile. */
export async function insertCheckIn(db: Executor, row: typeof cadreCheckIns.$inferInsert): Promise<boolean> {
  const inserted = await db.insert(cadreCheckIns).values(row).onConflictDoNothing().returning({ id: cadreCheckIns.id });
  return inserted.length === 1;
}

/** Who made a check-in of this id, in any county. */
export async function findCheckInCreator(db: Executor, id: string) {
  const [row] = await db
    .select({ createdBy: cadreCheckIns.createdBy })
    .from(cadreCheckIns)
    .where(eq(cadreCheckIns.id, id));
  return row;
}

/** A check-in with its cadre's name, inside the actor's scope (its cadre's). */
export async function findCheckIn(db: Executor, actor: Actor, id: string, options: { forUpdate?: boolean } = {}) {
  const query = db
    .select({ checkIn: cadreCheckIns, cadreName: cadres.name })
    .from(cadreCheckIns)
    .innerJoin(cadres, and(eq(cadres.countyId, cadreCheckIns.countyId), eq(cadres.id, cadreCheckIns.cadreId)))
    .where(and(eq(cadreCheckIns.id, id), withinScope(actor, cadres.regionCode), withinUnit(actor, cadres.unitId)));
  const [row] = await (options.forUpdate ? query.for('update', { of: cadreCheckIns }) : query);
  return row;
}

export async function checkInExists(db: Executor, id: string): Promise<boolean> {
  return (await findCheckInCreator(db, id)) !== undefined;
}

export async function findCheckInOfDay(db: Executor, countyId: string, cadreId: string, day: string) {
  const [row] = await db
    .select({ id: cadreCheckIns.id })
    .from(cadreCheckIns)
    .where(and(eq(cadreCheckIns.countyId, countyId), eq(cadreCheckIns.cadreId, cadreId), eq(cadreCheckIns.day, day)));
  return row;
}

export async function updateCheckIn(
  db: Executor,
  countyId: string,
  id: string,
  changes: Partial<typeof cadreCheckIns.$inferInsert>,
): Promise<void> {
  await db
    .update(cadreCheckIns)
    .set(changes)
    .where(and(eq(cadreCheckIns.countyId, countyId), eq(cadreCheckIns.id, id)));
}

/**
 * The days some cadres of a county checked in on in a period: what attendance counts, without the rest of each (read
 * as plain rows: a street's quarter is ten thousand of them).
 */
export function listCheckInDays(db: Executor, countyId: string, cadreIds: string[], from: string, to: string) {
  if (cadreIds.length === 0) return Promise.resolve([]);
  return selectRows<{ id: string; cadreId: string; day: string }>(
    db,
    sql`select id, cadre_id as "cadreId", day::text as day from cadre_check_ins
      where county_id = ${countyId} and cadre_id = any(${sql.param(cadreIds)}::uuid[])
        and day between ${from}::date and ${to}::date`,
  );
}

/** Check-ins of a county by id, whole: what the attendance page shows of each. */
export function listCheckIns(db: Executor, countyId: string, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(cadreCheckIns)
    .where(and(eq(cadreCheckIns.countyId, countyId), sql`${cadreCheckIns.id} = any(${sql.param(ids)}::uuid[])`));
}

/**
 * Pieces of work each account recorded per China day of a period: visits, cases reported, wishes registered or
 * claimed, moral-bank deposits, pairing contacts. A check-in with none of these on its day is 点卯. Read from the
 * tallies the triggers of those tables keep (account_work_days): a row per account and day.
 */
export function countWorkByDay(db: Executor, countyId: string, accountIds: string[], from: string, to: string) {
  if (accountIds.length === 0) return Promise.resolve([]);
  return selectRows<{ accountId: string; day: string; count: number }>(
    db,
    sql`select account_id as "accountId", day::text as day, work as count from account_work_days
      where county_id = ${countyId} and account_id = any(${sql.param(accountIds)}::uuid[])
        and day between ${from}::date and ${to}::date and work <> 0`,
  );
}

// Leave ----------------------------------------------------------------------------------------------------------

const leaveColumns = { leave: cadreLeaves, cadreName: cadres.name, regionCode: cadres.regionCode };

export async function insertLeave(db: Executor, row: typeof cadreLeaves.$inferInsert): Promise<void> {
  await db.insert(cadreLeaves).values(row);
}

export async function findLeave(db: Executor, actor: Actor, id: string, options: { forUpdate?: boolean } = {}) {
  const query = db
    .select(leaveColumns)
    .from(cadreLeaves)
    .innerJoin(cadres, and(eq(cadres.countyId, cadreLeaves.countyId), eq(cadres.id, cadreLeaves.cadreId)))
    .where(and(eq(cadreLeaves.id, id), withinScope(actor, cadres.regionCode), withinUnit(actor, cadres.unitId)));
  const [row] = await (options.forUpdate ? query.for('update', { of: cadreLeaves }) : query);
  return row;
}

export async function leaveExists(db: Executor, id: string): Promise<boolean> {
  const [row] = await db.select({ id: cadreLeaves.id }).from(cadreLeaves).where(eq(cadreLeaves.id, id));
  return row !== undefined;
}

export async function updateLeave(
  db: Executor,
  countyId: string,
  id: string,
  changes: Partial<typeof cadreLeaves.$inferInsert>,
) {
  await db
    .update(cadreLeaves)
    .set(changes)
    .where(and(eq(cadreLeaves.countyId, countyId), eq(cadreLeaves.id, id)));
}

/** Leave of a subtree's cadres in the actor's scope, the newest first; `cadreIds` narrows it to some. */
export function listLeaves(
  db: Executor,
  actor: Actor,
  filter: { countyId: string | undefined; rootCode: string; status?: LeaveStatus | undefined; cadreIds?: string[] },
) {
  return db
    .select(leaveColumns)
    .from(cadreLeaves)
    .innerJoin(cadres, and(eq(cadres.countyId, cadreLeaves.countyId), eq(cadres.id, cadreLeaves.cadreId)))
    .where(
      and(
        filter.countyId === undefined ? undefined : eq(cadreLeaves.countyId, filter.countyId),
        sql`${cadres.regionCode} like ${`${filter.rootCode}%`}`,
        withinScope(actor, cadres.regionCode),
        withinUnit(actor, cadres.unitId),
        filter.status ? eq(cadreLeaves.status, filter.status) : undefined,
        filter.cadreIds ? sql`${cadreLeaves.cadreId} = any(${sql.param(filter.cadreIds)}::uuid[])` : undefined,
      ),
    )
    .orderBy(asc(cadreLeaves.startsOn), asc(cadreLeaves.id))
    .limit(1000);
}
