import { and, asc, eq, ilike, like, or, sql } from 'drizzle-orm';
import type { PlaceKind } from '../../../shared/registry.js';
import type { Actor } from '../../auth/actor.js';
import { withinScope } from '../../auth/scope.js';
import type { Executor } from '../../db/client.js';
import { places, regions } from '../../db/schema/index.js';
import type { ListCursor } from '../../../shared/api/common.js';
import { escapeLike } from './registry-lists.js';

const columns = { place: places, regionName: regions.name };

/** Names with numbers in them sort as people read them (3号仓库 before 12号仓库): see migration 0012. */
const nameSortKey = sql<string>`natural_sort_key(${places.name}) collate "C"`;

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

/**
 * Places of a subtree in name order, numbers as numbers, the text found inside the name or the address. A county has a few thousand
 * places, so the subtree's rows are read and matched without an index of their own.
 */
export function listPlaces(
  db: Executor,
  actor: Actor,
  filter: { rootCode: string; kind?: PlaceKind | undefined; text?: string | undefined; after?: ListCursor | undefined },
  limit: number,
) {
  const containing = filter.text === undefined ? undefined : `%${escapeLike(filter.text)}%`;
  return db
    .select({ ...columns, sortKey: nameSortKey })
    .from(places)
    .innerJoin(regions, eq(regions.id, places.regionId))
    .where(
      and(
        like(places.regionCode, `${filter.rootCode}%`),
        withinScope(actor, places.regionCode),
        filter.kind ? eq(places.kind, filter.kind) : undefined,
        containing ? or(ilike(places.name, containing), ilike(places.address, containing)) : undefined,
        filter.after
          ? sql`(${nameSortKey}, ${places.id}) > (${filter.after.key}, ${filter.after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(asc(nameSortKey), asc(places.id))
    .limit(limit);
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
