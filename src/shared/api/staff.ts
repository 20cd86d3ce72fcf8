import { z } from 'zod';
import { isValidPhone, normalizePhone } from '../phone.js';
import { employmentTypes, staffKinds } from '../staff.js';
import { password, username } from './credentials.js';
import { changeOf, listCursor, listSchema } from './common.js';

export const phoneSchema = z
  .string()
  .transform(normalizePhone)
  .refine(isValidPhone, {
    message: 'Enter an 11-digit mobile number or a landline with its area code.',
    params: { zh: '请填写 11 位手机号，或带区号的固定电话。' },
  });

export const staffSchema = z.object({
  id: z.uuid(),
  regionId: z.uuid(),
  regionName: z.string(),
  kind: z.enum(staffKinds),
  name: z.string(),
  phone: z.string().nullable(),
  isPhoneMasked: z.boolean(),
  employment: z.enum(employmentTypes).nullable(),
  dispatchingUnit: z.string().nullable(),
  duties: z.string(),
  isPartyMember: z.boolean(),
  /** The account this person signs in with, if any. */
  accountId: z.uuid().nullable(),
  accountUsername: z.string().nullable(),
});
export type Staff = z.infer<typeof staffSchema>;

export const staffPageSchema = listSchema(staffSchema);

const details = {
  phone: phoneSchema.nullable(),
  employment: z.enum(employmentTypes).nullable(),
  dispatchingUnit: z.string().trim().min(1).max(100).nullable(),
  duties: z.string().trim().max(1000),
  isPartyMember: z.boolean(),
};

/** A person's details besides their place (grid, position) and name: what an account's form may add. */
export const staffDetails = z.object(details).partial();

/** The account to create for a person: its role follows the position, its region is the person's grid. */
const newAccount = z.object({ username, password });

const fields = {
  regionId: z.uuid(),
  kind: z.enum(staffKinds),
  name: z.string().trim().min(1).max(50),
  ...details,
  newAccount,
};

const oneAccount = (body: { accountId?: string | null | undefined; newAccount?: unknown }) =>
  body.accountId == null || body.newAccount === undefined;
const oneAccountMessage = {
  message: 'Link an existing account (accountId) or create one (newAccount), not both.',
  params: { zh: '关联已有账号（accountId）或新建账号（newAccount），二者只能选一。' },
};

export const createStaffBody = z
  .object({ ...fields, accountId: z.uuid() })
  .partial()
  .required({ regionId: true, kind: true, name: true })
  .refine(oneAccount, oneAccountMessage);
export type StaffInput = z.input<typeof createStaffBody>;

/** `accountId: null` unlinks the person's account (the account itself stays). */
export const updateStaffBody = changeOf({ ...fields, accountId: z.uuid().nullable() }).refine(
  oneAccount,
  oneAccountMessage,
);
export type StaffChanges = z.input<typeof updateStaffBody>;

export const deleteStaffQuery = z.object({ disableAccount: z.stringbool().default(false) });

export const staffIdParams = z.object({ id: z.uuid() });

export const listStaffQuery = z.object({
  regionId: z.uuid().optional(),
  kind: z.enum(staffKinds).optional(),
  /** After the region code and id of the last person of the page before. */
  cursor: listCursor(z.string().regex(/^\d+$/)).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
