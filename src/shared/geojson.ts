import { z } from 'zod';

/** Longitude, latitude (an optional altitude is allowed and ignored). */
const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]).rest(z.number());

const ring = z.array(position).superRefine((points, context) => {
  if (points.length < 4) {
    context.addIssue({
      code: 'custom',
      message: 'a ring needs at least 4 positions',
      params: { problem: 'ring_too_short' },
    });
    return;
  }
  const first = points[0]!;
  const last = points.at(-1)!;
  if (first[0] !== last[0] || first[1] !== last[1]) {
    context.addIssue({
      code: 'custom',
      message: 'a ring must end where it starts',
      params: { problem: 'ring_not_closed' },
    });
  }
});

export const polygonSchema = z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1) });
export const multiPolygonSchema = z.object({
  type: z.literal('MultiPolygon'),
  coordinates: z.array(z.array(ring).min(1)).min(1),
});

/** Region boundaries are areas: a Polygon or a MultiPolygon in WGS 84 longitude/latitude (RFC 7946). */
export const areaSchema = z.discriminatedUnion('type', [polygonSchema, multiPolygonSchema]);
export type Area = z.infer<typeof areaSchema>;

/** Stable codes for what can be wrong with an area, so the console can say it in the user's language. */
export const areaProblems = ['not_an_area', 'ring_too_short', 'ring_not_closed', 'position_out_of_range'] as const;
export type AreaProblem = (typeof areaProblems)[number];

/** The stable code of one issue found by `areaSchema`. */
export function areaProblemOf(issue: z.core.$ZodIssue): AreaProblem {
  const problem = issue.code === 'custom' ? (issue.params as { problem?: unknown } | undefined)?.problem : undefined;
  if (areaProblems.includes(problem as AreaProblem)) return problem as AreaProblem;
  if ((issue.code === 'too_small' || issue.code === 'too_big') && issue.origin === 'number') {
    return 'position_out_of_range';
  }
  return 'not_an_area';
}

/** Every problem a boundary write can be refused for: shared, so the console has a sentence for each. */
export const boundaryProblemCodes = [
  ...areaProblems,
  'too_many_positions',
  'self_intersection',
  'zero_area',
  'code_missing',
  'region_unknown',
  'code_repeated',
  'outside_parent',
  'overlaps_sibling',
  'child_outside',
] as const;
export type BoundaryProblemCode = (typeof boundaryProblemCodes)[number];

export type BoundingBox = [minLng: number, minLat: number, maxLng: number, maxLat: number];

/** In one pass: spreading hundreds of thousands of positions into Math.min overflows the stack. */
export function boundingBoxOf(area: Area): BoundingBox {
  const box: BoundingBox = [Infinity, Infinity, -Infinity, -Infinity];
  const rings = area.type === 'Polygon' ? area.coordinates : area.coordinates.flat();
  for (const ring of rings) {
    for (const [lng, lat] of ring) {
      box[0] = Math.min(box[0], lng);
      box[1] = Math.min(box[1], lat);
      box[2] = Math.max(box[2], lng);
      box[3] = Math.max(box[3], lat);
    }
  }
  return box;
}
