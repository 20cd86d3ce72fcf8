import { z } from 'zod';
import { grades } from './cadres.js';

/**
 * Reports up the chain (逐级报告): monthly from a community to its street, quarterly from a street to the dispatching
 * units of its cadres, yearly from a unit to the higher organisation. Figures are computed from the records when
 * the report is generated and frozen once approved; an approved report locks its period.
 */

export const cadreReportKinds = ['monthly', 'quarterly', 'yearly'] as const;
export type CadreReportKind = (typeof cadreReportKinds)[number];
export const cadreReportStatuses = ['draft', 'submitted', 'approved', 'returned'] as const;
export type CadreReportStatus = (typeof cadreReportStatuses)[number];

/** The period a report covers, by its kind: 2026-11 (monthly), 2026-Q4 (quarterly), 2026 (yearly). */
export const periodPatterns: Record<CadreReportKind, RegExp> = {
  monthly: /^\d{4}-(0[1-9]|1[0-2])$/,
  quarterly: /^\d{4}-Q[1-4]$/,
  yearly: /^\d{4}$/,
};

const comment = z.string().trim().min(1).max(500);

export const generateCadreReportBody = z.object({
  kind: z.enum(cadreReportKinds),
  period: z.string().trim().max(7),
  /** Monthly: the community (village); quarterly: the street (town). */
  regionId: z.uuid().optional(),
  /** Yearly: the dispatching unit. */
  unitId: z.uuid().optional(),
});
export type GenerateCadreReportInput = z.input<typeof generateCadreReportBody>;

export const cadreReportParams = z.object({ id: z.uuid() });
export const cadreReportReviewBody = z.object({ version: z.number().int() });
export const cadreReportReturnBody = z.object({ version: z.number().int(), comment });
export const cadreReportReopenBody = z.object({ version: z.number().int(), reason: comment });

export const cadreReportQuery = z.object({
  kind: z.enum(cadreReportKinds).optional(),
  status: z.enum(cadreReportStatuses).optional(),
  period: z.string().trim().max(7).optional(),
  /** Only the submitted reports the caller may approve or return. */
  awaitingMe: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
});

const attendanceFigures = {
  /** Service days due in the period up to the day it was generated, leave taken out. */
  expected: z.number().int(),
  attended: z.number().int(),
  /** Checked in with no work recorded that day (点卯). */
  rollCallOnly: z.number().int(),
  absent: z.number().int(),
  onLeave: z.number().int(),
  /** Pieces of work recorded: visits, cases reported, wishes, deposits, pairing contacts. */
  work: z.number().int(),
};

export const cadreReportRowSchema = z.object({
  cadreId: z.uuid(),
  name: z.string(),
  unitId: z.uuid(),
  unitName: z.string(),
  communityName: z.string(),
  gridName: z.string().nullable(),
  ...attendanceFigures,
  /** The evaluation's total so far and its grade. */
  total: z.number(),
  grade: z.enum(grades),
});
export type CadreReportRow = z.infer<typeof cadreReportRowSchema>;

export const cadreReportGroupSchema = z.object({
  unitId: z.uuid(),
  unitName: z.string(),
  cadres: z.number().int(),
  ...attendanceFigures,
  grades: z.record(z.enum(grades), z.number().int()),
});

export const cadreReportFiguresSchema = z.object({
  /** The service days of the period (the county's weekdays). */
  serviceDays: z.number().int(),
  rows: z.array(cadreReportRowSchema),
  /** Subtotals per dispatching unit: what the quarterly notice tells each unit of its people. */
  units: z.array(cadreReportGroupSchema),
  totals: z.object({ cadres: z.number().int(), ...attendanceFigures }),
});
export type CadreReportFigures = z.infer<typeof cadreReportFiguresSchema>;

const who = z.object({ id: z.uuid(), name: z.string() }).nullable();

export const cadreReportSummarySchema = z.object({
  id: z.uuid(),
  kind: z.enum(cadreReportKinds),
  period: z.string(),
  from: z.string(),
  to: z.string(),
  region: z.object({ id: z.uuid(), name: z.string() }),
  unit: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  status: z.enum(cadreReportStatuses),
  /** The reviewer's comment on a returned report, or the reason it was reopened. */
  comment: z.string().nullable(),
  generatedAt: z.string(),
  submittedAt: z.string().nullable(),
  submittedBy: who,
  reviewedAt: z.string().nullable(),
  reviewedBy: who,
  /** Whether the caller may approve or return it now. */
  canReview: z.boolean(),
  version: z.number().int(),
});
export type CadreReportSummary = z.infer<typeof cadreReportSummarySchema>;
export const cadreReportSchema = cadreReportSummarySchema.extend({ figures: cadreReportFiguresSchema });
export type CadreReport = z.infer<typeof cadreReportSchema>;
export const cadreReportListSchema = z.object({ items: z.array(cadreReportSummarySchema) });
export type CadreReportList = z.infer<typeof cadreReportListSchema>;
