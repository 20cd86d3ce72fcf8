import { uuidv7 } from 'uuidv7';
import type { Actor } from '../../auth/actor.js';
import type { Database, Executor } from '../../db/client.js';
import { notifications, webhookDeliveries } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { toPage } from '../../http.js';
import { readCaseSettings } from '../cases/case-settings.js';
import * as repository from './notifications.repository.js';

/**
 * - awaiting: a case now waits for your step (`params.action`: accept, dispatch, start, handle, verify, close, rate,
 *   resubmit);
 * - warning, overdue: its deadline (`params.deadline`) is near or past;
 * - urged: a level above pressed for it (督办) with a new deadline;
 * - outcome: the case you reported came to an end (`params.status`: closed, merged, parked).
 * Every kind carries the case's `number` and grid (`regionName`).
 */
export type NotificationKind = 'awaiting' | 'warning' | 'overdue' | 'urged' | 'outcome';
export type NotificationParams = Record<string, string | number | null>;

/** In-app notifications for these accounts, written with the change they report. */
export async function notifyAccounts(
  db: Executor,
  notice: {
    countyId: string;
    accountIds: readonly string[];
    caseId: string;
    kind: NotificationKind;
    params: NotificationParams;
  },
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
      params: notice.params,
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

/** The caller's own notifications, newest first, with how many are unread. */
export async function listNotifications(
  db: Database,
  actor: Actor,
  query: { cursor?: string | undefined; limit: number },
) {
  const [rows, unread] = await Promise.all([
    repository.listNotifications(db, actor.id, query.cursor, query.limit + 1),
    repository.countUnread(db, actor.id),
  ]);
  const page = toPage(rows, query.limit, (row) => row.id);
  return {
    items: page.items.map((row) => ({
      ...row,
      createdAt: row.createdAt.toISOString(),
      readAt: row.readAt?.toISOString() ?? null,
    })),
    nextCursor: page.nextCursor,
    unread,
  };
}

/**
 * Marks the caller's notifications read: the ones named, or all. Naming one that is not the caller's answers 404
 * like a missing one, and marks nothing.
 */
export async function markNotificationsRead(db: Database, actor: Actor, input: { ids: string[] } | { all: true }) {
  if ('ids' in input) {
    const ids = [...new Set(input.ids)];
    if ((await repository.countOwned(db, actor.id, ids)) < ids.length) {
      throw new AppError('not_found', 'No such notification of yours.');
    }
    await repository.markRead(db, actor.id, ids);
  } else {
    await repository.markRead(db, actor.id, 'all');
  }
  return { unread: await repository.countUnread(db, actor.id) };
}
