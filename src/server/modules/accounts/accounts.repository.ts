import { and, asc, eq, ilike, or, sql } from 'drizzle-orm';
import type { Actor } from '../../auth/actor.js';
import { withinScope } from '../../auth/scope.js';
import type { Executor } from '../../db/client.js';
import { accounts, gridStaff, regions, secondFactors, units } from '../../db/schema/index.js';

const columns = {
  id: accounts.id,
  username: accounts.username,
  displayName: accounts.displayName,
  role: accounts.role,
  regionId: accounts.regionId,
  regionName: regions.name,
  regionCode: regions.code,
  countyId: regions.countyId,
  isEnabled: accounts.isEnabled,
  lastSignInAt: accounts.lastSignInAt,
  createdAt: accounts.createdAt,
  staffId: gridStaff.id,
  secondFactorConfirmedAt: secondFactors.confirmedAt,
  unitId: accounts.unitId,
  unitName: units.name,
};

export type AccountRow = Awaited<ReturnType<typeof findAccount>> & {};

/**
 * Accounts anchored inside the actor's subtree. The system administrator's own account (no region) is visible only
 * to the system administrator.
 */
function scopeCondition(actor: Actor) {
  return withinScope(actor, regions.code);
}

function selectAccounts(db: Executor) {
  return db
    .select(columns)
    .from(accounts)
    .leftJoin(regions, eq(regions.id, accounts.regionId))
    .leftJoin(gridStaff, and(eq(gridStaff.countyId, regions.countyId), eq(gridStaff.accountId, accounts.id)))
    .leftJoin(secondFactors, eq(secondFactors.accountId, accounts.id))
    .leftJoin(units, and(eq(units.countyId, accounts.regionId), eq(units.id, accounts.unitId)));
}

export async function findAccount(db: Executor, actor: Actor, id: string) {
  const [row] = await selectAccounts(db).where(and(eq(accounts.id, id), scopeCondition(actor)));
  return row;
}

export async function accountExists(db: Executor, id: string): Promise<boolean> {
  const [row] = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, id));
  return row !== undefined;
}

export async function usernameExists(db: Executor, username: string): Promise<boolean> {
  const [row] = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username));
  return row !== undefined;
}

export function listAccounts(
  db: Executor,
  actor: Actor,
  filter: { text?: string | undefined; rootCode?: string | undefined; afterUsername?: string | undefined },
  limit: number,
) {
  const escaped = filter.text?.replace(/[\\%_]/g, (character) => `\\${character}`);
  return selectAccounts(db)
    .where(
      and(
        scopeCondition(actor),
        filter.rootCode === undefined ? undefined : sql`${regions.code} like ${`${filter.rootCode}%`}`,
        escaped ? or(ilike(accounts.username, `%${escaped}%`), ilike(accounts.displayName, `%${escaped}%`)) : undefined,
        filter.afterUsername === undefined ? undefined : sql`${accounts.username} > ${filter.afterUsername}`,
      ),
    )
    .orderBy(asc(accounts.username))
    .limit(limit);
}

export async function insertAccount(db: Executor, row: typeof accounts.$inferInsert) {
  await db.insert(accounts).values(row);
}

export async function updateAccount(db: Executor, id: string, changes: Partial<typeof accounts.$inferInsert>) {
  await db
    .update(accounts)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(eq(accounts.id, id));
}

export async function findAccountByName(db: Executor, username: string) {
  const [row] = await db.select().from(accounts).where(eq(accounts.username, username));
  return row;
}

/** Counts accounts across the whole system, for the start-up checks. */
export async function countAccounts(db: Executor, filter: { isDemo?: boolean } = {}): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(accounts)
    .where(filter.isDemo === undefined ? undefined : eq(accounts.isDemo, filter.isDemo));
  return row?.count ?? 0;
}
