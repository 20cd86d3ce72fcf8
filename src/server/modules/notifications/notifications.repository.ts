import { and, asc, count, desc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { builtOnce, unnamed } from '../../db/built-once.js';
import type { Executor } from '../../db/client.js';
import { notifications, webhookDeliveries } from '../../db/schema/index.js';

export async function insertNotifications(db: Executor, rows: (typeof notifications.$inferInsert)[]) {
  await db.insert(notifications).values(rows);
}

export async function insertDeliveries(db: Executor, rows: (typeof webhookDeliveries.$inferInsert)[]) {
  await db.insert(webhookDeliveries).values(rows);
}

/**
 * An account's notifications, newest first; the cursor is the id of the last one of the previous page. Each row
 * carries how many of the account's notifications are unread (counted once for the statement): the bell needs both,
 * and one statement costs the server less than two. Built once per database and whether a cursor is given: the bell
 * is a tenth of issue 9's morning mix.
 */
export function listNotifications(db: Executor, accountId: string, after: string | undefined, limit: number) {
  const query = builtOnce(db, `notifications:${after !== undefined}`, () => {
    const account = sql.placeholder('accountId');
    const before = after
      ? sql`(${notifications.createdAt}, ${notifications.id}) < (select created_at, id from notifications where id = ${sql.placeholder('after')} and account_id = ${account})`
      : undefined;
    return db
      .select({
        id: notifications.id,
        caseId: notifications.caseId,
        kind: notifications.kind,
        params: notifications.params,
        createdAt: notifications.createdAt,
        readAt: notifications.readAt,
        unread: sql<number>`(select count(*)::int from notifications as unread
          where unread.account_id = ${account} and unread.read_at is null)`,
      })
      .from(notifications)
      .where(and(eq(notifications.accountId, account), before))
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(sql.placeholder('limit'))
      .prepare(unnamed);
  });
  return query.execute({ accountId, after, limit });
}

export async function countUnread(db: Executor, accountId: string): Promise<number> {
  const [row] = await db
    .select({ unread: count() })
    .from(notifications)
    .where(and(eq(notifications.accountId, accountId), isNull(notifications.readAt)));
  return row?.unread ?? 0;
}

/** How many of these notifications belong to the account. */
export async function countOwned(db: Executor, accountId: string, ids: readonly string[]): Promise<number> {
  const [row] = await db
    .select({ owned: count() })
    .from(notifications)
    .where(and(eq(notifications.accountId, accountId), inArray(notifications.id, [...ids])));
  return row?.owned ?? 0;
}

/** Marks the account's unread notifications read: the given ones, or all of them. */
export async function markRead(db: Executor, accountId: string, ids: readonly string[] | 'all') {
  await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(
      and(
        eq(notifications.accountId, accountId),
        isNull(notifications.readAt),
        ids === 'all' ? undefined : inArray(notifications.id, [...ids]),
      ),
    );
}

export type WebhookDelivery = Awaited<ReturnType<typeof claimDueDeliveries>>[number];

/**
 * Takes up to `limit` due robot messages for this worker: counts the attempt and moves their next attempt past
 * the lease, so another instance takes them only if this one died while sending. Locked rows are skipped, not
 * waited for.
 */
export function claimDueDeliveries(db: Executor, limit: number, leaseSeconds: number) {
  const due = db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(
      and(
        lte(webhookDeliveries.nextAttemptAt, sql`now()`),
        isNull(webhookDeliveries.deliveredAt),
        isNull(webhookDeliveries.failedAt),
      ),
    )
    .orderBy(asc(webhookDeliveries.nextAttemptAt))
    .limit(limit)
    .for('update', { skipLocked: true });
  return db
    .update(webhookDeliveries)
    .set({
      attempts: sql`${webhookDeliveries.attempts} + 1`,
      nextAttemptAt: sql`now() + make_interval(secs => ${leaseSeconds})`,
    })
    .where(inArray(webhookDeliveries.id, due))
    .returning({
      id: webhookDeliveries.id,
      countyId: webhookDeliveries.countyId,
      url: webhookDeliveries.url,
      kind: webhookDeliveries.kind,
      params: webhookDeliveries.params,
      attempts: webhookDeliveries.attempts,
    });
}

export async function recordDelivered(db: Executor, id: string) {
  await db
    .update(webhookDeliveries)
    .set({ deliveredAt: sql`now()`, lastError: null })
    .where(eq(webhookDeliveries.id, id));
}

/** A failed attempt: tried again after `retrySeconds`, or given up on. */
export async function recordFailure(
  db: Executor,
  id: string,
  failure: { error: string; retrySeconds: number; isFinal: boolean },
) {
  await db
    .update(webhookDeliveries)
    .set({
      lastError: failure.error,
      nextAttemptAt: sql`now() + make_interval(secs => ${failure.retrySeconds})`,
      failedAt: failure.isFinal ? sql`now()` : null,
    })
    .where(eq(webhookDeliveries.id, id));
}

/**
 * Forgets what is settled: notifications read more than 90 days ago and robot messages delivered or given up more
 * than 30 days ago (the case's timeline keeps what happened). Answers how many of each went.
 */
export async function pruneSettled(db: Executor) {
  const readLongAgo = await db
    .delete(notifications)
    .where(lt(notifications.readAt, sql`now() - interval '90 days'`))
    .returning({ id: notifications.id });
  const settledLongAgo = await db
    .delete(webhookDeliveries)
    .where(
      or(
        lt(webhookDeliveries.deliveredAt, sql`now() - interval '30 days'`),
        lt(webhookDeliveries.failedAt, sql`now() - interval '30 days'`),
      ),
    )
    .returning({ id: webhookDeliveries.id });
  return { notifications: readLongAgo.length, robotMessages: settledLongAgo.length };
}
