import { boolean, index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { EmploymentType, StaffKind } from '../../../shared/staff.js';
import { accounts } from './accounts.js';
import { regions } from './regions.js';

/**
 * The named people of a grid and their duties (定人、定格、定职责). Grows with the population: keyed by county.
 * A person who signs in is linked to their account, one person per account.
 */
export const gridStaff = pgTable(
  'grid_staff',
  {
    countyId: uuid('county_id').notNull(),
    id: uuid('id').notNull(),
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id),
    kind: text('kind').$type<StaffKind>().notNull(),
    name: text('name').notNull(),
    phone: text('phone'),
    employment: text('employment').$type<EmploymentType>(),
    dispatchingUnit: text('dispatching_unit'),
    duties: text('duties').notNull().default(''),
    isPartyMember: boolean('is_party_member').notNull().default(false),
    accountId: uuid('account_id').references(() => accounts.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.id] }),
    index('grid_staff_region').on(table.countyId, table.regionId, table.kind),
    uniqueIndex('grid_staff_account').on(table.countyId, table.accountId),
  ],
);
