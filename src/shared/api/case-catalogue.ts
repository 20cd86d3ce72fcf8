import { z } from 'zod';
import { attributeDatatypes, caseKinds, caseLevels, caseTiers, timeLimitUnits, webhookFormats } from '../cases.js';
import { calendarDate } from './common.js';

/** The county meant: an account that spans counties names it, others may leave it out (their own). */
export const countyQuery = z.object({ countyId: z.uuid().optional() });

const timeLimitSchema = z.object({ amount: z.number().int().min(1).max(1000), unit: z.enum(timeLimitUnits) });

const listDatatypes: readonly string[] = ['singlevaluelist', 'multivaluelist'];

/** An extra question of an item (a GeoReport service attribute): lists name their choices, other datatypes none. */
export const categoryAttributeSchema = z
  .object({
    code: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,39}$/, 'Codes are lower-case ASCII letters, digits and underscores, from a letter.'),
    nameZh: z.string().trim().min(1).max(50),
    description: z.string().trim().max(200).default(''),
    datatype: z.enum(attributeDatatypes),
    required: z.boolean().default(false),
    order: z.number().int().min(0).max(1000).default(0),
    values: z
      .array(z.object({ key: z.string().trim().min(1).max(50), name: z.string().trim().min(1).max(50) }))
      .max(50)
      .default([]),
  })
  .superRefine(({ datatype, values }, context) => {
    if (listDatatypes.includes(datatype) !== values.length > 0) {
      context.addIssue({
        code: 'custom',
        path: ['values'],
        message: listDatatypes.includes(datatype) ? 'A list needs its choices.' : 'Only lists have choices.',
      });
    }
    if (new Set(values.map((value) => value.key)).size !== values.length) {
      context.addIssue({ code: 'custom', path: ['values'], message: 'Each choice needs its own key.' });
    }
  });

export type CategoryAttribute = z.infer<typeof categoryAttributeSchema>;

const categoryAttributesSchema = z
  .array(categoryAttributeSchema)
  .max(20)
  .default([])
  .refine((attributes) => new Set(attributes.map((attribute) => attribute.code)).size === attributes.length, {
    message: 'Each question of an item needs its own code.',
  });

/** One item of the county's grid item catalogue (网格事项清单). */
export const categorySchema = z.object({
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  kind: z.enum(caseKinds),
  defaultTier: z.enum(caseTiers),
  handlingLevel: z.enum(caseLevels),
  department: z.string(),
  generalLimit: timeLimitSchema,
  complexLimit: timeLimitSchema,
  isActive: z.boolean(),
  sortOrder: z.number().int(),
  /** The extra questions a report of this item answers. */
  attributes: z.array(categoryAttributeSchema),
});
export type CaseCategory = z.infer<typeof categorySchema>;

export const categoriesSchema = z.object({ items: z.array(categorySchema) });

export const categoryParams = z.object({
  code: z
    .string()
    .regex(/^[a-z][a-z0-9_]{1,49}$/, 'Codes are lower-case letters, digits and underscores, starting with a letter.'),
});

export const categoryBody = categorySchema.omit({ code: true }).extend({
  nameZh: z.string().trim().min(1).max(50),
  nameEn: z.string().trim().min(1).max(100),
  department: z.string().trim().max(100),
  sortOrder: z.number().int().min(0).max(1000).default(0),
  isActive: z.boolean().default(true),
  attributes: categoryAttributesSchema,
});
/** What a client sends to add or change an item: the body before defaults are applied. */
export type CaseCategoryInput = z.input<typeof categoryBody>;

/** A county's case settings: its working calendar (holidays, make-up working days) and its group robots. */
export const caseSettingsSchema = z.object({
  holidays: z.array(calendarDate).max(400).default([]),
  workdays: z.array(calendarDate).max(400).default([]),
  webhooks: z
    .array(
      z.object({
        url: z.url({ protocol: /^https?$/ }).max(500),
        format: z.enum(webhookFormats),
        /** A DingTalk robot's signing secret (加签, "SEC…"): messages are then signed when sent. */
        secret: z.string().trim().min(1).max(200).optional(),
      }),
    )
    .max(10)
    .default([]),
});
export type CaseSettings = z.infer<typeof caseSettingsSchema>;
