import { z } from 'zod';
import { auditActions, auditEntityTypes, auditOutcomes } from '../audit.js';
import { listSchema } from './common.js';

export const auditEntrySchema = z.object({
  id: z.uuid(),
  at: z.string(),
  actorId: z.uuid().nullable(),
  actorUsername: z.string().nullable(),
  action: z.enum(auditActions),
  entityType: z.enum(auditEntityTypes).nullable(),
  entityId: z.string().nullable(),
  outcome: z.enum(auditOutcomes),
  address: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const listAuditQuery = z.object({
  action: z.enum(auditActions).optional(),
  actorId: z.uuid().optional(),
  entityId: z.string().max(100).optional(),
  outcome: z.enum(auditOutcomes).optional(),
  cursor: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
/** What the console may send: the query before defaults are applied. */
export type AuditQuery = z.input<typeof listAuditQuery>;

export const auditPageSchema = listSchema(auditEntrySchema);
