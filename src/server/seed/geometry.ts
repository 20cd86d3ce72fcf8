import type { Area } from '../../shared/geojson.js';
import type { Random } from './random.js';

/**
 * Planar geometry for the demo boundaries, in longitude/latitude degrees. Areas are split by straight cuts, so
 * every piece of a convex area is convex and the pieces tile their parent exactly: a cut point is computed once and
 * shared by both sides.
 */
export type Point = [lng: number, lat: number];
/** An open ring (the first point is not repeated), counter-clockwise. */
export type Ring = Point[];
export type PolygonArea = Extract<Area, { type: 'Polygon' }>;

/** GeoJSON coordinates with 6 decimals are about 0.1 m apart, finer than any grid boundary is known. */
const decimals = 6;
/** Degrees: far below the rounding step, far above the error of a computed cut point. */
const tolerance = 1e-9;

/** Shoelace area in square degrees; positive when the ring is counter-clockwise. */
export function ringArea(ring: readonly Point[]): number {
  let twiceArea = 0;
  for (let index = 0; index < ring.length; index++) {
    const [x1, y1] = ring[index]!;
    const [x2, y2] = ring[(index + 1) % ring.length]!;
    twiceArea += x1 * y2 - x2 * y1;
  }
  return twiceArea / 2;
}

function ringCentroid(ring: readonly Point[]): Point {
  let x = 0;
  let y = 0;
  let twiceArea = 0;
  for (let index = 0; index < ring.length; index++) {
    const [x1, y1] = ring[index]!;
    const [x2, y2] = ring[(index + 1) % ring.length]!;
    const cross = x1 * y2 - x2 * y1;
    twiceArea += cross;
    x += (x1 + x2) * cross;
    y += (y1 + y2) * cross;
  }
  return [x / (3 * twiceArea), y / (3 * twiceArea)];
}

function bounds(ring: readonly Point[]) {
  const longitudes = ring.map((point) => point[0]);
  const latitudes = ring.map((point) => point[1]);
  return {
    minLng: Math.min(...longitudes),
    minLat: Math.min(...latitudes),
    maxLng: Math.max(...longitudes),
    maxLat: Math.max(...latitudes),
  };
}

/**
 * A rectangle with its corners cut off by random amounts: convex, and less obviously a box on the map.
 * `extent` is [minLng, minLat, maxLng, maxLat].
 */
export function roundedRectangle(extent: readonly [number, number, number, number], random: Random): Ring {
  const [minLng, minLat, maxLng, maxLat] = extent;
  const cut = (size: number) => size * random.between(0.04, 0.12);
  const width = maxLng - minLng;
  const height = maxLat - minLat;
  return [
    [minLng + cut(width), minLat],
    [maxLng - cut(width), minLat],
    [maxLng, minLat + cut(height)],
    [maxLng, maxLat - cut(height)],
    [maxLng - cut(width), maxLat],
    [minLng + cut(width), maxLat],
    [minLng, maxLat - cut(height)],
    [minLng, minLat + cut(height)],
  ];
}

/** The part of a convex ring where `direction · point <= offset` (Sutherland–Hodgman against one line). */
function clipBelow(ring: readonly Point[], direction: Point, offset: number): Ring {
  const side = (point: Point) => direction[0] * point[0] + direction[1] * point[1] - offset;
  const result: Ring = [];
  for (let index = 0; index < ring.length; index++) {
    const current = ring[index]!;
    const next = ring[(index + 1) % ring.length]!;
    const currentSide = side(current);
    const nextSide = side(next);
    if (currentSide <= 0) result.push(current);
    if ((currentSide < 0 && nextSide > 0) || (currentSide > 0 && nextSide < 0)) {
      const share = currentSide / (currentSide - nextSide);
      result.push([current[0] + share * (next[0] - current[0]), current[1] + share * (next[1] - current[1])]);
    }
  }
  return result;
}

/** Cuts a convex ring along one straight line so that the first piece holds `share` of its area. */
function cut(ring: Ring, share: number, random: Random): [Ring, Ring] {
  const box = bounds(ring);
  const middleLatitude = (box.minLat + box.maxLat) / 2;
  const width = (box.maxLng - box.minLng) * Math.cos((middleLatitude * Math.PI) / 180);
  const height = box.maxLat - box.minLat;
  // Cut across the longer side so pieces stay compact; the first piece is the western or northern one, so
  // sequence numbers run from the north-west as on a printed grid map. A small tilt keeps edges from looking ruled.
  const angle = (width >= height ? 0 : -Math.PI / 2) + random.between(-0.3, 0.3);
  const direction: Point = [Math.cos(angle), Math.sin(angle)];
  const negated: Point = [-direction[0], -direction[1]];
  const projections = ring.map((point) => direction[0] * point[0] + direction[1] * point[1]);
  const target = ringArea(ring) * share;
  let low = Math.min(...projections);
  let high = Math.max(...projections);
  for (let step = 0; step < 50; step++) {
    const offset = (low + high) / 2;
    if (ringArea(clipBelow(ring, direction, offset)) < target) low = offset;
    else high = offset;
  }
  const offset = (low + high) / 2;
  // The second piece is clipped with the negated line: the crossing points come out bit-identical on both sides.
  return [clipBelow(ring, direction, offset), clipBelow(ring, negated, -offset)];
}

/** Splits a convex ring into pieces whose areas are proportional to `weights`, in that order. */
export function splitRing(ring: Ring, weights: readonly number[], random: Random): Ring[] {
  if (weights.length <= 1) return [ring];
  const half = Math.floor(weights.length / 2);
  const firstWeight = weights.slice(0, half).reduce((sum, weight) => sum + weight, 0);
  const totalWeight = weights.reduce((sum, weight) => sum + weight, 0);
  const [first, second] = cut(ring, firstWeight / totalWeight, random);
  return [...splitRing(first, weights.slice(0, half), random), ...splitRing(second, weights.slice(half), random)];
}

/** The ring scaled about its centroid: inside a convex ring for any factor below 1 (a building footprint). */
export function shrinkRing(ring: Ring, factor: number): Ring {
  const [centreLng, centreLat] = ringCentroid(ring);
  return ring.map(([lng, lat]) => [centreLng + (lng - centreLng) * factor, centreLat + (lat - centreLat) * factor]);
}

/**
 * Adds to every ring the vertices of other rings that lie on its edges. A later cut leaves a vertex on the edge
 * it crosses (a T-junction) that the ring on the other side lacks; once both rings hold it, rounding moves it
 * the same way on both sides and the pieces still tile exactly. A parent also gains its children's vertices.
 */
export function weldRings(rings: readonly Ring[]): Ring[] {
  const vertices = new Map<string, Point>();
  for (const ring of rings) for (const point of ring) vertices.set(`${point[0]},${point[1]}`, point);
  const allVertices = [...vertices.values()];
  return rings.map((ring) => {
    const box = bounds(ring);
    const nearby = allVertices.filter(
      ([lng, lat]) =>
        lng >= box.minLng - tolerance &&
        lng <= box.maxLng + tolerance &&
        lat >= box.minLat - tolerance &&
        lat <= box.maxLat + tolerance,
    );
    return ring.flatMap((start, index) => {
      const end = ring[(index + 1) % ring.length]!;
      return [start, ...pointsOnEdge(start, end, nearby)];
    });
  });
}

/** The points strictly inside the segment from `start` to `end`, ordered from `start`. */
function pointsOnEdge(start: Point, end: Point, candidates: readonly Point[]): Point[] {
  const edgeX = end[0] - start[0];
  const edgeY = end[1] - start[1];
  const length = Math.hypot(edgeX, edgeY);
  const found: { point: Point; along: number }[] = [];
  for (const point of candidates) {
    const offsetX = point[0] - start[0];
    const offsetY = point[1] - start[1];
    const along = (offsetX * edgeX + offsetY * edgeY) / length;
    const across = Math.abs(offsetX * edgeY - offsetY * edgeX) / length;
    if (across <= tolerance && along > tolerance && along < length - tolerance) found.push({ point, along });
  }
  return found.sort((first, second) => first.along - second.along).map((entry) => entry.point);
}

/** A GeoJSON Polygon: rounded, without repeated points, closed (first = last), counter-clockwise (RFC 7946). */
export function toPolygon(ring: readonly Point[]): PolygonArea {
  const factor = 10 ** decimals;
  const rounded = ring.map(([lng, lat]): Point => [
    Math.round(lng * factor) / factor,
    Math.round(lat * factor) / factor,
  ]);
  const distinct = rounded.filter((point, index) => {
    const previous = rounded[(index + rounded.length - 1) % rounded.length]!;
    return point[0] !== previous[0] || point[1] !== previous[1];
  });
  const counterClockwise = ringArea(distinct) > 0 ? distinct : distinct.reverse();
  return { type: 'Polygon', coordinates: [[...counterClockwise, counterClockwise[0]!]] };
}
