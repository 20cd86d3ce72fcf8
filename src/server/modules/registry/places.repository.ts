import { and, asc, eq, like, sql } from 'drizzle-orm';
import type { PlaceKind } from '../../../shared/registry.js';
import type { Actor } from '../../auth/actor.js';
import { withinScope } from '../../auth/scope.js';
import type { Executor } from '../../db/client.js';
import { places, regions } from '../../db/schema/index.js';

const columns = { place: places, regionName: regions.name };

export type PlaceRow = Awaited<ReturnType<typeof findPlace>> & {};

export async function findPlace(db: Executor, actor: Actor, id: string) {
  const [row] = await db
    .select(columns)
    .from(places)
    .innerJoin(regions, eq(regions.id, places.regionId))
    .where(and(eq(places.id, id), withinScope(actor, places.regionCode)));
  return row;
}

export async function placeExists(db: Executor, id: string): Promise<boolean> {
  const [row] = await db.select({ id: places.id }).from(places).where(eq(places.id, id));
  return row !== undefined;
}

export function listPlaces(db: Executor, actor: Actor, filter: { rootCode: string; kind?: PlaceKind | undefined }) {
  return db
    .select(columns)
    .from(places)
    .innerJoin(regions, eq(regions.id, places.regionId))
    .where(
      and(
        like(places.regionCode, `${filter.rootCode}%`),
        withinScope(actor, places.regionCode),
        filter.kind ? eq(places.kind, filter.kind) : undefined,
      ),
    )
    .orderBy(asc(places.regionCode), asc(places.name))
    .limit(1000);
}

export async function insertPlace(db: Executor, row: typeof places.$inferInsert) {
  await db.insert(places).values(row);
}

export async function updatePlace(
  db: Executor,
  countyId: string,
  id: string,
  changes: Partial<typeof places.$inferInsert>,
) {
  await db
    .update(places)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(and(eq(places.countyId, countyId), eq(places.id, id)));
}

export async function deletePlace(db: Executor, countyId: string, id: string) {
  await db.delete(places).where(and(eq(places.countyId, countyId), eq(places.id, id)));
}
