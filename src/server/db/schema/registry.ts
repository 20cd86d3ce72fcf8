import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
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
import type { LedgerProblem } from '../../../shared/api/registry-import.js';
import type { LedgerField, PlaceKind, Relation, ResidenceType, Sex } from '../../../shared/registry.js';
import { accounts } from './accounts.js';
import { regions } from './regions.js';

/**
 * Registry tables grow with the population: keyed by county. `regionCode` repeats the code of the grid the record
 * lies in, so scope is one indexed prefix condition without a join.
 */
export const households = pgTable(
  'households',
  {
    countyId: uuid('county_id').notNull(),
    id: uuid('id').notNull(),
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id),
    regionCode: text('region_code').notNull(),
    address: text('address').notNull(),
    /**
     * The address as the list sorts it, numbers as numbers (2号楼 before 10号楼, 101 before 1001): every digit run
     * padded by the database function `natural_sort_key` (migration 0012), so every writer, the import included,
     * gets it without computing it.
     */
    addressSortKey: text('address_sort_key')
      .notNull()
      .generatedAlwaysAs(sql`natural_sort_key(address)`),
    building: text('building'),
    unit: text('unit'),
    room: text('room'),
    headPersonId: uuid('head_person_id'),
    notes: text('notes').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.id] }),
    index('households_region_code').using('btree', table.countyId, table.regionCode.op('text_pattern_ops')),
    uniqueIndex('households_address').on(table.countyId, table.regionId, table.address),
  ],
);

export const persons = pgTable(
  'persons',
  {
    countyId: uuid('county_id').notNull(),
    id: uuid('id').notNull(),
    householdId: uuid('household_id'),
    relationToHead: text('relation_to_head').$type<Relation>(),
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id),
    regionCode: text('region_code').notNull(),
    name: text('name').notNull(),
    namePinyin: text('name_pinyin').notNull(),
    nameInitials: text('name_initials').notNull(),
    sex: text('sex').$type<Sex>(),
    idNumber: text('id_number'),
    phone: text('phone'),
    birthDate: date('birth_date'),
    ethnicity: text('ethnicity'),
    residenceType: text('residence_type').$type<ResidenceType>(),
    isPartyMember: boolean('is_party_member').notNull().default(false),
    notes: text('notes').notNull().default(''),
    /** Identifies a person imported without an ID number, so re-importing the same sheet adds no duplicate. */
    importKey: text('import_key'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.id] }),
    uniqueIndex('persons_id_number').on(table.countyId, table.idNumber),
    uniqueIndex('persons_import_key').on(table.countyId, table.importKey),
    index('persons_region_code').using('btree', table.countyId, table.regionCode.op('text_pattern_ops')),
    index('persons_household').on(table.countyId, table.householdId),
    // `name`, `name_pinyin` and `name_initials` have the C collation (migrations 0004, 0005): one plain index then
    // serves a prefix search and the list's order together, so a surname's or a pinyin's first page is read
    // straight off it.
    index('persons_name').on(table.countyId, table.name, table.id),
    index('persons_name_pinyin').on(table.countyId, table.namePinyin, table.id),
    index('persons_name_initials').on(table.countyId, table.nameInitials),
    // Suffix searches (the last digits of an ID number or phone) become prefix searches on the reversed text.
    index('persons_id_number_suffix').using('btree', table.countyId, sql`reverse(${table.idNumber}) text_pattern_ops`),
    index('persons_phone_suffix').using('btree', table.countyId, sql`reverse(${table.phone}) text_pattern_ops`),
  ],
);

/** The configurable list of special-group tags (a small reference table, seeded by migration). */
export const tagDefinitions = pgTable('tag_definitions', {
  code: text('code').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  /** Health, disability, minors: hidden from roles without `sensitive.read`. */
  isSensitive: boolean('is_sensitive').notNull().default(false),
  sortOrder: integer('sort_order').notNull().default(0),
});

export const personTags = pgTable(
  'person_tags',
  {
    countyId: uuid('county_id').notNull(),
    personId: uuid('person_id').notNull(),
    tagCode: text('tag_code')
      .notNull()
      .references(() => tagDefinitions.code),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.personId, table.tagCode] }),
    index('person_tags_tag').on(table.countyId, table.tagCode),
  ],
);

export const householdTags = pgTable(
  'household_tags',
  {
    countyId: uuid('county_id').notNull(),
    householdId: uuid('household_id').notNull(),
    tagCode: text('tag_code')
      .notNull()
      .references(() => tagDefinitions.code),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.householdId, table.tagCode] }),
    index('household_tags_tag').on(table.countyId, table.tagCode),
  ],
);

export const places = pgTable(
  'places',
  {
    countyId: uuid('county_id').notNull(),
    id: uuid('id').notNull(),
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id),
    regionCode: text('region_code').notNull(),
    kind: text('kind').$type<PlaceKind>().notNull(),
    name: text('name').notNull(),
    address: text('address').notNull().default(''),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    notes: text('notes').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.id] }),
    index('places_region_code').using('btree', table.countyId, table.regionCode.op('text_pattern_ops')),
  ],
);

/** One uploaded ledger: its report stays downloadable, and its hash makes a repeated upload recognisable. */
export const registryImports = pgTable(
  'registry_imports',
  {
    countyId: uuid('county_id').notNull(),
    id: uuid('id').notNull(),
    /** Who imported (like the audit log's actor: no foreign key, so the command line's operator fits too). */
    accountId: uuid('account_id'),
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id),
    fileName: text('file_name').notNull(),
    fileHash: text('file_hash').notNull(),
    totalRows: integer('total_rows').notNull(),
    importedRows: integer('imported_rows').notNull(),
    unchangedRows: integer('unchanged_rows').notNull(),
    errorRows: integer('error_rows').notNull(),
    /** Imports made before problems carried codes stored `{ row, column, problem }`, the Chinese sentence alone. */
    problems: jsonb('problems').$type<(LedgerProblem | { row: number; column: string; problem: string })[]>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.countyId, table.id] })],
);

/**
 * Ledgers waiting between their preview and their import, so the file is sent once; the file itself is in the file
 * store under `uploads/<id>`. Kept here rather than in a server's memory, they survive a restart and are found by
 * every instance.
 */
export const pendingUploads = pgTable(
  'pending_uploads',
  {
    id: uuid('id').primaryKey(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id),
    fileName: text('file_name').notNull(),
    size: integer('size').notNull(),
    /** The column mapping the last re-check used, by column index. */
    overrides: jsonb('overrides').$type<Record<number, LedgerField | null>>(),
    totalRows: integer('total_rows').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('pending_uploads_expiry').on(table.expiresAt)],
);
