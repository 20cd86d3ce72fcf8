import { z } from 'zod';
import { spotCheckFindingStatuses, spotCheckOutcomes, spotCheckPhotoStages } from '../spot-checks.js';
import { calendarDate } from './common.js';

export type { SpotCheckFindingStatus, SpotCheckOutcome, SpotCheckPhotoStage } from '../spot-checks.js';

/**
 * Unannounced spot checks (督查抽查) of cadres sent down: planned by the county or a street, recorded cadre by cadre
 * by the inspection group, with findings the community rectifies by a deadline and the planner closes.
 */

const text = (max: number) => z.string().trim().min(1).max(max);

export const spotCheckParams = z.object({ id: z.uuid() });

export const createSpotCheckBody = z.object({
  checkOn: calendarDate,
  title: text(100),
  inspectors: z.array(text(40)).min(1).max(20),
  /** Communities or grids of the planner's area. */
  regionIds: z.array(z.uuid()).min(1).max(50),
});

export const spotCheckRecordBody = z.object({
  cadreId: z.uuid(),
  outcome: z.enum(spotCheckOutcomes),
  place: z.string().trim().max(200).default(''),
  activity: z.string().trim().max(200).default(''),
  note: z.string().trim().max(500).default(''),
});

/** Why a record or finding is corrected: kept with it and in the audit log, as an inspection ledger keeps it. */
const correctionReason = text(200);

export const spotCheckRecordParams = z.object({ id: z.uuid(), recordId: z.uuid() });

/**
 * A correction of what the group recorded of a cadre: only the fields sent change (the cadre stays); `version` is
 * the record's as read, so that a correction made meanwhile answers 409 spot_check_changed.
 */
export const spotCheckRecordCorrectionBody = z.object({
  version: z.number().int(),
  outcome: z.enum(spotCheckOutcomes).optional(),
  place: z.string().trim().max(200).optional(),
  activity: z.string().trim().max(200).optional(),
  note: z.string().trim().max(500).optional(),
  reason: correctionReason,
});

export const spotCheckFindingBody = z.object({
  /** The community or grid (one the check visits) that rectifies. */
  regionId: z.uuid(),
  description: text(500),
  deadline: calendarDate,
});

export const spotCheckFindingParams = z.object({ id: z.uuid(), findingId: z.uuid() });

/** A correction of an open finding's text or deadline; `version` as for a record's. */
export const spotCheckFindingCorrectionBody = z.object({
  version: z.number().int(),
  description: text(500).optional(),
  deadline: calendarDate.optional(),
  reason: correctionReason,
});

export const rectificationBody = z.object({ note: text(500), rectifiedOn: calendarDate });

export const spotCheckPhotoParams = z.object({ id: z.uuid(), photoId: z.uuid() });

/** A photo's raw bytes go in the body; these say what it shows. */
export const spotCheckPhotoQuery = z.object({
  fileName: z.string().trim().min(1).max(200),
  /** record: a cadre as found; finding: what was found; rectification: how it was put right. */
  stage: z.enum(spotCheckPhotoStages),
  /** The record (stage record) or the finding (stages finding and rectification) of this check. */
  subjectId: z.uuid(),
});

export const spotCheckPhotoSchema = z.object({
  id: z.uuid(),
  stage: z.enum(spotCheckPhotoStages),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
});
export type SpotCheckPhoto = z.infer<typeof spotCheckPhotoSchema>;

/** The last correction of a record or finding (each one is in the audit log); null while never corrected. */
export const spotCheckCorrectionSchema = z
  .object({
    correctedAt: z.string(),
    /** The display name of the account that corrected it. */
    correctedBy: z.string(),
    reason: z.string(),
  })
  .nullable();
export type SpotCheckCorrection = z.infer<typeof spotCheckCorrectionSchema>;

export const spotCheckRecordSchema = z.object({
  id: z.uuid(),
  cadre: z.object({ id: z.uuid(), name: z.string() }),
  outcome: z.enum(spotCheckOutcomes),
  place: z.string(),
  activity: z.string(),
  note: z.string(),
  recordedAt: z.string(),
  photos: z.array(spotCheckPhotoSchema),
  correction: spotCheckCorrectionSchema,
  /** Sent back with a correction. */
  version: z.number().int(),
});
export type SpotCheckRecord = z.infer<typeof spotCheckRecordSchema>;

export const spotCheckFindingSchema = z.object({
  id: z.uuid(),
  spotCheckId: z.uuid(),
  spotCheckTitle: z.string(),
  region: z.object({ id: z.uuid(), name: z.string() }),
  description: z.string(),
  deadline: z.string(),
  status: z.enum(spotCheckFindingStatuses),
  /** Open past its deadline (China date). */
  isOverdue: z.boolean(),
  rectificationNote: z.string().nullable(),
  rectifiedOn: z.string().nullable(),
  closedAt: z.string().nullable(),
  /** Of the finding and of its rectification (by stage). */
  photos: z.array(spotCheckPhotoSchema),
  correction: spotCheckCorrectionSchema,
  /** Sent back with a correction. */
  version: z.number().int(),
});
export type SpotCheckFinding = z.infer<typeof spotCheckFindingSchema>;
export const spotCheckFindingListSchema = z.object({ items: z.array(spotCheckFindingSchema) });
export type SpotCheckFindingList = z.infer<typeof spotCheckFindingListSchema>;
export const spotCheckFindingQuery = z.object({
  status: z.enum(spotCheckFindingStatuses).optional(),
  /** Only the open findings past their deadline. */
  overdue: z.stringbool().optional(),
});

export const spotCheckSchema = z.object({
  id: z.uuid(),
  checkOn: z.string(),
  title: z.string(),
  inspectors: z.array(z.string()),
  areas: z.array(z.object({ id: z.uuid(), name: z.string() })),
  records: z.array(spotCheckRecordSchema),
  findings: z.array(spotCheckFindingSchema),
  /** Whether the caller plans, records and closes it (the planner's region and up). */
  canManage: z.boolean(),
});
export type SpotCheck = z.infer<typeof spotCheckSchema>;
export const spotCheckListSchema = z.object({ items: z.array(spotCheckSchema) });
export type SpotCheckList = z.infer<typeof spotCheckListSchema>;
