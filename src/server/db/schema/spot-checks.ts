import { sql } from 'drizzle-orm';
import { check, date, foreignKey, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { SpotCheckFindingStatus, SpotCheckOutcome } from '../../../shared/spot-checks.js';
import { accounts } from './accounts.js';
import { cadres } from './cadres.js';
import { regions } from './regions.js';

/**
 * Unannounced spot checks (督查抽查) of cadres sent down, planned by the county or a street for communities or grids
 * of its own. `regionCode` is the planner's region: its staff and those above see the plan; the communities and
 * cadres visited see it only from the day of the check.
 */
export const spotChecks = pgTable(
  'spot_checks',
  {
    countyId: uuid('county_id').notNull(),
    id: uuid('id').notNull(),
    regionCode: text('region_code').notNull(),
    checkOn: date('check_on').notNull(),
    title: text('title').notNull(),
    /** The inspection group's members by name. */
    inspectors: text('inspectors').array().notNull(),
    createdBy: uuid('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.id] }),
    index('spot_checks_region_code').using('btree', table.countyId, table.regionCode.op('text_pattern_ops')),
  ],
);

/** The communities and grids a spot check visits. */
export const spotCheckAreas = pgTable(
  'spot_check_areas',
  {
    countyId: uuid('county_id').notNull(),
    spotCheckId: uuid('spot_check_id').notNull(),
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id),
    regionCode: text('region_code').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.spotCheckId, table.regionId] }),
    foreignKey({
      name: 'spot_check_areas_check_fk',
      columns: [table.countyId, table.spotCheckId],
      foreignColumns: [spotChecks.countyId, spotChecks.id],
    }),
    index('spot_check_areas_region_code').using('btree', table.countyId, table.regionCode.op('text_pattern_ops')),
  ],
);

/** What the group found of one cadre: at their post or not, where, doing what. One record per cadre and check. */
export const spotCheckRecords = pgTable(
  'spot_check_records',
  {
    countyId: uuid('county_id').notNull(),
    id: uuid('id').notNull(),
    spotCheckId: uuid('spot_check_id').notNull(),
    cadreId: uuid('cadre_id').notNull(),
    outcome: text('outcome').$type<SpotCheckOutcome>().notNull(),
    place: text('place').notNull().default(''),
    activity: text('activity').notNull().default(''),
    note: text('note').notNull().default(''),
    recordedBy: uuid('recorded_by').references(() => accounts.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.id] }),
    foreignKey({
      name: 'spot_check_records_check_fk',
      columns: [table.countyId, table.spotCheckId],
      foreignColumns: [spotChecks.countyId, spotChecks.id],
    }),
    foreignKey({
      name: 'spot_check_records_cadre_fk',
      columns: [table.countyId, table.cadreId],
      foreignColumns: [cadres.countyId, cadres.id],
    }),
    index('spot_check_records_check').on(table.countyId, table.spotCheckId, table.cadreId),
    index('spot_check_records_cadre').on(table.countyId, table.cadreId),
  ],
);

/**
 * A finding of a spot check in one community or grid, to be rectified by a deadline: the community records what it
 * did (open → rectified), the planner closes it (rectified → closed).
 */
export const spotCheckFindings = pgTable(
  'spot_check_findings',
  {
    countyId: uuid('county_id').notNull(),
    id: uuid('id').notNull(),
    spotCheckId: uuid('spot_check_id').notNull(),
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id),
    regionCode: text('region_code').notNull(),
    description: text('description').notNull(),
    deadline: date('deadline').notNull(),
    status: text('status').$type<SpotCheckFindingStatus>().notNull().default('open'),
    rectificationNote: text('rectification_note'),
    rectifiedOn: date('rectified_on'),
    rectifiedBy: uuid('rectified_by').references(() => accounts.id),
    closedBy: uuid('closed_by').references(() => accounts.id),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.id] }),
    foreignKey({
      name: 'spot_check_findings_check_fk',
      columns: [table.countyId, table.spotCheckId],
      foreignColumns: [spotChecks.countyId, spotChecks.id],
    }),
    index('spot_check_findings_check').on(table.countyId, table.spotCheckId),
    index('spot_check_findings_region_code').using('btree', table.countyId, table.regionCode.op('text_pattern_ops')),
    check('spot_check_findings_rectified', sql`${table.status} = 'open' or ${table.rectifiedOn} is not null`),
  ],
);
