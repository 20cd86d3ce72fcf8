import { customType, index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';

/** A PostgreSQL `datemultirange` (PostgreSQL 14+), read as its text form ({[2026-01-03,2026-01-04)}). */
const dateMultirange = customType<{ data: string }>({ dataType: () => 'datemultirange' });

/**
 * Precomputed for visit coverage (入户率): one row per household (migration 0025; an empty multirange until its first
 * visit), with the China dates it was visited on. Households and "visited between two dates" are then one scan of
 * this narrow table, one overlap test per household, instead of a distinct count over a year of visits (about a
 * million rows in a county). Kept by triggers (migrations 0023, 0025): a household added gets its row, a visit
 * inserted, moved or deleted updates its household's days, a household moved to another grid carries its row along
 * (`regionCode` is always the household's present grid), a household deleted takes it away. Nothing else writes it.
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
