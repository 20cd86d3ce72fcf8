import { z } from 'zod';
import { areaSchema } from '../../../shared/geojson.js';
import { regionLevels } from '../../../shared/policy.js';
import { staffKinds } from '../../../shared/staff.js';

export const regionSummarySchema = z.object({
  id: z.uuid(),
  parentId: z.uuid().nullable(),
  level: z.enum(regionLevels),
  code: z.string(),
  name: z.string(),
  kind: z.string().nullable(),
  childCount: z.number().int(),
  hasBoundary: z.boolean(),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
});

export const regionDetailSchema = regionSummarySchema.extend({
  boundary: areaSchema.nullable(),
  ancestors: z.array(z.object({ id: z.uuid(), name: z.string(), level: z.enum(regionLevels), code: z.string() })),
  staffCounts: z.record(z.enum(staffKinds), z.number().int()),
});

export const regionIdParams = z.object({ id: z.uuid() });

export const regionName = z.string().trim().min(1).max(100);

export const createRegionBody = z.object({
  parentId: z.uuid(),
  name: regionName,
  kind: z.string().trim().min(1).max(20).optional(),
  boundary: areaSchema.optional(),
});

export const updateRegionBody = z
  .object({ name: regionName, kind: z.string().trim().min(1).max(20).nullable(), boundary: areaSchema.nullable() })
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'Send at least one field to change.');

export const featureCollectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      properties: z.object({ id: z.uuid(), code: z.string(), name: z.string(), level: z.enum(regionLevels) }),
      geometry: areaSchema,
    }),
  ),
});
