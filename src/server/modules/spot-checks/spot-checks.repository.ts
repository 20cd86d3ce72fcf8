import { and, asc, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { SpotCheckFindingStatus, SpotCheckPhotoStage } from '../../../shared/api/spot-checks.js';
import type { Actor } from '../../auth/actor.js';
import type { Executor } from '../../db/client.js';
import {
  accounts,
  cadres,
  regions,
  spotCheckAreas,
  spotCheckFindings,
  spotCheckPhotos,
  spotCheckRecords,
  spotChecks,
} from '../../db/schema/index.js';

/**
 * The spot checks an actor sees: those of their region and below whenever planned (they plan them, or oversee those
 * who do); those visiting their area (or an area above theirs) only from the day of the check, so that it stays
 * unannounced.
 */
function visibleTo(actor: Actor, today: string): SQL | undefined {
  if (actor.regionCode === undefined) return undefined;
  const pattern = `${actor.regionCode}%`;
  return sql`(${spotChecks.regionCode} like ${pattern} or (${spotChecks.checkOn} <= ${today}::date and exists (
    select 1 from ${spotCheckAreas} where ${spotCheckAreas.countyId} = ${spotChecks.countyId}
      and ${spotCheckAreas.spotCheckId} = ${spotChecks.id}
      and (${spotCheckAreas.regionCode} like ${pattern} or ${actor.regionCode} like ${spotCheckAreas.regionCode} || '%'))))`;
}

export type SpotCheckRow = typeof spotChecks.$inferSelect;

export async function findSpotCheck(
  db: Executor,
  actor: Actor,
  id: string,
  today: string,
): Promise<SpotCheckRow | undefined> {
  const [row] = await db
    .select()
    .from(spotChecks)
    .where(and(eq(spotChecks.id, id), visibleTo(actor, today)));
  return row;
}

export async function spotCheckExists(db: Executor, id: string): Promise<boolean> {
  const [row] = await db.select({ id: spotChecks.id }).from(spotChecks).where(eq(spotChecks.id, id));
  return row !== undefined;
}

/** The latest spot checks the actor sees, the most recent check day first. */
export function listSpotChecks(db: Executor, actor: Actor, today: string, limit: number) {
  return db
    .select()
    .from(spotChecks)
    .where(visibleTo(actor, today))
    .orderBy(desc(spotChecks.checkOn), desc(spotChecks.id))
    .limit(limit);
}

export function listAreas(db: Executor, countyId: string, spotCheckIds: string[]) {
  if (spotCheckIds.length === 0) return Promise.resolve([]);
  return db
    .select({ spotCheckId: spotCheckAreas.spotCheckId, id: regions.id, name: regions.name, code: regions.code })
    .from(spotCheckAreas)
    .innerJoin(regions, eq(regions.id, spotCheckAreas.regionId))
    .where(and(eq(spotCheckAreas.countyId, countyId), inArray(spotCheckAreas.spotCheckId, spotCheckIds)))
    .orderBy(asc(regions.code));
}

export function listRecords(db: Executor, countyId: string, spotCheckIds: string[]) {
  if (spotCheckIds.length === 0) return Promise.resolve([]);
  return db
    .select({ record: spotCheckRecords, cadreName: cadres.name, correctorName: accounts.displayName })
    .from(spotCheckRecords)
    .innerJoin(cadres, and(eq(cadres.countyId, spotCheckRecords.countyId), eq(cadres.id, spotCheckRecords.cadreId)))
    .leftJoin(accounts, eq(accounts.id, spotCheckRecords.correctedBy))
    .where(and(eq(spotCheckRecords.countyId, countyId), inArray(spotCheckRecords.spotCheckId, spotCheckIds)))
    .orderBy(asc(spotCheckRecords.recordedAt));
}

const findingColumns = {
  finding: spotCheckFindings,
  regionName: regions.name,
  spotCheckTitle: spotChecks.title,
  spotCheckRegionCode: spotChecks.regionCode,
  correctorName: accounts.displayName,
};

function selectFindings(db: Executor) {
  return db
    .select(findingColumns)
    .from(spotCheckFindings)
    .innerJoin(
      spotChecks,
      and(eq(spotChecks.countyId, spotCheckFindings.countyId), eq(spotChecks.id, spotCheckFindings.spotCheckId)),
    )
    .innerJoin(regions, eq(regions.id, spotCheckFindings.regionId))
    .leftJoin(accounts, eq(accounts.id, spotCheckFindings.correctedBy));
}

export type FindingRow = NonNullable<Awaited<ReturnType<typeof findFinding>>>;

export function listFindingsOf(db: Executor, countyId: string, spotCheckIds: string[]) {
  if (spotCheckIds.length === 0) return Promise.resolve([]);
  return selectFindings(db)
    .where(and(eq(spotCheckFindings.countyId, countyId), inArray(spotCheckFindings.spotCheckId, spotCheckIds)))
    .orderBy(asc(spotCheckFindings.deadline), asc(spotCheckFindings.id));
}

/** Findings of the spot checks the actor sees, the nearest deadline first. */
export function listFindings(
  db: Executor,
  actor: Actor,
  today: string,
  filter: { status?: SpotCheckFindingStatus | undefined; isOverdue: boolean },
) {
  return selectFindings(db)
    .where(
      and(
        visibleTo(actor, today),
        filter.isOverdue ? eq(spotCheckFindings.status, 'open') : undefined,
        filter.isOverdue ? lt(spotCheckFindings.deadline, today) : undefined,
        filter.status ? eq(spotCheckFindings.status, filter.status) : undefined,
      ),
    )
    .orderBy(asc(spotCheckFindings.deadline), asc(spotCheckFindings.id))
    .limit(500);
}

export async function findFinding(
  db: Executor,
  actor: Actor,
  id: string,
  today: string,
  options: { forUpdate?: boolean } = {},
) {
  const query = selectFindings(db).where(and(eq(spotCheckFindings.id, id), visibleTo(actor, today)));
  const [row] = await (options.forUpdate ? query.for('update', { of: spotCheckFindings }) : query);
  return row;
}

export async function findingExists(db: Executor, id: string): Promise<boolean> {
  const [row] = await db
    .select({ id: spotCheckFindings.id })
    .from(spotCheckFindings)
    .where(eq(spotCheckFindings.id, id));
  return row !== undefined;
}

export async function insertSpotCheck(
  db: Executor,
  row: typeof spotChecks.$inferInsert,
  areas: (typeof spotCheckAreas.$inferInsert)[],
): Promise<void> {
  await db.insert(spotChecks).values(row);
  await db.insert(spotCheckAreas).values(areas);
}

export async function findRecord(db: Executor, countyId: string, spotCheckId: string, id: string) {
  const [row] = await db
    .select()
    .from(spotCheckRecords)
    .where(
      and(
        eq(spotCheckRecords.countyId, countyId),
        eq(spotCheckRecords.spotCheckId, spotCheckId),
        eq(spotCheckRecords.id, id),
      ),
    );
  return row;
}

/**
 * A record of a check, locked for a correction, with what the period lock needs of its cadre: where they serve now
 * and their unit (the reports that cover them).
 */
export async function findRecordForUpdate(db: Executor, countyId: string, spotCheckId: string, id: string) {
  const [row] = await db
    .select({ record: spotCheckRecords, cadreRegionCode: cadres.regionCode, cadreUnitId: cadres.unitId })
    .from(spotCheckRecords)
    .innerJoin(cadres, and(eq(cadres.countyId, spotCheckRecords.countyId), eq(cadres.id, spotCheckRecords.cadreId)))
    .where(
      and(
        eq(spotCheckRecords.countyId, countyId),
        eq(spotCheckRecords.spotCheckId, spotCheckId),
        eq(spotCheckRecords.id, id),
      ),
    )
    .for('update', { of: spotCheckRecords });
  return row;
}

/** Writes a correction if the record is still at the version it was read at. */
export async function updateRecord(
  db: Executor,
  countyId: string,
  id: string,
  version: number,
  changes: Partial<typeof spotCheckRecords.$inferInsert>,
): Promise<boolean> {
  const updated = await db
    .update(spotCheckRecords)
    .set({ ...changes, version: version + 1 })
    .where(
      and(eq(spotCheckRecords.countyId, countyId), eq(spotCheckRecords.id, id), eq(spotCheckRecords.version, version)),
    )
    .returning({ id: spotCheckRecords.id });
  return updated.length === 1;
}

export async function insertRecord(db: Executor, row: typeof spotCheckRecords.$inferInsert): Promise<void> {
  await db.insert(spotCheckRecords).values(row);
}

const photoColumns = {
  id: spotCheckPhotos.id,
  spotCheckId: spotCheckPhotos.spotCheckId,
  stage: spotCheckPhotos.stage,
  recordId: spotCheckPhotos.recordId,
  findingId: spotCheckPhotos.findingId,
  fileName: spotCheckPhotos.fileName,
  contentType: spotCheckPhotos.contentType,
  size: spotCheckPhotos.size,
};

/** The photos of spot checks, in the order they were taken. */
export function listPhotos(db: Executor, countyId: string, spotCheckIds: string[]) {
  if (spotCheckIds.length === 0) return Promise.resolve([]);
  return db
    .select(photoColumns)
    .from(spotCheckPhotos)
    .where(and(eq(spotCheckPhotos.countyId, countyId), inArray(spotCheckPhotos.spotCheckId, spotCheckIds)))
    .orderBy(asc(spotCheckPhotos.createdAt), asc(spotCheckPhotos.id));
}

export async function findPhoto(db: Executor, countyId: string, spotCheckId: string, id: string) {
  const [row] = await db
    .select({
      contentType: spotCheckPhotos.contentType,
      size: spotCheckPhotos.size,
      storageKey: spotCheckPhotos.storageKey,
    })
    .from(spotCheckPhotos)
    .where(
      and(
        eq(spotCheckPhotos.countyId, countyId),
        eq(spotCheckPhotos.spotCheckId, spotCheckId),
        eq(spotCheckPhotos.id, id),
      ),
    );
  return row;
}

/** How many photos of one stage a record or finding holds. */
export async function countPhotos(
  db: Executor,
  countyId: string,
  stage: SpotCheckPhotoStage,
  subjectId: string,
): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(spotCheckPhotos)
    .where(
      and(
        eq(spotCheckPhotos.countyId, countyId),
        eq(spotCheckPhotos.stage, stage),
        eq(stage === 'record' ? spotCheckPhotos.recordId : spotCheckPhotos.findingId, subjectId),
      ),
    );
  return row?.count ?? 0;
}

export async function insertPhoto(db: Executor, row: typeof spotCheckPhotos.$inferInsert): Promise<void> {
  await db.insert(spotCheckPhotos).values(row);
}

export async function insertFinding(db: Executor, row: typeof spotCheckFindings.$inferInsert): Promise<void> {
  await db.insert(spotCheckFindings).values(row);
}

export async function updateFinding(
  db: Executor,
  countyId: string,
  id: string,
  changes: Partial<typeof spotCheckFindings.$inferInsert>,
): Promise<void> {
  await db
    .update(spotCheckFindings)
    .set(changes)
    .where(and(eq(spotCheckFindings.countyId, countyId), eq(spotCheckFindings.id, id)));
}

/** A finding of a check, locked for a correction. */
export async function findFindingForUpdate(db: Executor, countyId: string, spotCheckId: string, id: string) {
  const [row] = await db
    .select()
    .from(spotCheckFindings)
    .where(
      and(
        eq(spotCheckFindings.countyId, countyId),
        eq(spotCheckFindings.spotCheckId, spotCheckId),
        eq(spotCheckFindings.id, id),
      ),
    )
    .for('update');
  return row;
}

/** Writes a correction if the finding is still at the version it was read at. */
export async function updateFindingAtVersion(
  db: Executor,
  countyId: string,
  id: string,
  version: number,
  changes: Partial<typeof spotCheckFindings.$inferInsert>,
): Promise<boolean> {
  const updated = await db
    .update(spotCheckFindings)
    .set({ ...changes, version: version + 1 })
    .where(
      and(
        eq(spotCheckFindings.countyId, countyId),
        eq(spotCheckFindings.id, id),
        eq(spotCheckFindings.version, version),
      ),
    )
    .returning({ id: spotCheckFindings.id });
  return updated.length === 1;
}

/** Times each cadre was found absent or only checked in (点卯) by spot checks held in a period. */
export function countFailedSpotChecks(db: Executor, countyId: string, cadreIds: string[], from: string, to: string) {
  if (cadreIds.length === 0) return Promise.resolve([]);
  return db
    .select({
      cadreId: spotCheckRecords.cadreId,
      checked: sql<number>`count(*)::int`,
      failed: sql<number>`(count(*) filter (where ${spotCheckRecords.outcome} <> 'at_post'))::int`,
    })
    .from(spotCheckRecords)
    .innerJoin(
      spotChecks,
      and(eq(spotChecks.countyId, spotCheckRecords.countyId), eq(spotChecks.id, spotCheckRecords.spotCheckId)),
    )
    .where(
      and(
        eq(spotCheckRecords.countyId, countyId),
        inArray(spotCheckRecords.cadreId, cadreIds),
        sql`${spotChecks.checkOn} between ${from}::date and ${to}::date`,
      ),
    )
    .groupBy(spotCheckRecords.cadreId);
}
