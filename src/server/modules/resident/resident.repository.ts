import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { accounts, households, persons, residentAccounts, residentCodes } from '../../db/schema/index.js';

/** Keeps the phone's new code in place of any earlier one, valid for `minutes` on the database's clock. */
export async function replaceCode(db: Executor, phone: string, codeHash: string, minutes: number) {
  const expiresAt = sql`now() + make_interval(mins => ${minutes})`;
  await db
    .insert(residentCodes)
    .values({ phone, codeHash, expiresAt })
    .onConflictDoUpdate({
      target: residentCodes.phone,
      set: { codeHash, expiresAt, usedAt: null, sentAt: sql`now()` },
    });
}

/**
 * Spends the phone's code if it is this one, unused and unexpired; one statement, so two requests racing with the
 * same code cannot both spend it. True when it was spent.
 */
export async function spendCode(db: Executor, phone: string, codeHash: string): Promise<boolean> {
  const rows = await db
    .update(residentCodes)
    .set({ usedAt: sql`now()` })
    .where(
      and(
        eq(residentCodes.phone, phone),
        eq(residentCodes.codeHash, codeHash),
        isNull(residentCodes.usedAt),
        gt(residentCodes.expiresAt, sql`now()`),
      ),
    )
    .returning({ phone: residentCodes.phone });
  return rows.length > 0;
}

/**
 * The registry person a phone belongs to, with the grid they live in (their household's, else their own region);
 * where a family shares one phone, the one with a household, registered first.
 */
export async function findPersonByPhone(db: Executor, phone: string) {
  const [row] = await db
    .select({
      countyId: persons.countyId,
      personId: persons.id,
      name: persons.name,
      regionId: sql<string>`coalesce(${households.regionId}, ${persons.regionId})`,
    })
    .from(persons)
    .leftJoin(households, and(eq(households.countyId, persons.countyId), eq(households.id, persons.householdId)))
    .where(eq(persons.phone, phone))
    .orderBy(sql`${households.id} is null`, asc(persons.createdAt), asc(persons.id))
    .limit(1);
  return row;
}

export async function findAccountByUsername(db: Executor, username: string) {
  const [row] = await db
    .select({ id: accounts.id, role: accounts.role, isEnabled: accounts.isEnabled })
    .from(accounts)
    .where(eq(accounts.username, username));
  return row;
}

/** Makes a resident's account, or brings its name, grid and registry link up to date; its id. */
export async function saveResidentAccount(
  db: Executor,
  account: { id: string; username: string; displayName: string; regionId: string | null },
  link: { phone: string; countyId: string | null; personId: string | null },
): Promise<string> {
  const { displayName, regionId } = account;
  const [saved] = await db
    .insert(accounts)
    .values({ ...account, role: 'resident', passwordHash: null })
    .onConflictDoUpdate({ target: accounts.username, set: { displayName, regionId, updatedAt: sql`now()` } })
    .returning({ id: accounts.id });
  const accountId = saved!.id;
  await db
    .insert(residentAccounts)
    .values({ accountId, ...link })
    .onConflictDoUpdate({
      target: residentAccounts.accountId,
      set: { countyId: link.countyId, personId: link.personId },
    });
  return accountId;
}
