import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { EntryKind, RulePeriod } from '../../../shared/moral-bank.js';
import { accounts } from './accounts.js';
import { regions } from './regions.js';

/** A county's choices about its moral bank: whether households of the month are ranked. */
export const moralBankSettings = pgTable('moral_bank_settings', {
  countyId: uuid('county_id')
    .primaryKey()
    .references(() => regions.id),
  rankingsEnabled: boolean('rankings_enabled').notNull().default(false),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Earning rules: an action and the most points one deposit under it gives, how many deposits a person may earn
 * under it in a period, and whether the village approves them. The county's rules (region = the county) hold in
 * every village; a village adds its own.
 */
export const moralBankRules = pgTable(
  'moral_bank_rules',
  {
    countyId: uuid('county_id').notNull(),
    id: uuid('id').notNull(),
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id),
    regionCode: text('region_code').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    points: integer('points').notNull(),
    period: text('period').$type<RulePeriod>().notNull(),
    /** Deposits one person may earn under the rule in a period; null: no limit. */
    periodLimit: integer('period_limit'),
    requiresApproval: boolean('requires_approval').notNull().default(false),
    createdBy: uuid('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.id] }),
    index('moral_bank_rules_region_code').using('btree', table.countyId, table.regionCode.op('text_pattern_ops')),
    check('moral_bank_rules_points_positive', sql`${table.points} > 0`),
    check('moral_bank_rules_limit_positive', sql`${table.periodLimit} is null or ${table.periodLimit} > 0`),
  ],
);

/** A village's reward catalogue: what points redeem, and how many are left. Stock never goes below zero. */
export const moralBankRewards = pgTable(
  'moral_bank_rewards',
  {
    countyId: uuid('county_id').notNull(),
    id: uuid('id').notNull(),
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id),
    regionCode: text('region_code').notNull(),
    name: text('name').notNull(),
    points: integer('points').notNull(),
    stock: integer('stock').notNull(),
    createdBy: uuid('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    retiredAt: timestamp('retired_at', { withTimezone: true }),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.id] }),
    index('moral_bank_rewards_region_code').using('btree', table.countyId, table.regionCode.op('text_pattern_ops')),
    check('moral_bank_rewards_points_positive', sql`${table.points} > 0`),
    check('moral_bank_rewards_stock_not_negative', sql`${table.stock} >= 0`),
  ],
);

/**
 * The ledger: append-only (a trigger refuses UPDATE and DELETE, migration 0028). Points are signed: a deposit adds,
 * a redemption takes away, a correction does either and names the entry it corrects. `regionCode` and
 * `householdId` are the person's grid and household when the entry was made: scope, statements and the households
 * of the month read them.
 */
export const moralBankEntries = pgTable(
  'moral_bank_entries',
  {
    countyId: uuid('county_id').notNull(),
    id: uuid('id').notNull(),
    personId: uuid('person_id').notNull(),
    householdId: uuid('household_id'),
    regionCode: text('region_code').notNull(),
    kind: text('kind').$type<EntryKind>().notNull(),
    points: integer('points').notNull(),
    reason: text('reason').notNull(),
    ruleId: uuid('rule_id'),
    rewardId: uuid('reward_id'),
    correctsEntryId: uuid('corrects_entry_id'),
    /** The China date of the deed (a deposit) or of the entry; rule limits count by it. */
    occurredOn: date('occurred_on').notNull(),
    /** Whether the village must approve it before it counts (decided once, from the rule, when recorded). */
    requiresApproval: boolean('requires_approval').notNull().default(false),
    recordedBy: uuid('recorded_by').references(() => accounts.id),
    recordedByName: text('recorded_by_name'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.id] }),
    index('moral_bank_entries_person').on(table.countyId, table.personId, table.recordedAt),
    index('moral_bank_entries_region_code').using(
      'btree',
      table.countyId,
      table.regionCode.op('text_pattern_ops'),
      table.recordedAt,
    ),
    index('moral_bank_entries_rule').on(table.countyId, table.ruleId, table.personId, table.occurredOn),
    check('moral_bank_entries_points_not_zero', sql`${table.points} <> 0`),
    check(
      'moral_bank_entries_sign',
      sql`(${table.kind} = 'deposit' and ${table.points} > 0) or (${table.kind} = 'redemption' and ${table.points} < 0) or ${table.kind} = 'correction'`,
    ),
  ],
);

/** The village's decision on an entry that waits for it: one per entry (the key), never changed. */
export const moralBankDecisions = pgTable(
  'moral_bank_decisions',
  {
    countyId: uuid('county_id').notNull(),
    entryId: uuid('entry_id').notNull(),
    decision: text('decision').$type<'approved' | 'refused'>().notNull(),
    reason: text('reason').notNull().default(''),
    decidedBy: uuid('decided_by').references(() => accounts.id),
    decidedByName: text('decided_by_name'),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.countyId, table.entryId] })],
);

/**
 * Each person's balance, kept in the same transaction as the entry that moves it: the CHECK makes a negative balance
 * impossible whatever the code above does, and the row is what racing redemptions lock.
 */
export const moralBankBalances = pgTable(
  'moral_bank_balances',
  {
    countyId: uuid('county_id').notNull(),
    personId: uuid('person_id').notNull(),
    balance: integer('balance').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.personId] }),
    check('moral_bank_balances_not_negative', sql`${table.balance} >= 0`),
  ],
);

/** Photos of deeds, sent ahead of their deposit (like a visit's): `entryId` is set when the deposit names them. */
export const moralBankPhotos = pgTable(
  'moral_bank_photos',
  {
    countyId: uuid('county_id').notNull(),
    id: uuid('id').notNull(),
    entryId: uuid('entry_id'),
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
    index('moral_bank_photos_entry').on(table.countyId, table.entryId),
    index('moral_bank_photos_creator').on(table.createdBy, table.createdAt),
  ],
);
