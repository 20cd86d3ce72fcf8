import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Text messages the `console` SMS provider "sent": in a demo or a test the outbox stands in for the resident's phone,
 * so administrators read it (GET /api/v1/sms-outbox). Real providers never write here.
 */
export const smsOutbox = pgTable(
  'sms_outbox',
  {
    id: uuid('id').primaryKey(),
    phone: text('phone').notNull(),
    text: text('text').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('sms_outbox_sent_at').on(table.sentAt)],
);
