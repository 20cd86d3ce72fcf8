import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Area } from '../../../shared/geojson.js';

const earthRadiusMetres = 6_371_008.8;
const radians = Math.PI / 180;

/**
 * Where a check-in was against a grid's boundary: inside it (0 metres), or how far outside. Each edge is measured
 * on the plane tangent at the point: exact to a metre or so at a grid's size, which is all a check-in needs.
 */
export function measureAgainstBoundary(area: Area, lng: number, lat: number): { inside: boolean; metres: number } {
  if (booleanPointInPolygon([lng, lat], area)) return { inside: true, metres: 0 };
  const east = (longitude: number) => (longitude - lng) * Math.cos(lat * radians) * radians * earthRadiusMetres;
  const north = (latitude: number) => (latitude - lat) * radians * earthRadiusMetres;
  const rings = area.type === 'Polygon' ? area.coordinates : area.coordinates.flat();
  let nearest = Infinity;
  for (const ring of rings) {
    for (let index = 1; index < ring.length; index += 1) {
      const [fromLng, fromLat] = ring[index - 1]!;
      const [toLng, toLat] = ring[index]!;
      nearest = Math.min(nearest, distanceToSegment(east(fromLng!), north(fromLat!), east(toLng!), north(toLat!)));
    }
  }
  return { inside: false, metres: Math.round(nearest) };
}

/** Distance from the origin (the point) to the segment between two points of the plane. */
function distanceToSegment(x1: number, y1: number, x2: number, y2: number): number {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const lengthSquared = dx * dx + dy * dy;
  const along = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, -(x1 * dx + y1 * dy) / lengthSquared));
  return Math.hypot(x1 + along * dx, y1 + along * dy);
}
