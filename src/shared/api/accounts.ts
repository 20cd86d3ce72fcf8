import { z } from 'zod';
import { roles } from '../policy.js';
import { changeOf, listSchema } from './common.js';
import { password, username } from './credentials.js';
import { staffDetails } from './staff.js';

export const accountSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(roles),
  regionId: z.uuid().nullable(),
  regionName: z.string().nullable(),
  isEnabled: z.boolean(),
  lastSignInAt: z.string().nullable(),
  createdAt: z.string(),
  /** The person in the grid who signs in with this account (grid leaders, grid members, sunk cadres). */
  staffId: z.uuid().nullable(),
  /** Whether the account signs in with a second factor (an authenticator app). */
  hasSecondFactor: z.boolean(),
  /** The dispatching unit (派出单位) of a `unit` account, whose people it sees; null for every other role. */
  unit: z.object({ id: z.uuid(), name: z.string() }).nullable(),
});
export type Account = z.infer<typeof accountSchema>;

export const accountPageSchema = listSchema(accountSchema);

export const listAccountsQuery = z.object({
  q: z.string().trim().max(50).optional(),
  regionId: z.uuid().optional(),
  /** After the username of the last account of the page before. */
  cursor: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const displayName = z.string().trim().min(1).max(50);

export const accountIdParams = z.object({ id: z.uuid() });

export const createAccountBody = z
  .object({
    username,
    displayName,
    role: z.enum(roles),
    regionId: z.uuid().nullable(),
    password,
    /** The person of the grid who signs in with the account (grid roles), or `newStaff` to place a new one. */
    staffId: z.uuid().optional(),
    newStaff: staffDetails.optional(),
    /** The dispatching unit of a `unit` account (GET /api/v1/units), of the county it is anchored at. */
    unitId: z.uuid().optional(),
  })
  .refine((body) => body.staffId === undefined || body.newStaff === undefined, {
    message: 'Link the account to a person of the grid (staffId) or describe a new one (newStaff), not both.',
    params: { zh: '账号关联网格中已有人员（staffId）或新建人员（newStaff），二者只能选一。' },
  });
export type AccountInput = z.input<typeof createAccountBody>;

export const updateAccountBody = changeOf({
  displayName,
  role: z.enum(roles),
  regionId: z.uuid().nullable(),
  isEnabled: z.boolean(),
  unitId: z.uuid(),
});
export type AccountChanges = z.input<typeof updateAccountBody>;

export const resetPasswordBody = z.object({ password });
