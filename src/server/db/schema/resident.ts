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

/**
 * The sign-in code last sent to a phone: only its SHA-256 is kept; it expires 5 minutes after it was sent and is
 * spent by its first use. A new code for the phone replaces the old one.
 */
export const residentCodes = pgTable('resident_codes', {
  phone: text('phone').primaryKey(),
  codeHash: text('code_hash').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
});
