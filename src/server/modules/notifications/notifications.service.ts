import { uuidv7 } from 'uuidv7';
import type { NotificationKind, RobotMessage } from '../../../shared/notifications.js';
import type { Actor } from '../../auth/actor.js';
import type { Database, Executor } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { toPage } from '../../http.js';
import * as repository from './notifications.repository.js';
import { assertWebhookUrlAllowed } from './webhook-address.js';
import type { GroupRobot } from './webhook-delivery.js';

export { assertWebhookUrlAllowed } from './webhook-address.js';
export { deliverWebhooks, maxAttempts, postJson, retryPauseSeconds, type GroupRobot } from './webhook-delivery.js';

export type NotificationParams = Record<string, string | number | null>;

/** In-app notifications for these accounts, written with the change they report. */
export async function notifyAccounts(
  db: Executor,
  notice: {
    countyId: string;
    accountIds: readonly string[];
    /** The case it is about; null for a notice about another record (a micro-wish names it in `params`). */
    caseId: string | null;
    kind: NotificationKind;
    params: NotificationParams;
  },
) {
  const accountIds = [...new Set(notice.accountIds)];
  if (accountIds.length === 0) return;
  await repository.insertNotifications(
    db,
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

/**
 * Queues a message for the county's group robots. Written in the caller's transaction and sent later by the
 * delivery worker, so a slow or broken robot never holds up a request and nothing is sent for a change undone.
 */
export async function queueRobotMessage(
  db: Executor,
  countyId: string,
  robots: readonly GroupRobot[],
  message: RobotMessage,
) {
  if (robots.length === 0) return;
  await repository.insertDeliveries(
    db,
    robots.map((robot) => ({ id: uuidv7(), countyId, url: robot.url, ...message })),
  );
}

/**
 * Refuses (400 webhook_url_not_allowed) robot addresses inside this machine or a private network, unless the
 * installation allows them; delivery checks them again.
 */
export async function assertRobotsAllowed(robots: readonly GroupRobot[], isPrivateAllowed: boolean) {
  for (const robot of robots) await assertWebhookUrlAllowed(robot.url, isPrivateAllowed);
}

/**
 * Forgets what is settled: notifications read more than 90 days ago and robot messages delivered or given up more
 * than 30 days ago. Answers how many of each went.
 */
export function pruneSettled(db: Executor) {
  return repository.pruneSettled(db);
}

/** The caller's own notifications, newest first, with how many are unread. */
export async function listNotifications(
  db: Database,
  actor: Actor,
  query: { cursor?: string | undefined; limit: number },
) {
  const rows = await repository.listNotifications(db, actor.id, query.cursor, query.limit + 1);
  // No rows from the first page: the account has no notifications, none unread. A page past the end counts apart.
  const unread = rows[0]?.unread ?? (query.cursor === undefined ? 0 : await repository.countUnread(db, actor.id));
  const page = toPage(rows, query.limit, (row) => row.id);
  return {
    items: page.items.map(({ unread: _unread, ...row }) => ({
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
      throw new AppError('not_found', { en: 'No such notification of yours.', zh: '没有这条通知。' });
    }
    await repository.markRead(db, actor.id, ids);
  } else {
    await repository.markRead(db, actor.id, 'all');
  }
  return { unread: await repository.countUnread(db, actor.id) };
}
