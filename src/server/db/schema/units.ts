import { index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { regions } from './regions.js';

/**
 * Units (单位) a county works with: partner units that pledge to communities ("1+N" 共建单位), claim micro-wishes
 * and join campaigns, and the dispatching units (派出单位) that send cadres down. One list, since the same
 * department or enterprise is usually both.
 */
export const units = pgTable(
  'units',
  {
    countyId: uuid('county_id')
      .notNull()
      .references(() => regions.id),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    /** department | enterprise | school | social_organisation | other (src/shared/units.ts). */
    kind: text('kind').notNull(),
    contactName: text('contact_name').notNull().default(''),
    contactPhone: text('contact_phone').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** A unit that no longer works with the county keeps its history and is offered no more. */
    retiredAt: timestamp('retired_at', { withTimezone: true }),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.id] }),
    index('units_county_name').on(table.countyId, table.name),
  ],
);
