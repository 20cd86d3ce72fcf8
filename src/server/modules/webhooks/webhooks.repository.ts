import { and, asc, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { caseEvents, cases, webhookEventDeliveries, webhookSubscriptions } from '../../db/schema/index.js';

/** How far before a subscription's scan mark the next scan looks again: events written by a transaction still open. */
const lateCommitSeconds = 300;

export async function insertSubscription(db: Executor, row: typeof webhookSubscriptions.$inferInsert) {
  await db.insert(webhookSubscriptions).values(row);
}

const subscriptionColumns = {
  id: webhookSubscriptions.id,
  url: webhookSubscriptions.url,
  kinds: webhookSubscriptions.kinds,
  isActive: webhookSubscriptions.isActive,
  createdAt: webhookSubscriptions.createdAt,
  failedDeliveries: sql<number>`(select count(*)::int from webhook_event_deliveries as delivery
    where delivery.subscription_id = webhook_subscriptions.id and delivery.failed_at is not null)`,
};

export function listSubscriptions(db: Executor, countyId: string) {
  return db
    .select(subscriptionColumns)
    .from(webhookSubscriptions)
    .where(eq(webhookSubscriptions.countyId, countyId))
    .orderBy(desc(webhookSubscriptions.createdAt));
}

export async function findSubscription(db: Executor, countyId: string, id: string) {
  const [row] = await db
    .select(subscriptionColumns)
    .from(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.countyId, countyId), eq(webhookSubscriptions.id, id)));
  return row;
}

export async function updateSubscription(
  db: Executor,
  countyId: string,
  id: string,
  changes: Partial<Pick<typeof webhookSubscriptions.$inferInsert, 'url' | 'kinds' | 'isActive'>>,
) {
  const [row] = await db
    .update(webhookSubscriptions)
    .set(changes)
    .where(and(eq(webhookSubscriptions.countyId, countyId), eq(webhookSubscriptions.id, id)))
    .returning({ id: webhookSubscriptions.id });
  return row;
}

/**
 * Queues a delivery for every case event an active subscription asks for and has not had yet: events since the
 * subscription's scan mark (looking a little further back for transactions that committed late), never before the
 * subscription was made. An event is of one kind: a report is `created`, a rating `rated`, a change into `closed`
 * is `closed`, any other change of status `status_changed`. Answers how many were queued.
 */
export async function queueNewEvents(db: Executor): Promise<number> {
  const kind = sql`case
    when ${caseEvents.action} = 'report' then 'created'
    when ${caseEvents.action} = 'rate' then 'rated'
    when ${caseEvents.toStatus} = 'closed' and ${caseEvents.fromStatus} is distinct from 'closed' then 'closed'
    when ${caseEvents.fromStatus} is distinct from ${caseEvents.toStatus} then 'status_changed'
  end`;
  const queued = await db.execute(sql`
    insert into ${webhookEventDeliveries} (id, subscription_id, county_id, event_id, case_id, kind, occurred_at)
    select gen_random_uuid(), s.id, e.county_id, e.id, e.case_id, e.kind, e.at
    from ${webhookSubscriptions} s
    join lateral (
      select ${caseEvents.countyId} as county_id, ${caseEvents.id} as id, ${caseEvents.caseId} as case_id,
        ${caseEvents.at} as at, ${kind} as kind
      from ${caseEvents}
      where ${caseEvents.countyId} = s.county_id
        and ${caseEvents.at} >= s.created_at
        and ${caseEvents.at} > s.scanned_until - make_interval(secs => ${lateCommitSeconds})
    ) e on e.kind = any(s.kinds)
    where s.is_active
    on conflict (subscription_id, event_id) do nothing
    returning id`);
  await db.execute(sql`update ${webhookSubscriptions} set scanned_until = now() where is_active`);
  // Both drivers (node-postgres and PGlite) answer the returned rows in `rows`.
  return (queued as unknown as { rows: unknown[] }).rows.length;
}

export type DueDelivery = Awaited<ReturnType<typeof claimDueDeliveries>>[number];

/**
 * Takes up to `limit` due deliveries of active subscriptions for this worker: counts the attempt and moves the next
 * attempt past the lease, so another instance takes them only if this one died while sending. Locked rows are
 * skipped, not waited for.
 */
export function claimDueDeliveries(db: Executor, limit: number, leaseSeconds: number) {
  const due = db
    .select({ id: webhookEventDeliveries.id })
    .from(webhookEventDeliveries)
    .innerJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookEventDeliveries.subscriptionId))
    .where(
      and(
        sql`${webhookEventDeliveries.nextAttemptAt} <= now()`,
        isNull(webhookEventDeliveries.deliveredAt),
        isNull(webhookEventDeliveries.failedAt),
        eq(webhookSubscriptions.isActive, true),
      ),
    )
    .orderBy(asc(webhookEventDeliveries.nextAttemptAt))
    .limit(limit)
    .for('update', { of: webhookEventDeliveries, skipLocked: true });
  return db
    .update(webhookEventDeliveries)
    .set({
      attempts: sql`${webhookEventDeliveries.attempts} + 1`,
      nextAttemptAt: sql`now() + make_interval(secs => ${leaseSeconds})`,
    })
    .where(inArray(webhookEventDeliveries.id, due))
    .returning({ id: webhookEventDeliveries.id, attempts: webhookEventDeliveries.attempts });
}

/** What a delivery sends and where: the subscription's address and secret, the event and its case as it is now. */
export async function findDeliveryToSend(db: Executor, id: string) {
  const [row] = await db
    .select({
      url: webhookSubscriptions.url,
      secret: webhookSubscriptions.secret,
      eventId: webhookEventDeliveries.eventId,
      kind: webhookEventDeliveries.kind,
      occurredAt: webhookEventDeliveries.occurredAt,
      caseId: cases.id,
      number: cases.number,
      status: caseEvents.toStatus,
      categoryCode: cases.categoryCode,
      regionCode: cases.regionCode,
    })
    .from(webhookEventDeliveries)
    .innerJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookEventDeliveries.subscriptionId))
    .innerJoin(
      caseEvents,
      and(eq(caseEvents.countyId, webhookEventDeliveries.countyId), eq(caseEvents.id, webhookEventDeliveries.eventId)),
    )
    .innerJoin(
      cases,
      and(eq(cases.countyId, webhookEventDeliveries.countyId), eq(cases.id, webhookEventDeliveries.caseId)),
    )
    .where(eq(webhookEventDeliveries.id, id));
  return row;
}

export async function recordDelivered(db: Executor, id: string, status: number | null) {
  await db
    .update(webhookEventDeliveries)
    .set({ deliveredAt: sql`now()`, lastStatus: status, lastError: null })
    .where(eq(webhookEventDeliveries.id, id));
}

/** A failed attempt: tried again after `retrySeconds`, or given up on. */
export async function recordFailure(
  db: Executor,
  id: string,
  failure: { status: number | null; error: string; retrySeconds: number; isFinal: boolean },
) {
  await db
    .update(webhookEventDeliveries)
    .set({
      lastStatus: failure.status,
      lastError: failure.error,
      nextAttemptAt: sql`now() + make_interval(secs => ${failure.retrySeconds})`,
      failedAt: failure.isFinal ? sql`now()` : null,
    })
    .where(eq(webhookEventDeliveries.id, id));
}

/** A subscription's latest deliveries, the ones failing or given up on first. */
export function listDeliveries(db: Executor, subscriptionId: string, onlyFailures: boolean, limit: number) {
  const isFailing = sql`(${webhookEventDeliveries.deliveredAt} is null and ${webhookEventDeliveries.lastError} is not null)`;
  return db
    .select({
      id: webhookEventDeliveries.id,
      eventId: webhookEventDeliveries.eventId,
      caseId: webhookEventDeliveries.caseId,
      kind: webhookEventDeliveries.kind,
      occurredAt: webhookEventDeliveries.occurredAt,
      attempts: webhookEventDeliveries.attempts,
      nextAttemptAt: webhookEventDeliveries.nextAttemptAt,
      lastStatus: webhookEventDeliveries.lastStatus,
      lastError: webhookEventDeliveries.lastError,
      deliveredAt: webhookEventDeliveries.deliveredAt,
      failedAt: webhookEventDeliveries.failedAt,
    })
    .from(webhookEventDeliveries)
    .where(and(eq(webhookEventDeliveries.subscriptionId, subscriptionId), onlyFailures ? isFailing : undefined))
    .orderBy(desc(isFailing), desc(webhookEventDeliveries.createdAt))
    .limit(limit);
}

/** Sends a delivery of the county again at the next round, with a fresh count of attempts. */
export async function resendDelivery(db: Executor, countyId: string, id: string) {
  const [row] = await db
    .update(webhookEventDeliveries)
    .set({ attempts: 0, nextAttemptAt: sql`now()`, deliveredAt: null, failedAt: null })
    .where(and(eq(webhookEventDeliveries.countyId, countyId), eq(webhookEventDeliveries.id, id)))
    .returning({ id: webhookEventDeliveries.id, subscriptionId: webhookEventDeliveries.subscriptionId });
  return row;
}

/** Forgets deliveries delivered or given up more than 30 days ago (the case's timeline keeps what happened). */
export async function pruneSettledDeliveries(db: Executor): Promise<number> {
  const pruned = await db
    .delete(webhookEventDeliveries)
    .where(
      or(
        lt(webhookEventDeliveries.deliveredAt, sql`now() - interval '30 days'`),
        lt(webhookEventDeliveries.failedAt, sql`now() - interval '30 days'`),
      ),
    )
    .returning({ id: webhookEventDeliveries.id });
  return pruned.length;
}
