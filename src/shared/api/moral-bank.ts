import { z } from 'zod';
import { entryKinds, entryStatuses, maxPointsPerEntry, rulePeriods } from '../moral-bank.js';
import { calendarDate, calendarInstant, changeOf, listCursor, listSchema } from './common.js';

/** A record named by its id in the path. */
export const moralBankIdParams = z.object({ id: z.uuid() });
export const personIdParams = z.object({ personId: z.uuid() });

/** Free text a person types: trimmed, not empty, no longer than `max`. */
const text = (max: number) => z.string().trim().min(1).max(max);

const points = z.number().int().min(1).max(maxPointsPerEntry);

/** A calendar month, YYYY-MM. */
export const calendarMonth = z.string().regex(/^(19|20)\d{2}-(0[1-9]|1[0-2])$/);

export const entrySchema = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  /** The person as the registry shows them to the caller (a minor's name shortened without sensitive.read). */
  personName: z.string(),
  householdId: z.uuid().nullable(),
  regionName: z.string().nullable(),
  kind: z.enum(entryKinds),
  /** Signed: a deposit adds, a redemption takes away, a correction does either. */
  points: z.number().int(),
  reason: z.string(),
  status: z.enum(entryStatuses),
  rule: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  reward: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  correctsEntryId: z.uuid().nullable(),
  occurredOn: z.string(),
  recordedBy: z.string().nullable(),
  recordedAt: z.string(),
  decision: z
    .object({ by: z.string().nullable(), at: z.string(), reason: z.string() })
    .nullable()
    .describe('The village’s approval or refusal, for an entry that waited for it.'),
  photoIds: z.array(z.uuid()),
});
export type Entry = z.infer<typeof entrySchema>;
export const entryPageSchema = listSchema(entrySchema);
export type EntryPage = z.infer<typeof entryPageSchema>;

export const depositBody = z.object({
  /**
   * The client's id for the deposit (UUIDv7; the field app's offline queue makes one): the same id sent again by the
   * same account answers the deposit already recorded and records nothing (200 instead of 201).
   */
  id: z.uuid().optional(),
  personId: z.uuid(),
  points,
  reason: text(500),
  /** The earning rule: its points are the most one deposit gives, its limit counts per period. */
  ruleId: z.uuid().optional(),
  photoUploadIds: z.array(z.uuid()).max(9).optional(),
  /** The China date of the deed; today when absent. */
  occurredOn: calendarDate.optional(),
});
export type DepositInput = z.input<typeof depositBody>;

export const correctionBody = z.object({
  /** Signed points: negative to take back, positive to add. */
  points: z
    .number()
    .int()
    .min(-maxPointsPerEntry)
    .max(maxPointsPerEntry)
    .refine((value) => value !== 0, { message: 'A correction moves points.', params: { zh: '更正的积分不能为 0。' } }),
  reason: text(500),
});
export type CorrectionInput = z.input<typeof correctionBody>;

export const decisionBody = z.object({ reason: z.string().trim().max(500).default('') });
export const refusalBody = z.object({ reason: text(500) });

export const redemptionBody = z.object({ personId: z.uuid(), rewardId: z.uuid() });
export type RedemptionInput = z.input<typeof redemptionBody>;

export const entryQuery = z.object({
  regionId: z.uuid().optional(),
  personId: z.uuid().optional(),
  kind: z.enum(entryKinds).optional(),
  status: z.enum(entryStatuses).optional(),
  /** Inclusive China dates of recording. */
  from: calendarDate.optional(),
  to: calendarDate.optional(),
  cursor: listCursor(calendarInstant).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type EntryQuery = z.input<typeof entryQuery>;

export const accountQuery = z.object({
  cursor: listCursor(calendarInstant).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(20),
});

export const accountSchema = z.object({
  personId: z.uuid(),
  personName: z.string(),
  isMasked: z.boolean(),
  regionName: z.string(),
  /** Points that count now: never below zero. */
  balance: z.number().int(),
  /** Points of deposits waiting for the village's approval. */
  pending: z.number().int(),
  earned: z.number().int(),
  spent: z.number().int(),
  /** The household's account is its members' accounts together (see docs/care.md). */
  household: z
    .object({
      id: z.uuid(),
      address: z.string(),
      balance: z.number().int(),
      members: z.array(z.object({ personId: z.uuid(), name: z.string(), balance: z.number().int() })),
    })
    .nullable(),
  entries: entryPageSchema,
});
export type Account = z.infer<typeof accountSchema>;

export const accountListQuery = z.object({
  regionId: z.uuid().optional(),
  /** A name, or its pinyin or initials, as the registry's search takes it. */
  q: z.string().trim().max(50).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export const accountSummarySchema = z.object({
  personId: z.uuid(),
  personName: z.string(),
  regionName: z.string(),
  balance: z.number().int(),
  pending: z.number().int(),
});
export type AccountSummary = z.infer<typeof accountSummarySchema>;
export const accountListSchema = z.object({ items: z.array(accountSummarySchema) });

export const ruleSchema = z.object({
  id: z.uuid(),
  regionId: z.uuid(),
  regionName: z.string(),
  /** Whether the county set it (it holds in every village) or a village. */
  isCountyRule: z.boolean(),
  name: z.string(),
  description: z.string(),
  points: z.number().int(),
  period: z.enum(rulePeriods),
  periodLimit: z.number().int().nullable(),
  requiresApproval: z.boolean(),
  retiredAt: z.string().nullable(),
});
export type Rule = z.infer<typeof ruleSchema>;
export const ruleListSchema = z.object({ items: z.array(ruleSchema) });

const ruleFields = {
  name: text(100),
  description: z.string().trim().max(500),
  points,
  period: z.enum(rulePeriods),
  periodLimit: z.number().int().min(1).max(1000).nullable(),
  requiresApproval: z.boolean(),
};
export const ruleBody = z.object({
  /** The county (its rule holds everywhere) or a village. */
  regionId: z.uuid(),
  ...ruleFields,
  description: ruleFields.description.default(''),
  periodLimit: ruleFields.periodLimit.default(null),
  requiresApproval: ruleFields.requiresApproval.default(false),
});
export type RuleInput = z.input<typeof ruleBody>;
export const ruleChangeBody = changeOf({ ...ruleFields, retired: z.boolean() });
export type RuleChanges = z.input<typeof ruleChangeBody>;

/** Rules and rewards in force for a region (a grid's are its village's and its county's). */
export const catalogueQuery = z.object({
  regionId: z.uuid().optional(),
  includeRetired: z.stringbool().default(false),
});

export const rewardSchema = z.object({
  id: z.uuid(),
  regionId: z.uuid(),
  regionName: z.string(),
  name: z.string(),
  points: z.number().int(),
  stock: z.number().int(),
  retiredAt: z.string().nullable(),
});
export type Reward = z.infer<typeof rewardSchema>;
export const rewardListSchema = z.object({ items: z.array(rewardSchema) });

export const rewardBody = z.object({
  name: text(100),
  points,
  stock: z.number().int().min(0).max(100_000),
  /** The village whose catalogue it joins; the caller's own village when absent. */
  regionId: z.uuid().optional(),
});
export type RewardInput = z.input<typeof rewardBody>;
export const rewardChangeBody = changeOf({
  name: text(100),
  points,
  /** Items added to the stock (a restock): added, not set, so a redemption meanwhile is not lost. */
  addStock: z.number().int().min(1).max(100_000),
  retired: z.boolean(),
});
export type RewardChanges = z.input<typeof rewardChangeBody>;

export const settingsSchema = z.object({ countyId: z.uuid(), rankingsEnabled: z.boolean() });
export type MoralBankSettings = z.infer<typeof settingsSchema>;
export const settingsBody = z.object({ rankingsEnabled: z.boolean() });

export const monthQuery = z.object({ regionId: z.uuid().optional(), month: calendarMonth.optional() });

export const rankingSchema = z.object({
  regionId: z.uuid(),
  month: z.string(),
  items: z.array(
    z.object({
      rank: z.number().int(),
      householdId: z.uuid(),
      address: z.string(),
      regionName: z.string(),
      /** Points the household's members earned in the month (deposits counted, corrections included). */
      points: z.number().int(),
      deposits: z.number().int(),
    }),
  ),
});
export type Ranking = z.infer<typeof rankingSchema>;

export const figuresQuery = z.object({
  regionId: z.uuid().optional(),
  from: calendarDate.optional(),
  to: calendarDate.optional(),
});
export type FiguresQuery = z.infer<typeof figuresQuery>;
export const figuresSchema = z.object({
  regionId: z.uuid(),
  from: z.string(),
  to: z.string(),
  deposits: z.number().int(),
  pointsDeposited: z.number().int(),
  pending: z.number().int(),
  refused: z.number().int(),
  redemptions: z.number().int(),
  pointsRedeemed: z.number().int(),
  /** Residents with an entry in the period. */
  residents: z.number().int(),
  /** Points standing in the region's accounts now. */
  pointsOutstanding: z.number().int(),
});
export type Figures = z.infer<typeof figuresSchema>;

export const statementQuery = z.object({ regionId: z.uuid(), month: calendarMonth });

export const photoQuery = z.object({ fileName: z.string().trim().min(1).max(200) });
export const photoUploadSchema = z.object({ id: z.uuid(), contentType: z.string(), size: z.number().int() });
