import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { uuidv7 } from 'uuidv7';
import type { Area } from '../src/shared/geojson.js';
import type { Database } from '../src/server/db/client.js';
import { accounts, gridStaff, partyOrgRegions, partyOrgs, regions } from '../src/server/db/schema/index.js';
import { createDefaultCatalogue } from '../src/server/modules/cases/catalogue.service.js';
import type { AccountRecord, PartyOrgRecord, RegionRecord, StaffRecord } from './helpers.js';

/** A closed square ring, counter-clockwise from its south-west corner. */
export function squareArea(minLng: number, minLat: number, size: number): Area {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [minLng, minLat],
        [minLng + size, minLat],
        [minLng + size, minLat + size],
        [minLng, minLat + size],
        [minLng, minLat],
      ],
    ],
  };
}

function boundingBoxColumns(area: Area) {
  const positions = area.type === 'Polygon' ? area.coordinates.flat() : area.coordinates.flat(2);
  const longitudes = positions.map((position) => position[0]!);
  const latitudes = positions.map((position) => position[1]!);
  return {
    minLng: Math.min(...longitudes),
    minLat: Math.min(...latitudes),
    maxLng: Math.max(...longitudes),
    maxLat: Math.max(...latitudes),
  };
}

/**
 * A point inside a region's boundary and outside every one of `excluded` (its micro-grids, say): the average of
 * the vertices of a convex ring lies inside it, and points between it and the vertices are tried next.
 */
export function interiorPointOf(region: RegionRecord, excluded: RegionRecord[] = []): [number, number] {
  const area = region.boundary;
  if (!area) throw new Error(`${region.name} has no boundary.`);
  const ring = (area.type === 'Polygon' ? area.coordinates[0]! : area.coordinates[0]![0]!).slice(0, -1);
  const centre: [number, number] = [
    ring.reduce((sum, position) => sum + position[0]!, 0) / ring.length,
    ring.reduce((sum, position) => sum + position[1]!, 0) / ring.length,
  ];
  const candidates: [number, number][] = [centre];
  for (const share of [0.3, 0.5, 0.7, 0.85, 0.95]) {
    for (const vertex of ring) {
      candidates.push([centre[0] + share * (vertex[0]! - centre[0]), centre[1] + share * (vertex[1]! - centre[1])]);
    }
  }
  const isInside = (point: [number, number], candidate: RegionRecord) =>
    candidate.boundary !== null && booleanPointInPolygon(point, candidate.boundary, { ignoreBoundary: true });
  const found = candidates.find(
    (point) => isInside(point, region) && !excluded.some((other) => booleanPointInPolygon(point, other.boundary!)),
  );
  if (!found) throw new Error(`No interior point found in ${region.name}.`);
  return found;
}

// ---------------------------------------------------------------------------------------------------------------
// Rows with overrides

export async function insertRegion(
  db: Database,
  fields: Pick<RegionRecord, 'level' | 'code' | 'name'> & Partial<typeof regions.$inferInsert>,
): Promise<RegionRecord> {
  const id = fields.id ?? uuidv7();
  const boundary = fields.boundary ?? null;
  const [row] = await db
    .insert(regions)
    .values({
      id,
      countyId: id,
      parentId: null,
      kind: null,
      sortOrder: 1,
      ...(boundary ? boundingBoxColumns(boundary) : {}),
      ...fields,
    })
    .returning();
  return row!;
}

export async function insertStaff(
  db: Database,
  region: RegionRecord,
  fields: Partial<typeof gridStaff.$inferInsert> = {},
): Promise<StaffRecord> {
  const [row] = await db
    .insert(gridStaff)
    .values({
      id: uuidv7(),
      countyId: region.countyId,
      regionId: region.id,
      kind: 'grid_member',
      name: '测试人员',
      phone: '13912345678',
      employment: 'full_time',
      ...fields,
    })
    .returning();
  return row!;
}

export async function insertPartyOrg(
  db: Database,
  anchor: RegionRecord,
  fields: Partial<typeof partyOrgs.$inferInsert> & { coveredRegionIds?: string[] } = {},
): Promise<PartyOrgRecord> {
  const { coveredRegionIds = [anchor.id], ...orgFields } = fields;
  const [row] = await db
    .insert(partyOrgs)
    .values({
      id: uuidv7(),
      countyId: anchor.countyId,
      regionId: anchor.id,
      kind: 'grid_branch',
      name: `${anchor.name}党支部`,
      memberCount: 5,
      ...orgFields,
    })
    .returning();
  await db
    .insert(partyOrgRegions)
    .values(coveredRegionIds.map((regionId) => ({ countyId: anchor.countyId, partyOrgId: row!.id, regionId })));
  return row!;
}

/** An account that cannot sign in (its password hash is not a hash): for reading, not for acting. */
export async function insertAccount(
  db: Database,
  fields: Pick<AccountRecord, 'username' | 'role' | 'regionId'> & Partial<typeof accounts.$inferInsert>,
): Promise<AccountRecord> {
  const [row] = await db
    .insert(accounts)
    .values({ id: uuidv7(), displayName: fields.username, passwordHash: 'no-sign-in', ...fields })
    .returning();
  return row!;
}

export type NeighbourCounty = {
  county: RegionRecord;
  town: RegionRecord;
  village: RegionRecord;
  grid: RegionRecord;
  staff: StaffRecord;
  partyOrg: PartyOrgRecord;
  account: AccountRecord;
};

/**
 * A second, small county beside the demo one (another tenant): one town, village and grid, with a person, a party
 * branch and an account, so cross-county isolation can be tested.
 */
export async function insertNeighbourCounty(db: Database): Promise<NeighbourCounty> {
  const county = await insertRegion(db, {
    level: 'county',
    code: '339902',
    name: '邻县',
    kind: '县',
    boundary: squareArea(121, 31, 0.2),
  });
  // Created as a county is: with its catalogue of grid items.
  await createDefaultCatalogue(db, county.id);
  const child = (parent: RegionRecord, level: RegionRecord['level'], name: string, size: number) =>
    insertRegion(db, {
      countyId: county.id,
      parentId: parent.id,
      level,
      code: `${parent.code}001`,
      name,
      boundary: squareArea(121, 31, size),
    });
  const town = await child(county, 'town', '邻县城关镇', 0.1);
  const village = await child(town, 'village', '邻县东村', 0.05);
  const grid = await child(village, 'grid', '邻县东村第1网格', 0.02);
  return {
    county,
    town,
    village,
    grid,
    staff: await insertStaff(db, grid, { name: '邻县网格员', phone: '13700001111' }),
    partyOrg: await insertPartyOrg(db, village, { name: '邻县东村第1网格党支部', coveredRegionIds: [grid.id] }),
    account: await insertAccount(db, { username: 'neighbour', role: 'grid_member', regionId: grid.id }),
  };
}
