import { z } from 'zod';
import { evaluationIndicators, type EvaluationIndicator } from '../cadres.js';
import { spotCheckOutcomes } from '../spot-checks.js';
import { calendarDate, listCursor, listSchema } from './common.js';

/**
 * Cadres sent down (下沉干部) and in-service party members (在职党员): registered where they serve and where they
 * live (双报到), sent by a unit (派出单位), assigned to a grid; their check-ins on the county's service days, leave,
 * and the evaluation (考核) computed from their records.
 */

export const cadreKinds = ['cadre', 'party_member'] as const;
export type CadreKind = (typeof cadreKinds)[number];
export const cadreStatuses = ['active', 'ended'] as const;
export type CadreStatus = (typeof cadreStatuses)[number];
export const leaveStatuses = ['pending', 'approved', 'rejected'] as const;
export type LeaveStatus = (typeof leaveStatuses)[number];

/**
 * How a cadre's service day reads: checked in and worked; checked in with no work recorded that day (点卯);
 * absent without leave; on approved leave; still to come (today before a check-in, or later).
 */
export const attendanceStatuses = ['worked', 'roll_call_only', 'absent', 'on_leave', 'upcoming'] as const;
export type AttendanceStatus = (typeof attendanceStatuses)[number];

export const grades = ['excellent', 'good', 'fair', 'poor'] as const;
export type Grade = (typeof grades)[number];

const text = (max: number) => z.string().trim().min(1).max(max);

export const cadreParams = z.object({ id: z.uuid() });

export const cadreSchema = z.object({
  id: z.uuid(),
  kind: z.enum(cadreKinds),
  name: z.string(),
  phone: z.string().describe('Starred but for the last four digits for roles without sensitive.read.'),
  unit: z.object({ id: z.uuid(), name: z.string() }),
  serviceRegion: z.object({ id: z.uuid(), name: z.string() }),
  homeRegion: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  grid: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  duties: z.string(),
  accountId: z.uuid().nullable(),
  status: z.enum(cadreStatuses),
  startsOn: z.string(),
  endedOn: z.string().nullable(),
  endReason: z.string().nullable(),
  version: z.number().int(),
});
export type Cadre = z.infer<typeof cadreSchema>;
export const cadrePageSchema = listSchema(cadreSchema);
export type CadrePage = z.infer<typeof cadrePageSchema>;

export const cadreQuery = z.object({
  /** A region's subtree; the caller's scope when absent. */
  regionId: z.uuid().optional(),
  unitId: z.uuid().optional(),
  status: z.enum(cadreStatuses).optional(),
  /** A part of the name. */
  q: z.string().trim().max(40).optional(),
  cursor: listCursor().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const createCadreBody = z.object({
  kind: z.enum(cadreKinds),
  name: text(40),
  phone: z
    .string()
    .trim()
    .regex(/^1\d{10}$/)
    .optional(),
  unitId: z.uuid(),
  serviceRegionId: z.uuid(),
  homeRegionId: z.uuid().optional(),
  gridId: z.uuid().optional(),
  duties: z.string().trim().max(200).default(''),
  /** The account they sign in with to check in (a cadre account). */
  accountId: z.uuid().optional(),
  startsOn: calendarDate.optional(),
});
export type CreateCadreInput = z.input<typeof createCadreBody>;

export const cadreActionBody = z.discriminatedUnion('action', [
  /** Assign to a grid of the service community, with duties. */
  z.object({
    action: z.literal('assign'),
    version: z.number().int(),
    gridId: z.uuid(),
    duties: z.string().trim().max(200),
  }),
  /** Move to another community (and optionally one of its grids). */
  z.object({
    action: z.literal('transfer'),
    version: z.number().int(),
    serviceRegionId: z.uuid(),
    gridId: z.uuid().optional(),
    duties: z.string().trim().max(200).default(''),
  }),
  z.object({ action: z.literal('end'), version: z.number().int(), reason: text(200) }),
]);
export type CadreActionInput = z.input<typeof cadreActionBody>;

// Service days and attendance -------------------------------------------------------------------------------------

export const serviceDaysSchema = z.object({
  /** ISO weekdays (1 Monday … 7 Sunday) the county's cadres serve on; Wednesday by default. */
  weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
  expectedHours: z.number().min(0.5).max(24),
});
export type ServiceDays = z.infer<typeof serviceDaysSchema>;
export const countyParamsQuery = z.object({ countyId: z.uuid().optional() });

const location = z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) });

export const checkInBody = z.object({
  /** Made by the field app: the same id sent again answers the check-in already made. */
  id: z.uuid(),
  location,
});
export const checkOutBody = z.object({ location });
export const checkInParams = z.object({ id: z.uuid() });

export const checkInSchema = z.object({
  id: z.uuid(),
  cadreId: z.uuid(),
  cadreName: z.string(),
  day: z.string(),
  isServiceDay: z.boolean(),
  checkedInAt: z.string(),
  location: location,
  /** Null when the grid has no boundary drawn. */
  insideGrid: z.boolean().nullable(),
  /** Metres from the grid's boundary: 0 inside it; null when there is no boundary. */
  distanceMeters: z.number().int().nullable(),
  checkedOutAt: z.string().nullable(),
  hours: z.number().nullable(),
});
export type CheckIn = z.infer<typeof checkInSchema>;

export const attendanceQuery = z.object({
  regionId: z.uuid().optional(),
  unitId: z.uuid().optional(),
  from: calendarDate,
  to: calendarDate,
});
export const attendanceDaySchema = z.object({
  day: z.string(),
  status: z.enum(attendanceStatuses),
  checkIn: checkInSchema.nullable(),
  /** Work recorded by the cadre that day: visits, cases reported, wishes, deposits, pairing contacts. */
  workCount: z.number().int(),
});
export const attendanceRowSchema = z.object({
  cadre: cadreSchema,
  days: z.array(attendanceDaySchema),
  worked: z.number().int(),
  rollCallOnly: z.number().int(),
  absent: z.number().int(),
  onLeave: z.number().int(),
});
export type AttendanceRow = z.infer<typeof attendanceRowSchema>;
export const attendanceSchema = z.object({
  serviceDays: z.array(z.string()),
  items: z.array(attendanceRowSchema),
});
export type Attendance = z.infer<typeof attendanceSchema>;

export const leaveBody = z.object({
  cadreId: z.uuid(),
  startsOn: calendarDate,
  endsOn: calendarDate,
  reason: text(200),
});
export const leaveDecisionBody = z.object({ decision: z.enum(['approve', 'reject']) });
export const leaveParams = z.object({ id: z.uuid() });
export const leaveSchema = z.object({
  id: z.uuid(),
  cadreId: z.uuid(),
  cadreName: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  reason: z.string(),
  status: z.enum(leaveStatuses),
  decidedAt: z.string().nullable(),
});
export type Leave = z.infer<typeof leaveSchema>;
export const leaveListSchema = z.object({ items: z.array(leaveSchema) });
export const leaveQuery = z.object({ regionId: z.uuid().optional(), status: z.enum(leaveStatuses).optional() });

// Evaluation -----------------------------------------------------------------------------------------------------

export const evaluationRulesSchema = z.object({
  /** Points out of 100 per indicator; they add up to 100. */
  weights: z
    .object(
      Object.fromEntries(evaluationIndicators.map((code) => [code, z.number().int().min(0).max(100)])) as {
        [Code in EvaluationIndicator]: z.ZodNumber;
      },
    )
    .refine((weights) => Object.values(weights).reduce((sum, weight) => sum + weight, 0) === 100, {
      message: 'weights add up to 100',
      params: { zh: '各项权重合计须为 100。' },
    }),
  /** The lowest total of each grade above 较差, highest first. */
  thresholds: z
    .object({
      excellent: z.number().min(0).max(100),
      good: z.number().min(0).max(100),
      fair: z.number().min(0).max(100),
    })
    .refine((limits) => limits.excellent > limits.good && limits.good > limits.fair, {
      message: 'thresholds fall from excellent to fair',
      params: { zh: '等次分数线须从优秀到一般依次降低。' },
    }),
  /** Pieces of work per service day that count as a full score for work done. */
  workPerServiceDay: z.number().int().min(1).max(50),
});
export type EvaluationRules = z.infer<typeof evaluationRulesSchema>;

export const rankWithin = ['community', 'street', 'unit'] as const;
export const evaluationQuery = z.object({
  regionId: z.uuid().optional(),
  unitId: z.uuid().optional(),
  from: calendarDate,
  to: calendarDate,
  rankWithin: z.enum(rankWithin).default('community'),
});
export const evaluationLineSchema = z.object({
  indicator: z.enum(evaluationIndicators),
  /** What was counted, e.g. { visited: 12, households: 40 }. */
  counts: z.record(z.string(), z.number()),
  /** The indicator's score out of 100; null when there was nothing to count (its weight goes to the others). */
  score: z.number().nullable(),
  weight: z.number(),
  points: z.number(),
});
/** The 721 method (seed 003): a worker's records of a period by where they were made, and each share in percent
 * (null with no records). */
export const timeSplitSchema = z.object({
  records: z.number().int(),
  grid: z.number().int(),
  desk: z.number().int(),
  rotation: z.number().int(),
  gridPercent: z.number().nullable(),
  deskPercent: z.number().nullable(),
  rotationPercent: z.number().nullable(),
});
export type TimeSplit = z.infer<typeof timeSplitSchema>;
export const evaluationSchema = z.object({
  cadre: cadreSchema,
  lines: z.array(evaluationLineSchema),
  total: z.number(),
  grade: z.enum(grades),
  /** 1 the best within the group the query names (community, street or unit). */
  rank: z.number().int(),
  groupName: z.string(),
  /** The 721 split of their records, where the county turned it on (else null). */
  timeSplit: timeSplitSchema.nullable(),
});
export type Evaluation = z.infer<typeof evaluationSchema>;
export const evaluationListSchema = z.object({ rules: evaluationRulesSchema, items: z.array(evaluationSchema) });
export type EvaluationList = z.infer<typeof evaluationListSchema>;

// Grid members' evaluation -------------------------------------------------------------------------------------

/** The county's weights for grid members (网格员), set apart from the cadres': the same indicators, adding to 100. */
export const gridMemberWeightsSchema = evaluationRulesSchema.pick({ weights: true });
export type GridMemberWeights = z.infer<typeof gridMemberWeightsSchema>;
export const gridMemberEvaluationQuery = z.object({
  regionId: z.uuid().optional(),
  from: calendarDate,
  to: calendarDate,
});
export const gridMemberEvaluationSchema = z.object({
  account: z.object({ id: z.uuid(), name: z.string() }),
  grid: z.object({ id: z.uuid(), name: z.string() }),
  lines: z.array(evaluationLineSchema),
  total: z.number(),
  grade: z.enum(grades),
  /** 1 the best within the community. */
  rank: z.number().int(),
  groupName: z.string(),
  /** The 721 split of their records, their grid being their own area, where the county turned it on (else null). */
  timeSplit: timeSplitSchema.nullable(),
});
export type GridMemberEvaluation = z.infer<typeof gridMemberEvaluationSchema>;
export const gridMemberEvaluationListSchema = z.object({
  weights: gridMemberWeightsSchema.shape.weights,
  items: z.array(gridMemberEvaluationSchema),
});
export type GridMemberEvaluationList = z.infer<typeof gridMemberEvaluationListSchema>;

// The 721 time split (seed 003) ----------------------------------------------------------------------------------

/** Whether the county shows each worker's 721 split (off until it says so). */
export const timeSplitRuleSchema = z.object({ enabled: z.boolean() });
export type TimeSplitRule = z.infer<typeof timeSplitRuleSchema>;

export const timeSplitQuery = attendanceQuery;
export const timeSplitListSchema = z.object({
  enabled: z.boolean(),
  /** The method's shares: 70 in the grid, 20 at the desk, 10 on rotation. */
  target: z.object({ grid: z.number(), desk: z.number(), rotation: z.number() }),
  items: z.array(z.object({ cadre: cadreSchema, split: timeSplitSchema })),
});
export type TimeSplitList = z.infer<typeof timeSplitListSchema>;

// Import of a unit's list ------------------------------------------------------------------------------------------

export const importCadresQuery = z.object({
  unitId: z.uuid(),
  serviceRegionId: z.uuid(),
  fileName: z.string().trim().min(1).max(200),
});
export const importProblemSchema = z.object({
  rowNumber: z.number().int(),
  /** The header of the column at fault (姓名, 类别, 手机号, 网格). */
  column: z.string(),
  message: z.object({ zh: z.string(), en: z.string() }),
});
/** What the spot checks found of one cadre (督查记录): each check that recorded them, the newest first. */
export const cadreSpotCheckListSchema = z.object({
  items: z.array(
    z.object({
      spotCheckId: z.uuid(),
      checkOn: z.string(),
      title: z.string(),
      outcome: z.enum(spotCheckOutcomes),
      place: z.string(),
      activity: z.string(),
      note: z.string(),
      recordedAt: z.string(),
    }),
  ),
});
export type CadreSpotCheckList = z.infer<typeof cadreSpotCheckListSchema>;

/** The communities a unit's list may name as where its cadres serve: the county's, by name. */
export const importCommunityListSchema = z.object({ items: z.array(z.object({ id: z.uuid(), name: z.string() })) });
export type ImportCommunity = z.infer<typeof importCommunityListSchema>['items'][number];

export const importResultSchema = z.object({
  /** Registered cadres; none when any row has a problem (the list is fixed and sent again whole). */
  imported: z.number().int(),
  problems: z.array(importProblemSchema),
});
export type ImportResult = z.infer<typeof importResultSchema>;
