import { sql } from 'drizzle-orm';
import {
  check,
  date,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { SpotCheckFindingStatus, SpotCheckOutcome, SpotCheckPhotoStage } from '../../../shared/spot-checks.js';
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
    /** The last correction: who, when and why (every one, with the fields before and after, is in the audit log). */
    correctedBy: uuid('corrected_by').references(() => accounts.id),
    correctedAt: timestamp('corrected_at', { withTimezone: true }),
    correctionReason: text('correction_reason'),
    /** Sent back with a correction: one made in between answers 409 spot_check_changed. */
    version: integer('version').notNull().default(1),
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
    // A cadre is recorded once per check: a second record answers 409 spot_check_record_exists.
    uniqueIndex('spot_check_records_check_cadre').on(table.countyId, table.spotCheckId, table.cadreId),
    index('spot_check_records_cadre').on(table.countyId, table.cadreId),
    check('spot_check_records_correction', sql`(${table.correctedAt} is null) = (${table.correctionReason} is null)`),
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
    /** The last correction of its text or deadline while open: who, when and why (each one in the audit log). */
    correctedBy: uuid('corrected_by').references(() => accounts.id),
    correctedAt: timestamp('corrected_at', { withTimezone: true }),
    correctionReason: text('correction_reason'),
    /** Sent back with a correction: one made in between answers 409 spot_check_changed. */
    version: integer('version').notNull().default(1),
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
    check('spot_check_findings_correction', sql`(${table.correctedAt} is null) = (${table.correctionReason} is null)`),
  ],
);

/**
 * Photos of a spot check: of a cadre as found (`record`), of a finding (`finding`) or of its rectification
 * (`rectification`). The bytes are in the file store, as every photo's (storage/photos.ts).
 */
export const spotCheckPhotos = pgTable(
  'spot_check_photos',
  {
    countyId: uuid('county_id').notNull(),
    id: uuid('id').notNull(),
    spotCheckId: uuid('spot_check_id').notNull(),
    stage: text('stage').$type<SpotCheckPhotoStage>().notNull(),
    recordId: uuid('record_id'),
    findingId: uuid('finding_id'),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    storageKey: text('storage_key').notNull(),
    sha256: text('sha256').notNull(),
    createdBy: uuid('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.id] }),
    foreignKey({
      name: 'spot_check_photos_check_fk',
      columns: [table.countyId, table.spotCheckId],
      foreignColumns: [spotChecks.countyId, spotChecks.id],
    }),
    foreignKey({
      name: 'spot_check_photos_record_fk',
      columns: [table.countyId, table.recordId],
      foreignColumns: [spotCheckRecords.countyId, spotCheckRecords.id],
    }),
    foreignKey({
      name: 'spot_check_photos_finding_fk',
      columns: [table.countyId, table.findingId],
      foreignColumns: [spotCheckFindings.countyId, spotCheckFindings.id],
    }),
    index('spot_check_photos_check').on(table.countyId, table.spotCheckId),
    index('spot_check_photos_created_by').on(table.createdBy, table.createdAt),
    check(
      'spot_check_photos_subject',
      sql`(${table.stage} = 'record') = (${table.recordId} is not null) and (${table.stage} = 'record') = (${table.findingId} is null)`,
    ),
  ],
);
