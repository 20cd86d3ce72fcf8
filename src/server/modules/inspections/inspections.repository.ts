import { and, asc, desc, eq, gte, inArray, isNull, like, lt, sql, type SQL } from 'drizzle-orm';
import type { ListCursor } from '../../../shared/api/common.js';
import type { InspectionKind } from '../../../shared/inspections.js';
import type { Actor } from '../../auth/actor.js';
import { withinScope } from '../../auth/scope.js';
import { selectRows, type Executor } from '../../db/client.js';
import {
  accounts,
  cases,
  gridStaff,
  inspectionChecklists,
  inspectionItems,
  inspectionPhotos,
  inspections,
  places,
  regions,
} from '../../db/schema/index.js';

// ---------------------------------------------------------------------------------------------------------------
// Checklists

export type ChecklistRow = typeof inspectionChecklists.$inferSelect;

export function listChecklists(db: Executor, countyId: string, includeInactive: boolean) {
  return db
    .select()
    .from(inspectionChecklists)
    .where(
      and(
        eq(inspectionChecklists.countyId, countyId),
        includeInactive ? undefined : eq(inspectionChecklists.isActive, true),
      ),
    )
    .orderBy(asc(inspectionChecklists.nameZh), asc(inspectionChecklists.id));
}

export async function findChecklist(
  db: Executor,
  countyId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<ChecklistRow | undefined> {
  const query = db
    .select()
    .from(inspectionChecklists)
    .where(and(eq(inspectionChecklists.countyId, countyId), eq(inspectionChecklists.id, id)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

export async function checklistExists(db: Executor, id: string): Promise<boolean> {
  const [row] = await db
    .select({ id: inspectionChecklists.id })
    .from(inspectionChecklists)
    .where(eq(inspectionChecklists.id, id));
  return row !== undefined;
}

export async function insertChecklists(db: Executor, rows: (typeof inspectionChecklists.$inferInsert)[]) {
  if (rows.length > 0) await db.insert(inspectionChecklists).values(rows);
}

/** Changes a checklist and raises its version when its items change. */
export async function updateChecklist(
  db: Executor,
  countyId: string,
  id: string,
  changes: Partial<typeof inspectionChecklists.$inferInsert>,
  raiseVersion: boolean,
) {
  await db
    .update(inspectionChecklists)
    .set({
      ...changes,
      ...(raiseVersion ? { version: sql`${inspectionChecklists.version} + 1` } : {}),
      updatedAt: sql`now()`,
    })
    .where(and(eq(inspectionChecklists.countyId, countyId), eq(inspectionChecklists.id, id)));
}

// ---------------------------------------------------------------------------------------------------------------
// Inspections

const summaryColumns = {
  record: inspections,
  placeName: places.name,
  placeKind: places.kind,
  placeAddress: places.address,
  regionName: regions.name,
  recordedByName: accounts.displayName,
};

export type InspectionRow = Awaited<ReturnType<typeof findInspection>> & {};

function summaryQuery(db: Executor) {
  return db
    .select(summaryColumns)
    .from(inspections)
    .innerJoin(places, and(eq(places.countyId, inspections.countyId), eq(places.id, inspections.placeId)))
    .innerJoin(regions, eq(regions.id, inspections.regionId))
    .leftJoin(accounts, eq(accounts.id, inspections.recordedBy));
}

export async function findInspection(db: Executor, actor: Actor, id: string) {
  const [row] = await summaryQuery(db).where(and(eq(inspections.id, id), withinScope(actor, inspections.regionCode)));
  return row;
}

/** Who recorded an inspection of this id, wherever it is: a client id sent again, or one someone else used. */
export async function findInspectionOwner(db: Executor, id: string) {
  const [row] = await db
    .select({ countyId: inspections.countyId, recordedBy: inspections.recordedBy })
    .from(inspections)
    .where(eq(inspections.id, id));
  return row;
}

export async function inspectionExists(db: Executor, id: string): Promise<boolean> {
  return (await findInspectionOwner(db, id)) !== undefined;
}

/** Inserts an inspection unless one of its id exists already (the same request sent twice): false then. */
export async function insertInspection(db: Executor, row: typeof inspections.$inferInsert): Promise<boolean> {
  const inserted = await db
    .insert(inspections)
    .values(row)
    .onConflictDoNothing({ target: [inspections.countyId, inspections.id] })
    .returning({ id: inspections.id });
  return inserted.length > 0;
}

export async function insertItems(db: Executor, rows: (typeof inspectionItems.$inferInsert)[]) {
  if (rows.length > 0) await db.insert(inspectionItems).values(rows);
}

export async function setItemCase(db: Executor, countyId: string, inspectionId: string, code: string, caseId: string) {
  await db
    .update(inspectionItems)
    .set({ caseId })
    .where(
      and(
        eq(inspectionItems.countyId, countyId),
        eq(inspectionItems.inspectionId, inspectionId),
        eq(inspectionItems.code, code),
      ),
    );
}

/** Marks failed items of an earlier inspection as found put right by a re-inspection. */
export async function markRechecked(
  db: Executor,
  countyId: string,
  inspectionId: string,
  codes: string[],
  recheckedBy: string,
) {
  if (codes.length === 0) return;
  await db
    .update(inspectionItems)
    .set({ recheckedBy })
    .where(
      and(
        eq(inspectionItems.countyId, countyId),
        eq(inspectionItems.inspectionId, inspectionId),
        inArray(inspectionItems.code, codes),
        isNull(inspectionItems.recheckedBy),
      ),
    );
}

/** A failed item still waiting: made a case, not passed by a re-inspection, its case neither closed nor merged. */
const isOpenItem = sql<boolean>`(${inspectionItems.resolution} = 'case' and ${inspectionItems.recheckedBy} is null
  and coalesce(${cases.status} not in ('closed', 'merged'), true))`;

/** The items of inspections with their cases' numbers and statuses, in checklist order. */
export function listItems(db: Executor, countyId: string, inspectionIds: string[]) {
  if (inspectionIds.length === 0) return Promise.resolve([]);
  return db
    .select({
      item: inspectionItems,
      caseNumber: cases.number,
      caseStatus: cases.status,
      caseDeadline: cases.deadline,
      isOpen: isOpenItem,
    })
    .from(inspectionItems)
    .leftJoin(cases, and(eq(cases.countyId, inspectionItems.countyId), eq(cases.id, inspectionItems.caseId)))
    .where(and(eq(inspectionItems.countyId, countyId), inArray(inspectionItems.inspectionId, inspectionIds)))
    .orderBy(asc(inspectionItems.inspectionId), asc(inspectionItems.position));
}

/** The counts an inspection's summary shows, per inspection. */
export function countItems(db: Executor, countyId: string, inspectionIds: string[]) {
  if (inspectionIds.length === 0) return Promise.resolve([]);
  return db
    .select({
      inspectionId: inspectionItems.inspectionId,
      items: sql<number>`count(*)::int`,
      failed: sql<number>`(count(*) filter (where ${inspectionItems.result} = 'not_ok'))::int`,
      fixed: sql<number>`(count(*) filter (where ${inspectionItems.resolution} = 'fixed'))::int`,
      cases: sql<number>`(count(*) filter (where ${inspectionItems.resolution} = 'case'))::int`,
      open: sql<number>`(count(*) filter (where ${isOpenItem}))::int`,
    })
    .from(inspectionItems)
    .leftJoin(cases, and(eq(cases.countyId, inspectionItems.countyId), eq(cases.id, inspectionItems.caseId)))
    .where(and(eq(inspectionItems.countyId, countyId), inArray(inspectionItems.inspectionId, inspectionIds)))
    .groupBy(inspectionItems.inspectionId);
}

export type InspectionFilter = {
  countyId: string | undefined;
  rootCode: string;
  placeId?: string | undefined;
  kind?: InspectionKind | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  isOpen?: boolean | undefined;
  after?: ListCursor | undefined;
};

function openCondition(): SQL {
  return sql`exists (select 1 from ${inspectionItems} left join ${cases}
    on ${cases.countyId} = ${inspectionItems.countyId} and ${cases.id} = ${inspectionItems.caseId}
    where ${inspectionItems.countyId} = ${inspections.countyId} and ${inspectionItems.inspectionId} = ${inspections.id}
    and ${isOpenItem})`;
}

/** Inspections of a subtree, newest first. */
export function listInspections(db: Executor, actor: Actor, filter: InspectionFilter, limit: number) {
  return summaryQuery(db)
    .where(
      and(
        filter.countyId ? eq(inspections.countyId, filter.countyId) : undefined,
        like(inspections.regionCode, `${filter.rootCode}%`),
        withinScope(actor, inspections.regionCode),
        filter.placeId ? eq(inspections.placeId, filter.placeId) : undefined,
        filter.kind ? eq(inspections.kind, filter.kind) : undefined,
        filter.from ? gte(inspections.inspectedAt, filter.from) : undefined,
        filter.to ? lt(inspections.inspectedAt, filter.to) : undefined,
        filter.isOpen === undefined ? undefined : filter.isOpen ? openCondition() : sql`not ${openCondition()}`,
        filter.after
          ? sql`(${inspections.inspectedAt}, ${inspections.id}) < (${filter.after.key}::timestamptz, ${filter.after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(inspections.inspectedAt), desc(inspections.id))
    .limit(limit);
}

/** Re-inspections made of an inspection, oldest first. */
export function listReInspections(db: Executor, countyId: string, id: string) {
  return db
    .select({ id: inspections.id, inspectedAt: inspections.inspectedAt })
    .from(inspections)
    .where(and(eq(inspections.countyId, countyId), eq(inspections.previousId, id)))
    .orderBy(asc(inspections.inspectedAt));
}

/** Names of staff records, for the inspectors an inspection names. */
export function findStaffNames(db: Executor, countyId: string, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .select({ id: gridStaff.id, name: gridStaff.name })
    .from(gridStaff)
    .where(and(eq(gridStaff.countyId, countyId), inArray(gridStaff.id, ids)));
}

/** Figures of the inspections of a subtree in a period (see `inspectionFiguresSchema`). */
export async function inspectionFigures(
  db: Executor,
  filter: { countyId: string; rootCode: string; from: Date; to: Date },
) {
  const [row] = await selectRows<{
    placesInspected: number;
    inspections: number;
    hazardsFound: number;
    fixedOnTheSpot: number;
    turnedIntoCases: number;
    open: number;
  }>(
    db,
    sql`with chosen as (
      select ${inspections.countyId} as county_id, ${inspections.id} as id, ${inspections.placeId} as place_id,
        ${inspections.kind} as kind
      from ${inspections}
      where ${inspections.countyId} = ${filter.countyId}
        and ${inspections.regionCode} like ${`${filter.rootCode}%`}
        and ${inspections.inspectedAt} >= ${filter.from.toISOString()}::timestamptz
        and ${inspections.inspectedAt} < ${filter.to.toISOString()}::timestamptz
    ), items as (
      select ${inspectionItems.result} as result, ${inspectionItems.resolution} as resolution,
        ${isOpenItem} as is_open
      from chosen
      join ${inspectionItems} on ${inspectionItems.countyId} = chosen.county_id
        and ${inspectionItems.inspectionId} = chosen.id
      left join ${cases} on ${cases.countyId} = ${inspectionItems.countyId} and ${cases.id} = ${inspectionItems.caseId}
      where chosen.kind = 'inspection'
    )
    select
      (select count(distinct place_id) from chosen)::int as "placesInspected",
      (select count(*) from chosen)::int as "inspections",
      (select count(*) from items where result = 'not_ok')::int as "hazardsFound",
      (select count(*) from items where resolution = 'fixed')::int as "fixedOnTheSpot",
      (select count(*) from items where resolution = 'case')::int as "turnedIntoCases",
      (select count(*) from items where is_open)::int as "open"`,
  );
  return row!;
}

// ---------------------------------------------------------------------------------------------------------------
// Photos

export type PhotoRow = typeof inspectionPhotos.$inferSelect;

export async function insertPhoto(db: Executor, row: typeof inspectionPhotos.$inferInsert) {
  await db.insert(inspectionPhotos).values(row);
}

/** Photos of these ids uploaded by the account and not yet attached to an inspection. */
export function findWaitingPhotos(db: Executor, countyId: string, accountId: string, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .select({ id: inspectionPhotos.id })
    .from(inspectionPhotos)
    .where(
      and(
        eq(inspectionPhotos.countyId, countyId),
        inArray(inspectionPhotos.id, ids),
        eq(inspectionPhotos.uploadedBy, accountId),
        isNull(inspectionPhotos.inspectionId),
      ),
    );
}

export async function attachPhotos(
  db: Executor,
  countyId: string,
  inspectionId: string,
  attachments: { id: string; itemCode: string; stage: 'before' | 'after' }[],
) {
  for (const attachment of attachments) {
    await db
      .update(inspectionPhotos)
      .set({ inspectionId, itemCode: attachment.itemCode, stage: attachment.stage })
      .where(and(eq(inspectionPhotos.countyId, countyId), eq(inspectionPhotos.id, attachment.id)));
  }
}

export function listPhotos(db: Executor, countyId: string, inspectionIds: string[]) {
  if (inspectionIds.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(inspectionPhotos)
    .where(and(eq(inspectionPhotos.countyId, countyId), inArray(inspectionPhotos.inspectionId, inspectionIds)))
    .orderBy(asc(inspectionPhotos.createdAt));
}

export async function findPhoto(db: Executor, countyId: string, inspectionId: string, photoId: string) {
  const [row] = await db
    .select()
    .from(inspectionPhotos)
    .where(
      and(
        eq(inspectionPhotos.countyId, countyId),
        eq(inspectionPhotos.inspectionId, inspectionId),
        eq(inspectionPhotos.id, photoId),
      ),
    );
  return row;
}

export async function databaseNow(db: Executor): Promise<Date> {
  const [row] = await selectRows<{ now: string | Date }>(db, sql`select now() as now`);
  return new Date(row!.now);
}
