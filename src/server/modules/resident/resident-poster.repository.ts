import { and, asc, eq, inArray, like, ne, or } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { gridStaff, regions, serviceCentres } from '../../db/schema/index.js';

/** The grids of a subtree (the region itself when it is one), in the tree's order, at most `limit`. */
export function listGridsUnder(db: Executor, rootCode: string, limit: number) {
  return db
    .select({ id: regions.id, countyId: regions.countyId, code: regions.code, name: regions.name })
    .from(regions)
    .where(and(like(regions.code, `${rootCode}%`), eq(regions.level, 'grid')))
    .orderBy(asc(regions.code))
    .limit(limit);
}

/** Names of regions by code: the lineages of the grids on the posters. */
export function listRegionNames(db: Executor, codes: string[]) {
  if (codes.length === 0) return Promise.resolve([]);
  return db.select({ code: regions.code, name: regions.name }).from(regions).where(inArray(regions.code, codes));
}

/** The people placed in the grids (and their micro-grids), names and positions only: no personal phone. */
export function listGridPeople(db: Executor, countyId: string, gridCodes: string[]) {
  if (gridCodes.length === 0) return Promise.resolve([]);
  return db
    .select({ regionCode: regions.code, kind: gridStaff.kind, name: gridStaff.name })
    .from(gridStaff)
    .innerJoin(regions, eq(regions.id, gridStaff.regionId))
    .where(and(eq(gridStaff.countyId, countyId), or(...gridCodes.map((code) => like(regions.code, `${code}%`)))))
    .orderBy(asc(regions.code), asc(gridStaff.kind), asc(gridStaff.name));
}

/** Service centres of the given towns and villages with a published phone, the first made first. */
export function listServicePhones(db: Executor, countyId: string, regionCodes: string[]) {
  if (regionCodes.length === 0) return Promise.resolve([]);
  return db
    .select({ regionCode: serviceCentres.regionCode, name: serviceCentres.name, phone: serviceCentres.phone })
    .from(serviceCentres)
    .where(
      and(
        eq(serviceCentres.countyId, countyId),
        inArray(serviceCentres.regionCode, regionCodes),
        ne(serviceCentres.phone, ''),
      ),
    )
    .orderBy(asc(serviceCentres.createdAt), asc(serviceCentres.id));
}
