import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import type { AuditAction, AuditEntityType, AuditOutcome } from '../../../shared/audit.js';
import type { Actor } from '../../auth/actor.js';
import { withinScope } from '../../auth/scope.js';
import type { Executor } from '../../db/client.js';
import { auditLog } from '../../db/schema/index.js';

export type AuditEntry = {
  countyId?: string | undefined;
  regionCode?: string | undefined;
  actorId?: string | undefined;
  actorUsername?: string | undefined;
  action: AuditAction;
  entityType?: AuditEntityType | undefined;
  entityId?: string | undefined;
  outcome: AuditOutcome;
  address?: string | undefined;
  userAgent?: string | undefined;
  details?: Record<string, unknown> | undefined;
};

export async function insertAuditEntry(db: Executor, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({ id: uuidv7(), ...entry });
}

export type AuditFilter = {
  action?: AuditAction | undefined;
  actorId?: string | undefined;
  entityId?: string | undefined;
  outcome?: AuditOutcome | undefined;
  before?: string | undefined;
};

/** Entries about the actor's subtree, newest first (ids are UUIDv7, so they sort by time). */
export async function listAuditEntries(db: Executor, actor: Actor, filter: AuditFilter, limit: number) {
  const conditions: (SQL | undefined)[] = [
    withinScope(actor, auditLog.regionCode),
    filter.action === undefined ? undefined : eq(auditLog.action, filter.action),
    filter.actorId === undefined ? undefined : eq(auditLog.actorId, filter.actorId),
    filter.entityId === undefined ? undefined : eq(auditLog.entityId, filter.entityId),
    filter.outcome === undefined ? undefined : eq(auditLog.outcome, filter.outcome),
    filter.before === undefined ? undefined : lt(auditLog.id, filter.before),
  ];
  return db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(limit);
}
