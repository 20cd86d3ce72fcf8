import { sql } from 'drizzle-orm';
import { doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Area } from '../../../shared/geojson.js';
import type { RegionLevel } from '../../../shared/policy.js';

/**
 * The region tree (a reference table, small and shared). `code` is hierarchical — each level appends a fixed
 * number of digits to its parent's code — so a subtree is every code that starts with its root's code.
 */
export const regions = pgTable(
  'regions',
  {
    id: uuid('id').primaryKey(),
    countyId: uuid('county_id').notNull(),
    parentId: uuid('parent_id'),
    level: text('level').$type<RegionLevel>().notNull(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    /** Town or street, village or community: the word people use for this region. */
    kind: text('kind'),
    boundary: jsonb('boundary').$type<Area>(),
    minLng: doublePrecision('min_lng'),
    minLat: doublePrecision('min_lat'),
    maxLng: doublePrecision('max_lng'),
    maxLat: doublePrecision('max_lat'),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('regions_code_prefix').using('btree', table.code.op('text_pattern_ops')),
    index('regions_parent').on(table.parentId, table.sortOrder),
    index('regions_bbox')
      .on(table.minLng, table.maxLng, table.minLat, table.maxLat)
      .where(sql`${table.boundary} is not null`),
  ],
);
