import { z } from 'zod';
import { areaSchema } from '../geojson.js';
import { regionLevels } from '../policy.js';
import { staffKinds } from '../staff.js';
import { changeOf, listSchema } from './common.js';

export const regionSummarySchema = z.object({
  id: z.uuid(),
  parentId: z.uuid().nullable(),
  level: z.enum(regionLevels),
  code: z.string(),
  name: z.string(),
  kind: z.string().nullable(),
  childCount: z.number().int(),
  hasBoundary: z.boolean(),
  /** The boundary's extent, [minLng, minLat, maxLng, maxLat]; null without a boundary. */
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
});
export type Region = z.infer<typeof regionSummarySchema>;

const regionReferenceSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  level: z.enum(regionLevels),
  code: z.string(),
});
export type RegionReference = z.infer<typeof regionReferenceSchema>;

export const regionDetailSchema = regionSummarySchema.extend({
  boundary: areaSchema.nullable(),
  /** Root first, and only those inside the user's scope. */
  ancestors: z.array(regionReferenceSchema),
  staffCounts: z.record(z.enum(staffKinds), z.number().int()),
});
export type RegionDetail = z.infer<typeof regionDetailSchema>;

export const regionPageSchema = listSchema(regionSummarySchema);
export const regionSearchResultSchema = z.object({ items: z.array(regionSummarySchema) });

export const locatedRegionSchema = z.object({
  region: regionSummarySchema.nullable(),
  path: z.array(regionSummarySchema),
});
export type LocatedRegion = z.infer<typeof locatedRegionSchema>;

export const regionIdParams = z.object({ id: z.uuid() });
export const listRegionsQuery = z.object({ parentId: z.uuid().optional() });
export const searchRegionsQuery = z.object({ q: z.string().trim().min(1).max(50) });
export const locateRegionQuery = z.object({
  lng: z.coerce.number().min(-180).max(180),
  lat: z.coerce.number().min(-90).max(90),
});
export const boundariesQuery = z.object({ level: z.enum(regionLevels).optional() });

const regionName = z.string().trim().min(1).max(100);
const regionKind = z.string().trim().min(1).max(20);

export const createRegionBody = z.object({
  parentId: z.uuid(),
  name: regionName,
  kind: regionKind.optional(),
  boundary: areaSchema.optional(),
});
export type RegionInput = z.input<typeof createRegionBody>;

export const updateRegionBody = changeOf({
  name: regionName,
  kind: regionKind.nullable(),
  boundary: areaSchema.nullable(),
});
export type RegionChanges = z.input<typeof updateRegionBody>;

export const featureCollectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(z.object({ type: z.literal('Feature'), properties: regionReferenceSchema, geometry: areaSchema })),
});
export type RegionFeatureCollection = z.infer<typeof featureCollectionSchema>;

/** A boundary upload: any JSON, which the service checks feature by feature so that it can list every problem. */
export const boundaryUploadBody = z.unknown();

/** How many regions a boundary upload changed; the upload itself is checked feature by feature by the service. */
export const boundaryImportResultSchema = z.object({ updated: z.number().int() });
export type BoundaryImportResult = z.infer<typeof boundaryImportResultSchema>;
