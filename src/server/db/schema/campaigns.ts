import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { ParticipantKind } from '../../../shared/campaigns.js';
import { regions } from './regions.js';

/**
 * The kinds of campaign a county added beside the defaults of `defaultCampaignKinds` (which need no row), or whose
 * names it changed.
 */
export const campaignKinds = pgTable(
  'campaign_kinds',
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
 * Campaigns (我当一天网格员, 敲门行动 …): a period, the regions they cover, and the households they aim at (a filter
 * of regions and tags, counted when asked, never stored). Their tallies are queries over the visits and cases
 * recorded under them (`campaign_id` on both), never counters. Keyed by county like every table that grows.
 */
export const campaigns = pgTable(
  'campaigns',
  {
    countyId: uuid('county_id').notNull(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    description: text('description').notNull().default(''),
    startDate: date('start_date').notNull(),
    endDate: date('end_date').notNull(),
    /** The target households: those of the campaign's regions carrying any of these tags (all when empty). */
    targetTags: text('target_tags')
      .array()
      .notNull()
      .default(sql`'{}'`),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.id] }),
    index('campaigns_period').on(table.countyId, table.endDate, table.startDate),
  ],
);

/** The regions a campaign covers, with their codes, so visibility and tallies are prefix conditions. */
export const campaignRegions = pgTable(
  'campaign_regions',
  {
    countyId: uuid('county_id').notNull(),
    campaignId: uuid('campaign_id').notNull(),
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id),
    regionCode: text('region_code').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.campaignId, table.regionId] }),
    foreignKey({
      name: 'campaign_regions_campaign_fk',
      columns: [table.countyId, table.campaignId],
      foreignColumns: [campaigns.countyId, campaigns.id],
    }).onDelete('cascade'),
    index('campaign_regions_code').using('btree', table.countyId, table.regionCode.op('text_pattern_ops')),
  ],
);

/**
 * Who takes part: a grid's staff record (named by it, its name read from it) or someone named here — a volunteer, a
 * partner unit. `attendances` are the times the organiser recorded them present beyond their visits (人次).
 */
export const campaignParticipants = pgTable(
  'campaign_participants',
  {
    countyId: uuid('county_id').notNull(),
    id: uuid('id').notNull(),
    campaignId: uuid('campaign_id').notNull(),
    kind: text('kind').$type<ParticipantKind>().notNull(),
    staffId: uuid('staff_id'),
    name: text('name').notNull(),
    organisation: text('organisation').notNull().default(''),
    attendances: integer('attendances').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.id] }),
    foreignKey({
      name: 'campaign_participants_campaign_fk',
      columns: [table.countyId, table.campaignId],
      foreignColumns: [campaigns.countyId, campaigns.id],
    }).onDelete('cascade'),
    index('campaign_participants_campaign').on(table.countyId, table.campaignId),
  ],
);

/** A campaign's tasks: a title, an optional due date, one of its participants, done or not. */
export const campaignTasks = pgTable(
  'campaign_tasks',
  {
    countyId: uuid('county_id').notNull(),
    id: uuid('id').notNull(),
    campaignId: uuid('campaign_id').notNull(),
    title: text('title').notNull(),
    dueDate: date('due_date'),
    assigneeId: uuid('assignee_id'),
    isDone: boolean('is_done').notNull().default(false),
    doneAt: timestamp('done_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.id] }),
    foreignKey({
      name: 'campaign_tasks_campaign_fk',
      columns: [table.countyId, table.campaignId],
      foreignColumns: [campaigns.countyId, campaigns.id],
    }).onDelete('cascade'),
    index('campaign_tasks_campaign').on(table.countyId, table.campaignId, table.createdAt),
  ],
);
