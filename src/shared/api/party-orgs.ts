import { z } from 'zod';
import { partyOrgKinds } from '../staff.js';

export const partyOrgSchema = z.object({
  id: z.uuid(),
  parentId: z.uuid().nullable(),
  kind: z.enum(partyOrgKinds),
  name: z.string(),
  secretary: z.string().nullable(),
  memberCount: z.number().int(),
  /** The region the organisation is anchored at. */
  regionId: z.uuid(),
  /** The regions it covers (支部建在网格上), inside the anchor's subtree. */
  coveredRegionIds: z.array(z.uuid()),
});
export type PartyOrg = z.infer<typeof partyOrgSchema>;

export const partyOrgListSchema = z.object({ items: z.array(partyOrgSchema) });

export const partyOrgIdParams = z.object({ id: z.uuid() });
export const listPartyOrgsQuery = z.object({ regionId: z.uuid().optional() });

const fields = z.object({
  parentId: z.uuid().nullable(),
  kind: z.enum(partyOrgKinds),
  name: z.string().trim().min(1).max(100),
  secretary: z.string().trim().min(1).max(50).nullable(),
  memberCount: z.number().int().min(0).max(100_000),
  regionId: z.uuid(),
  coveredRegionIds: z.array(z.uuid()).max(500),
});

export const createPartyOrgBody = fields.partial().required({ kind: true, name: true, regionId: true });
export type PartyOrgInput = z.input<typeof createPartyOrgBody>;

export const updatePartyOrgBody = fields.partial();
export type PartyOrgChanges = z.input<typeof updatePartyOrgBody>;
