import type { z } from 'zod';
import type { SmsOutbox, smsOutboxQuery } from '../../shared/api/resident.js';
import { assertCan, type Actor } from '../auth/actor.js';
import type { Database } from '../db/client.js';
import { recordAudit } from '../modules/audit/audit.service.js';
import { listOutboxMessages } from './sms-outbox.repository.js';

/**
 * The console provider's messages, newest first, for administrators: a county's administrator reads those to its
 * phones (registry, residents, guests who reported there), the system administrator all. Each read is audited,
 * since the outbox holds codes that sign residents in.
 */
export async function readOutbox(
  db: Database,
  actor: Actor,
  query: z.output<typeof smsOutboxQuery>,
): Promise<SmsOutbox> {
  assertCan(actor, 'sms_outbox.read');
  const rows = await listOutboxMessages(db, actor.regionCode === undefined ? undefined : actor.countyId, query.limit);
  await recordAudit(db, actor, {
    action: 'sms_outbox.read',
    entityType: 'sms_outbox',
    outcome: 'success',
    details: { count: rows.length },
  });
  return { items: rows.map((row) => ({ ...row, sentAt: row.sentAt.toISOString() })) };
}
