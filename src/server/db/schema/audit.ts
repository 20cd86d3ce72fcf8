import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { AuditAction, AuditEntityType, AuditOutcome } from '../../../shared/audit.js';

/**
 * Append-only: a trigger (migration 0001) refuses UPDATE and DELETE, so the application cannot rewrite history.
 * `countyId` is empty for events with no county (a failed sign-in with an unknown name, the system administrator).
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: uuid('id').primaryKey(),
    countyId: uuid('county_id'),
    /** Code of the region the record belongs to, so an auditor sees only the entries of their own subtree. */
    regionCode: text('region_code'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid('actor_id'),
    actorUsername: text('actor_username'),
    action: text('action').$type<AuditAction>().notNull(),
    entityType: text('entity_type').$type<AuditEntityType>(),
    entityId: text('entity_id'),
    outcome: text('outcome').$type<AuditOutcome>().notNull(),
    address: text('address'),
    userAgent: text('user_agent'),
    details: jsonb('details').$type<Record<string, unknown>>(),
  },
  (table) => [
    index('audit_log_at').on(table.at),
    index('audit_log_actor').on(table.actorId, table.at),
    index('audit_log_entity').on(table.entityType, table.entityId),
    index('audit_log_region').using('btree', table.regionCode.op('text_pattern_ops'), table.at),
  ],
);
