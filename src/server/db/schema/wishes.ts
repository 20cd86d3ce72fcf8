import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { ClaimantKind, WishEventAction, WishStatus } from '../../../shared/wishes.js';
import { accounts } from './accounts.js';
import { regions } from './regions.js';

/**
 * Seasonal drives (中秋微心愿, 六一微心愿 …): a named batch of wishes of a region with a period and a target count.
 * Keyed by county like every record that grows with the years.
 */
export const wishDrives = pgTable(
  'wish_drives',
  {
    countyId: uuid('county_id').notNull(),
    id: uuid('id').notNull(),
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id),
    regionCode: text('region_code').notNull(),
    name: text('name').notNull(),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    targetCount: integer('target_count').notNull(),
    createdBy: uuid('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.id] }),
    check('wish_drives_period', sql`${table.startsOn} <= ${table.endsOn}`),
    index('wish_drives_region_code').using(
      'btree',
      table.countyId,
      table.regionCode.op('text_pattern_ops'),
      table.startsOn,
    ),
  ],
);

/**
 * Micro-wishes (微心愿) of residents. `regionCode` is the code of the grid (or village) the resident lives in, so
 * scope is a prefix condition. The claimant is one of a staff record, a registry person or a unit, named as it was
 * when it claimed (`claimantName`), with the account to tell when the promised date passes.
 */
export const microWishes = pgTable(
  'micro_wishes',
  {
    countyId: uuid('county_id').notNull(),
    id: uuid('id').notNull(),
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id),
    regionCode: text('region_code').notNull(),
    personId: uuid('person_id').notNull(),
    householdId: uuid('household_id'),
    /** The household need (需求清单) the wish was made from; one wish per need. */
    needId: uuid('need_id'),
    driveId: uuid('drive_id'),
    category: text('category').notNull(),
    content: text('content').notNull(),
    status: text('status').$type<WishStatus>().notNull(),
    /** Who registered it: staff now, the resident themselves once they sign in (`registeredVia`). */
    registeredVia: text('registered_via').$type<'staff' | 'resident'>().notNull().default('staff'),
    registeredBy: uuid('registered_by').references(() => accounts.id),
    registeredAt: timestamp('registered_at', { withTimezone: true }).notNull(),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    rejectReason: text('reject_reason'),
    claimantKind: text('claimant_kind').$type<ClaimantKind>(),
    claimantStaffId: uuid('claimant_staff_id'),
    claimantPersonId: uuid('claimant_person_id'),
    claimantUnitId: uuid('claimant_unit_id'),
    claimantName: text('claimant_name'),
    claimantAccountId: uuid('claimant_account_id').references(() => accounts.id, { onDelete: 'set null' }),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    promisedOn: date('promised_on'),
    fulfilledAt: timestamp('fulfilled_at', { withTimezone: true }),
    fulfilmentNote: text('fulfilment_note'),
    photoKey: text('photo_key'),
    photoType: text('photo_type'),
    photoSize: integer('photo_size'),
    photoSha256: text('photo_sha256'),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    acknowledgement: text('acknowledgement'),
    rating: smallint('rating'),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    cancelReason: text('cancel_reason'),
    /** When the claimant and the village were told the promised date had passed: told once. */
    lateNotifiedAt: timestamp('late_notified_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.id] }),
    check('micro_wishes_rating', sql`${table.rating} is null or ${table.rating} between 1 and 5`),
    index('micro_wishes_region_code').using(
      'btree',
      table.countyId,
      table.regionCode.op('text_pattern_ops'),
      table.registeredAt,
    ),
    index('micro_wishes_registered').on(table.countyId, table.registeredAt, table.id),
    index('micro_wishes_status').on(table.countyId, table.status, table.promisedOn),
    index('micro_wishes_drive')
      .on(table.countyId, table.driveId)
      .where(sql`${table.driveId} is not null`),
    uniqueIndex('micro_wishes_need')
      .on(table.countyId, table.needId)
      .where(sql`${table.needId} is not null`),
  ],
);

/** A wish's history: each step taken, by whom and when; never changed afterwards. */
export const microWishEvents = pgTable(
  'micro_wish_events',
  {
    countyId: uuid('county_id').notNull(),
    id: uuid('id').notNull(),
    wishId: uuid('wish_id').notNull(),
    action: text('action').$type<WishEventAction>().notNull(),
    fromStatus: text('from_status').$type<WishStatus>(),
    toStatus: text('to_status').$type<WishStatus>().notNull(),
    note: text('note'),
    details: jsonb('details').$type<Record<string, string | number | null>>().notNull().default({}),
    actorAccountId: uuid('actor_account_id').references(() => accounts.id, { onDelete: 'set null' }),
    actorName: text('actor_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.id] }),
    index('micro_wish_events_wish').on(table.countyId, table.wishId, table.createdAt),
  ],
);
