import { and, asc, eq, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../auth/actor.js';
import { withinScope } from '../../auth/scope.js';
import type { Executor } from '../../db/client.js';
import { households, personTags, persons, regions } from '../../db/schema/index.js';

const columns = {
  person: persons,
  regionName: regions.name,
  householdAddress: households.address,
  tagCodes: sql<
    string[]
  >`coalesce((select array_agg(tagged.tag_code order by tagged.tag_code) from person_tags as tagged
    where tagged.county_id = persons.county_id and tagged.person_id = persons.id), '{}')`,
};

export type PersonRow = Awaited<ReturnType<typeof findPerson>> & {};

function fromPersons(db: Executor) {
  return db
    .select(columns)
    .from(persons)
    .innerJoin(regions, eq(regions.id, persons.regionId))
    .leftJoin(households, and(eq(households.countyId, persons.countyId), eq(households.id, persons.householdId)));
}

export async function findPerson(db: Executor, actor: Actor, id: string) {
  const [row] = await fromPersons(db).where(and(eq(persons.id, id), withinScope(actor, persons.regionCode)));
  return row;
}

export async function personExists(db: Executor, id: string): Promise<boolean> {
  const [row] = await db.select({ id: persons.id }).from(persons).where(eq(persons.id, id));
  return row !== undefined;
}

/** The person holding an ID number in a county, wherever they are: for the duplicate check. */
export async function findByIdNumber(db: Executor, countyId: string, idNumber: string) {
  const [row] = await db
    .select({ id: persons.id, regionCode: persons.regionCode })
    .from(persons)
    .where(and(eq(persons.countyId, countyId), eq(persons.idNumber, idNumber)));
  return row;
}

export type PersonSearch =
  { kind: 'name'; text: string } | { kind: 'pinyin'; text: string } | { kind: 'digits'; text: string };

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/**
 * Search conditions, each served by an index: name prefix (a surname or a full name; the name index also gives
 * the list's order, so a surname's first page is read straight off it), pinyin or initials prefix, and ID number
 * or phone suffix (as a prefix of the reversed text). Text inside a name would need a scan of the whole county.
 */
function searchCondition(search: PersonSearch): SQL | undefined {
  const text = escapeLike(search.text);
  switch (search.kind) {
    case 'name':
      return like(persons.name, `${text}%`);
    case 'pinyin':
      return or(like(persons.namePinyin, `${text}%`), like(persons.nameInitials, `${text}%`));
    case 'digits': {
      const reversed = [...text].reverse().join('');
      return or(
        sql`reverse(${persons.idNumber}) like ${`${reversed}%`}`,
        sql`reverse(${persons.phone}) like ${`${reversed}%`}`,
      );
    }
  }
}

export type PersonFilter = {
  countyId: string | undefined;
  rootCode: string;
  search?: PersonSearch | undefined;
  tagCode?: string | undefined;
  householdId?: string | undefined;
  after?: { name: string; id: string } | undefined;
};

function filterCondition(actor: Actor, filter: PersonFilter): SQL | undefined {
  return and(
    filter.countyId === undefined ? undefined : eq(persons.countyId, filter.countyId),
    like(persons.regionCode, `${filter.rootCode}%`),
    withinScope(actor, persons.regionCode),
    filter.search ? searchCondition(filter.search) : undefined,
    filter.householdId ? eq(persons.householdId, filter.householdId) : undefined,
    filter.tagCode
      ? sql`exists (select 1 from person_tags as tagged where tagged.county_id = persons.county_id
          and tagged.person_id = persons.id and tagged.tag_code = ${filter.tagCode})`
      : undefined,
  );
}

/** People of a subtree ordered by name then id; the cursor is the last row's name and id. */
export function listPersons(db: Executor, actor: Actor, filter: PersonFilter, limit: number) {
  const after = filter.after
    ? or(
        sql`${persons.name} > ${filter.after.name}`,
        and(eq(persons.name, filter.after.name), sql`${persons.id} > ${filter.after.id}`),
      )
    : undefined;
  // A search by pinyin or digits matches people scattered across the name order: walking the name index for them
  // can read most of a county. Sorting by an expression that index cannot serve makes the planner find the
  // matches through their own indexes first, then sort the few it found.
  const isNameOrdered = filter.search === undefined || filter.search.kind === 'name';
  const order = isNameOrdered ? persons.name : sql`(${persons.name} || '')`;
  return fromPersons(db)
    .where(and(filterCondition(actor, filter), after))
    .orderBy(asc(order), asc(persons.id))
    .limit(limit);
}

export async function countPersons(db: Executor, actor: Actor, filter: PersonFilter): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(persons)
    .where(filterCondition(actor, filter));
  return row?.count ?? 0;
}

/** Every matching person for an export, in name order, a page at a time. */
export async function* streamPersons(db: Executor, actor: Actor, filter: PersonFilter, pageSize = 2000) {
  let after: PersonFilter['after'];
  for (;;) {
    const rows = await listPersons(db, actor, { ...filter, after }, pageSize);
    yield* rows;
    const last = rows.at(-1);
    if (rows.length < pageSize || !last) return;
    after = { name: last.person.name, id: last.person.id };
  }
}

export async function insertPerson(db: Executor, row: typeof persons.$inferInsert) {
  await db.insert(persons).values(row);
}

export async function updatePerson(
  db: Executor,
  countyId: string,
  id: string,
  changes: Partial<typeof persons.$inferInsert>,
) {
  await db
    .update(persons)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(and(eq(persons.countyId, countyId), eq(persons.id, id)));
}

export async function deletePerson(db: Executor, countyId: string, id: string) {
  await db.delete(personTags).where(and(eq(personTags.countyId, countyId), eq(personTags.personId, id)));
  await db.delete(persons).where(and(eq(persons.countyId, countyId), eq(persons.id, id)));
}

export async function replacePersonTags(db: Executor, countyId: string, personId: string, tagCodes: string[]) {
  await db.delete(personTags).where(and(eq(personTags.countyId, countyId), eq(personTags.personId, personId)));
  if (tagCodes.length > 0) {
    await db.insert(personTags).values(tagCodes.map((tagCode) => ({ countyId, personId, tagCode })));
  }
}

/** Moves a household's members with it when the household changes grid. */
export async function moveHouseholdMembers(
  db: Executor,
  countyId: string,
  householdId: string,
  region: { id: string; code: string },
) {
  await db
    .update(persons)
    .set({ regionId: region.id, regionCode: region.code, updatedAt: sql`now()` })
    .where(and(eq(persons.countyId, countyId), eq(persons.householdId, householdId)));
}

export function findPersonsByIds(db: Executor, countyId: string, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .select({ id: persons.id, householdId: persons.householdId })
    .from(persons)
    .where(and(eq(persons.countyId, countyId), inArray(persons.id, ids)));
}
