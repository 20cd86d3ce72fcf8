import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { WebhookEventKind } from '../../../shared/webhooks.js';
import { regions } from './regions.js';

/**
 * Systems a county connects (a 12345 hotline bridge, a data centre) that hear of its case events as signed JSON
 * POSTs. The secret signs every delivery, so it is kept as given; it is shown once, when made.
 */
export const webhookSubscriptions = pgTable(
  'webhook_subscriptions',
  {
    id: uuid('id').primaryKey(),
    countyId: uuid('county_id')
      .notNull()
      .references(() => regions.id),
    url: text('url').notNull(),
    secret: text('secret').notNull(),
    kinds: text('kinds').array().$type<WebhookEventKind[]>().notNull(),
    isActive: boolean('is_active').notNull().default(true),
    /** Case events up to this time have been queued; the next scan looks a little further back for late commits. */
    scannedUntil: timestamp('scanned_until', { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('webhook_subscriptions_county').on(table.countyId, table.createdAt)],
);

/** One case event for one subscription, retried with growing pauses until the receiver takes it. */
export const webhookEventDeliveries = pgTable(
  'webhook_event_deliveries',
  {
    id: uuid('id').primaryKey(),
    subscriptionId: uuid('subscription_id')
      .notNull()
      .references(() => webhookSubscriptions.id, { onDelete: 'cascade' }),
    countyId: uuid('county_id').notNull(),
    eventId: uuid('event_id').notNull(),
    caseId: uuid('case_id').notNull(),
    kind: text('kind').$type<WebhookEventKind>().notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    failedAt: timestamp('failed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('webhook_event_deliveries_event').on(table.subscriptionId, table.eventId),
    index('webhook_event_deliveries_log').on(table.subscriptionId, table.createdAt),
    index('webhook_event_deliveries_due')
      .on(table.nextAttemptAt)
      .where(sql`${table.deliveredAt} is null and ${table.failedAt} is null`),
  ],
);
