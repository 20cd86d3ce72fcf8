import { and, asc, desc, eq, gte, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { ListCursor } from '../../../shared/api/common.js';
import type { NeedStatus } from '../../../shared/visits.js';
import type { Actor } from '../../auth/actor.js';
import { withinScope } from '../../auth/scope.js';
import { selectRows, type Executor } from '../../db/client.js';
import {
  accounts,
  cases,
  gridStaff,
  householdNeeds,
  households,
  persons,
  places,
  regions,
  visitPersons,
  visitPhotos,
  visits,
  visitVisitors,
} from '../../db/schema/index.js';

/** The database's clock: whether a visit's time is in the future is decided by it, whichever server asks. */
export async function databaseNow(db: Executor): Promise<Date> {
  const [row] = await selectRows<{ now: string | Date }>(db, sql`select now() as now`);
  return new Date(row!.now);
}

/** Where a visit of this id lies, in any county: a client's id sent again is answered only to who may see it. */
export async function findVisitOrigin(db: Executor, id: string) {
  const [row] = await db
    .select({ countyId: visits.countyId, regionCode: visits.regionCode, recordedBy: visits.recordedBy })
    .from(visits)
    .where(eq(visits.id, id));
  return row;
}

/** Inserts a visit; false when one of that id exists already (a client's id sent again), inserting nothing. */
export async function insertVisit(db: Executor, row: typeof visits.$inferInsert): Promise<boolean> {
  const inserted = await db
    .insert(visits)
    .values(row)
    .onConflictDoNothing({ target: [visits.countyId, visits.id] })
    .returning({ id: visits.id });
  return inserted.length === 1;
}

export async function insertVisitors(db: Executor, countyId: string, visitId: string, staffIds: string[]) {
  if (staffIds.length === 0) return;
  await db.insert(visitVisitors).values(staffIds.map((staffId) => ({ countyId, visitId, staffId })));
}

export async function insertVisitPersons(db: Executor, countyId: string, visitId: string, personIds: string[]) {
  if (personIds.length === 0) return;
  await db.insert(visitPersons).values(personIds.map((personId) => ({ countyId, visitId, personId })));
}

export async function setVisitCase(db: Executor, countyId: string, visitId: string, caseId: string) {
  await db
    .update(visits)
    .set({ caseId })
    .where(and(eq(visits.countyId, countyId), eq(visits.id, visitId)));
}

const visitColumns = {
  visit: visits,
  regionName: regions.name,
  householdAddress: households.address,
  headPersonId: households.headPersonId,
  placeName: places.name,
  recordedByName: accounts.displayName,
};

export type VisitRow = Awaited<ReturnType<typeof listVisits>>[number];

export type VisitFilter = {
  countyId?: string | undefined;
  /** The code of the region the list is about (the actor's own root when none is named). */
  rootCode: string;
  householdId?: string | undefined;
  placeId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  purpose?: string | undefined;
  campaignId?: string | undefined;
  /** The last row of the page before. */
  after?: ListCursor | undefined;
  /** One visit by its id. */
  id?: string | undefined;
};

/**
 * Visits newest first, inside the actor's scope (a prefix of the region code, as for cases); the cursor is the last
 * row's visit time and id. Other modules (coverage, campaigns) list through `listVisits` in visits.service.
 */
export function listVisits(db: Executor, actor: Actor, filter: VisitFilter, limit: number) {
  const after = filter.after
    ? or(
        lt(visits.visitedAt, new Date(filter.after.key)),
        and(eq(visits.visitedAt, new Date(filter.after.key)), lt(visits.id, filter.after.id)),
      )
    : undefined;
  return db
    .select(visitColumns)
    .from(visits)
    .innerJoin(regions, eq(regions.id, visits.regionId))
    .leftJoin(households, and(eq(households.countyId, visits.countyId), eq(households.id, visits.householdId)))
    .leftJoin(places, and(eq(places.countyId, visits.countyId), eq(places.id, visits.placeId)))
    .leftJoin(accounts, eq(accounts.id, visits.recordedBy))
    .where(
      and(
        filter.countyId === undefined ? undefined : eq(visits.countyId, filter.countyId),
        sql`${visits.regionCode} like ${`${filter.rootCode}%`}`,
        withinScope(actor, visits.regionCode),
        filter.id ? eq(visits.id, filter.id) : undefined,
        filter.householdId ? eq(visits.householdId, filter.householdId) : undefined,
        filter.placeId ? eq(visits.placeId, filter.placeId) : undefined,
        filter.from ? gte(visits.visitedAt, new Date(filter.from)) : undefined,
        filter.to ? lt(visits.visitedAt, new Date(filter.to)) : undefined,
        filter.purpose ? eq(visits.purpose, filter.purpose) : undefined,
        filter.campaignId ? eq(visits.campaignId, filter.campaignId) : undefined,
        after,
      ),
    )
    .orderBy(desc(visits.visitedAt), desc(visits.id))
    .limit(limit);
}

/** The visitors of some visits, with their names and kinds. */
export function listVisitorsOf(db: Executor, countyId: string, visitIds: string[]) {
  if (visitIds.length === 0) return Promise.resolve([]);
  return db
    .select({ visitId: visitVisitors.visitId, staffId: gridStaff.id, name: gridStaff.name, kind: gridStaff.kind })
    .from(visitVisitors)
    .innerJoin(gridStaff, and(eq(gridStaff.countyId, visitVisitors.countyId), eq(gridStaff.id, visitVisitors.staffId)))
    .where(and(eq(visitVisitors.countyId, countyId), inArray(visitVisitors.visitId, visitIds)))
    .orderBy(asc(gridStaff.name));
}

/** The people met on some visits (ids; the registry presents them). */
export function listPersonIdsOf(db: Executor, countyId: string, visitIds: string[]) {
  if (visitIds.length === 0) return Promise.resolve([]);
  return db
    .select({ visitId: visitPersons.visitId, personId: visitPersons.personId })
    .from(visitPersons)
    .where(and(eq(visitPersons.countyId, countyId), inArray(visitPersons.visitId, visitIds)));
}

/** A few facts of the people met, for a short list (the registry's presenter masks them). */
export function findPersonsMet(db: Executor, countyId: string, personIds: string[]) {
  if (personIds.length === 0) return Promise.resolve([]);
  return db
    .select({
      id: persons.id,
      name: persons.name,
      birthDate: persons.birthDate,
      householdId: persons.householdId,
      relationToHead: persons.relationToHead,
      regionCode: regions.code,
    })
    .from(persons)
    .innerJoin(regions, eq(regions.id, persons.regionId))
    .where(and(eq(persons.countyId, countyId), inArray(persons.id, personIds)));
}

export function listPhotosOf(db: Executor, countyId: string, visitIds: string[]) {
  if (visitIds.length === 0) return Promise.resolve([]);
  return db
    .select({
      visitId: visitPhotos.visitId,
      id: visitPhotos.id,
      fileName: visitPhotos.fileName,
      contentType: visitPhotos.contentType,
      size: visitPhotos.size,
    })
    .from(visitPhotos)
    .where(and(eq(visitPhotos.countyId, countyId), inArray(visitPhotos.visitId, visitIds)))
    .orderBy(asc(visitPhotos.createdAt));
}

export function listCasesOf(db: Executor, countyId: string, caseIds: string[]) {
  if (caseIds.length === 0) return Promise.resolve([]);
  return db
    .select({ id: cases.id, number: cases.number, status: cases.status })
    .from(cases)
    .where(and(eq(cases.countyId, countyId), inArray(cases.id, caseIds)));
}

/** Staff records with the code of the region each serves, to check that visitors may visit a grid. */
export function findStaff(db: Executor, countyId: string, staffIds: string[]) {
  if (staffIds.length === 0) return Promise.resolve([]);
  return db
    .select({ id: gridStaff.id, regionCode: regions.code })
    .from(gridStaff)
    .innerJoin(regions, eq(regions.id, gridStaff.regionId))
    .where(and(eq(gridStaff.countyId, countyId), inArray(gridStaff.id, staffIds)));
}

// Photos -------------------------------------------------------------------------------------------------------------

export async function insertPhoto(db: Executor, row: typeof visitPhotos.$inferInsert) {
  await db.insert(visitPhotos).values(row);
}

/** Attaches an account's pending photos to its visit; answers how many it attached. */
export async function attachPhotos(
  db: Executor,
  countyId: string,
  accountId: string,
  visitId: string,
  photoIds: string[],
): Promise<number> {
  if (photoIds.length === 0) return 0;
  const attached = await db
    .update(visitPhotos)
    .set({ visitId })
    .where(
      and(
        eq(visitPhotos.countyId, countyId),
        inArray(visitPhotos.id, photoIds),
        eq(visitPhotos.createdBy, accountId),
        isNull(visitPhotos.visitId),
      ),
    )
    .returning({ id: visitPhotos.id });
  return attached.length;
}

/** A photo of a visit the actor may see (or the actor's own pending one). */
export async function findPhoto(db: Executor, actor: Actor, photoId: string) {
  const [row] = await db
    .select({ photo: visitPhotos, regionCode: visits.regionCode })
    .from(visitPhotos)
    .leftJoin(visits, and(eq(visits.countyId, visitPhotos.countyId), eq(visits.id, visitPhotos.visitId)))
    .where(eq(visitPhotos.id, photoId));
  if (!row) return undefined;
  if (row.regionCode === null) return row.photo.createdBy === actor.id ? row.photo : undefined;
  const inScope = actor.regionCode === undefined || row.regionCode.startsWith(actor.regionCode);
  return inScope ? row.photo : undefined;
}

// Needs --------------------------------------------------------------------------------------------------------------

const needColumns = { need: householdNeeds, createdByName: accounts.displayName };
export type NeedRow = Awaited<ReturnType<typeof listNeeds>>[number];

/** Needs of a household (`householdId`) or found on some visits (`visitIds`), oldest first. */
export function listNeeds(
  db: Executor,
  countyId: string,
  where: { householdId?: string; visitIds?: string[]; needId?: string },
) {
  if (where.visitIds?.length === 0) return Promise.resolve([]);
  return db
    .select(needColumns)
    .from(householdNeeds)
    .leftJoin(accounts, eq(accounts.id, householdNeeds.createdBy))
    .where(
      and(
        eq(householdNeeds.countyId, countyId),
        where.householdId ? eq(householdNeeds.householdId, where.householdId) : undefined,
        where.visitIds ? inArray(householdNeeds.sourceVisitId, where.visitIds) : undefined,
        where.needId ? eq(householdNeeds.id, where.needId) : undefined,
      ),
    )
    .orderBy(asc(householdNeeds.createdAt), asc(householdNeeds.id));
}

export async function insertNeed(db: Executor, row: typeof householdNeeds.$inferInsert) {
  await db.insert(householdNeeds).values(row);
}

export async function updateNeedStatus(
  db: Executor,
  countyId: string,
  householdId: string,
  needId: string,
  status: NeedStatus,
): Promise<boolean> {
  const updated = await db
    .update(householdNeeds)
    .set({ status, updatedAt: sql`now()` })
    .where(
      and(
        eq(householdNeeds.countyId, countyId),
        eq(householdNeeds.householdId, householdId),
        eq(householdNeeds.id, needId),
      ),
    )
    .returning({ id: householdNeeds.id });
  return updated.length === 1;
}
