import { and, asc, eq, like, or, sql, type SQL } from 'drizzle-orm';
import type { StaffKind } from '../../../shared/staff.js';
import type { Actor } from '../../auth/actor.js';
import { withinScope } from '../../auth/scope.js';
import type { Executor } from '../../db/client.js';
import { accounts, gridStaff, regions } from '../../db/schema/index.js';

const columns = {
  staff: gridStaff,
  regionName: regions.name,
  regionCode: regions.code,
  accountUsername: accounts.username,
};

export type StaffRow = Awaited<ReturnType<typeof findStaff>> & {};

export async function findStaff(db: Executor, actor: Actor, id: string) {
  const [row] = await db
    .select(columns)
    .from(gridStaff)
    .innerJoin(regions, eq(regions.id, gridStaff.regionId))
    .leftJoin(accounts, eq(accounts.id, gridStaff.accountId))
    .where(and(eq(gridStaff.id, id), withinScope(actor, regions.code)));
  return row;
}

/** The person linked to an account, whether or not the actor sees them: a link is unique among everyone. */
export async function findStaffOfAccount(db: Executor, countyId: string, accountId: string) {
  const [row] = await db
    .select()
    .from(gridStaff)
    .where(and(eq(gridStaff.countyId, countyId), eq(gridStaff.accountId, accountId)));
  return row;
}

export async function staffExists(db: Executor, id: string): Promise<boolean> {
  const [row] = await db.select({ id: gridStaff.id }).from(gridStaff).where(eq(gridStaff.id, id));
  return row !== undefined;
}

/** People of a subtree, by region code then id; the cursor is the `code/id` of the last row. */
export function listStaff(
  db: Executor,
  actor: Actor,
  filter: { rootCode: string; kind?: StaffKind | undefined; after?: { code: string; id: string } | undefined },
  limit: number,
) {
  const after: SQL | undefined = filter.after
    ? or(
        sql`${regions.code} > ${filter.after.code}`,
        and(eq(regions.code, filter.after.code), sql`${gridStaff.id} > ${filter.after.id}`),
      )
    : undefined;
  return db
    .select(columns)
    .from(gridStaff)
    .innerJoin(regions, eq(regions.id, gridStaff.regionId))
    .leftJoin(accounts, eq(accounts.id, gridStaff.accountId))
    .where(
      and(
        like(regions.code, `${filter.rootCode}%`),
        withinScope(actor, regions.code),
        filter.kind ? eq(gridStaff.kind, filter.kind) : undefined,
        after,
      ),
    )
    .orderBy(asc(regions.code), asc(gridStaff.id))
    .limit(limit);
}

export async function insertStaff(db: Executor, row: typeof gridStaff.$inferInsert) {
  await db.insert(gridStaff).values(row);
}

export async function updateStaff(
  db: Executor,
  countyId: string,
  id: string,
  changes: Partial<typeof gridStaff.$inferInsert>,
) {
  await db
    .update(gridStaff)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(and(eq(gridStaff.countyId, countyId), eq(gridStaff.id, id)));
}

export async function deleteStaff(db: Executor, countyId: string, id: string) {
  await db.delete(gridStaff).where(and(eq(gridStaff.countyId, countyId), eq(gridStaff.id, id)));
}
