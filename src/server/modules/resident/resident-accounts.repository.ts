import { and, desc, eq, ilike, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { accounts, cases, regions, residentAccounts } from '../../db/schema/index.js';

const columns = {
  id: accounts.id,
  displayName: accounts.displayName,
  phone: residentAccounts.phone,
  countyId: residentAccounts.countyId,
  isEnabled: accounts.isEnabled,
  lastSignInAt: accounts.lastSignInAt,
  createdAt: accounts.createdAt,
  gridId: regions.id,
  gridName: regions.name,
  gridCode: regions.code,
  isRegistryPerson: sql<boolean>`${residentAccounts.personId} is not null`,
  caseCount: sql<number>`(select count(*)::int from ${cases} where ${cases.reporterId} = ${accounts.id})`,
};

export type ResidentAccountRow = Awaited<ReturnType<typeof findResidentAccount>> & {};

/**
 * A resident belongs to an area when their grid lies in it, or, for a guest without a grid, when a case they reported
 * does: the area's staff answer that case, so they may also stop its reporter.
 */
function inArea(code: string): SQL {
  return or(
    sql`${regions.code} like ${`${code}%`}`,
    sql`exists (select 1 from ${cases} where ${cases.reporterId} = ${accounts.id} and ${cases.regionCode} like ${`${code}%`})`,
  )!;
}

function selectResidents(db: Executor) {
  return db
    .select(columns)
    .from(residentAccounts)
    .innerJoin(accounts, eq(accounts.id, residentAccounts.accountId))
    .leftJoin(regions, eq(regions.id, accounts.regionId))
    .$dynamic();
}

/** Residents in the scope's area and the filter's, newest accounts first. */
export function listResidentAccounts(
  db: Executor,
  scopeCode: string | undefined,
  filter: {
    rootCode?: string | undefined;
    text?: string | undefined;
    isEnabled?: boolean | undefined;
    beforeId?: string | undefined;
  },
  limit: number,
) {
  const containing = filter.text && `%${filter.text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
  return selectResidents(db)
    .where(
      and(
        scopeCode === undefined ? undefined : inArea(scopeCode),
        filter.rootCode === undefined ? undefined : inArea(filter.rootCode),
        containing ? or(ilike(accounts.displayName, containing), ilike(residentAccounts.phone, containing)) : undefined,
        filter.isEnabled === undefined ? undefined : eq(accounts.isEnabled, filter.isEnabled),
        filter.beforeId === undefined ? undefined : lt(accounts.id, filter.beforeId),
      ),
    )
    .orderBy(desc(accounts.id))
    .limit(limit);
}

export async function findResidentAccount(db: Executor, scopeCode: string | undefined, id: string) {
  const [row] = await selectResidents(db).where(
    and(eq(residentAccounts.accountId, id), scopeCode === undefined ? undefined : inArea(scopeCode)),
  );
  return row;
}

export async function residentAccountExists(db: Executor, id: string): Promise<boolean> {
  const [row] = await db
    .select({ id: residentAccounts.accountId })
    .from(residentAccounts)
    .where(eq(residentAccounts.accountId, id));
  return row !== undefined;
}

export async function setAccountEnabled(db: Executor, id: string, isEnabled: boolean) {
  await db
    .update(accounts)
    .set({ isEnabled, updatedAt: sql`now()` })
    .where(eq(accounts.id, id));
}
