import { z } from 'zod';
import { caseActions, caseKinds, caseLevels, caseSources, caseStatuses, caseTiers } from '../cases.js';
import { roles } from '../policy.js';
import { calendarInstant, listCursor, listSchema } from './common.js';

export const caseParams = z.object({ id: z.uuid() });
export const casePhotoParams = caseParams.extend({ photoId: z.uuid() });

export const caseSchema = z.object({
  id: z.uuid(),
  number: z.string(),
  /** The catalogue item's code: for filters, never shown (the console shows `categoryName`). */
  category: z.string(),
  /** The item's names in the county's catalogue; null for an item since removed from it. */
  categoryName: z.object({ zh: z.string(), en: z.string() }).nullable(),
  kind: z.enum(caseKinds),
  tier: z.enum(caseTiers),
  source: z.enum(caseSources),
  status: z.enum(caseStatuses),
  level: z.enum(caseLevels),
  regionId: z.uuid(),
  regionName: z.string(),
  location: z.object({ lat: z.number(), lng: z.number() }).nullable(),
  address: z.string(),
  description: z.string(),
  householdId: z.uuid().nullable(),
  personIds: z.array(z.uuid()),
  placeId: z.uuid().nullable(),
  residentName: z.string().nullable(),
  /** Masked (138****1234) unless revealed with a reason. */
  residentPhone: z.string().nullable(),
  reporterId: z.uuid().nullable(),
  reporterName: z.string().nullable(),
  assigneeId: z.uuid().nullable(),
  assigneeName: z.string().nullable(),
  department: z.string().nullable(),
  isPublished: z.boolean(),
  duplicateOfId: z.uuid().nullable(),
  result: z.string().nullable(),
  deadline: z.string().nullable(),
  isOverdue: z.boolean(),
  reportedAt: z.string(),
  closedAt: z.string().nullable(),
  closedLevel: z.enum(caseLevels).nullable(),
  isClosedOnTime: z.boolean().nullable(),
  rating: z.number().int().nullable(),
  /** 督办: how often a level above pressed for the case, and when last. */
  urgedCount: z.number().int(),
  urgedAt: z.string().nullable(),
  /** The answers to its item's extra questions, with each question's name as it was when reported. */
  attributes: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      value: z.union([z.string(), z.array(z.string())]),
      text: z.string(),
    }),
  ),
  /** Sent back with each action: the server refuses (409 case_changed) when someone acted in between. */
  version: z.number().int(),
  /** The actions the caller may take on the case now. */
  abilities: z.array(z.enum(caseActions)),
});
export type Case = z.infer<typeof caseSchema>;

export const caseTimelineEntrySchema = z.object({
  id: z.uuid(),
  at: z.string(),
  actorName: z.string().nullable(),
  /** A case action, or `report` for the first entry. */
  action: z.string(),
  fromStatus: z.enum(caseStatuses).nullable(),
  toStatus: z.enum(caseStatuses),
  fromLevel: z.enum(caseLevels).nullable(),
  toLevel: z.enum(caseLevels),
  note: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
});
export type CaseTimelineEntry = z.infer<typeof caseTimelineEntrySchema>;

/** A photo as an upload answers it. */
export const addedPhotoSchema = z.object({
  id: z.uuid(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
});
export type AddedPhoto = z.infer<typeof addedPhotoSchema>;

/** A photo of a case, with the timeline entry it came with, if any. */
export const casePhotoSchema = addedPhotoSchema.extend({ eventId: z.uuid().nullable(), createdAt: z.string() });
export type CasePhoto = z.infer<typeof casePhotoSchema>;

export const caseDetailSchema = caseSchema.extend({
  timeline: z.array(caseTimelineEntrySchema),
  files: z.array(casePhotoSchema),
});
export type CaseDetail = z.infer<typeof caseDetailSchema>;

export const casePageSchema = listSchema(caseSchema);

/** Someone a case may be dispatched to, as the dispatch picker lists them. */
export const caseAssigneeSchema = z.object({
  accountId: z.uuid(),
  name: z.string(),
  role: z.enum(roles),
  regionId: z.uuid(),
  regionName: z.string(),
});
export type CaseAssignee = z.infer<typeof caseAssigneeSchema>;

export const caseAssigneesSchema = z.object({ items: z.array(caseAssigneeSchema) });
export type CaseAssignees = z.infer<typeof caseAssigneesSchema>;

export const reportBody = z.object({
  /**
   * A client's own id (UUIDv7) for the report: sending the same id again answers the case it made and creates
   * nothing (the field app's offline queue resends after a lost answer).
   */
  id: z.uuid().optional(),
  category: z.string().trim().min(1).max(50),
  description: z.string().trim().min(2).max(4000),
  regionId: z.uuid().optional(),
  location: z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).optional(),
  address: z.string().trim().max(200).default(''),
  tier: z.enum(caseTiers).optional(),
  source: z.enum(caseSources).default('visit'),
  householdId: z.uuid().optional(),
  personIds: z.array(z.uuid()).max(50).default([]),
  placeId: z.uuid().optional(),
  residentName: z.string().trim().max(50).optional(),
  residentPhone: z.string().trim().max(30).optional(),
  /** For a simple matter answered on the spot: what was answered or done. */
  result: z.string().trim().min(2).max(4000).optional(),
  /** The campaign (敲门行动 …) the problem was found under: it counts among the campaign's problems found. */
  campaignId: z.uuid().optional(),
  /** Answers to the item's extra questions by their code: a text, or the keys chosen of a multiple choice. */
  attributes: z
    .record(z.string().max(50), z.union([z.string().max(4000), z.array(z.string().max(200)).max(50)]))
    .optional(),
});
/** What a client sends to report a case: the body before defaults are applied. */
export type ReportInput = z.input<typeof reportBody>;

export const transitionBody = z.object({
  action: z.enum(caseActions),
  /** The version the user saw: a case changed meanwhile answers 409 instead of acting on what they did not see. */
  version: z.number().int().positive().optional(),
  reason: z.string().trim().min(2).max(2000).optional(),
  note: z.string().trim().min(1).max(4000).optional(),
  result: z.string().trim().min(2).max(4000).optional(),
  assigneeId: z.uuid().optional(),
  department: z.string().trim().max(100).optional(),
  rating: z.number().int().min(1).max(5).optional(),
  duplicateOfId: z.uuid().optional(),
  /** An urging's new deadline (ISO 8601 with its offset). */
  deadline: calendarInstant.optional(),
});
export type TransitionInput = z.input<typeof transitionBody>;

/** Which cases a list shows. */
export const caseQuery = z.object({
  regionId: z.uuid().optional(),
  /** Any of several statuses, comma-separated. */
  status: z
    .string()
    .transform((text) => text.split(','))
    .pipe(z.array(z.enum(caseStatuses)))
    .optional(),
  category: z.string().max(50).optional(),
  level: z.enum(caseLevels).optional(),
  overdue: z.stringbool().optional(),
  assignedToMe: z.stringbool().optional(),
  /** The cases whose next step (accept, dispatch, start, handle, verify, close, rate, resubmit) is the caller's now. */
  waitingForMe: z.stringbool().optional(),
  reportedByMe: z.stringbool().optional(),
  /** A case number as quoted on the phone, whole (339901-20261126-0007) or without the county (20261126-0007). */
  number: z.string().trim().min(1).max(40).optional(),
});
/** A list's filter as the server reads it: the console builds it so, and sends `status` joined with commas. */
export type CaseQuery = z.infer<typeof caseQuery>;

/** A page of the list starts after the report time and id of the last case of the page before. */
export const listCasesQuery = caseQuery.extend({
  cursor: listCursor(calendarInstant).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const addPhotoQuery = z.object({ fileName: z.string().trim().min(1).max(200) });
