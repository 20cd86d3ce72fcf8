import { z } from 'zod';
import { regionLevels } from '../policy.js';
import { staffKinds } from '../staff.js';
import { calendarDate, listCursor, listSchema } from './common.js';

/** A region and a period of China dates (inclusive); without dates, the current month up to today. */
export const visitCoverageQuery = z.object({
  regionId: z.uuid().optional(),
  from: calendarDate.optional(),
  to: calendarDate.optional(),
});
export type VisitCoverageQuery = z.infer<typeof visitCoverageQuery>;

const regionSchema = z.object({ id: z.uuid(), name: z.string(), code: z.string(), level: z.enum(regionLevels) });
const periodSchema = z.object({ from: z.string(), to: z.string() });

const coverageFigures = {
  households: z.number().int(),
  visitedHouseholds: z.number().int().describe('Distinct households visited at least once in the period.'),
  rate: z.number().nullable().describe('visitedHouseholds / households (0..1); null when there is no household.'),
};

export const visitCoverageRowSchema = regionSchema.extend(coverageFigures);
export type VisitCoverageRow = z.infer<typeof visitCoverageRowSchema>;

export const staffCoverageRowSchema = z.object({
  staffId: z.uuid(),
  name: z.string(),
  kind: z.enum(staffKinds),
  regionId: z.uuid(),
  regionName: z.string(),
  assignedHouseholds: z.number().int().describe('The households of the grid (and its micro-grids) they serve in.'),
  visitedHouseholds: z.number().int().describe('Of those, the households they took part in visiting in the period.'),
  visits: z.number().int().describe('Visits under the region they took part in during the period (person-times).'),
  rate: z.number().nullable(),
});
export type StaffCoverageRow = z.infer<typeof staffCoverageRowSchema>;

export const visitCoverageSchema = z.object({
  region: regionSchema,
  period: periodSchema,
  totals: z.object(coverageFigures),
  rows: z.array(visitCoverageRowSchema).describe('One row per child region.'),
  staff: z
    .array(staffCoverageRowSchema)
    .nullable()
    .describe('Grid members, grid leaders and sunk cadres of the region; null above a village (ask for a village).'),
});
export type VisitCoverage = z.infer<typeof visitCoverageSchema>;

export const visitPlanDueFilters = ['overdue', 'soon', 'all'] as const;
export type VisitPlanDueFilter = (typeof visitPlanDueFilters)[number];

/** The county's rule for how often households are visited (走访频次). */
export const visitPlanRuleSchema = z.object({
  specialTags: z
    .array(z.string().min(1).max(50))
    .max(50)
    .describe(
      'Households with any of these tags (on the household or a member) are visited every specialIntervalDays.',
    ),
  specialIntervalDays: z.number().int().min(1).max(366),
  otherIntervalDays: z.number().int().min(1).max(366),
  /** A visit due within this many days counts as "soon". */
  soonDays: z.number().int().min(1).max(90),
});
export type VisitPlanRule = z.infer<typeof visitPlanRuleSchema>;

export const visitPlanSettingsQuery = z.object({ countyId: z.uuid().optional() });

export const visitPlanQuery = z.object({
  regionId: z.uuid().optional(),
  due: z.enum(visitPlanDueFilters).default('all'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: listCursor(calendarDate).optional(),
});
export type VisitPlanQuery = z.input<typeof visitPlanQuery>;

export const visitPlanItemSchema = z.object({
  householdId: z.uuid(),
  address: z.string(),
  regionId: z.uuid(),
  regionName: z.string(),
  lastVisitDate: z.string().nullable().describe('China date of the last visit; null when never visited.'),
  dueDate: z.string().describe('When the next visit is due by the county rule; today when never visited.'),
  intervalDays: z.number().int(),
  isOverdue: z.boolean(),
  daysSinceVisit: z.number().int().nullable(),
  /**
   * The tags that put the household on the frequent schedule, among those the caller may see. A caller without
   * sensitive.read gets a schedule worked out from the tags they may see only, so it gives no sensitive tag away.
   */
  reasonTags: z.array(z.string()),
});
export type VisitPlanItem = z.infer<typeof visitPlanItemSchema>;

export const visitPlanPageSchema = listSchema(visitPlanItemSchema).extend({
  today: z.string(),
  rule: visitPlanRuleSchema,
});
export type VisitPlanPage = z.infer<typeof visitPlanPageSchema>;

export const overdueHouseholdsQuery = z.object({
  regionId: z.uuid().optional(),
  days: z.coerce.number().int().min(1).max(3650).default(30),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: listCursor(calendarDate).optional(),
});
export type OverdueHouseholdsQuery = z.input<typeof overdueHouseholdsQuery>;

export const overdueHouseholdSchema = z.object({
  householdId: z.uuid(),
  address: z.string(),
  regionId: z.uuid(),
  regionName: z.string(),
  lastVisitDate: z.string().nullable(),
  daysSinceVisit: z.number().int().nullable().describe('null when never visited'),
});
export type OverdueHousehold = z.infer<typeof overdueHouseholdSchema>;
export const overdueHouseholdPageSchema = listSchema(overdueHouseholdSchema);
export type OverdueHouseholdPage = z.infer<typeof overdueHouseholdPageSchema>;

/** Figures another field module reports for a region and period; null when that module is not installed. */
const campaignFiguresSchema = z.object({
  campaigns: z.number().int(),
  personTimes: z.number().int(),
  householdsReached: z.number().int(),
  problemsFound: z.number().int(),
  problemsSolved: z.number().int(),
});
const inspectionFiguresSchema = z.object({
  placesInspected: z.number().int(),
  hazardsFound: z.number().int(),
  fixedOnTheSpot: z.number().int(),
  turnedIntoCases: z.number().int(),
  open: z.number().int(),
});
const disputeFiguresSchema = z.object({
  mediated: z.number().int(),
  settled: z.number().int(),
  settledInVillage: z.number().int(),
  shareSettledInVillage: z.number().nullable(),
});

export const fieldFiguresSchema = z.object({
  region: regionSchema,
  period: periodSchema,
  visits: z.object({
    visits: z.number().int(),
    personTimes: z.number().int().describe('Visitor participations in the period’s visits (人次).'),
    households: z.number().int(),
    visitedHouseholds: z.number().int(),
    rate: z.number().nullable(),
    placesVisited: z.number().int(),
  }),
  campaigns: campaignFiguresSchema.nullable(),
  inspections: inspectionFiguresSchema.nullable(),
  disputes: disputeFiguresSchema.nullable(),
});
export type FieldFigures = z.infer<typeof fieldFiguresSchema>;
