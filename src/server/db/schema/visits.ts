import { sql } from 'drizzle-orm';
import {
  check,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { NeedStatus } from '../../../shared/visits.js';
import { accounts } from './accounts.js';
import { regions } from './regions.js';

/**
 * Household visits (入户走访), keyed by county like cases. The id is the client's UUIDv7, so a phone that sends the
 * same visit twice (an offline queue retrying) records it once. `regionCode` is the code of the grid of the household
 * or place when visited: scope is a prefix condition, as for cases.
 */
export const visits = pgTable(
  'visits',
  {
    countyId: uuid('county_id').notNull(),
    id: uuid('id').notNull(),
    householdId: uuid('household_id'),
    placeId: uuid('place_id'),
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id),
    regionCode: text('region_code').notNull(),
    visitedAt: timestamp('visited_at', { withTimezone: true }).notNull(),
    /** A code from the county's list of visit purposes. */
    purpose: text('purpose').notNull(),
    findings: text('findings').notNull().default(''),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    /** The campaign (敲门行动, 我当一天网格员…) the visit was made for; its table and foreign key come with campaigns. */
    campaignId: uuid('campaign_id'),
    /** The case reported from this visit, if any. */
    caseId: uuid('case_id'),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.id] }),
    check('visits_household_or_place', sql`(${table.householdId} is null) <> (${table.placeId} is null)`),
    index('visits_region_code').using(
      'btree',
      table.countyId,
      table.regionCode.op('text_pattern_ops'),
      table.visitedAt.desc(),
    ),
    index('visits_visited').on(table.countyId, table.visitedAt.desc(), table.id),
    index('visits_household')
      .on(table.countyId, table.householdId, table.visitedAt.desc())
      .where(sql`${table.householdId} is not null`),
    index('visits_place')
      .on(table.countyId, table.placeId, table.visitedAt.desc())
      .where(sql`${table.placeId} is not null`),
    // The places visited under a region in a period (the field figures): the place visits alone, by region code.
    index('visits_place_region_code')
      .using('btree', table.countyId, table.regionCode.op('text_pattern_ops'), table.visitedAt)
      .where(sql`${table.placeId} is not null`),
    // The visits an account recorded in a period: a cadre's work on a service day, their evaluation, the reports.
    index('visits_recorded_by').on(table.countyId, table.recordedBy, table.visitedAt),
    index('visits_campaign')
      .on(table.countyId, table.campaignId)
      .where(sql`${table.campaignId} is not null`),
  ],
);

/** Who made a visit: grid staff records (grid members, cadres sent down), one or more. */
export const visitVisitors = pgTable(
  'visit_visitors',
  {
    countyId: uuid('county_id').notNull(),
    visitId: uuid('visit_id').notNull(),
    staffId: uuid('staff_id').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.visitId, table.staffId] }),
    // A staff member's visits (figures of a cadre's field work).
    index('visit_visitors_staff').on(table.countyId, table.staffId),
  ],
);

/** The people met on a visit. */
export const visitPersons = pgTable(
  'visit_persons',
  {
    countyId: uuid('county_id').notNull(),
    visitId: uuid('visit_id').notNull(),
    personId: uuid('person_id').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.visitId, table.personId] }),
    index('visit_persons_person').on(table.countyId, table.personId),
  ],
);

/**
 * Photos of a visit: the bytes in the file store under `storage_key`, their SHA-256 here (as for case photos). A phone
 * sends its photos first and the visit after, naming them: until then `visit_id` is null and the photo is its sender's
 * pending upload (cleared after a day if no visit names it).
 */
export const visitPhotos = pgTable(
  'visit_photos',
  {
    countyId: uuid('county_id').notNull(),
    id: uuid('id').notNull(),
    visitId: uuid('visit_id'),
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
    index('visit_photos_visit').on(table.countyId, table.visitId),
    // Each account's recent uploads (its rate limit) and the pending ones to clear.
    index('visit_photos_creator').on(table.createdBy, table.createdAt),
  ],
);

/** A household's needs (需求清单): found on a visit or registered otherwise; issue 12 extends them. */
export const householdNeeds = pgTable(
  'household_needs',
  {
    countyId: uuid('county_id').notNull(),
    id: uuid('id').notNull(),
    householdId: uuid('household_id').notNull(),
    regionCode: text('region_code').notNull(),
    kind: text('kind').notNull(),
    description: text('description').notNull(),
    status: text('status').$type<NeedStatus>().notNull().default('open'),
    sourceVisitId: uuid('source_visit_id'),
    createdBy: uuid('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.id] }),
    check('household_needs_status', sql`${table.status} in ('open', 'met', 'closed')`),
    index('household_needs_household').on(table.countyId, table.householdId, table.createdAt),
    index('household_needs_region_code').using(
      'btree',
      table.countyId,
      table.regionCode.op('text_pattern_ops'),
      table.status,
    ),
    index('household_needs_visit')
      .on(table.countyId, table.sourceVisitId)
      .where(sql`${table.sourceVisitId} is not null`),
  ],
);
