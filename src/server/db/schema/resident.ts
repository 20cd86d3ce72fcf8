import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts.js';

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

/**
 * A resident's account (role `resident`), made at their first sign-in and found by their phone. When the phone is a
 * registry person's, the account is linked to them (`countyId`, `personId`) and its region is their household's grid;
 * otherwise the resident is a guest with no grid, who reports in whichever grid the problem is.
 */
export const residentAccounts = pgTable('resident_accounts', {
  accountId: uuid('account_id')
    .primaryKey()
    .references(() => accounts.id, { onDelete: 'cascade' }),
  phone: text('phone').notNull().unique(),
  countyId: uuid('county_id'),
  personId: uuid('person_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
