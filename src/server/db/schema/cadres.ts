import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  doublePrecision,
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
import type { CadreKind, CadreStatus, LeaveStatus } from '../../../shared/api/cadres.js';
import { accounts } from './accounts.js';
import { regions } from './regions.js';
import { units } from './units.js';

/**
 * Cadres sent down (下沉干部) and in-service party members (在职党员) registered twice (双报到): in the community
 * where they serve and in the one where they live. `regionCode` is the code of where they serve (their grid once
 * assigned, the community before), so scope is a prefix condition. An account lets them check in on the field app.
 */
export const cadres = pgTable(
  'cadres',
  {
    countyId: uuid('county_id').notNull(),
    id: uuid('id').notNull(),
    kind: text('kind').$type<CadreKind>().notNull(),
    name: text('name').notNull(),
    phone: text('phone').notNull().default(''),
    unitId: uuid('unit_id').notNull(),
    /** The community (or village) where they serve. */
    serviceRegionId: uuid('service_region_id')
      .notNull()
      .references(() => regions.id),
    /** The community where they live, when it is in the county. */
    homeRegionId: uuid('home_region_id').references(() => regions.id),
    /** The grid of the service community they are assigned to, with their duties there. */
    gridId: uuid('grid_id').references(() => regions.id),
    regionCode: text('region_code').notNull(),
    duties: text('duties').notNull().default(''),
    accountId: uuid('account_id').references(() => accounts.id, { onDelete: 'set null' }),
    status: text('status').$type<CadreStatus>().notNull().default('active'),
    startsOn: date('starts_on').notNull(),
    endedOn: date('ended_on'),
    endReason: text('end_reason'),
    createdBy: uuid('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Sent back with a change: a change made in between answers 409 cadre_changed. */
    version: integer('version').notNull().default(1),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.id] }),
    foreignKey({
      name: 'cadres_unit_fk',
      columns: [table.countyId, table.unitId],
      foreignColumns: [units.countyId, units.id],
    }),
    index('cadres_region_code').using('btree', table.countyId, table.regionCode.op('text_pattern_ops')),
    index('cadres_unit').on(table.countyId, table.unitId),
    // One active registration per account: a check-in knows whose it is.
    uniqueIndex('cadres_active_account')
      .on(table.accountId)
      .where(sql`${table.status} = 'active' and ${table.accountId} is not null`),
  ],
);

/**
 * Check-ins on a service day (China date), at most one per cadre and day; the id is the field app's. Where the
 * cadre was is kept with whether it was inside their grid and how far from its boundary.
 */
export const cadreCheckIns = pgTable(
  'cadre_check_ins',
  {
    countyId: uuid('county_id').notNull(),
    id: uuid('id').notNull(),
    cadreId: uuid('cadre_id').notNull(),
    day: date('day').notNull(),
    checkedInAt: timestamp('checked_in_at', { withTimezone: true }).notNull(),
    latitude: doublePrecision('latitude').notNull(),
    longitude: doublePrecision('longitude').notNull(),
    /** Null when the grid has no boundary drawn: nothing to measure against. */
    insideGrid: boolean('inside_grid'),
    distanceMeters: integer('distance_meters'),
    checkedOutAt: timestamp('checked_out_at', { withTimezone: true }),
    checkOutLatitude: doublePrecision('check_out_latitude'),
    checkOutLongitude: doublePrecision('check_out_longitude'),
    createdBy: uuid('created_by').references(() => accounts.id),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.id] }),
    foreignKey({
      name: 'cadre_check_ins_cadre_fk',
      columns: [table.countyId, table.cadreId],
      foreignColumns: [cadres.countyId, cadres.id],
    }),
    uniqueIndex('cadre_check_ins_day').on(table.countyId, table.cadreId, table.day),
    // The 721 split counts the check-ins by the account that made them, as it counts every other record.
    index('cadre_check_ins_created_by').on(table.countyId, table.createdBy, table.day),
    check(
      'cadre_check_ins_out_after_in',
      sql`${table.checkedOutAt} is null or ${table.checkedOutAt} >= ${table.checkedInAt}`,
    ),
  ],
);

/** Leave from service days, asked for by or for the cadre and decided by the community. */
export const cadreLeaves = pgTable(
  'cadre_leaves',
  {
    countyId: uuid('county_id').notNull(),
    id: uuid('id').notNull(),
    cadreId: uuid('cadre_id').notNull(),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    reason: text('reason').notNull(),
    status: text('status').$type<LeaveStatus>().notNull().default('pending'),
    decidedBy: uuid('decided_by').references(() => accounts.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.id] }),
    foreignKey({
      name: 'cadre_leaves_cadre_fk',
      columns: [table.countyId, table.cadreId],
      foreignColumns: [cadres.countyId, cadres.id],
    }),
    check('cadre_leaves_period', sql`${table.startsOn} <= ${table.endsOn}`),
    index('cadre_leaves_cadre').on(table.countyId, table.cadreId, table.startsOn),
  ],
);

/**
 * Pieces of work each account recorded per China day: visits, cases reported, wishes registered or claimed,
 * moral-bank deposits, pairing contacts. What the attendance counts a check-in's day by (点卯: checked in, no work)
 * and the reports and the evaluation sum, read as a row per account and day instead of those five tables. Kept by
 * triggers on them (added, re-dated, handed to another account or deleted) in the writer's transaction; nothing
 * else writes it. A day whose work was all taken away stays with 0.
 */
export const accountWorkDays = pgTable(
  'account_work_days',
  {
    countyId: uuid('county_id').notNull(),
    accountId: uuid('account_id').notNull(),
    day: date('day').notNull(),
    work: integer('work').notNull(),
  },
  (table) => [primaryKey({ columns: [table.countyId, table.accountId, table.day] })],
);
