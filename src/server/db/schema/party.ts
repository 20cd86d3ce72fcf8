import { index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { PartyOrgKind } from '../../../shared/staff.js';
import { regions } from './regions.js';

/**
 * The party organisation tree laid over the regions. `regionId` anchors the organisation (a town committee to its
 * town, a grid branch to its village); the regions it covers are in `party_org_regions` (a branch may cover several grids).
 */
export const partyOrgs = pgTable(
  'party_orgs',
  {
    countyId: uuid('county_id').notNull(),
    id: uuid('id').notNull(),
    parentId: uuid('parent_id'),
    kind: text('kind').$type<PartyOrgKind>().notNull(),
    name: text('name').notNull(),
    secretary: text('secretary'),
    memberCount: integer('member_count').notNull().default(0),
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.id] }),
    index('party_orgs_parent').on(table.countyId, table.parentId),
  ],
);

export const partyOrgRegions = pgTable(
  'party_org_regions',
  {
    countyId: uuid('county_id').notNull(),
    partyOrgId: uuid('party_org_id').notNull(),
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.partyOrgId, table.regionId] }),
    index('party_org_regions_region').on(table.regionId),
  ],
);
