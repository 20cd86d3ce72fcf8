import { z } from 'zod';
import { caseLevels, caseSources, caseStatuses } from '../cases.js';
import { regionLevels } from '../policy.js';
import { calendarDate } from './common.js';

/** Inclusive China dates (YYYY-MM-DD); without them, the current month up to today. */
export const figuresQuery = z.object({
  regionId: z.uuid().optional(),
  from: calendarDate.optional(),
  to: calendarDate.optional(),
});
export type FiguresQuery = z.infer<typeof figuresQuery>;

/** The numbers a region's page leads with, for the region and each of its children alike. */
const headlineSchema = z.object({
  reported: z.number().int(),
  closed: z.number().int(),
  closedOnTime: z.number().int(),
  /** 0…1, or null when nothing was closed. */
  onTimeRate: z.number().nullable(),
  /** Where in the chain the period's cases were closed, and each level's share (0…1) of them. */
  closedAt: z.record(z.enum(caseLevels), z.object({ closed: z.number().int(), share: z.number().nullable() })),
  averageHoursToClose: z.number().nullable(),
  satisfaction: z.object({ average: z.number().nullable(), count: z.number().int() }),
  /** Urgings (督办) given in the period. */
  urged: z.number().int(),
  /** Now, not in the period. */
  open: z.number().int(),
  overdue: z.number().int(),
});
export type CaseHeadline = z.infer<typeof headlineSchema>;

const regionSchema = z.object({ id: z.uuid(), name: z.string(), level: z.enum(regionLevels) });

const periodSchema = z.object({ from: z.string(), to: z.string() });
/** Inclusive China dates, YYYY-MM-DD. */
export type Period = z.infer<typeof periodSchema>;

export const caseFiguresSchema = headlineSchema.extend({
  region: regionSchema.extend({ code: z.string() }),
  period: periodSchema,
  byCategory: z.array(z.object({ code: z.string(), reported: z.number().int(), closed: z.number().int() })),
  bySource: z.array(z.object({ source: z.enum(caseSources), reported: z.number().int(), closed: z.number().int() })),
  children: z.array(headlineSchema.extend(regionSchema.shape)),
});
export type CaseFigures = z.infer<typeof caseFiguresSchema>;

export const caseMapQuery = z.object({ regionId: z.uuid().optional() });

/**
 * Open cases with a location as GeoJSON points, at most a few thousand; `truncated` says there were more (the
 * newest are shown).
 */
export const caseMapSchema = z.object({
  type: z.literal('FeatureCollection'),
  /** Every open case of the region now, with a location or without: the figures' `open`. */
  open: z.number().int(),
  overdue: z.number().int(),
  truncated: z.boolean(),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      geometry: z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]) }),
      properties: z.object({
        id: z.uuid(),
        number: z.string(),
        category: z.string(),
        status: z.enum(caseStatuses),
        level: z.enum(caseLevels),
        isOverdue: z.boolean(),
      }),
    }),
  ),
});
export type CaseMap = z.infer<typeof caseMapSchema>;
