import { uuidv7 } from 'uuidv7';
import type { Executor } from '../../db/client.js';
import { notifications, webhookDeliveries } from '../../db/schema/index.js';
import { readCaseSettings } from '../cases/case-settings.js';

export type NotificationKind = 'dispatched' | 'escalated' | 'warning' | 'overdue' | 'returned' | 'reopened';

/** In-app notifications for these accounts, written with the change they report. */
export async function notifyAccounts(
  db: Executor,
  notice: { countyId: string; accountIds: readonly string[]; caseId: string; kind: NotificationKind; message: string },
) {
  const accountIds = [...new Set(notice.accountIds)];
  if (accountIds.length === 0) return;
  await db.insert(notifications).values(
    accountIds.map((accountId) => ({
      id: uuidv7(),
      accountId,
      countyId: notice.countyId,
      caseId: notice.caseId,
      kind: notice.kind,
      message: notice.message,
    })),
  );
}

/** A text message as both WeCom and DingTalk group robots take it (DingTalk's signing is added when sending). */
function robotBody(text: string) {
  return { msgtype: 'text', text: { content: text } };
}

/**
 * Queues a message for the county's group robots. Written in the caller's transaction and sent later by the
 * delivery worker, so a slow or broken robot never holds up a request and nothing is sent for a change undone.
 */
export async function queueRobotMessage(db: Executor, countyId: string, text: string) {
  const { webhooks } = await readCaseSettings(db, countyId);
  if (webhooks.length === 0) return;
  await db
    .insert(webhookDeliveries)
    .values(webhooks.map((webhook) => ({ id: uuidv7(), countyId, url: webhook.url, body: robotBody(text) })));
}
