import { aliasedTable, and, asc, eq, gt, ilike, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import {
  accounts,
  caseCategories,
  households,
  persons,
  regions,
  residentAccounts,
  residentCodes,
} from '../../db/schema/index.js';

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

/** The resident's own facts: their phone, the registry person it matched with their household, and their grid. */
export async function findProfile(db: Executor, accountId: string) {
  const [row] = await db
    .select({
      displayName: accounts.displayName,
      regionId: accounts.regionId,
      phone: residentAccounts.phone,
      countyId: residentAccounts.countyId,
      personId: residentAccounts.personId,
      smsNotices: residentAccounts.smsNotices,
      personName: persons.name,
      householdAddress: households.address,
    })
    .from(residentAccounts)
    .innerJoin(accounts, eq(accounts.id, residentAccounts.accountId))
    .leftJoin(persons, and(eq(persons.countyId, residentAccounts.countyId), eq(persons.id, residentAccounts.personId)))
    .leftJoin(households, and(eq(households.countyId, persons.countyId), eq(households.id, persons.householdId)))
    .where(eq(residentAccounts.accountId, accountId));
  return row;
}

const village = aliasedTable(regions, 'village');

/** Grids and micro-grids with their village's name: public names, which a resident picks from. */
function selectGrids(db: Executor) {
  return db
    .select({
      id: regions.id,
      code: regions.code,
      name: regions.name,
      villageName: village.name,
      countyId: regions.countyId,
    })
    .from(regions)
    .innerJoin(village, eq(village.id, regions.parentId))
    .$dynamic();
}

const gridLevels = inArray(regions.level, ['grid', 'micro_grid']);

export function findGridsByIds(db: Executor, ids: string[]) {
  return selectGrids(db).where(and(gridLevels, inArray(regions.id, ids)));
}

/** Grids whose own or whose village's name holds the text, or whose code it is, at most `limit`, in the tree's order. */
export function searchGrids(db: Executor, text: string, limit: number) {
  const containing = `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
  return selectGrids(db)
    .where(
      and(gridLevels, or(eq(regions.code, text), ilike(regions.name, containing), ilike(village.name, containing))),
    )
    .orderBy(asc(regions.code))
    .limit(limit);
}

/** The county's active catalogue items, in the county's order. */
export function listActiveCategories(db: Executor, countyId: string) {
  return db
    .select({ code: caseCategories.code, nameZh: caseCategories.nameZh, nameEn: caseCategories.nameEn })
    .from(caseCategories)
    .where(and(eq(caseCategories.countyId, countyId), eq(caseCategories.isActive, true)))
    .orderBy(asc(caseCategories.sortOrder), asc(caseCategories.code));
}
