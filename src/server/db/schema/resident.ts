import { sql } from 'drizzle-orm';
import { boolean, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { ResidentNoticeKind, ResidentNoticeSmsStatus } from '../../../shared/resident-notices.js';
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
  /** Whether the resident wants text messages about their cases and wishes; the notices show on their page anyway. */
  smsNotices: boolean('sms_notices').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * What a resident is told about their own case or wish, written in the transaction of the change (a change undone
 * leaves none) and texted after it commits. One per account and event (`eventKey`: the kind, the record and its
 * version before the change), so a retried change never tells twice; the text message's fate is kept with it.
 */
export const residentNotices = pgTable(
  'resident_notices',
  {
    id: uuid('id').primaryKey(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    countyId: uuid('county_id').notNull(),
    kind: text('kind').$type<ResidentNoticeKind>().notNull(),
    /** The case or the wish. */
    subjectId: uuid('subject_id').notNull(),
    /** What the message names: a case's number. Never personal data. */
    params: jsonb('params').$type<Record<string, string>>().notNull(),
    eventKey: text('event_key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    smsStatus: text('sms_status').$type<ResidentNoticeSmsStatus>().notNull(),
    smsAttemptedAt: timestamp('sms_attempted_at', { withTimezone: true }),
    /** The provider's reason when the message failed, for administrators; never shown to the resident. */
    smsError: text('sms_error'),
  },
  (table) => [
    uniqueIndex('resident_notices_event').on(table.accountId, table.eventKey),
    index('resident_notices_account').on(table.accountId, table.createdAt),
    index('resident_notices_pending')
      .on(table.subjectId)
      .where(sql`${table.smsStatus} = 'pending'`),
  ],
);
