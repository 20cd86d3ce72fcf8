import { sql } from 'drizzle-orm';
import {
  boolean,
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
import type { ContactKind, HelpedSide, HelperSide, PairingStatus } from '../../../shared/pairings.js';
import { accounts } from './accounts.js';
import { regions } from './regions.js';
import { units } from './units.js';
import { visits } from './visits.js';

/** A county's own pairing kinds, and its names, frequencies and retirements of the default ones. */
export const pairingKinds = pgTable(
  'pairing_kinds',
  {
    countyId: uuid('county_id')
      .notNull()
      .references(() => regions.id),
    code: text('code').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    helperSide: text('helper_side').$type<HelperSide>().notNull(),
    helpedSide: text('helped_side').$type<HelpedSide>().notNull(),
    isOneToOne: boolean('is_one_to_one').notNull(),
    contactEveryDays: integer('contact_every_days').notNull(),
    isActive: boolean('is_active').notNull().default(true),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.countyId, table.code] })],
);

/**
 * Pairings (结对), keyed by county. `regionCode` is the code of where the helped side is (the grid of a resident,
 * household or place; the community or village itself), so scope is a prefix condition. The helper is one of a
 * staff record, a registry person (a party member) or a unit, named as it was when paired (`helperName`); residents
 * and staff may be removed from the registry later, the pairing's history stays.
 */
export const pairings = pgTable(
  'pairings',
  {
    countyId: uuid('county_id').notNull(),
    id: uuid('id').notNull(),
    kind: text('kind').notNull(),
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id),
    regionCode: text('region_code').notNull(),
    helperSide: text('helper_side').$type<HelperSide>().notNull(),
    helperStaffId: uuid('helper_staff_id'),
    helperPersonId: uuid('helper_person_id'),
    helperUnitId: uuid('helper_unit_id'),
    helperName: text('helper_name').notNull(),
    helpedSide: text('helped_side').$type<HelpedSide>().notNull(),
    /** The helped person, household, region or place, as `helpedSide` says. */
    helpedId: uuid('helped_id').notNull(),
    /** Copied from the kind when paired: the one-to-one rule below holds for the pairings made under it. */
    isOneToOne: boolean('is_one_to_one').notNull(),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on'),
    contactEveryDays: integer('contact_every_days').notNull(),
    status: text('status').$type<PairingStatus>().notNull().default('active'),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    endReason: text('end_reason'),
    /** The latest contact's date (China date), kept with each contact: the overdue list reads it off an index. */
    lastContactOn: date('last_contact_on'),
    /** The due day the helper and the village were last told was missed: told once each time a contact is late. */
    overdueToldFor: date('overdue_told_for'),
    note: text('note').notNull().default(''),
    createdBy: uuid('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Sent back with a change: a change made in between answers 409 pairing_changed. */
    version: integer('version').notNull().default(1),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.id] }),
    foreignKey({
      name: 'pairings_helper_unit_fk',
      columns: [table.countyId, table.helperUnitId],
      foreignColumns: [units.countyId, units.id],
    }),
    check(
      'pairings_one_helper',
      sql`(${table.helperStaffId} is not null)::int + (${table.helperPersonId} is not null)::int + (${table.helperUnitId} is not null)::int = 1`,
    ),
    check('pairings_period', sql`${table.endsOn} is null or ${table.startsOn} <= ${table.endsOn}`),
    check('pairings_frequency', sql`${table.contactEveryDays} between 1 and 366`),
    // A student has at most one active "parent": two pairings racing for the same helped side, one wins.
    uniqueIndex('pairings_one_to_one')
      .on(table.countyId, table.kind, table.helpedId)
      .where(sql`${table.status} = 'active' and ${table.isOneToOne}`),
    index('pairings_region_code').using('btree', table.countyId, table.regionCode.op('text_pattern_ops'), table.kind),
    index('pairings_helped').on(table.countyId, table.helpedId),
    index('pairings_helper_staff').on(table.countyId, table.helperStaffId),
  ],
);

/**
 * Contacts made under a pairing: a visit (optionally the visits module's record of it), help given, a call. What
 * the figures count, and what keeps a pairing off the overdue list.
 */
export const pairingContacts = pgTable(
  'pairing_contacts',
  {
    countyId: uuid('county_id').notNull(),
    id: uuid('id').notNull(),
    pairingId: uuid('pairing_id').notNull(),
    contactedOn: date('contacted_on').notNull(),
    kind: text('kind').$type<ContactKind>().notNull(),
    /** The visit of the visits module this contact was, when it was recorded there. */
    visitId: uuid('visit_id'),
    note: text('note').notNull().default(''),
    /** What help was given (money, goods, tutoring …); empty when none. */
    helpGiven: text('help_given').notNull().default(''),
    recordedBy: uuid('recorded_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.id] }),
    foreignKey({
      name: 'pairing_contacts_pairing_fk',
      columns: [table.countyId, table.pairingId],
      foreignColumns: [pairings.countyId, pairings.id],
    }),
    foreignKey({
      name: 'pairing_contacts_visit_fk',
      columns: [table.countyId, table.visitId],
      foreignColumns: [visits.countyId, visits.id],
    }),
    index('pairing_contacts_pairing').on(table.countyId, table.pairingId, table.contactedOn),
  ],
);
