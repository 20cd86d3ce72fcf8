import { z } from 'zod';
import type { caseTiers } from '../cases.js';
import { caseStatuses } from '../cases.js';
import {
  checklistItemCodePattern,
  inspectionItemResults,
  inspectionKinds,
  inspectionPhotoStages,
  inspectionResolutions,
} from '../inspections.js';
import { placeKinds } from '../registry.js';
import { calendarDate, calendarInstant, changeOf, listCursor, listSchema } from './common.js';

/**
 * Hazard inspections (隐患排查): checklists kept by the county, inspections of places with each item ok / not ok /
 * not applicable, failed items fixed on the spot (随查随改, with a photo of the fix) or turned into cases, and
 * re-inspections (复查) that pass the open items and move their cases on.
 */

export const inspectionParams = z.object({ id: z.uuid() });
export const inspectionPhotoParams = inspectionParams.extend({ photoId: z.uuid() });
export const checklistParams = z.object({ id: z.uuid() });

/** A UUID of version 7, made by the client (the phone's offline queue sends the same id again after a lost answer). */
const clientId = z.uuid().refine((id) => id[14] === '7', {
  message: 'The id must be a UUID of version 7 made by the client.',
  params: { zh: '编号须为客户端生成的第 7 版 UUID。' },
});

const names = z.object({ zh: z.string().trim().min(1).max(100), en: z.string().trim().min(1).max(200) });

const checklistItemSchema = z.object({
  code: z.string().refine((code) => checklistItemCodePattern.test(code), {
    message: 'Codes are lower-case letters, digits and underscores, starting with a letter.',
    params: { zh: '代码须由小写字母、数字和下划线组成，并以字母开头。' },
  }),
  name: names,
  /** The catalogue item (网格事项) a case made of this item is filed under. */
  category: z.string().trim().min(1).max(50),
});
export type ChecklistItem = z.infer<typeof checklistItemSchema>;

export const checklistSchema = z.object({
  id: z.uuid(),
  name: z.object({ zh: z.string(), en: z.string() }),
  placeKinds: z.array(z.enum(placeKinds)),
  items: z.array(checklistItemSchema),
  version: z.number().int(),
  isActive: z.boolean(),
  updatedAt: z.string(),
});
export type Checklist = z.infer<typeof checklistSchema>;
export const checklistListSchema = z.object({ items: z.array(checklistSchema) });
export type ChecklistList = z.infer<typeof checklistListSchema>;

export const checklistQuery = z.object({
  placeKind: z.enum(placeKinds).optional(),
  /** Retired checklists too (the editor shows them). */
  includeInactive: z.stringbool().default(false),
});

const checklistItems = z
  .array(checklistItemSchema)
  .min(1)
  .max(60)
  .refine((items) => new Set(items.map((item) => item.code)).size === items.length, {
    message: 'Each item needs its own code.',
    params: { zh: '每个检查项的代码不能重复。' },
  });

const checklistFields = {
  name: names,
  placeKinds: z.array(z.enum(placeKinds)).min(1).max(placeKinds.length),
  items: checklistItems,
  isActive: z.boolean(),
};
export const createChecklistBody = z.object({ ...checklistFields, isActive: checklistFields.isActive.default(true) });
export type ChecklistInput = z.input<typeof createChecklistBody>;
export const updateChecklistBody = changeOf(checklistFields);
export type ChecklistChange = z.input<typeof updateChecklistBody>;

/** An uploaded photo, waiting for the inspection that names it (or attached to one). */
export const inspectionPhotoSchema = z.object({
  id: z.uuid(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
});
export type InspectionPhoto = z.infer<typeof inspectionPhotoSchema>;

const photoIds = z.array(z.uuid()).max(6).default([]);
const note = z.string().trim().max(2000).default('');

/** What the inspector did about a failed item. */
const resolutionBody = z.discriminatedUnion('kind', [
  /** 随查随改: put right there and then; a photo of the fix is required. */
  z.object({ kind: z.literal('fixed'), note, photoIds: z.array(z.uuid()).min(1).max(6) }),
  /** A case with a deadline, filed under the item's catalogue item unless another is named. */
  z.object({
    kind: z.literal('case'),
    category: z.string().trim().min(1).max(50).optional(),
    tier: z.enum(['general', 'complex'] satisfies (typeof caseTiers)[number][]).default('general'),
    description: z.string().trim().min(2).max(4000).optional(),
  }),
]);

const itemBody = z
  .object({
    code: z.string().max(40),
    result: z.enum(inspectionItemResults),
    note,
    /** Photos of the item as found. */
    photoIds,
    resolution: resolutionBody.optional(),
  })
  .refine((item) => (item.result === 'not_ok') === (item.resolution !== undefined), {
    message: 'A failed item is fixed on the spot or turned into a case (resolution); an item that passed has none.',
    params: { zh: '不合格项须当场整改或转为事件（resolution）；合格项不填写。' },
  });

export const createInspectionBody = z.object({
  id: clientId,
  placeId: z.uuid(),
  checklistId: z.uuid(),
  inspectedAt: calendarInstant,
  /** Staff records of the inspectors; the caller's own by default. */
  inspectorStaffIds: z.array(z.uuid()).max(10).optional(),
  notes: z.string().trim().max(4000).default(''),
  /** Every item of the checklist, once. */
  items: z.array(itemBody).min(1).max(60),
});
export type InspectionInput = z.input<typeof createInspectionBody>;

const recheckItemBody = z
  .object({
    code: z.string().max(40),
    result: z.enum(['ok', 'not_ok'] satisfies (typeof inspectionItemResults)[number][]),
    note,
    photoIds,
  })
  .refine((item) => item.result === 'not_ok' || item.photoIds.length > 0, {
    message: 'A hazard found put right needs a photo of it.',
    params: { zh: '复查合格须附整改后的照片。' },
  });

/** A re-inspection (复查): the items the earlier inspection left open, each checked again. */
export const reInspectionBody = z.object({
  id: clientId,
  inspectedAt: calendarInstant,
  inspectorStaffIds: z.array(z.uuid()).max(10).optional(),
  notes: z.string().trim().max(4000).default(''),
  items: z.array(recheckItemBody).min(1).max(60),
});
export type ReInspectionInput = z.input<typeof reInspectionBody>;

export const inspectorSchema = z.object({ staffId: z.uuid(), name: z.string() });

export const inspectionFiguresSchema = z.object({
  /** Different places inspected in the period (a re-inspection counts its place too). */
  placesInspected: z.number().int(),
  /** Inspections and re-inspections made. */
  inspections: z.number().int(),
  /** Failed items found by the first inspections (a re-inspection finds no new hazards, it checks old ones). */
  hazardsFound: z.number().int(),
  fixedOnTheSpot: z.number().int(),
  turnedIntoCases: z.number().int(),
  /** Of those turned into cases, the ones neither passed by a re-inspection nor closed as cases. */
  open: z.number().int(),
});
export type InspectionFigures = z.infer<typeof inspectionFiguresSchema>;

export const inspectionSummarySchema = z.object({
  id: z.uuid(),
  kind: z.enum(inspectionKinds),
  previousId: z.uuid().nullable(),
  place: z.object({ id: z.uuid(), name: z.string(), kind: z.enum(placeKinds), address: z.string() }),
  regionId: z.uuid(),
  regionName: z.string(),
  checklist: z.object({ id: z.uuid(), version: z.number().int(), name: z.object({ zh: z.string(), en: z.string() }) }),
  inspectedAt: z.string(),
  inspectors: z.array(inspectorSchema),
  notes: z.string(),
  recordedByName: z.string().nullable(),
  counts: z.object({
    items: z.number().int(),
    failed: z.number().int(),
    fixed: z.number().int(),
    cases: z.number().int(),
    open: z.number().int(),
  }),
});
export type InspectionSummary = z.infer<typeof inspectionSummarySchema>;

export const inspectionItemSchema = z.object({
  code: z.string(),
  name: z.object({ zh: z.string(), en: z.string() }),
  result: z.enum(inspectionItemResults),
  note: z.string(),
  resolution: z.enum(inspectionResolutions).nullable(),
  photos: z.array(inspectionPhotoSchema.extend({ stage: z.enum(inspectionPhotoStages) })),
  case: z
    .object({ id: z.uuid(), number: z.string(), status: z.enum(caseStatuses), deadline: z.string().nullable() })
    .nullable(),
  /** A failed item turned into a case, still waiting for its re-inspection or its case to close. */
  isOpen: z.boolean(),
  /** The re-inspection that found it put right. */
  recheckedBy: z.uuid().nullable(),
});
export type InspectionItem = z.infer<typeof inspectionItemSchema>;

export const inspectionDetailSchema = inspectionSummarySchema.extend({
  items: z.array(inspectionItemSchema),
  /** Re-inspections of this one, oldest first. */
  reInspections: z.array(z.object({ id: z.uuid(), inspectedAt: z.string() })),
});
export type InspectionDetail = z.infer<typeof inspectionDetailSchema>;

export const inspectionPageSchema = listSchema(inspectionSummarySchema);

export const inspectionQuery = z.object({
  regionId: z.uuid().optional(),
  placeId: z.uuid().optional(),
  from: calendarDate.optional(),
  to: calendarDate.optional(),
  kind: z.enum(inspectionKinds).optional(),
  /** Only inspections with items still open. */
  isOpen: z.stringbool().optional(),
  cursor: listCursor(calendarInstant).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type InspectionQuery = z.input<typeof inspectionQuery>;

export const placeInspectionsQuery = z.object({
  cursor: listCursor(calendarInstant).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const inspectionFiguresQuery = z.object({
  regionId: z.uuid().optional(),
  from: calendarDate.optional(),
  to: calendarDate.optional(),
});
export type InspectionFiguresQuery = z.input<typeof inspectionFiguresQuery>;

/** A photo's name as the phone gives it; the bytes are the request's body. */
export const inspectionPhotoQuery = z.object({ fileName: z.string().trim().min(1).max(200) });
