import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { regions } from './regions.js';

/**
 * The client applications (a FixMyStreet installation, a city app) allowed to post to a county's Open311 endpoint.
 * Only the SHA-256 of a key is kept: the key itself is shown once, when made.
 */
export const open311Clients = pgTable(
  'open311_clients',
  {
    id: uuid('id').primaryKey(),
    countyId: uuid('county_id')
      .notNull()
      .references(() => regions.id),
    name: text('name').notNull(),
    keyHash: text('key_hash').notNull(),
    /** The first characters of the key, so an administrator can tell keys apart without seeing them. */
    keyPrefix: text('key_prefix').notNull(),
    requestsPerMinute: integer('requests_per_minute').notNull().default(60),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (table) => [
    uniqueIndex('open311_clients_key').on(table.keyHash),
    index('open311_clients_county')
      .on(table.countyId, table.createdAt)
      .where(sql`${table.revokedAt} is null`),
  ],
);
