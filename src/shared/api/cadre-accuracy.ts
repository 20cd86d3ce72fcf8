import { z } from 'zod';
import { calendarDate } from './common.js';
import { householdSchema, personSchema } from './registry.js';

/**
 * Information-accuracy verification (信息核查): a sample of the registry entries cadres collected in a period, each
 * re-checked by the village; mismatches lower the accuracy line of the evaluation.
 */

export const sampledEntityTypes = ['person', 'household'] as const;
export type SampledEntityType = (typeof sampledEntityTypes)[number];
export const accuracyResults = ['pending', 'match', 'mismatch'] as const;
export type AccuracyResult = (typeof accuracyResults)[number];
/** The registry fields a re-check can find wrong. */
export const checkedFields = [
  'name',
  'sex',
  'idNumber',
  'phone',
  'birthDate',
  'ethnicity',
  'residenceType',
  'address',
  'members',
  'other',
] as const;
export type CheckedField = (typeof checkedFields)[number];

export const accuracyRulesSchema = z.object({
  /** The share of each cadre's entries drawn, in percent. */
  sharePercent: z.number().int().min(1).max(100),
  /** At least this many entries of each cadre (all of them when they have fewer). */
  minimumCount: z.number().int().min(1).max(100),
});
export type AccuracyRules = z.infer<typeof accuracyRulesSchema>;

export const drawSampleBody = z
  .object({ regionId: z.uuid(), from: calendarDate, to: calendarDate })
  .refine((body) => body.from <= body.to, { path: ['to'], message: 'The period ends before it starts.' });
export const sampleQuery = z.object({ regionId: z.uuid().optional() });
export const sampleParams = z.object({ id: z.uuid() });
export const checkParams = z.object({ id: z.uuid() });

export const accuracyCheckSchema = z.object({
  id: z.uuid(),
  cadre: z.object({ id: z.uuid(), name: z.string() }),
  entityType: z.enum(sampledEntityTypes),
  entityId: z.uuid(),
  collectedAt: z.string(),
  result: z.enum(accuracyResults),
  wrongFields: z.array(z.enum(checkedFields)),
  note: z.string(),
  checkedAt: z.string().nullable(),
});
export type AccuracyCheck = z.infer<typeof accuracyCheckSchema>;

export const accuracySampleSchema = z.object({
  id: z.uuid(),
  region: z.object({ id: z.uuid(), name: z.string() }),
  from: z.string(),
  to: z.string(),
  sharePercent: z.number(),
  minimumCount: z.number(),
  seed: z.string(),
  drawnBy: z.string().nullable(),
  drawnAt: z.string(),
  checks: z.array(accuracyCheckSchema),
});
export type AccuracySample = z.infer<typeof accuracySampleSchema>;
export const accuracySampleListSchema = z.object({ items: z.array(accuracySampleSchema.omit({ checks: true })) });
export type AccuracySampleList = z.infer<typeof accuracySampleListSchema>;

/** One sampled entry as the registry shows it to the checker (masked as the registry masks it). */
export const accuracyCheckViewSchema = z.object({
  check: accuracyCheckSchema,
  person: personSchema.nullable(),
  household: householdSchema.nullable(),
});
export type AccuracyCheckView = z.infer<typeof accuracyCheckViewSchema>;

export const recordCheckBody = z
  .object({
    result: z.enum(['match', 'mismatch']),
    wrongFields: z.array(z.enum(checkedFields)).max(checkedFields.length).default([]),
    note: z.string().trim().max(500).default(''),
  })
  .refine((body) => (body.result === 'mismatch') === body.wrongFields.length > 0, {
    path: ['wrongFields'],
    message: 'A mismatch names the fields found wrong; a match names none.',
  });
