import type { VisibleEntityType } from '../../../shared/audit.js';
import type { Database, Executor } from '../../db/client.js';
import type { Actor, RequestOrigin } from '../../auth/actor.js';
import { assertCan } from '../../auth/actor.js';
import { toPage } from '../../http.js';
import { insertAuditEntry, listAuditEntries, type AuditEntry } from './audit.repository.js';

type Recorded = Omit<AuditEntry, 'actorId' | 'actorUsername' | 'address' | 'userAgent'>;

/** Records what an actor (or an anonymous request) did; the log is append-only. */
export async function recordAudit(db: Executor, who: Actor | RequestOrigin, entry: Recorded): Promise<void> {
  const actor = 'id' in who ? who : undefined;
  await insertAuditEntry(db, {
    countyId: actor?.countyId,
    regionCode: actor?.regionCode,
    ...entry,
    actorId: actor?.id,
    actorUsername: actor?.username,
    address: who.address,
    userAgent: who.userAgent,
  });
}

/** A read outside the caller's subtree: answered like a missing record, but written down. */
export function recordDenial(
  db: Executor,
  actor: Actor,
  entityType: VisibleEntityType,
  entityId: string,
): Promise<void> {
  return recordAudit(db, actor, { action: `${entityType}.read`, entityType, entityId, outcome: 'denied' });
}

export async function listAudit(
  db: Database,
  actor: Actor,
  filter: {
    action?: AuditEntry['action'];
    actorId?: string;
    entityId?: string;
    outcome?: AuditEntry['outcome'];
    cursor?: string;
    limit: number;
  },
) {
  assertCan(actor, 'audit.read');
  const rows = await listAuditEntries(db, actor, { ...filter, before: filter.cursor }, filter.limit + 1);
  const page = toPage(rows, filter.limit, (row) => row.id);
  return { items: page.items.map((row) => ({ ...row, at: row.at.toISOString() })), nextCursor: page.nextCursor };
}
