import { boolean, foreignKey, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { CentreKind, ConsultationOutcome } from '../../../shared/service-centres.js';
import { accounts } from './accounts.js';
import { regions } from './regions.js';

/** A county's own consultation kinds, and its names and retirements of the default ones. */
export const consultationKinds = pgTable(
  'consultation_kinds',
  {
    countyId: uuid('county_id')
      .notNull()
      .references(() => regions.id),
    code: text('code').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    isActive: boolean('is_active').notNull().default(true),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.countyId, table.code] })],
);

/**
 * Party-mass service centres (党群服务中心) of towns and villages, and the talk points villages keep. `regionCode` is
 * the code of the town or village it serves, so scope is a prefix condition.
 */
export const serviceCentres = pgTable(
  'service_centres',
  {
    countyId: uuid('county_id').notNull(),
    id: uuid('id').notNull(),
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id),
    regionCode: text('region_code').notNull(),
    kind: text('kind').$type<CentreKind>().notNull(),
    name: text('name').notNull(),
    address: text('address').notNull().default(''),
    /** The published service phone of the centre, shown to residents: not personal data. */
    phone: text('phone').notNull().default(''),
    createdBy: uuid('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.id] }),
    index('service_centres_region_code').using('btree', table.countyId, table.regionCode.op('text_pattern_ops')),
  ],
);

/**
 * Consultations and matters handled at a centre: the kind (the county's list), the outcome, when, what was asked,
 * and optionally the resident of the registry who came. Never edited: the log is what happened at the desk.
 */
export const serviceConsultations = pgTable(
  'service_consultations',
  {
    countyId: uuid('county_id').notNull(),
    id: uuid('id').notNull(),
    centreId: uuid('centre_id').notNull(),
    kind: text('kind').notNull(),
    outcome: text('outcome').$type<ConsultationOutcome>().notNull(),
    happenedAt: timestamp('happened_at', { withTimezone: true }).notNull(),
    subject: text('subject').notNull(),
    personId: uuid('person_id'),
    note: text('note').notNull().default(''),
    recordedBy: uuid('recorded_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.id] }),
    foreignKey({
      name: 'service_consultations_centre_fk',
      columns: [table.countyId, table.centreId],
      foreignColumns: [serviceCentres.countyId, serviceCentres.id],
    }),
    index('service_consultations_centre').on(table.countyId, table.centreId, table.happenedAt),
    // The 721 split counts each worker's own consultations at the desk of a period.
    index('service_consultations_recorded_by').on(table.countyId, table.recordedBy, table.happenedAt),
  ],
);
