import turfArea from '@turf/area';
import difference from '@turf/difference';
import { feature, featureCollection } from '@turf/helpers';
import intersect from '@turf/intersect';
import type { MultiPolygon, Polygon } from 'geojson';
import findSelfIntersections from 'geojson-polygon-self-intersections';
import { boundingBoxOf, type Area, type BoundaryProblemCode } from '../../../shared/geojson.js';

/**
 * Boundaries digitised from different sources never meet exactly, so a thin sliver is forgiven: a part of a child
 * outside its parent, or a part two siblings share, is accepted when it is at most 1 % of the smaller area and on
 * average at most 5 m wide (twice its area over its perimeter). A misplaced or overlapping polygon is neither.
 */
export const sliverTolerance = { share: 0.01, widthMetres: 5 };

/** What the rules need to know of a region: who it is, where it hangs in the tree, and its boundary. */
export type BoundedRegion = { id: string; parentId: string | null; name: string; code: string; boundary: Area | null };

export type BoundaryConflictCode = Extract<
  BoundaryProblemCode,
  'outside_parent' | 'overlaps_sibling' | 'child_outside'
>;

/** One broken rule, naming the other region (the parent, the sibling or the child) and the area at stake in m². */
export type BoundaryConflict = {
  code: BoundaryConflictCode;
  region: { id: string; name: string; code: string };
  area: number;
};

const earthRadiusMetres = 6_371_008.8;

type Part = ReturnType<typeof intersect>;

function polygonsOf(area: Polygon | MultiPolygon): Polygon[] {
  return area.type === 'Polygon'
    ? [area]
    : area.coordinates.map((coordinates) => ({ type: 'Polygon' as const, coordinates }));
}

/** Perimeter in metres, each edge measured on the plane tangent at its middle: exact enough for slivers. */
function perimeterMetres(polygon: Polygon): number {
  let length = 0;
  for (const ring of polygon.coordinates) {
    for (let index = 1; index < ring.length; index++) {
      const [startLng, startLat] = ring[index - 1]!;
      const [endLng, endLat] = ring[index]!;
      const middleLatitude = (((startLat! + endLat!) / 2) * Math.PI) / 180;
      const east = (((endLng! - startLng!) * Math.PI) / 180) * Math.cos(middleLatitude);
      const north = ((endLat! - startLat!) * Math.PI) / 180;
      length += Math.hypot(east, north) * earthRadiusMetres;
    }
  }
  return length;
}

/** The area of a part in m², or 0 when it is a sliver of an area of `ofArea` m². */
function significantArea(part: Part, ofArea: number): number {
  if (!part) return 0;
  const total = turfArea(part);
  const pieces = polygonsOf(part.geometry);
  const isSliver =
    total <= sliverTolerance.share * ofArea &&
    pieces.every((piece) => (2 * turfArea(piece)) / perimeterMetres(piece) <= sliverTolerance.widthMetres);
  return isSliver ? 0 : Math.round(total);
}

function boxesMeet(first: Area, second: Area): boolean {
  const [firstWest, firstSouth, firstEast, firstNorth] = boundingBoxOf(first);
  const [secondWest, secondSouth, secondEast, secondNorth] = boundingBoxOf(second);
  return firstWest <= secondEast && secondWest <= firstEast && firstSouth <= secondNorth && secondSouth <= firstNorth;
}

/** The area of `inner` outside `outer` that counts (not a sliver of `inner`). */
function areaOutside(inner: Area, outer: Area): number {
  return significantArea(difference(featureCollection([feature(inner), feature(outer)])), turfArea(inner));
}

/** The area two siblings share that counts (not a sliver of the smaller one). */
function areaShared(first: Area, second: Area): number {
  if (!boxesMeet(first, second)) return 0;
  const shared = intersect(featureCollection([feature(first), feature(second)]));
  return significantArea(shared, Math.min(turfArea(first), turfArea(second)));
}

function conflict(code: BoundaryConflictCode, region: BoundedRegion, area: number): BoundaryConflict[] {
  return area > 0 ? [{ code, region: { id: region.id, name: region.name, code: region.code }, area }] : [];
}

/**
 * Checks new boundaries as the tree would be once they are written: each must lie inside its parent, overlap none
 * of its siblings and still hold its children. `around` holds the regions next to the changed ones (their parents,
 * siblings and children, as stored); a change replaces the stored boundary of its region, so boundaries changed
 * together are checked against each other. A parent–child pair changed together is reported once, on the child.
 */
export function checkBoundaries(
  changes: { region: Omit<BoundedRegion, 'boundary'>; boundary: Area | null }[],
  around: BoundedRegion[],
): Map<string, BoundaryConflict[]> {
  const changedIds = new Set(changes.map((change) => change.region.id));
  const tree = new Map(around.map((region) => [region.id, region]));
  for (const change of changes) tree.set(change.region.id, { ...change.region, boundary: change.boundary });
  const childrenOf = new Map<string | null, BoundedRegion[]>();
  for (const region of tree.values()) {
    if (!region.boundary) continue;
    const siblings = childrenOf.get(region.parentId);
    if (siblings) siblings.push(region);
    else childrenOf.set(region.parentId, [region]);
  }

  const conflicts = new Map<string, BoundaryConflict[]>();
  for (const { region, boundary } of changes) {
    if (!boundary) continue;
    const parent = region.parentId === null ? undefined : tree.get(region.parentId);
    const found = [
      ...(parent?.boundary ? conflict('outside_parent', parent, areaOutside(boundary, parent.boundary)) : []),
      ...(childrenOf.get(region.parentId) ?? [])
        .filter((sibling) => sibling.id !== region.id)
        .flatMap((sibling) => conflict('overlaps_sibling', sibling, areaShared(boundary, sibling.boundary!))),
      ...(childrenOf.get(region.id) ?? [])
        .filter((child) => !changedIds.has(child.id))
        .flatMap((child) => conflict('child_outside', child, areaOutside(child.boundary!, boundary))),
    ];
    if (found.length > 0) conflicts.set(region.id, found);
  }
  return conflicts;
}

/**
 * Positions one boundary may have. A county's outline digitised at survey precision has about 100,000; twice that
 * leaves room, while the overlap rules above (polygon clipping) already take tens of seconds at 100,000 on two cores.
 */
export const maxBoundaryPositions = 200_000;

/**
 * A polygon on average narrower than this (twice its area over its perimeter) encloses nothing a region could
 * govern: it is a line drawn as an area. Measured by width, not area, because a straight line in longitude and
 * latitude is not one on the sphere: positions "on a line" 3 km long still enclose some 50 m².
 */
const narrowestWidthMetres = 0.1;

function isWithoutArea(polygon: Polygon): boolean {
  const width = (2 * turfArea(polygon)) / perimeterMetres(polygon);
  // A ring of one position repeated has no perimeter either: its width is NaN, refused as well.
  return !(width >= narrowestWidthMetres);
}

export type GeometryProblemCode = Extract<
  BoundaryProblemCode,
  'too_many_positions' | 'self_intersection' | 'zero_area'
>;

/** Why an area is not a valid boundary, with what the console shows: the limit, or where the edges cross. */
export type GeometryProblem = {
  code: GeometryProblemCode;
  params: Record<string, number>;
  message: string;
};

function countPositions(area: Area): number {
  let count = 0;
  for (const polygon of polygonsOf(area)) for (const ring of polygon.coordinates) count += ring.length;
  return count;
}

/** The first point where two edges cross (rings of every part together, so parts that cross count too). */
function findCrossing(area: Area): [number, number] | undefined {
  const rings = polygonsOf(area).flatMap((polygon) => polygon.coordinates);
  let crossing: [number, number] | undefined;
  // The library visits every crossing through its filter; one is enough, so the filter stops the search.
  const stop = new Error('crossing found');
  try {
    findSelfIntersections({ type: 'Feature', geometry: { type: 'Polygon', coordinates: rings } }, (point) => {
      crossing = [point[0]!, point[1]!];
      throw stop;
    });
  } catch (error) {
    if (error !== stop) throw error;
  }
  return crossing;
}

/**
 * What makes an area unusable as a boundary whatever its neighbours: too many positions, edges that cross (a
 * bow-tie, a ring folding over itself, parts overlapping) or no area at all. Edges crossing are found through a
 * spatial index of the edges (the library @turf/boolean-valid uses), under a second at the limit.
 */
export function findGeometryProblems(area: Area): GeometryProblem[] {
  const positions = countPositions(area);
  if (positions > maxBoundaryPositions) {
    const message = `has ${positions} positions; at most ${maxBoundaryPositions} are accepted (simplify it)`;
    return [{ code: 'too_many_positions', params: { limit: maxBoundaryPositions }, message }];
  }
  const crossing = findCrossing(area);
  if (crossing) {
    // Named in full: i18next, which words the console's sentence, takes `lng` for the language.
    const [longitude, latitude] = crossing;
    const message = `has edges crossing at ${longitude}, ${latitude}`;
    return [{ code: 'self_intersection', params: { longitude, latitude }, message }];
  }
  if (polygonsOf(area).some(isWithoutArea)) {
    return [{ code: 'zero_area', params: {}, message: 'encloses no area (its positions lie on a line)' }];
  }
  return [];
}
