import { sql } from 'drizzle-orm';
import {
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { CadreReportFigures, CadreReportKind, CadreReportStatus } from '../../../shared/api/cadre-reports.js';
import { accounts } from './accounts.js';
import { regions } from './regions.js';
import { units } from './units.js';

/**
 * Reports up the chain (逐级报告) on cadres sent down: a community's month, a street's quarter, a unit's year. The
 * figures are computed when the report is generated and kept as they were approved. `regionCode` is the code of its
 * region (the county for a unit's yearly report), so scope is a prefix condition and an approved report locks the
 * check-ins and leave of the cadres under it (or of the unit) in its period.
 */
export const cadreReports = pgTable(
  'cadre_reports',
  {
    countyId: uuid('county_id').notNull(),
    id: uuid('id').notNull(),
    kind: text('kind').$type<CadreReportKind>().notNull(),
    period: text('period').notNull(),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id),
    regionCode: text('region_code').notNull(),
    /** The dispatching unit of a yearly report. */
    unitId: uuid('unit_id'),
    status: text('status').$type<CadreReportStatus>().notNull().default('draft'),
    figures: jsonb('figures').$type<CadreReportFigures>().notNull(),
    comment: text('comment'),
    generatedBy: uuid('generated_by').references(() => accounts.id),
    generatedAt: timestamp('generated_at', { withTimezone: true }).notNull(),
    submittedBy: uuid('submitted_by').references(() => accounts.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    reviewedBy: uuid('reviewed_by').references(() => accounts.id),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    /** Sent back with a step: a step taken in between answers 409 cadre_report_changed. */
    version: integer('version').notNull().default(1),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.id] }),
    foreignKey({
      name: 'cadre_reports_unit_fk',
      columns: [table.countyId, table.unitId],
      foreignColumns: [units.countyId, units.id],
    }),
    // One report of a kind per region (or unit) and period: generating again refreshes it.
    uniqueIndex('cadre_reports_region_period')
      .on(table.countyId, table.kind, table.regionId, table.period)
      .where(sql`${table.unitId} is null`),
    uniqueIndex('cadre_reports_unit_period')
      .on(table.countyId, table.kind, table.unitId, table.period)
      .where(sql`${table.unitId} is not null`),
    // What a check-in or leave looks up: the approved reports of the county around its day.
    index('cadre_reports_locks')
      .on(table.countyId, table.endsOn)
      .where(sql`${table.status} = 'approved'`),
  ],
);
