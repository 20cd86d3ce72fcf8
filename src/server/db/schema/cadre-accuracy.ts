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
import type { AccuracyResult, SampledEntityType } from '../../../shared/api/cadre-accuracy.js';
import { accounts } from './accounts.js';
import { cadres } from './cadres.js';
import { regions } from './regions.js';

/**
 * A verification sample (信息核查抽样): a share of the registry entries the active cadres of a region collected in a
 * period, drawn once by the village or town. The seed is kept, so anyone can see the draw was not repeated until a
 * favourable one came up; one sample per region and period.
 */
export const accuracySamples = pgTable(
  'accuracy_samples',
  {
    countyId: uuid('county_id').notNull(),
    id: uuid('id').notNull(),
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id),
    regionCode: text('region_code').notNull(),
    periodFrom: date('period_from').notNull(),
    periodTo: date('period_to').notNull(),
    sharePercent: integer('share_percent').notNull(),
    minimumCount: integer('minimum_count').notNull(),
    seed: text('seed').notNull(),
    drawnBy: uuid('drawn_by').references(() => accounts.id),
    drawnAt: timestamp('drawn_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.id] }),
    uniqueIndex('accuracy_samples_period').on(table.countyId, table.regionId, table.periodFrom, table.periodTo),
    index('accuracy_samples_region_code').using('btree', table.countyId, table.regionCode.op('text_pattern_ops')),
    check('accuracy_samples_period_order', sql`${table.periodFrom} <= ${table.periodTo}`),
  ],
);

/**
 * One sampled entry (a person or a household a cadre's account created or changed) and its re-check: pending until
 * a village account finds it a match or a mismatch, with the fields found wrong and a note.
 */
export const accuracyChecks = pgTable(
  'accuracy_checks',
  {
    countyId: uuid('county_id').notNull(),
    id: uuid('id').notNull(),
    sampleId: uuid('sample_id').notNull(),
    cadreId: uuid('cadre_id').notNull(),
    /** The account that collected the entry: it may not check it. */
    collectedBy: uuid('collected_by').notNull(),
    /** When the entry was last collected by that account in the period: the evaluation counts it in that period. */
    collectedAt: timestamp('collected_at', { withTimezone: true }).notNull(),
    entityType: text('entity_type').$type<SampledEntityType>().notNull(),
    entityId: uuid('entity_id').notNull(),
    regionCode: text('region_code').notNull(),
    result: text('result').$type<AccuracyResult>().notNull().default('pending'),
    wrongFields: text('wrong_fields')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    note: text('note').notNull().default(''),
    checkedBy: uuid('checked_by').references(() => accounts.id),
    checkedAt: timestamp('checked_at', { withTimezone: true }),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.id] }),
    foreignKey({
      name: 'accuracy_checks_sample_fk',
      columns: [table.countyId, table.sampleId],
      foreignColumns: [accuracySamples.countyId, accuracySamples.id],
    }),
    foreignKey({
      name: 'accuracy_checks_cadre_fk',
      columns: [table.countyId, table.cadreId],
      foreignColumns: [cadres.countyId, cadres.id],
    }),
    uniqueIndex('accuracy_checks_entry').on(
      table.countyId,
      table.sampleId,
      table.cadreId,
      table.entityType,
      table.entityId,
    ),
    index('accuracy_checks_cadre').on(table.countyId, table.cadreId, table.collectedAt),
  ],
);
