import { z } from 'zod';
import { campaignKindCodePattern, campaignStatuses, longestCampaignDays, participantKinds } from '../campaigns.js';
import { caseStatuses } from '../cases.js';
import { calendarDate, changeOf, listCursor, listSchema } from './common.js';

export const campaignParams = z.object({ id: z.uuid() });
export const campaignTaskParams = campaignParams.extend({ taskId: z.uuid() });

const localizedName = z.object({ zh: z.string(), en: z.string() });

/** A kind of campaign: a default (我当一天网格员, 敲门行动 …) or one the county added; a retired one names old campaigns. */
export const campaignKindSchema = z.object({
  code: z.string(),
  name: localizedName,
  isActive: z.boolean(),
  /** One of the kinds every county starts with: it may be renamed or retired, and its code stays. */
  isDefault: z.boolean(),
});
export type CampaignKind = z.infer<typeof campaignKindSchema>;
export const campaignKindsSchema = z.object({ items: z.array(campaignKindSchema) });

export const campaignKindParams = z.object({
  code: z.string().refine((code) => campaignKindCodePattern.test(code), {
    message: 'A kind code is 2–40 lower-case letters, digits or underscores, starting with a letter.',
    params: { zh: '类型代码为 2–40 位小写字母、数字或下划线，以字母开头。' },
  }),
});
export const campaignKindBody = z.object({
  nameZh: z.string().trim().min(1).max(50),
  nameEn: z.string().trim().min(1).max(100),
  isActive: z.boolean().default(true),
});
export const campaignKindQuery = z.object({ countyId: z.uuid().optional() });
export const campaignKindListQuery = campaignKindQuery.extend({
  /** The settings screen lists retired kinds too, to bring one back; forms offer the active ones only. */
  includeRetired: z.stringbool().default(false),
});

/** Someone taking part: a staff record of a grid (by id), or a volunteer, a partner unit, anyone named. */
export const participantInput = z
  .object({
    kind: z.enum(participantKinds),
    staffId: z.uuid().optional(),
    name: z.string().trim().min(1).max(100).optional(),
    /** A partner unit's or a volunteer's organisation, a cadre's dispatching unit (for the named only). */
    organisation: z.string().trim().max(100).default(''),
    /** Times recorded present beyond the visits they made (人次). */
    attendances: z.number().int().min(0).max(10000).default(0),
  })
  .refine((participant) => (participant.kind === 'staff') === (participant.staffId !== undefined), {
    message: 'A staff participant names its staff record (staffId); someone else is named (name) instead.',
    params: { zh: '工作人员参与者须指定人员记录（staffId）；其他参与者填写姓名（name）。' },
  })
  .refine((participant) => participant.kind === 'staff' || participant.name !== undefined, {
    message: 'Give the name of a volunteer, partner unit or other participant.',
    params: { zh: '请填写志愿者、共建单位或其他参与者的名称。' },
  });
export type ParticipantInput = z.input<typeof participantInput>;

function daysBetween(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
}

const periodMessage = {
  message: `The end date is on or after the start date, at most ${longestCampaignDays} days later.`,
  params: { zh: `结束日期不得早于开始日期，且最多晚 ${longestCampaignDays} 天。` },
};

function isPeriodValid(period: { startDate?: string | undefined; endDate?: string | undefined }): boolean {
  if (period.startDate === undefined || period.endDate === undefined) return true;
  const days = daysBetween(period.startDate, period.endDate);
  return days >= 0 && days <= longestCampaignDays;
}

const campaignFields = {
  name: z.string().trim().min(2).max(100),
  kind: z.string().refine((code) => campaignKindCodePattern.test(code), {
    message: 'Choose a kind of campaign from the list.',
    params: { zh: '请从列表中选择活动类型。' },
  }),
  description: z.string().trim().max(4000),
  startDate: calendarDate,
  endDate: calendarDate,
  /** The regions covered: each in the creator's scope (a grid leader: their grid). */
  regionIds: z.array(z.uuid()).min(1).max(100),
  /** Target households: those of the regions carrying any of these registry tags; every household when empty. */
  targetTags: z.array(z.string().trim().min(1).max(50)).max(30),
  /** The whole list of participants: a change replaces it. */
  participants: z.array(participantInput).max(500),
};

export const createCampaignBody = z
  .object({
    ...campaignFields,
    description: campaignFields.description.default(''),
    targetTags: campaignFields.targetTags.default([]),
    participants: campaignFields.participants.default([]),
  })
  .refine(isPeriodValid, { ...periodMessage, path: ['endDate'] });
export type CreateCampaignInput = z.input<typeof createCampaignBody>;

/** A change: any of the fields, and `isCancelled` to cancel a campaign (or take the cancellation back). */
export const updateCampaignBody = changeOf({ ...campaignFields, isCancelled: z.boolean() }).refine(isPeriodValid, {
  ...periodMessage,
  path: ['endDate'],
});
export type UpdateCampaignInput = z.input<typeof updateCampaignBody>;

export const campaignRegionSchema = z.object({ id: z.uuid(), name: z.string(), code: z.string() });

export const participantSchema = z.object({
  id: z.uuid(),
  kind: z.enum(participantKinds),
  staffId: z.uuid().nullable(),
  name: z.string(),
  organisation: z.string(),
  attendances: z.number().int(),
});
export type Participant = z.infer<typeof participantSchema>;

/**
 * A campaign's tallies, worked out from the visits and cases recorded under it when asked, within the reader's
 * scope: person-times (人次: each visitor of each visit, plus recorded attendances), households reached (distinct),
 * target households and how many of them were reached, problems found (cases) and solved (closed).
 */
export const campaignTalliesSchema = z.object({
  targets: z.number().int(),
  reachedTargets: z.number().int(),
  /** reachedTargets ÷ targets, 0–1; null when there is no target. */
  coverageRate: z.number().nullable(),
  personTimes: z.number().int(),
  householdsReached: z.number().int(),
  visits: z.number().int(),
  problemsFound: z.number().int(),
  problemsSolved: z.number().int(),
});
export type CampaignTallies = z.infer<typeof campaignTalliesSchema>;

export const campaignSummarySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.string(),
  /** The kind's names; null for a kind the county has since removed. */
  kindName: localizedName.nullable(),
  description: z.string(),
  startDate: z.string(),
  endDate: z.string(),
  status: z.enum(campaignStatuses),
  regions: z.array(campaignRegionSchema),
  targetTags: z.array(z.string()),
  /** Whether the caller may change it (their scope holds every region it covers). */
  canEdit: z.boolean(),
});
export type CampaignSummary = z.infer<typeof campaignSummarySchema>;

export const campaignSchema = campaignSummarySchema.extend({
  participants: z.array(participantSchema),
  tallies: campaignTalliesSchema,
  createdAt: z.string(),
});
export type Campaign = z.infer<typeof campaignSchema>;

export const campaignPageSchema = listSchema(campaignSummarySchema);
export type CampaignPage = z.infer<typeof campaignPageSchema>;

export const listCampaignsQuery = z.object({
  status: z.enum(campaignStatuses).optional(),
  /** Campaigns covering some of this region's subtree. */
  regionId: z.uuid().optional(),
  cursor: listCursor(calendarDate).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** One region of a campaign on its progress bar. */
export const regionProgressSchema = campaignTalliesSchema.extend({
  regionId: z.uuid(),
  regionName: z.string(),
});
export type RegionProgress = z.infer<typeof regionProgressSchema>;

export const campaignProgressSchema = z.object({
  items: z.array(regionProgressSchema),
  total: campaignTalliesSchema,
  /** Each participant's person-times: their visits plus recorded attendances. */
  participants: z.array(participantSchema.extend({ personTimes: z.number().int() })),
});
export type CampaignProgress = z.infer<typeof campaignProgressSchema>;

export const campaignTaskSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  dueDate: z.string().nullable(),
  /** A participant of the campaign. */
  assigneeId: z.uuid().nullable(),
  assigneeName: z.string().nullable(),
  isDone: z.boolean(),
  doneAt: z.string().nullable(),
  createdAt: z.string(),
});
export type CampaignTask = z.infer<typeof campaignTaskSchema>;
export const campaignTasksSchema = z.object({ items: z.array(campaignTaskSchema) });

const taskFields = {
  title: z.string().trim().min(1).max(200),
  dueDate: calendarDate.nullable(),
  assigneeId: z.uuid().nullable(),
};
export const createTaskBody = z.object({
  title: taskFields.title,
  dueDate: taskFields.dueDate.optional(),
  assigneeId: taskFields.assigneeId.optional(),
});
/** 今日任务: the running campaigns of the caller's area, each with its open tasks that are the caller's or nobody's. */
export const myCampaignTasksSchema = z.object({
  items: z.array(
    z.object({
      campaign: campaignSummarySchema.pick({ id: true, name: true, kind: true, kindName: true, endDate: true }),
      tasks: z.array(campaignTaskSchema),
    }),
  ),
});
export type MyCampaignTasks = z.infer<typeof myCampaignTasksSchema>;

export type CreateTaskInput = z.input<typeof createTaskBody>;
export const updateTaskBody = changeOf({ ...taskFields, isDone: z.boolean() });
export type UpdateTaskInput = z.input<typeof updateTaskBody>;

/** A problem (case) found under a campaign, as its page lists them. */
export const campaignProblemSchema = z.object({
  id: z.uuid(),
  number: z.string(),
  description: z.string(),
  categoryName: localizedName.nullable(),
  status: z.enum(caseStatuses),
  regionName: z.string(),
  reportedAt: z.string(),
  closedAt: z.string().nullable(),
});
export type CampaignProblem = z.infer<typeof campaignProblemSchema>;

/** A visit made under a campaign, as its page lists them. */
export const campaignVisitSchema = z.object({
  id: z.uuid(),
  visitedAt: z.string(),
  regionName: z.string(),
  /** The household's address or the place's name. */
  address: z.string(),
  visitorNames: z.array(z.string()),
  purpose: z.string(),
  /** Empty, with isFindingsHidden, for a sensitive purpose read by a role without sensitive.read (as on visits). */
  findings: z.string(),
  isFindingsHidden: z.boolean(),
});
export type CampaignVisit = z.infer<typeof campaignVisitSchema>;

export const campaignRecordsQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });
export const campaignProblemsSchema = z.object({ items: z.array(campaignProblemSchema), total: z.number().int() });
export const campaignVisitsSchema = z.object({ items: z.array(campaignVisitSchema), total: z.number().int() });
