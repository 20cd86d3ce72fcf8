import { z } from 'zod';
import { claimantKinds, wallStatuses, wishActions, wishCategories, wishEventActions, wishStatuses } from '../wishes.js';
import { calendarDate, listCursor, calendarInstant, listSchema } from './common.js';

/** A wish or a drive named by its id in the path. */
export const wishParams = z.object({ id: z.uuid() });

/** Free text a person types. */
const text = (max: number) => z.string().trim().min(1).max(max);

/** Sent back with a change: 409 wish_changed when someone changed the wish in between. */
const version = z.number().int().positive();

export const wishClaimantSchema = z.object({
  kind: z.enum(claimantKinds),
  /** The staff record, registry person or unit that claimed it. */
  id: z.uuid(),
  name: z.string(),
});
export type WishClaimant = z.infer<typeof wishClaimantSchema>;

export const wishSchema = z.object({
  id: z.uuid(),
  regionId: z.uuid(),
  regionName: z.string(),
  person: z.object({
    id: z.uuid(),
    name: z.string().describe('A minor’s name is shortened (张*) for roles without sensitive.read.'),
    isMinor: z.boolean(),
  }),
  householdId: z.uuid().nullable(),
  needId: z.uuid().nullable(),
  drive: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  category: z.enum(wishCategories),
  content: z.string(),
  status: z.enum(wishStatuses),
  registeredVia: z.enum(['staff', 'resident']),
  registeredByName: z.string().nullable(),
  registeredAt: z.string(),
  reviewedAt: z.string().nullable(),
  rejectReason: z.string().nullable(),
  claimant: wishClaimantSchema.nullable(),
  claimedAt: z.string().nullable(),
  promisedOn: z.string().nullable(),
  /** Claimed, the promised date passed, not fulfilled. */
  isLate: z.boolean(),
  fulfilledAt: z.string().nullable(),
  fulfilmentNote: z.string().nullable(),
  hasPhoto: z.boolean(),
  acknowledgedAt: z.string().nullable(),
  acknowledgement: z.string().nullable(),
  rating: z.number().int().nullable(),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  /** What the caller may do with it now (the life cycle and their role; scope is already theirs). */
  actions: z.array(z.enum(wishActions)),
  version: z.number().int(),
});
export type Wish = z.infer<typeof wishSchema>;

export const wishEventSchema = z.object({
  id: z.uuid(),
  action: z.enum(wishEventActions),
  fromStatus: z.enum(wishStatuses).nullable(),
  toStatus: z.enum(wishStatuses),
  note: z.string().nullable(),
  actorName: z.string(),
  at: z.string(),
});
export type WishEvent = z.infer<typeof wishEventSchema>;

export const wishDetailSchema = wishSchema.extend({ history: z.array(wishEventSchema) });
export type WishDetail = z.infer<typeof wishDetailSchema>;

export const wishPageSchema = listSchema(wishSchema);
export type WishPage = z.infer<typeof wishPageSchema>;

export const createWishBody = z.object({
  /**
   * The client's id for the wish (UUIDv7; the field app's offline queue makes one): the same id sent again by the
   * same account answers the wish already registered and registers nothing (200 instead of 201).
   */
  id: z.uuid().optional(),
  /** The resident (a registry person) whose wish it is. */
  personId: z.uuid(),
  category: z.enum(wishCategories),
  content: text(500),
  driveId: z.uuid().nullable().default(null),
  /** The household need (需求清单) it is made from; the resident must be of that household. */
  needId: z.uuid().nullable().default(null),
});
export type WishInput = z.input<typeof createWishBody>;

/** A claimant as a client names it. */
export const claimantInput = z.object({ kind: z.enum(claimantKinds), id: z.uuid() });

/** The resident's words (taken down by staff, or typed by the resident on their page) and their stars. */
const acknowledgeAction = z.object({
  action: z.literal('acknowledge'),
  version,
  words: text(1000),
  rating: z.number().int().min(1).max(5).nullable().default(null),
});

/** A resident acknowledging their own fulfilled wish on the residents' page. */
export const ownAcknowledgementBody = acknowledgeAction.omit({ action: true });

export const wishActionBody = z.discriminatedUnion('action', [
  z.object({ action: z.literal('approve'), version }),
  z.object({ action: z.literal('reject'), version, reason: text(500) }),
  z.object({ action: z.literal('claim'), version, claimant: claimantInput, promisedOn: calendarDate }),
  z.object({ action: z.literal('fulfil'), version, note: text(1000) }),
  acknowledgeAction,
  z.object({ action: z.literal('cancel'), version, reason: text(500) }),
]);
export type WishActionInput = z.input<typeof wishActionBody>;

/** Any of several values, comma-separated. */
function listOf<Values extends readonly [string, ...string[]]>(values: Values) {
  return z
    .string()
    .transform((value) => value.split(','))
    .pipe(z.array(z.enum(values)));
}

export const wishQuery = z.object({
  regionId: z.uuid().optional(),
  status: listOf(wishStatuses).optional(),
  driveId: z.uuid().optional(),
  personId: z.uuid().optional(),
  needId: z.uuid().optional(),
  claimantKind: z.enum(claimantKinds).optional(),
  /** Claimed wishes whose promised date passed (催办 list). */
  isLate: z.stringbool().optional(),
  cursor: listCursor(calendarInstant).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type WishQuery = z.input<typeof wishQuery>;

/** Inclusive China dates; without them, the last 90 days. */
export const wishFiguresQuery = z.object({
  regionId: z.uuid().optional(),
  from: calendarDate.optional(),
  to: calendarDate.optional(),
  driveId: z.uuid().optional(),
});
export type WishFiguresQuery = z.infer<typeof wishFiguresQuery>;

const countsByKind = z.object({ party_member: z.number().int(), cadre: z.number().int(), unit: z.number().int() });

/**
 * The wishes registered in a region's subtree in a period, counted by how far each got: published counts every
 * wish the village published (whatever came after), claimed every wish claimed, and so on.
 */
export const wishFiguresSchema = z.object({
  regionId: z.uuid(),
  from: z.string(),
  to: z.string(),
  registered: z.number().int(),
  published: z.number().int(),
  claimed: z.number().int(),
  fulfilled: z.number().int(),
  acknowledged: z.number().int(),
  rejected: z.number().int(),
  cancelled: z.number().int(),
  late: z.number().int(),
  claimedBy: countsByKind,
  fulfilledBy: countsByKind,
  /** One row per child region (or the region itself at the bottom). */
  regions: z.array(
    z.object({
      regionId: z.uuid(),
      regionName: z.string(),
      registered: z.number().int(),
      published: z.number().int(),
      claimed: z.number().int(),
      fulfilled: z.number().int(),
      acknowledged: z.number().int(),
    }),
  ),
});
export type WishFigures = z.infer<typeof wishFiguresSchema>;

export const wishDriveSchema = z.object({
  id: z.uuid(),
  regionId: z.uuid(),
  regionName: z.string(),
  name: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  targetCount: z.number().int(),
  /** How far its wishes got (cancelled and rejected ones count apart). */
  progress: z.object({
    registered: z.number().int(),
    published: z.number().int(),
    claimed: z.number().int(),
    fulfilled: z.number().int(),
    acknowledged: z.number().int(),
  }),
});
export type WishDrive = z.infer<typeof wishDriveSchema>;
export const wishDriveListSchema = z.object({ items: z.array(wishDriveSchema) });

export const wishDriveQuery = z.object({ regionId: z.uuid().optional() });

export const createWishDriveBody = z
  .object({
    /** The region whose wishes it gathers (a county, town or village). */
    regionId: z.uuid(),
    name: text(60),
    startsOn: calendarDate,
    endsOn: calendarDate,
    targetCount: z.number().int().min(1).max(100_000),
  })
  .refine((body) => body.startsOn <= body.endsOn, {
    message: 'The drive ends before it starts.',
    params: { zh: '活动结束日期早于开始日期。' },
    path: ['endsOn'],
  });
export type WishDriveInput = z.input<typeof createWishDriveBody>;

export const wishWallSettingsSchema = z.object({
  isEnabled: z.boolean(),
  residentName: z.enum(['surname', 'none']),
  showsVillage: z.boolean(),
  showsClaimantUnit: z.boolean(),
});
export type WishWallSettingsBody = z.infer<typeof wishWallSettingsSchema>;

export const wishWallQuery = z.object({
  /** The county's six-digit division code (GB/T 2260). */
  county: z.string().regex(/^\d{6}$/),
  driveId: z.uuid().optional(),
  cursor: listCursor(calendarInstant).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});

/** A wish as the public sees it: only what the county allows, never a full name, phone, ID number or household. */
export const wallWishSchema = z.object({
  id: z.uuid(),
  residentName: z.string().nullable(),
  villageName: z.string().nullable(),
  category: z.enum(wishCategories),
  content: z.string(),
  status: z.enum(wallStatuses),
  claimantUnitName: z.string().nullable(),
  publishedAt: z.string(),
});
export type WallWish = z.infer<typeof wallWishSchema>;

export const wishWallSchema = listSchema(wallWishSchema).extend({
  countyName: z.string(),
  drive: z.object({ id: z.uuid(), name: z.string(), targetCount: z.number().int() }).nullable(),
  counts: z.object({ published: z.number().int(), claimed: z.number().int(), fulfilled: z.number().int() }),
});
export type WishWall = z.infer<typeof wishWallSchema>;
