import { createHmac, randomBytes } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import type {
  CreatedWebhookSubscription,
  WebhookDeliveryList,
  WebhookEventKind,
  WebhookSubscriptionList,
} from '../../../shared/api/webhooks.js';
import { assertCan, type Actor } from '../../auth/actor.js';
import type { Database } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { inTransactionWithAudit } from '../audit/audit.service.js';
import { loadCounty } from '../cases/catalogue.service.js';
import {
  assertWebhookUrlAllowed,
  maxAttempts,
  postJson,
  retryPauseSeconds,
} from '../notifications/notifications.service.js';
import * as repository from './webhooks.repository.js';

/** Longer than any send takes, so another instance retakes a delivery only from a worker that died. */
const leaseSeconds = 60;
/** The deliveries a log shows: the latest, failures first. */
const deliveryLogLength = 200;

const missingSubscription = () =>
  new AppError('not_found', { en: 'No webhook with this id in the county.', zh: '本县没有此事件推送。' });

/** A new signing secret: 32 random bytes, shown once. */
function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/**
 * The signature a receiver recomputes: hex HMAC-SHA256, keyed with the subscription's secret, of
 * "<timestamp>.<body>" with the timestamp in Unix seconds, so a captured request cannot be replayed later.
 */
export function signatureOf(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export async function listSubscriptions(
  db: Database,
  actor: Actor,
  countyId?: string,
): Promise<WebhookSubscriptionList> {
  assertCan(actor, 'case.configure');
  const county = await loadCounty(db, actor, countyId);
  const rows = await repository.listSubscriptions(db, county.id);
  return { items: rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() })) };
}

/**
 * Subscribes an outside system to the county's case events and answers the signing secret, shown only now. The
 * URL may not point into this machine or a private network unless the installation allows it.
 */
export async function createSubscription(
  db: Database,
  actor: Actor,
  input: { url: string; kinds: WebhookEventKind[]; countyId?: string | undefined },
  options: { isPrivateAllowed: boolean },
): Promise<CreatedWebhookSubscription> {
  assertCan(actor, 'case.configure');
  const county = await loadCounty(db, actor, input.countyId);
  await assertWebhookUrlAllowed(input.url, options.isPrivateAllowed);
  const id = uuidv7();
  const secret = newSecret();
  await inTransactionWithAudit(db, actor, async (transaction) => {
    await repository.insertSubscription(transaction, {
      id,
      countyId: county.id,
      url: input.url,
      kinds: input.kinds,
      secret,
    });
    return {
      result: undefined,
      audit: {
        action: 'webhook_subscription.create',
        entityType: 'webhook_subscription',
        entityId: id,
        countyId: county.id,
        regionCode: county.code,
        outcome: 'success',
        details: { url: input.url, kinds: input.kinds },
      },
    };
  });
  const made = (await repository.findSubscription(db, county.id, id))!;
  return { ...made, createdAt: made.createdAt.toISOString(), secret };
}

/** Changes a subscription's URL, event kinds or whether it is active; its secret stays. */
export async function updateSubscription(
  db: Database,
  actor: Actor,
  id: string,
  input: { url?: string | undefined; kinds?: WebhookEventKind[] | undefined; isActive?: boolean | undefined },
  options: { countyId?: string | undefined; isPrivateAllowed: boolean },
) {
  assertCan(actor, 'case.configure');
  const county = await loadCounty(db, actor, options.countyId);
  if (input.url !== undefined) await assertWebhookUrlAllowed(input.url, options.isPrivateAllowed);
  const changes = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
  await inTransactionWithAudit(db, actor, async (transaction) => {
    if ((await repository.updateSubscription(transaction, county.id, id, changes)) === undefined) {
      throw missingSubscription();
    }
    return {
      result: undefined,
      audit: {
        action: 'webhook_subscription.update',
        entityType: 'webhook_subscription',
        entityId: id,
        countyId: county.id,
        regionCode: county.code,
        outcome: 'success',
        details: changes,
      },
    };
  });
  const changed = (await repository.findSubscription(db, county.id, id))!;
  return { ...changed, createdAt: changed.createdAt.toISOString() };
}

/** A subscription's latest deliveries, failing ones first (or only those). */
export async function listDeliveries(
  db: Database,
  actor: Actor,
  id: string,
  query: { countyId?: string | undefined; filter: 'all' | 'failed' },
): Promise<WebhookDeliveryList> {
  assertCan(actor, 'case.configure');
  const county = await loadCounty(db, actor, query.countyId);
  if ((await repository.findSubscription(db, county.id, id)) === undefined) throw missingSubscription();
  const rows = await repository.listDeliveries(db, id, query.filter === 'failed', deliveryLogLength);
  return {
    items: rows.map(({ failedAt, ...row }) => ({
      ...row,
      state: row.deliveredAt ? 'delivered' : failedAt ? 'failed' : 'pending',
      occurredAt: row.occurredAt.toISOString(),
      nextAttemptAt: row.deliveredAt || failedAt ? null : row.nextAttemptAt.toISOString(),
      deliveredAt: row.deliveredAt?.toISOString() ?? null,
    })),
  };
}

/** Sends a delivery again at the next round, with its attempts counted afresh (a receiver that was down, or lost it). */
export async function resendDelivery(db: Database, actor: Actor, id: string, countyId?: string): Promise<void> {
  assertCan(actor, 'case.configure');
  const county = await loadCounty(db, actor, countyId);
  await inTransactionWithAudit(db, actor, async (transaction) => {
    const resent = await repository.resendDelivery(transaction, county.id, id);
    if (resent === undefined) {
      throw new AppError('not_found', {
        en: 'No webhook delivery with this id in the county.',
        zh: '本县没有此推送记录。',
      });
    }
    return {
      result: undefined,
      audit: {
        action: 'webhook_delivery.resend',
        entityType: 'webhook_delivery',
        entityId: id,
        countyId: county.id,
        regionCode: county.code,
        outcome: 'success',
        details: { subscriptionId: resent.subscriptionId },
      },
    };
  });
}

export type CaseEventDeliveryCounts = {
  queued: number;
  delivered: number;
  retrying: number;
  failed: number;
  pruned: number;
};

/** The JSON a receiver gets: the event and the case's public facts, no personal data. */
function bodyOf(delivery: NonNullable<Awaited<ReturnType<typeof repository.findDeliveryToSend>>>): string {
  return JSON.stringify({
    id: delivery.eventId,
    type: delivery.kind,
    occurredAt: delivery.occurredAt.toISOString(),
    case: {
      id: delivery.caseId,
      number: delivery.number,
      status: delivery.status,
      categoryCode: delivery.categoryCode,
      regionCode: delivery.regionCode,
    },
  });
}

/**
 * Queues the case events subscriptions ask for and sends the deliveries that are due, signed, outside any request
 * and any transaction. A failed delivery is retried after the same growing pauses as group robot messages and given
 * up on after as many attempts; settled deliveries are forgotten after 30 days. Safe on several instances at once:
 * each claims its own deliveries.
 */
export async function deliverCaseEvents(
  db: Database,
  options: { isPrivateAllowed: boolean; batchSize?: number; timeoutMilliseconds?: number },
): Promise<CaseEventDeliveryCounts> {
  const batchSize = options.batchSize ?? 20;
  const sending = {
    timeoutMilliseconds: options.timeoutMilliseconds ?? 5000,
    isPrivateAllowed: options.isPrivateAllowed,
  };
  const counts: CaseEventDeliveryCounts = {
    queued: await repository.queueNewEvents(db),
    delivered: 0,
    retrying: 0,
    failed: 0,
    pruned: await repository.pruneSettledDeliveries(db),
  };
  for (;;) {
    const batch = await repository.claimDueDeliveries(db, batchSize, leaseSeconds);
    await Promise.all(
      batch.map(async ({ id, attempts }) => {
        const delivery = (await repository.findDeliveryToSend(db, id))!;
        const body = bodyOf(delivery);
        const timestamp = Math.floor(Date.now() / 1000);
        const answer = await postJson(delivery.url, body, {
          ...sending,
          headers: {
            'x-gridlink-event': delivery.kind,
            'x-gridlink-timestamp': String(timestamp),
            'x-gridlink-signature': signatureOf(delivery.secret, timestamp, body),
          },
        });
        if (answer.error === undefined) {
          await repository.recordDelivered(db, id, answer.status);
          counts.delivered += 1;
          return;
        }
        const isFinal = attempts >= maxAttempts;
        await repository.recordFailure(db, id, {
          status: answer.status,
          error: answer.error.slice(0, 500),
          retrySeconds: retryPauseSeconds(attempts),
          isFinal,
        });
        counts[isFinal ? 'failed' : 'retrying'] += 1;
      }),
    );
    if (batch.length < batchSize) return counts;
  }
}
