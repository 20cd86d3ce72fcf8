import { and, asc, eq, inArray, isNull, like, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../auth/actor.js';
import { withinScope } from '../../auth/scope.js';
import type { Executor } from '../../db/client.js';
import { households, personTags, persons, regions, signInThrottle } from '../../db/schema/index.js';
import { escapeLike } from './registry-lists.js';

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

/** The pinyin of a person's name in the caller's scope, which a list is sorted by. */
export async function findPinyin(db: Executor, actor: Actor, id: string): Promise<string | undefined> {
  const [row] = await db
    .select({ namePinyin: persons.namePinyin })
    .from(persons)
    .where(and(eq(persons.id, id), withinScope(actor, persons.regionCode)));
  return row?.namePinyin;
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

/**
 * Whether someone other than `exceptId` has an ID number that a masked view cannot tell from this one: the same
 * region digits and birth year (the age shows it) and the same last four. Read through the suffix index.
 */
export async function hasIdNumberLike(
  db: Executor,
  countyId: string,
  idNumber: string,
  exceptId: string | undefined,
): Promise<boolean> {
  const reversedEnd = [...idNumber.slice(-4)].reverse().join('');
  const [row] = await db
    .select({ id: persons.id })
    .from(persons)
    .where(
      and(
        eq(persons.countyId, countyId),
        sql`reverse(${persons.idNumber}) like ${`${escapeLike(reversedEnd)}%`}`,
        sql`left(${persons.idNumber}, 10) = ${idNumber.slice(0, 10)}`,
        exceptId === undefined ? undefined : sql`${persons.id} <> ${exceptId}`,
      ),
    )
    .limit(1);
  return row !== undefined;
}

export type PersonSearch =
  | { kind: 'name'; text: string }
  | { kind: 'pinyin'; text: string }
  /**
   * Digits: the end of an ID number or phone, or with `isWhole` only the whole of one (`idNumber` and `phone` are
   * the text in each one's stored form).
   */
  | { kind: 'digits'; text: string; isWhole: boolean; idNumber: string; phone: string };

/** One way of answering a search, with its own index; `isSortIndexed` when that index also gives the list order. */
type SearchBranch = { condition: SQL | undefined; isSortIndexed: boolean };

/**
 * The index-served ways of answering a search: name prefix (a surname or a full name), pinyin prefix and initials
 * prefix, and ID number or phone suffix (as a prefix of the reversed text). Text inside a name would need a scan of
 * the whole county.
 */
function searchBranches(search: PersonSearch | undefined): SearchBranch[] {
  if (search === undefined) return [{ condition: undefined, isSortIndexed: true }];
  const prefix = `${escapeLike(search.text)}%`;
  switch (search.kind) {
    case 'name':
      return [{ condition: like(persons.name, prefix), isSortIndexed: false }];
    case 'pinyin': {
      const byPinyin = { condition: like(persons.namePinyin, prefix), isSortIndexed: true };
      // Initials start with the pinyin's first letter, so a single letter needs no second look.
      if (search.text.length === 1) return [byPinyin];
      return [byPinyin, { condition: like(persons.nameInitials, prefix), isSortIndexed: false }];
    }
    case 'digits': {
      const reverse = (text: string) => [...text].reverse().join('');
      // The whole value is the same reversed text without the wildcard: the suffix indexes serve both.
      const condition = search.isWhole
        ? or(
            sql`reverse(${persons.idNumber}) like ${escapeLike(reverse(search.idNumber))}`,
            sql`reverse(${persons.phone}) like ${escapeLike(reverse(search.phone))}`,
          )
        : or(
            sql`reverse(${persons.idNumber}) like ${`${reverse(search.text)}%`}`,
            sql`reverse(${persons.phone}) like ${`${reverse(search.text)}%`}`,
          );
      return [{ condition, isSortIndexed: false }];
    }
  }
}

export type PersonFilter = {
  countyId: string | undefined;
  rootCode: string;
  search?: PersonSearch | undefined;
  tagCode?: string | undefined;
  householdId?: string | undefined;
  /** A filter the caller may not use (a tag hidden from them): it matches nothing, exactly like an unknown one. */
  isEmpty?: boolean | undefined;
  /** Leaves out people born on or after this date (YYYY-MM-DD). */
  bornBefore?: string | undefined;
  /** The pinyin of the name and the id of the last row of the previous page. */
  after?: { key: string; id: string } | undefined;
};

/** Everything of a filter but its search. */
function filterCondition(actor: Actor, filter: PersonFilter): SQL | undefined {
  return and(
    filter.countyId === undefined ? undefined : eq(persons.countyId, filter.countyId),
    like(persons.regionCode, `${filter.rootCode}%`),
    withinScope(actor, persons.regionCode),
    filter.householdId ? eq(persons.householdId, filter.householdId) : undefined,
    filter.isEmpty ? sql`false` : undefined,
    filter.bornBefore ? or(isNull(persons.birthDate), lt(persons.birthDate, filter.bornBefore)) : undefined,
    filter.tagCode
      ? sql`exists (select 1 from person_tags as tagged where tagged.county_id = persons.county_id
          and tagged.person_id = persons.id and tagged.tag_code = ${filter.tagCode})`
      : undefined,
  );
}

/**
 * People of a subtree in pinyin order (as people read names: 白 bai before 曾 zeng before 赵 zhao, whatever their
 * code points), then by id. Each search branch finds its own first page on the
 * persons table alone and the pages are merged, so every branch keeps to its index (one OR over both would fetch
 * every match before sorting); only the final page is then joined with its grid, household and tags.
 */
export async function listPersons(db: Executor, actor: Actor, filter: PersonFilter, limit: number) {
  return (await listPersonsCounting(db, actor, filter, limit, false)).rows;
}

/**
 * A first page of people with how many match in all (up to `countCap` + 1; more means "over countCap"). The count
 * rides on the page's details query, as a subquery of its own run once, instead of a statement apart: a page
 * without rows means nothing matches, and then no statement counts.
 */
export async function listPersonsCounted(db: Executor, actor: Actor, filter: PersonFilter, limit: number) {
  const { rows, total } = await listPersonsCounting(db, actor, { ...filter, after: undefined }, limit, true);
  return { rows, total: total ?? 0 };
}

async function listPersonsCounting(
  db: Executor,
  actor: Actor,
  filter: PersonFilter,
  limit: number,
  isCounted: boolean,
): Promise<{ rows: PersonRow[]; total: number | undefined }> {
  const sortColumn = persons.namePinyin;
  const after = filter.after
    ? sql`(${sortColumn}, ${persons.id}) > (${filter.after.key}, ${filter.after.id}::uuid)`
    : undefined;
  const pages = await Promise.all(
    searchBranches(filter.search).map((branch) =>
      db
        .select({ countyId: persons.countyId, id: persons.id, key: sortColumn })
        .from(persons)
        .where(and(filterCondition(actor, filter), branch.condition, after))
        // Matches scattered across the sort index are sorted by an expression that index cannot serve: the planner
        // then finds them through their own index and sorts the few it found, instead of walking the whole county.
        .orderBy(asc(branch.isSortIndexed ? sortColumn : sql`(${sortColumn} || '')`), asc(persons.id))
        .limit(limit),
    ),
  );
  // Code-unit order equals the database's C order here: the keys are ASCII pinyin, the ids UUIDs.
  const sortKey = (row: (typeof pages)[number][number]) => `${row.key}\u0000${row.id}`;
  const page = [...new Map(pages.flat().map((row) => [row.id, row])).values()]
    .sort((first, second) => (sortKey(first) < sortKey(second) ? -1 : 1))
    .slice(0, limit);
  if (page.length === 0) return { rows: [], total: isCounted ? 0 : undefined };
  // Two arrays, each one parameter: PGlite answers a list of (county, id) pairs longer than about 300 with no rows
  // or never, which broke every export past its first page.
  const countyIds = [...new Set(page.map((row) => row.countyId))];
  const details = await db
    .select({ ...columns, total: isCounted ? matchCount(actor, filter) : sql<null>`null` })
    .from(persons)
    .innerJoin(regions, eq(regions.id, persons.regionId))
    .leftJoin(households, and(eq(households.countyId, persons.countyId), eq(households.id, persons.householdId)))
    .where(
      and(
        sql`${persons.countyId} = any(${sql.param(countyIds)}::uuid[])`,
        sql`${persons.id} = any(${sql.param(page.map((row) => row.id))}::uuid[])`,
      ),
    );
  const detailOf = new Map(details.map(({ total: _total, ...row }) => [row.person.id, row]));
  return { rows: page.map((row) => detailOf.get(row.id)!), total: details[0]?.total ?? undefined };
}

/** A count beyond this is answered as "more than": counting a county's every match would cost more than the list. */
export const countCap = 10_000;

/** How many people match, up to `countCap` + 1, as a subquery that refers to nothing outside it (run once). */
function matchCount(actor: Actor, filter: PersonFilter): SQL<number> {
  const condition = and(
    filterCondition(actor, filter),
    or(...searchBranches(filter.search).map((branch) => branch.condition)),
  );
  return sql<number>`(select count(*)::int from (select ${persons.id} from ${persons} where ${condition}
    limit ${countCap + 1}) as matches)`;
}

/**
 * Every matching person for an export, in list order, a page at a time. Each page is one query on its own, so
 * between pages no connection or cursor is held: a consumer that stops (a cancelled download) leaves nothing open.
 */
export async function* streamPersonPages(db: Executor, actor: Actor, filter: PersonFilter, pageSize = 1000) {
  let after: PersonFilter['after'];
  for (;;) {
    const rows = await listPersons(db, actor, { ...filter, after }, pageSize);
    if (rows.length > 0) yield rows;
    const last = rows.at(-1);
    if (rows.length < pageSize || !last) return;
    after = { key: last.person.namePinyin, id: last.person.id };
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

/** The searches an account may make in a window, and how long it then waits. */
export type SearchLimit = { searches: number; windowMinutes: number; lockMinutes: number };

/**
 * Counts one number search by `key` (in the table that counts sign-in failures, by the database clock, so the
 * count holds across server instances) and answers how many seconds the caller must wait: 0 within the limit; the
 * search past it locks the key (`isNewLock`), and every search while locked is refused without being counted.
 */
export async function countNumberSearch(
  db: Executor,
  key: string,
  limit: SearchLimit,
): Promise<{ waitSeconds: number; isNewLock: boolean }> {
  const waitSeconds = sql<number>`ceil(extract(epoch from ${signInThrottle.lockedUntil} - now()))::int`;
  const [locked] = await db
    .select({ waitSeconds })
    .from(signInThrottle)
    .where(and(eq(signInThrottle.key, key), sql`${signInThrottle.lockedUntil} > now()`));
  if (locked) return { waitSeconds: locked.waitSeconds, isNewLock: false };
  const windowStart = sql`now() - make_interval(mins => ${limit.windowMinutes})`;
  const [counted] = await db
    .insert(signInThrottle)
    .values({ key, failures: 1 })
    .onConflictDoUpdate({
      target: signInThrottle.key,
      set: {
        failures: sql`case when ${signInThrottle.windowStartedAt} < ${windowStart} then 1 else ${signInThrottle.failures} + 1 end`,
        windowStartedAt: sql`case when ${signInThrottle.windowStartedAt} < ${windowStart} then now() else ${signInThrottle.windowStartedAt} end`,
      },
    })
    .returning({ searches: signInThrottle.failures });
  if ((counted?.searches ?? 0) <= limit.searches) return { waitSeconds: 0, isNewLock: false };
  const [lock] = await db
    .update(signInThrottle)
    .set({
      lockedUntil: sql`now() + make_interval(mins => ${limit.lockMinutes})`,
      failures: 0,
      windowStartedAt: sql`now()`,
    })
    .where(eq(signInThrottle.key, key))
    .returning({ waitSeconds });
  return { waitSeconds: lock?.waitSeconds ?? limit.lockMinutes * 60, isNewLock: true };
}

/** Persons of a county by id, wherever they live: the parties a record in the caller's scope names (a dispute's). */
export function findPersonRowsByIds(db: Executor, countyId: string, ids: string[]): Promise<PersonRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  // One array parameter, not a list: PGlite answers long lists of values with no rows.
  return fromPersons(db).where(
    and(eq(persons.countyId, countyId), sql`${persons.id} = any(${sql.param(ids)}::uuid[])`),
  );
}
