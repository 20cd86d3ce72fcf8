import { z } from 'zod';
import { maxFindingsLength, needKinds, needStatuses } from '../visits.js';
import { reportBody } from './cases.js';
import { calendarInstant, listCursor, listSchema } from './common.js';
import { updateHouseholdBody } from './registry.js';

/** A visit named by its id in the path. */
export const visitParams = z.object({ id: z.uuid() });

const location = z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) });

/** A purpose's code: lower-case letters, digits and underscores, as the county's list names them. */
const purposeCode = z
  .string()
  .regex(/^[a-z][a-z0-9_]{1,49}$/, 'Codes are lower-case letters, digits and underscores, starting with a letter.');

/** One purpose of the county's list (日常走访, 低保核查 …). */
export const visitPurposeSchema = z.object({
  code: purposeCode,
  zh: z.string().trim().min(1).max(50),
  en: z.string().trim().min(1).max(100),
  /** A retired purpose still names old visits but is no longer offered for new ones. */
  isActive: z.boolean().default(true),
  /**
   * Its findings describe a household's means or health: hidden from roles without sensitive.read and audited when
   * read. Always true for subsistence_check and epidemic_check.
   */
  isSensitive: z.boolean().default(false),
});
export type VisitPurpose = z.infer<typeof visitPurposeSchema>;

export const visitPurposesSchema = z.object({ items: z.array(visitPurposeSchema) });
export type VisitPurposes = z.infer<typeof visitPurposesSchema>;

/** The county's whole list, replaced at once; codes are unique. */
export const saveVisitPurposesBody = z.object({
  items: z
    .array(visitPurposeSchema)
    .min(1)
    .max(50)
    .refine((items) => new Set(items.map((item) => item.code)).size === items.length, {
      message: 'Each purpose needs its own code.',
      params: { zh: '每个走访事由的代码不能重复。' },
    }),
});
export type VisitPurposesInput = z.input<typeof saveVisitPurposesBody>;

/** A need of a household (需求清单). */
export const needSchema = z.object({
  id: z.uuid(),
  householdId: z.uuid(),
  kind: z.enum(needKinds),
  description: z.string(),
  status: z.enum(needStatuses),
  sourceVisitId: z.uuid().nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Need = z.infer<typeof needSchema>;

export const needListSchema = z.object({ items: z.array(needSchema) });
export type NeedList = z.infer<typeof needListSchema>;

export const needFields = z.object({
  kind: z.enum(needKinds),
  description: z.string().trim().min(2).max(2000),
});
export const createNeedBody = needFields;
export type NeedInput = z.input<typeof createNeedBody>;

export const needParams = z.object({ id: z.uuid(), needId: z.uuid() });
export const updateNeedBody = z.object({ status: z.enum(needStatuses) });
export type NeedStatusChange = z.input<typeof updateNeedBody>;

/** Someone who made the visit (a grid staff record). */
export const visitorSchema = z.object({ staffId: z.uuid(), name: z.string(), kind: z.string() });
export type Visitor = z.infer<typeof visitorSchema>;

/** Someone met on the visit, shown as the registry shows them (a minor's name hidden without sensitive.read). */
export const personMetSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  relationToHead: z.string().nullable(),
  age: z.number().int().nullable(),
  isMinor: z.boolean(),
});
export type PersonMet = z.infer<typeof personMetSchema>;

export const visitPhotoSchema = z.object({
  id: z.uuid(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
});
export type VisitPhoto = z.infer<typeof visitPhotoSchema>;

export const visitSchema = z.object({
  id: z.uuid(),
  householdId: z.uuid().nullable(),
  placeId: z.uuid().nullable(),
  /** The household's address or the place's name, as the list shows it. */
  label: z.string(),
  headName: z.string().nullable(),
  regionId: z.uuid(),
  regionName: z.string(),
  visitedAt: z.string(),
  purpose: z.string(),
  /** The purpose's names in the county's list; null for a code since removed from it. */
  purposeName: z.object({ zh: z.string(), en: z.string() }).nullable(),
  findings: z
    .string()
    .describe(
      'As the visitor wrote it (the console asks for no numbers in it); empty when isFindingsHidden. Read in clear, ' +
        'the findings of a sensitive purpose (subsistence_check, epidemic_check) are audited as visit.read.',
    ),
  /** The findings of a sensitive purpose, withheld from a role without sensitive.read (unless they wrote them). */
  isFindingsHidden: z.boolean(),
  location: location.nullable(),
  campaignId: z.uuid().nullable(),
  visitors: z.array(visitorSchema),
  personsMet: z.array(personMetSchema),
  photos: z.array(visitPhotoSchema),
  /** The case reported from the visit. */
  case: z.object({ id: z.uuid(), number: z.string(), status: z.string() }).nullable(),
  needs: z.array(needSchema),
  recordedById: z.uuid(),
  recordedByName: z.string().nullable(),
  createdAt: z.string(),
});
export type Visit = z.infer<typeof visitSchema>;

export const visitPageSchema = listSchema(visitSchema);
export type VisitPage = z.infer<typeof visitPageSchema>;

/** A case reported from the visit: the case report's body; the household, place and source come from the visit. */
export const visitCaseBody = reportBody.omit({ householdId: true, placeId: true, source: true, regionId: true });

export const createVisitBody = z
  .object({
    /** Made by the client (UUIDv7), so sending the same visit again records it once. */
    id: z.uuidv7(),
    householdId: z.uuid().optional(),
    placeId: z.uuid().optional(),
    visitedAt: calendarInstant,
    purpose: purposeCode,
    findings: z.string().trim().max(maxFindingsLength).default(''),
    /** The staff who made the visit; the caller's own staff record when left out. */
    visitorStaffIds: z.array(z.uuid()).min(1).max(10).optional(),
    personIds: z.array(z.uuid()).max(30).optional(),
    location: location.optional(),
    /** Photos sent before (POST /visit-photos), attached to the visit. */
    photoUploadIds: z.array(z.uuid()).max(9).optional(),
    campaignId: z.uuid().optional(),
    /** What the visit leads to, written in the same step as the visit: all of it, or nothing. */
    followUp: z
      .object({
        case: visitCaseBody.optional(),
        need: needFields.optional(),
        householdChange: updateHouseholdBody.optional(),
      })
      .optional(),
  })
  .refine((body) => (body.householdId === undefined) !== (body.placeId === undefined), {
    message: 'Name the household or the place visited (one of the two).',
    params: { zh: '请填写走访的住户或场所（二者之一）。' },
  });
/** What a client sends to record a visit: the body before defaults are applied. */
export type VisitInput = z.input<typeof createVisitBody>;

/** Which visits a list shows. */
export const visitQuery = z.object({
  regionId: z.uuid().optional(),
  householdId: z.uuid().optional(),
  placeId: z.uuid().optional(),
  /** From this instant on (ISO 8601 with its offset). */
  from: calendarInstant.optional(),
  /** Before this instant. */
  to: calendarInstant.optional(),
  purpose: purposeCode.optional(),
  campaignId: z.uuid().optional(),
});
export type VisitQuery = z.infer<typeof visitQuery>;

/** A page starts after the visit time and id of the last visit of the page before. */
export const listVisitsQuery = visitQuery.extend({
  cursor: listCursor(calendarInstant).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type VisitListQuery = z.input<typeof listVisitsQuery>;

export const addVisitPhotoQuery = z.object({ fileName: z.string().trim().min(1).max(200) });

/** A photo sent ahead of its visit: its id goes into the visit's `photoUploadIds`. */
export const visitPhotoUploadSchema = visitPhotoSchema;
