import { z } from 'zod';
import { listSchema, revealQuery } from './common.js';

/** Residents who signed in to the residents' page, as their area's staff administer them (群众账号). */
export const residentAccountSchema = z.object({
  id: z.uuid(),
  displayName: z.string(),
  phone: z.string().describe('Masked (138****1234) unless revealed.'),
  isPhoneMasked: z.boolean(),
  /** The grid of the registry person the phone matched; null for a guest. */
  grid: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  isRegistryPerson: z.boolean(),
  isEnabled: z.boolean(),
  lastSignInAt: z.string().nullable(),
  createdAt: z.string(),
  /** Cases the resident reported. */
  caseCount: z.number().int(),
});
export type ResidentAccount = z.infer<typeof residentAccountSchema>;

export const residentAccountPageSchema = listSchema(residentAccountSchema);

export const listResidentAccountsQuery = revealQuery.extend({
  /** Residents of this region's subtree: their grid, or for a guest a case they reported, lies in it. */
  regionId: z.uuid().optional(),
  /** Part of the name, or digits of the phone. */
  q: z.string().trim().min(1).max(50).optional(),
  isEnabled: z.stringbool().optional(),
  /** After the id of the last account of the page before (newest accounts first). */
  cursor: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListResidentAccountsQuery = z.input<typeof listResidentAccountsQuery>;

export const residentAccountIdParams = z.object({ id: z.uuid() });

export const updateResidentAccountBody = z.object({ isEnabled: z.boolean() });
