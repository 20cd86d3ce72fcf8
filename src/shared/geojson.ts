import { z } from 'zod';

/** Longitude, latitude (an optional altitude is allowed and ignored). */
const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]).rest(z.number());

const ring = z
  .array(position)
  .min(4, 'a ring needs at least 4 positions')
  .refine((points) => {
    const first = points[0]!;
    const last = points.at(-1)!;
    return first[0] === last[0] && first[1] === last[1];
  }, 'a ring must end where it starts');

export const polygonSchema = z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1) });
export const multiPolygonSchema = z.object({
  type: z.literal('MultiPolygon'),
  coordinates: z.array(z.array(ring).min(1)).min(1),
});

/** Region boundaries are areas: a Polygon or a MultiPolygon in WGS 84 longitude/latitude (RFC 7946). */
export const areaSchema = z.discriminatedUnion('type', [polygonSchema, multiPolygonSchema]);
export type Area = z.infer<typeof areaSchema>;

export type BoundingBox = [minLng: number, minLat: number, maxLng: number, maxLat: number];

export function boundingBoxOf(area: Area): BoundingBox {
  const positions = area.type === 'Polygon' ? area.coordinates.flat() : area.coordinates.flat(2);
  const longitudes = positions.map((point) => point[0]);
  const latitudes = positions.map((point) => point[1]);
  return [Math.min(...longitudes), Math.min(...latitudes), Math.max(...longitudes), Math.max(...latitudes)];
}
