import { and, asc, eq, isNull, like, sql } from 'drizzle-orm';
import type { Actor } from '../../auth/actor.js';
import { withinScope } from '../../auth/scope.js';
import type { Executor } from '../../db/client.js';
import { householdTags, households, regions } from '../../db/schema/index.js';
import type { ListCursor } from '../../../shared/api/common.js';
import { escapeLike } from './registry-lists.js';

const columns = {
  household: households,
  regionName: regions.name,
  headName: sql<string | null>`(select head.name from persons as head
    where head.county_id = households.county_id and head.id = households.head_person_id)`,
  /** YYYY-MM-DD: a head who is a minor has their name hidden like anywhere else. */
  headBirthDate: sql<string | null>`(select head.birth_date::text from persons as head
    where head.county_id = households.county_id and head.id = households.head_person_id)`,
  memberCount: sql<number>`(select count(*)::int from persons as member
    where member.county_id = households.county_id and member.household_id = households.id)`,
  tagCodes: sql<
    string[]
  >`coalesce((select array_agg(tagged.tag_code order by tagged.tag_code) from household_tags as tagged
    where tagged.county_id = households.county_id and tagged.household_id = households.id), '{}')`,
};

export type HouseholdRow = Awaited<ReturnType<typeof findHousehold>> & {};

export async function findHousehold(db: Executor, actor: Actor, id: string) {
  const [row] = await db
    .select(columns)
    .from(households)
    .innerJoin(regions, eq(regions.id, households.regionId))
    .where(and(eq(households.id, id), withinScope(actor, households.regionCode)));
  return row;
}

export async function householdExists(db: Executor, id: string): Promise<boolean> {
  const [row] = await db.select({ id: households.id }).from(households).where(eq(households.id, id));
  return row !== undefined;
}

export async function findHouseholdByAddress(db: Executor, countyId: string, regionId: string, address: string) {
  const [row] = await db
    .select({ id: households.id })
    .from(households)
    .where(and(eq(households.countyId, countyId), eq(households.regionId, regionId), eq(households.address, address)));
  return row;
}

/**
 * Households of a subtree in address order, numbers as numbers (see `addressSortKey`); the cursor is the last row's
 * sort key and id.
 */
export function listHouseholds(
  db: Executor,
  actor: Actor,
  filter: { rootCode: string; text?: string | undefined; after?: ListCursor | undefined },
  limit: number,
) {
  const escaped = filter.text === undefined ? undefined : escapeLike(filter.text);
  return db
    .select(columns)
    .from(households)
    .innerJoin(regions, eq(regions.id, households.regionId))
    .where(
      and(
        like(households.regionCode, `${filter.rootCode}%`),
        withinScope(actor, households.regionCode),
        escaped ? like(households.address, `%${escaped}%`) : undefined,
        filter.after
          ? sql`(${households.addressSortKey}, ${households.id}) > (${filter.after.key}, ${filter.after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(asc(households.addressSortKey), asc(households.id))
    .limit(limit);
}

export async function insertHousehold(db: Executor, row: typeof households.$inferInsert) {
  await db.insert(households).values(row);
}

export async function updateHousehold(
  db: Executor,
  countyId: string,
  id: string,
  changes: Partial<typeof households.$inferInsert>,
) {
  await db
    .update(households)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(and(eq(households.countyId, countyId), eq(households.id, id)));
}

/**
 * Deletes a household with its tags if no one belongs to it; false if someone does. The members are counted by the
 * delete itself, so a member registered since the household was read keeps it.
 */
export async function deleteEmptyHousehold(db: Executor, countyId: string, id: string): Promise<boolean> {
  const deleted = await db
    .delete(households)
    .where(
      and(
        eq(households.countyId, countyId),
        eq(households.id, id),
        sql`not exists (select 1 from persons as member
          where member.county_id = households.county_id and member.household_id = households.id)`,
        // A household cases name stays, so that their record still says whose it was.
        sql`not exists (select 1 from cases as named
          where named.county_id = households.county_id and named.household_id = households.id)`,
      ),
    )
    .returning({ id: households.id });
  if (deleted.length === 0) return false;
  await db.delete(householdTags).where(and(eq(householdTags.countyId, countyId), eq(householdTags.householdId, id)));
  return true;
}

export async function replaceHouseholdTags(db: Executor, countyId: string, householdId: string, tagCodes: string[]) {
  await db
    .delete(householdTags)
    .where(and(eq(householdTags.countyId, countyId), eq(householdTags.householdId, householdId)));
  if (tagCodes.length > 0) {
    await db.insert(householdTags).values(tagCodes.map((tagCode) => ({ countyId, householdId, tagCode })));
  }
}

/** The first person registered as head becomes the household's head, unless it already has one. */
export async function setHeadIfMissing(db: Executor, countyId: string, householdId: string, personId: string) {
  await db
    .update(households)
    .set({ headPersonId: personId, updatedAt: sql`now()` })
    .where(and(eq(households.countyId, countyId), eq(households.id, householdId), isNull(households.headPersonId)));
}
