import { customType, date, index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';

/** A PostgreSQL `datemultirange` (PostgreSQL 14+), read as its text form ({[2026-01-03,2026-01-04)}). */
const dateMultirange = customType<{ data: string }>({ dataType: () => 'datemultirange' });

/**
 * Precomputed for visit coverage (入户率): one row per household (migration 0025; an empty multirange until its first
 * visit), with the China dates it was visited on: the visit plan reads each household's last visit from it, and the
 * coverage rollups (`grid_visit_months`, `grid_visit_days`) follow its changes. Kept by triggers (migrations 0023,
 * 0025): a household added gets its row, a visit inserted, moved or deleted updates its household's days, a household
 * moved to another grid carries its row along (`regionCode` is always the household's present grid), a household
 * deleted takes it away. Nothing else writes it.
 */
export const householdVisitDays = pgTable(
  'household_visit_days',
  {
    countyId: uuid('county_id').notNull(),
    householdId: uuid('household_id').notNull(),
    regionCode: text('region_code').notNull(),
    days: dateMultirange('days').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.householdId] }),
    index('household_visit_days_region_code').using('btree', table.countyId, table.regionCode.op('text_pattern_ops')),
  ],
);

/**
 * Visit coverage rolled up per grid and calendar month (migration 0028), so a period of whole months (a month, a
 * quarter, a year) is counted from a few rows per grid instead of every household's days. For each household and each
 * month it was visited in, one count under (its grid, that month, the latest earlier month it was visited in, or
 * -infinity for its first): the households visited in months M1..M2 are then the counts with M1 ≤ month ≤ M2 and
 * previous month < M1 — each household counted once, at its first month in the period. The row with month -infinity
 * (and previous month -infinity) counts the grid's households. Kept by a trigger on `household_visit_days` (a
 * visit added, moved or deleted, a household added, moved or deleted), which adds the household's new pairs and takes
 * away its old ones; nothing else writes it.
 */
export const gridVisitMonths = pgTable(
  'grid_visit_months',
  {
    countyId: uuid('county_id').notNull(),
    regionCode: text('region_code').notNull(),
    month: date('month').notNull(),
    previousMonth: date('previous_month').notNull(),
    households: integer('households').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.regionCode, table.month, table.previousMonth] }),
    index('grid_visit_months_region_code').using('btree', table.countyId, table.regionCode.op('text_pattern_ops')),
  ],
);

/**
 * Visit coverage per grid and China day (migration 0051), for the days of a period outside its whole months (the 1st
 * to the 20th, a week): for each household and each day it was visited on, one count under (its grid, that day, the
 * household's previous and next visited days, ±infinity when there is none). The households visited from day D1 to
 * D2 are then the counts with D1 ≤ day ≤ D2 and previous day < D1 (each household once, at its first day in the
 * period); those visited in the days before a period's first whole month and not again until its end are the counts
 * of those days with next day after the end. Kept by a trigger on `household_visit_days`, like `grid_visit_months`;
 * nothing else writes it. The second index serves a range of days under a region from the index alone.
 */
export const gridVisitDays = pgTable(
  'grid_visit_days',
  {
    countyId: uuid('county_id').notNull(),
    regionCode: text('region_code').notNull(),
    day: date('day').notNull(),
    previousDay: date('previous_day').notNull(),
    nextDay: date('next_day').notNull(),
    households: integer('households').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.regionCode, table.day, table.previousDay, table.nextDay] }),
    index('grid_visit_days_by_day').using(
      'btree',
      table.countyId,
      table.day,
      table.regionCode.op('text_pattern_ops'),
      table.previousDay,
      table.nextDay,
      table.households,
    ),
  ],
);

/**
 * The visits and person-times (人次: one per visitor of a visit) per grid and calendar month (China dates), so the
 * field figures of whole months are a few rows per grid instead of a year of visits joined with their visitors.
 * `regionCode` is the visit's own (the grid when visited), as the visits table keeps it. Follows
 * `grid_visit_day_tallies` (a trigger there adds each day's change to its month, migration 0051); nothing else writes
 * it.
 */
export const gridVisitTallies = pgTable(
  'grid_visit_tallies',
  {
    countyId: uuid('county_id').notNull(),
    regionCode: text('region_code').notNull(),
    month: date('month').notNull(),
    visits: integer('visits').notNull(),
    personTimes: integer('person_times').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.regionCode, table.month] }),
    index('grid_visit_tallies_region_code').using('btree', table.countyId, table.regionCode.op('text_pattern_ops')),
  ],
);

/**
 * The same tallies per grid and China day (migration 0051), for the days of a period outside its whole months: the
 * field figures of the 1st to the 20th are a row per grid and day instead of the visits joined with their visitors.
 * Kept by triggers on `visits` (added, re-dated, moved or deleted, with the visitors it has then) and on
 * `visit_visitors` (a visitor added or taken away from a visit that exists), in the writer's transaction; nothing else
 * writes it. The second index serves a range of days under a region from the index alone.
 */
export const gridVisitDayTallies = pgTable(
  'grid_visit_day_tallies',
  {
    countyId: uuid('county_id').notNull(),
    regionCode: text('region_code').notNull(),
    day: date('day').notNull(),
    visits: integer('visits').notNull(),
    personTimes: integer('person_times').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.regionCode, table.day] }),
    index('grid_visit_day_tallies_by_day').using(
      'btree',
      table.countyId,
      table.day,
      table.regionCode.op('text_pattern_ops'),
      table.visits,
      table.personTimes,
    ),
  ],
);
