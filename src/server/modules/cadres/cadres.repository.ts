import { and, asc, desc, eq, gt, gte, ilike, isNull, lte, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { CadreStatus } from '../../../shared/api/cadres.js';
import type { Actor } from '../../auth/actor.js';
import { withinScope, withinUnit } from '../../auth/scope.js';
import type { Executor } from '../../db/client.js';
import { accounts, cadres, regions, spotCheckRecords, spotChecks, units } from '../../db/schema/index.js';

const serviceRegions = alias(regions, 'service_regions');
const homeRegions = alias(regions, 'home_regions');
const grids = alias(regions, 'grids');

const cadreColumns = {
  record: cadres,
  unitName: units.name,
  serviceRegionName: serviceRegions.name,
  serviceRegionCode: serviceRegions.code,
  homeRegionName: homeRegions.name,
  gridName: grids.name,
};

function selectCadres(db: Executor) {
  return db
    .select(cadreColumns)
    .from(cadres)
    .innerJoin(units, and(eq(units.countyId, cadres.countyId), eq(units.id, cadres.unitId)))
    .innerJoin(serviceRegions, eq(serviceRegions.id, cadres.serviceRegionId))
    .leftJoin(homeRegions, eq(homeRegions.id, cadres.homeRegionId))
    .leftJoin(grids, eq(grids.id, cadres.gridId));
}

export type CadreRow = NonNullable<Awaited<ReturnType<typeof findCadre>>>;

/** A cadre inside the actor's scope (a unit's account: of its unit); `forUpdate` locks it for a change. */
export async function findCadre(db: Executor, actor: Actor, id: string, options: { forUpdate?: boolean } = {}) {
  const query = selectCadres(db).where(
    and(eq(cadres.id, id), withinScope(actor, cadres.regionCode), withinUnit(actor, cadres.unitId)),
  );
  const [row] = await (options.forUpdate ? query.for('update', { of: cadres }) : query);
  return row;
}

export async function cadreExists(db: Executor, id: string): Promise<boolean> {
  const [row] = await db.select({ id: cadres.id }).from(cadres).where(eq(cadres.id, id));
  return row !== undefined;
}

/** The active registration of an account, wherever it serves: whose check-in it is. */
export async function findActiveCadreOfAccount(db: Executor, accountId: string) {
  const [row] = await selectCadres(db).where(and(eq(cadres.accountId, accountId), eq(cadres.status, 'active')));
  return row;
}

/** Whether an account was registered as a cadre and every registration of it has ended: its service is over. */
export async function hasOnlyEndedService(db: Executor, accountId: string): Promise<boolean> {
  const rows = await db.select({ status: cadres.status }).from(cadres).where(eq(cadres.accountId, accountId));
  return rows.length > 0 && rows.every((row) => row.status === 'ended');
}

export type CadreInsert = typeof cadres.$inferInsert;

export async function insertCadre(db: Executor, row: CadreInsert): Promise<void> {
  await db.insert(cadres).values(row);
}

export async function insertCadres(db: Executor, rows: CadreInsert[]): Promise<void> {
  if (rows.length > 0) await db.insert(cadres).values(rows);
}

/** Writes a change if the cadre is still at the version it was read at. */
export async function updateCadre(
  db: Executor,
  countyId: string,
  id: string,
  version: number,
  changes: Partial<typeof cadres.$inferInsert>,
): Promise<boolean> {
  const updated = await db
    .update(cadres)
    .set({ ...changes, version: version + 1 })
    .where(and(eq(cadres.countyId, countyId), eq(cadres.id, id), eq(cadres.version, version)))
    .returning({ id: cadres.id });
  return updated.length === 1;
}

export type CadreFilter = {
  countyId: string | undefined;
  rootCode: string;
  unitId?: string | undefined;
  status?: CadreStatus | undefined;
  /** Those whose service overlaps the period (China dates), ended since or not. */
  servingBetween?: { from: string; to: string } | undefined;
  name?: string | undefined;
  afterId?: string | undefined;
};

/** Cadres of a subtree in the actor's scope (a unit's account: of its unit), in registration order (ids are time-ordered). */
export function listCadres(db: Executor, actor: Actor, filter: CadreFilter, limit: number) {
  return selectCadres(db)
    .where(
      and(
        filter.countyId === undefined ? undefined : eq(cadres.countyId, filter.countyId),
        sql`${cadres.regionCode} like ${`${filter.rootCode}%`}`,
        withinScope(actor, cadres.regionCode),
        withinUnit(actor, cadres.unitId),
        filter.unitId ? eq(cadres.unitId, filter.unitId) : undefined,
        filter.status ? eq(cadres.status, filter.status) : undefined,
        filter.servingBetween
          ? and(
              lte(cadres.startsOn, filter.servingBetween.to),
              or(isNull(cadres.endedOn), gte(cadres.endedOn, filter.servingBetween.from)),
            )
          : undefined,
        filter.name ? ilike(cadres.name, `%${filter.name.replace(/[%_\\]/g, '\\$&')}%`) : undefined,
        filter.afterId ? gt(cadres.id, filter.afterId) : undefined,
      ),
    )
    .orderBy(asc(cadres.id))
    .limit(limit);
}

/** The spot-check records of one cadre with their check's day and title, the newest check first. */
export function listSpotCheckRecordsOf(db: Executor, countyId: string, cadreId: string) {
  return db
    .select({
      spotCheckId: spotChecks.id,
      checkOn: spotChecks.checkOn,
      title: spotChecks.title,
      outcome: spotCheckRecords.outcome,
      place: spotCheckRecords.place,
      activity: spotCheckRecords.activity,
      note: spotCheckRecords.note,
      recordedAt: spotCheckRecords.recordedAt,
    })
    .from(spotCheckRecords)
    .innerJoin(
      spotChecks,
      and(eq(spotChecks.countyId, spotCheckRecords.countyId), eq(spotChecks.id, spotCheckRecords.spotCheckId)),
    )
    .where(and(eq(spotCheckRecords.countyId, countyId), eq(spotCheckRecords.cadreId, cadreId)))
    .orderBy(desc(spotChecks.checkOn), desc(spotCheckRecords.id));
}

/** A region by id wherever it is (a cadre's home community may lie outside the registering user's scope). */
export async function findRegionAnywhere(db: Executor, id: string) {
  const [row] = await db
    .select({
      id: regions.id,
      name: regions.name,
      code: regions.code,
      level: regions.level,
      countyId: regions.countyId,
    })
    .from(regions)
    .where(eq(regions.id, id));
  return row;
}

/** An account with the cadre role inside the actor's scope, as the registration names it. */
export async function findCadreAccount(db: Executor, actor: Actor, id: string) {
  const [row] = await db
    .select({ id: accounts.id, regionCode: regions.code })
    .from(accounts)
    .innerJoin(regions, eq(regions.id, accounts.regionId))
    .where(and(eq(accounts.id, id), eq(accounts.role, 'cadre'), withinScope(actor, regions.code)));
  return row;
}
