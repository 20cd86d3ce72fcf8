import { z } from 'zod';
import {
  contactKinds,
  helpedSides,
  helperSides,
  pairingActions,
  pairingKindCodePattern,
  pairingStatuses,
} from '../pairings.js';
import { calendarDate, listCursor, listSchema } from './common.js';

/**
 * Pairings (结对帮扶): a helper (a party member, a staff record, a unit) paired with a resident, a household, a
 * community or an enterprise, for a period, with an expected contact frequency; contacts recorded against it.
 */

export const pairingParams = z.object({ id: z.uuid() });

const text = (max: number) => z.string().trim().min(1).max(max);

export const pairingKindSchema = z.object({
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  helperSide: z.enum(helperSides),
  helpedSide: z.enum(helpedSides),
  isOneToOne: z.boolean(),
  contactEveryDays: z.number().int(),
  isActive: z.boolean(),
  /** One of the kinds every county starts with: its sides and one-to-one rule are fixed. */
  isDefault: z.boolean(),
});
export type PairingKind = z.infer<typeof pairingKindSchema>;
export const pairingKindListSchema = z.object({ items: z.array(pairingKindSchema) });
export type PairingKindList = z.infer<typeof pairingKindListSchema>;

export const pairingKindParams = z.object({ code: z.string().regex(pairingKindCodePattern) });
export const pairingKindBody = z.object({
  nameZh: text(40),
  nameEn: text(80),
  helperSide: z.enum(helperSides),
  helpedSide: z.enum(helpedSides),
  isOneToOne: z.boolean().default(false),
  contactEveryDays: z.number().int().min(1).max(366),
  isActive: z.boolean().default(true),
});
export type PairingKindInput = z.input<typeof pairingKindBody>;

/** One side of a pairing as the caller may see it: a resident's name follows the registry's masking (minors). */
const sideSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  /** Where the side is: the resident's, household's or place's grid, the region itself; null for a unit. */
  regionName: z.string().nullable(),
  isMinor: z.boolean(),
});

export const pairingSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  kindName: z.object({ zh: z.string(), en: z.string() }).nullable(),
  regionId: z.uuid(),
  regionName: z.string(),
  helperSide: z.enum(helperSides),
  helper: sideSchema,
  helpedSide: z.enum(helpedSides),
  helped: sideSchema,
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  contactEveryDays: z.number().int(),
  status: z.enum(pairingStatuses),
  endedAt: z.string().nullable(),
  endReason: z.string().nullable(),
  lastContactOn: z.string().nullable(),
  /** The China date the next contact is due by; an active pairing past it is overdue. */
  dueOn: z.string(),
  isOverdue: z.boolean(),
  contactCount: z.number().int(),
  note: z.string(),
  version: z.number().int(),
  /** What the caller may do to it now. */
  allowedActions: z.array(z.enum(pairingActions)),
});
export type Pairing = z.infer<typeof pairingSchema>;

export const pairingContactSchema = z.object({
  id: z.uuid(),
  contactedOn: z.string(),
  kind: z.enum(contactKinds),
  visitId: z.uuid().nullable(),
  note: z.string().describe('Numbers and dates in it are starred for roles without sensitive.read.'),
  helpGiven: z.string(),
  recordedBy: z.string().nullable(),
});
export type PairingContact = z.infer<typeof pairingContactSchema>;

export const pairingDetailSchema = pairingSchema.extend({ contacts: z.array(pairingContactSchema) });
export type PairingDetail = z.infer<typeof pairingDetailSchema>;

export const pairingPageSchema = listSchema(pairingSchema);
export type PairingPage = z.infer<typeof pairingPageSchema>;

export const pairingQuery = z.object({
  /** A region's subtree; the caller's scope when absent. */
  regionId: z.uuid().optional(),
  kind: z.string().max(40).optional(),
  status: z.enum(pairingStatuses).optional(),
  /** Only active pairings whose next contact is past due (the worklist). */
  overdue: z.stringbool().default(false),
  /** Only pairings whose helper is the caller's own staff record. */
  mine: z.stringbool().default(false),
  /** Pairings of a helper (staff, person or unit id) or of a helped side (person, household, region, place id). */
  helperId: z.uuid().optional(),
  helpedId: z.uuid().optional(),
  cursor: listCursor().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type PairingQuery = z.input<typeof pairingQuery>;

/** The helper: one of a staff record, a registry person who is a party member, or a unit of the county. */
export const helperInput = z.union([
  z.object({ staffId: z.uuid() }).strict(),
  z.object({ personId: z.uuid() }).strict(),
  z.object({ unitId: z.uuid() }).strict(),
]);
export type HelperInput = z.input<typeof helperInput>;

export const createPairingBody = z
  .object({
    kind: z.string().regex(pairingKindCodePattern),
    helper: helperInput,
    /** The helped person, household, region (community or village) or place, as the kind says. */
    helpedId: z.uuid(),
    /** Today (China date) when absent. */
    startsOn: calendarDate.optional(),
    endsOn: calendarDate.nullable().default(null),
    /** The kind's frequency when absent. */
    contactEveryDays: z.number().int().min(1).max(366).optional(),
    note: z.string().trim().max(1000).default(''),
  })
  .refine((body) => body.endsOn === null || body.startsOn === undefined || body.startsOn <= body.endsOn, {
    message: 'The period ends before it starts.',
    params: { zh: '结束日期早于开始日期。' },
    path: ['endsOn'],
  });
export type PairingInput = z.input<typeof createPairingBody>;

export const pairingActionBody = z.discriminatedUnion('action', [
  z.object({ action: z.literal('end'), version: z.number().int().positive().optional(), reason: text(500) }),
  z.object({ action: z.literal('resume'), version: z.number().int().positive().optional() }),
]);
export type PairingActionInput = z.input<typeof pairingActionBody>;

export const contactBody = z.object({
  /** Today (China date) when absent; never a day still to come. */
  contactedOn: calendarDate.optional(),
  kind: z.enum(contactKinds),
  /** The visits module's record of this visit (GET /api/v1/visits/{id}), of the helped side's region. */
  visitId: z.uuid().nullable().default(null),
  note: z.string().trim().max(2000).default(''),
  helpGiven: z.string().trim().max(500).default(''),
});
export type ContactInput = z.input<typeof contactBody>;

/** Inclusive China dates (YYYY-MM-DD); without them, the last 90 days up to today. */
export const pairingFiguresQuery = z.object({
  regionId: z.uuid().optional(),
  from: calendarDate.optional(),
  to: calendarDate.optional(),
});
export type PairingFiguresQuery = z.infer<typeof pairingFiguresQuery>;

const figureCounts = {
  kind: z.string(),
  kindName: z.object({ zh: z.string(), en: z.string() }).nullable(),
  /** Pairings active at some time in the period. */
  active: z.number().int(),
  /** Contacts made in the period, and those of them that gave help. */
  contacts: z.number().int(),
  helpGiven: z.number().int(),
  /** Pairings active today whose next contact is past due. */
  overdue: z.number().int(),
};

/** Per kind for the region, and per kind for each region one level below it (a town's villages …). */
export const pairingFiguresSchema = z.object({
  region: z.object({ id: z.uuid(), name: z.string(), code: z.string() }),
  from: z.string(),
  to: z.string(),
  kinds: z.array(z.object(figureCounts)),
  children: z.array(z.object({ regionId: z.uuid(), regionName: z.string(), ...figureCounts })),
});
export type PairingFigures = z.infer<typeof pairingFiguresSchema>;
