/** Types for the self-intersection finder @turf/boolean-valid is built on (the package ships none). */
declare module 'geojson-polygon-self-intersections' {
  import type { Feature, Polygon, Position } from 'geojson';

  export default function findSelfIntersections<Result>(
    feature: Feature<Polygon> | { type: 'Feature'; geometry: Polygon },
    filter: (point: Position, ...rest: unknown[]) => Result,
  ): Result[];
}
