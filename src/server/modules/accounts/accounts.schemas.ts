import { z } from 'zod';
import { roles } from '../../../shared/policy.js';
import { password, username } from '../../../shared/api/accounts.js';
import { staffDetails } from '../../../shared/api/staff.js';

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
    staffId: z.uuid().optional(),
    newStaff: staffDetails.optional(),
  })
  .refine(
    (body) => body.staffId === undefined || body.newStaff === undefined,
    'Link the account to a person of the grid (staffId) or describe a new one (newStaff), not both.',
  );

export const updateAccountBody = z
  .object({ displayName, role: z.enum(roles), regionId: z.uuid().nullable(), isEnabled: z.boolean() })
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'Send at least one field to change.');
