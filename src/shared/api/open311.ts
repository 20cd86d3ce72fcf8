import { z } from 'zod';

/** A client application allowed to post to the county's Open311 endpoint; its key is never shown again. */
export const open311ClientSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  /** The key's first characters, to tell keys apart. */
  keyPrefix: z.string(),
  requestsPerMinute: z.number().int(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});
export type Open311Client = z.infer<typeof open311ClientSchema>;

export const open311ClientListSchema = z.object({
  /** What a FixMyStreet administrator enters: the endpoint (with its trailing slash) and the jurisdiction. */
  endpointPath: z.string(),
  jurisdictionId: z.string(),
  items: z.array(open311ClientSchema),
});
export type Open311ClientList = z.infer<typeof open311ClientListSchema>;

export const open311ClientBody = z.object({
  name: z.string().trim().min(1).max(100),
  requestsPerMinute: z.number().int().min(1).max(6000).default(60),
});
export type Open311ClientInput = z.input<typeof open311ClientBody>;

/** A client just added, with its key: shown this once. */
export const createdOpen311ClientSchema = z.object({ id: z.uuid(), name: z.string(), key: z.string() });
export type CreatedOpen311Client = z.infer<typeof createdOpen311ClientSchema>;

export const open311ClientParams = z.object({ id: z.uuid() });
