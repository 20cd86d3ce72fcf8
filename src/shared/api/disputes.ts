import { z } from 'zod';
import { disputeKindCodePattern, disputeStatuses, escalationTargets, settledLevels } from '../disputes.js';
import { calendarDate, calendarInstant, listCursor, listSchema } from './common.js';
import { staffKinds } from '../staff.js';
import { phoneSchema } from './staff.js';

/** A dispute named by its id in the path. */
export const disputeParams = z.object({ id: z.uuid() });

/** A client's id for a new record: a UUIDv7, made on the phone, so that sending it again creates nothing. */
const clientId = z.uuid({ version: 'v7' });

/** Free text a person types: no longer than a page. */
const text = (max: number) => z.string().trim().min(1).max(max);

/** A party as the caller may see it: a resident's name and phone follow the registry's masking rules. */
export const disputePartySchema = z.object({
  /** The registry's person, or null for a named outsider. */
  personId: z.uuid().nullable(),
  name: z.string().describe('A minor’s name is shortened (张*) for roles without sensitive.read.'),
  phone: z.string().nullable().describe('Masked (138****1234) unless revealed.'),
  regionName: z.string().nullable(),
  isMinor: z.boolean(),
});
export type DisputeParty = z.infer<typeof disputePartySchema>;

export const disputeSessionSchema = z.object({
  id: z.uuid(),
  heldAt: z.string(),
  place: z.string(),
  attendees: z.string(),
  notes: z.string().describe('Numbers and dates in it are starred for roles without sensitive.read.'),
  recordedBy: z.string().nullable(),
});
export type DisputeSession = z.infer<typeof disputeSessionSchema>;

export const disputeSchema = z.object({
  id: z.uuid(),
  regionId: z.uuid(),
  regionName: z.string(),
  /** The kind's code; `kindName` names it in both languages (null for a code since removed). */
  kind: z.string(),
  kindName: z.object({ zh: z.string(), en: z.string() }).nullable(),
  summary: z.string(),
  status: z.enum(disputeStatuses),
  registeredAt: z.string(),
  parties: z.array(disputePartySchema),
  isMasked: z.boolean(),
  mediators: z.object({
    staff: z.array(z.object({ id: z.uuid(), name: z.string() })),
    volunteerNames: z.array(z.string()),
    talkPoint: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  }),
  hasLegalAid: z.boolean(),
  legalAidBy: z.string().nullable(),
  agreement: z.string().nullable(),
  settledLevel: z.enum(settledLevels).nullable(),
  escalatedTo: z.enum(escalationTargets).nullable(),
  escalatedAt: z.string().nullable(),
  outcomeNote: z.string().nullable(),
  closedAt: z.string().nullable(),
  hasAgreementPhoto: z.boolean(),
  sessionCount: z.number().int(),
  /** Sent back with a change: the server refuses (409 dispute_changed) when someone changed it in between. */
  version: z.number().int(),
});
export type Dispute = z.infer<typeof disputeSchema>;

export const disputeDetailSchema = disputeSchema.extend({ sessions: z.array(disputeSessionSchema) });
export type DisputeDetail = z.infer<typeof disputeDetailSchema>;

export const disputePageSchema = listSchema(disputeSchema);
export type DisputePage = z.infer<typeof disputePageSchema>;

/** A party as a client sends it: a resident by id, or an outsider by name with an optional phone. */
export const disputePartyInput = z.union([
  z.object({ personId: z.uuid() }).strict(),
  z.object({ name: text(50), phone: phoneSchema.nullable().optional() }).strict(),
]);
export type DisputePartyInput = z.input<typeof disputePartyInput>;

const mediatorsInput = z.object({
  staffIds: z.array(z.uuid()).max(10).default([]),
  volunteerNames: z.array(text(50)).max(10).default([]),
  talkPointId: z.uuid().nullable().default(null),
});

export const createDisputeBody = z.object({
  id: clientId,
  regionId: z.uuid(),
  kind: z.string().regex(disputeKindCodePattern),
  summary: text(4000),
  parties: z.array(disputePartyInput).min(1).max(20),
  mediators: mediatorsInput.default({ staffIds: [], volunteerNames: [], talkPointId: null }),
  hasLegalAid: z.boolean().default(false),
  legalAidBy: text(100).nullable().default(null),
  /** When the dispute was brought; now when absent. */
  registeredAt: calendarInstant.optional(),
});
export type DisputeInput = z.input<typeof createDisputeBody>;

export const updateDisputeBody = z
  .object({
    version: z.number().int().positive().optional(),
    kind: z.string().regex(disputeKindCodePattern),
    summary: text(4000),
    parties: z.array(disputePartyInput).min(1).max(20),
    mediators: mediatorsInput,
    hasLegalAid: z.boolean(),
    legalAidBy: text(100).nullable(),
  })
  .partial()
  .refine((body) => Object.keys(body).some((key) => key !== 'version'), {
    message: 'Send at least one field to change.',
    params: { zh: '请至少修改一个字段。' },
  });
export type DisputeChanges = z.input<typeof updateDisputeBody>;

export const sessionBody = z.object({
  /** The client's id; sending it again adds nothing. */
  id: clientId.optional(),
  heldAt: calendarInstant,
  place: z.string().trim().max(200).default(''),
  attendees: z.string().trim().max(1000).default(''),
  notes: text(4000),
});
export type SessionInput = z.input<typeof sessionBody>;

/** The client's id of an outcome; sending the same outcome again (the phone's queue) changes nothing. */
const outcomeId = clientId.optional();

export const outcomeBody = z.discriminatedUnion('outcome', [
  z.object({
    outcome: z.literal('settled'),
    id: outcomeId,
    version: z.number().int().positive().optional(),
    level: z.enum(settledLevels),
    agreement: text(8000),
    note: z.string().trim().max(2000).optional(),
  }),
  z.object({
    outcome: z.literal('escalated'),
    id: outcomeId,
    version: z.number().int().positive().optional(),
    to: z.enum(escalationTargets),
    note: text(2000),
  }),
  z.object({
    outcome: z.literal('withdrawn'),
    id: outcomeId,
    version: z.number().int().positive().optional(),
    note: text(2000),
  }),
]);
export type OutcomeInput = z.input<typeof outcomeBody>;

export const disputeQuery = z.object({
  regionId: z.uuid().optional(),
  /** Any of several statuses, comma-separated. */
  status: z
    .string()
    .transform((value) => value.split(','))
    .pipe(z.array(z.enum(disputeStatuses)))
    .optional(),
  kind: z.string().max(40).optional(),
  escalatedTo: z.enum(escalationTargets).optional(),
  /** Disputes one of whose parties is this resident. */
  personId: z.uuid().optional(),
  cursor: listCursor(calendarInstant).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type DisputeQuery = z.input<typeof disputeQuery>;

/** Inclusive China dates (YYYY-MM-DD); without them, the last 90 days up to today. */
export const disputeFiguresQuery = z.object({
  regionId: z.uuid().optional(),
  from: calendarDate.optional(),
  to: calendarDate.optional(),
});
export type DisputeFiguresQuery = z.infer<typeof disputeFiguresQuery>;

/**
 * The disputes registered in a region (and below) in a period, by where they stand now. `settledInVillageShare`
 * (矛盾不上交) is the share of the concluded ones (settled or escalated) that were settled at village level or below;
 * null when none is concluded.
 */
export const disputeFiguresSchema = z.object({
  regionId: z.uuid(),
  from: z.string(),
  to: z.string(),
  disputes: z.number().int(),
  mediated: z.number().int(),
  settled: z.number().int(),
  settledInGrid: z.number().int(),
  settledInVillage: z.number().int(),
  settledInTown: z.number().int(),
  escalated: z.number().int(),
  withdrawn: z.number().int(),
  open: z.number().int(),
  settledInVillageShare: z.number().nullable(),
});
export type DisputeFigures = z.infer<typeof disputeFiguresSchema>;

export const disputeKindSchema = z.object({
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  isActive: z.boolean(),
  isDefault: z.boolean(),
});
export type DisputeKind = z.infer<typeof disputeKindSchema>;
export const disputeKindListSchema = z.object({ items: z.array(disputeKindSchema) });

export const disputeKindParams = z.object({ code: z.string().regex(disputeKindCodePattern) });
/** Someone who may mediate a dispute in a grid: staff of the grid or of a region above it. */
export const disputeMediatorSchema = z.object({
  staffId: z.uuid(),
  name: z.string(),
  kind: z.enum(staffKinds),
  regionId: z.uuid(),
  regionName: z.string(),
});
export const disputeMediatorsSchema = z.object({ items: z.array(disputeMediatorSchema) });
export type DisputeMediators = z.infer<typeof disputeMediatorsSchema>;
/** The dispute's grid (or micro-grid). */
export const disputeMediatorsQuery = z.object({ regionId: z.uuid() });

/** The county whose kinds: needed only by an account that spans counties (the administrator). */
export const disputeKindQuery = z.object({ countyId: z.uuid().optional() });
export const disputeKindBody = z.object({ nameZh: text(40), nameEn: text(60), isActive: z.boolean().default(true) });
export type DisputeKindInput = z.input<typeof disputeKindBody>;

export const talkPointSchema = z.object({
  id: z.uuid(),
  regionId: z.uuid(),
  regionName: z.string(),
  name: z.string(),
  address: z.string(),
  host: z.string(),
});
export type TalkPoint = z.infer<typeof talkPointSchema>;
export const talkPointListSchema = z.object({ items: z.array(talkPointSchema) });

export const talkPointQuery = z.object({ regionId: z.uuid().optional() });
export const talkPointBody = z.object({
  id: clientId.optional(),
  /** The village (or a grid in it) the talk point serves. */
  regionId: z.uuid(),
  name: text(100),
  address: z.string().trim().max(200).default(''),
  host: z.string().trim().max(50).default(''),
});
export type TalkPointInput = z.input<typeof talkPointBody>;

export const agreementPhotoQuery = z.object({ fileName: z.string().trim().min(1).max(200) });
