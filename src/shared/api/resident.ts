import { z } from 'zod';
import { entryKinds } from '../moral-bank.js';
import { normalizePhone } from '../phone.js';
import { staffKinds } from '../staff.js';
import { residentNoticeKinds } from '../resident-notices.js';
import { claimantKinds, wishCategories, wishEventActions, wishStatuses } from '../wishes.js';
import { createWishBody } from './wishes.js';

/** The residents' channel (群众端) and the text messages it sends. */

export const smsOutboxQuery = z.object({
  /** The newest messages, at most this many. */
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const smsOutboxSchema = z.object({
  items: z.array(
    z.object({
      /** In full: the outbox stands in for the resident's phone. */
      phone: z.string(),
      text: z.string(),
      sentAt: z.string(),
    }),
  ),
});
export type SmsOutbox = z.infer<typeof smsOutboxSchema>;

/** A mainland mobile number, as residents type it (spaces, hyphens, +86 and full-width digits are dropped). */
const mobilePhoneSchema = z
  .string()
  .max(30)
  .transform(normalizePhone)
  .refine((phone) => /^1[3-9]\d{9}$/.test(phone), {
    message: 'Enter an 11-digit mobile number.',
    params: { zh: '请填写 11 位手机号。' },
  });

export const residentCodeBody = z.object({ phone: mobilePhoneSchema });

export const residentCodeSentSchema = z.object({
  /** How long the code works: 300 seconds, once. */
  expiresInSeconds: z.number().int(),
});
export type ResidentCodeSent = z.infer<typeof residentCodeSentSchema>;

export const residentSessionBody = z.object({
  phone: mobilePhoneSchema,
  /** The 6 digits of the text message. */
  code: z.string().refine((code) => /^\d{6}$/.test(code), {
    message: 'Enter the 6-digit code.',
    params: { zh: '请填写 6 位验证码。' },
  }),
});

/** A grid as a resident picks it: public names only. */
export const residentGridSchema = z.object({
  id: z.uuid(),
  /** The grid's code, which its QR poster carries (/r/?grid=<code>). */
  code: z.string(),
  name: z.string(),
  /** The village or community the grid belongs to. */
  villageName: z.string(),
  countyId: z.uuid(),
});
export type ResidentGrid = z.infer<typeof residentGridSchema>;

/** The signed-in resident as their page shows them: their own facts only. */
export const residentMeSchema = z.object({
  displayName: z.string(),
  /** Only the last 4 digits shown (*******1234): the page needs no more to tell the resident which number it is. */
  phone: z.string(),
  /** The registry person the phone matched, with their household's address; null for a guest. */
  person: z.object({ name: z.string(), householdAddress: z.string().nullable() }).nullable(),
  /** Their grid (from the registry), or null for a guest, who chooses one when reporting. */
  grid: residentGridSchema.nullable(),
  /** Whether they are texted when their case is handled or closed and their wish claimed or fulfilled. */
  smsNotices: z.boolean(),
});
export type ResidentMe = z.infer<typeof residentMeSchema>;

/** The signed-in resident's moral-bank account: the balance and the latest 50 entries that count, newest first. */
export const residentMoralBankSchema = z.object({
  balance: z.number().int(),
  entries: z.array(
    z.object({ at: z.string(), points: z.number().int(), kind: z.enum(entryKinds), reason: z.string() }),
  ),
});
export type ResidentMoralBank = z.infer<typeof residentMoralBankSchema>;

/**
 * A wish the resident makes for themselves: what and of which kind, and optionally one of the drives open in their
 * area today; the client's id makes a resend harmless.
 */
export const residentWishBody = createWishBody.pick({ id: true, category: true, content: true, driveId: true });
export type ResidentWishInput = z.input<typeof residentWishBody>;

/**
 * One of the resident's own wishes and how far it got. Who claimed it shows as the public wall shows it: the kind
 * (a party member, a cadre, a unit) and a unit's name, never a person's.
 */
export const residentWishSchema = z.object({
  id: z.uuid(),
  category: z.enum(wishCategories),
  content: z.string(),
  status: z.enum(wishStatuses),
  registeredAt: z.string(),
  rejectReason: z.string().nullable(),
  claimant: z.object({ kind: z.enum(claimantKinds), unitName: z.string().nullable() }).nullable(),
  promisedOn: z.string().nullable(),
  fulfilmentNote: z.string().nullable(),
  hasPhoto: z.boolean(),
  acknowledgement: z.string().nullable(),
  rating: z.number().int().nullable(),
  cancelReason: z.string().nullable(),
  /** Sent back with the acknowledgement: 409 wish_changed when the wish changed in between. */
  version: z.number().int(),
  /** Each step, oldest first: what was done and when (who and staff notes stay inside). */
  history: z.array(z.object({ action: z.enum(wishEventActions), status: z.enum(wishStatuses), at: z.string() })),
});
export type ResidentWish = z.infer<typeof residentWishSchema>;

export const residentWishesSchema = z.object({ items: z.array(residentWishSchema) });
export type ResidentWishes = z.infer<typeof residentWishesSchema>;

/** Grids by part of their or their village's name or by their code, or the grid at a point (the phone's location). */
export const residentGridsQuery = z
  .object({
    q: z.string().trim().min(1).max(50).optional(),
    lat: z.coerce.number().min(-90).max(90).optional(),
    lng: z.coerce.number().min(-180).max(180).optional(),
  })
  .refine((query) => query.q !== undefined || (query.lat !== undefined && query.lng !== undefined), {
    message: 'Give part of a grid’s name (q) or a point (lat and lng).',
    params: { zh: '请填写网格名称（q）或位置（lat 和 lng）。' },
  });

export const residentGridsSchema = z.object({ items: z.array(residentGridSchema) });
export type ResidentGrids = z.infer<typeof residentGridsSchema>;

/** The county's public catalogue: what a resident may report. */
export const residentCategoriesQuery = z.object({ countyId: z.uuid() });

export const residentCategoriesSchema = z.object({
  items: z.array(z.object({ code: z.string(), name: z.object({ zh: z.string(), en: z.string() }) })),
});
export type ResidentCategories = z.infer<typeof residentCategoriesSchema>;

/** A grid's 亮身份 card: who its people are and the published service phone, as its QR poster prints them. */
export const residentGridCardQuery = z.object({
  /** The grid; the resident's own when left out. */
  gridId: z.uuid().optional(),
});

export const residentGridCardSchema = z.object({
  grid: residentGridSchema,
  /** County › town › village › grid. */
  fullName: z.string(),
  /** Names by position (grid leader, members, cadres sent down …): never a personal phone. */
  people: z.array(z.object({ kind: z.enum(staffKinds), names: z.array(z.string()) })),
  /** The nearest service centre's published phone (the village's, else the town's), or null. */
  servicePhone: z.object({ name: z.string(), phone: z.string() }).nullable(),
});
export type ResidentGridCard = z.infer<typeof residentGridCardSchema>;

/** The seasonal drives (中秋微心愿 …) a resident may make their wish in: open today and reaching their grid. */
export const residentWishDrivesSchema = z.object({
  items: z.array(z.object({ id: z.uuid(), name: z.string(), endsOn: z.string() })),
});
export type ResidentWishDrives = z.infer<typeof residentWishDrivesSchema>;

/**
 * What the resident was told about their own cases and wishes, newest first (the same events as their text
 * messages): the kind, the case or wish, a case's number.
 */
export const residentNoticesSchema = z.object({
  items: z.array(
    z.object({
      id: z.uuid(),
      kind: z.enum(residentNoticeKinds),
      subjectId: z.uuid(),
      number: z.string().nullable(),
      createdAt: z.string(),
    }),
  ),
});
export type ResidentNotices = z.infer<typeof residentNoticesSchema>;

/** The resident's own settings: text messages about their cases and wishes on (the default) or off. */
export const residentSettingsSchema = z.object({ smsNotices: z.boolean() });
export type ResidentSettings = z.infer<typeof residentSettingsSchema>;
